"""The access choke points for cadres, talent pools and teams: pages and API go through them.

A cadre is seen by whoever's people.view reaches the cadre's work unit; pools and teams by
whoever's people.view reaches their jurisdiction.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import restrict
from xuncha.accounts.roles import Capability
from xuncha.people.models import Cadre, TalentPool, Team


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
