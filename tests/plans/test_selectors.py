"""Coverage numbers against the hand-counted world of tests/plans/conftest.py."""

from datetime import date

import pytest

from tests.factories import make_unit
from xuncha.orgs.models import Level, UnitKind
from xuncha.plans import selectors
from xuncha.plans.models import Inspection, Stage

pytestmark = pytest.mark.django_db

MID_2026 = date(2026, 5, 1)
AFTER_TERM = date(2026, 11, 23)


def _names(qs) -> set[str]:
    return {u.name for u in qs}


def test_scope_of_a_county(tree, world):
    names = _names(selectors.coverage_scope(tree.county_a1))
    assert names == {
        "甲一县农业农村局",
        "甲一县财政局",
        "甲一县教育局",
        "甲一县卫健局",
        "甲一县城关镇",
        "城关镇东村",
        "城关镇西村",
    }


def test_scope_stops_at_lower_offices(tree, world):
    # The city inspects the counties' party committees, not their departments.
    city_dept = make_unit(
        "甲市财政局", parent=tree.city_a, level=Level.CITY, kind=UnitKind.DEPARTMENT
    )
    assert _names(selectors.coverage_scope(tree.city_a)) == {"甲一县委", "甲二县委", city_dept.name}
    # An office further down (a development zone's working committee) takes its own subtree;
    # it stays in the county's scope itself.
    zone = make_unit(
        "甲一县开发区工委", parent=tree.county_a1, has_office=True, kind=UnitKind.WORKING_COMMITTEE
    )
    make_unit("开发区建设公司", parent=zone, kind=UnitKind.SOE)
    scope = _names(selectors.coverage_scope(tree.county_a1))
    assert "甲一县开发区工委" in scope and "开发区建设公司" not in scope
    assert len(scope) == 8
    assert _names(selectors.coverage_scope(zone)) == {"开发区建设公司"}


def test_units_under_a_dissolved_office_fall_back_to_the_office_above(tree, world):
    zone = make_unit(
        "甲一县开发区工委", parent=tree.county_a1, has_office=True, kind=UnitKind.WORKING_COMMITTEE
    )
    company = make_unit("开发区建设公司", parent=zone, kind=UnitKind.SOE)
    assert "开发区建设公司" not in _names(selectors.coverage_scope(tree.county_a1))
    zone.is_active = False
    zone.save(update_fields=["is_active"])
    # The dissolved zone leaves the scope; its company is the county's to inspect again.
    scope = _names(selectors.coverage_scope(tree.county_a1))
    assert "开发区建设公司" in scope and "甲一县开发区工委" not in scope
    assert selectors.owning_jurisdiction(company) == tree.county_a1
    assert selectors.coverage(world.term).units == 8


def test_coverage_is_exact(world, django_assert_num_queries):
    with django_assert_num_queries(2):
        cov = selectors.coverage(world.term)
    assert (cov.units, cov.inspected, cov.villages, cov.villages_inspected) == (7, 3, 2, 1)
    assert cov.percent == 42.9
    assert cov.village_percent == 50.0
    assert cov.remaining == 4


def test_never_inspected(world, tree):
    assert _names(selectors.never_inspected(world.term)) == {
        "甲一县农业农村局",
        "甲一县卫健局",
        "甲一县城关镇",
        "城关镇西村",
    }


def test_overdue_during_and_after_the_term(world):
    during = selectors.overdue_entries(world.term, today=MID_2026)
    assert [e.unit.name for e in during] == ["甲一县卫健局"]
    after = selectors.overdue_entries(world.term, today=AFTER_TERM)
    assert {e.unit.name for e in after} == {
        "甲一县卫健局",
        "甲一县农业农村局",
        "甲一县城关镇",
        "城关镇西村",
    }
    assert not selectors.overdue_entries(world.term, today=date(2022, 6, 1)).exists()


def test_per_year_table(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        report = selectors.coverage_report(world.term, today=MID_2026)
    rows = {r.year: r for r in report.years}
    assert list(rows) == [2021, 2022, 2023, 2024, 2025, 2026]
    table = {y: (r.planned, r.inspected, r.overdue, r.inspected_in_year) for y, r in rows.items()}
    assert table == {
        2021: (0, 0, 0, 0),
        2022: (2, 2, 0, 2),
        2023: (1, 1, 0, 1),
        2024: (0, 0, 0, 0),
        2025: (1, 0, 1, 0),
        2026: (3, 0, 0, 0),
    }
    assert (report.planned, report.unplanned, report.overdue) == (7, 0, 1)
    assert rows[2025].is_over and not rows[2026].is_over


def test_query_count_does_not_grow_with_units(world, tree, django_assert_num_queries):
    for i in range(15):
        unit = make_unit(f"甲一县新局{i}", parent=tree.county_a1, kind=UnitKind.DEPARTMENT)
        Inspection.objects.create(
            round=world.rounds.r2023, team=world.ins.finance.team, target=unit, stage=Stage.FED_BACK
        )
    with django_assert_num_queries(2):
        cov = selectors.coverage(world.term)
    assert (cov.units, cov.inspected) == (22, 18)


def test_many_terms_in_two_queries(world, plans, django_assert_num_queries):
    with django_assert_num_queries(2):
        covs = selectors.coverage_for_terms([world.term, plans.term_b])
    assert covs[world.term.pk].inspected == 3
    assert (covs[plans.term_b.pk].units, covs[plans.term_b.pk].inspected) == (1, 0)


def test_annual_plan_units(world, plans):
    rows = {e.unit.name: (e.taken, e.done) for e in selectors.annual_plan_units(world.term, 2026)}
    # dept_a1 is taken by round_a1 of 2026; the west village by the second round of 2026.
    assert rows == {
        "甲一县农业农村局": (True, False),
        "甲一县城关镇": (False, False),
        "城关镇西村": (True, False),
    }
