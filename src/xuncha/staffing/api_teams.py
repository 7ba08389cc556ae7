"""The teams of a round and the formation assistant in the API (/api/staffing): the same choke
points and services as the pages."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import forbidden, invalid
from xuncha.people.permissions import visible_cadres
from xuncha.plans.permissions import get_round_for_user
from xuncha.staffing import services
from xuncha.staffing.models import MemberRole, ProposalStatus
from xuncha.staffing.permissions import (
    get_proposal_for_user,
    get_team_member_for_user,
    visible_proposals,
    visible_team_members,
)

router = Router(tags=["staffing"])


class TeamMemberOut(Schema):
    id: int
    round_id: int
    team_id: int
    team_name: str
    cadre_id: int
    cadre_name: str
    role: MemberRole
    added_at: datetime

    @staticmethod
    def resolve_team_name(obj) -> str:
        return obj.team.name

    @staticmethod
    def resolve_cadre_name(obj) -> str:
        return obj.cadre.full_name


class TeamMemberIn(Schema):
    team_id: int
    cadre_id: int
    role: MemberRole = MemberRole.MEMBER
    override_reason: str = Field("", max_length=500)


class RoleIn(Schema):
    role: MemberRole
    override_reason: str = Field("", max_length=500)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=500)


class ProposeIn(Schema):
    time_limit: float = Field(10.0, ge=1, le=60)


class NoteIn(Schema):
    note: str = Field("", max_length=1000)


class SeatOut(Schema):
    team_id: int
    cadre_id: int
    cadre_name: str
    role: MemberRole
    reasons: list[str]

    @staticmethod
    def resolve_cadre_name(obj) -> str:
        return obj.cadre.full_name


class ProposalOut(Schema):
    id: int
    round_id: int
    status: ProposalStatus
    objective: int | None
    baseline_objective: int | None
    proven_optimal: bool
    solve_seconds: float
    created_at: datetime
    decided_at: datetime | None
    decision_note: str


class ProposalDetailOut(ProposalOut):
    parameters: dict
    explanation: dict
    members: list[SeatOut]

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.select_related("cadre"))


def _member(request, member_id: int):
    return get_team_member_for_user(request.auth, member_id)


@router.get(
    "/rounds/{int:round_id}/members",
    response=list[TeamMemberOut],
    summary="Team members of a round",
)
@paginate
def list_members(request, round_id: int, team_id: int | None = None):
    round = get_round_for_user(request.auth, round_id)
    qs = visible_team_members(request.auth).filter(round=round).order_by("team__number", "id")
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    return qs


@router.post(
    "/rounds/{int:round_id}/members",
    response={201: TeamMemberOut},
    summary="Put a cadre on a team of the round",
)
def add_member(request, round_id: int, payload: TeamMemberIn):
    round = get_round_for_user(request.auth, round_id)
    inspection = round.inspections.filter(team_id=payload.team_id).select_related("team").first()
    cadre = visible_cadres(request.auth).filter(pk=payload.cadre_id).first()
    try:
        if inspection is None:
            raise ValidationError({"team_id": _("The team has no target in this round.")})
        if cadre is None:
            raise ValidationError({"cadre_id": _("No such cadre in your scope.")})
        member = services.add_member(
            round,
            inspection.team,
            cadre,
            actor=request.auth,
            role=payload.role,
            override_reason=payload.override_reason,
        )
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return Status(201, member)


@router.patch("/members/{int:member_id}", response=TeamMemberOut, summary="Change a role")
def change_role(request, member_id: int, payload: RoleIn):
    member = _member(request, member_id)
    try:
        return services.change_role(
            member,
            actor=request.auth,
            role=payload.role,
            override_reason=payload.override_reason,
        )
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None


@router.post(
    "/members/{int:member_id}/remove", response={204: None}, summary="Take a cadre off a team"
)
def remove_member(request, member_id: int, payload: ReasonIn):
    member = _member(request, member_id)
    try:
        services.remove_member(member, actor=request.auth, reason=payload.reason)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return Status(204, None)


@router.get(
    "/rounds/{int:round_id}/proposals",
    response=list[ProposalOut],
    summary="Team proposals of a round",
)
@paginate
def list_proposals(request, round_id: int, status: ProposalStatus | None = None):
    round = get_round_for_user(request.auth, round_id)
    qs = visible_proposals(request.auth).filter(round=round).order_by("-created_at", "-id")
    if status is not None:
        qs = qs.filter(status=status)
    return qs


@router.post(
    "/rounds/{int:round_id}/proposals",
    response={201: ProposalDetailOut},
    summary="Run the team-formation assistant",
)
def propose(request, round_id: int, payload: ProposeIn):
    round = get_round_for_user(request.auth, round_id)
    try:
        proposal = services.propose(round, actor=request.auth, time_limit=payload.time_limit)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return Status(201, proposal)


@router.get("/proposals/{int:proposal_id}", response=ProposalDetailOut, summary="One team proposal")
def get_proposal(request, proposal_id: int):
    return get_proposal_for_user(request.auth, proposal_id)


@router.post(
    "/proposals/{int:proposal_id}/accept",
    response=ProposalDetailOut,
    summary="Accept a proposal: its seats become team members",
)
def accept_proposal(request, proposal_id: int, payload: NoteIn):
    proposal = get_proposal_for_user(request.auth, proposal_id)
    try:
        return services.accept(proposal, actor=request.auth, note=payload.note)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None


@router.post(
    "/proposals/{int:proposal_id}/reject",
    response=ProposalDetailOut,
    summary="Reject a proposal, saying why",
)
def reject_proposal(request, proposal_id: int, payload: NoteIn):
    proposal = get_proposal_for_user(request.auth, proposal_id)
    try:
        return services.reject(proposal, actor=request.auth, note=payload.note)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
