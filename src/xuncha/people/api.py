"""Cadres, talent pools and teams in the API: the same choke points as the pages."""

from datetime import date

from django.db.models import Count, Q
from ninja import Router, Schema
from ninja.pagination import paginate

from xuncha.people.models import PoolKind, Specialty
from xuncha.people.permissions import (
    get_cadre_for_user,
    get_pool_for_user,
    get_team_for_user,
    visible_cadres,
    visible_pools,
    visible_teams,
)

router = Router(tags=["people"])


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
    is_active: bool

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name


class MembershipOut(Schema):
    pool_id: int
    joined_on: date


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
    active: bool | None = None,
):
    qs = visible_cadres(request.auth).order_by("full_name", "id")
    if q:
        qs = qs.filter(
            Q(full_name__icontains=q) | Q(post__icontains=q) | Q(unit__name__icontains=q)
        )
    if pool_id is not None:
        pool = visible_pools(request.auth).filter(pk=pool_id).first()
        qs = qs.filter(memberships__pool=pool) if pool else qs.none()
    if specialty is not None:
        qs = qs.filter(specialty=specialty)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


@router.get("/cadres/{int:cadre_id}", response=CadreDetailOut, summary="One cadre")
def get_cadre(request, cadre_id: int):
    cadre = get_cadre_for_user(request.auth, cadre_id)
    pool_ids = visible_pools(request.auth).values("pk")
    cadre.visible_memberships = list(cadre.memberships.filter(pool_id__in=pool_ids))
    return cadre


@router.get("/pools", response=list[PoolOut], summary="Talent pools in scope")
@paginate
def list_pools(request, kind: PoolKind | None = None, jurisdiction_id: int | None = None):
    qs = (
        visible_pools(request.auth)
        .annotate(members=Count("memberships"))
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
    pool.members = pool.memberships.count()
    return pool


@router.get(
    "/pools/{int:pool_id}/members", response=list[CadreOut], summary="The members of a talent pool"
)
@paginate
def list_pool_members(request, pool_id: int):
    pool = get_pool_for_user(request.auth, pool_id)
    return visible_cadres(request.auth).filter(memberships__pool=pool).order_by("full_name", "id")


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
