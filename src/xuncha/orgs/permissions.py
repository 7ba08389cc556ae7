"""The access choke point for units: pages, API, exports and search all go through it."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import restrict
from xuncha.accounts.roles import Capability
from xuncha.orgs.models import LeadershipMember, Unit


def visible_units(user, capability: Capability = Capability.UNIT_VIEW) -> QuerySet[Unit]:
    """Units the capability reaches for this user (dissolved ones included, for history)."""
    return restrict(Unit.objects.all(), user, capability)


def get_unit_for_user(user, pk: int, capability: Capability = Capability.UNIT_VIEW) -> Unit:
    """The unit, or 404 alike for 'does not exist' and 'not in your scope'."""
    return get_object_or_404(visible_units(user, capability), pk=pk)


def get_leadership_member_for_user(
    user, pk: int, capability: Capability = Capability.UNIT_EDIT
) -> LeadershipMember:
    qs = restrict(LeadershipMember.objects.select_related("unit"), user, capability, "unit__path")
    return get_object_or_404(qs, pk=pk)
