"""The planning pages through HTTP, as the office, the leading group, outsiders and the unit's
liaison would use them. Refused requests change nothing; list pages keep their query count."""

from datetime import date

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.factories import login, make_user
from tests.plans.conftest import dept, make_round
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.plans import services
from xuncha.plans.models import (
    AnnualPlan,
    CoverageEntry,
    CoveragePlan,
    FocusArea,
    Inspection,
    PlanningSettings,
    PlanStatus,
    Round,
    RoundStatus,
    Stage,
    Term,
)

pytestmark = pytest.mark.django_db


def _body(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def _client(user):
    """A client of its own, signed in before the block that must change nothing."""
    client = Client()
    login(client, user)
    return client


# --- Home and access ---------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, plans):
    for url in (
        reverse("plans:home"),
        reverse("plans:rounds"),
        reverse("plans:inspections"),
        reverse("plans:round", args=[plans.round_a1.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_home_shows_jurisdictions_in_scope_with_coverage(as_user, personas, world):
    body = _body(as_user(personas.viewer_a).get(reverse("plans:home")))
    assert "甲一县第十二届" in body and "42.9%" in body and "乙一县" not in body
    body = _body(as_user(personas.outsider).get(reverse("plans:home")))
    assert "乙一县第十二届" in body and "甲一县" not in body
    assert as_user(personas.liaison_a1).get(reverse("plans:home")).status_code == 403


def test_home_lists_what_awaits_approval(as_user, personas, plans):
    services.submit_round(plans.round_a1, actor=None)
    body = _body(as_user(personas.viewer_a).get(reverse("plans:home")))
    assert "甲一县委2026年第一轮巡察" in body
    body = _body(as_user(personas.office_a).get(reverse("plans:home")))
    assert "甲一县委2026年第一轮巡察" not in body  # the office approves nothing


def test_home_query_count_does_not_grow(
    as_user, personas, plans, tree, django_assert_max_num_queries
):
    client = as_user(personas.upper)
    client.get(reverse("plans:home"))
    with django_assert_max_num_queries(16) as first:
        client.get(reverse("plans:home"))
    for i in range(4):
        county = dept(f"甲市新县{i}", tree.city_a, has_office=True)
        Term.objects.create(
            jurisdiction=county,
            name="第一届",
            starts_on=date(2022, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        make_round(county, 2026, 1, date(2026, 3, 1), date(2026, 4, 1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("plans:home")).status_code == 200


# --- The term dashboard -----------------------------------------------------------------------


def test_term_dashboard_numbers(as_user, personas, world):
    response = as_user(personas.viewer_a).get(reverse("plans:term", args=[world.term.pk]))
    body = _body(response)
    assert response.status_code == 200
    assert "42.9%" in body and "50.0%" in body
    for name in ("甲一县卫健局", "甲一县城关镇", "城关镇西村", "甲一县农业农村局"):
        assert name in body
    report = response.context["report"]
    assert (report.coverage.units, report.coverage.inspected, report.planned) == (7, 3, 7)
    assert {u.name for u in response.context["never_page"]} == {
        "甲一县农业农村局",
        "甲一县卫健局",
        "甲一县城关镇",
        "城关镇西村",
    }
    # Viewed after the term's end: every planned year is over.
    assert response.context["overdue_page"].paginator.count == 4
    assert 'name="year_' not in body  # the leading group reads, the office edits


def test_term_dashboard_query_count_does_not_grow(
    as_user, personas, world, tree, django_assert_max_num_queries
):
    client = as_user(personas.office_a)
    url = reverse("plans:term", args=[world.term.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as first:
        client.get(url)
    for i in range(12):
        unit = dept(f"甲一县新局{i:02d}", tree.county_a1)
        CoverageEntry.objects.create(plan=world.plan, unit=unit, planned_year=2024)
        Inspection.objects.create(
            round=world.rounds.r2024,
            team=world.ins.finance.team,
            target=unit,
            stage=Stage.STATIONED,
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def test_generate_and_move_years_through_the_page(as_user, personas, plans, tree):
    for i in range(3):
        dept(f"甲一县局{i}", tree.county_a1)
    client = as_user(personas.office_a)
    url = reverse("plans:term", args=[plans.term_a1.pk])
    response = client.post(reverse("plans:coverage_generate", args=[plans.term_a1.pk]))
    assert response.status_code == 302
    entries = list(CoverageEntry.objects.filter(plan__term=plans.term_a1))
    assert len(entries) == 4
    body = _body(client.get(url))
    assert f'name="year_{entries[0].pk}"' in body
    response = client.post(
        reverse("plans:coverage_years", args=[plans.term_a1.pk]),
        {f"year_{entries[0].pk}": 2023, "next": url + "?year=2023#plan"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2023#plan")
    assert CoverageEntry.objects.get(pk=entries[0].pk).planned_year == 2023
    body = _body(client.get(url, {"year": 2023}))
    assert entries[0].unit.name in body


def test_refused_plan_changes_change_nothing(as_user, personas, plans, unchanged):
    services.generate_coverage_plan(plans.term_a1, actor=None)
    entry = CoverageEntry.objects.filter(plan__term=plans.term_a1).first()
    viewer, outsider, office = (
        _client(personas.viewer_a),
        _client(personas.outsider),
        _client(personas.office_a),
    )
    with unchanged():
        response = viewer.post(
            reverse("plans:coverage_years", args=[plans.term_a1.pk]), {f"year_{entry.pk}": 2024}
        )
        assert response.status_code == 403
        response = outsider.post(
            reverse("plans:coverage_years", args=[plans.term_a1.pk]), {f"year_{entry.pk}": 2024}
        )
        assert response.status_code == 404
        response = office.post(
            reverse("plans:coverage_years", args=[plans.term_a1.pk]), {f"year_{entry.pk}": 2031}
        )
        assert response.status_code == 302 and _messages(response)


def test_annual_plan_page(as_user, personas, world):
    plan = services.create_annual_plan(world.term, 2026, actor=None)
    body = _body(as_user(personas.viewer_a).get(reverse("plans:annual", args=[plan.pk])))
    assert "甲一县农业农村局" in body and "甲一县城关镇" in body
    assert "甲一县委2026年第一轮巡察" in body


def test_return_a_coverage_plan_through_the_page(as_user, personas, plans, unchanged):
    term = plans.term_a1
    services.generate_coverage_plan(term, actor=None)
    services.submit_coverage_plan(term, actor=None)
    url = reverse("plans:term", args=[term.pk])
    returning = reverse("plans:coverage_return", args=[term.pk])
    assert returning not in _body(as_user(personas.office_a).get(url))
    viewer, office, outsider = (
        _client(personas.viewer_a),
        _client(personas.office_a),
        _client(personas.outsider),
    )
    assert returning in _body(viewer.get(url))
    with unchanged():
        assert office.post(returning, {"comment": "x"}).status_code == 403
        assert outsider.post(returning, {"comment": "x"}).status_code == 404
        response = viewer.post(returning, {"comment": ""})  # say what needs to change
        assert response.status_code == 302 and _messages(response)
    response = viewer.post(returning, {"comment": "村（社区）安排过于集中"})
    assert response.status_code == 302
    assert CoveragePlan.objects.get(term=term).status == PlanStatus.DRAFT
    # The office sees why, and can submit again.
    body = _body(as_user(personas.office_a).get(url))
    assert "村（社区）安排过于集中" in body and "viewer_a" in body
    assert reverse("plans:coverage_submit", args=[term.pk]) in body


def test_return_an_annual_plan_through_the_page(as_user, personas, plans, unchanged):
    plan = services.create_annual_plan(plans.term_a1, 2025, actor=None)
    services.submit_annual_plan(plan, actor=None)
    url = reverse("plans:annual", args=[plan.pk])
    returning = reverse("plans:annual_return", args=[plan.pk])
    viewer, office = _client(personas.viewer_a), _client(personas.office_a)
    assert returning in _body(viewer.get(url))
    with unchanged():
        assert office.post(returning, {"comment": "x"}).status_code == 403
        response = viewer.post(returning, {"comment": " "})
        assert response.status_code == 302 and _messages(response)
    assert viewer.post(returning, {"comment": "轮次偏少"}).status_code == 302
    assert AnnualPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    assert "轮次偏少" in _body(as_user(personas.office_a).get(url))


# --- Rounds -------------------------------------------------------------------------------------


def test_create_a_round_through_the_page(as_user, personas, tree):
    client = as_user(personas.office_a)
    body = _body(client.get(reverse("plans:round_create")))
    assert "甲一县委" in body and "甲二县委" in body  # the chooser
    url = reverse("plans:round_create") + f"?jurisdiction={tree.county_a2.pk}"
    services.ensure_reference_focus_areas(tree.county_a2, actor=None)
    body = _body(client.get(url))
    assert "四个聚焦" in body and "巡视巡察整改落实情况" in body
    areas = list(FocusArea.objects.filter(jurisdiction=tree.county_a2, group="四个聚焦"))
    response = client.post(
        url,
        {
            "jurisdiction": tree.county_a2.pk,
            "kind": "regular",
            "starts_on": "2026-12-01",
            "ends_on": "2026-11-01",
        },
    )
    assert response.status_code == 200 and not Round.objects.exists()  # shown again
    assert 'value="2026-12-01"' in _body(response)  # with what was typed
    response = client.post(
        url,
        {
            "jurisdiction": tree.county_a2.pk,
            "kind": "regular",
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-30",
            "focus_areas": [a.pk for a in areas],
            "work_plan": "听取汇报",
        },
    )
    round = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:round", args=[round.pk]
    )
    assert round.name == "甲二县委2026年第一轮巡察" and round.focus_areas.count() == 4


def test_round_page_shows_the_split_chain_and_panels(as_user, personas, plans):
    services.submit_round(plans.round_a1, actor=personas.office_a)
    body = _body(as_user(personas.viewer_a).get(reverse("plans:round", args=[plans.round_a1.pk])))
    assert "甲一县农业农村局" in body and "甲一县委第一巡察组" in body
    assert "office_a" in body  # the approval chain names who submitted
    assert reverse("plans:round_approve", args=[plans.round_a1.pk]) in body
    body = _body(as_user(personas.office_a).get(reverse("plans:round", args=[plans.round_a1.pk])))
    assert reverse("plans:round_approve", args=[plans.round_a1.pk]) not in body


def test_return_needs_a_comment(as_user, personas, plans, unchanged):
    services.submit_round(plans.round_a1, actor=None)
    client = as_user(personas.viewer_a)
    url = reverse("plans:round_return", args=[plans.round_a1.pk])
    with unchanged():
        response = client.post(url, {"comment": ""})
        assert response.status_code == 302 and _messages(response)
    client.post(url, {"comment": "请补充"})
    assert Round.objects.get(pk=plans.round_a1.pk).status == RoundStatus.DRAFT


def test_rounds_list_filters_and_query_count(
    as_user, personas, plans, tree, django_assert_max_num_queries
):
    client = as_user(personas.office_a)
    body = _body(client.get(reverse("plans:rounds"), {"status": "draft"}))
    assert "甲一县委2026年第一轮巡察" in body and "乙一县" not in body
    body = _body(client.get(reverse("plans:rounds"), {"status": "approved"}))
    assert "甲一县委2026年第一轮巡察" not in body
    client.get(reverse("plans:rounds"))
    with django_assert_max_num_queries(12) as first:
        client.get(reverse("plans:rounds"))
    for i in range(2, 30):
        make_round(tree.county_a1, 2025, i, date(2025, 3, 1), date(2025, 4, 1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("plans:rounds"))


# --- The task split with deconfliction --------------------------------------------------------


def test_add_a_target_with_a_warning_and_a_reason(as_user, personas, plans, people, tree):
    target = dept("甲一县财政局", tree.county_a1, code="A1102")
    earlier = make_round(
        tree.city_a, 2025, 3, date(2025, 9, 1), date(2025, 10, 15), name="甲市委2025年第三轮巡察"
    )
    Inspection.objects.create(
        round=earlier, team=people.team_a1, target=target, stage=Stage.FED_BACK
    )
    client = as_user(personas.office_a)
    url = reverse("plans:inspection_add", args=[plans.round_a1.pk])
    events = AuditEvent.objects.count()
    response = client.post(url, {"target": "A1102", "team": people.team_a1.pk})
    body = _body(response)
    assert response.status_code == 200 and "甲市委2025年第三轮巡察" in body
    assert 'name="deconfliction_reason"' in body and 'value="A1102"' in body
    assert AuditEvent.objects.count() == events and plans.round_a1.inspections.count() == 1
    response = client.post(
        url,
        {
            "target": "A1102",
            "team": people.team_a1.pk,
            "deconfliction_reason": "市委反馈问题整改需跟进",
        },
    )
    assert response.status_code == 302
    inspection = plans.round_a1.inspections.get(target=target)
    assert inspection.deconfliction_reason == "市委反馈问题整改需跟进"
    body = _body(client.get(reverse("plans:round", args=[plans.round_a1.pk])))
    assert "甲市委2025年第三轮巡察" in body and "市委反馈问题整改需跟进" in body


def test_target_suggestions_stay_in_the_round_scope(as_user, personas, plans, tree):
    dept("甲一县财政局", tree.county_a1)
    dept("甲二县财政局", tree.county_a2)
    client = as_user(personas.office_a)
    url = reverse("plans:target_suggest", args=[plans.round_a1.pk])
    body = _body(client.get(url, {"target": "财政"}))
    assert "甲一县财政局" in body and "甲二县财政局" not in body
    body = _body(client.get(url, {"target": "农业"}))
    assert "甲一县农业农村局" not in body  # already in the round


# --- Inspections --------------------------------------------------------------------------------


def test_inspection_timeline_and_transition(as_user, personas, plans, people, unchanged):
    apps.get_model("staffing", "Authorization").objects.create(
        round=plans.round_a1,
        team=people.team_a1,
        leader=people.in_a1,
        document_number="甲一巡授〔2026〕1号",
    )
    client = as_user(personas.office_a)
    url = reverse("plans:inspection", args=[plans.inspection_a1.pk])
    body = _body(client.get(url))
    assert "Record the authorization" in body or "授权" in body
    move = reverse("plans:inspection_transition", args=[plans.inspection_a1.pk])
    response = client.post(
        move, {"to_stage": "authorized", "from_stage": "planned", "note": "授权书已印发"}
    )
    assert response.status_code == 302
    assert Inspection.objects.get(pk=plans.inspection_a1.pk).stage == Stage.AUTHORIZED
    with unchanged():  # the same stale page submitted again
        response = client.post(move, {"to_stage": "authorized", "from_stage": "planned"})
        assert response.status_code == 302 and _messages(response)
    body = _body(client.get(url))
    assert "授权书已印发" in body and "office_a" in body
    viewer = _client(personas.viewer_a)
    with unchanged():
        response = viewer.post(move, {"to_stage": "stationed", "from_stage": "authorized"})
        assert response.status_code == 403


def test_inspections_visible_through_the_target(as_user, plans, tree, people, personas):
    member = make_user(
        "member_a1", unit=tree.dept_a1, roles=[(Role.TEAM_MEMBER, tree.dept_a1, False)]
    )
    city_round = make_round(
        tree.city_a,
        2026,
        5,
        date(2026, 6, 1),
        date(2026, 7, 1),
        kind="elevated",
        name="甲市委2026年第五轮提级巡察",
    )
    city_inspection = Inspection.objects.create(
        round=city_round,
        team=people.team_a1,
        target=tree.dept_a1,
        deconfliction_warnings=["甲一县委计划于2026年巡察该单位。"],
        deconfliction_reason="市委提级巡察另有安排",
    )
    client = as_user(member)
    # Draft rounds are the planning level's business: nothing shows from the target's side.
    body = _body(client.get(reverse("plans:inspections")))
    assert "甲市委2026年第五轮提级巡察" not in body and "甲一县委2026年第一轮巡察" not in body
    assert client.get(reverse("plans:inspection", args=[city_inspection.pk])).status_code == 404
    Round.objects.filter(pk__in=[city_round.pk, plans.round_a1.pk]).update(
        status=RoundStatus.APPROVED
    )
    body = _body(client.get(reverse("plans:inspections")))
    assert "甲市委2026年第五轮提级巡察" in body and "甲一县委2026年第一轮巡察" in body
    assert client.get(reverse("plans:inspection", args=[plans.inspection_b.pk])).status_code == 404
    # Seeing an inspection does not open its round, nor the other levels' plans behind it.
    assert client.get(reverse("plans:round", args=[city_round.pk])).status_code == 404
    page = _body(client.get(reverse("plans:inspection", args=[city_inspection.pk])))
    assert "甲一县农业农村局" in page
    assert "甲一县委计划于2026年巡察该单位" not in page and "市委提级巡察另有安排" not in page
    # The planners of the round read them.
    page = _body(
        as_user(personas.office_a).get(reverse("plans:inspection", args=[city_inspection.pk]))
    )
    assert "甲一县委计划于2026年巡察该单位" in page and "市委提级巡察另有安排" in page


def test_team_roles_carry_no_planning_view(as_user, plans, tree, personas):
    """A team member at the county sees the county's decided inspections, not its planning."""
    member = make_user("member_c", unit=tree.county_a1, roles=[(Role.TEAM_MEMBER, tree.county_a1)])
    client = as_user(member)
    for url in (
        reverse("plans:home"),
        reverse("plans:rounds"),
    ):
        assert client.get(url).status_code == 403
    for url in (
        reverse("plans:round", args=[plans.round_a1.pk]),
        reverse("plans:term", args=[plans.term_a1.pk]),
        reverse("plans:settings", args=[tree.county_a1.pk]),
    ):
        assert client.get(url).status_code == 404
    body = _body(client.get(reverse("plans:inspections")))
    assert reverse("plans:rounds") not in body  # no tab into planning it cannot open


def test_inspections_list_query_count(
    as_user, personas, plans, tree, people, django_assert_max_num_queries
):
    client = as_user(personas.office_a)
    client.get(reverse("plans:inspections"))
    with django_assert_max_num_queries(14) as first:
        client.get(reverse("plans:inspections"))
    for i in range(20):
        unit = dept(f"甲一县局{i:02d}", tree.county_a1)
        Inspection.objects.create(round=plans.round_a1, team=people.team_a1, target=unit)
    with django_assert_max_num_queries(len(first.captured_queries)):
        body = _body(client.get(reverse("plans:inspections"), {"stage": "planned"}))
    assert "甲一县局19" in body


# --- Settings and focus areas ----------------------------------------------------------------


def test_settings_page(as_user, personas, tree, unchanged):
    url = reverse("plans:settings", args=[tree.county_a1.pk])
    body = _body(as_user(personas.viewer_a).get(url))
    assert "disabled" in body and 'type="submit"' not in body.split("<form")[2]
    data = {
        "deconfliction_months": 6,
        "notice_days": 10,
        "outline_lead_days": 3,
        "survey_flag_percent": 30,
        "worked_within_years": 3,
        "worked_longer_than_years": 3,
        "superior_within_years": 3,
        "min_team_size": 5,
        "max_team_size": 4,
        "required_expertise": "finance",
    }
    client = as_user(personas.office_a)
    with unchanged():
        response = client.post(url, data)  # smallest team larger than largest
        assert response.status_code == 200 and 'value="6"' in _body(response)
        response = client.post(url, {**data, "max_team_size": 7, "required_expertise": "magic"})
        assert response.status_code == 200
    response = client.post(url, {**data, "max_team_size": 7})
    assert response.status_code == 302
    stored = PlanningSettings.for_unit(tree.county_a1)
    assert (stored.deconfliction_months, stored.min_team_size) == (6, 5)
    assert AuditEvent.objects.filter(event_type=EventType.SETTINGS_UPDATED).count() == 1


def test_focus_area_pages(as_user, personas, tree):
    client = as_user(personas.office_a)
    page = reverse("plans:focus_areas", args=[tree.county_a2.pk])
    assert reverse("plans:focus_reference", args=[tree.county_a2.pk]) in _body(client.get(page))
    client.post(reverse("plans:focus_reference", args=[tree.county_a2.pk]))
    assert reverse("plans:focus_reference", args=[tree.county_a2.pk]) not in _body(client.get(page))
    assert FocusArea.objects.filter(jurisdiction=tree.county_a2).count() == 10
    response = client.post(
        reverse("plans:focus_area_create", args=[tree.county_a2.pk]),
        {"group": "四个聚焦", "text": "巡视巡察整改落实情况"},
    )
    assert response.status_code == 200 and "errorlist" in _body(response)
    response = client.post(
        reverse("plans:focus_area_create", args=[tree.county_a2.pk]),
        {"group": "自定重点", "text": "聚焦营商环境"},
    )
    assert response.status_code == 302
    area = FocusArea.objects.get(text="聚焦营商环境")
    client.post(reverse("plans:focus_area_toggle", args=[area.pk]))
    assert not FocusArea.objects.get(pk=area.pk).is_active
    body = _body(client.get(reverse("plans:focus_areas", args=[tree.county_a2.pk])))
    assert "聚焦营商环境" in body and "三大问题" in body
