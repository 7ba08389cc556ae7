"""Authorization-matrix entries for the staffing endpoints (see tests/authz.py for Endpoint).

`ns` carries tree, personas, people (tests.factories.make_people) and plans
(tests.factories.make_plans)."""

from tests.authz import Endpoint
from xuncha.staffing import services
from xuncha.staffing.models import FormationProposal, MemberRole, ProposalMember, ProposalStatus

# Teams and proposals of a round are read with plan.view and changed with plan.edit: the leading
# group (viewer_a) may look but not change; norole sees nothing.
_EDIT = {"without": "viewer_a"}


def _round(which, key="pk"):
    return lambda ns: {key: getattr(ns.plans, which).pk}


def _member(which, key="pk"):
    """A member on the round's first team: 张建国 as leader in A1, 赵外人 in B1."""

    def build(ns):
        if which == "a":
            member = services.add_member(
                ns.plans.round_a1,
                ns.people.team_a1,
                ns.people.in_a1,
                actor=None,
                role=MemberRole.LEADER,
            )
        else:
            member = services.add_member(
                ns.plans.round_b, ns.people.team_b, ns.people.in_b, actor=None
            )
        return {key: member.pk}

    return build


def _proposal(which, key="pk"):
    """An open proposal with one seat (written straight to the tables, as make_plans does)."""

    def build(ns):
        round_ = ns.plans.round_a1 if which == "a" else ns.plans.round_b
        team = ns.people.team_a1 if which == "a" else ns.people.team_b
        cadre = ns.people.in_a1 if which == "a" else ns.people.in_b
        proposal = FormationProposal.objects.create(
            round=round_,
            status=ProposalStatus.PROPOSED,
            objective=3,
            baseline_objective=5,
            proven_optimal=True,
            explanation={"team_ids": [team.pk], "general": [], "teams": {}},
        )
        ProposalMember.objects.create(
            proposal=proposal,
            team=team,
            cadre=cadre,
            role=MemberRole.LEADER,
            reasons=["来自组长库。"],
        )
        return {key: proposal.pk}

    return build


def _round_with_member(which, key):
    def build(ns):
        _member(which)(ns)
        return _round("round_a1" if which == "a" else "round_b", key)(ns)

    return build


def _round_with_proposal(which, key):
    def build(ns):
        _proposal(which)(ns)
        return _round("round_a1" if which == "a" else "round_b", key)(ns)

    return build


ENDPOINTS: list[Endpoint] = [
    # --- pages -------------------------------------------------------------------------------
    Endpoint(
        "staffing:round_teams",
        inside=_round("round_a1"),
        outside=_round("round_b"),
        secret_inside="甲一县委第一巡察组",
        secret_outside="乙一县委第一巡察组",
    ),
    Endpoint(
        "staffing:team_propose",
        method="POST",
        inside=_round("round_a1"),
        outside=_round("round_b"),
        ok=(302,),
        data=lambda ns: {"time_limit": "2"},
        **_EDIT,
    ),
    Endpoint(
        "staffing:team_member_add",
        method="POST",
        inside=_round("round_a1"),
        outside=_round("round_b"),
        ok=(302,),
        **_EDIT,
        data=lambda ns: {
            "team": ns.people.team_a1.pk,
            "cadre": ns.people.in_a1.pk,
            "role": "leader",
        },
    ),
    Endpoint(
        "staffing:team_member_remove",
        inside=_member("a"),
        outside=_member("b"),
        **_EDIT,
        secret_inside="张建国",
    ),
    Endpoint(
        "staffing:team_member_remove",
        method="POST",
        inside=_member("a"),
        outside=_member("b"),
        ok=(302,),
        data=lambda ns: {"reason": "工作调整"},
        **_EDIT,
    ),
    Endpoint(
        "staffing:team_member_role",
        method="POST",
        inside=_member("a"),
        outside=_member("b"),
        ok=(302,),
        data=lambda ns: {"role": "drafter"},
        **_EDIT,
    ),
    Endpoint(
        "staffing:proposal",
        inside=_proposal("a"),
        outside=_proposal("b"),
        secret_inside="张建国",
        secret_outside="赵外人",
    ),
    Endpoint(
        "staffing:proposal_accept",
        method="POST",
        inside=_proposal("a"),
        outside=_proposal("b"),
        ok=(302,),
        data=lambda ns: {"note": "同意"},
        **_EDIT,
    ),
    Endpoint(
        "staffing:proposal_reject",
        method="POST",
        inside=_proposal("a"),
        outside=_proposal("b"),
        ok=(302,),
        data=lambda ns: {"note": "人选需调整"},
        **_EDIT,
    ),
    # --- API ---------------------------------------------------------------------------------
    Endpoint(
        "GET /api/staffing/rounds/{round_id}/members",
        api=True,
        inside=_round_with_member("a", "round_id"),
        outside=_round_with_member("b", "round_id"),
        secret_inside="张建国",
        secret_outside="赵外人",
    ),
    Endpoint(
        "POST /api/staffing/rounds/{round_id}/members",
        method="POST",
        api=True,
        inside=_round("round_a1", "round_id"),
        outside=_round("round_b", "round_id"),
        ok=(201,),
        **_EDIT,
        data=lambda ns: {
            "team_id": ns.people.team_a1.pk,
            "cadre_id": ns.people.in_a1.pk,
            "role": "leader",
        },
    ),
    Endpoint(
        "PATCH /api/staffing/members/{member_id}",
        method="PATCH",
        api=True,
        inside=_member("a", "member_id"),
        outside=_member("b", "member_id"),
        **_EDIT,
        data=lambda ns: {"role": "drafter"},
    ),
    Endpoint(
        "POST /api/staffing/members/{member_id}/remove",
        method="POST",
        api=True,
        inside=_member("a", "member_id"),
        outside=_member("b", "member_id"),
        ok=(204,),
        data=lambda ns: {"reason": "工作调整"},
        **_EDIT,
    ),
    Endpoint(
        "GET /api/staffing/rounds/{round_id}/proposals",
        api=True,
        inside=_round_with_proposal("a", "round_id"),
        outside=_round_with_proposal("b", "round_id"),
        secret_inside='"objective": 3',
    ),
    Endpoint(
        "POST /api/staffing/rounds/{round_id}/proposals",
        method="POST",
        api=True,
        inside=_round("round_a1", "round_id"),
        outside=_round("round_b", "round_id"),
        ok=(201,),
        data=lambda ns: {"time_limit": 2},
        **_EDIT,
    ),
    Endpoint(
        "GET /api/staffing/proposals/{proposal_id}",
        api=True,
        inside=_proposal("a", "proposal_id"),
        outside=_proposal("b", "proposal_id"),
        secret_inside="张建国",
        secret_outside="赵外人",
    ),
    Endpoint(
        "POST /api/staffing/proposals/{proposal_id}/accept",
        method="POST",
        api=True,
        inside=_proposal("a", "proposal_id"),
        outside=_proposal("b", "proposal_id"),
        data=lambda ns: {"note": ""},
        **_EDIT,
    ),
    Endpoint(
        "POST /api/staffing/proposals/{proposal_id}/reject",
        method="POST",
        api=True,
        inside=_proposal("a", "proposal_id"),
        outside=_proposal("b", "proposal_id"),
        data=lambda ns: {"note": "人选需调整"},
        **_EDIT,
    ),
]
