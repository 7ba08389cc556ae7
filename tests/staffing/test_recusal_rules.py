"""Each recusal rule fires where it should and stays silent where it should not.

The round of `make_plans` stations on 2026-03-02 in county A1, with dept_a1 (甲一县农业农村局)
as its target. The cadre under test is 张建国, who works at county A1 (above the target, not in
it) and sits in county A1's leader pool, so the round's scan looks at him.
"""

from datetime import date
from types import SimpleNamespace

import pytest

from tests.factories import make_cadre, make_people, make_plans, make_unit
from xuncha.orgs.models import LeadershipMember, Level, UnitKind
from xuncha.people.models import (
    FamilyRelation,
    Kinship,
    Posting,
    PostingKind,
    WorkingRelation,
    WorkingRelationKind,
)
from xuncha.plans.models import Inspection, PlanningSettings, Round, RoundKind
from xuncha.staffing import recusal
from xuncha.staffing.models import RecusalStatus
from xuncha.staffing.rules import Rule, blockers, blocks, detect, detect_for_round

pytestmark = pytest.mark.django_db

STATIONING = date(2026, 3, 2)


@pytest.fixture
def ns(tree):
    people = make_people(tree)
    plans = make_plans(tree, people)
    return SimpleNamespace(
        tree=tree,
        people=people,
        plans=plans,
        target=tree.dept_a1,
        round=plans.round_a1,
        cadre=people.in_a1,
    )


def _rules(ns, cadre=None, target=None, round=None) -> set[str]:
    cadre = cadre or ns.cadre
    return {c.rule for c in detect_for_round([cadre], [target or ns.target], round or ns.round)}


def _posting(cadre, unit, start, end, kind=PostingKind.WORK, title="科员"):
    return Posting.objects.create(
        cadre=cadre, unit=unit, kind=kind, title=title, started_on=start, ended_on=end
    )


def _leader(unit, name, post="局长"):
    return LeadershipMember.objects.create(unit=unit, name=name, post=post)


def _section(ns):
    """A unit inside the target."""
    return make_unit(
        "甲一县农业农村局办公室", parent=ns.target, level=Level.OTHER, kind=UnitKind.OTHER
    )


# --- works there now ------------------------------------------------------------------------


def test_current_post_fires_for_a_unit_inside_the_target(ns):
    inside = make_cadre(_section(ns), "孙在岗")
    found = detect_for_round([inside], [ns.target], ns.round)
    assert [c.rule for c in found] == [Rule.CURRENT_POST]
    assert "甲一县农业农村局办公室" in found[0].detail
    assert not found[0].leader_only


def test_current_post_does_not_fire_for_the_parent_unit(ns):
    # 张建国 works at county A1, above the target: not inside it.
    assert _rules(ns) == set()


# --- worked there within N years --------------------------------------------------------------


def test_worked_within_the_window_fires(ns):
    _posting(ns.cadre, ns.target, date(2019, 1, 1), date(2024, 3, 2))  # ended N-1 = 2 years ago
    found = detect_for_round([ns.cadre], [ns.target], ns.round)
    recent = [c for c in found if c.rule == Rule.WORKED_RECENTLY]
    assert len(recent) == 1
    assert "2024-03-02" in recent[0].detail and "3" in recent[0].detail


def test_worked_before_the_window_does_not_fire(ns):
    _posting(ns.cadre, ns.target, date(2021, 1, 1), date(2022, 3, 1))  # ended N+1 = 4 years ago
    assert Rule.WORKED_RECENTLY not in _rules(ns)


def test_the_window_is_a_setting_of_the_jurisdiction(ns):
    _posting(ns.cadre, ns.target, date(2021, 1, 1), date(2022, 3, 1))
    PlanningSettings.objects.create(jurisdiction=ns.tree.county_a1, worked_within_years=5)
    assert Rule.WORKED_RECENTLY in _rules(ns)
    # Another jurisdiction keeps the default.
    assert PlanningSettings.for_unit(ns.tree.county_a2).worked_within_years == 3


def test_worked_in_another_unit_does_not_fire(ns):
    _posting(ns.cadre, ns.tree.county_a2, date(2024, 1, 1), date(2025, 12, 31))
    assert _rules(ns) == set()


# --- worked there for more than M years (leaders only) ------------------------------------------


def test_worked_long_adds_up_the_postings_and_binds_leaders_only(ns):
    # Two spells of two years each, long ago: 4 years in all, more than 3.
    _posting(ns.cadre, ns.target, date(2008, 1, 1), date(2010, 1, 1))
    _posting(ns.cadre, _section(ns), date(2011, 1, 1), date(2013, 1, 1))
    assert _rules(ns) == {Rule.WORKED_LONG}
    found = blockers([ns.cadre], [ns.target], ns.round)[(ns.cadre.pk, ns.target.pk)]
    assert blocks(found, as_leader=True)
    assert blocks(found, as_leader=False) == []


def test_worked_long_counts_overlapping_posts_once(ns):
    # Two posts held at the same time in the target, two years each: two years of service.
    _posting(ns.cadre, ns.target, date(2008, 1, 1), date(2010, 1, 1), title="副局长")
    _posting(ns.cadre, _section(ns), date(2008, 1, 1), date(2010, 1, 1), title="办公室主任")
    assert Rule.WORKED_LONG not in _rules(ns)
    # Overlapping in part: 2008–2010 and 2009–2012 cover four years, more than three.
    _posting(ns.cadre, _section(ns), date(2009, 1, 1), date(2012, 1, 1), title="兼职")
    found = [c for c in detect_for_round([ns.cadre], [ns.target], ns.round)]
    (long,) = [c for c in found if c.rule == Rule.WORKED_LONG]
    assert "4.0" in long.detail


def test_worked_long_does_not_fire_under_the_limit(ns):
    _posting(ns.cadre, ns.target, date(2008, 1, 1), date(2010, 6, 30))  # 2.5 years
    assert _rules(ns) == set()


# --- studied there (leaders only) ---------------------------------------------------------------


def test_studied_at_the_target_fires_for_leaders_only(ns):
    school = make_unit(
        "甲一县委党校", parent=ns.tree.county_a1, level=Level.COUNTY, kind=UnitKind.SCHOOL
    )
    _posting(
        ns.cadre, school, date(2001, 9, 1), date(2004, 7, 1), kind=PostingKind.STUDY, title="进修"
    )
    found = detect_for_round([ns.cadre], [school], ns.round)
    assert [c.rule for c in found] == [Rule.STUDIED]
    assert "甲一县委党校" in found[0].detail and found[0].leader_only
    # A study spell never counts as having worked there.
    assert Rule.WORKED_LONG not in {c.rule for c in found}


def test_studied_elsewhere_does_not_fire(ns):
    _posting(
        ns.cadre, ns.tree.county_a2, date(2001, 9, 1), date(2004, 7, 1), kind=PostingKind.STUDY
    )
    assert _rules(ns) == set()


# --- a relative works there ---------------------------------------------------------------------


@pytest.mark.parametrize("kinship", [Kinship.SPOUSE, Kinship.LINEAL])
def test_close_relative_working_at_the_target_fires(ns, kinship):
    FamilyRelation.objects.create(
        cadre=ns.cadre,
        kinship=kinship,
        relation="妻子",
        full_name="陈丽",
        unit=_section(ns),
        post="科员",
    )
    found = detect_for_round([ns.cadre], [ns.target], ns.round)
    assert [c.rule for c in found] == [Rule.RELATIVE_WORKS]
    assert "陈丽" in found[0].detail and "妻子" in found[0].detail


@pytest.mark.parametrize("kinship", [Kinship.COLLATERAL, Kinship.IN_LAW])
def test_distant_relative_working_at_the_target_does_not_fire(ns, kinship):
    FamilyRelation.objects.create(cadre=ns.cadre, kinship=kinship, full_name="陈丽", unit=ns.target)
    assert _rules(ns) == set()


def test_close_relative_working_elsewhere_does_not_fire(ns):
    FamilyRelation.objects.create(
        cadre=ns.cadre, kinship=Kinship.SPOUSE, full_name="陈丽", unit=ns.tree.county_a2
    )
    assert _rules(ns) == set()


# --- a relative is on the leadership team -------------------------------------------------------


def test_any_relative_on_the_leadership_team_fires(ns):
    _leader(ns.target, "周国平", "局长")
    FamilyRelation.objects.create(
        cadre=ns.cadre, kinship=Kinship.COLLATERAL, relation="表哥", full_name="周国平"
    )
    found = detect_for_round([ns.cadre], [ns.target], ns.round)
    assert [c.rule for c in found] == [Rule.RELATIVE_LEADERSHIP]
    assert "周国平" in found[0].detail and "局长" in found[0].detail


def test_a_namesake_known_to_work_elsewhere_is_not_the_leader(ns):
    _leader(ns.target, "周国平", "局长")
    FamilyRelation.objects.create(
        cadre=ns.cadre,
        kinship=Kinship.LINEAL,
        relation="父亲",
        full_name="周国平",
        unit=ns.tree.county_a2,
    )
    assert _rules(ns) == set()


def test_a_relative_working_in_the_target_and_named_on_its_leadership_fires(ns):
    _leader(ns.target, "周国平", "局长")
    FamilyRelation.objects.create(
        cadre=ns.cadre,
        kinship=Kinship.COLLATERAL,
        relation="表哥",
        full_name="周国平",
        unit=_section(ns),
    )
    assert _rules(ns) == {Rule.RELATIVE_LEADERSHIP}


def test_relative_not_on_the_leadership_team_does_not_fire(ns):
    _leader(ns.target, "周国平", "局长")
    FamilyRelation.objects.create(cadre=ns.cadre, kinship=Kinship.COLLATERAL, full_name="周国安")
    assert _rules(ns) == set()


def test_a_namesake_dismissed_by_decision_no_longer_blocks(ns):
    _leader(ns.target, "周国平", "局长")
    FamilyRelation.objects.create(
        cadre=ns.cadre, kinship=Kinship.LINEAL, relation="父亲", full_name="周国平"
    )
    key = (ns.cadre.pk, ns.target.pk)
    assert [b.rule for b in blockers([ns.cadre], [ns.target], ns.round)[key]] == [
        Rule.RELATIVE_LEADERSHIP
    ]
    recusal.scan_round(ns.round, actor=None)
    row = ns.cadre.recusals.get(rule=Rule.RELATIVE_LEADERSHIP)
    recusal.decide(row, actor=None, status=RecusalStatus.DISMISSED, reason="同名同姓，其父另有其人")
    assert key not in blockers([ns.cadre], [ns.target], ns.round)
    # The rule still fires; the decision is what clears it.
    assert Rule.RELATIVE_LEADERSHIP in _rules(ns)


# --- former superior, subordinate or close colleague (leaders only) ------------------------------


def _worked_with(ns, name, ended_on, kind=WorkingRelationKind.SUPERIOR):
    return WorkingRelation.objects.create(
        cadre=ns.cadre, kind=kind, full_name=name, unit=ns.tree.county_a2, ended_on=ended_on
    )


@pytest.mark.parametrize("ended_on", [date(2024, 6, 30), None])
def test_former_superior_within_the_window_fires_for_leaders(ns, ended_on):
    _leader(ns.target, "钱学明", "党组书记、局长")
    _worked_with(ns, "钱学明", ended_on)
    found = detect_for_round([ns.cadre], [ns.target], ns.round)
    assert [c.rule for c in found] == [Rule.FORMER_RELATION]
    assert "钱学明" in found[0].detail and found[0].leader_only
    key = (ns.cadre.pk, ns.target.pk)
    assert blocks(blockers([ns.cadre], [ns.target], ns.round)[key], as_leader=False) == []


def test_former_subordinate_long_ago_does_not_fire(ns):
    _leader(ns.target, "钱学明")
    _worked_with(ns, "钱学明", date(2015, 12, 31), kind=WorkingRelationKind.SUBORDINATE)
    assert _rules(ns) == set()


def test_former_colleague_who_does_not_lead_the_target_does_not_fire(ns):
    _leader(ns.target, "钱学明")
    _worked_with(ns, "钱学文", date(2025, 12, 31), kind=WorkingRelationKind.COLLEAGUE)
    assert _rules(ns) == set()


# --- home region, for cross inspections only ----------------------------------------------------


@pytest.fixture
def township(ns):
    """A township of county A1, inspected in a cross round of city A and in a regular round."""
    town = make_unit(
        "甲一县城关镇党委",
        parent=ns.tree.county_a1,
        level=Level.TOWNSHIP,
        kind=UnitKind.TOWNSHIP_COMMITTEE,
    )
    cross = Round.objects.create(
        jurisdiction=ns.tree.city_a,
        year=2026,
        number=2,
        name="甲市委2026年第二轮交叉巡察",
        kind=RoundKind.CROSS,
        starts_on=STATIONING,
        ends_on=date(2026, 4, 17),
    )
    Inspection.objects.create(round=cross, team=ns.people.team_a1, target=town)
    regular = Round.objects.create(
        jurisdiction=ns.tree.city_a,
        year=2026,
        number=3,
        name="甲市委2026年第三轮巡察",
        starts_on=STATIONING,
        ends_on=date(2026, 4, 17),
    )
    Inspection.objects.create(round=regular, team=ns.people.team_a1, target=town)
    return SimpleNamespace(unit=town, cross=cross, regular=regular)


def test_home_region_fires_in_a_cross_round(ns, township):
    found = detect_for_round([ns.cadre], [township.unit], township.cross)
    assert [c.rule for c in found] == [Rule.HOME_REGION]


def test_home_region_does_not_fire_in_a_regular_round(ns, township):
    assert _rules(ns, target=township.unit, round=township.regular) == set()


def test_home_region_counts_the_native_place(ns, township):
    from_a2 = ns.people.in_a2
    assert _rules(ns, cadre=from_a2, target=township.unit, round=township.cross) == set()
    from_a2.native_place = ns.tree.county_a1
    from_a2.save()
    assert _rules(ns, cadre=from_a2, target=township.unit, round=township.cross) == {
        Rule.HOME_REGION
    }


def test_home_region_does_not_fire_for_another_county(ns, township):
    assert _rules(ns, cadre=ns.people.in_a2, target=township.unit, round=township.cross) == set()


def test_home_region_of_a_county_department_is_its_county(ns):
    """A cadre of county A1 kept out of a cross inspection of county A1's agriculture bureau
    (level county, like every county department)."""
    found = detect([ns.cadre], [ns.target], on=STATIONING, cross=True)
    assert Rule.HOME_REGION in {c.rule for c in found}


# --- the windows' defaults ----------------------------------------------------------------------


def test_defaults_follow_the_domain_rule():
    s = PlanningSettings()
    assert (s.worked_within_years, s.worked_longer_than_years, s.superior_within_years) == (
        3,
        3,
        3,
    )
