"""The access choke points of team members and team proposals: pages, API and panels go
through them.

Both belong to a round and are seen by whoever's plan.view reaches the round's jurisdiction; the
edit capability (plan.edit) is checked again by the services.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import restrict
from xuncha.accounts.roles import Capability
from xuncha.staffing.models import FormationProposal, TeamMember

C = Capability


def visible_team_members(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[TeamMember]:
    """Team members of rounds whose jurisdiction the capability reaches."""
    return restrict(
        TeamMember.objects.select_related(
            "round", "round__jurisdiction", "team", "cadre", "cadre__unit"
        ),
        user,
        capability,
        "round__jurisdiction__path",
    )


def get_team_member_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> TeamMember:
    """The team member, or 404 alike for 'does not exist' and 'not in your scope'."""
    return get_object_or_404(visible_team_members(user, capability), pk=pk)


def visible_proposals(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[FormationProposal]:
    """Team proposals of rounds whose jurisdiction the capability reaches."""
    return restrict(
        FormationProposal.objects.select_related(
            "round", "round__jurisdiction", "created_by", "decided_by"
        ),
        user,
        capability,
        "round__jurisdiction__path",
    )


def get_proposal_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> FormationProposal:
    """The proposal, or 404 alike for 'does not exist' and 'not in your scope'."""
    return get_object_or_404(visible_proposals(user, capability), pk=pk)
