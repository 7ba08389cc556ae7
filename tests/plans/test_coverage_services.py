"""Terms, coverage plans and annual plans: every rule of the services, refusals change nothing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_unit
from tests.plans.conftest import dept, make_round
from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs.models import Unit, UnitKind
from xuncha.plans import selectors, services
from xuncha.plans.models import (
    AnnualPlan,
    CoverageEntry,
    CoveragePlan,
    FocusArea,
    Inspection,
    PlanStatus,
    Stage,
    Term,
)
from xuncha.plans.reference import REFERENCE_FOCUS_AREAS

pytestmark = pytest.mark.django_db

MID_TERM = date(2023, 6, 1)
TERM_START = date(2021, 10, 1)


def _term(tree, actor=None, **kwargs):
    kwargs.setdefault("name", "甲二县第十二届")
    kwargs.setdefault("starts_on", TERM_START)
    kwargs.setdefault("ends_on", date(2026, 9, 30))
    return services.create_term(actor=actor, jurisdiction=tree.county_a2, **kwargs)


def _units(parent, n, prefix="局"):
    return [dept(f"{parent.name}{prefix}{i:02d}", parent) for i in range(n)]


def _plan_years(term) -> dict[str, int]:
    return dict(
        CoverageEntry.objects.filter(plan__term=term).values_list("unit__name", "planned_year")
    )


def _status(term) -> str:
    return CoveragePlan.objects.get(term=term).status


# --- Terms ----------------------------------------------------------------------------------


def test_create_term_opens_a_plan_and_brings_reference_focus_areas(tree, personas):
    term = _term(tree, personas.office_a)
    assert term.coverage_plan.status == PlanStatus.DRAFT
    assert term.years == [2021, 2022, 2023, 2024, 2025, 2026]
    groups = set(
        FocusArea.objects.filter(jurisdiction=tree.county_a2).values_list("group", flat=True)
    )
    assert groups == set(REFERENCE_FOCUS_AREAS)
    event = AuditEvent.objects.filter(event_type=EventType.TERM_CREATED).get()
    assert event.actor == personas.office_a
    assert event.changes["name"] == [None, "甲二县第十二届"]


def test_term_rules(tree, personas, unchanged):
    _term(tree)
    later = {"name": "甲二县第十三届", "starts_on": date(2026, 10, 1), "ends_on": date(2031, 9, 30)}
    with unchanged():
        with pytest.raises(ValidationError):  # overlaps the first term
            _term(
                tree, name="甲二县第十三届", starts_on=date(2026, 1, 1), ends_on=date(2030, 12, 31)
            )
        with pytest.raises(ValidationError):  # ends before it starts
            _term(tree, name="x", starts_on=date(2031, 1, 1), ends_on=date(2030, 1, 1))
        with pytest.raises(ValidationError):  # same name
            _term(
                tree, name="甲二县第十二届", starts_on=date(2026, 10, 1), ends_on=date(2031, 9, 30)
            )
        with pytest.raises(ValidationError):  # not a jurisdiction
            services.create_term(actor=None, jurisdiction=tree.dept_a1, **later)
        with pytest.raises(PermissionDenied):
            _term(tree, personas.viewer_a, **later)
        with pytest.raises(PermissionDenied):
            _term(tree, personas.outsider, **later)
    assert _term(tree, personas.office_a, **later).pk


def test_update_term_keeps_entries_inside(tree, personas, unchanged):
    _units(tree.county_a2, 2)
    term = _term(tree)
    services.generate_coverage_plan(term, actor=None, today=TERM_START)
    with unchanged():
        with pytest.raises(ValidationError):  # the 2022 entry would fall outside
            services.update_term(term, actor=personas.office_a, ends_on=date(2021, 12, 31))
        with pytest.raises(PermissionDenied):
            services.update_term(term, actor=personas.viewer_a, name="改名")
    services.update_term(term, actor=personas.office_a, name="甲二县第十二届委员会")
    assert Term.objects.get(pk=term.pk).name == "甲二县第十二届委员会"
    assert AuditEvent.objects.filter(event_type=EventType.TERM_UPDATED).count() == 1


# --- Generating the plan ------------------------------------------------------------------


def test_generate_spreads_units_evenly_in_tree_order(tree, personas):
    units = _units(tree.county_a2, 13)
    term = _term(tree)
    added = services.generate_coverage_plan(term, actor=personas.office_a, today=TERM_START)
    assert added == 13
    years = _plan_years(term)
    counts = {y: list(years.values()).count(y) for y in term.years}
    assert counts == {2021: 3, 2022: 2, 2023: 2, 2024: 2, 2025: 2, 2026: 2}
    # Deterministic: in path order, the earliest years fill first.
    ordered = [years[u.name] for u in sorted(units, key=lambda u: u.path)]
    assert ordered == sorted(ordered)
    event = AuditEvent.objects.filter(event_type=EventType.COVERAGE_PLANNED).get()
    assert len(event.changes["added"]) == 13


def test_generate_keeps_planned_units_and_skips_years_over(tree):
    units = _units(tree.county_a2, 4)
    term = _term(tree)
    plan = term.coverage_plan
    CoverageEntry.objects.create(plan=plan, unit=units[0], planned_year=2024)
    CoverageEntry.objects.create(plan=plan, unit=units[1], planned_year=2024)
    # Mid-2023: 2021 and 2022 are over; 2023–2026 share four units, 2024 already holds two.
    assert services.generate_coverage_plan(term, actor=None, today=MID_TERM) == 2
    years = _plan_years(term)
    assert years[units[0].name] == 2024 and years[units[1].name] == 2024
    assert {years[units[2].name], years[units[3].name]} == {2023, 2025}
    before = AuditEvent.objects.count()
    assert services.generate_coverage_plan(term, actor=None, today=MID_TERM) == 0
    assert AuditEvent.objects.count() == before


def test_generate_puts_recently_inspected_units_last(tree, people):
    a, b, c = _units(tree.county_a2, 3)
    old = _term(tree, name="甲二县第十一届", starts_on=date(2016, 10, 1), ends_on=date(2021, 9, 30))
    term = _term(tree)
    team = people.team_a1
    late = make_round(tree.county_a2, 2021, 1, date(2021, 5, 1), date(2021, 6, 1), term=old)
    early = make_round(tree.county_a2, 2017, 1, date(2017, 5, 1), date(2017, 6, 1), term=old)
    Inspection.objects.create(round=late, team=team, target=a, stage=Stage.ARCHIVED)
    Inspection.objects.create(round=early, team=team, target=b, stage=Stage.ARCHIVED)
    services.generate_coverage_plan(term, actor=None, today=TERM_START)
    years = _plan_years(term)
    # c was not inspected last term: first; b in 2017; a in 2021: last.
    assert years[c.name] < years[b.name] < years[a.name]


def test_generate_is_refused_without_plan_edit(tree, personas, unchanged):
    _units(tree.county_a2, 2)
    term = _term(tree)
    with unchanged():
        with pytest.raises(PermissionDenied):
            services.generate_coverage_plan(term, actor=personas.viewer_a)
        with pytest.raises(PermissionDenied):
            services.generate_coverage_plan(term, actor=personas.outsider)


# --- Changing the plan -------------------------------------------------------------------------


def test_set_years_and_refusals(tree, personas, unchanged):
    units = _units(tree.county_a2, 3)
    term = _term(tree)
    services.generate_coverage_plan(term, actor=None, today=TERM_START)
    entries = {e.unit_id: e for e in CoverageEntry.objects.filter(plan__term=term)}
    first, second = entries[units[0].pk], entries[units[1].pk]
    with unchanged():
        with pytest.raises(ValidationError):
            services.set_planned_years(term, {first.pk: 2030}, actor=personas.office_a)
        with pytest.raises(PermissionDenied):
            services.set_planned_years(term, {first.pk: 2025}, actor=personas.viewer_a)
    moved = services.set_planned_years(
        term, {first.pk: 2025, second.pk: second.planned_year}, actor=personas.office_a
    )
    assert moved == 1
    event = AuditEvent.objects.filter(event_type=EventType.COVERAGE_PLANNED).latest("seq")
    assert event.changes == {units[0].code: [first.planned_year, 2025]}
    assert services.set_planned_year(second, 2026, actor=personas.office_a).planned_year == 2026


def test_entries_of_another_plan_are_refused(tree, plans, unchanged):
    _units(tree.county_a2, 1)
    term = _term(tree)
    services.generate_coverage_plan(plans.term_a1, actor=None)
    foreign = CoverageEntry.objects.filter(plan__term=plans.term_a1).first()
    with unchanged(), pytest.raises(ValidationError):
        services.set_planned_years(term, {foreign.pk: 2024}, actor=None)


def test_add_and_remove_entries(tree, personas, unchanged):
    term = _term(tree)
    services.generate_coverage_plan(term, actor=None, today=TERM_START)
    with unchanged():
        with pytest.raises(ValidationError):  # not below county A2
            services.add_coverage_entry(term, tree.dept_a1, 2024, actor=personas.office_a)
        with pytest.raises(ValidationError):  # the jurisdiction itself
            services.add_coverage_entry(term, tree.county_a2, 2024, actor=personas.office_a)
    new = dept("甲二县新设局", tree.county_a2)
    with unchanged():
        with pytest.raises(ValidationError):  # not a year of the term
            services.add_coverage_entry(term, new, 2027, actor=personas.office_a)
        with pytest.raises(PermissionDenied):
            services.add_coverage_entry(term, new, 2024, actor=personas.viewer_a)
    entry = services.add_coverage_entry(term, new, 2024, actor=personas.office_a, note="新设")
    with unchanged():
        with pytest.raises(ValidationError):  # already planned
            services.add_coverage_entry(term, new, 2025, actor=personas.office_a)
        with pytest.raises(ValidationError):  # still in scope: change its year instead
            services.remove_coverage_entry(entry, actor=personas.office_a)
    Unit.objects.filter(pk=new.pk).update(is_active=False)
    with unchanged(), pytest.raises(PermissionDenied):
        services.remove_coverage_entry(entry, actor=personas.viewer_a)
    services.remove_coverage_entry(entry, actor=personas.office_a, reason="机构改革撤销")
    assert not CoverageEntry.objects.filter(pk=entry.pk).exists()
    event = AuditEvent.objects.filter(event_type=EventType.COVERAGE_PLANNED).latest("seq")
    assert event.changes["removed"] == [[new.code, 2024]] and event.reason == "机构改革撤销"


def test_elevated_planning_of_a_unit_below_a_lower_office(tree, personas):
    term = services.create_term(
        actor=None,
        jurisdiction=tree.city_a,
        name="甲市第八届",
        starts_on=TERM_START,
        ends_on=date(2026, 9, 30),
    )
    entry = services.add_coverage_entry(term, tree.dept_a1, 2025, actor=personas.office_a)
    assert entry.planned_year == 2025
    # Not in the city's own scope, so it may leave the plan again.
    services.remove_coverage_entry(entry, actor=personas.office_a)


# --- Submitting and approving ----------------------------------------------------------------


def test_submit_and_approve(tree, personas, unchanged):
    _units(tree.county_a2, 2)
    term = _term(tree)
    with unchanged(), pytest.raises(ValidationError):  # units in scope are not planned yet
        services.submit_coverage_plan(term, actor=personas.office_a)
    services.generate_coverage_plan(term, actor=None, today=TERM_START)
    with unchanged():
        with pytest.raises(ValidationError):  # not submitted yet
            services.approve_coverage_plan(term, actor=personas.viewer_a)
        with pytest.raises(PermissionDenied):
            services.submit_coverage_plan(term, actor=personas.viewer_a)
    services.submit_coverage_plan(term, actor=personas.office_a)
    assert _status(term) == PlanStatus.SUBMITTED
    with unchanged():
        with pytest.raises(PermissionDenied):  # the office does not approve
            services.approve_coverage_plan(term, actor=personas.office_a)
        with pytest.raises(PermissionDenied):
            services.approve_coverage_plan(term, actor=personas.outsider)
    plan = services.approve_coverage_plan(term, actor=personas.viewer_a, comment="同意")
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == personas.viewer_a
    # A second click finds it approved already.
    with unchanged(), pytest.raises(ValidationError):
        services.approve_coverage_plan(term, actor=personas.viewer_a)
    assert AuditEvent.objects.filter(event_type=EventType.COVERAGE_APPROVED).count() == 1


def test_changing_an_approved_plan_sends_it_back_to_draft(tree, personas):
    _units(tree.county_a2, 2)
    term = _term(tree)
    services.generate_coverage_plan(term, actor=None, today=TERM_START)
    services.submit_coverage_plan(term, actor=None)
    services.approve_coverage_plan(term, actor=None)
    entry = CoverageEntry.objects.filter(plan__term=term).first()
    services.set_planned_years(
        term, {entry.pk: 2026 if entry.planned_year != 2026 else 2025}, actor=personas.office_a
    )
    plan = CoveragePlan.objects.get(term=term)
    assert plan.status == PlanStatus.DRAFT and plan.approved_by is None
    event = AuditEvent.objects.filter(event_type=EventType.COVERAGE_PLANNED).latest("seq")
    assert event.changes["status"] == ["approved", "draft"]


def test_the_leading_group_returns_a_coverage_plan_with_a_comment(tree, personas, unchanged):
    _units(tree.county_a2, 2)
    term = _term(tree)
    services.generate_coverage_plan(term, actor=None, today=TERM_START)
    with unchanged(), pytest.raises(ValidationError):  # a draft is not returned
        services.return_coverage_plan(term, actor=personas.viewer_a, comment="请调整")
    services.submit_coverage_plan(term, actor=personas.office_a)
    with unchanged():
        with pytest.raises(PermissionDenied):  # the office does not return its own plan
            services.return_coverage_plan(term, actor=personas.office_a, comment="请调整")
        with pytest.raises(PermissionDenied):
            services.return_coverage_plan(term, actor=personas.outsider, comment="请调整")
        with pytest.raises(ValidationError) as caught:  # say what needs to change
            services.return_coverage_plan(term, actor=personas.viewer_a, comment="  ")
        assert "comment" in caught.value.message_dict
    plan = services.return_coverage_plan(
        term, actor=personas.viewer_a, comment="村（社区）安排过于集中在最后一年"
    )
    assert plan.status == PlanStatus.DRAFT and plan.approved_by is None
    event = AuditEvent.objects.filter(event_type=EventType.COVERAGE_RETURNED).get()
    assert event.reason == "村（社区）安排过于集中在最后一年"
    assert event.changes == {"status": ["submitted", "draft"]}
    assert event.actor == personas.viewer_a and event.object_id == str(plan.pk)
    returned = selectors.last_returned(plan)
    assert returned.comment == "村（社区）安排过于集中在最后一年"
    # Submitted again, the return is no longer the last word.
    services.submit_coverage_plan(term, actor=personas.office_a)
    assert selectors.last_returned(CoveragePlan.objects.get(term=term)) is None


# --- Annual plans ---------------------------------------------------------------------------


def test_annual_plans(tree, personas, unchanged):
    term = _term(tree)
    with unchanged():
        with pytest.raises(ValidationError):
            services.create_annual_plan(term, 2030, actor=personas.office_a)
        with pytest.raises(PermissionDenied):
            services.create_annual_plan(term, 2024, actor=personas.viewer_a)
    plan = services.create_annual_plan(term, 2024, actor=personas.office_a, rounds_planned=3)
    with unchanged():
        with pytest.raises(ValidationError):
            services.create_annual_plan(term, 2024, actor=personas.office_a)
        with pytest.raises(ValidationError):
            services.approve_annual_plan(plan, actor=personas.viewer_a)
    services.submit_annual_plan(plan, actor=personas.office_a)
    with unchanged(), pytest.raises(PermissionDenied):
        services.approve_annual_plan(plan, actor=personas.office_a)
    plan = services.approve_annual_plan(plan, actor=personas.viewer_a)
    assert plan.status == PlanStatus.APPROVED
    plan = services.update_annual_plan(plan, actor=personas.office_a, notes="增加一轮机动巡察")
    assert AnnualPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    types = list(
        AuditEvent.objects.filter(object_type="plans.annualplan")
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert types == [
        EventType.ANNUAL_PLAN_CREATED,
        EventType.ANNUAL_PLAN_SUBMITTED,
        EventType.ANNUAL_PLAN_APPROVED,
        EventType.ANNUAL_PLAN_UPDATED,
    ]


def test_scope_unit_below_a_township_is_planned(tree):
    township = make_unit(
        "甲二县某镇", parent=tree.county_a2, level="township", kind=UnitKind.TOWNSHIP_COMMITTEE
    )
    make_unit("某镇某村", parent=township, level="village", kind=UnitKind.VILLAGE_COMMITTEE)
    term = _term(tree)
    assert services.generate_coverage_plan(term, actor=None, today=TERM_START) == 2


def test_the_leading_group_returns_an_annual_plan(tree, personas, unchanged):
    term = _term(tree)
    plan = services.create_annual_plan(term, 2024, actor=personas.office_a)
    services.submit_annual_plan(plan, actor=personas.office_a)
    with unchanged():
        with pytest.raises(PermissionDenied):
            services.return_annual_plan(plan, actor=personas.office_a, comment="x")
        with pytest.raises(ValidationError):
            services.return_annual_plan(plan, actor=personas.viewer_a, comment="")
    plan = services.return_annual_plan(plan, actor=personas.viewer_a, comment="轮次安排偏少")
    assert plan.status == PlanStatus.DRAFT
    assert selectors.last_returned(plan).comment == "轮次安排偏少"
    with unchanged(), pytest.raises(ValidationError):  # a second click finds it returned
        services.return_annual_plan(plan, actor=personas.viewer_a, comment="轮次安排偏少")
    event = AuditEvent.objects.filter(event_type=EventType.ANNUAL_PLAN_RETURNED).get()
    assert event.reason == "轮次安排偏少" and event.object_id == str(plan.pk)
    # The office revises and submits again; the leading group approves.
    services.submit_annual_plan(plan, actor=personas.office_a)
    assert services.approve_annual_plan(plan, actor=personas.viewer_a).status == "approved"
