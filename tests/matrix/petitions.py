"""Authorization-matrix entries for the petition register (see tests/authz.py).

Inside: a petition of county A1's inspection (dept_a1, team_a1); outside: one of county B1's.
The office (office_a) reads, writes and may reveal the reporter's identity; the leading group
(viewer_a) reads the register but neither writes nor sees identities; `norole` reaches nothing.
Petitions are made by the demo-loader path (actor None) before the fingerprint is taken.
"""

from datetime import date

from tests.authz import Endpoint
from xuncha.petitions import services, workflow

PUBLIC: set[str] = set()

SECRET = "反映局长违规收受礼金"
REPORTER = "刘信访"


def _petition(ns, attr: str, status: str = "registered"):
    inspection = getattr(ns.plans, attr)
    petition = services.register_petition(
        inspection,
        actor=None,
        received_on=date(2026, 3, 5),
        channel="letter",
        summary=SECRET,
        content="信访人反映该局局长收受礼金。",
        subjects=[{"name": "钱局长", "post": "局长"}],
        anonymous=False,
        identity={"name": REPORTER, "phone": "13800001111"},
    )
    if status in ("in_scope", "handling"):
        workflow.assess_petition(petition, actor=None, in_scope=True, reason="班子成员")
    if status in ("out_of_scope", "forwarded"):
        workflow.assess_petition(petition, actor=None, in_scope=False, reason="个人诉求")
    if status == "handling":
        workflow.take_up_petition(petition, actor=None)
    if status == "forwarded":
        workflow.forward_petition(petition, actor=None, to="县信访局", on=date(2026, 3, 6))
    return petition


def _one(attr: str, key: str = "pk", status: str = "registered"):
    return lambda ns: {key: _petition(ns, attr, status).pk}


def _inspection(attr: str, key: str = "pk"):
    return lambda ns: {key: getattr(ns.plans, attr).pk}


def _with_petition(attr: str, key: str = "pk"):
    """The inspection's kwargs, with a petition already in its register."""

    def build(ns):
        _petition(ns, attr)
        return {key: getattr(ns.plans, attr).pk}

    return build


def _form(ns):
    return {
        "received_on": "2026-03-05",
        "channel": "phone",
        "reporter": "anonymous",
        "reporter_count": "1",
        "summary": "反映股长吃拿卡要",
        "content": "来电反映。",
        "area": "",
        "subjects-TOTAL_FORMS": "1",
        "subjects-INITIAL_FORMS": "0",
        "subjects-MIN_NUM_FORMS": "0",
        "subjects-MAX_NUM_FORMS": "20",
        "subjects-0-name": "",
        "subjects-0-post": "股长",
        "subjects-0-unit": "",
        "subjects-0-note": "",
    }


def _edit(ns):
    return {**_form(ns), "summary": "反映局长违规收受礼金问题"}


def _api_new(ns):
    return {
        "received_on": "2026-03-05",
        "channel": "visit",
        "summary": "反映股长吃拿卡要",
        "content": "来访反映。",
        "subjects": [{"post": "股长"}],
    }


_R = {"without": "viewer_a"}  # reads the leading group may not do: identities
_W = {"without": "viewer_a"}  # the leading group reads but never writes

ENDPOINTS: list[Endpoint] = [
    # --- pages ---------------------------------------------------------------------------------
    Endpoint(
        "petitions:home",
        inside=_with_petition("inspection_a1"),
        outside=_with_petition("inspection_b"),
        secret_inside=SECRET,
    ),
    Endpoint(
        "petitions:export",
        inside=_with_petition("inspection_a1"),
        outside=_with_petition("inspection_b"),
    ),
    Endpoint(
        "petitions:create",
        inside=_inspection("inspection_a1"),
        outside=_inspection("inspection_b"),
        **_W,
    ),
    Endpoint(
        "petitions:create",
        method="POST",
        inside=_inspection("inspection_a1"),
        outside=_inspection("inspection_b"),
        ok=(302,),
        data=_form,
        **_W,
    ),
    Endpoint(
        "petitions:detail",
        inside=_one("inspection_a1"),
        outside=_one("inspection_b"),
        secret_inside=SECRET,
    ),
    Endpoint(
        "petitions:edit",
        inside=_one("inspection_a1"),
        outside=_one("inspection_b"),
        secret_inside=SECRET,
        **_W,
    ),
    Endpoint(
        "petitions:edit",
        method="POST",
        inside=_one("inspection_a1"),
        outside=_one("inspection_b"),
        ok=(302,),
        data=_edit,
        **_W,
    ),
    Endpoint(
        "petitions:assess",
        method="POST",
        inside=_one("inspection_a1"),
        outside=_one("inspection_b"),
        ok=(302,),
        **_W,
        data=lambda ns: {"in_scope": "yes", "reason": "反映班子成员", "area": ""},
    ),
    Endpoint(
        "petitions:take_up",
        method="POST",
        inside=_one("inspection_a1", status="in_scope"),
        outside=_one("inspection_b", status="in_scope"),
        ok=(302,),
        **_W,
        data=lambda ns: {"note": "列入谈话"},
    ),
    Endpoint(
        "petitions:forward",
        method="POST",
        inside=_one("inspection_a1", status="out_of_scope"),
        outside=_one("inspection_b", status="out_of_scope"),
        ok=(302,),
        **_W,
        data=lambda ns: {
            "to": "县信访局",
            "unit": "",
            "on": "2026-03-06",
            "reference": "",
            "note": "",
        },
    ),
    Endpoint(
        "petitions:close",
        method="POST",
        inside=_one("inspection_a1", status="handling"),
        outside=_one("inspection_b", status="handling"),
        ok=(302,),
        **_W,
        data=lambda ns: {"outcome": "经核实部分属实", "on": "2026-03-09"},
    ),
    Endpoint(
        "petitions:identity",
        method="POST",
        inside=_one("inspection_a1"),
        outside=_one("inspection_b"),
        secret_inside=REPORTER,
        **_R,
        data=lambda ns: {"purpose": "安排谈话"},
    ),
    Endpoint(
        "petitions:identity_edit",
        inside=_one("inspection_a1"),
        outside=_one("inspection_b"),
        secret_inside=REPORTER,
        **_R,
    ),
    Endpoint(
        "petitions:identity_edit",
        method="POST",
        inside=_one("inspection_a1"),
        outside=_one("inspection_b"),
        ok=(302,),
        **_R,
        data=lambda ns: {"name": REPORTER, "phone": "13800002222", "reason": "更正"},
    ),
    # --- API -----------------------------------------------------------------------------------
    Endpoint(
        "GET /api/petitions/inspections/{inspection_id}/petitions",
        api=True,
        inside=_with_petition("inspection_a1", "inspection_id"),
        outside=_with_petition("inspection_b", "inspection_id"),
        secret_inside=SECRET,
    ),
    Endpoint(
        "POST /api/petitions/inspections/{inspection_id}/petitions",
        method="POST",
        api=True,
        inside=_inspection("inspection_a1", "inspection_id"),
        outside=_inspection("inspection_b", "inspection_id"),
        ok=(201,),
        data=_api_new,
        **_W,
    ),
    Endpoint(
        "GET /api/petitions/{petition_id}",
        api=True,
        inside=_one("inspection_a1", "petition_id"),
        outside=_one("inspection_b", "petition_id"),
        secret_inside=SECRET,
    ),
    Endpoint(
        "PATCH /api/petitions/{petition_id}",
        method="PATCH",
        api=True,
        inside=_one("inspection_a1", "petition_id"),
        outside=_one("inspection_b", "petition_id"),
        **_W,
        data=lambda ns: {"channel": "visit", "reason": "更正渠道"},
    ),
    Endpoint(
        "POST /api/petitions/{petition_id}/assess",
        method="POST",
        api=True,
        inside=_one("inspection_a1", "petition_id"),
        outside=_one("inspection_b", "petition_id"),
        **_W,
        data=lambda ns: {"in_scope": True, "reason": "反映班子成员"},
    ),
    Endpoint(
        "POST /api/petitions/{petition_id}/take-up",
        method="POST",
        api=True,
        inside=_one("inspection_a1", "petition_id", "in_scope"),
        outside=_one("inspection_b", "petition_id", "in_scope"),
        **_W,
        data=lambda ns: {"note": ""},
    ),
    Endpoint(
        "POST /api/petitions/{petition_id}/forward",
        method="POST",
        api=True,
        inside=_one("inspection_a1", "petition_id", "out_of_scope"),
        outside=_one("inspection_b", "petition_id", "out_of_scope"),
        **_W,
        data=lambda ns: {"to": "县信访局", "on": "2026-03-06"},
    ),
    Endpoint(
        "POST /api/petitions/{petition_id}/close",
        method="POST",
        api=True,
        inside=_one("inspection_a1", "petition_id", "forwarded"),
        outside=_one("inspection_b", "petition_id", "forwarded"),
        **_W,
        data=lambda ns: {"outcome": "已转办", "on": "2026-03-09"},
    ),
    Endpoint(
        "GET /api/petitions/{petition_id}/identity",
        api=True,
        inside=_one("inspection_a1", "petition_id"),
        outside=_one("inspection_b", "petition_id"),
        secret_inside=REPORTER,
        **_R,
    ),
]
