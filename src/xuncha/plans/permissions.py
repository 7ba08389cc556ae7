"""The access choke points of planning: pages, API and counts go through them.

Terms, annual plans, focus areas, settings and rounds belong to a jurisdiction and are seen by
whoever's capability reaches the jurisdiction. An inspection is seen through its round's
jurisdiction (plan.view), or by whoever's inspection.view reaches its target: team members and
the offices above the target learn that a unit of theirs is being inspected.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.models import RoleAssignment, User
from xuncha.accounts.permissions import restrict, role_for, scope_q
from xuncha.accounts.roles import Capability, roles_with
from xuncha.orgs.models import Unit
from xuncha.orgs.permissions import visible_units
from xuncha.orgs.tree import ancestor_paths
from xuncha.plans.models import (
    AnnualPlan,
    CoverageEntry,
    FocusArea,
    Inspection,
    Round,
    RoundStatus,
    Term,
)

C = Capability
# Rounds whose task split is decided: seen from the target's side too.
DECIDED = (RoundStatus.APPROVED, RoundStatus.CLOSED)


def can(user, capability: Capability, jurisdiction: Unit) -> bool:
    """Whether the capability reaches the jurisdiction (for showing buttons, not for access)."""
    return role_for(user, capability, jurisdiction.path) is not None


def planning_jurisdictions(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[Unit]:
    """Active units with an inspection office that the capability reaches."""
    return visible_units(user, capability).filter(has_office=True, is_active=True).order_by("path")


def get_jurisdiction_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> Unit:
    """A jurisdiction the capability reaches, or 404 (also for a unit without an office)."""
    return get_object_or_404(visible_units(user, capability).filter(has_office=True), pk=pk)


def visible_terms(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[Term]:
    return restrict(
        Term.objects.select_related("jurisdiction", "coverage_plan"),
        user,
        capability,
        "jurisdiction__path",
    )


def get_term_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> Term:
    """The term, or 404 alike for 'does not exist' and 'not in your scope'."""
    return get_object_or_404(visible_terms(user, capability), pk=pk)


def visible_annual_plans(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[AnnualPlan]:
    return restrict(
        AnnualPlan.objects.select_related("term", "term__jurisdiction"),
        user,
        capability,
        "term__jurisdiction__path",
    )


def get_annual_plan_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> AnnualPlan:
    return get_object_or_404(visible_annual_plans(user, capability), pk=pk)


def visible_coverage_entries(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[CoverageEntry]:
    return restrict(
        CoverageEntry.objects.select_related("plan", "plan__term", "unit"),
        user,
        capability,
        "plan__term__jurisdiction__path",
    )


def get_coverage_entry_for_user(
    user, pk: int, capability: Capability = C.PLAN_VIEW
) -> CoverageEntry:
    return get_object_or_404(visible_coverage_entries(user, capability), pk=pk)


def visible_focus_areas(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[FocusArea]:
    return restrict(
        FocusArea.objects.select_related("jurisdiction"), user, capability, "jurisdiction__path"
    )


def get_focus_area_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> FocusArea:
    return get_object_or_404(visible_focus_areas(user, capability), pk=pk)


def visible_rounds(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[Round]:
    return restrict(
        Round.objects.select_related("jurisdiction", "term"),
        user,
        capability,
        "jurisdiction__path",
    )


def get_round_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> Round:
    return get_object_or_404(visible_rounds(user, capability), pk=pk)


def visible_inspections(user, capability: Capability = C.PLAN_VIEW) -> QuerySet[Inspection]:
    """Inspections of rounds whose jurisdiction the capability reaches; for plan.view also those
    of approved or closed rounds whose target the user's inspection.view reaches. A round still
    being drafted or approved is the planning level's own business: the target's side (team
    members, the offices above the target of another level) learns of it once it is decided."""
    q = scope_q(user, capability, "round__jurisdiction__path")
    if capability == C.PLAN_VIEW:
        by_target = scope_q(user, C.INSPECTION_VIEW, "target__path")
        if by_target is not None:
            by_target &= Q(round__status__in=DECIDED)
            q = by_target if q is None else q | by_target
    qs = Inspection.objects.select_related(
        "round", "round__jurisdiction", "team", "target", "lookback_of", "lookback_of__round"
    )
    return qs.none() if q is None else qs.filter(q)


def sees_planning(user, inspection: Inspection) -> bool:
    """Whether the user sees the inspection as a planner of its round (plan.view at the round's
    jurisdiction): only planners read the deconfliction warnings and the reason to proceed,
    which name other levels' plans."""
    return role_for(user, C.PLAN_VIEW, inspection.round.jurisdiction.path) is not None


def get_inspection_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> Inspection:
    return get_object_or_404(visible_inspections(user, capability), pk=pk)


def approvers_of(jurisdiction: Unit) -> QuerySet[User]:
    """Active accounts whose plan.approve reaches the jurisdiction: the only accounts the
    settings may name as round approver (the page offers these, the API resolves ids in them)."""
    grants = RoleAssignment.objects.filter(role__in=roles_with(C.PLAN_APPROVE)).filter(
        Q(unit_id=jurisdiction.pk)
        | Q(include_descendants=True, unit__path__in=ancestor_paths(jurisdiction.path))
    )
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by(
        "full_name", "username"
    )
