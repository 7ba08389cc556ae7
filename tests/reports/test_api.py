"""The reports API: the same services and choke point as the pages, from creation to the last
hearing and the Word file."""

from django.utils import timezone

from tests.factories import login
from tests.reports.helpers import finding, lead
from xuncha.audit.models import AuditEvent
from xuncha.reports.models import ApprovalStep, Report


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_from_assembly_to_approval(ns, client):
    f1 = finding(ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0])
    login(client, ns.member)
    created = _post(client, "/api/reports/", {"kind": "inspection", "inspection_id": ns.a.pk})
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    assert body["version"] == 1 and body["status"] == "drafting"
    assert [s["key"] for s in body["sections"]][:3] == ["preamble", "basic", "assessment"]
    assert body["items"][0]["finding_id"] == f1.pk
    assert body["chain"][0] == "team_meeting" and body["secretary_deadline"]["overdue"]

    again = _post(client, "/api/reports/", {"kind": "inspection", "inspection_id": ns.a.pk})
    assert again.status_code == 422
    saved = _post(
        client,
        f"/api/reports/{pk}/versions",
        {"texts": {"assessment": "总体较好。"}, "note": "总体评价", "base": 1},
    )
    assert saved.status_code == 201 and saved.json()["number"] == 2
    stale = _post(
        client, f"/api/reports/{pk}/versions", {"texts": {"assessment": "别的。"}, "base": 1}
    )
    assert stale.status_code == 422
    finding(ns.a, 2, "违规发放津补贴", drafter=ns.member, area=ns.areas[1])
    reassembled = _post(client, f"/api/reports/{pk}/reassemble")
    assert reassembled.status_code == 201 and reassembled.json()["version"] == 3
    versions = client.get(f"/api/reports/{pk}/versions").json()
    assert [v["number"] for v in versions["items"]] == [3, 2, 1]

    submitted = _post(client, f"/api/reports/{pk}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "in_approval"
    step = submitted.json()["steps"][0]
    items = [i["id"] for i in submitted.json()["items"]]
    decisions = [{"item_id": i, "use": "feedback"} for i in items]
    today = str(timezone.localdate())
    # The member may not record the team meeting; the leader may.
    refused = _post(
        client,
        f"/api/reports/steps/{step['id']}",
        {"held_on": today, "decision": "approve", "decisions": decisions},
    )
    assert refused.status_code == 403
    login(client, ns.leader_a)
    partial = _post(
        client,
        f"/api/reports/steps/{step['id']}",
        {"held_on": today, "decision": "approve", "decisions": decisions[:1]},
    )
    assert partial.status_code == 422
    recorded = _post(
        client,
        f"/api/reports/steps/{step['id']}",
        {"held_on": today, "decision": "approve", "decisions": decisions, "opinion": "同意"},
    )
    assert recorded.status_code == 200 and recorded.json()["status"] == "approved"
    assert recorded.json()["version"] == 3
    detail = client.get(f"/api/reports/{pk}").json()
    assert detail["steps"][1]["status"] == "pending"
    assert detail["final_decisions"] == {str(i): "feedback" for i in items}
    assert [d["use"] for d in detail["items"][0]["decisions"]] == ["feedback"]

    word = _post(client, f"/api/reports/{pk}/document", {"format": "docx"})
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert _post(client, f"/api/reports/{pk}/document", {"format": "odt"}).status_code == 422


def test_api_refusals_change_nothing(ns, client):
    finding(ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0])
    lead(ns.a, 1, registered_by=ns.member)
    login(client, ns.personas.viewer_a)
    before = (Report.objects.count(), AuditEvent.objects.count())
    assert (
        _post(client, "/api/reports/", {"kind": "inspection", "inspection_id": ns.a.pk}).status_code
        == 403
    )
    assert (
        _post(client, "/api/reports/", {"kind": "leads", "inspection_id": ns.a.pk}).status_code
        == 403
    )
    assert (
        _post(client, "/api/reports/", {"kind": "inspection", "inspection_id": ns.b.pk}).status_code
        == 404
    )
    assert (
        _post(client, "/api/reports/", {"kind": "summary", "round_id": ns.round.pk}).status_code
        == 403
    )
    assert (
        _post(client, "/api/reports/", {"kind": "memo", "round_id": ns.round.pk}).status_code == 422
    )
    assert (Report.objects.count(), AuditEvent.objects.count()) == before
    login(client, ns.leader_a)
    created = _post(client, "/api/reports/", {"kind": "leads", "inspection_id": ns.a.pk})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["sections"][1]["heading"] == "（一）关于刘某某（副局长）的问题线索"
    _post(client, f"/api/reports/{pk}/submit")
    step = ApprovalStep.objects.get(report_id=pk, status="pending")
    login(client, ns.personas.office_a)  # office staff: the leads report is not there
    assert (
        _post(
            client,
            f"/api/reports/steps/{step.pk}",
            {
                "held_on": str(timezone.localdate()),
                "decision": "approve",
                "decisions": [],
            },
        ).status_code
        == 404
    )
