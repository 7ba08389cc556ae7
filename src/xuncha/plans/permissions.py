"""The access choke points of planning: pages, API and counts go through them.

Terms, annual plans, focus areas, settings and rounds belong to a jurisdiction and are seen by
whoever's capability reaches the jurisdiction. An inspection is seen through its round's
jurisdiction (plan.view), or by whoever's inspection.view reaches its target: team members and
the offices above the target learn that a unit of theirs is being inspected.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from xuncha.accounts.permissions import restrict, role_for, scope_q
from xuncha.accounts.roles import Capability
from xuncha.orgs.models import Unit
from xuncha.orgs.permissions import visible_units
from xuncha.plans.models import AnnualPlan, CoverageEntry, FocusArea, Inspection, Round, Term

C = Capability


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
    whose target the user's inspection.view reaches."""
    q = scope_q(user, capability, "round__jurisdiction__path")
    if capability == C.PLAN_VIEW:
        by_target = scope_q(user, C.INSPECTION_VIEW, "target__path")
        if by_target is not None:
            q = by_target if q is None else q | by_target
    qs = Inspection.objects.select_related(
        "round", "round__jurisdiction", "team", "target", "lookback_of", "lookback_of__round"
    )
    return qs.none() if q is None else qs.filter(q)


def get_inspection_for_user(user, pk: int, capability: Capability = C.PLAN_VIEW) -> Inspection:
    return get_object_or_404(visible_inspections(user, capability), pk=pk)
