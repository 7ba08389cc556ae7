"""Authorization-matrix entries for the recusal endpoints (see tests/authz.py for Endpoint).

`ns` carries tree, personas, people (tests.factories.make_people) and plans
(tests.factories.make_plans). In city A the round's scan finds 李秀英 working at the target; in
city B a declaration of 赵外人 stands for the out-of-scope recusal. Reads need the office (or,
for a round's recusals, the leading group too); writes need the office, so the leading group
(viewer_a) is the persona in scope without the capability. The check runs the rules over
relatives, so it is the office's alone; the leading group reads recusals with the detail
redacted.
"""

from tests.authz import Endpoint
from xuncha.people.models import Cadre
from xuncha.staffing import recusal
from xuncha.staffing.models import Recusal, RecusalKind, RecusalStatus


def _scan_a(ns) -> Recusal:
    recusal.scan_round(ns.plans.round_a1, actor=None)
    return Recusal.objects.get(round=ns.plans.round_a1, cadre=ns.people.in_dept)


def _declared_b(ns) -> Recusal:
    return recusal.declare(
        ns.people.in_b,
        ns.plans.dept_b1,
        actor=None,
        round=ns.plans.round_b,
        kind=RecusalKind.POSITION,
        detail="乙县申报",
    )


def _round(name, key="round_pk", plant=False):
    def build(ns):
        if plant:
            _scan_a(ns)
        return {key: getattr(ns.plans, name).pk}

    return build


def _recusal(side, key="pk", decided=False):
    def build(ns):
        row = _scan_a(ns) if side == "a" else _declared_b(ns)
        if decided:
            recusal.decide(row, actor=None, status=RecusalStatus.UPHELD)
        return {key: row.pk}

    return build


def _cadre(attr, key="pk"):
    return lambda ns: {key: getattr(ns.people, attr).pk}


def _planted(ns):
    _scan_a(ns)
    _declared_b(ns)
    return {}


def _office_is_zhang(ns):
    """office_a's account is also 张建国's cadre record, with a declaration of his own."""
    Cadre.objects.filter(pk=ns.people.in_a1.pk).update(user=ns.personas.office_a)
    recusal.declare(
        ns.people.in_a1,
        ns.tree.dept_a1,
        actor=None,
        kind=RecusalKind.POSITION,
        detail="本人配偶在该局工作",
    )
    return {}


def _check(round_name, cadre_attr):
    return lambda ns: {
        "round_id": getattr(ns.plans, round_name).pk,
        "cadre_id": getattr(ns.people, cadre_attr).pk,
    }


_DECLARE = {"unit": "A1101", "kind": "position", "detail": "曾在该局挂职"}
_OFFICE = {"without": "viewer_a"}
# The leading group reads a round's recusals (they approve it) but not their detail: the
# explanation of 李秀英's conflict ("在甲一县农业农村局工作，该单位隶属被巡察单位。") is the
# office's only.
_APPROVER = {"allowed": "viewer_a", "without": "norole"}
_DETAIL = "该单位隶属被巡察单位"

ENDPOINTS: list[Endpoint] = [
    # --- pages -------------------------------------------------------------------------------
    Endpoint(
        "staffing:round_recusals",
        inside=_round("round_a1", plant=True),
        outside=_round("round_b"),
        secret_inside="李秀英",
    ),
    Endpoint(
        "staffing:round_recusal_scan",
        method="POST",
        inside=_round("round_a1"),
        outside=_round("round_b"),
        ok=(302,),
        data=lambda ns: {},
        **_OFFICE,
    ),
    Endpoint(
        "staffing:round_recusal_object",
        inside=_round("round_a1"),
        outside=_round("round_b"),
        **_OFFICE,
    ),
    Endpoint(
        "staffing:round_recusal_object",
        method="POST",
        inside=_round("round_a1"),
        outside=_round("round_b"),
        ok=(302,),
        **_OFFICE,
        data=lambda ns: {
            "cadre": ns.people.in_a1.pk,
            "target": ns.tree.dept_a1.pk,
            "raised_by": "局党组书记",
            "kind": "position",
            "detail": "与局长系同学",
        },
    ),
    Endpoint(
        "staffing:round_recusals",
        inside=_round("round_a1", plant=True),
        outside=_round("round_b"),
        secret_inside="李秀英",
        secret_outside=_DETAIL,
        **_APPROVER,
    ),
    Endpoint(
        "staffing:recusal_check",
        inside=_planted,
        secret_inside="甲一县委2026年第一轮巡察",
        secret_outside="乙一县委2026年第一轮巡察",
        without="viewer_a",
    ),
    Endpoint("staffing:my_recusals", inside=_office_is_zhang, secret_inside="本人配偶在该局工作"),
    Endpoint("staffing:my_recusal_declare", inside=_office_is_zhang),
    Endpoint(
        "staffing:my_recusal_declare",
        method="POST",
        inside=_office_is_zhang,
        ok=(302,),
        data=lambda ns: dict(_DECLARE, unit="A2001"),
    ),
    Endpoint(
        "staffing:recusal", inside=_recusal("a"), outside=_recusal("b"), secret_inside="李秀英"
    ),
    Endpoint(
        "staffing:recusal",
        inside=_recusal("a"),
        outside=_recusal("b"),
        secret_inside="李秀英",
        secret_outside=_DETAIL,
        **_APPROVER,
    ),
    Endpoint("staffing:recusal_decide", inside=_recusal("a"), outside=_recusal("b"), **_OFFICE),
    Endpoint(
        "staffing:recusal_decide",
        method="POST",
        inside=_recusal("a"),
        outside=_recusal("b"),
        ok=(302,),
        **_OFFICE,
        data=lambda ns: {"status": "dismissed", "reason": "借调人员，不在编"},
    ),
    Endpoint(
        "staffing:recusal_reopen",
        method="POST",
        inside=_recusal("a", decided=True),
        outside=_recusal("b", decided=True),
        ok=(302,),
        **_OFFICE,
        data=lambda ns: {"reason": "复核"},
    ),
    Endpoint(
        "staffing:cadre_recusal_declare", inside=_cadre("in_a1"), outside=_cadre("in_b"), **_OFFICE
    ),
    Endpoint(
        "staffing:cadre_recusal_declare",
        method="POST",
        inside=_cadre("in_a1"),
        outside=_cadre("in_b"),
        ok=(302,),
        data=lambda ns: dict(_DECLARE),
        **_OFFICE,
    ),
    # --- API ---------------------------------------------------------------------------------
    Endpoint(
        "GET /api/recusals/",
        api=True,
        inside=_planted,
        secret_inside="李秀英",
        secret_outside="乙县申报",
    ),
    Endpoint(
        "GET /api/recusals/{recusal_id}",
        api=True,
        inside=_recusal("a", "recusal_id"),
        outside=_recusal("b", "recusal_id"),
        secret_inside="李秀英",
    ),
    Endpoint(
        "GET /api/recusals/{recusal_id}",
        api=True,
        inside=_recusal("a", "recusal_id"),
        outside=_recusal("b", "recusal_id"),
        secret_inside="李秀英",
        secret_outside=_DETAIL,
        **_APPROVER,
    ),
    Endpoint(
        "POST /api/recusals/declarations",
        method="POST",
        api=True,
        ok=(201,),
        **_OFFICE,
        data=lambda ns: {
            "cadre_id": ns.people.in_a1.pk,
            "target_id": ns.tree.dept_a1.pk,
            "round_id": ns.plans.round_a1.pk,
            "kind": "region",
            "detail": "籍贯在该县",
        },
    ),
    Endpoint(
        "POST /api/recusals/objections",
        method="POST",
        api=True,
        ok=(201,),
        **_OFFICE,
        data=lambda ns: {
            "cadre_id": ns.people.in_a1.pk,
            "target_id": ns.tree.dept_a1.pk,
            "round_id": ns.plans.round_a1.pk,
            "raised_by": "局党组书记",
            "detail": "与局长系同学",
        },
    ),
    Endpoint(
        "POST /api/recusals/{recusal_id}/decision",
        method="POST",
        api=True,
        inside=_recusal("a", "recusal_id"),
        outside=_recusal("b", "recusal_id"),
        **_OFFICE,
        data=lambda ns: {"status": "overridden", "reason": "仅负责后勤"},
    ),
    Endpoint(
        "POST /api/recusals/{recusal_id}/reopen",
        method="POST",
        api=True,
        inside=_recusal("a", "recusal_id", decided=True),
        outside=_recusal("b", "recusal_id", decided=True),
        **_OFFICE,
        data=lambda ns: {"reason": "复核"},
    ),
    Endpoint(
        "POST /api/recusals/rounds/{round_id}/scan",
        method="POST",
        api=True,
        inside=_round("round_a1", "round_id"),
        outside=_round("round_b", "round_id"),
        **_OFFICE,
    ),
    Endpoint(
        "GET /api/recusals/rounds/{round_id}/cadres/{cadre_id}/check",
        api=True,
        inside=_check("round_a1", "in_a1"),
        outside=_check("round_b", "in_b"),
        secret_inside="甲一县农业农村局",
        without="viewer_a",
    ),
]
