"""Authorization-matrix entries for the pages and API before stationing: information requests,
the partner department's side, the target dossier, the notice and the announcement (see
tests/authz.py).

Inside: county A1's inspection (dept_a1, team_a1); outside: county B1's. The office (office_a)
reads and writes; the leading group (viewer_a) reads but never writes; `norole` reads nothing.
Partner endpoints: the persona `partner_a1` holds partner_department at 甲一县审计局 (under
county A1) and answers only what is addressed to it; the office, which holds no answering role,
is the one in scope without the capability."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.authz import Endpoint
from tests.factories import make_unit, make_user
from xuncha.accounts.roles import Role
from xuncha.fieldwork import notices, services_prep
from xuncha.orgs.models import UnitKind
from xuncha.plans.models import Inspection

# The public page and its index need no account (tests/fieldwork/test_public.py).
PUBLIC: set[str] = {"public:index", "public:inspection"}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_WRITE = {"without": "viewer_a"}
_PARTNER = {"allowed": "partner_a1", "without": "office_a"}


def _partner_unit(ns, side: str):
    """The department answering on each side, with its user (idempotent)."""
    key = f"prep_partner_{side}"
    found = getattr(ns, key, None)
    if found is None:
        county = ns.tree.county_a1 if side == "a" else ns.tree.county_b1
        code = "A1201" if side == "a" else "B1201"
        name = "甲一县审计局" if side == "a" else "乙一县审计局"
        found = make_unit(name, parent=county, kind=UnitKind.DEPARTMENT, code=code)
        user = make_user(
            f"partner_{side}1",
            unit=found,
            full_name=f"{name}联络人",
            roles=[(Role.PARTNER_DEPARTMENT, found, False)],
        )
        setattr(ns.personas, f"partner_{side}1", user)
        setattr(ns, key, found)
    return found


def _inspection(ns, side: str):
    return ns.plans.inspection_a1 if side == "a" else ns.plans.inspection_b


def _req(ns, side: str, *, state: str = "sent", partner: bool = False):
    inspection = _inspection(ns, side)
    recipient = _partner_unit(ns, side) if partner else None
    req = services_prep.create_request(
        inspection,
        actor=None,
        partner="audit",
        recipient=recipient,
        subject="近三年审计发现问题" if side == "a" else "乙县审计情况",
        questions="请提供近三年的审计报告及整改情况。",
        due_on=timezone.localdate() + timedelta(days=7),
    )
    if state in ("sent", "answered"):
        req = services_prep.send_request(req, actor=None)
    if state == "answered":
        req = services_prep.answer_request(
            req, actor=None, answer="见附件", files=[("审计报告.pdf", PDF)]
        )
    return req


def _insp(side: str, key: str = "pk"):
    return lambda ns: {key: _inspection(ns, side).pk}


def _with_req(side: str, key: str = "pk", **options):
    """The inspection's kwargs, with a request of it made first (for lists that show it)."""

    def build(ns):
        _req(ns, side, **options)
        return {key: _inspection(ns, side).pk}

    return build


def _request(side: str, key: str = "pk", **options):
    return lambda ns: {key: _req(ns, side, **options).pk}


def _partner_list(ns):
    """Requests to a department on each side: partner_a1 lists only its own."""
    _req(ns, "a", partner=True)
    _req(ns, "b", partner=True)
    return {}


def _partner_request(side: str, key: str = "pk", state: str = "sent"):
    def build(ns):
        _partner_unit(ns, "a")  # the persona that must be refused the other side's
        return {key: _req(ns, side, state=state, partner=True).pk}

    return build


def _partner_file(side: str):
    def build(ns):
        from xuncha.fieldwork.models import Attachment

        _partner_unit(ns, "a")
        req = _req(ns, side, state="answered", partner=True)
        return {"pk": Attachment.objects.get(object_id=req.pk).pk}

    return build


def _notice(side: str, key: str = "pk"):
    def build(ns):
        inspection = _inspection(ns, side)
        notices.save_notice(inspection, actor=None, **notices.notice_defaults(inspection))
        return {key: inspection.pk}

    return build


def _future(ns, side: str):
    """Move the inspection's stationing ahead, so that its announcement may be published."""
    today = timezone.localdate()
    inspection = _inspection(ns, side)
    Inspection.objects.filter(pk=inspection.pk).update(
        stationed_from=today + timedelta(days=10), stationed_until=today + timedelta(days=40)
    )
    inspection.refresh_from_db()
    return inspection


def _announcement(side: str, key: str = "pk", publish: bool = False):
    def build(ns):
        inspection = _future(ns, side)
        found = notices.save_announcement(
            inspection,
            actor=None,
            **{**notices.announcement_defaults(inspection), "duty_phone": "0871-1234567"},
        )
        if publish:
            notices.publish_announcement(found, actor=None)
        return {key: inspection.pk}

    return build


def _request_form(ns) -> dict:
    return {
        "partner": "audit",
        "recipient": "",
        "subject": "近三年审计发现问题",
        "questions": "请提供审计报告。",
        "due_on": str(timezone.localdate() + timedelta(days=5)),
    }


def _request_json(ns) -> dict:
    return {
        "partner": "audit",
        "recipient_id": None,
        "subject": "近三年审计发现问题（补充）",
        "questions": "请提供审计报告。",
        "due_on": str(timezone.localdate() + timedelta(days=9)),
    }


def _answer_form(ns) -> dict:
    return {
        "answer": "经查，2023年审计发现专项资金管理不规范。",
        "answered_on": str(timezone.localdate()),
        "files": [SimpleUploadedFile("复函.pdf", PDF)],
    }


def _notice_form(ns) -> dict:
    return {
        "number": "甲一县委巡办发〔2026〕5号",
        "addressee": "中共甲一县农业农村局党组",
        "body": "根据县委巡察工作安排，县委第一巡察组将对你单位开展巡察。",
    }


def _announcement_form(ns) -> dict:
    return {
        "scope": notices.STANDARD_SCOPE,
        "duty_phone": "0871-1234567",
        "mailbox": "",
        "email": "xuncha1@example.org",
        "reception_place": "三楼会议室",
        "reception_hours": notices.STANDARD_HOURS,
        "intake_closes_on": "2026-04-14",
    }


_reason = {"reason": "已另行调取"}
_API = "/api/fieldwork"

ENDPOINTS: list[Endpoint] = [
    # --- information requests: pages ------------------------------------------------------------
    Endpoint(
        "fieldwork:requests",
        inside=_with_req("a"),
        outside=_insp("b"),
        secret_inside="近三年审计发现问题",
    ),
    Endpoint("fieldwork:request_create", inside=_insp("a"), outside=_insp("b"), **_WRITE),
    Endpoint(
        "fieldwork:request_create",
        method="POST",
        inside=_insp("a"),
        outside=_insp("b"),
        ok=(302,),
        data=_request_form,
        **_WRITE,
    ),
    Endpoint(
        "fieldwork:request",
        inside=_request("a"),
        outside=_request("b"),
        secret_inside="请提供近三年的审计报告",
    ),
    Endpoint(
        "fieldwork:request_edit",
        inside=_request("a", state="draft"),
        outside=_request("b", state="draft"),
        **_WRITE,
    ),
    Endpoint(
        "fieldwork:request_edit",
        method="POST",
        inside=_request("a", state="draft"),
        outside=_request("b", state="draft"),
        ok=(302,),
        data=_request_form,
        **_WRITE,
    ),
    Endpoint(
        "fieldwork:request_send",
        method="POST",
        inside=_request("a", state="draft"),
        outside=_request("b", state="draft"),
        ok=(302,),
        data=lambda ns: {"sent_on": str(timezone.localdate())},
        **_WRITE,
    ),
    Endpoint(
        "fieldwork:request_withdraw",
        method="POST",
        inside=_request("a"),
        outside=_request("b"),
        ok=(302,),
        data=lambda ns: dict(_reason),
        **_WRITE,
    ),
    Endpoint(
        "fieldwork:request_answer",
        method="POST",
        inside=_request("a"),
        outside=_request("b"),
        ok=(302,),
        data=_answer_form,
        **_WRITE,
    ),
    # --- the partner department's side ----------------------------------------------------------
    Endpoint(
        "fieldwork:partner_requests",
        inside=_partner_list,
        secret_inside="近三年审计发现问题",
        secret_outside="乙县审计情况",
        **_PARTNER,
    ),
    Endpoint(
        "fieldwork:partner_request",
        inside=_partner_request("a"),
        outside=_partner_request("b"),
        secret_inside="请提供近三年的审计报告",
        **_PARTNER,
    ),
    Endpoint(
        "fieldwork:partner_request",
        method="POST",
        inside=_partner_request("a"),
        outside=_partner_request("b"),
        ok=(302,),
        data=lambda ns: {"answer": "2023年审计发现专项资金管理不规范，已整改。"},
        **_PARTNER,
    ),
    Endpoint(
        "fieldwork:partner_attachment",
        inside=_partner_file("a"),
        outside=_partner_file("b"),
        **_PARTNER,
    ),
    # --- the target dossier ---------------------------------------------------------------------
    Endpoint(
        "fieldwork:dossier",
        inside=_with_req("a", state="answered"),
        outside=_insp("b"),
        secret_inside="见附件",
    ),
    Endpoint("fieldwork:dossier_docx", inside=_insp("a"), outside=_insp("b")),
    # --- the notice -----------------------------------------------------------------------------
    Endpoint(
        "fieldwork:notice",
        inside=_insp("a"),
        outside=_insp("b"),
        secret_inside="甲一县委第一巡察组",
    ),
    Endpoint(
        "fieldwork:notice",
        method="POST",
        inside=_insp("a"),
        outside=_insp("b"),
        ok=(302,),
        data=_notice_form,
        **_WRITE,
    ),
    Endpoint(
        "fieldwork:notice_send",
        method="POST",
        inside=_notice("a"),
        outside=_notice("b"),
        ok=(302,),
        data=lambda ns: {"sent_on": str(timezone.localdate())},
        **_WRITE,
    ),
    Endpoint("fieldwork:notice_docx", inside=_notice("a"), outside=_notice("b")),
    # --- the announcement -----------------------------------------------------------------------
    Endpoint(
        "fieldwork:announcement",
        inside=_announcement("a"),
        outside=_announcement("b"),
        secret_inside="0871-1234567",
    ),
    Endpoint(
        "fieldwork:announcement",
        method="POST",
        inside=_insp("a"),
        outside=_insp("b"),
        ok=(302,),
        data=_announcement_form,
        **_WRITE,
    ),
    Endpoint(
        "fieldwork:announcement_publish",
        method="POST",
        inside=_announcement("a"),
        outside=_announcement("b"),
        ok=(302,),
        data=lambda ns: {},
        **_WRITE,
    ),
    Endpoint(
        "fieldwork:announcement_withdraw",
        method="POST",
        inside=_announcement("a", publish=True),
        outside=_announcement("b", publish=True),
        ok=(302,),
        data=lambda ns: {"reason": "公告内容需更正"},
        **_WRITE,
    ),
    Endpoint("fieldwork:announcement_docx", inside=_announcement("a"), outside=_announcement("b")),
    # --- API: information requests --------------------------------------------------------------
    Endpoint(
        f"GET {_API}/inspections/{{inspection_id}}/requests",
        api=True,
        inside=_with_req("a", "inspection_id"),
        outside=_insp("b", "inspection_id"),
        secret_inside="近三年审计发现问题",
    ),
    Endpoint(
        f"POST {_API}/inspections/{{inspection_id}}/requests",
        method="POST",
        api=True,
        inside=_insp("a", "inspection_id"),
        outside=_insp("b", "inspection_id"),
        ok=(201,),
        data=_request_json,
        **_WRITE,
    ),
    Endpoint(
        f"GET {_API}/requests/{{request_id}}",
        api=True,
        inside=_request("a", "request_id"),
        outside=_request("b", "request_id"),
        secret_inside="近三年审计发现问题",
    ),
    Endpoint(
        f"PUT {_API}/requests/{{request_id}}",
        method="PUT",
        api=True,
        inside=_request("a", "request_id"),
        outside=_request("b", "request_id"),
        data=_request_json,
        **_WRITE,
    ),
    Endpoint(
        f"POST {_API}/requests/{{request_id}}/send",
        method="POST",
        api=True,
        inside=_request("a", "request_id", state="draft"),
        outside=_request("b", "request_id", state="draft"),
        data=lambda ns: {},
        **_WRITE,
    ),
    Endpoint(
        f"POST {_API}/requests/{{request_id}}/answer",
        method="POST",
        api=True,
        inside=_request("a", "request_id"),
        outside=_request("b", "request_id"),
        data=lambda ns: {"answer": "经查，未发现涉案情况。"},
        **_WRITE,
    ),
    Endpoint(
        f"POST {_API}/requests/{{request_id}}/withdraw",
        method="POST",
        api=True,
        inside=_request("a", "request_id"),
        outside=_request("b", "request_id"),
        data=lambda ns: dict(_reason),
        **_WRITE,
    ),
    # --- API: the partner department's side ----------------------------------------------------
    Endpoint(
        f"GET {_API}/partner/requests",
        api=True,
        inside=_partner_list,
        secret_inside="近三年审计发现问题",
        secret_outside="乙县审计情况",
        **_PARTNER,
    ),
    Endpoint(
        f"GET {_API}/partner/requests/{{request_id}}",
        api=True,
        inside=_partner_request("a", "request_id"),
        outside=_partner_request("b", "request_id"),
        secret_inside="近三年审计发现问题",
        **_PARTNER,
    ),
    Endpoint(
        f"POST {_API}/partner/requests/{{request_id}}/answer",
        method="POST",
        api=True,
        inside=_partner_request("a", "request_id"),
        outside=_partner_request("b", "request_id"),
        data=lambda ns: {"answer": "2023年审计发现专项资金管理不规范。"},
        **_PARTNER,
    ),
    # --- API: the notice and the announcement ---------------------------------------------------
    Endpoint(
        f"GET {_API}/inspections/{{inspection_id}}/notice",
        api=True,
        inside=_insp("a", "inspection_id"),
        outside=_insp("b", "inspection_id"),
        secret_inside="甲一县委第一巡察组",
    ),
    Endpoint(
        f"PUT {_API}/inspections/{{inspection_id}}/notice",
        method="PUT",
        api=True,
        inside=_insp("a", "inspection_id"),
        outside=_insp("b", "inspection_id"),
        data=_notice_form,
        **_WRITE,
    ),
    Endpoint(
        f"POST {_API}/inspections/{{inspection_id}}/notice/send",
        method="POST",
        api=True,
        inside=_notice("a", "inspection_id"),
        outside=_notice("b", "inspection_id"),
        data=lambda ns: {},
        **_WRITE,
    ),
    Endpoint(
        f"GET {_API}/inspections/{{inspection_id}}/announcement",
        api=True,
        inside=_announcement("a", "inspection_id"),
        outside=_announcement("b", "inspection_id"),
        secret_inside="0871-1234567",
    ),
    Endpoint(
        f"PUT {_API}/inspections/{{inspection_id}}/announcement",
        method="PUT",
        api=True,
        inside=_insp("a", "inspection_id"),
        outside=_insp("b", "inspection_id"),
        data=_announcement_form,
        **_WRITE,
    ),
    Endpoint(
        f"POST {_API}/inspections/{{inspection_id}}/announcement/publish",
        method="POST",
        api=True,
        inside=_announcement("a", "inspection_id"),
        outside=_announcement("b", "inspection_id"),
        data=lambda ns: {},
        **_WRITE,
    ),
    Endpoint(
        f"POST {_API}/inspections/{{inspection_id}}/announcement/withdraw",
        method="POST",
        api=True,
        inside=_announcement("a", "inspection_id", publish=True),
        outside=_announcement("b", "inspection_id", publish=True),
        data=lambda ns: {"reason": "公告内容需更正"},
        **_WRITE,
    ),
]
