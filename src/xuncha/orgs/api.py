"""Units in the API: the same choke point as the pages."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import forbidden, invalid
from xuncha.orgs import services
from xuncha.orgs.models import Level, Sector, UnitKind
from xuncha.orgs.permissions import get_unit_for_user, visible_units

router = Router(tags=["units"])


class LeadershipOut(Schema):
    id: int
    name: str
    post: str
    is_principal: bool
    since: date | None


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    level: str
    kind: str
    sector: str
    parent_id: int | None
    depth: int
    has_office: bool
    is_active: bool


class UnitDetailOut(UnitOut):
    headcount: int | None
    party_members: int | None
    contact_person: str
    contact_phone: str
    address: str
    description: str
    leadership: list[LeadershipOut]

    @staticmethod
    def resolve_leadership(obj) -> list:
        return list(obj.leadership.all())


class UnitIn(Schema):
    parent_id: int
    code: str = Field(..., max_length=32)
    name: str = Field(..., max_length=200)
    short_name: str = Field("", max_length=60)
    level: Level
    kind: UnitKind
    sector: Sector = Sector.OTHER
    headcount: int | None = Field(None, ge=0)
    party_members: int | None = Field(None, ge=0)
    contact_person: str = Field("", max_length=60)
    contact_phone: str = Field("", max_length=40)
    address: str = Field("", max_length=200)
    has_office: bool = False
    description: str = ""


class UnitPatch(Schema):
    name: str | None = Field(None, max_length=200)
    short_name: str | None = Field(None, max_length=60)
    level: Level | None = None
    kind: UnitKind | None = None
    sector: Sector | None = None
    headcount: int | None = Field(None, ge=0)
    party_members: int | None = Field(None, ge=0)
    contact_person: str | None = Field(None, max_length=60)
    contact_phone: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=200)
    has_office: bool | None = None
    description: str | None = None


@router.get("/", response=list[UnitOut], summary="Units in scope")
@paginate
def list_units(request, q: str = "", parent_id: int | None = None, level: Level | None = None,
               active: bool | None = None):
    qs = visible_units(request.auth).order_by("path")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code=q))
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    if level is not None:
        qs = qs.filter(level=level)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


@router.get("/{int:unit_id}", response=UnitDetailOut, summary="One unit with its leadership")
def get_unit(request, unit_id: int):
    unit = get_unit_for_user(request.auth, unit_id)
    services.record_sensitive_view(unit, actor=request.auth)
    return unit


@router.post("/", response={201: UnitDetailOut}, summary="Add a unit under a parent")
def create_unit(request, payload: UnitIn):
    parent = get_unit_for_user(request.auth, payload.parent_id)
    try:
        unit = services.create_unit(actor=request.auth, parent=parent,
                                    **payload.dict(exclude={"parent_id"}))
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None
    return Status(201, unit)


@router.patch("/{int:unit_id}", response=UnitDetailOut, summary="Change a unit's profile")
def update_unit(request, unit_id: int, payload: UnitPatch):
    unit = get_unit_for_user(request.auth, unit_id)
    try:
        return services.update_unit(unit, actor=request.auth,
                                    **payload.dict(exclude_unset=True))
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None


