"""The access choke points for cadres, talent pools and teams: pages and API go through them.

A cadre is seen by whoever's people.view reaches the cadre's work unit; pools and teams by
whoever's people.view reaches their jurisdiction. The entries of a cadre's record follow the
cadre, except relatives and working relations: personal data, read only with people.edit.
"""

from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import restrict, role_for, signed_in
from xuncha.accounts.roles import Capability
from xuncha.people.models import Cadre, PoolMembership, TalentPool, Team
from xuncha.people.records import kind_for


def visible_cadres(user, capability: Capability = Capability.PEOPLE_VIEW) -> QuerySet[Cadre]:
    """Cadres whose work unit lies in the user's scope for `capability`."""
    return restrict(Cadre.objects.select_related("unit"), user, capability, "unit__path")


def get_cadre_for_user(user, pk: int, capability: Capability = Capability.PEOPLE_VIEW) -> Cadre:
    """The cadre, or 404 alike for 'does not exist' and 'not in your scope'."""
    return get_object_or_404(visible_cadres(user, capability), pk=pk)


def visible_pools(user, capability: Capability = Capability.PEOPLE_VIEW) -> QuerySet[TalentPool]:
    """Talent pools of jurisdictions in the user's scope for `capability`."""
    return restrict(
        TalentPool.objects.select_related("jurisdiction"), user, capability, "jurisdiction__path"
    )


def get_pool_for_user(user, pk: int, capability: Capability = Capability.PEOPLE_VIEW) -> TalentPool:
    return get_object_or_404(visible_pools(user, capability), pk=pk)


def visible_teams(user, capability: Capability = Capability.PEOPLE_VIEW) -> QuerySet[Team]:
    """Inspection teams of jurisdictions in the user's scope for `capability`."""
    return restrict(
        Team.objects.select_related("jurisdiction"), user, capability, "jurisdiction__path"
    )


def get_team_for_user(user, pk: int, capability: Capability = Capability.PEOPLE_VIEW) -> Team:
    return get_object_or_404(visible_teams(user, capability), pk=pk)


# --- Entries of a cadre's record ------------------------------------------------------------


def record_capability(model: type[Model]) -> Capability:
    """What reading entries of this kind takes: people.view, or people.edit for personal data
    (relatives, working relations), which only the office reads."""
    return Capability.PEOPLE_EDIT if kind_for(model).private else Capability.PEOPLE_VIEW


def visible_records(user, model: type[Model], capability: Capability | None = None) -> QuerySet:
    """Entries of `model` on cadres whose work unit the capability reaches. Without a
    capability, the one reading this kind takes (`record_capability`)."""
    capability = capability or record_capability(model)
    if capability == Capability.PEOPLE_VIEW and kind_for(model).private:
        capability = Capability.PEOPLE_EDIT
    qs = model.objects.select_related("cadre", "cadre__unit")
    if "unit" in kind_for(model).fields:
        qs = qs.select_related("unit")
    return restrict(qs, user, capability, "cadre__unit__path")


def get_record_for_user(user, model: type[Model], pk: int, capability: Capability | None = None):
    """The entry, or 404 alike for 'does not exist', 'not in your scope' and 'personal data you
    may not read'."""
    return get_object_or_404(visible_records(user, model, capability), pk=pk)


def can_read_private(user, cadre: Cadre) -> bool:
    """Whether the user may read the cadre's relatives and working relations."""
    return role_for(user, Capability.PEOPLE_EDIT, cadre.unit.path) is not None


# --- Pool memberships -----------------------------------------------------------------------


def visible_memberships(
    user, capability: Capability = Capability.PEOPLE_VIEW
) -> QuerySet[PoolMembership]:
    """Memberships of pools the capability reaches, of cadres the user may see: a member who
    has moved to a unit outside the user's scope is left out, as on the pool's page."""
    qs = restrict(
        PoolMembership.objects.select_related("pool", "pool__jurisdiction", "cadre", "cadre__unit"),
        user,
        capability,
        "pool__jurisdiction__path",
    )
    return restrict(qs, user, Capability.PEOPLE_VIEW, "cadre__unit__path")


def get_membership_for_user(
    user, pk: int, capability: Capability = Capability.PEOPLE_VIEW
) -> PoolMembership:
    return get_object_or_404(visible_memberships(user, capability), pk=pk)


def may_read_removal_reason(user, membership: PoolMembership) -> bool:
    """Why a cadre left a pool is for the office keeping the pool (people.edit at its
    jurisdiction): it may speak of discipline, health or performance."""
    return role_for(user, Capability.PEOPLE_EDIT, membership.pool.jurisdiction.path) is not None


def own_cadre(user) -> Cadre | None:
    """The cadre record linked to the account, if any (what the cadre declares and signs)."""
    if not signed_in(user):
        return None
    return Cadre.objects.select_related("unit").filter(user_id=user.pk).first()
