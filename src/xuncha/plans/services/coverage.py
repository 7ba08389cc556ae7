"""Terms (届), their coverage plans (全覆盖规划) and the annual plans drawn from them.

The office (plan.edit) draws up and changes the plans; the leading group (plan.approve) approves
them. Changing a submitted or approved plan sends it back to draft: what was approved is never
silently different from what is in force.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q
from xuncha.plans import selectors
from xuncha.plans.models import AnnualPlan, CoverageEntry, CoveragePlan, PlanStatus, Term
from xuncha.plans.services._common import actor_or_none, check, clean_text, require_jurisdiction
from xuncha.plans.services.focus import ensure_reference_focus_areas

TERM_FIELDS = ("jurisdiction", "name", "starts_on", "ends_on")
ANNUAL_FIELDS = ("rounds_planned", "notes")
MAX_TERM_YEARS = 10


# --- Terms --------------------------------------------------------------------------------------


def _validate_term(term: Term) -> None:
    if term.starts_on and term.ends_on:
        if term.ends_on <= term.starts_on:
            raise ValidationError({"ends_on": _("A term ends after it starts.")})
        if term.ends_on.year - term.starts_on.year >= MAX_TERM_YEARS:
            raise ValidationError({"ends_on": _("A term lasts at most ten years.")})
        overlapping = Term.objects.filter(
            jurisdiction_id=term.jurisdiction_id,
            starts_on__lte=term.ends_on,
            ends_on__gte=term.starts_on,
        ).exclude(pk=term.pk)
        other = overlapping.first()
        if other is not None:
            raise ValidationError(
                _("The term overlaps %(term)s of the same jurisdiction.") % {"term": other}
            )
    term.name = clean_text(term.name)
    term.full_clean()


def create_term(*, actor, jurisdiction: Unit, name: str, starts_on: date, ends_on: date) -> Term:
    """Open a term of a jurisdiction with an empty coverage plan; the first term of a
    jurisdiction brings in the reference focus areas."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, jurisdiction)
        require_jurisdiction(jurisdiction)
        term = Term(jurisdiction=jurisdiction, name=name, starts_on=starts_on, ends_on=ends_on)
        _validate_term(term)
        first = not Term.objects.filter(jurisdiction=jurisdiction).exists()
        term.save()
        CoveragePlan.objects.create(term=term)
        record(
            EventType.TERM_CREATED,
            actor=actor,
            role=role,
            unit=jurisdiction,
            obj=term,
            changes=diff({}, snapshot(term, TERM_FIELDS)),
        )
        if first:
            ensure_reference_focus_areas(jurisdiction, actor=actor)
    return term


def update_term(term: Term, *, actor, **fields) -> Term:
    """Rename a term or change its dates; plan entries and rounds must still fit."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, term.jurisdiction)
        term = (
            Term.objects.select_for_update(of=("self",))
            .select_related("jurisdiction")
            .get(pk=term.pk)
        )
        before = snapshot(term, TERM_FIELDS)
        for key in ("name", "starts_on", "ends_on"):
            if key in fields and fields[key] is not None:
                setattr(term, key, fields[key])
        _validate_term(term)
        years = term.years
        outside = CoverageEntry.objects.filter(plan__term=term).exclude(planned_year__in=years)
        if outside.exists():
            raise ValidationError(
                _("Some units are planned for years outside the new dates; move them first.")
            )
        if term.rounds.exclude(starts_on__range=(term.starts_on, term.ends_on)).exists():
            raise ValidationError(_("Some rounds of this term fall outside the new dates."))
        changes = diff(before, snapshot(term, TERM_FIELDS))
        if changes:
            term.save()
            record(
                EventType.TERM_UPDATED,
                actor=actor,
                role=role,
                unit=term.jurisdiction,
                obj=term,
                changes=changes,
            )
    return term


# --- The coverage plan ---------------------------------------------------------------------------


def _locked_plan(term: Term) -> CoveragePlan:
    plan = CoveragePlan.objects.select_for_update().filter(term=term).first()
    return plan or CoveragePlan.objects.create(term=term)


def _back_to_draft(plan: CoveragePlan | AnnualPlan) -> dict:
    """Send a changed plan back to draft; the status change for the audit record."""
    if plan.status == PlanStatus.DRAFT:
        return {}
    old = plan.status
    type(plan).objects.filter(pk=plan.pk).update(
        status=PlanStatus.DRAFT, approved_by=None, approved_at=None
    )
    plan.status, plan.approved_by, plan.approved_at = PlanStatus.DRAFT, None, None
    return {"status": [old, PlanStatus.DRAFT.value]}


def _previous_term(term: Term) -> Term | None:
    return (
        Term.objects.filter(jurisdiction_id=term.jurisdiction_id, ends_on__lt=term.starts_on)
        .order_by("-ends_on")
        .first()
    )


def generate_coverage_plan(term: Term, *, actor, today: date | None = None) -> int:
    """Put every unit in scope that the plan lacks into a year of the term, keeping the units
    already planned. Years still to come share the units evenly; within that, units not
    inspected in the previous term come first and the most recently inspected come last, ties
    by their place in the tree. Returns the number of units added."""
    today = today or timezone.localdate()
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, term.jurisdiction)
        term = Term.objects.select_related("jurisdiction").get(pk=term.pk)
        plan = _locked_plan(term)
        new_units = list(selectors.unplanned_units(term).only("pk", "path", "code"))
        if not new_units:
            return 0
        last_seen: dict[int, date] = {}
        previous = _previous_term(term)
        if previous is not None:
            last_seen = dict(
                selectors.inspections_counted(
                    term.jurisdiction_id, previous.starts_on, previous.ends_on
                )
                .filter(target_id__in=[u.pk for u in new_units])
                .values("target_id")
                .annotate(last=Max("window_start"))
                .values_list("target_id", "last")
            )
        new_units.sort(key=lambda u: (last_seen.get(u.pk, date.min), u.path))
        years = [y for y in term.years if selectors.year_end(term, y) >= today] or term.years
        counts = {y: 0 for y in years}
        for year in CoverageEntry.objects.filter(plan=plan, planned_year__in=years).values_list(
            "planned_year", flat=True
        ):
            counts[year] += 1
        total = sum(counts.values()) + len(new_units)
        base, extra = divmod(total, len(years))
        quota = {y: base + (1 if i < extra else 0) for i, y in enumerate(years)}
        entries = []
        for unit in new_units:
            open_years = [y for y in years if counts[y] < quota[y]]
            year = open_years[0] if open_years else min(years, key=lambda y: (counts[y], y))
            counts[year] += 1
            entries.append(CoverageEntry(plan=plan, unit=unit, planned_year=year))
        CoverageEntry.objects.bulk_create(entries)
        changes = {"added": [[e.unit.code, e.planned_year] for e in entries]}
        changes.update(_back_to_draft(plan))
        record(
            EventType.COVERAGE_PLANNED,
            actor=actor,
            role=role,
            unit=term.jurisdiction,
            obj=plan,
            changes=changes,
        )
    return len(entries)


def set_planned_years(term: Term, years: dict[int, int], *, actor) -> int:
    """Move plan entries (by id) to other years of the term; returns how many moved."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, term.jurisdiction)
        term = Term.objects.select_related("jurisdiction").get(pk=term.pk)
        plan = _locked_plan(term)
        allowed = set(term.years)
        wrong = sorted({y for y in years.values() if y not in allowed})
        if wrong:
            raise ValidationError(
                {"planned_year": _("%(year)s is not a year of this term.") % {"year": wrong[0]}}
            )
        entries = list(
            CoverageEntry.objects.filter(plan=plan, pk__in=list(years)).select_related("unit")
        )
        if len(entries) != len(set(years)):
            raise ValidationError(_("Some entries are not part of this plan."))
        changes: dict = {}
        moved = []
        for entry in entries:
            new = int(years[entry.pk])
            if new != entry.planned_year:
                changes[entry.unit.code] = [entry.planned_year, new]
                entry.planned_year = new
                moved.append(entry)
        if not moved:
            return 0
        CoverageEntry.objects.bulk_update(moved, ["planned_year"])
        changes.update(_back_to_draft(plan))
        record(
            EventType.COVERAGE_PLANNED,
            actor=actor,
            role=role,
            unit=term.jurisdiction,
            obj=plan,
            changes=changes,
        )
    return len(moved)


def set_planned_year(entry: CoverageEntry, year: int, *, actor) -> CoverageEntry:
    """Move one unit of the plan to another year of the term."""
    set_planned_years(entry.plan.term, {entry.pk: year}, actor=actor)
    entry.refresh_from_db()
    return entry


def add_coverage_entry(
    term: Term, unit: Unit, year: int, *, actor, note: str = ""
) -> CoverageEntry:
    """Plan a unit that the plan lacks: a new unit in scope, or a unit below a lower office that
    this level means to inspect itself (提级巡察)."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, term.jurisdiction)
        term = Term.objects.select_related("jurisdiction").get(pk=term.pk)
        plan = _locked_plan(term)
        below = Unit.objects.filter(subtree_q(term.jurisdiction.path), pk=unit.pk).exclude(
            pk=term.jurisdiction_id
        )
        if not unit.is_active or not below.exists():
            raise ValidationError(
                {"unit": _("Only an active unit below the jurisdiction can be planned.")}
            )
        if year not in term.years:
            raise ValidationError(
                {"planned_year": _("%(year)s is not a year of this term.") % {"year": year}}
            )
        if CoverageEntry.objects.filter(plan=plan, unit=unit).exists():
            raise ValidationError({"unit": _("The unit is already in the plan.")})
        entry = CoverageEntry(plan=plan, unit=unit, planned_year=year, note=clean_text(note))
        entry.full_clean()
        entry.save()
        changes = {"added": [[unit.code, year]]}
        changes.update(_back_to_draft(plan))
        record(
            EventType.COVERAGE_PLANNED,
            actor=actor,
            role=role,
            unit=term.jurisdiction,
            obj=plan,
            changes=changes,
            reason=entry.note,
        )
    return entry


def remove_coverage_entry(entry: CoverageEntry, *, actor, reason: str = "") -> None:
    """Take a unit out of the plan once it has left the scope (dissolved, moved elsewhere) or
    was planned from below a lower office. A unit in scope stays: change its year instead."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, entry.plan.term.jurisdiction)
        entry = CoverageEntry.objects.select_related(
            "plan", "plan__term", "plan__term__jurisdiction", "unit"
        ).get(pk=entry.pk)
        term = entry.plan.term
        plan = _locked_plan(term)
        if selectors.in_coverage_scope(term.jurisdiction, entry.unit):
            raise ValidationError(
                _("Every unit in scope stays in the coverage plan; change its year instead.")
            )
        changes = {"removed": [[entry.unit.code, entry.planned_year]]}
        entry.delete()
        changes.update(_back_to_draft(plan))
        record(
            EventType.COVERAGE_PLANNED,
            actor=actor,
            role=role,
            unit=term.jurisdiction,
            obj=plan,
            changes=changes,
            reason=clean_text(reason),
        )


def _advance(
    plan: CoveragePlan | AnnualPlan,
    old: str,
    refusal: str,
    *,
    event: EventType,
    actor,
    role: str,
    unit: Unit,
    reason: str = "",
    **fields,
) -> None:
    """Move a plan on from `old` with a conditional UPDATE (of two clicks only one counts) and
    record the step."""
    if type(plan).objects.filter(pk=plan.pk, status=old).update(**fields) != 1:
        raise ValidationError(refusal)
    record(
        event,
        actor=actor,
        role=role,
        unit=unit,
        obj=plan,
        changes={"status": [str(old), str(fields["status"])]},
        reason=reason,
    )


def submit_coverage_plan(term: Term, *, actor) -> CoveragePlan:
    """The office submits the plan to the leading group; every unit in scope must be in it."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, term.jurisdiction)
        term = Term.objects.select_related("jurisdiction").get(pk=term.pk)
        plan = _locked_plan(term)
        missing = selectors.unplanned_units(term).count()
        if missing:
            raise ValidationError(
                _("%(n)s units in scope are not in the plan yet; complete the plan first.")
                % {"n": missing}
            )
        if not plan.entries.exists():
            raise ValidationError(_("The plan holds no units."))
        _advance(
            plan,
            PlanStatus.DRAFT,
            _("Only a draft plan can be submitted."),
            event=EventType.COVERAGE_SUBMITTED,
            actor=actor,
            role=role,
            unit=term.jurisdiction,
            status=PlanStatus.SUBMITTED,
        )
        plan.status = PlanStatus.SUBMITTED
    return plan


def approve_coverage_plan(term: Term, *, actor, comment: str = "") -> CoveragePlan:
    """The leading group approves the submitted coverage plan."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_APPROVE, term.jurisdiction)
        term = Term.objects.select_related("jurisdiction").get(pk=term.pk)
        plan = _locked_plan(term)
        now = timezone.now()
        _advance(
            plan,
            PlanStatus.SUBMITTED,
            _("Only a submitted plan can be approved."),
            event=EventType.COVERAGE_APPROVED,
            actor=actor,
            role=role,
            unit=term.jurisdiction,
            status=PlanStatus.APPROVED,
            approved_by=actor_or_none(actor),
            approved_at=now,
            reason=clean_text(comment),
        )
        plan.refresh_from_db()
    return plan


def _required_comment(comment: str) -> str:
    comment = clean_text(comment)
    if not comment:
        raise ValidationError({"comment": _("Say what needs to change.")})
    return comment


def return_coverage_plan(term: Term, *, actor, comment: str) -> CoveragePlan:
    """The leading group sends a submitted coverage plan back to the office, saying what needs
    to change (required); the office revises and submits it again."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_APPROVE, term.jurisdiction)
        comment = _required_comment(comment)
        term = Term.objects.select_related("jurisdiction").get(pk=term.pk)
        plan = _locked_plan(term)
        _advance(
            plan,
            PlanStatus.SUBMITTED,
            _("Only a submitted plan can be returned."),
            event=EventType.COVERAGE_RETURNED,
            actor=actor,
            role=role,
            unit=term.jurisdiction,
            status=PlanStatus.DRAFT,
            reason=comment,
        )
        plan.refresh_from_db()
    return plan


# --- Annual plans -------------------------------------------------------------------------------


def create_annual_plan(
    term: Term, year: int, *, actor, rounds_planned: int = 2, notes: str = ""
) -> AnnualPlan:
    """Draw up the plan of one year of the term from the coverage plan."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, term.jurisdiction)
        term = Term.objects.select_related("jurisdiction").get(pk=term.pk)
        if year not in term.years:
            raise ValidationError(
                {"year": _("%(year)s is not a year of this term.") % {"year": year}}
            )
        if AnnualPlan.objects.filter(term=term, year=year).exists():
            raise ValidationError({"year": _("This year already has an annual plan.")})
        plan = AnnualPlan(
            term=term, year=year, rounds_planned=rounds_planned, notes=clean_text(notes)
        )
        plan.full_clean()
        plan.save()
        record(
            EventType.ANNUAL_PLAN_CREATED,
            actor=actor,
            role=role,
            unit=term.jurisdiction,
            obj=plan,
            changes=diff({}, snapshot(plan, ("term", "year", *ANNUAL_FIELDS))),
        )
    return plan


def _locked_annual(plan: AnnualPlan) -> AnnualPlan:
    return (
        AnnualPlan.objects.select_for_update(of=("self",))
        .select_related("term", "term__jurisdiction")
        .get(pk=plan.pk)
    )


def update_annual_plan(plan: AnnualPlan, *, actor, **fields) -> AnnualPlan:
    """Change the number of rounds or the notes; a submitted or approved plan goes back to
    draft."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, plan.term.jurisdiction)
        plan = _locked_annual(plan)
        before = snapshot(plan, ANNUAL_FIELDS)
        for key in ANNUAL_FIELDS:
            if key in fields and fields[key] is not None:
                setattr(plan, key, clean_text(fields[key]) if key == "notes" else fields[key])
        plan.full_clean()
        changes = diff(before, snapshot(plan, ANNUAL_FIELDS))
        if changes:
            plan.save(update_fields=list(changes))
            changes.update(_back_to_draft(plan))
            record(
                EventType.ANNUAL_PLAN_UPDATED,
                actor=actor,
                role=role,
                unit=plan.term.jurisdiction,
                obj=plan,
                changes=changes,
            )
    return plan


def submit_annual_plan(plan: AnnualPlan, *, actor) -> AnnualPlan:
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, plan.term.jurisdiction)
        plan = _locked_annual(plan)
        _advance(
            plan,
            PlanStatus.DRAFT,
            _("Only a draft plan can be submitted."),
            event=EventType.ANNUAL_PLAN_SUBMITTED,
            actor=actor,
            role=role,
            unit=plan.term.jurisdiction,
            status=PlanStatus.SUBMITTED,
        )
        plan.status = PlanStatus.SUBMITTED
    return plan


def approve_annual_plan(plan: AnnualPlan, *, actor, comment: str = "") -> AnnualPlan:
    with transaction.atomic():
        role = check(actor, Capability.PLAN_APPROVE, plan.term.jurisdiction)
        plan = _locked_annual(plan)
        _advance(
            plan,
            PlanStatus.SUBMITTED,
            _("Only a submitted plan can be approved."),
            event=EventType.ANNUAL_PLAN_APPROVED,
            actor=actor,
            role=role,
            unit=plan.term.jurisdiction,
            status=PlanStatus.APPROVED,
            approved_by=actor_or_none(actor),
            approved_at=timezone.now(),
            reason=clean_text(comment),
        )
        plan.refresh_from_db()
    return plan


def return_annual_plan(plan: AnnualPlan, *, actor, comment: str) -> AnnualPlan:
    """The leading group sends a submitted annual plan back to the office, saying what needs to
    change (required)."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_APPROVE, plan.term.jurisdiction)
        comment = _required_comment(comment)
        plan = _locked_annual(plan)
        _advance(
            plan,
            PlanStatus.SUBMITTED,
            _("Only a submitted plan can be returned."),
            event=EventType.ANNUAL_PLAN_RETURNED,
            actor=actor,
            role=role,
            unit=plan.term.jurisdiction,
            status=PlanStatus.DRAFT,
            reason=comment,
        )
        plan.refresh_from_db()
    return plan
