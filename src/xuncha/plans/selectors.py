"""Reads of planning that need more than a filter: the coverage scope of a jurisdiction and the
coverage of a term (全覆盖), derived from the rows every time, never stored.

A jurisdiction J must inspect the active units below it whose nearest ancestor with an office is
J: a county's party committee is in the city's scope, the county's departments are in the
county's. "Inspected during a term" means an inspection of a round of J that has reached the
stationed stage or later and whose stationing window starts within the term.

Query counts do not depend on the number of units: the scope is one predicate built from the
paths of the few offices below J, and the counts of many terms come out of one aggregate query.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs.models import Level, Unit
from xuncha.orgs.tree import ancestor_paths, subtree_q, successor
from xuncha.plans.models import (
    STAGE_ORDER,
    AnnualPlan,
    CoverageEntry,
    CoveragePlan,
    Inspection,
    PlanStatus,
    Round,
    Stage,
    Term,
)

# The stages at which a unit counts as inspected: the team has been stationed.
DONE_STAGES = tuple(STAGE_ORDER[STAGE_ORDER.index(Stage.STATIONED) :])


# --- Scope --------------------------------------------------------------------------------------


def _offices_below(paths: list[str]) -> list[str]:
    """Paths of the active units with an office strictly below any of `paths` (one query). A
    dissolved office inspects nobody: its units fall back to the office above."""
    if not paths:
        return []
    q = Q()
    for path in paths:
        q |= subtree_q(path) & ~Q(path=path)
    return list(
        Unit.objects.filter(q, has_office=True, is_active=True).values_list("path", flat=True)
    )


def _scope_q(jurisdiction_path: str, offices: list[str], field_prefix: str = "") -> Q:
    """Units strictly below the jurisdiction and not strictly below one of its lower offices.
    `offices` may hold paths outside the jurisdiction; they are ignored."""
    f = f"{field_prefix}path"
    q = subtree_q(jurisdiction_path, f) & ~Q(**{f: jurisdiction_path})
    q &= Q(**{f"{field_prefix}is_active": True})
    mine = sorted(p for p in offices if p.startswith(jurisdiction_path) and p != jurisdiction_path)
    kept: list[str] = []
    for path in mine:  # sorted, so an office under an excluded one comes after it
        if any(path.startswith(k) for k in kept):
            continue
        kept.append(path)
        q &= ~(Q(**{f"{f}__gt": path}) & Q(**{f"{f}__lt": successor(path)}))
    return q


def coverage_scope_q(jurisdiction: Unit, field_prefix: str = "") -> Q:
    """The predicate of `coverage_scope` on `<field_prefix>path` (e.g. "unit__")."""
    return _scope_q(jurisdiction.path, _offices_below([jurisdiction.path]), field_prefix)


def coverage_scope(jurisdiction: Unit) -> QuerySet[Unit]:
    """The active units the jurisdiction must inspect in a term, by path."""
    return Unit.objects.filter(coverage_scope_q(jurisdiction)).order_by("path")


def in_coverage_scope(jurisdiction: Unit, unit: Unit) -> bool:
    return coverage_scope(jurisdiction).filter(pk=unit.pk).exists()


def owning_jurisdiction(unit: Unit) -> Unit | None:
    """The nearest active unit above `unit` with an inspection office (whose scope holds it)."""
    return (
        Unit.objects.filter(path__in=ancestor_paths(unit.path), has_office=True, is_active=True)
        .order_by("-path")
        .first()
    )


# --- Inspected ------------------------------------------------------------------------------


def window_start_expr():
    return Coalesce("stationed_from", "round__starts_on")


def window_end_expr():
    return Coalesce("stationed_until", "round__ends_on")


def inspections_counted(
    jurisdiction_id: int, starts_on: date, ends_on: date
) -> QuerySet[Inspection]:
    """Inspections that count towards a term: of rounds of the jurisdiction, stationed or later,
    the stationing window starting within the term."""
    return (
        Inspection.objects.filter(round__jurisdiction_id=jurisdiction_id, stage__in=DONE_STAGES)
        .annotate(window_start=window_start_expr())
        .filter(window_start__gte=starts_on, window_start__lte=ends_on)
    )


def _inspected(term: Term, outer: str = "pk") -> Exists:
    return Exists(
        inspections_counted(term.jurisdiction_id, term.starts_on, term.ends_on).filter(
            target_id=OuterRef(outer)
        )
    )


# --- Coverage -----------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


@dataclass
class Coverage:
    """Coverage of one term: units in scope and those inspected, all and villages/communities."""

    units: int = 0
    inspected: int = 0
    villages: int = 0
    villages_inspected: int = 0

    @property
    def percent(self) -> float:
        return _percent(self.inspected, self.units)

    @property
    def village_percent(self) -> float:
        return _percent(self.villages_inspected, self.villages)

    @property
    def remaining(self) -> int:
        return self.units - self.inspected


def coverage_for_terms(terms) -> dict[int, Coverage]:
    """Coverage of each term, keyed by term id: two queries whatever the number of terms."""
    terms = list(terms)
    if not terms:
        return {}
    jurisdiction_paths = {t.pk: t.jurisdiction.path for t in terms}
    offices = _offices_below(sorted(set(jurisdiction_paths.values())))
    aggregates = {}
    any_scope = Q()
    village = Q(level=Level.VILLAGE)
    for term in terms:
        scope = _scope_q(jurisdiction_paths[term.pk], offices)
        any_scope |= scope
        done = Q(_inspected(term))
        aggregates[f"u{term.pk}"] = Count("pk", filter=scope)
        aggregates[f"i{term.pk}"] = Count("pk", filter=scope & done)
        aggregates[f"v{term.pk}"] = Count("pk", filter=scope & village)
        aggregates[f"w{term.pk}"] = Count("pk", filter=scope & village & done)
    row = Unit.objects.filter(any_scope).aggregate(**aggregates)
    return {
        t.pk: Coverage(
            units=row[f"u{t.pk}"],
            inspected=row[f"i{t.pk}"],
            villages=row[f"v{t.pk}"],
            villages_inspected=row[f"w{t.pk}"],
        )
        for t in terms
    }


def coverage(term: Term) -> Coverage:
    return coverage_for_terms([term])[term.pk]


def never_inspected(term: Term) -> QuerySet[Unit]:
    """Units in scope not inspected during the term, by path."""
    return (
        coverage_scope(term.jurisdiction)
        .exclude(_inspected(term))
        .select_related("parent")
        .order_by("path")
    )


def year_end(term: Term, year: int) -> date:
    """The last day of a planned year: the calendar year, or the term's end if earlier."""
    return min(date(year, 12, 31), term.ends_on)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _entries_in_scope(term: Term) -> QuerySet[CoverageEntry]:
    return CoverageEntry.objects.filter(
        coverage_scope_q(term.jurisdiction, "unit__"), plan__term=term
    )


def overdue_entries(term: Term, *, today: date | None = None) -> QuerySet[CoverageEntry]:
    """Plan entries of units still in scope whose planned year is over and that were not
    inspected during the term."""
    today = _today(today)
    over = [y for y in term.years if year_end(term, y) < today]
    if not over:
        return CoverageEntry.objects.none()
    return (
        _entries_in_scope(term)
        .filter(planned_year__lte=over[-1])
        .exclude(_inspected(term, "unit_id"))
        .select_related("unit")
        .order_by("planned_year", "unit__path")
    )


def unplanned_units(term: Term) -> QuerySet[Unit]:
    """Units in scope that the coverage plan does not hold yet."""
    return coverage_scope(term.jurisdiction).exclude(coverage_entries__plan__term=term)


@dataclass
class YearRow:
    year: int
    planned: int = 0
    inspected: int = 0  # of the units planned for the year
    overdue: int = 0
    inspected_in_year: int = 0  # units whose counted inspection began this year
    is_over: bool = False


@dataclass
class CoverageReport:
    coverage: Coverage
    years: list[YearRow] = field(default_factory=list)
    planned: int = 0
    unplanned: int = 0
    overdue: int = 0


def coverage_report(term: Term, *, today: date | None = None) -> CoverageReport:
    """The term's dashboard: coverage, the per-year table and the counts of unplanned and
    overdue units. A constant number of queries."""
    today = _today(today)
    cov = coverage(term)
    rows = {y: YearRow(year=y, is_over=year_end(term, y) < today) for y in term.years}
    per_year = (
        _entries_in_scope(term)
        .annotate(done=_inspected(term, "unit_id"))
        .values("planned_year")
        .annotate(n=Count("pk"), k=Count("pk", filter=Q(done=True)))
        .order_by("planned_year")
    )
    planned = 0
    for item in per_year:
        row = rows.setdefault(item["planned_year"], YearRow(year=item["planned_year"]))
        row.planned, row.inspected = item["n"], item["k"]
        row.is_over = year_end(term, row.year) < today
        if row.is_over:
            row.overdue = row.planned - row.inspected
        planned += row.planned
    started = (
        inspections_counted(term.jurisdiction_id, term.starts_on, term.ends_on)
        .filter(coverage_scope_q(term.jurisdiction, "target__"))
        .values_list("target_id", "window_start")
    )
    first_by_unit: dict[int, date] = {}
    for target_id, first in started:
        if target_id not in first_by_unit or first < first_by_unit[target_id]:
            first_by_unit[target_id] = first
    for first in first_by_unit.values():
        if first.year in rows:
            rows[first.year].inspected_in_year += 1
    return CoverageReport(
        coverage=cov,
        years=[rows[y] for y in sorted(rows)],
        planned=planned,
        unplanned=max(cov.units - planned, 0),
        overdue=sum(r.overdue for r in rows.values()),
    )


def plan_entries(term: Term) -> QuerySet[CoverageEntry]:
    """The plan's entries with whether each unit was inspected during the term and whether it is
    still in scope (dissolved or moved units stay until removed)."""
    scope = coverage_scope_q(term.jurisdiction, "unit__")
    return (
        CoverageEntry.objects.filter(plan__term=term)
        .select_related("unit")
        .annotate(
            done=_inspected(term, "unit_id"),
            in_scope=Case(
                When(scope, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .order_by("planned_year", "unit__path")
    )


def taken_in_year(jurisdiction_id: int, year: int) -> QuerySet[Inspection]:
    """Inspections of the jurisdiction's rounds of `year`, whatever their stage."""
    return Inspection.objects.filter(round__jurisdiction_id=jurisdiction_id, round__year=year)


def annual_plan_units(term: Term, year: int) -> QuerySet[CoverageEntry]:
    """The units the coverage plan puts in `year`, each with `taken` (a round of that year of
    the jurisdiction already has it) and `done` (inspected during the term)."""
    taken = taken_in_year(term.jurisdiction_id, year).filter(target_id=OuterRef("unit_id"))
    return (
        CoverageEntry.objects.filter(plan__term=term, planned_year=year)
        .select_related("unit")
        .annotate(taken=Exists(taken), done=_inspected(term, "unit_id"))
        .order_by("unit__path")
    )


@dataclass
class Returned:
    """Why the leading group sent a plan back, for the office revising it."""

    comment: str
    by: str
    at: datetime


_PLAN_STEPS = {
    "plans.coverageplan": (
        EventType.COVERAGE_RETURNED,
        (EventType.COVERAGE_SUBMITTED, EventType.COVERAGE_APPROVED, EventType.COVERAGE_RETURNED),
    ),
    "plans.annualplan": (
        EventType.ANNUAL_PLAN_RETURNED,
        (
            EventType.ANNUAL_PLAN_SUBMITTED,
            EventType.ANNUAL_PLAN_APPROVED,
            EventType.ANNUAL_PLAN_RETURNED,
        ),
    ),
}


def last_returned(plan: CoveragePlan | AnnualPlan) -> Returned | None:
    """The comment of the return that put a draft plan back in the office's hands, if its last
    step was a return (the plans keep no timeline of their own; the audit trail has it)."""
    if plan.pk is None or plan.status != PlanStatus.DRAFT:
        return None
    label = plan._meta.label_lower
    returned, steps = _PLAN_STEPS[label]
    last = (
        AuditEvent.objects.filter(
            object_type=label, object_id=str(plan.pk), event_type__in=[str(s) for s in steps]
        )
        .select_related("actor")
        .order_by("-seq")
        .first()
    )
    if last is None or last.event_type != returned:
        return None
    name = (last.actor.full_name or last.actor_name) if last.actor else last.actor_name
    return Returned(comment=last.reason, by=name, at=last.occurred_at)


def rounds_of_year(jurisdiction_id: int, year: int) -> QuerySet[Round]:
    return (
        Round.objects.filter(jurisdiction_id=jurisdiction_id, year=year)
        .annotate(targets=Count("inspections"))
        .order_by("number")
    )


def current_term(terms: list[Term], *, today: date | None = None) -> Term | None:
    """The term running today, else the latest one that started."""
    today = _today(today)
    running = [t for t in terms if t.starts_on <= today <= t.ends_on]
    if running:
        return running[0]
    started = sorted((t for t in terms if t.starts_on <= today), key=lambda t: t.starts_on)
    return started[-1] if started else (terms[0] if terms else None)
