"""Cadres, talent pools and teams in the API: the same choke points as the pages.

Writes load their object with the view capability (404 when out of scope) and leave the edit
capability to the service (403). The entries of a cadre's record are under
/api/people/cadres/{cadre_id}/<kind> (see `api_records`); relatives and working relations are
read only by holders of people.edit.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xuncha.accounts.permissions import visible_users
from xuncha.core.api import forbidden, invalid
from xuncha.orgs.permissions import get_unit_for_user, visible_units
from xuncha.people import services
from xuncha.people.models import Gender, PoolKind, Specialty
from xuncha.people.permissions import (
    get_cadre_for_user,
    get_pool_for_user,
    get_team_for_user,
    may_read_removal_reason,
    visible_cadres,
    visible_memberships,
    visible_pools,
    visible_teams,
)
from xuncha.people.selectors import skill_q

router = Router(tags=["people"])
CURRENT = Q(memberships__removed_on__isnull=True)


class CadreOut(Schema):
    id: int
    full_name: str
    gender: str
    birth_year: int | None
    unit_id: int
    unit_name: str
    post: str
    rank: str
    specialty: str
    expertise: list[str]
    skills: list[str]
    education: str
    native_place_id: int | None
    is_active: bool

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_expertise(obj) -> list[str]:
        return obj.expertise_tags

    @staticmethod
    def resolve_skills(obj) -> list[str]:
        return [s for s in Specialty.values if s in obj.skills]


class MembershipOut(Schema):
    pool_id: int
    joined_on: date
    removed_on: date | None
    removal_reason: str

    @staticmethod
    def resolve_removal_reason(obj, context) -> str:
        # For the office keeping the pool only, as on the pages.
        return obj.removal_reason if may_read_removal_reason(context["request"].auth, obj) else ""


class PoolMemberOut(MembershipOut):
    id: int
    cadre_id: int
    full_name: str

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.cadre.full_name


class CadreDetailOut(CadreOut):
    phone: str
    notes: str
    user_id: int | None
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj) -> list:
        # Set by the view: only memberships of pools the caller may see.
        return obj.visible_memberships


class PoolOut(Schema):
    id: int
    jurisdiction_id: int
    kind: str
    name: str
    description: str
    is_active: bool
    members: int


class TeamOut(Schema):
    id: int
    jurisdiction_id: int
    number: int
    name: str
    is_active: bool


@router.get("/cadres", response=list[CadreOut], summary="Cadres in scope")
@paginate
def list_cadres(
    request,
    q: str = "",
    pool_id: int | None = None,
    specialty: Specialty | None = None,
    skill: Specialty | None = None,
    active: bool | None = None,
):
    """`specialty` filters on the main specialty; `skill` on the main specialty or the further
    expertise. `pool_id` gives the pool's current members."""
    qs = visible_cadres(request.auth).order_by("full_name", "id")
    if q:
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(post__icontains=q)
            | Q(education__icontains=q)
            | Q(unit__name__icontains=q)
        )
    if pool_id is not None:
        pool = visible_pools(request.auth).filter(pk=pool_id).first()
        qs = qs.filter(CURRENT, memberships__pool=pool) if pool else qs.none()
    if specialty is not None:
        qs = qs.filter(specialty=specialty)
    if skill is not None:
        qs = qs.filter(skill_q(skill))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


@router.get("/cadres/{int:cadre_id}", response=CadreDetailOut, summary="One cadre")
def get_cadre(request, cadre_id: int):
    cadre = get_cadre_for_user(request.auth, cadre_id)
    pool_ids = visible_pools(request.auth).values("pk")
    cadre.visible_memberships = list(
        cadre.memberships.filter(pool_id__in=pool_ids).select_related("pool__jurisdiction")
    )
    return cadre


@router.get("/pools", response=list[PoolOut], summary="Talent pools in scope")
@paginate
def list_pools(request, kind: PoolKind | None = None, jurisdiction_id: int | None = None):
    qs = (
        visible_pools(request.auth)
        .annotate(members=Count("memberships", filter=Q(memberships__removed_on__isnull=True)))
        .order_by("jurisdiction__path", "kind", "name")
    )
    if kind is not None:
        qs = qs.filter(kind=kind)
    if jurisdiction_id is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    return qs


@router.get("/pools/{int:pool_id}", response=PoolOut, summary="One talent pool")
def get_pool(request, pool_id: int):
    pool = get_pool_for_user(request.auth, pool_id)
    pool.members = pool.memberships.filter(removed_on__isnull=True).count()
    return pool


@router.get(
    "/pools/{int:pool_id}/members", response=list[CadreOut], summary="The members of a talent pool"
)
@paginate
def list_pool_members(request, pool_id: int):
    pool = get_pool_for_user(request.auth, pool_id)
    return (
        visible_cadres(request.auth)
        .filter(CURRENT, memberships__pool=pool)
        .order_by("full_name", "id")
    )


@router.get("/teams", response=list[TeamOut], summary="Inspection teams in scope")
@paginate
def list_teams(request, jurisdiction_id: int | None = None):
    qs = visible_teams(request.auth).order_by("jurisdiction__path", "number")
    if jurisdiction_id is not None:
        qs = qs.filter(jurisdiction_id=jurisdiction_id)
    return qs


@router.get("/teams/{int:team_id}", response=TeamOut, summary="One inspection team")
def get_team(request, team_id: int):
    return get_team_for_user(request.auth, team_id)


# --- Writes: cadres and pool members ----------------------------------------------------------


class CadreIn(Schema):
    unit_id: int
    full_name: str = Field(..., min_length=1, max_length=60)
    gender: Gender | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    post: str = Field("", max_length=100)
    rank: str = Field("", max_length=40)
    specialty: Specialty = Specialty.OTHER
    expertise: list[Specialty] = []
    education: str = Field("", max_length=100)
    native_place_id: int | None = None
    phone: str = Field("", max_length=40)
    notes: str = ""


class CadrePatch(Schema):
    unit_id: int | None = None
    full_name: str | None = Field(None, min_length=1, max_length=60)
    gender: Gender | None = None
    birth_year: int | None = Field(None, ge=1900, le=2100)
    post: str | None = Field(None, max_length=100)
    rank: str | None = Field(None, max_length=40)
    specialty: Specialty | None = None
    expertise: list[Specialty] | None = None
    education: str | None = Field(None, max_length=100)
    native_place_id: int | None = None
    phone: str | None = Field(None, max_length=40)
    notes: str | None = None
    is_active: bool | None = None


def unit_field(user, unit_id: int | None):
    """A unit named in a payload: one the caller can see, else 422 (a unit out of scope and a
    unit that does not exist get the same answer)."""
    if unit_id is None:
        return None
    unit = visible_units(user).filter(pk=unit_id).first()
    if unit is None:
        raise invalid(ValidationError(_("No unit with this code in your scope.")))
    return unit


def _cadre_fields(user, data: dict) -> dict:
    fields = {k: v for k, v in data.items() if k not in ("unit_id", "native_place_id")}
    if "gender" in fields:
        fields["gender"] = fields["gender"] or ""
    if "native_place_id" in data:
        fields["native_place"] = unit_field(user, data["native_place_id"])
    return fields


@router.post("/cadres", response={201: CadreDetailOut}, summary="Register a cadre")
def create_cadre(request, payload: CadreIn):
    unit = get_unit_for_user(request.auth, payload.unit_id)
    try:
        cadre = services.create_cadre(
            actor=request.auth, unit=unit, **_cadre_fields(request.auth, payload.dict())
        )
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    cadre.visible_memberships = []
    return Status(201, cadre)


@router.patch("/cadres/{int:cadre_id}", response=CadreDetailOut, summary="Change a cadre")
def update_cadre(request, cadre_id: int, payload: CadrePatch):
    cadre = get_cadre_for_user(request.auth, cadre_id)
    data = payload.dict(exclude_unset=True)
    fields = _cadre_fields(request.auth, data)
    if data.get("unit_id") is not None:
        fields["unit"] = get_unit_for_user(request.auth, data["unit_id"])
    try:
        cadre = services.update_cadre(cadre, actor=request.auth, **fields)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return get_cadre(request, cadre.pk)


class AccountIn(Schema):
    user_id: int
    reason: str = Field("", max_length=200)


@router.post(
    "/cadres/{int:cadre_id}/account",
    response=CadreDetailOut,
    summary="Link a cadre to the account they sign in with",
)
def link_account(request, cadre_id: int, payload: AccountIn):
    cadre = get_cadre_for_user(request.auth, cadre_id)
    # Only accounts in the caller's sight resolve; the service answers the rest alike.
    account = visible_users(request.auth).filter(pk=payload.user_id).first()
    try:
        services.link_account(cadre, account, actor=request.auth, reason=payload.reason)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return get_cadre(request, cadre.pk)


@router.delete(
    "/cadres/{int:cadre_id}/account",
    response=CadreDetailOut,
    summary="Take the account away from a cadre",
)
def unlink_account(request, cadre_id: int, reason: str = ""):
    cadre = get_cadre_for_user(request.auth, cadre_id)
    try:
        services.unlink_account(cadre, actor=request.auth, reason=reason[:200])
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return get_cadre(request, cadre.pk)


class PoolMemberIn(Schema):
    cadre_id: int
    joined_on: date | None = None


class RemovalIn(Schema):
    reason: str = Field(..., min_length=1)
    removed_on: date | None = None


@router.get(
    "/pools/{int:pool_id}/memberships",
    response=list[PoolMemberOut],
    summary="Members of a talent pool, current and removed",
)
@paginate
def list_pool_memberships(request, pool_id: int, current: bool | None = None):
    pool = get_pool_for_user(request.auth, pool_id)
    qs = visible_memberships(request.auth).filter(pool=pool)
    if current is not None:
        qs = qs.filter(removed_on__isnull=current)
    return qs.order_by("cadre__full_name", "cadre_id")


@router.post(
    "/pools/{int:pool_id}/members",
    response={201: PoolMemberOut},
    summary="Admit a cadre to a talent pool (or admit a removed member again)",
)
def add_pool_member(request, pool_id: int, payload: PoolMemberIn):
    pool = get_pool_for_user(request.auth, pool_id)
    cadre = get_cadre_for_user(request.auth, payload.cadre_id)
    try:
        membership = services.add_to_pool(
            pool, cadre, actor=request.auth, joined_on=payload.joined_on
        )
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return Status(201, membership)


@router.post(
    "/pools/{int:pool_id}/members/{int:cadre_id}/removal",
    response=PoolMemberOut,
    summary="Remove a cadre from a talent pool, with the reason",
)
def remove_pool_member(request, pool_id: int, cadre_id: int, payload: RemovalIn):
    pool = get_pool_for_user(request.auth, pool_id)
    membership = get_object_or_404(visible_memberships(request.auth), pool=pool, cadre_id=cadre_id)
    try:
        return services.remove_from_pool(
            membership, actor=request.auth, reason=payload.reason, removed_on=payload.removed_on
        )
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None


from xuncha.people import api_records  # noqa: E402, F401  -- registers the record routes
