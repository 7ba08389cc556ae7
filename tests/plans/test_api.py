"""/api/plans: the same scope, services and rules as the pages."""

from datetime import date

import pytest
from django.apps import apps
from django.test import Client

from tests.factories import login, make_user
from tests.plans.conftest import dept, make_round
from xuncha.accounts.roles import Role
from xuncha.plans import services
from xuncha.plans.models import Inspection, Round, RoundStatus, Stage

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _client(user) -> Client:
    client = Client()
    login(client, user)
    return client


def test_anonymous_gets_401(client, plans):
    assert client.get("/api/plans/terms").status_code == 401
    assert client.post("/api/plans/rounds", {}, content_type=JSON).status_code == 401


def test_terms_with_exact_coverage(world, personas, plans):
    client = _client(personas.viewer_a)
    items = client.get("/api/plans/terms").json()["items"]
    (term,) = [t for t in items if t["id"] == world.term.pk]
    assert term["coverage"] == {
        "units": 7,
        "inspected": 3,
        "percent": 42.9,
        "villages": 2,
        "villages_inspected": 1,
        "village_percent": 50.0,
    }
    assert plans.term_b.pk not in {t["id"] for t in items}
    detail = client.get(f"/api/plans/terms/{world.term.pk}").json()
    assert (detail["planned"], detail["unplanned"]) == (7, 0)
    assert [y["planned"] for y in detail["years"]] == [0, 2, 1, 0, 1, 3]
    entries = client.get(f"/api/plans/terms/{world.term.pk}/coverage", {"year": 2022}).json()[
        "items"
    ]
    assert {(e["unit_name"], e["inspected"]) for e in entries} == {
        ("甲一县财政局", True),
        ("城关镇东村", True),
    }
    assert client.get(f"/api/plans/terms/{plans.term_b.pk}").status_code == 404
    assert client.get(f"/api/plans/terms/{plans.term_b.pk}/coverage").status_code == 404
    assert _client(personas.liaison_a1).get("/api/plans/terms").status_code == 403


def test_terms_list_query_count(world, personas, tree, django_assert_max_num_queries):
    client = _client(personas.upper)
    client.get("/api/plans/terms")
    with django_assert_max_num_queries(12) as first:
        client.get("/api/plans/terms")
    for i in range(5):
        county = dept(f"甲市新县{i}", tree.city_a, has_office=True)
        services.create_term(
            actor=None,
            jurisdiction=county,
            name="第一届",
            starts_on=date(2022, 1, 1),
            ends_on=date(2026, 12, 31),
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(client.get("/api/plans/terms").json()["items"]) == 7


def test_round_lifecycle(tree, personas, people, unchanged):
    office, viewer = _client(personas.office_a), _client(personas.viewer_a)
    with unchanged():
        response = viewer.post(
            "/api/plans/rounds",
            {
                "jurisdiction_id": tree.county_a1.pk,
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-20",
            },
            content_type=JSON,
        )
        assert response.status_code == 403
        response = office.post(
            "/api/plans/rounds",
            {
                "jurisdiction_id": tree.county_a1.pk,
                "starts_on": "2026-12-01",
                "ends_on": "2026-11-20",
            },
            content_type=JSON,
        )
        assert response.status_code == 422
        response = office.post(
            "/api/plans/rounds",
            {
                "jurisdiction_id": tree.county_b1.pk,
                "starts_on": "2026-12-01",
                "ends_on": "2026-12-20",
            },
            content_type=JSON,
        )
        assert response.status_code == 404
    response = office.post(
        "/api/plans/rounds",
        {
            "jurisdiction_id": tree.county_a1.pk,
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-20",
            "kind": "special",
            "theme": "乡村振兴",
        },
        content_type=JSON,
    )
    assert response.status_code == 201
    data = response.json()
    assert data["name"] == "甲一县委2026年第一轮专项巡察" and data["status"] == "draft"
    round_id = data["id"]
    target = dept("甲一县财政局", tree.county_a1)
    response = office.post(
        f"/api/plans/rounds/{round_id}/inspections",
        {"target_id": target.pk, "team_id": people.team_a1.pk},
        content_type=JSON,
    )
    assert response.status_code == 201 and response.json()["stage"] == "planned"
    with unchanged():
        response = office.post(
            f"/api/plans/rounds/{round_id}/return", {"comment": "x"}, content_type=JSON
        )
        assert response.status_code == 403  # the office does not approve
    assert (
        office.post(f"/api/plans/rounds/{round_id}/submit", {}, content_type=JSON).status_code
        == 200
    )
    with unchanged():
        response = viewer.post(
            f"/api/plans/rounds/{round_id}/return", {"comment": ""}, content_type=JSON
        )
        assert response.status_code == 422
        response = office.patch(
            f"/api/plans/rounds/{round_id}", {"work_plan": "x"}, content_type=JSON
        )
        assert response.status_code == 422  # no longer a draft
    response = viewer.post(
        f"/api/plans/rounds/{round_id}/approve", {"comment": "同意"}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert [e["action"] for e in response.json()["events"]] == ["created", "submitted", "approved"]


def test_patch_round_focus_areas(plans, tree, personas):
    services.ensure_reference_focus_areas(tree.county_a1, actor=None)
    ids = sorted(tree.county_a1.focus_areas.filter(group="三个聚焦").values_list("pk", flat=True))
    office = _client(personas.office_a)
    response = office.patch(
        f"/api/plans/rounds/{plans.round_a1.pk}",
        {"focus_area_ids": ids, "term_id": plans.term_a1.pk},
        content_type=JSON,
    )
    assert response.status_code == 200 and response.json()["focus_area_ids"] == ids
    response = office.patch(
        f"/api/plans/rounds/{plans.round_a1.pk}", {"term_id": plans.term_b.pk}, content_type=JSON
    )
    assert response.status_code == 422


def test_deconfliction_through_the_api(plans, tree, people, personas):
    target = dept("甲一县财政局", tree.county_a1)
    earlier = make_round(tree.county_a1, 2025, 2, date(2025, 9, 1), date(2025, 10, 1))
    Inspection.objects.create(
        round=earlier, team=people.team_a1, target=target, stage=Stage.ARCHIVED
    )
    office = _client(personas.office_a)
    url = f"/api/plans/rounds/{plans.round_a1.pk}/inspections"
    payload = {"target_id": target.pk, "team_id": people.team_a1.pk}
    response = office.post(url, payload, content_type=JSON)
    assert response.status_code == 422 and "2025-09-01" in response.json()["detail"]
    response = office.post(url, {**payload, "deconfliction_reason": "整改跟进"}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["deconfliction_reason"] == "整改跟进"
    assert len(response.json()["deconfliction_warnings"]) == 1


def test_transition_through_the_api(plans, people, personas):
    office = _client(personas.office_a)
    url = f"/api/plans/inspections/{plans.inspection_a1.pk}/transition"
    assert office.post(url, {"to_stage": "authorized"}, content_type=JSON).status_code == 422
    apps.get_model("staffing", "Authorization").objects.create(
        round=plans.round_a1,
        team=people.team_a1,
        leader=people.in_a1,
        document_number="甲一巡授〔2026〕1号",
    )
    assert (
        _client(personas.viewer_a)
        .post(url, {"to_stage": "authorized"}, content_type=JSON)
        .status_code
        == 403
    )
    response = office.post(url, {"to_stage": "authorized", "note": "印发授权书"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["stage"] == "authorized"
    assert response.json()["events"][-1]["note"] == "印发授权书"
    assert office.post(url, {"to_stage": "reporting"}, content_type=JSON).status_code == 422
    assert office.post(url, {"to_stage": "bogus"}, content_type=JSON).status_code == 422
    other = f"/api/plans/inspections/{plans.inspection_b.pk}/transition"
    assert office.post(other, {"to_stage": "authorized"}, content_type=JSON).status_code == 404


def test_inspections_filters_and_target_visibility(plans, tree, people, personas):
    member = make_user(
        "member_a1", unit=tree.dept_a1, roles=[(Role.TEAM_MEMBER, tree.dept_a1, False)]
    )
    member_client = _client(member)
    # A draft round is not seen from the target's side.
    assert member_client.get("/api/plans/inspections").json()["items"] == []
    url = f"/api/plans/inspections/{plans.inspection_a1.pk}"
    assert member_client.get(url).status_code == 404
    Inspection.objects.filter(pk=plans.inspection_a1.pk).update(
        deconfliction_warnings=["乙级某轮巡察计划"], deconfliction_reason="确有必要"
    )
    Round.objects.filter(pk=plans.round_a1.pk).update(status=RoundStatus.APPROVED)
    items = member_client.get("/api/plans/inspections").json()["items"]
    assert [i["target_name"] for i in items] == ["甲一县农业农村局"]
    # Only the planners of the round read the deconfliction warnings and the reason.
    detail = member_client.get(url).json()
    assert (detail["deconfliction_warnings"], detail["deconfliction_reason"]) == ([], "")
    detail = _client(personas.office_a).get(url).json()
    assert detail["deconfliction_warnings"] == ["乙级某轮巡察计划"]
    assert detail["deconfliction_reason"] == "确有必要"
    assert _client(member).get("/api/plans/rounds").status_code == 403
    office = _client(personas.office_a)
    assert office.get("/api/plans/inspections", {"stage": "archived"}).json()["count"] == 0
    assert (
        office.get("/api/plans/inspections", {"round_id": plans.round_a1.pk}).json()["count"] == 1
    )
    assert office.get(f"/api/plans/inspections/{plans.inspection_b.pk}").status_code == 404


def test_settings_api(tree, personas, unchanged):
    office, viewer = _client(personas.office_a), _client(personas.viewer_a)
    url = f"/api/plans/settings/{tree.county_a1.pk}"
    assert viewer.get(url).json()["deconfliction_months"] == 12
    with unchanged():
        assert viewer.patch(url, {"deconfliction_months": 6}, content_type=JSON).status_code == 403
        assert (
            office.patch(
                url, {"round_approver_id": personas.office_a.pk}, content_type=JSON
            ).status_code
            == 422
        )
        assert (
            office.patch(
                url, {"min_team_size": 9, "max_team_size": 8}, content_type=JSON
            ).status_code
            == 422
        )
    response = office.patch(
        url,
        {"round_approver_id": personas.viewer_a.pk, "deconfliction_months": 18},
        content_type=JSON,
    )
    assert response.status_code == 200
    assert response.json()["round_approver_id"] == personas.viewer_a.pk
    assert office.get(f"/api/plans/settings/{tree.dept_a1.pk}").status_code == 404


def test_focus_areas_api(tree, personas):
    services.ensure_reference_focus_areas(tree.county_a1, actor=None)
    services.ensure_reference_focus_areas(tree.county_b1, actor=None)
    items = _client(personas.viewer_a).get("/api/plans/focus-areas", {"limit": 100}).json()["items"]
    assert len(items) == 10 and {i["jurisdiction_id"] for i in items} == {tree.county_a1.pk}


def test_rounds_list(plans, personas):
    items = _client(personas.outsider).get("/api/plans/rounds").json()["items"]
    assert [r["name"] for r in items] == ["乙一县委2026年第一轮巡察"]
    assert Round.objects.get(pk=plans.round_a1.pk).status == RoundStatus.DRAFT


# --- Ids in payloads: the same answer for "missing" and "not yours" ----------------------------


def test_inspection_payload_ids_tell_nothing(plans, tree, people, personas, unchanged):
    target = dept("甲一县财政局", tree.county_a1)
    earlier = make_round(tree.county_b1, 2024, 1, date(2024, 3, 1), date(2024, 4, 1))
    other_level = Inspection.objects.create(
        round=earlier, team=people.team_b, target=plans.dept_b1, stage=Stage.ARCHIVED
    )
    office, viewer = _client(personas.office_a), _client(personas.viewer_a)
    url = f"/api/plans/rounds/{plans.round_a1.pk}/inspections"
    ok = {"target_id": target.pk, "team_id": people.team_a1.pk}
    missing = 999_999
    with unchanged():
        pairs = [
            ({**ok, "target_id": missing}, {**ok, "target_id": plans.dept_b1.pk}),
            ({**ok, "team_id": missing}, {**ok, "team_id": people.team_b.pk}),
        ]
        for absent, foreign in pairs:
            a = office.post(url, absent, content_type=JSON)
            b = office.post(url, foreign, content_type=JSON)
            assert a.status_code == b.status_code == 422
            assert a.json() == b.json()
        # Someone who may not write is refused before any id is looked at.
        for payload in (ok, pairs[0][0], pairs[0][1]):
            assert viewer.post(url, payload, content_type=JSON).status_code == 403
    lookback = services.create_round(
        actor=None,
        jurisdiction=tree.county_a1,
        kind="lookback",
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 10, 15),
    )
    url = f"/api/plans/rounds/{lookback.pk}/inspections"
    with unchanged():
        a = office.post(url, {**ok, "lookback_of_id": missing}, content_type=JSON)
        b = office.post(url, {**ok, "lookback_of_id": other_level.pk}, content_type=JSON)
        assert a.status_code == b.status_code == 422 and a.json() == b.json()


def test_settings_approver_ids_tell_nothing(tree, personas, unchanged):
    office, viewer = _client(personas.office_a), _client(personas.viewer_a)
    url = f"/api/plans/settings/{tree.county_a1.pk}"
    with unchanged():
        missing = office.patch(url, {"round_approver_id": 999_999}, content_type=JSON)
        no_approver = office.patch(
            url, {"round_approver_id": personas.office_a.pk}, content_type=JSON
        )
        elsewhere = office.patch(
            url, {"round_approver_id": personas.outsider.pk}, content_type=JSON
        )
        assert missing.status_code == no_approver.status_code == elsewhere.status_code == 422
        assert missing.json() == no_approver.json() == elsewhere.json()
        assert (
            viewer.patch(url, {"round_approver_id": 999_999}, content_type=JSON).status_code == 403
        )


# --- Approval of coverage and annual plans ---------------------------------------------------


def test_plan_approvals_through_the_api(plans, personas, unchanged):
    term = plans.term_a1
    services.generate_coverage_plan(term, actor=None)
    office, viewer, outsider = (
        _client(personas.office_a),
        _client(personas.viewer_a),
        _client(personas.outsider),
    )
    base = f"/api/plans/terms/{term.pk}/coverage"
    response = office.post(f"{base}/submit", {}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    with unchanged():
        assert office.post(f"{base}/return", {"comment": "x"}, content_type=JSON).status_code == 403
        assert (
            outsider.post(f"{base}/return", {"comment": "x"}, content_type=JSON).status_code == 404
        )
        assert viewer.post(f"{base}/return", {"comment": ""}, content_type=JSON).status_code == 422
    response = viewer.post(f"{base}/return", {"comment": "请均衡各年度"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "draft"
    office.post(f"{base}/submit", {}, content_type=JSON)
    response = viewer.post(f"{base}/approve", {"comment": "同意"}, content_type=JSON)
    assert response.json()["status"] == "approved"
    assert response.json()["approved_by_id"] == personas.viewer_a.pk

    plan = services.create_annual_plan(term, 2025, actor=None)
    url = f"/api/plans/annual-plans/{plan.pk}"
    assert viewer.get(url).json()["year"] == 2025
    assert [p["id"] for p in viewer.get("/api/plans/annual-plans").json()["items"]] == [plan.pk]
    assert outsider.get(url).status_code == 404
    assert outsider.get("/api/plans/annual-plans").json()["items"] == []
    assert office.post(f"{url}/submit", {}, content_type=JSON).json()["status"] == "submitted"
    with unchanged():
        assert office.post(f"{url}/approve", {}, content_type=JSON).status_code == 403
    response = viewer.post(f"{url}/return", {"comment": "轮次偏少"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["status"] == "draft"
