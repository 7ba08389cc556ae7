"""The petition register through the API: the same choke point and audit as the pages."""

import json

from tests.factories import login
from tests.petitions.conftest import REPORTER, register
from xuncha.audit.models import AuditEvent, EventType
from xuncha.petitions.models import Petition, ReporterIdentity, Status

BASE = "/api/petitions"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _count(kind):
    return AuditEvent.objects.filter(event_type=kind).count()


def test_create_list_and_detail(client, ns):
    login(client, ns.member)
    response = _post(
        client,
        f"{BASE}/inspections/{ns.inspection.pk}/petitions",
        {
            "received_on": "2026-03-05",
            "channel": "email",
            "summary": "反映局长公车私用",
            "content": "来信反映局长周末使用公务用车。",
            "anonymous": False,
            "identity": {"name": REPORTER, "phone": "13800001111"},
            "subjects": [{"name": "钱局长", "post": "局长", "unit_id": ns.inspection.target_id}],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1 and body["label"] == "信访件第1号"
    assert "content" not in body and REPORTER not in response.content.decode()
    assert ReporterIdentity.objects.get(petition_id=body["id"]).name == REPORTER

    listing = client.get(f"{BASE}/inspections/{ns.inspection.pk}/petitions", {"channel": "email"})
    assert listing.status_code == 200
    assert [p["id"] for p in listing.json()["items"]] == [body["id"]]
    assert (
        client.get(f"{BASE}/inspections/{ns.inspection.pk}/petitions", {"channel": "phone"}).json()[
            "count"
        ]
        == 0
    )

    before = _count(EventType.PETITION_VIEWED)
    detail = client.get(f"{BASE}/{body['id']}")
    assert detail.status_code == 200
    data = detail.json()
    assert data["content"] == "来信反映局长周末使用公务用车。"
    assert data["identity_withheld"] and not data["may_see_identity"]
    assert REPORTER not in detail.content.decode()
    assert _count(EventType.PETITION_VIEWED) == before + 1


def test_identity_operation_is_audited_and_refused_for_members(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    url = f"{BASE}/{petition.pk}/identity"
    login(client, ns.member)
    before = AuditEvent.objects.count()
    assert client.get(url).status_code == 403
    assert AuditEvent.objects.count() == before
    login(client, ns.leader)
    for expected in (1, 2):
        response = client.get(url)
        assert response.status_code == 200 and response.json()["name"] == REPORTER
        assert _count(EventType.REPORTER_IDENTITY_VIEWED) == expected
    anonymous = register(ns.inspection, actor=ns.member, named=False)
    assert client.get(f"{BASE}/{anonymous.pk}/identity").status_code == 422


def test_workflow_through_the_api(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.member)
    url = f"{BASE}/{petition.pk}"
    illegal = _post(client, f"{url}/close", {"outcome": "办结"})
    assert illegal.status_code == 422
    assert (
        _post(client, f"{url}/assess", {"in_scope": False, "reason": "个人诉求"}).json()["status"]
        == Status.ASSESSED
    )
    assert _post(client, f"{url}/take-up", {}).status_code == 422
    forwarded = _post(
        client,
        f"{url}/forward",
        {"to_unit_id": ns.tree.county_a1.pk, "on": "2026-03-06", "reference": "转〔2026〕2号"},
    )
    assert forwarded.status_code == 200, forwarded.content
    assert forwarded.json()["forwarded_to"] == "甲一县委"
    closed = _post(client, f"{url}/close", {"outcome": "已转办", "on": "2026-03-07"})
    assert closed.json()["status"] == Status.CLOSED
    response = client.patch(url, json.dumps({"summary": "改"}), content_type="application/json")
    assert response.status_code == 422


def test_patch_and_refusals(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.member)
    response = client.patch(
        f"{BASE}/{petition.pk}",
        json.dumps(
            {
                "channel": "visit",
                "subjects": [{"name": "钱局长", "post": "局长"}, {"post": "副局长"}],
                "reason": "补充",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    petition.refresh_from_db()
    assert petition.channel == "visit" and petition.subjects.count() == 2

    login(client, ns.personas.viewer_a)
    before = (AuditEvent.objects.count(), list(Petition.objects.values()))
    assert (
        _post(client, f"{BASE}/{petition.pk}/assess", {"in_scope": True, "reason": "x"}).status_code
        == 403
    )
    assert (
        _post(
            client,
            f"{BASE}/inspections/{ns.inspection.pk}/petitions",
            {
                "received_on": "2026-03-05",
                "channel": "email",
                "summary": "s",
                "content": "c",
                "subjects": [{"name": "某"}],
            },
        ).status_code
        == 403
    )
    assert (AuditEvent.objects.count(), list(Petition.objects.values())) == before


def test_other_team_gets_404(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.leader_b)
    before = AuditEvent.objects.count()
    assert client.get(f"{BASE}/{petition.pk}").status_code == 404
    assert client.get(f"{BASE}/{petition.pk}/identity").status_code == 404
    assert client.get(f"{BASE}/inspections/{ns.inspection.pk}/petitions").status_code == 404
    assert (
        _post(client, f"{BASE}/{petition.pk}/assess", {"in_scope": True, "reason": "x"}).status_code
        == 404
    )
    assert AuditEvent.objects.count() == before
