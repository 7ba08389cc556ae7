"""Scope: which units a user's roles reach, for which capability.

Every access check in the platform comes down to these functions. The scope of a capability is
the union, over the user's role assignments whose role holds the capability, of the assigned unit
(and its subtree when `include_descendants`): one SQL predicate on the materialized path.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.roles import Capability, Role, capabilities_of, requires_second_factor
from xuncha.orgs.tree import subtree_q


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    path: str
    include_descendants: bool

    def covers(self, path: str) -> bool:
        if self.include_descendants:
            return path.startswith(self.path)
        return path == self.path

    def q(self, field: str) -> Q:
        if self.include_descendants:
            return subtree_q(self.path, field)
        return Q(**{field: self.path})


def signed_in(user) -> bool:
    """An active, authenticated account (not anonymous, not a command)."""
    return user is not None and user.is_authenticated and user.is_active


def grants(user) -> list[Grant]:
    """The user's role assignments, loaded once per user object (so once per request)."""
    if not signed_in(user):
        return []
    cached = getattr(user, "_xuncha_grants", None)
    if cached is None:
        rows = RoleAssignment.objects.filter(user_id=user.pk, unit__is_active=True).values_list(
            "role", "unit_id", "unit__path", "include_descendants"
        )
        cached = [Grant(*row) for row in rows]
        user._xuncha_grants = cached
    return cached


def forget_grants(user) -> None:
    if hasattr(user, "_xuncha_grants"):
        del user._xuncha_grants


def roles_of(user) -> set[str]:
    return {g.role for g in grants(user)}


def capabilities(user) -> set[Capability]:
    out: set[Capability] = set()
    for role in roles_of(user):
        out |= capabilities_of(role)
    return out


def has_capability(user, capability: Capability) -> bool:
    """Whether the capability reaches any unit at all (for navigation, not for objects)."""
    return capability in capabilities(user)


def needs_second_factor(user) -> bool:
    return any(requires_second_factor(role) for role in roles_of(user))


def scope_q(user, capability: Capability, field: str = "path") -> Q | None:
    """The predicate on `field` (a unit path) that the capability reaches; None for nowhere."""
    parts = [g.q(field) for g in grants(user) if capability in capabilities_of(g.role)]
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def restrict(qs: QuerySet, user, capability: Capability, field: str = "path") -> QuerySet:
    """`qs` cut down to rows whose unit path (at `field`) the capability reaches."""
    q = scope_q(user, capability, field)
    return qs.none() if q is None else qs.filter(q)


def role_for(user, capability: Capability, path: str) -> str | None:
    """The first role of the user that grants `capability` at the unit with `path`."""
    for g in grants(user):
        if capability in capabilities_of(g.role) and g.covers(path):
            return g.role
    return None


def require(user, capability: Capability, path: str) -> str:
    """Raise PermissionDenied unless the capability reaches `path`; return the granting role."""
    role = role_for(user, capability, path)
    if role is None:
        raise PermissionDenied
    return role


def authorize(actor, capability: Capability, path: str) -> str:
    """`require` for services that management commands also call: actor None stands for the
    command line (seed data, bootstrapping) and is let through with no role; any account is
    checked. Pages and the API always pass the signed-in account."""
    return "" if actor is None else require(actor, capability, path)


def acting_role(user) -> str:
    """A short label of the user's roles for the audit trail when no single role applies."""
    return ",".join(sorted(roles_of(user)))[:64]


# --- Accounts: the choke point ---------------------------------------------------------------


def visible_users(user, capability: Capability = Capability.USER_VIEW) -> QuerySet[User]:
    """Accounts whose work unit lies in the user's scope for `capability`."""
    return restrict(User.objects.select_related("unit"), user, capability, "unit__path")


def get_user_for_user(user, pk: int, capability: Capability = Capability.USER_VIEW) -> User:
    """The account, or 404 alike for 'does not exist' and 'not in your scope'."""
    return get_object_or_404(visible_users(user, capability), pk=pk)


def visible_assignments(user) -> QuerySet[RoleAssignment]:
    """Role assignments at units the user may assign roles at."""
    return restrict(
        RoleAssignment.objects.select_related("user", "unit", "granted_by"),
        user,
        Capability.ROLE_ASSIGN,
        "unit__path",
    )


def get_assignment_for_user(user, pk: int) -> RoleAssignment:
    try:
        return visible_assignments(user).get(pk=pk)
    except RoleAssignment.DoesNotExist:
        raise Http404 from None


__all__ = ["Capability", "Grant", "Role"]
