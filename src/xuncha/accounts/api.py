"""Accounts in the API: read within scope; administrators' writes go through the services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xuncha.accounts import services
from xuncha.accounts.permissions import get_user_for_user, has_capability, visible_users
from xuncha.accounts.roles import Capability
from xuncha.core.api import forbidden, invalid
from xuncha.orgs.permissions import visible_units

router = Router(tags=["users"])


class RoleOut(Schema):
    role: str
    unit_id: int
    include_descendants: bool


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    unit_id: int | None
    title: str
    is_active: bool


class UserDetailOut(UserOut):
    phone: str
    email: str
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(obj) -> list[dict]:
        return [
            {"role": a.role, "unit_id": a.unit_id, "include_descendants": a.include_descendants}
            for a in obj.role_assignments.all()
        ]


class UserIn(Schema):
    username: str = Field(..., max_length=150, pattern=r"^[A-Za-z0-9_.@-]+$")
    full_name: str = Field(..., max_length=60)
    unit_id: int
    password: str
    title: str = Field("", max_length=100)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)


@router.get("/me", response=UserDetailOut, summary="The signed-in account")
def me(request):
    return request.auth


@router.get("/", response=list[UserOut], summary="Accounts in scope")
@paginate
def list_users(request, q: str = ""):
    qs = visible_users(request.auth).order_by("username")
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return qs


@router.get("/{int:user_id}", response=UserDetailOut, summary="One account")
def get_user(request, user_id: int):
    return get_user_for_user(request.auth, user_id)


@router.post("/", response={201: UserDetailOut}, summary="Open an account (system administrator)")
def create_user(request, payload: UserIn):
    actor = request.auth
    if not has_capability(actor, Capability.USER_MANAGE):
        raise forbidden()
    unit = get_object_or_404(visible_units(actor, Capability.USER_MANAGE), pk=payload.unit_id)
    data = payload.dict(exclude={"unit_id"})
    try:
        user = services.create_user(actor=actor, unit=unit, **data)
    except ValidationError as exc:
        raise invalid(exc) from None
    except PermissionDenied:
        raise forbidden() from None
    return Status(201, user)
