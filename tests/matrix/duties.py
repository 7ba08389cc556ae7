"""Authorization-matrix entries for the duties endpoints (see tests/authz.py for Endpoint).

`ns` carries tree, personas, people (tests.factories.make_people) and plans
(tests.factories.make_plans). `staff_rounds(ns)` approves both rounds and seats their teams:
张建国 leads team_a1 with 王志强 as a member (王志强's account is the persona `member_a1`,
a team member at county A1), and 赵外人 leads team_b. The staffing tests build on it too.
"""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from tests.authz import Endpoint
from tests.factories import make_user
from xuncha.accounts.roles import Role
from xuncha.people.models import Cadre
from xuncha.plans.models import Round, RoundStatus
from xuncha.staffing import duties
from xuncha.staffing.models import MemberRole, TeamMember


def staff_rounds(ns) -> SimpleNamespace:
    """Approved rounds with seated teams and a member with an account (idempotent)."""
    if getattr(ns, "duties", None) is not None:
        return ns.duties
    p, t, pl = ns.people, ns.tree, ns.plans
    Round.objects.filter(pk__in=[pl.round_a1.pk, pl.round_b.pk]).update(status=RoundStatus.APPROVED)
    pl.round_a1.refresh_from_db()
    pl.round_b.refresh_from_db()
    leader_a = TeamMember.objects.create(
        round=pl.round_a1, team=p.team_a1, cadre=p.in_a1, role=MemberRole.LEADER
    )
    member_a = TeamMember.objects.create(
        round=pl.round_a1, team=p.team_a1, cadre=p.in_a2, role=MemberRole.MEMBER
    )
    leader_b = TeamMember.objects.create(
        round=pl.round_b, team=p.team_b, cadre=p.in_b, role=MemberRole.LEADER
    )
    account = make_user(
        "member_a1", unit=t.county_a2, full_name="王志强", roles=[(Role.TEAM_MEMBER, t.county_a1)]
    )
    Cadre.objects.filter(pk=p.in_a2.pk).update(user=account)
    p.in_a2.refresh_from_db()
    ns.personas.member_a1 = account
    ns.duties = SimpleNamespace(
        leader_a=leader_a, member_a=member_a, leader_b=leader_b, member_account=account
    )
    return ns.duties


def _side(ns, side: str):
    """(round, team, a member) of city A's county (side "a") or city B's ("b")."""
    staff_rounds(ns)
    if side == "a":
        return ns.plans.round_a1, ns.people.team_a1, ns.people.in_a2
    return ns.plans.round_b, ns.people.team_b, ns.people.in_b


def _yesterday() -> str:
    return str(timezone.localdate() - timedelta(days=1))


def authorize(ns, side: str):
    round, team, _member = _side(ns, side)
    return duties.issue_authorization(round, team, actor=None)


def pledge(ns, side: str):
    round, _team, member = _side(ns, side)
    return duties.sign_pledge(round, member, actor=None)


def gift(ns, side: str):
    round, _team, member = _side(ns, side)
    return duties.declare_gift(
        round,
        member,
        actor=None,
        kind="gift",
        offered_on=timezone.localdate(),
        offered_by="某供应商王经理",
        description="茶叶两盒",
        handling="returned",
    )


def evaluate(ns, side: str):
    round, _team, member = _side(ns, side)
    return duties.record_evaluation(
        round, member, actor=None, grade="excellent", comments="表现突出，作风扎实。"
    )


def _round(side: str, key: str = "pk", *makers):
    """The round's id (as `key`), after making the objects the endpoint shows."""

    def build(ns):
        round, _team, _member = _side(ns, side)
        for make in makers:
            make(ns, side)
        return {key: round.pk}

    return build


def _team(side: str):
    def build(ns):
        round, team, _member = _side(ns, side)
        return {"pk": round.pk, "team_pk": team.pk}

    return build


def _seat(side: str):
    def build(ns):
        round, _team, member = _side(ns, side)
        return {"pk": round.pk, "cadre_pk": member.pk}

    return build


def _made(maker, side: str, key: str = "pk"):
    return lambda ns: {key: maker(ns, side).pk}


def _leader_account(ns):
    """An account (persona `leader_a1`, no role) linked to 张建国, who leads team_a1."""
    staff_rounds(ns)
    if getattr(ns.personas, "leader_a1", None) is None:
        account = make_user("leader_a1", unit=ns.tree.county_a1, full_name="张建国")
        Cadre.objects.filter(pk=ns.people.in_a1.pk).update(user=account)
        ns.people.in_a1.refresh_from_db()
        ns.personas.leader_a1 = account
    return ns.personas.leader_a1


def _own_authorization(side: str, key: str = "pk"):
    """An authorization of the side's team; the persona `leader_a1` leads team_a1."""

    def build(ns):
        _leader_account(ns)
        return {key: authorize(ns, side).pk}

    return build


# The leader downloads their own authorization; the team's member may not.
_LEADER = {"allowed": "leader_a1", "without": "member_a1"}


def _gift_form(ns) -> dict:
    return {
        "cadre": ns.people.in_a2.pk,
        "kind": "banquet",
        "offered_on": _yesterday(),
        "offered_by": "被巡察单位办公室",
        "description": "工作餐后安排的宴请，当场谢绝",
        "handling": "refused",
    }


def _own_gift_form(ns) -> dict:
    return {k: v for k, v in _gift_form(ns).items() if k != "cadre"}


def _evaluation_form(ns) -> dict:
    prefix = f"c{ns.people.in_a2.pk}"
    return {f"{prefix}-grade": "competent", f"{prefix}-comments": "能够完成交办任务。"}


_EDIT = {"without": "viewer_a"}
_MINE = {"allowed": "member_a1", "without": "norole"}

ENDPOINTS: list[Endpoint] = [
    # --- pages -----------------------------------------------------------------------------------
    Endpoint(
        "staffing:duties",
        inside=_round("a", "pk", authorize),
        outside=_round("b"),
        secret_inside="巡授",
        secret_outside="乙一县委第一巡察组",
    ),
    Endpoint(
        "staffing:authorization_issue",
        inside=_team("a"),
        outside=_team("b"),
        secret_inside="张建国",
        **_EDIT,
    ),
    Endpoint(
        "staffing:authorization_issue",
        method="POST",
        inside=_team("a"),
        outside=_team("b"),
        ok=(302,),
        data=lambda ns: {"document_number": ""},
        **_EDIT,
    ),
    Endpoint(
        "staffing:authorization_download",
        inside=_made(authorize, "a"),
        outside=_made(authorize, "b"),
    ),
    Endpoint(
        "staffing:authorization_download",
        inside=_own_authorization("a"),
        outside=_own_authorization("b"),
        **_LEADER,
    ),
    Endpoint(
        "staffing:pledges",
        inside=_round("a", "pk", pledge),
        outside=_round("b"),
        secret_inside="王志强",
        secret_outside="赵外人",
    ),
    Endpoint(
        "staffing:pledge_sign",
        method="POST",
        inside=_round("a"),
        outside=_round("b"),
        ok=(302,),
        data=lambda ns: {"cadre": ns.people.in_a2.pk, "signed_on": ""},
        **_EDIT,
    ),
    Endpoint(
        "staffing:pledge_register",
        inside=_round("a"),
        outside=_round("b"),
        secret_inside="王志强",
        secret_outside="赵外人",
    ),
    Endpoint("staffing:pledge_download", inside=_made(pledge, "a"), outside=_made(pledge, "b")),
    Endpoint(
        "staffing:gifts",
        inside=_round("a", "pk", gift),
        outside=_round("b"),
        secret_inside="某供应商王经理",
        **_EDIT,
    ),
    Endpoint(
        "staffing:gift_declare",
        inside=_round("a"),
        outside=_round("b"),
        secret_inside="王志强",
        **_EDIT,
    ),
    Endpoint(
        "staffing:gift_declare",
        method="POST",
        inside=_round("a"),
        outside=_round("b"),
        ok=(302,),
        data=_gift_form,
        **_EDIT,
    ),
    Endpoint(
        "staffing:evaluations",
        inside=_round("a", "pk", evaluate),
        outside=_round("b"),
        secret_inside="表现突出",
        **_EDIT,
    ),
    Endpoint(
        "staffing:evaluation_record",
        method="POST",
        inside=_seat("a"),
        outside=_seat("b"),
        ok=(302,),
        data=_evaluation_form,
        **_EDIT,
    ),
    Endpoint(
        "staffing:evaluation_letter",
        inside=_made(evaluate, "a"),
        outside=_made(evaluate, "b"),
        **_EDIT,
    ),
    Endpoint(
        "staffing:my_duties",
        inside=lambda ns: staff_rounds(ns) and {},
        secret_inside="甲一县委2026年第一轮巡察",
        **_MINE,
    ),
    Endpoint(
        "staffing:my_pledge",
        inside=_round("a"),
        outside=_round("b"),
        secret_inside="不私自留存",
        **_MINE,
    ),
    Endpoint(
        "staffing:my_pledge",
        method="POST",
        inside=_round("a"),
        outside=_round("b"),
        ok=(302,),
        data=lambda ns: {"confirm": "on"},
        **_MINE,
    ),
    Endpoint("staffing:my_gift", inside=_round("a"), outside=_round("b"), **_MINE),
    Endpoint(
        "staffing:my_gift",
        method="POST",
        inside=_round("a"),
        outside=_round("b"),
        ok=(302,),
        data=_own_gift_form,
        **_MINE,
    ),
    # --- API -------------------------------------------------------------------------------------
    Endpoint(
        "GET /api/duties/rounds/{round_id}/authorizations",
        api=True,
        inside=_round("a", "round_id", authorize),
        outside=_round("b", "round_id"),
        secret_inside="巡授",
    ),
    Endpoint(
        "POST /api/duties/rounds/{round_id}/authorizations",
        method="POST",
        api=True,
        inside=_round("a", "round_id"),
        outside=_round("b", "round_id"),
        ok=(201,),
        data=lambda ns: {"team_id": ns.people.team_a1.pk},
        **_EDIT,
    ),
    Endpoint(
        "GET /api/duties/authorizations/{authorization_id}/document",
        api=True,
        inside=_made(authorize, "a", "authorization_id"),
        outside=_made(authorize, "b", "authorization_id"),
    ),
    Endpoint(
        "GET /api/duties/authorizations/{authorization_id}/document",
        api=True,
        inside=_own_authorization("a", "authorization_id"),
        outside=_own_authorization("b", "authorization_id"),
        **_LEADER,
    ),
    Endpoint(
        "GET /api/duties/rounds/{round_id}/pledges",
        api=True,
        inside=_round("a", "round_id", pledge),
        outside=_round("b", "round_id"),
        secret_inside="王志强",
    ),
    Endpoint(
        "POST /api/duties/rounds/{round_id}/pledges",
        method="POST",
        api=True,
        inside=_round("a", "round_id"),
        outside=_round("b", "round_id"),
        ok=(201,),
        data=lambda ns: {"cadre_id": ns.people.in_a2.pk},
        **_EDIT,
    ),
    Endpoint(
        "GET /api/duties/pledges/{pledge_id}/document",
        api=True,
        inside=_made(pledge, "a", "pledge_id"),
        outside=_made(pledge, "b", "pledge_id"),
    ),
    Endpoint(
        "GET /api/duties/rounds/{round_id}/gifts",
        api=True,
        inside=_round("a", "round_id", gift),
        outside=_round("b", "round_id"),
        secret_inside="某供应商王经理",
        **_EDIT,
    ),
    Endpoint(
        "POST /api/duties/rounds/{round_id}/gifts",
        method="POST",
        api=True,
        inside=_round("a", "round_id"),
        outside=_round("b", "round_id"),
        ok=(201,),
        data=lambda ns: {**_own_gift_form(ns), "cadre_id": ns.people.in_a2.pk},
        **_EDIT,
    ),
    Endpoint(
        "GET /api/duties/rounds/{round_id}/evaluations",
        api=True,
        inside=_round("a", "round_id", evaluate),
        outside=_round("b", "round_id"),
        secret_inside="表现突出",
        **_EDIT,
    ),
    Endpoint(
        "POST /api/duties/rounds/{round_id}/evaluations",
        method="POST",
        api=True,
        inside=_round("a", "round_id"),
        outside=_round("b", "round_id"),
        ok=(201,),
        data=lambda ns: {
            "cadre_id": ns.people.in_a2.pk,
            "grade": "excellent",
            "comments": "表现突出。",
        },
        **_EDIT,
    ),
    Endpoint(
        "GET /api/duties/evaluations/{evaluation_id}/letter",
        api=True,
        inside=_made(evaluate, "a", "evaluation_id"),
        outside=_made(evaluate, "b", "evaluation_id"),
        **_EDIT,
    ),
]
