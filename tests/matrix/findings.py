"""Authorization-matrix entries of the findings app (see tests/authz.py).

Inside: county A1's inspection (team_a1 at dept_a1); outside: county B1's. The team has no
seats here, so the office (office_a, not a preparer: papers are drafted by head_a) signs the
deputy and leader steps in their stead; the leading group (viewer_a) reads but never writes.
The unit's liaison (liaison_a1, at dept_a1) reaches only the immediate fixes sent to dept_a1."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.authz import Endpoint
from xuncha.fieldwork import services_briefing
from xuncha.fieldwork.models import FieldVisit
from xuncha.findings import services
from xuncha.findings.models import Finding, ImmediateFix

PUBLIC: set[str] = set()

TITLE = "补贴资金管理混乱问题"
FIX_TITLE = "惠民资金公示不及时问题"
DAY = date(2026, 3, 10)
_WRITE = {"without": "viewer_a"}
_LIAISON = {"allowed": "liaison_a1"}
_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
COMPLETE = {
    "basis": "违反有关规定。",
    "facts": "2025年违规发放补贴12户。",
    "suggestion": "清理台账，追回资金。",
    "discipline": "work",
}


def _drafter(ns, attr):
    return ns.personas.head_a if attr == "inspection_a1" else ns.personas.head_b


def _paper(ns, attr, *, status="draft", title=TITLE, **fields) -> Finding:
    finding = services.create_finding(
        getattr(ns.plans, attr),
        actor=None,
        drafter=_drafter(ns, attr),
        title=title,
        **{**COMPLETE, **fields},
    )
    if status != "draft":
        Finding.objects.filter(pk=finding.pk).update(status=status)
        finding.refresh_from_db()
    return finding


def _finding(attr, key="pk", **kwargs):
    def build(ns):
        return {key: _paper(ns, attr, **kwargs).pk}

    return build


def _conduct(attr, key="pk"):
    return _finding(
        attr,
        key,
        is_conduct=True,
        responsible_kind="individual",
        responsible_person="钱某",
        responsible_post="站长",
    )


def _inspection(attr, key="pk", *, with_paper=False):
    def build(ns):
        if with_paper:
            _paper(ns, attr)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _inspection_after(builder, attr, key="inspection_id"):
    """The inspection's kwargs, once `builder` made what the endpoint should show."""

    def build(ns):
        builder(ns)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _with_visit(attr, key="pk"):
    def build(ns):
        FieldVisit.objects.create(
            inspection=getattr(ns.plans, attr), kind="visit", visited_on=DAY, place="城关镇农机站"
        )
        return {key: _paper(ns, attr).pk}

    return build


def _problem(attr, key="pk"):
    def build(ns):
        inspection = getattr(ns.plans, attr)
        problem = services_briefing.raise_problem(
            inspection,
            actor=None,
            day=DAY,
            subgroup="finance",
            summary="补贴发放不规范",
            sources=[{"kind": "other", "label": "群众反映"}, {"kind": "visit", "label": "走访"}],
        )
        services_briefing.corroborate(problem, actor=None)
        services_briefing.hand_off(inspection, [problem], actor=None)
        return {key: problem.pk}

    return build


def _evidence(attr, key="pk", finding_key=None):
    def build(ns):
        finding = _paper(ns, attr)
        evidence = services.add_evidence(finding, actor=None, kind="other", label="电话核实")
        out = {key: evidence.pk}
        if finding_key:
            out[finding_key] = finding.pk
        return out

    return build


def _fix(attr, key="pk", *, status="draft", paper="confirmed", by_fix=False):
    """An immediate-fix finding with its letter in `status`; kwargs by finding or by fix."""

    def build(ns):
        finding = _paper(ns, attr, status=paper, title=FIX_TITLE, disposition="immediate_fix")
        fix = ImmediateFix.objects.create(
            finding=finding,
            requirement="立即公示发放名单",
            status=status,
            due_on=timezone.localdate() + timedelta(days=10),
            sent_at=timezone.now() if status != "draft" else None,
            reply="已公示" if status == "replied" else "",
        )
        ns.fix = fix
        return {key: fix.pk if by_fix else finding.pk}

    return build


def _fixes_of(attr, key="pk"):
    """The inspection (not the finding) of an immediate fix that was sent."""

    def build(ns):
        _fix(attr, status="sent")(ns)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _reply_file(attr, key="pk"):
    def build(ns):
        from xuncha.findings import services_fix

        _fix(attr, status="sent")(ns)
        liaison = ns.personas.liaison_a1 if attr == "inspection_a1" else None
        if liaison is None:
            from tests.factories import make_user
            from xuncha.accounts.roles import Role

            target = ns.plans.inspection_b.target
            liaison = make_user(
                "liaison_b1", unit=target, roles=[(Role.UNIT_LIAISON, target, False)]
            )
        attachment = services_fix.add_reply_file(ns.fix, "整改照片.pdf", _PDF, actor=liaison)
        return {key: attachment.pk}

    return build


def _sent(attr, key="pk"):
    def build(ns):
        _fix(attr, status="sent")(ns)
        return {key: ns.fix.pk}

    return build


def _with_sent(ns):
    _fix("inspection_a1", status="sent")(ns)
    return {}


def _form(ns):
    return {
        "title": "新写的问题",
        "responsible_kind": "unit",
        "scope": "individual",
        "disposition": "feedback",
    }


def _edit_form(ns):
    return {**_form(ns), "title": "改写的问题", **COMPLETE}


def _judgment_form(ns):
    return {
        "person": "钱某",
        "post": "站长",
        "experience": "tolerable",
        "exploration": "tolerable",
        "purpose": "tolerable",
        "judgment": "mistake",
        "outcome": "tolerance",
        "experience_reason": "首次推行",
        "exploration_reason": "无明确规定",
        "purpose_reason": "未谋私利",
        "reasoning": "主动纠正",
    }


def _comment(ns):
    return {"comment": "事实部分补充金额明细"}


def _upload(ns):
    return {"file": SimpleUploadedFile("整改照片.pdf", _PDF)}


def _api(key, **kwargs):
    return Endpoint(key, api=True, method=key.split(" ", 1)[0], **kwargs)


ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "findings:home",
        inside=_inspection("inspection_a1", with_paper=True),
        outside=_inspection("inspection_b"),
        secret_inside=TITLE,
    ),
    Endpoint(
        "findings:create",
        inside=_inspection("inspection_a1"),
        outside=_inspection("inspection_b"),
        **_WRITE,
    ),
    Endpoint(
        "findings:create",
        method="POST",
        inside=_inspection("inspection_a1"),
        outside=_inspection("inspection_b"),
        ok=(302,),
        data=_form,
        **_WRITE,
    ),
    Endpoint(
        "findings:list_file",
        inside=_inspection("inspection_a1"),
        outside=_inspection("inspection_b"),
    ),
    Endpoint(
        "findings:fixes",
        inside=_fixes_of("inspection_a1"),
        outside=_inspection("inspection_b"),
        secret_inside=FIX_TITLE,
    ),
    Endpoint(
        "findings:start",
        method="POST",
        inside=_problem("inspection_a1"),
        outside=_problem("inspection_b"),
        ok=(302,),
        **_WRITE,
    ),
    Endpoint(
        "findings:detail",
        inside=_finding("inspection_a1"),
        outside=_finding("inspection_b"),
        secret_inside=TITLE,
    ),
    Endpoint(
        "findings:edit",
        inside=_finding("inspection_a1"),
        outside=_finding("inspection_b"),
        secret_inside=TITLE,
        **_WRITE,
    ),
    Endpoint(
        "findings:edit",
        method="POST",
        inside=_finding("inspection_a1"),
        outside=_finding("inspection_b"),
        ok=(302,),
        data=_edit_form,
        **_WRITE,
    ),
    Endpoint(
        "findings:records",
        inside=_with_visit("inspection_a1"),
        outside=_with_visit("inspection_b"),
        query={"kind": "visit"},
        secret_inside="城关镇农机站",
    ),
    Endpoint(
        "findings:evidence_add",
        method="POST",
        inside=_finding("inspection_a1"),
        outside=_finding("inspection_b"),
        ok=(302,),
        data=lambda ns: {"kind": "other", "label": "电话核实三户"},
        **_WRITE,
    ),
    Endpoint(
        "findings:evidence_remove",
        method="POST",
        inside=_evidence("inspection_a1"),
        outside=_evidence("inspection_b"),
        ok=(302,),
        **_WRITE,
    ),
    Endpoint(
        "findings:paper_file", inside=_finding("inspection_a1"), outside=_finding("inspection_b")
    ),
    Endpoint(
        "findings:submit",
        method="POST",
        inside=_finding("inspection_a1"),
        outside=_finding("inspection_b"),
        ok=(302,),
        **_WRITE,
    ),
    Endpoint(
        "findings:approve",
        method="POST",
        inside=_finding("inspection_a1", status="pending_deputy"),
        outside=_finding("inspection_b", status="pending_deputy"),
        ok=(302,),
        **_WRITE,
    ),
    Endpoint(
        "findings:confirm",
        method="POST",
        inside=_finding("inspection_a1", status="pending_leader"),
        outside=_finding("inspection_b", status="pending_leader"),
        ok=(302,),
        **_WRITE,
    ),
    Endpoint(
        "findings:return",
        method="POST",
        inside=_finding("inspection_a1", status="pending_deputy"),
        outside=_finding("inspection_b", status="pending_deputy"),
        ok=(302,),
        data=_comment,
        **_WRITE,
    ),
    Endpoint(
        "findings:reopen",
        method="POST",
        inside=_finding("inspection_a1", status="confirmed"),
        outside=_finding("inspection_b", status="confirmed"),
        ok=(302,),
        data=_comment,
        **_WRITE,
    ),
    Endpoint(
        "findings:withdraw",
        method="POST",
        inside=_finding("inspection_a1"),
        outside=_finding("inspection_b"),
        ok=(302,),
        data=_comment,
        **_WRITE,
    ),
    Endpoint(
        "findings:judgment",
        inside=_conduct("inspection_a1"),
        outside=_conduct("inspection_b"),
        **_WRITE,
    ),
    Endpoint(
        "findings:judgment",
        method="POST",
        inside=_conduct("inspection_a1"),
        outside=_conduct("inspection_b"),
        ok=(302,),
        data=_judgment_form,
        **_WRITE,
    ),
    Endpoint("findings:fix", inside=_fix("inspection_a1"), outside=_fix("inspection_b"), **_WRITE),
    Endpoint(
        "findings:fix",
        method="POST",
        inside=_finding("inspection_a1", disposition="immediate_fix"),
        outside=_finding("inspection_b", disposition="immediate_fix"),
        ok=(302,),
        data=lambda ns: {"requirement": "立即整改", "letter_number": "", "due_on": ""},
        **_WRITE,
    ),
    Endpoint("findings:fix_letter", inside=_fix("inspection_a1"), outside=_fix("inspection_b")),
    Endpoint(
        "findings:fix_send",
        method="POST",
        inside=_fix("inspection_a1"),
        outside=_fix("inspection_b"),
        ok=(302,),
        **_WRITE,
    ),
    Endpoint(
        "findings:fix_accept",
        method="POST",
        inside=_fix("inspection_a1", status="replied"),
        outside=_fix("inspection_b", status="replied"),
        ok=(302,),
        **_WRITE,
    ),
    # The unit's liaison.
    Endpoint("findings:liaison_fixes", inside=_with_sent, secret_inside=FIX_TITLE, **_LIAISON),
    Endpoint(
        "findings:liaison_fix",
        inside=_sent("inspection_a1"),
        outside=_sent("inspection_b"),
        secret_inside=FIX_TITLE,
        **_LIAISON,
    ),
    Endpoint(
        "findings:liaison_fix",
        method="POST",
        inside=_sent("inspection_a1"),
        outside=_sent("inspection_b"),
        ok=(302,),
        data=lambda ns: {"reply": "已在各村公示"},
        **_LIAISON,
    ),
    Endpoint(
        "findings:liaison_letter",
        inside=_sent("inspection_a1"),
        outside=_sent("inspection_b"),
        **_LIAISON,
    ),
    Endpoint(
        "findings:liaison_file_add",
        method="POST",
        inside=_sent("inspection_a1"),
        outside=_sent("inspection_b"),
        ok=(302,),
        data=_upload,
        **_LIAISON,
    ),
    Endpoint(
        "findings:liaison_file",
        inside=_reply_file("inspection_a1"),
        outside=_reply_file("inspection_b"),
        secret_inside="%PDF-1.4",
        **_LIAISON,
    ),
]

# --- API -----------------------------------------------------------------------------------------

_F = "finding_id"
ENDPOINTS += [
    _api(
        "GET /api/findings/inspections/{inspection_id}/findings",
        inside=_inspection("inspection_a1", "inspection_id", with_paper=True),
        outside=_inspection("inspection_b", "inspection_id"),
        secret_inside=TITLE,
    ),
    _api(
        "POST /api/findings/inspections/{inspection_id}/findings",
        inside=_inspection("inspection_a1", "inspection_id"),
        outside=_inspection("inspection_b", "inspection_id"),
        ok=(201,),
        data=lambda ns: {"title": "接口创建的问题"},
        **_WRITE,
    ),
    _api(
        "GET /api/findings/inspections/{inspection_id}/records",
        inside=_inspection_after(_with_visit("inspection_a1"), "inspection_a1"),
        outside=_inspection("inspection_b", "inspection_id"),
        query={"kind": "visit"},
        secret_inside="城关镇农机站",
    ),
    _api(
        "GET /api/findings/inspections/{inspection_id}/immediate-fixes",
        inside=_inspection_after(_fix("inspection_a1", status="sent"), "inspection_a1"),
        outside=_inspection("inspection_b", "inspection_id"),
        secret_inside="立即公示发放名单",
    ),
    _api(
        "POST /api/findings/problems/{problem_id}/start",
        inside=_problem("inspection_a1", "problem_id"),
        outside=_problem("inspection_b", "problem_id"),
        ok=(201,),
        **_WRITE,
    ),
    _api(
        "GET /api/findings/{finding_id}",
        inside=_finding("inspection_a1", _F),
        outside=_finding("inspection_b", _F),
        secret_inside=TITLE,
    ),
    _api(
        "PATCH /api/findings/{finding_id}",
        inside=_finding("inspection_a1", _F),
        outside=_finding("inspection_b", _F),
        data=lambda ns: {"cause": "制度不健全"},
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/evidence",
        inside=_finding("inspection_a1", _F),
        outside=_finding("inspection_b", _F),
        ok=(201,),
        data=lambda ns: {"kind": "other", "label": "电话核实"},
        **_WRITE,
    ),
    _api(
        "DELETE /api/findings/{finding_id}/evidence/{evidence_id}",
        inside=_evidence("inspection_a1", "evidence_id", _F),
        outside=_evidence("inspection_b", "evidence_id", _F),
        ok=(204,),
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/submit",
        inside=_finding("inspection_a1", _F),
        outside=_finding("inspection_b", _F),
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/approve",
        inside=_finding("inspection_a1", _F, status="pending_deputy"),
        outside=_finding("inspection_b", _F, status="pending_deputy"),
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/confirm",
        inside=_finding("inspection_a1", _F, status="pending_leader"),
        outside=_finding("inspection_b", _F, status="pending_leader"),
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/return",
        inside=_finding("inspection_a1", _F, status="pending_leader"),
        outside=_finding("inspection_b", _F, status="pending_leader"),
        data=_comment,
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/reopen",
        inside=_finding("inspection_a1", _F, status="confirmed"),
        outside=_finding("inspection_b", _F, status="confirmed"),
        data=_comment,
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/withdraw",
        inside=_finding("inspection_a1", _F),
        outside=_finding("inspection_b", _F),
        data=_comment,
        **_WRITE,
    ),
    _api(
        "PUT /api/findings/{finding_id}/judgment",
        inside=_conduct("inspection_a1", _F),
        outside=_conduct("inspection_b", _F),
        data=_judgment_form,
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/immediate-fix",
        inside=_finding("inspection_a1", _F, disposition="immediate_fix"),
        outside=_finding("inspection_b", _F, disposition="immediate_fix"),
        ok=(201,),
        data=lambda ns: {"requirement": "立即整改"},
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/immediate-fix/send",
        inside=_fix("inspection_a1", _F),
        outside=_fix("inspection_b", _F),
        **_WRITE,
    ),
    _api(
        "POST /api/findings/{finding_id}/immediate-fix/accept",
        inside=_fix("inspection_a1", _F, status="replied"),
        outside=_fix("inspection_b", _F, status="replied"),
        **_WRITE,
    ),
    _api(
        "GET /api/findings/liaison/immediate-fixes",
        inside=_with_sent,
        secret_inside=FIX_TITLE,
        **_LIAISON,
    ),
    _api(
        "POST /api/findings/liaison/immediate-fixes/{fix_id}/reply",
        inside=_sent("inspection_a1", "fix_id"),
        outside=_sent("inspection_b", "fix_id"),
        data=lambda ns: {"reply": "已在各村公示"},
        **_LIAISON,
    ),
]
