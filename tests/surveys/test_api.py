"""The surveys API: the same choke point and services as the pages."""

import json

import pytest
from django.urls import reverse

from tests.factories import login
from xuncha.audit.models import AuditEvent
from xuncha.surveys import bank
from xuncha.surveys.models import Answer, Survey, SurveyLink, SurveyResponse

FIRST = bank.QUESTIONNAIRE_ITEMS[0].key


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _state():
    return (
        Survey.objects.count(),
        SurveyLink.objects.count(),
        SurveyResponse.objects.count(),
        Answer.objects.count(),
        AuditEvent.objects.exclude(event_type__startswith="auth.").count(),
    )


@pytest.fixture
def api(client, ns):
    login(client, ns.personas.member_a1)
    return client


def test_a_questionnaire_from_start_to_results(api, ns, client):
    base = f"/api/surveys/inspections/{ns.inspection.pk}"
    response = _post(api, base, {"kind": "questionnaire", "areas": ["party_line"]})
    assert response.status_code == 201, response.content
    survey = response.json()
    assert survey["status"] == "draft" and survey["kind"] == "questionnaire"
    sid = survey["id"]
    response = _post(
        api,
        f"/api/surveys/{sid}/questions",
        {"text": "局党组是否研究过农村人居环境整治？", "area": "party_line"},
    )
    assert response.status_code == 201 and response.json()["position"] == 10
    detail = api.get(f"/api/surveys/{sid}").json()
    assert detail["questions"] == [] and len(detail["draft_questions"]) == 10
    assert _post(api, f"/api/surveys/{sid}/publish", {}).json()["status"] == "open"
    response = _post(api, f"/api/surveys/{sid}/links", {"count": 2})
    assert response.status_code == 201
    links = response.json()
    assert len(links["tokens"]) == 2 and links["paths"][0] == f"/s/{links['tokens'][0]}/"
    response = _post(
        api,
        f"/api/surveys/{sid}/paper",
        {"sheet_number": "1", "answers": [{"key": FIRST, "value": "no", "remark": "很少传达"}]},
    )
    assert response.status_code == 201 and response.json()["channel"] == "paper"
    client.logout()
    client.post(links["paths"][0], {"version": "1", f"q_{FIRST}": "yes"})
    login(client, ns.personas.member_a1)
    results = client.get(f"/api/surveys/{sid}/results").json()
    assert results["responses"] == 2 and results["web"] == 1 and results["paper"] == 1
    [first] = [q for q in results["questions"] if q["key"] == FIRST]
    assert first["counts"] == {"yes": 1, "no": 1} and first["negative_share"] == 0.5
    assert first["flagged"] and first["remarks"] == ["很少传达"]
    listed = client.get(base).json()
    assert listed[0]["links_issued"] == 2 and listed[0]["responses"] == 2
    response = _post(client, f"/api/surveys/{sid}/close", {"reason": "回收完毕"})
    assert response.json()["status"] == "closed"


def test_bad_input_is_422_and_changes_nothing(api, ns):
    survey = Survey.objects.get(
        pk=_post(
            api,
            f"/api/surveys/inspections/{ns.inspection.pk}",
            {"kind": "questionnaire", "keys": [FIRST]},
        ).json()["id"]
    )
    before = _state()
    assert (
        _post(api, f"/api/surveys/inspections/{ns.inspection.pk}", {"kind": "poll"}).status_code
        == 422
    )
    assert _post(api, f"/api/surveys/{survey.pk}/links", {"count": 0}).status_code == 422
    assert (
        _post(
            api, f"/api/surveys/{survey.pk}/paper", {"answers": [{"key": FIRST, "value": "no"}]}
        ).status_code
        == 422
    )  # a draft
    assert (
        _post(api, f"/api/surveys/{survey.pk}/questions", {"bank_key": "b-nothing-99"}).status_code
        == 422
    )
    assert _post(api, f"/api/surveys/{survey.pk}/close", {}).status_code == 422
    assert _state() == before


def test_other_teams_and_readers(client, ns):
    login(client, ns.personas.member_a1)
    sid = _post(
        client, f"/api/surveys/inspections/{ns.inspection.pk}", {"kind": "appraisal"}
    ).json()["id"]
    before = _state()
    login(client, ns.personas.member_t2)
    assert client.get(f"/api/surveys/{sid}").status_code == 404
    assert client.get(f"/api/surveys/{sid}/results").status_code == 404
    assert client.get(f"/api/surveys/inspections/{ns.inspection.pk}").status_code == 404
    assert _post(client, f"/api/surveys/{sid}/links", {"count": 1}).status_code == 404
    login(client, ns.personas.viewer_a)
    assert client.get(f"/api/surveys/{sid}").status_code == 200
    assert _post(client, f"/api/surveys/{sid}/links", {"count": 1}).status_code == 403
    assert _post(client, f"/api/surveys/{sid}/publish", {}).status_code == 403
    assert _state() == before
    client.logout()
    assert client.get(f"/api/surveys/{sid}").status_code == 401


def test_bank_in_the_api(client, ns):
    login(client, ns.personas.office_a)
    client.post(
        reverse("surveys:bank_add"),
        {
            "jurisdiction": ns.tree.county_a1.pk,
            "area": "discipline",
            "kind": "yes_no",
            "text": "本局是否存在“小金库”？",
            "negative": "yes",
        },
    )
    items = client.get("/api/surveys/bank").json()
    assert len(items) == len(bank.QUESTIONNAIRE_ITEMS) + len(bank.APPRAISAL_ITEMS) + 1
    own = [i for i in items if not i["builtin"]]
    assert own[0]["text"] == "本局是否存在“小金库”？" and own[0]["jurisdiction"] == "甲一县委"
    login(client, ns.personas.outsider)
    assert not [i for i in client.get("/api/surveys/bank").json() if not i["builtin"]]
    login(client, ns.personas.norole)
    assert client.get("/api/surveys/bank").status_code == 403
