"""/api/recusals: the same choke points and services as the pages."""

import json
from types import SimpleNamespace

import pytest

from tests.factories import make_people, make_plans, make_user
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people.models import Cadre, FamilyRelation, Kinship
from xuncha.staffing import recusal
from xuncha.staffing.models import Recusal, RecusalKind, RecusalStatus
from xuncha.staffing.rules import Rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    return SimpleNamespace(
        tree=tree,
        personas=personas,
        people=people,
        plans=plans,
        round=plans.round_a1,
        target=tree.dept_a1,
    )


def _state():
    return list(Recusal.objects.order_by("pk").values()), AuditEvent.objects.count()


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def test_anonymous_gets_401(client, ns):
    assert client.get("/api/recusals/").status_code == 401
    assert _post(client, f"/api/recusals/rounds/{ns.round.pk}/scan").status_code == 401


def test_scan_list_and_filters(as_user, ns):
    client = as_user(ns.personas.office_a)
    response = _post(client, f"/api/recusals/rounds/{ns.round.pk}/scan")
    assert response.status_code == 200
    assert response.json()["new"] == 1 and response.json()["targets"] == 1
    items = client.get("/api/recusals/").json()["items"]
    assert [(i["cadre_name"], i["target_name"], i["rule"]) for i in items] == [
        ("李秀英", "甲一县农业农村局", Rule.CURRENT_POST)
    ]
    assert client.get("/api/recusals/", {"status": "upheld"}).json()["items"] == []
    assert len(client.get("/api/recusals/", {"round_id": ns.round.pk}).json()["items"]) == 1
    assert client.get("/api/recusals/", {"cadre_id": ns.people.in_a1.pk}).json()["items"] == []
    detail = client.get(f"/api/recusals/{items[0]['id']}").json()
    assert detail["status"] == "open" and "甲一县农业农村局" in detail["detail"]


def test_scan_is_refused_and_changes_nothing(as_user, ns):
    viewer = as_user(ns.personas.viewer_a)
    before = _state()
    assert _post(viewer, f"/api/recusals/rounds/{ns.round.pk}/scan").status_code == 403
    assert _state() == before
    outsider = as_user(ns.personas.outsider)
    before = _state()
    assert _post(outsider, f"/api/recusals/rounds/{ns.round.pk}/scan").status_code == 404
    assert _state() == before


def test_out_of_scope_is_404(as_user, ns):
    recusal.scan_round(ns.round, actor=None)
    row = Recusal.objects.get()
    client = as_user(ns.personas.outsider)
    assert client.get(f"/api/recusals/{row.pk}").status_code == 404
    assert client.get("/api/recusals/").json()["items"] == []
    assert client.get("/api/recusals/999999").status_code == 404


def test_decide_and_reopen(as_user, ns):
    recusal.scan_round(ns.round, actor=None)
    row = Recusal.objects.get()
    viewer = as_user(ns.personas.viewer_a)
    before = _state()
    response = _post(
        viewer, f"/api/recusals/{row.pk}/decision", {"status": "dismissed", "reason": "x"}
    )
    assert response.status_code == 403
    assert _state() == before
    client = as_user(ns.personas.office_a)
    before = _state()
    response = _post(client, f"/api/recusals/{row.pk}/decision", {"status": "overridden"})
    assert response.status_code == 422 and response.json()["detail"]
    assert _state() == before
    response = _post(
        client,
        f"/api/recusals/{row.pk}/decision",
        {"status": "upheld", "substitute_id": ns.people.in_a1.pk},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "upheld"
    assert response.json()["substitute_id"] == ns.people.in_a1.pk
    assert response.json()["decided_by"] == "office_a"
    response = _post(client, f"/api/recusals/{row.pk}/decision", {"status": "upheld"})
    assert response.status_code == 422
    response = _post(client, f"/api/recusals/{row.pk}/reopen", {"reason": "复核"})
    assert response.status_code == 200 and response.json()["status"] == "open"


def test_a_blocked_substitute_is_refused(as_user, ns):
    recusal.scan_round(ns.round, actor=None)
    row = Recusal.objects.get()
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1, kinship=Kinship.LINEAL, full_name="张小明", unit=ns.target
    )
    client = as_user(ns.personas.office_a)
    before = _state()
    response = _post(
        client,
        f"/api/recusals/{row.pk}/decision",
        {"status": "upheld", "substitute_id": ns.people.in_a1.pk},
    )
    assert response.status_code == 422 and "张小明" in response.json()["detail"]
    response = _post(
        client,
        f"/api/recusals/{row.pk}/decision",
        {"status": "upheld", "substitute_id": ns.people.in_b.pk},
    )
    assert response.status_code == 404
    assert _state() == before


def test_the_cadre_declares_through_the_api(as_user, ns):
    user = make_user("zhangjianguo", unit=ns.tree.county_a1, otp=False)
    Cadre.objects.filter(pk=ns.people.in_a1.pk).update(user=user)
    client = as_user(user)
    response = _post(
        client,
        "/api/recusals/declarations",
        {"target_id": ns.target.pk, "kind": "position", "detail": "妻子在该局工作"},
    )
    assert response.status_code == 201
    data = response.json()
    assert (data["cadre_id"], data["source"], data["round_id"]) == (
        ns.people.in_a1.pk,
        "declaration",
        None,
    )
    # Another cadre's record is out of reach.
    before = _state()
    response = _post(
        client,
        "/api/recusals/declarations",
        {
            "cadre_id": ns.people.in_dept.pk,
            "target_id": ns.target.pk,
            "kind": "position",
            "detail": "x",
        },
    )
    assert response.status_code == 404
    assert _state() == before


def test_declaring_for_someone_else_needs_people_edit(as_user, ns):
    payload = {
        "cadre_id": ns.people.in_a1.pk,
        "target_id": ns.target.pk,
        "round_id": ns.round.pk,
        "kind": "region",
        "detail": "籍贯在该县",
    }
    viewer = as_user(ns.personas.viewer_a)
    before = _state()
    assert _post(viewer, "/api/recusals/declarations", payload).status_code == 403
    assert _state() == before
    norole = as_user(ns.personas.norole)
    before = _state()
    assert _post(norole, "/api/recusals/declarations", payload).status_code == 404
    assert _state() == before
    office = as_user(ns.personas.office_a)
    assert _post(office, "/api/recusals/declarations", payload).status_code == 201
    # A unit that is not a target of the round.
    bad = dict(payload, target_id=ns.tree.county_a2.pk)
    assert _post(office, "/api/recusals/declarations", bad).status_code == 404


def test_objection(as_user, ns):
    client = as_user(ns.personas.office_a)
    response = _post(
        client,
        "/api/recusals/objections",
        {
            "cadre_id": ns.people.in_a1.pk,
            "target_id": ns.target.pk,
            "round_id": ns.round.pk,
            "raised_by": "局党组书记",
            "detail": "与局长系同学",
        },
    )
    assert response.status_code == 201
    assert response.json()["raised_by"] == "局党组书记"
    assert response.json()["kind"] == RecusalKind.OFFICIAL_DUTY
    before = _state()
    response = _post(
        client,
        "/api/recusals/objections",
        {
            "cadre_id": ns.people.in_a1.pk,
            "target_id": ns.target.pk,
            "round_id": ns.round.pk,
            "raised_by": "",
            "detail": "x",
        },
    )
    assert response.status_code == 422
    assert _state() == before


def test_check_explains_every_target(as_user, ns):
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1,
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name="陈丽",
        unit=ns.target,
    )
    client = as_user(ns.personas.office_a)
    url = f"/api/recusals/rounds/{ns.round.pk}/cadres/{ns.people.in_a1.pk}/check"
    (row,) = client.get(url).json()
    assert row["target_name"] == "甲一县农业农村局"
    assert [c["rule"] for c in row["conflicts"]] == [Rule.RELATIVE_WORKS]
    assert "陈丽" in row["conflicts"][0]["detail"]
    assert row["blocked_as_member"] and row["blocked_as_leader"]
    assert as_user(ns.personas.upper).get(url).status_code == 403
    assert as_user(ns.personas.outsider).get(url).status_code == 404
    # The leading group approves the round but may not run the rules on its candidates.
    assert as_user(ns.personas.viewer_a).get(url).status_code == 403
    assert not Recusal.objects.exists()


def _planted_and_scanned(ns):
    FamilyRelation.objects.create(
        cadre=ns.people.in_a1,
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name="陈丽",
        unit=ns.target,
    )
    recusal.scan_round(ns.round, actor=None)
    return Recusal.objects.get(cadre=ns.people.in_a1)


def test_the_leading_group_gets_the_detail_redacted(as_user, ns):
    row = _planted_and_scanned(ns)
    viewer = as_user(ns.personas.viewer_a)
    item = viewer.get(f"/api/recusals/{row.pk}").json()
    assert (item["cadre_name"], item["rule"], item["status"]) == (
        "张建国",
        Rule.RELATIVE_WORKS,
        "open",
    )
    assert (item["detail"], item["detail_redacted"]) == ("", True)
    listed = viewer.get("/api/recusals/", {"round_id": ns.round.pk}).content.decode()
    assert "张建国" in listed and "陈丽" not in listed
    office = as_user(ns.personas.office_a).get(f"/api/recusals/{row.pk}").json()
    assert "陈丽" in office["detail"] and office["detail_redacted"] is False


def test_api_reads_are_audited(as_user, ns):
    row = _planted_and_scanned(ns)
    client = as_user(ns.personas.office_a)
    before = AuditEvent.objects.count()
    client.get(f"/api/recusals/{row.pk}")
    event = AuditEvent.objects.latest("seq")
    assert (event.event_type, event.object_type, event.object_id) == (
        EventType.RECUSAL_VIEWED,
        "staffing.recusal",
        str(row.pk),
    )
    client.get("/api/recusals/", {"round_id": ns.round.pk})
    event = AuditEvent.objects.latest("seq")
    assert (event.event_type, event.object_type, event.object_id) == (
        EventType.RECUSAL_VIEWED,
        "plans.round",
        str(ns.round.pk),
    )
    assert event.changes == {"filter": {"round": ns.round.pk}}
    client.get(f"/api/recusals/rounds/{ns.round.pk}/cadres/{ns.people.in_a1.pk}/check")
    event = AuditEvent.objects.latest("seq")
    assert (event.event_type, event.changes) == (
        EventType.RECUSAL_VIEWED,
        {"cadre": ns.people.in_a1.pk},
    )
    assert AuditEvent.objects.count() == before + 3
    # Reads that show nothing, or are refused, leave no trace.
    outsider = as_user(ns.personas.outsider)
    before = AuditEvent.objects.count()
    assert outsider.get("/api/recusals/").json()["items"] == []
    assert outsider.get(f"/api/recusals/{row.pk}").status_code == 404
    assert AuditEvent.objects.count() == before


def test_status_filter_rejects_nonsense(as_user, ns):
    client = as_user(ns.personas.office_a)
    assert client.get("/api/recusals/", {"status": "nonsense"}).status_code == 422
    assert RecusalStatus.OPEN == "open"
