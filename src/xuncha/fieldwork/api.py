"""Stationing in the API: the same choke point as the pages (`fieldwork.access`)."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.accounts.permissions import visible_users
from xuncha.core.api import forbidden, invalid
from xuncha.fieldwork import services
from xuncha.fieldwork.access import get_stationing_for_user, may_manage_grants, visible_stationings
from xuncha.fieldwork.models import InspectionGrant
from xuncha.staffing.models import TeamMember

router = Router(tags=["fieldwork"])


class StationingOut(Schema):
    id: int
    round_id: int
    round: str
    team_id: int
    team: str
    target_id: int
    target: str
    stage: str
    stationed_from: date
    stationed_until: date

    @staticmethod
    def resolve_round(obj) -> str:
        return obj.round.name

    @staticmethod
    def resolve_team(obj) -> str:
        return obj.team.name

    @staticmethod
    def resolve_target(obj) -> str:
        return obj.target.name

    @staticmethod
    def resolve_stationed_from(obj) -> date:
        return obj.window[0]

    @staticmethod
    def resolve_stationed_until(obj) -> date:
        return obj.window[1]


class MemberOut(Schema):
    cadre_id: int
    name: str
    role: str


class StationingDetail(StationingOut):
    members: list[MemberOut]


class GrantOut(Schema):
    id: int
    user_id: int
    username: str
    reason: str
    expires_on: date | None
    granted_at: datetime
    revoked_at: datetime | None

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.user.username


class GrantIn(Schema):
    username: str
    reason: str
    expires_on: date | None = None


class RevokeIn(Schema):
    reason: str


@router.get("/inspections", response=list[StationingOut])
@paginate
def list_stationings(request):
    return visible_stationings(request.auth).order_by("-round__starts_on", "team__number", "pk")


@router.get("/inspections/{inspection_id}", response=StationingDetail)
def get_stationing(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    members = TeamMember.objects.filter(
        round_id=inspection.round_id, team_id=inspection.team_id
    ).select_related("cadre")
    inspection.members = [
        {"cadre_id": m.cadre_id, "name": m.cadre.full_name, "role": m.role} for m in members
    ]
    return inspection


@router.get("/inspections/{inspection_id}/grants", response=list[GrantOut])
def list_grants(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    if not may_manage_grants(request.auth, inspection):
        raise forbidden()
    return list(InspectionGrant.objects.filter(inspection=inspection).select_related("user"))


@router.post("/inspections/{inspection_id}/grants", response={201: GrantOut})
def create_grant(request, inspection_id: int, payload: GrantIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    if not may_manage_grants(request.auth, inspection):
        raise forbidden()
    user = visible_users(request.auth).filter(
        username=payload.username.strip(), is_active=True
    ).first()
    if user is None:
        raise invalid(ValidationError(_("No such account in your scope.")))
    try:
        grant = services.grant_access(
            inspection, user, actor=request.auth, reason=payload.reason,
            expires_on=payload.expires_on,
        )
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return Status(201, grant)


@router.post("/grants/{grant_id}/revoke", response=GrantOut)
def revoke_grant(request, grant_id: int, payload: RevokeIn):
    grant = get_object_or_404(
        InspectionGrant.objects.filter(inspection__in=visible_stationings(request.auth)),
        pk=grant_id,
    )
    if not may_manage_grants(request.auth, grant.inspection):
        raise forbidden()
    try:
        return services.revoke_access(grant, actor=request.auth, reason=payload.reason)
    except ValidationError as exc:
        raise invalid(exc) from None


from xuncha.fieldwork.api_briefing import router as briefing_router  # noqa: E402
from xuncha.fieldwork.api_prep import router as prep_router  # noqa: E402
from xuncha.fieldwork.api_records import router as records_router  # noqa: E402

router.add_router("", prep_router)
router.add_router("", records_router)
router.add_router("", briefing_router)
