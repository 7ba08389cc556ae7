"""Authorization-matrix entries of the reports app (see tests/authz.py).

Inside: the inspection report of county A1's inspection (dept_a1, team_a1) or its round; outside:
county B1's. The office (office_a) drafts and hears; the leading group (viewer_a) reads and
hears the bodies above the team but never drafts or records the team meeting. The leads report
is seen only by those who may see every lead: the office head (head_a), never office_a.
"""

from datetime import date

from tests.authz import Endpoint
from xuncha.findings.models import Finding
from xuncha.leads.models import Lead, LeadSubject
from xuncha.reports import services
from xuncha.reports.models import ApprovalStep

PUBLIC: set[str] = set()

_SIDES = {"a": ("inspection_a1", "office_a"), "b": ("inspection_b", "outsider")}


def _finding(inspection, number, title, drafter):
    return Finding.objects.create(
        inspection=inspection,
        number=number,
        title=title,
        status="confirmed",
        facts="未按规定履行集中采购程序，涉及金额18.6万元。",
        suggestion="规范采购管理",
        drafter=drafter,
    )


def _make(ns, side: str, kind: str = "inspection", *, submitted=False, more=False):
    attr, actor_name = _SIDES[side]
    inspection = getattr(ns.plans, attr)
    actor = getattr(ns.personas, actor_name)
    if not Finding.objects.filter(inspection=inspection, number=1).exists():
        _finding(inspection, 1, "政府采购管理不规范", actor)
    if kind == "leads":
        lead = Lead.objects.create(
            inspection=inspection,
            number=1,
            source_kind="petition",
            registered_by=actor,
            content="反映某副局长收受好处费",
        )
        LeadSubject.objects.create(lead=lead, name="刘某某", post="副局长")
        head = ns.personas.head_a if side == "a" else ns.personas.head_b
        report = services.create_report(
            kind="leads", round=inspection.round, inspection=inspection, actor=head
        )
    elif kind == "summary":
        report = services.create_report(kind="summary", round=inspection.round, actor=actor)
    else:
        report = services.create_report(
            kind="inspection", round=inspection.round, inspection=inspection, actor=actor
        )
        services.save_version(report, actor=actor, texts={"assessment": "总体较好。"})
    if more:  # something new for re-assembly to take in
        _finding(inspection, 2, "财务报销审核把关不严", actor)
    if submitted:
        services.submit(report, actor=actor)
        step = report.steps.get(status=ApprovalStep.Status.PENDING)
        ns.report_step = step
        ns.report_decisions = [
            {"item_id": i.pk, "use": "feedback"} for i in report.items.filter(active=True)
        ]
    return report


def _report(side: str, key: str = "pk", kind: str = "inspection", **flags):
    return lambda ns: {key: _make(ns, side, kind, **flags).pk}


def _step(side: str, key: str = "pk"):
    def build(ns):
        _make(ns, side, submitted=True)
        return {key: ns.report_step.pk}

    return build


def _download(side: str):
    return lambda ns: {"pk": _make(ns, side).pk, "fmt": "docx"}


def _inspection(attr: str, key: str = "pk"):
    def build(ns):
        inspection = getattr(ns.plans, attr)
        _finding(inspection, 1, "政府采购管理不规范", ns.personas.office_a)
        return {key: inspection.pk}

    return build


def _round(attr: str):
    return lambda ns: {"pk": getattr(ns.plans, attr).pk}


def _listed(ns):
    _make(ns, "a")
    _make(ns, "b")
    return {}


def _hearing_form(ns):
    data = {"held_on": str(date(2026, 4, 20)), "decision": "approve", "opinion": "同意"}
    for d in ns.report_decisions:
        data[f"use_{d['item_id']}"] = d["use"]
    return data


def _hearing_json(ns):
    return {
        "held_on": "2026-04-20",
        "decision": "approve",
        "opinion": "同意",
        "decisions": ns.report_decisions,
    }


_TITLE_A = "关于巡察甲一县农业农村局党组织的情况报告"
_TITLE_B = "关于巡察乙一县农业农村局党组织的情况报告"
_WRITE = {"without": "viewer_a", "ok": (302,)}

ENDPOINTS: list[Endpoint] = [
    # --- pages ---------------------------------------------------------------------------------
    Endpoint(
        "reports:home",
        inside=lambda ns: {"pk": _make(ns, "a").inspection_id},
        outside=lambda ns: {"pk": _make(ns, "b").inspection_id},
        secret_inside=_TITLE_A,
    ),
    Endpoint(
        "reports:create",
        method="POST",
        inside=_inspection("inspection_a1"),
        outside=_inspection("inspection_b"),
        data=lambda ns: {"kind": "inspection"},
        **_WRITE,
    ),
    Endpoint(
        "reports:round",
        inside=lambda ns: {"pk": _make(ns, "a", "summary").round_id},
        outside=lambda ns: {"pk": _make(ns, "b", "summary").round_id},
        secret_inside="情况的综合报告",
    ),
    Endpoint(
        "reports:create_round",
        method="POST",
        inside=_round("round_a1"),
        outside=_round("round_b"),
        data=lambda ns: {"kind": "summary"},
        **_WRITE,
    ),
    Endpoint("reports:detail", inside=_report("a"), outside=_report("b"), secret_inside=_TITLE_A),
    # The leads report: the office head reads it; office staff in scope get a 404.
    Endpoint(
        "reports:detail",
        inside=_report("a", kind="leads"),
        outside=_report("b", kind="leads"),
        allowed="head_a",
        without="office_a",
        outsider="head_b",
        secret_inside="刘某某（副局长）",
    ),
    Endpoint("reports:edit", inside=_report("a"), outside=_report("b"), without="viewer_a"),
    Endpoint(
        "reports:edit",
        method="POST",
        inside=_report("a"),
        outside=_report("b"),
        data=lambda ns: {"base": 2, "s_assessment": "修改后的总体评价。"},
        **_WRITE,
    ),
    Endpoint(
        "reports:reassemble",
        method="POST",
        inside=_report("a", more=True),
        outside=_report("b", more=True),
        **_WRITE,
    ),
    Endpoint("reports:submit", method="POST", inside=_report("a"), outside=_report("b"), **_WRITE),
    Endpoint(
        "reports:versions",
        inside=_report("a"),
        outside=_report("b"),
        secret_inside="按问题底稿汇编生成",
    ),
    Endpoint(
        "reports:diff",
        inside=_report("a"),
        outside=_report("b"),
        query={"a": 1, "b": 2},
        secret_inside="总体较好。",
    ),
    Endpoint("reports:download", inside=_download("a"), outside=_download("b")),
    Endpoint("reports:step", inside=_step("a"), outside=_step("b"), without="viewer_a"),
    Endpoint(
        "reports:step",
        method="POST",
        inside=_step("a"),
        outside=_step("b"),
        data=_hearing_form,
        **_WRITE,
    ),
    # --- API -----------------------------------------------------------------------------------
    Endpoint(
        "GET /api/reports/",
        api=True,
        inside=_listed,
        secret_inside=_TITLE_A,
        secret_outside=_TITLE_B,
    ),
    Endpoint(
        "POST /api/reports/",
        method="POST",
        api=True,
        ok=(201,),
        without="viewer_a",
        data=lambda ns: {"kind": "inspection", "inspection_id": ns.plans.inspection_a1.pk},
    ),
    Endpoint(
        "GET /api/reports/{report_id}",
        api=True,
        inside=_report("a", "report_id"),
        outside=_report("b", "report_id"),
        secret_inside=_TITLE_A,
    ),
    Endpoint(
        "GET /api/reports/{report_id}",
        api=True,
        inside=_report("a", "report_id", kind="leads"),
        outside=_report("b", "report_id", kind="leads"),
        allowed="head_a",
        without="office_a",
        outsider="head_b",
        secret_inside="刘某某（副局长）",
    ),
    Endpoint(
        "GET /api/reports/{report_id}/versions",
        api=True,
        inside=_report("a", "report_id"),
        outside=_report("b", "report_id"),
        secret_inside="按问题底稿汇编生成",
    ),
    Endpoint(
        "POST /api/reports/{report_id}/versions",
        method="POST",
        api=True,
        ok=(201,),
        inside=_report("a", "report_id"),
        outside=_report("b", "report_id"),
        without="viewer_a",
        data=lambda ns: {"texts": {"assessment": "修改。"}},
    ),
    Endpoint(
        "GET /api/reports/{report_id}/diff",
        api=True,
        inside=_report("a", "report_id"),
        outside=_report("b", "report_id"),
        query={"a": 1, "b": 2},
        secret_inside="总体较好。",
    ),
    Endpoint(
        "POST /api/reports/{report_id}/reassemble",
        method="POST",
        api=True,
        ok=(201,),
        inside=_report("a", "report_id", more=True),
        outside=_report("b", "report_id", more=True),
        without="viewer_a",
    ),
    Endpoint(
        "POST /api/reports/{report_id}/submit",
        method="POST",
        api=True,
        inside=_report("a", "report_id"),
        outside=_report("b", "report_id"),
        without="viewer_a",
    ),
    Endpoint(
        "POST /api/reports/steps/{step_id}",
        method="POST",
        api=True,
        inside=_step("a", "step_id"),
        outside=_step("b", "step_id"),
        without="viewer_a",
        data=_hearing_json,
    ),
    Endpoint(
        "POST /api/reports/{report_id}/document",
        method="POST",
        api=True,
        inside=_report("a", "report_id"),
        outside=_report("b", "report_id"),
        data=lambda ns: {"format": "docx"},
        secret_inside="word/document.xml",
    ),
]
