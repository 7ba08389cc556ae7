"""Leads through the API: the same choke point, services and audit as the pages."""

import json

from tests.factories import login
from tests.leads.conftest import SECRET_TEXT, counts, register
from xuncha.fieldwork.briefing import token_of
from xuncha.leads.models import Lead, LeadGrant, LeadHandover

BASE = "/api/leads"


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def _payload(**extra):
    data = {
        "subjects": [{"name": "钱秘密", "post": "局长", "cadre_level": "乡科级正职"}],
        "sources": [{"kind": "petition", "label": "县纪委转来的举报信"}],
        "content": SECRET_TEXT,
        "proposed_disposal": "hold",
    }
    data.update(extra)
    return data


def test_registrant_learns_only_the_id(client, ns):
    login(client, ns.member)
    response = _post(client, f"{BASE}/inspections/{ns.inspection.pk}", _payload())
    assert response.status_code == 201, response.content
    # Neither the global id nor the number: both tell how many leads exist.
    assert set(response.json()) == {"message"}
    assert SECRET_TEXT not in response.content.decode()
    login(client, ns.leader)
    response = _post(client, f"{BASE}/inspections/{ns.inspection.pk}", _payload())
    assert response.json()["number"] == 2


def test_create_links_records_by_token_and_refuses_others(client, ns):
    from tests.leads.test_register import _visit

    visit = _visit(ns.inspection, ns.member)
    visit_b = _visit(ns.inspection_b, ns.leader_b)
    login(client, ns.member)
    url = f"{BASE}/inspections/{ns.inspection.pk}"
    before = counts()
    response = _post(client, url, _payload(sources=[{"token": token_of(visit_b)}]))
    assert response.status_code == 422
    response = _post(client, url, _payload(subjects=[]))
    assert response.status_code == 422
    assert counts() == before
    response = _post(client, url, _payload(sources=[{"token": token_of(visit)}]))
    assert response.status_code == 201
    assert Lead.objects.get().sources.get().object_id == visit.pk


def test_readers_and_outsiders_may_not_create(client, ns):
    for user, status in ((ns.personas.viewer_a, 403), (ns.leader_b, 404)):
        login(client, user)
        before = counts()
        response = _post(client, f"{BASE}/inspections/{ns.inspection.pk}", _payload())
        assert response.status_code == status
        assert counts() == before


def test_keeper_reads_changes_and_assesses(client, ns, tree):
    lead = register(ns.inspection, actor=ns.member)
    login(client, ns.leader)
    body = client.get(f"{BASE}/{lead.pk}").json()
    assert body["content"] == SECRET_TEXT and body["subjects"][0]["name"] == "钱秘密"
    response = _post(
        client,
        f"{BASE}/{lead.pk}",
        {
            "content": "更正",
            "proposed_receiver": "functional_department",
            "receiver_unit_id": tree.dept_a1.pk,
        },
        method="patch",
    )
    assert response.status_code == 200, response.content
    assert response.json()["receiver_unit_id"] == tree.dept_a1.pk
    response = _post(
        client,
        f"{BASE}/{lead.pk}/assess",
        {"assessment": "属实", "proposed_disposal": "talk_inquiry"},
    )
    assert response.json()["status"] == "assessed"
    listed = client.get(f"{BASE}/?inspection_id={ns.inspection.pk}&status=assessed").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == lead.pk
    assert "content" not in listed["items"][0]
    response = _post(client, f"{BASE}/{lead.pk}/withdraw", {"reason": ""})
    assert response.status_code == 422


def test_grantee_reads_but_gets_403_on_writes(client, ns):
    lead = register(ns.inspection, actor=ns.member)
    LeadGrant.objects.create(inspection=ns.inspection, lead=lead, user=ns.deputy, reason="x")
    login(client, ns.deputy)
    assert client.get(f"{BASE}/{lead.pk}").status_code == 200
    before = counts()
    assert _post(client, f"{BASE}/{lead.pk}", {"content": "x"}, "patch").status_code == 403
    assert (
        _post(
            client, f"{BASE}/{lead.pk}/assess", {"assessment": "x", "proposed_disposal": "hold"}
        ).status_code
        == 403
    )
    assert client.get(f"{BASE}/inspections/{ns.inspection.pk}/grants").status_code == 403
    assert counts() == before


def test_grants_and_handover_through_the_api(client, ns):
    lead = register(ns.inspection, actor=ns.member)
    login(client, ns.leader)
    response = _post(
        client,
        f"{BASE}/inspections/{ns.inspection.pk}/grants",
        {"username": "deputy", "reason": "协助核实", "lead_id": lead.pk},
    )
    assert response.status_code == 201, response.content
    grant_id = response.json()["id"]
    assert client.get(f"{BASE}/inspections/{ns.inspection.pk}/grants").json()[0]["id"] == grant_id
    response = _post(client, f"{BASE}/grants/{grant_id}/revoke", {"reason": "结束"})
    assert response.json()["revoked_at"] is not None
    approvers = client.get(f"{BASE}/inspections/{ns.inspection.pk}/approvers").json()
    assert [a["username"] for a in approvers] == ["viewer_a"]
    response = _post(
        client,
        f"{BASE}/{lead.pk}/handover",
        {
            "reason": "需立即移交",
            "receiver": "discipline_commission",
            "approver_id": approvers[0]["id"],
        },
    )
    assert response.status_code == 201, response.content
    handover_id = response.json()["id"]
    login(client, ns.personas.viewer_a)
    assert [h["id"] for h in client.get(f"{BASE}/handovers/mine").json()] == [handover_id]
    response = _post(client, f"{BASE}/handovers/{handover_id}/decide", {"approve": True})
    assert response.json()["status"] == "approved"
    login(client, ns.leader)
    response = _post(
        client, f"{BASE}/handovers/{handover_id}/record", {"received_by": "县纪委 王某"}
    )
    assert response.json()["status"] == "handed_over"
    assert LeadHandover.objects.get().lead.status == Lead.Status.HANDED_OVER


def test_api_refusals_change_nothing(client, ns):
    lead = register(ns.inspection, actor=ns.member)
    login(client, ns.personas.office_a)
    before = counts()
    assert client.get(f"{BASE}/{lead.pk}").status_code == 404
    assert (
        _post(
            client,
            f"{BASE}/{lead.pk}/handover",
            {"reason": "x", "receiver": "discipline_commission", "approver_id": 1},
        ).status_code
        == 404
    )
    assert client.get(f"{BASE}/inspections/{ns.inspection.pk}/grants").status_code == 403
    assert client.get(f"{BASE}/handovers/mine").json() == []
    assert counts() == before
