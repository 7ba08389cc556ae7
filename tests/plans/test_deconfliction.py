"""Cross-level deconfliction: each kind of warning, inside and outside its window, and the reason
the task split then requires."""

from datetime import date

import pytest

from tests.plans.conftest import make_round
from xuncha.audit.models import AuditEvent, EventType
from xuncha.plans import services
from xuncha.plans.deconfliction import (
    RECENT,
    UPPER_PLAN,
    UPPER_ROUND,
    add_months,
    deconfliction_warnings,
)
from xuncha.plans.models import CoverageEntry, CoveragePlan, Inspection, Stage, Term
from xuncha.plans.services import DeconflictionRequired

pytestmark = pytest.mark.django_db

START, END = date(2026, 3, 2), date(2026, 4, 17)


def _warnings(tree, **kwargs):
    kwargs.setdefault("jurisdiction", tree.county_a1)
    return deconfliction_warnings(tree.dept_a1, START, END, **kwargs)


def _kinds(warnings) -> list[str]:
    return [w.kind for w in warnings]


def _inspect(
    jurisdiction, team, target, starts_on, ends_on, stage=Stage.STATIONED, year=None, number=9
):
    round = make_round(jurisdiction, year or starts_on.year, number, starts_on, ends_on)
    return Inspection.objects.create(round=round, team=team, target=target, stage=stage)


def test_add_months():
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 2), -12) == date(2025, 3, 2)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 15), -13) == date(2024, 12, 15)


def test_nothing_to_say(tree, people):
    assert _warnings(tree) == []


# --- (a) inspected or planned recently, by any level ---------------------------------------------


def test_recent_inspection_by_this_level(tree, people):
    _inspect(tree.county_a1, people.team_a1, tree.dept_a1, date(2025, 6, 1), date(2025, 7, 15))
    (warning,) = _warnings(tree)
    assert warning.kind == RECENT
    assert warning.jurisdiction == "甲一县委"
    assert "2025-06-01" in warning.text and "甲一县委2025年第9轮" in warning.text
    assert warning.text == str(warning)


def test_recent_inspection_by_the_upper_level(tree, people):
    _inspect(tree.city_a, people.team_a1, tree.dept_a1, date(2025, 9, 1), date(2025, 10, 15))
    (warning,) = _warnings(tree)
    assert warning.kind == RECENT and warning.jurisdiction == "甲市委"


def test_planned_inspection_in_another_round(tree, people):
    _inspect(
        tree.county_a1,
        people.team_a1,
        tree.dept_a1,
        date(2026, 4, 1),
        date(2026, 5, 1),
        stage=Stage.PLANNED,
    )
    (warning,) = _warnings(tree)
    assert warning.kind == RECENT and "2026-04-01" in warning.text


def test_outside_the_window_is_quiet(tree, people):
    # Ended 2025-01-15, before 2025-03-02 (twelve months before the new window).
    _inspect(tree.county_a1, people.team_a1, tree.dept_a1, date(2024, 12, 1), date(2025, 1, 15))
    assert _warnings(tree) == []


def test_the_window_is_a_setting(tree, people):
    _inspect(tree.county_a1, people.team_a1, tree.dept_a1, date(2025, 6, 1), date(2025, 7, 15))
    services.update_settings(tree.county_a1, actor=None, deconfliction_months=6)
    assert _warnings(tree) == []
    assert len(_warnings(tree, months=12)) == 1


def test_the_round_being_planned_is_left_out(tree, plans):
    assert deconfliction_warnings(tree.dept_a1, START, END, exclude_round=plans.round_a1) == []
    assert _kinds(_warnings(tree)) == [RECENT]  # round_a1's own planned inspection otherwise


def test_other_targets_do_not_count(tree, people, plans):
    _inspect(tree.county_b1, people.team_b, plans.dept_b1, date(2025, 6, 1), date(2025, 7, 1))
    assert _warnings(tree, exclude_round=plans.round_a1) == []


# --- (b) the upper level plans the target in the same period ----------------------------------


def test_upper_round_of_the_same_year(tree, people):
    _inspect(
        tree.city_a,
        people.team_a1,
        tree.dept_a1,
        date(2026, 10, 1),
        date(2026, 11, 15),
        stage=Stage.PLANNED,
    )
    (warning,) = _warnings(tree)
    assert warning.kind == UPPER_ROUND and warning.jurisdiction == "甲市委"
    assert "2026-10-01" in warning.text


def test_upper_round_of_another_year_is_quiet(tree, people):
    _inspect(
        tree.city_a,
        people.team_a1,
        tree.dept_a1,
        date(2027, 3, 1),
        date(2027, 4, 1),
        stage=Stage.PLANNED,
    )
    assert _warnings(tree) == []


def test_sibling_round_is_not_the_upper_level(tree, people):
    # County A2 (a sibling, not above county A1) plans the unit later in the same year.
    _inspect(
        tree.county_a2,
        people.team_a1,
        tree.dept_a1,
        date(2026, 10, 1),
        date(2026, 11, 15),
        stage=Stage.PLANNED,
    )
    assert _warnings(tree) == []


# --- (c) the upper level's coverage plan -------------------------------------------------------


def _plan_at(jurisdiction, unit, year, name="第八届"):
    term = Term.objects.create(
        jurisdiction=jurisdiction, name=name, starts_on=date(2021, 10, 1), ends_on=date(2026, 9, 30)
    )
    plan = CoveragePlan.objects.create(term=term)
    return CoverageEntry.objects.create(plan=plan, unit=unit, planned_year=year)


def test_upper_coverage_plan_of_the_same_year(tree):
    _plan_at(tree.city_a, tree.dept_a1, 2026, "甲市第八届")
    (warning,) = _warnings(tree)
    assert warning.kind == UPPER_PLAN and warning.year == 2026
    assert "甲市委" in warning.text and "甲市第八届" in warning.text


def test_upper_coverage_plan_of_another_year_is_quiet(tree):
    _plan_at(tree.city_a, tree.dept_a1, 2025)
    assert _warnings(tree) == []


def test_sibling_coverage_plan_is_not_the_upper_level(tree):
    _plan_at(tree.county_a2, tree.dept_a1, 2026)
    assert _warnings(tree) == []


# --- In the task split ----------------------------------------------------------------------------


def _candidate(tree):
    from tests.plans.conftest import dept

    return dept("甲一县财政局", tree.county_a1)


def test_a_warned_target_needs_a_reason(tree, people, plans, personas, unchanged):
    target = _candidate(tree)
    _inspect(tree.city_a, people.team_a1, target, date(2025, 9, 1), date(2025, 10, 15))
    with unchanged(), pytest.raises(DeconflictionRequired) as caught:
        services.add_inspection(
            plans.round_a1, actor=personas.office_a, target=target, team=people.team_a1
        )
    assert _kinds(caught.value.warnings) == [RECENT]
    assert any("甲市委" in m for m in caught.value.messages)
    inspection = services.add_inspection(
        plans.round_a1,
        actor=personas.office_a,
        target=target,
        team=people.team_a1,
        deconfliction_reason="市委巡察反馈问题较多，县委跟进督促整改",
    )
    assert inspection.deconfliction_warnings == [w.text for w in caught.value.warnings]
    assert inspection.deconfliction_reason.startswith("市委巡察")
    event = AuditEvent.objects.filter(event_type=EventType.INSPECTION_DECONFLICTED).get()
    assert event.reason == inspection.deconfliction_reason
    assert event.changes["warnings"][1] == inspection.deconfliction_warnings


def test_a_quiet_target_keeps_no_reason(tree, people, plans):
    target = _candidate(tree)
    inspection = services.add_inspection(
        plans.round_a1, actor=None, target=target, team=people.team_a1, deconfliction_reason="无需"
    )
    assert inspection.deconfliction_warnings == [] and inspection.deconfliction_reason == ""
    assert not AuditEvent.objects.filter(event_type=EventType.INSPECTION_DECONFLICTED).exists()


def test_new_dates_bring_new_warnings(tree, people, plans, personas, unchanged):
    target = _candidate(tree)
    inspection = services.add_inspection(
        plans.round_a1, actor=None, target=target, team=people.team_a1
    )
    _inspect(
        tree.city_a,
        people.team_a1,
        target,
        date(2026, 4, 10),
        date(2026, 5, 30),
        stage=Stage.PLANNED,
    )
    with unchanged(), pytest.raises(DeconflictionRequired):
        services.update_inspection(
            inspection, actor=personas.office_a, stationed_from=date(2026, 4, 1)
        )
    inspection = services.update_inspection(
        inspection,
        actor=personas.office_a,
        stationed_from=date(2026, 4, 1),
        deconfliction_reason="与市委错开对象",
    )
    assert len(inspection.deconfliction_warnings) == 1
    # Once recorded, saving again without a new reason is fine.
    services.update_inspection(inspection, actor=personas.office_a, work_plan="调阅账册")


def test_new_round_dates_recheck_the_targets_that_follow_them(
    tree, people, plans, personas, unchanged
):
    """round_a1 (2026-03-02 … 04-17) takes dept_a1 with the round's dates; the city plans
    dept_a1 from 2026-05-01. Moving the round next to it warns; the office must say why."""
    own = _candidate(tree)
    services.add_inspection(
        plans.round_a1,
        actor=None,
        target=own,
        team=people.team_a1,
        stationed_from=date(2026, 3, 2),
        stationed_until=date(2026, 4, 17),
    )
    _inspect(
        tree.city_a,
        people.team_a1,
        tree.dept_a1,
        date(2026, 5, 1),
        date(2026, 6, 15),
        stage=Stage.PLANNED,
    )
    _inspect(tree.city_a, people.team_a1, own, date(2026, 5, 1), date(2026, 6, 15), number=8)
    new = {"starts_on": date(2026, 2, 2), "ends_on": date(2026, 5, 20)}
    with unchanged(), pytest.raises(services.RoundDeconflictionRequired) as caught:
        services.update_round(plans.round_a1, actor=personas.office_a, **new)
    # Only the target following the round's dates; the one with its own dates did not move.
    ((target, texts),) = caught.value.warnings
    assert target == "甲一县农业农村局" and any("甲市委" in t for t in texts)
    assert any("甲一县农业农村局" in m for m in caught.value.messages)
    services.update_round(
        plans.round_a1, actor=personas.office_a, deconfliction_reason="市委另行安排，错开", **new
    )
    inspection = Inspection.objects.get(pk=plans.inspection_a1.pk)
    assert inspection.deconfliction_warnings == texts
    assert inspection.deconfliction_reason == "市委另行安排，错开"
    event = AuditEvent.objects.filter(event_type=EventType.INSPECTION_DECONFLICTED).get()
    assert event.object_id == str(inspection.pk) and event.reason == "市委另行安排，错开"
    assert event.changes["warnings"] == [None, texts]
    # Moving again within the same warnings asks for nothing new.
    services.update_round(plans.round_a1, actor=personas.office_a, ends_on=date(2026, 5, 19))
    assert AuditEvent.objects.filter(event_type=EventType.INSPECTION_DECONFLICTED).count() == 1


def test_round_dates_page_and_api_ask_for_the_reason(
    tree, people, plans, personas, as_user, unchanged
):
    _inspect(
        tree.city_a,
        people.team_a1,
        tree.dept_a1,
        date(2026, 5, 1),
        date(2026, 6, 15),
        stage=Stage.PLANNED,
    )
    client = as_user(personas.office_a)
    url = f"/plans/rounds/{plans.round_a1.pk}/edit/"
    form = {
        "kind": "regular",
        "starts_on": "2026-03-02",
        "ends_on": "2026-05-20",
        "name": plans.round_a1.name,
        "work_plan": "",
    }
    with unchanged():
        response = client.get(url)  # the form has no reason to give yet
        assert 'name="deconfliction_reason"' not in response.content.decode()
        body = client.post(url, form).content.decode()
        assert "甲市委" in body and 'name="deconfliction_reason"' in body
        api = client.patch(
            f"/api/plans/rounds/{plans.round_a1.pk}",
            {"ends_on": "2026-05-20"},
            content_type="application/json",
        )
        assert api.status_code == 422 and "甲市委" in api.content.decode()
    response = client.post(url, {**form, "deconfliction_reason": "确需连续巡察"})
    assert response.status_code == 302
    inspection = Inspection.objects.get(pk=plans.inspection_a1.pk)
    assert inspection.deconfliction_reason == "确需连续巡察"
    assert inspection.deconfliction_warnings
