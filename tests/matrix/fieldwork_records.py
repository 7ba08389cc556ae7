"""Authorization-matrix entries of meetings, document requests, visits and checks (see
tests/authz.py). Inside: inspection_a1 (team_a1 at dept_a1, county A1); outside: inspection_b.
The office (office_a) reads and writes; the leading group (viewer_a) reads but never writes;
the unit's liaison (liaison_a1, unit_liaison at dept_a1) reaches only the lists sent to it."""

from datetime import date

from django.utils import timezone

from tests.authz import Endpoint
from xuncha.fieldwork import services_records as records
from xuncha.fieldwork import services_records_documents as documents

SECRET_A = "公务接待超标准"
SECRET_B = "乙县车辆台账"


def _inspection(attr, key="pk", **extra):
    return lambda ns: {key: getattr(ns.plans, attr).pk, **extra}


def meeting(ns, attr):
    return records.record_meeting(
        getattr(ns.plans, attr),
        actor=None,
        kind="symposium",
        title="中层干部座谈会",
        held_on=date(2026, 3, 5),
        minutes=f"反映问题：{SECRET_A}",
    )


def visit(ns, attr):
    return records.record_visit(
        getattr(ns.plans, attr),
        actor=None,
        kind="unannounced",
        visited_on=date(2026, 3, 6),
        place="城东农贸市场",
        findings=f"执法记录缺失，{SECRET_A}",
    )


def personal(ns, attr):
    return records.record_personal_matters_check(
        getattr(ns.plans, attr),
        actor=None,
        person="钱某",
        post="副局长",
        report_year=2025,
        checked_on=date(2026, 3, 6),
        result="minor",
        discrepancies=f"漏报房产一处，{SECRET_A}",
    )


def special(ns, attr):
    return records.record_special_check(
        getattr(ns.plans, attr),
        actor=None,
        topic="cadre_selection",
        title="选人用人专项检查",
        checked_on=date(2026, 3, 6),
        findings=f"个别干部任职程序不规范，{SECRET_A}",
    )


CHECKS = {"visit": visit, "personal": personal, "special": special}


def doc_request(ns, attr):
    name = "党组会议记录" if attr == "inspection_a1" else SECRET_B
    return documents.create_document_request(
        getattr(ns.plans, attr),
        actor=None,
        title="第一批调阅资料",
        sent_on=timezone.localdate(),
        due_on=timezone.localdate(),
        items=[(name, "2023年1月至今")],
    )


def item(ns, attr, *, provided=False):
    found = doc_request(ns, attr).items.get()
    if provided:
        documents.mark_provided(found, actor=None)
    return found


def _made(maker, key="pk", **extra):
    """inside/outside builders: a record of inspection_a1, and a like one of inspection_b."""
    return {
        "inside": lambda ns: {key: maker(ns, "inspection_a1").pk, **extra},
        "outside": lambda ns: {key: maker(ns, "inspection_b").pk, **extra},
    }


def _check(kind, key="pk", with_kind=True):
    extra = {"kind": kind} if with_kind else {}
    return _made(CHECKS[kind], key, **extra)


def _provided(key="pk"):
    return _made(lambda ns, attr: item(ns, attr, provided=True), key)


def _with(maker, attr="inspection_a1", key="pk"):
    """The inspection's kwargs, after making a record of it (for list pages)."""

    def build(ns):
        maker(ns, attr)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _liaison_lists(ns):
    doc_request(ns, "inspection_a1")
    doc_request(ns, "inspection_b")
    return {}


_EDIT = {"without": "viewer_a"}
_LIAISON = {"allowed": "liaison_a1"}
_MEETING_FORM = {
    "kind": "symposium",
    "title": "一般干部座谈会",
    "held_on": "2026-03-06",
    "minutes": "座谈情况",
}
_VISIT_FORM = {
    "kind": "downward",
    "visited_on": "2026-03-06",
    "place": "某村村委会",
    "findings": "村务公开不及时",
}
_REQUEST_FORM = {
    "title": "第二批调阅资料",
    "sent_on": "2026-03-03",
    "due_on": "2026-03-06",
    "note": "",
    "items": "财务凭证 | 2024年\n三会一课记录",
}
_A, _B = "inspection_a1", "inspection_b"

ENDPOINTS: list[Endpoint] = [
    # --- meetings: pages ------------------------------------------------------------------------
    Endpoint(
        "fieldwork:meetings",
        inside=_with(meeting),
        outside=_inspection(_B),
        secret_inside="中层干部座谈会",
    ),
    Endpoint("fieldwork:meeting_create", inside=_inspection(_A), outside=_inspection(_B), **_EDIT),
    Endpoint(
        "fieldwork:meeting_create",
        method="POST",
        inside=_inspection(_A),
        outside=_inspection(_B),
        ok=(302,),
        data=lambda ns: dict(_MEETING_FORM),
        **_EDIT,
    ),
    Endpoint("fieldwork:meeting", **_made(meeting), secret_inside=SECRET_A),
    Endpoint("fieldwork:meeting_edit", **_made(meeting), **_EDIT),
    Endpoint(
        "fieldwork:meeting_edit",
        method="POST",
        **_made(meeting),
        ok=(302,),
        data=lambda ns: {**_MEETING_FORM, "title": "改后的座谈会"},
        **_EDIT,
    ),
    Endpoint("fieldwork:meeting_delete", **_made(meeting), **_EDIT),
    Endpoint(
        "fieldwork:meeting_delete",
        method="POST",
        **_made(meeting),
        ok=(302,),
        data=lambda ns: {"reason": "重复录入"},
        **_EDIT,
    ),
    # --- visits and checks: pages ----------------------------------------------------------------
    Endpoint(
        "fieldwork:checks",
        inside=_with(special),
        outside=_inspection(_B),
        secret_inside="选人用人专项检查",
    ),
    Endpoint(
        "fieldwork:check_create",
        inside=_inspection(_A, kind="visit"),
        outside=_inspection(_B, kind="visit"),
        **_EDIT,
    ),
    Endpoint(
        "fieldwork:check_create",
        method="POST",
        inside=_inspection(_A, kind="visit"),
        outside=_inspection(_B, kind="visit"),
        ok=(302,),
        data=lambda ns: dict(_VISIT_FORM),
        **_EDIT,
    ),
    Endpoint(
        "fieldwork:check_create",
        method="POST",
        inside=_inspection(_A, kind="personal"),
        outside=_inspection(_B, kind="personal"),
        ok=(302,),
        data=lambda ns: {
            "person": "孙某",
            "report_year": 2025,
            "checked_on": "2026-03-06",
            "result": "consistent",
        },
        **_EDIT,
    ),
    Endpoint("fieldwork:check", **_check("visit"), secret_inside=SECRET_A),
    Endpoint("fieldwork:check", **_check("personal"), secret_inside=SECRET_A),
    Endpoint("fieldwork:check", **_check("special"), secret_inside=SECRET_A),
    Endpoint("fieldwork:check_edit", **_check("special"), **_EDIT),
    Endpoint(
        "fieldwork:check_edit",
        method="POST",
        **_check("special"),
        ok=(302,),
        data=lambda ns: {
            "topic": "ideology",
            "title": "意识形态工作责任制检查",
            "checked_on": "2026-03-07",
            "scope": "",
            "findings": "落实不力",
        },
        **_EDIT,
    ),
    Endpoint("fieldwork:check_delete", **_check("visit"), **_EDIT),
    Endpoint(
        "fieldwork:check_delete",
        method="POST",
        **_check("personal"),
        ok=(302,),
        data=lambda ns: {"reason": "录入错误"},
        **_EDIT,
    ),
    # --- document requests: pages ----------------------------------------------------------------
    Endpoint(
        "fieldwork:document_requests",
        inside=_with(doc_request),
        outside=_inspection(_B),
        secret_inside="第一批调阅资料",
    ),
    Endpoint(
        "fieldwork:document_request_create",
        inside=_inspection(_A),
        outside=_inspection(_B),
        **_EDIT,
    ),
    Endpoint(
        "fieldwork:document_request_create",
        method="POST",
        inside=_inspection(_A),
        outside=_inspection(_B),
        ok=(302,),
        data=lambda ns: dict(_REQUEST_FORM),
        **_EDIT,
    ),
    Endpoint("fieldwork:document_request", **_made(doc_request), secret_inside="党组会议记录"),
    Endpoint("fieldwork:document_request_edit", **_made(doc_request), **_EDIT),
    Endpoint(
        "fieldwork:document_request_edit",
        method="POST",
        **_made(doc_request),
        ok=(302,),
        data=lambda ns: {
            "title": "第一批调阅资料（补充）",
            "sent_on": "2026-03-03",
            "due_on": "2026-03-08",
            "note": "请按期提供",
        },
        **_EDIT,
    ),
    Endpoint(
        "fieldwork:document_request_print", **_made(doc_request), secret_inside="党组会议记录"
    ),
    Endpoint(
        "fieldwork:document_item_add",
        method="POST",
        **_made(doc_request),
        ok=(302,),
        data=lambda ns: {"name": "公务用车台账", "period": "2024年"},
        **_EDIT,
    ),
    Endpoint("fieldwork:requested_document", **_made(item), secret_inside="党组会议记录"),
    Endpoint(
        "fieldwork:requested_document_move",
        method="POST",
        **_made(item),
        ok=(302,),
        data=lambda ns: {"move": "provide", "provided_on": ""},
        **_EDIT,
    ),
    Endpoint("fieldwork:requested_document_read", method="POST", **_provided(), ok=(302,), **_EDIT),
    Endpoint(
        "fieldwork:requested_document_remove", method="POST", **_made(item), ok=(302,), **_EDIT
    ),
    # --- the liaison ------------------------------------------------------------------------------
    Endpoint(
        "fieldwork:liaison_documents",
        inside=_liaison_lists,
        secret_inside="党组会议记录",
        secret_outside=SECRET_B,
        **_LIAISON,
    ),
    Endpoint(
        "fieldwork:liaison_document_provide",
        method="POST",
        **_made(item),
        ok=(302,),
        data=lambda ns: {"provided_on": ""},
        **_LIAISON,
    ),
    # --- API: meetings ----------------------------------------------------------------------------
    Endpoint(
        "GET /api/fieldwork/inspections/{inspection_id}/meetings",
        api=True,
        inside=_with(meeting, key="inspection_id"),
        outside=_inspection(_B, "inspection_id"),
        secret_inside=SECRET_A,
    ),
    Endpoint(
        "POST /api/fieldwork/inspections/{inspection_id}/meetings",
        method="POST",
        api=True,
        inside=_inspection(_A, "inspection_id"),
        outside=_inspection(_B, "inspection_id"),
        ok=(201,),
        data=lambda ns: dict(_MEETING_FORM),
        **_EDIT,
    ),
    Endpoint(
        "GET /api/fieldwork/meetings/{meeting_id}",
        api=True,
        **_made(meeting, "meeting_id"),
        secret_inside=SECRET_A,
    ),
    Endpoint(
        "PATCH /api/fieldwork/meetings/{meeting_id}",
        method="PATCH",
        api=True,
        **_made(meeting, "meeting_id"),
        data=lambda ns: {"title": "改后的座谈会"},
        **_EDIT,
    ),
    Endpoint(
        "DELETE /api/fieldwork/meetings/{meeting_id}",
        method="DELETE",
        api=True,
        **_made(meeting, "meeting_id"),
        ok=(204,),
        query={"reason": "重复录入"},
        **_EDIT,
    ),
]

_API_CHECKS = {
    "visits": ("visit", dict(_VISIT_FORM), {"findings": "补充走访情况"}),
    "personal-matters-checks": (
        "personal",
        {"person": "孙某", "report_year": 2025, "checked_on": "2026-03-06", "result": "consistent"},
        {"result": "inconsistent", "discrepancies": "隐瞒投资企业"},
    ),
    "special-checks": (
        "special",
        {"topic": "finance", "title": "财务收支检查", "checked_on": "2026-03-06"},
        {"findings": "超标准接待"},
    ),
}
for _path, (_kind, _create, _patch) in _API_CHECKS.items():
    ENDPOINTS += [
        Endpoint(
            f"GET /api/fieldwork/inspections/{{inspection_id}}/{_path}",
            api=True,
            inside=_with(CHECKS[_kind], key="inspection_id"),
            outside=_inspection(_B, "inspection_id"),
            secret_inside=SECRET_A,
        ),
        Endpoint(
            f"POST /api/fieldwork/inspections/{{inspection_id}}/{_path}",
            method="POST",
            api=True,
            inside=_inspection(_A, "inspection_id"),
            outside=_inspection(_B, "inspection_id"),
            ok=(201,),
            data=lambda ns, body=_create: dict(body),
            **_EDIT,
        ),
        Endpoint(
            f"PATCH /api/fieldwork/{_path}/{{record_id}}",
            method="PATCH",
            api=True,
            **_check(_kind, "record_id", with_kind=False),
            data=lambda ns, body=_patch: dict(body),
            **_EDIT,
        ),
        Endpoint(
            f"DELETE /api/fieldwork/{_path}/{{record_id}}",
            method="DELETE",
            api=True,
            **_check(_kind, "record_id", with_kind=False),
            ok=(204,),
            query={"reason": "录入错误"},
            **_EDIT,
        ),
    ]

ENDPOINTS += [
    # --- API: document requests -------------------------------------------------------------------
    Endpoint(
        "GET /api/fieldwork/inspections/{inspection_id}/document-requests",
        api=True,
        inside=_with(doc_request, key="inspection_id"),
        outside=_inspection(_B, "inspection_id"),
        secret_inside="党组会议记录",
    ),
    Endpoint(
        "POST /api/fieldwork/inspections/{inspection_id}/document-requests",
        method="POST",
        api=True,
        inside=_inspection(_A, "inspection_id"),
        outside=_inspection(_B, "inspection_id"),
        ok=(201,),
        data=lambda ns: {
            "title": "第二批调阅资料",
            "sent_on": "2026-03-03",
            "due_on": "2026-03-06",
            "items": [{"name": "财务凭证", "period": "2024年"}],
        },
        **_EDIT,
    ),
    Endpoint(
        "GET /api/fieldwork/document-requests/{request_id}",
        api=True,
        **_made(doc_request, "request_id"),
        secret_inside="党组会议记录",
    ),
    Endpoint(
        "PATCH /api/fieldwork/document-requests/{request_id}",
        method="PATCH",
        api=True,
        **_made(doc_request, "request_id"),
        data=lambda ns: {"note": "请按期提供"},
        **_EDIT,
    ),
    Endpoint(
        "POST /api/fieldwork/document-requests/{request_id}/items",
        method="POST",
        api=True,
        **_made(doc_request, "request_id"),
        ok=(201,),
        data=lambda ns: {"name": "公务用车台账"},
        **_EDIT,
    ),
    Endpoint(
        "DELETE /api/fieldwork/requested-documents/{item_id}",
        method="DELETE",
        api=True,
        **_made(item, "item_id"),
        ok=(204,),
        **_EDIT,
    ),
    Endpoint(
        "POST /api/fieldwork/requested-documents/{item_id}/moves",
        method="POST",
        api=True,
        **_made(item, "item_id"),
        data=lambda ns: {"move": "provide"},
        **_EDIT,
    ),
    Endpoint(
        "POST /api/fieldwork/requested-documents/{item_id}/read",
        method="POST",
        api=True,
        **_provided("item_id"),
        **_EDIT,
    ),
    Endpoint(
        "GET /api/fieldwork/liaison/document-requests",
        api=True,
        inside=_liaison_lists,
        secret_inside="党组会议记录",
        secret_outside=SECRET_B,
        **_LIAISON,
    ),
    Endpoint(
        "POST /api/fieldwork/liaison/requested-documents/{item_id}/provide",
        method="POST",
        api=True,
        **_made(item, "item_id"),
        data=lambda ns: {},
        **_LIAISON,
    ),
]

# Reachable without signing in: none.
PUBLIC: set[str] = set()
