"""Changing units through the pages: every write goes through a service and is audited; a
refused write changes nothing and adds no audit event."""

import pytest
from django.urls import reverse

from xuncha.audit.models import AuditEvent, EventType
from xuncha.orgs import services
from xuncha.orgs.models import LeadershipMember, Unit

pytestmark = pytest.mark.django_db


def _profile(unit, **changes):
    data = {"code": unit.code, "name": unit.name, "short_name": unit.short_name,
            "level": unit.level, "kind": unit.kind, "sector": unit.sector, "headcount": "",
            "party_members": "", "contact_person": "", "contact_phone": "", "address": "",
            "description": ""}
    data.update(changes)
    return data


def _snapshot():
    return (AuditEvent.objects.count(),
            list(Unit.objects.order_by("pk").values_list("pk", "name", "path", "is_active")),
            list(LeadershipMember.objects.order_by("pk").values_list("pk", "name", "post")))


def test_edit_profile_changes_data_and_is_audited(personas, tree, as_user):
    client = as_user(personas.office_a)
    url = reverse("orgs:edit", args=[tree.county_a1.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _profile(tree.county_a1, name="甲一县委（新）", headcount="35",
                                         has_office="on"))
    assert response.status_code == 302
    tree.county_a1.refresh_from_db()
    assert tree.county_a1.name == "甲一县委（新）"
    assert tree.county_a1.headcount == 35
    event = AuditEvent.objects.filter(event_type=EventType.UNIT_UPDATED).first()
    assert event.actor == personas.office_a
    assert event.changes["name"] == ["甲一县委", "甲一县委（新）"]


def test_edit_shows_service_errors_on_the_form(personas, tree, as_user):
    client = as_user(personas.office_a)
    # A unit may not sit at a higher level than its parent: the service says so.
    response = client.post(reverse("orgs:edit", args=[tree.dept_a1.pk]),
                           _profile(tree.dept_a1, level="province"))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    tree.dept_a1.refresh_from_db()
    assert tree.dept_a1.level == "county"


def test_duplicate_code_is_an_error(personas, tree, as_user):
    client = as_user(personas.office_a)
    response = client.post(reverse("orgs:edit", args=[tree.county_a2.pk]),
                           _profile(tree.county_a2, code=tree.county_a1.code))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()


def test_create_child(personas, tree, as_user):
    client = as_user(personas.office_a)
    response = client.post(reverse("orgs:create_child", args=[tree.county_a2.pk]), {
        "code": "A2101", "name": "甲二县教育局", "short_name": "教育局", "level": "county",
        "kind": "department", "sector": "education", "description": ""})
    assert response.status_code == 302
    unit = Unit.objects.get(code="A2101")
    assert unit.parent == tree.county_a2
    assert unit.path.startswith(tree.county_a2.path)
    assert AuditEvent.objects.filter(event_type=EventType.UNIT_CREATED,
                                     object_id=str(unit.pk)).exists()


def test_move_by_parent_code(personas, tree, as_user):
    client = as_user(personas.office_a)
    response = client.post(reverse("orgs:move", args=[tree.dept_a1.pk]),
                           {"new_parent": tree.county_a2.code, "reason": "机构改革"})
    assert response.status_code == 302
    tree.dept_a1.refresh_from_db()
    assert tree.dept_a1.parent_id == tree.county_a2.pk
    assert AuditEvent.objects.filter(event_type=EventType.UNIT_MOVED).count() == 1


def test_move_under_out_of_scope_parent_is_refused(personas, tree, as_user):
    client = as_user(personas.office_a)
    before = _snapshot()
    response = client.post(reverse("orgs:move", args=[tree.dept_a1.pk]),
                           {"new_parent": tree.county_b1.code, "reason": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert _snapshot() == before


def test_move_under_itself_is_an_error(personas, tree, as_user):
    client = as_user(personas.office_a)
    before = _snapshot()
    response = client.post(reverse("orgs:move", args=[tree.county_a1.pk]),
                           {"new_parent": tree.dept_a1.code, "reason": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert _snapshot() == before


def test_dissolve_needs_reason_then_restore(personas, tree, as_user):
    client = as_user(personas.office_a)
    url = reverse("orgs:dissolve", args=[tree.county_a2.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    tree.county_a2.refresh_from_db()
    assert tree.county_a2.is_active
    assert client.post(url, {"reason": "撤并"}).status_code == 302
    tree.county_a2.refresh_from_db()
    assert not tree.county_a2.is_active
    assert AuditEvent.objects.filter(event_type=EventType.UNIT_DEACTIVATED,
                                     reason="撤并").exists()
    detail = client.get(reverse("orgs:detail", args=[tree.county_a2.pk])).content.decode()
    assert reverse("orgs:restore", args=[tree.county_a2.pk]) in detail
    assert client.post(reverse("orgs:restore", args=[tree.county_a2.pk]),
                       {"reason": ""}).status_code == 302
    tree.county_a2.refresh_from_db()
    assert tree.county_a2.is_active


def test_dissolve_with_active_children_is_an_error(personas, tree, as_user):
    client = as_user(personas.office_a)
    before = _snapshot()
    response = client.post(reverse("orgs:dissolve", args=[tree.county_a1.pk]),
                           {"reason": "撤并"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert _snapshot() == before


def test_leadership_add_edit_remove(personas, tree, as_user):
    client = as_user(personas.office_a)
    response = client.post(reverse("orgs:leader_add", args=[tree.county_a1.pk]), {
        "name": "李四", "post": "县长", "is_principal": "", "since": "2024-01-05", "order": "2"})
    assert response.status_code == 302
    member = LeadershipMember.objects.get(unit=tree.county_a1)
    assert member.post == "县长"
    response = client.post(reverse("orgs:leader_edit", args=[member.pk]), {
        "name": "李四", "post": "县委副书记、县长", "since": "2024-01-05", "order": "2"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.post == "县委副书记、县长"
    assert client.get(reverse("orgs:leader_remove", args=[member.pk])).status_code == 200
    assert client.post(reverse("orgs:leader_remove", args=[member.pk]),
                       {"reason": "调任"}).status_code == 302
    assert not LeadershipMember.objects.exists()
    kinds = set(AuditEvent.objects.values_list("event_type", flat=True))
    assert {EventType.LEADERSHIP_ADDED, EventType.LEADERSHIP_UPDATED,
            EventType.LEADERSHIP_REMOVED} <= kinds


def _write_attempts(tree, member):
    pk = tree.county_a1.pk
    return [
        (reverse("orgs:edit", args=[pk]), _profile(tree.county_a1, name="被篡改")),
        (reverse("orgs:create_child", args=[pk]), {
            "code": "X0001", "name": "新单位", "level": "county", "kind": "department",
            "sector": "other"}),
        (reverse("orgs:move", args=[tree.dept_a1.pk]), {"new_parent": tree.county_a2.code}),
        (reverse("orgs:dissolve", args=[tree.county_a2.pk]), {"reason": "x"}),
        (reverse("orgs:restore", args=[tree.county_a2.pk]), {"reason": "x"}),
        (reverse("orgs:leader_add", args=[pk]), {"name": "王五", "post": "书记", "order": "0"}),
        (reverse("orgs:leader_edit", args=[member.pk]), {"name": "改", "post": "改",
                                                          "order": "0"}),
        (reverse("orgs:leader_remove", args=[member.pk]), {"reason": "x"}),
    ]


@pytest.mark.parametrize("persona", ["viewer_a", "outsider", "liaison_a1"])
def test_refused_writes_change_nothing(personas, tree, as_user, persona):
    member = services.add_leadership_member(tree.county_a1, actor=personas.office_a,
                                            name="张三", post="县委书记")
    client = as_user(getattr(personas, persona))
    before = _snapshot()
    for url, data in _write_attempts(tree, member):
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    assert _snapshot() == before


def test_anonymous_writes_are_redirected(client, personas, tree):
    member = services.add_leadership_member(tree.county_a1, actor=personas.office_a,
                                            name="张三", post="县委书记")
    before = _snapshot()
    for url, data in _write_attempts(tree, member):
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _snapshot() == before
