"""/api/duties: the same rules and scope as the pages."""

import io
import json
from types import SimpleNamespace
from urllib.parse import quote

import docx
import pytest
from django.utils import timezone

from tests.authz import fingerprint
from tests.factories import make_cadre, make_people, make_plans
from tests.matrix.duties import staff_rounds
from xuncha.audit.models import AuditEvent, EventType
from xuncha.plans.models import Inspection, Stage
from xuncha.staffing import duties

pytestmark = pytest.mark.django_db


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    ns = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    staff_rounds(ns)
    return ns


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _base(ns) -> str:
    return f"/api/duties/rounds/{ns.plans.round_a1.pk}"


def test_issue_list_and_download_authorization(as_user, ns):
    client = as_user(ns.personas.office_a)
    response = _post(client, f"{_base(ns)}/authorizations", {"team_id": ns.people.team_a1.pk})
    assert response.status_code == 201
    data = response.json()
    assert data["leader_name"] == "张建国" and "巡授" in data["document_number"]
    if duties._plans_transition() is not None:
        assert Inspection.objects.get(pk=ns.plans.inspection_a1.pk).stage == Stage.AUTHORIZED
    # Nothing to re-issue: 422 with the reason, nothing written.
    before = fingerprint()
    again = _post(client, f"{_base(ns)}/authorizations", {"team_id": ns.people.team_a1.pk})
    assert again.status_code == 422 and again.json()["detail"]
    assert fingerprint() == before
    items = client.get(f"{_base(ns)}/authorizations").json()["items"]
    assert [i["id"] for i in items] == [data["id"]]
    document = client.get(f"/api/duties/authorizations/{data['id']}/document")
    assert document.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert "张建国" in text
    assert AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATED).count() == 1


def test_issue_for_a_team_outside_the_round_is_invalid(as_user, ns):
    client = as_user(ns.personas.office_a)
    before = fingerprint()
    response = _post(client, f"{_base(ns)}/authorizations", {"team_id": ns.people.team_b.pk})
    assert response.status_code == 422
    assert fingerprint() == before


def test_member_signs_own_pledge_but_not_anothers(as_user, ns):
    client = as_user(ns.personas.member_a1)
    before = fingerprint()
    refused = _post(client, f"{_base(ns)}/pledges", {"cadre_id": ns.people.in_a1.pk})
    assert refused.status_code == 403
    assert fingerprint() == before
    response = _post(client, f"{_base(ns)}/pledges", {"cadre_id": ns.people.in_a2.pk})
    assert response.status_code == 201
    assert response.json()["text"] == duties.PLEDGE_TEXT
    assert (
        _post(client, f"{_base(ns)}/pledges", {"cadre_id": ns.people.in_a2.pk}).status_code == 422
    )


def test_cadre_not_in_the_round_is_invalid_not_revealed(as_user, ns):
    client = as_user(ns.personas.office_a)
    for cadre_id in (ns.people.in_b.pk, 999999):
        response = _post(client, f"{_base(ns)}/pledges", {"cadre_id": cadre_id})
        assert response.status_code == 422
        assert (
            response.json()["detail"]
            == _post(client, f"{_base(ns)}/pledges", {"cadre_id": 999999}).json()["detail"]
        )


def test_a_member_learns_nothing_of_who_serves(as_user, ns, tree):
    # Another member of the round, a cadre of no round, and no cadre at all: one answer.
    client = as_user(ns.personas.member_a1)
    stranger = make_cadre(tree.county_a1, "钱未参加")
    before = fingerprint()
    for path, extra in (("pledges", {}), ("gifts", _GIFT)):
        answers = {
            cadre_id: _post(client, f"{_base(ns)}/{path}", {**extra, "cadre_id": cadre_id})
            for cadre_id in (ns.people.in_a1.pk, stranger.pk, 999999)
        }
        assert {r.status_code for r in answers.values()} == {403}
        assert len({r.content for r in answers.values()}) == 1
    assert fingerprint() == before


def test_reading_the_gifts_is_audited(as_user, ns):
    member = as_user(ns.personas.member_a1)
    declared = _post(member, f"{_base(ns)}/gifts", {**_GIFT, "cadre_id": ns.people.in_a2.pk})
    assert declared.status_code == 201
    office = as_user(ns.personas.office_a)
    before = AuditEvent.objects.filter(event_type=EventType.GIFTS_VIEWED).count()
    office.get(f"{_base(ns)}/gifts")
    event = AuditEvent.objects.latest("seq")
    assert event.event_type == EventType.GIFTS_VIEWED and event.actor == ns.personas.office_a
    assert (event.object_type, event.object_id) == ("plans.round", str(ns.plans.round_a1.pk))
    # Nothing to see, nothing recorded.
    viewer = as_user(ns.personas.viewer_a)
    assert viewer.get(f"{_base(ns)}/gifts").json()["items"] == []
    assert AuditEvent.objects.filter(event_type=EventType.GIFTS_VIEWED).count() == before + 1


_GIFT = {
    "kind": "gift",
    "offered_on": str(timezone.localdate()),
    "offered_by": "某企业负责人",
    "description": "土特产一箱",
    "value": "300.00",
    "handling": "handed_in",
}


def test_gifts_own_and_office(as_user, ns):
    member = as_user(ns.personas.member_a1)
    gift = {
        "cadre_id": ns.people.in_a2.pk,
        "kind": "gift",
        "offered_on": str(timezone.localdate()),
        "offered_by": "某企业负责人",
        "description": "土特产一箱",
        "value": "300.00",
        "handling": "handed_in",
    }
    response = _post(member, f"{_base(ns)}/gifts", gift)
    assert response.status_code == 201 and response.json()["value"] == "300.00"
    assert [g["offered_by"] for g in member.get(f"{_base(ns)}/gifts").json()["items"]] == [
        "某企业负责人"
    ]
    assert (
        _post(member, f"{_base(ns)}/gifts", {**gift, "cadre_id": ns.people.in_a1.pk}).status_code
        == 403
    )
    bad = _post(member, f"{_base(ns)}/gifts", {**gift, "kind": "car"})
    assert bad.status_code == 422
    viewer = as_user(ns.personas.viewer_a)
    assert viewer.get(f"{_base(ns)}/gifts").json()["items"] == []
    office = as_user(ns.personas.office_a)
    assert len(office.get(f"{_base(ns)}/gifts").json()["items"]) == 1


def test_evaluations_record_change_and_letter(as_user, ns):
    client = as_user(ns.personas.office_a)
    payload = {"cadre_id": ns.people.in_a2.pk, "grade": "competent", "comments": "完成任务。"}
    assert _post(client, f"{_base(ns)}/evaluations", payload).status_code == 201
    changed = _post(client, f"{_base(ns)}/evaluations", {**payload, "grade": "excellent"})
    assert changed.status_code == 200 and changed.json()["grade"] == "excellent"
    items = client.get(f"{_base(ns)}/evaluations").json()["items"]
    assert [i["grade"] for i in items] == ["excellent"]
    letter = client.get(f"/api/duties/evaluations/{items[0]['id']}/letter")
    assert letter.status_code == 200
    assert quote("关于王志强同志") in letter["Content-Disposition"]
    viewer = as_user(ns.personas.viewer_a)
    assert _post(viewer, f"{_base(ns)}/evaluations", payload).status_code == 403
    assert viewer.get(f"{_base(ns)}/evaluations").json()["items"] == []
    assert viewer.get(f"/api/duties/evaluations/{items[0]['id']}/letter").status_code == 404


def test_out_of_scope_round_is_not_found(as_user, ns):
    client = as_user(ns.personas.office_a)
    other = f"/api/duties/rounds/{ns.plans.round_b.pk}"
    for path in ("authorizations", "pledges", "gifts", "evaluations"):
        assert client.get(f"{other}/{path}").status_code == 404
    before = fingerprint()
    assert _post(client, f"{other}/pledges", {"cadre_id": ns.people.in_b.pk}).status_code == 404
    assert fingerprint() == before
