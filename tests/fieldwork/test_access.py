"""Who reaches an inspection's stationing material: the office, the team (by its seat, not by
role), and those the office grants; a member of team A never reaches team B's."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import login, make_people, make_plans, make_user
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import services
from xuncha.fieldwork.access import authorize_fieldwork, visible_stationings
from xuncha.fieldwork.models import InspectionGrant
from xuncha.people.models import Cadre
from xuncha.people.services import create_team
from xuncha.plans.models import Inspection
from xuncha.staffing.models import MemberRole, TeamMember


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    # Team 2 of county A1 inspects another unit in the same round: same county, other team.
    team2 = create_team(actor=None, jurisdiction=tree.county_a1, number=2)
    from tests.factories import make_unit

    other = make_unit("甲一县财政局", parent=tree.county_a1, code="A1102")
    inspection2 = Inspection.objects.create(round=plans.round_a1, team=team2, target=other)
    member = make_user("member_a1", unit=tree.county_a2, roles=[(Role.TEAM_MEMBER, tree.county_a1)])
    Cadre.objects.filter(pk=people.in_a2.pk).update(user=member)
    TeamMember.objects.create(round=plans.round_a1, team=people.team_a1, cadre=people.in_a2,
                              role=MemberRole.MEMBER)
    guest = make_user("guest", unit=tree.county_a1)
    return SimpleNamespace(tree=tree, personas=personas, people=people, plans=plans,
                           inspection=plans.inspection_a1, inspection2=inspection2,
                           member=member, guest=guest)


def _ids(user):
    return set(visible_stationings(user).values_list("pk", flat=True))


def test_office_team_and_outsiders(ns):
    a1, a2, b = ns.inspection.pk, ns.inspection2.pk, ns.plans.inspection_b.pk
    assert _ids(ns.personas.office_a) == {a1, a2}
    assert _ids(ns.personas.outsider) == {b}
    assert _ids(ns.personas.upper) == {a1, a2, b}
    # The member's role reaches the whole county, but the seat decides: team 1 only.
    assert _ids(ns.member) == {a1}
    for nobody in (ns.guest, ns.personas.liaison_a1, ns.personas.sysadmin_a,
                   ns.personas.auditor_a, ns.personas.norole):
        assert _ids(nobody) == set()


def test_write_access(ns):
    assert authorize_fieldwork(ns.personas.office_a, ns.inspection) == "office_staff"
    assert authorize_fieldwork(ns.member, ns.inspection) == "team:member"
    for refused, inspection in ((ns.member, ns.inspection2), (ns.personas.viewer_a, ns.inspection),
                                (ns.personas.outsider, ns.inspection)):
        with pytest.raises(PermissionDenied):
            authorize_fieldwork(refused, inspection)


def test_grant_gives_read_access_until_revoked_or_expired(ns):
    office = ns.personas.office_a
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.grant_access(ns.inspection, ns.guest, actor=ns.member, reason="协助")
    with pytest.raises(ValidationError):
        services.grant_access(ns.inspection, ns.guest, actor=office, reason=" ")
    assert AuditEvent.objects.count() == before and not InspectionGrant.objects.exists()

    grant = services.grant_access(ns.inspection, ns.guest, actor=office, reason="纪委监委联络")
    assert _ids(ns.guest) == {ns.inspection.pk}
    with pytest.raises(PermissionDenied):  # grants are read-only
        authorize_fieldwork(ns.guest, ns.inspection)
    with pytest.raises(ValidationError):
        services.grant_access(ns.inspection, ns.guest, actor=office, reason="again")
    event = AuditEvent.objects.get(event_type=EventType.INSPECTION_ACCESS_GRANTED)
    assert event.reason == "纪委监委联络" and event.actor == office

    services.revoke_access(grant, actor=office, reason="工作结束")
    assert _ids(ns.guest) == set()
    with pytest.raises(ValidationError):
        services.revoke_access(grant, actor=office, reason="工作结束")
    assert AuditEvent.objects.filter(event_type=EventType.INSPECTION_ACCESS_REVOKED).count() == 1

    ended = services.grant_access(ns.inspection, ns.guest, actor=office, reason="短期",
                                  expires_on=timezone.localdate())
    assert _ids(ns.guest) == {ns.inspection.pk}
    InspectionGrant.objects.filter(pk=ended.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1))
    assert _ids(ns.guest) == set()


def test_workspace_pages(client, ns):
    login(client, ns.member)
    assert client.get(f"/fieldwork/inspections/{ns.inspection.pk}/").status_code == 200
    assert client.get(f"/fieldwork/inspections/{ns.inspection2.pk}/").status_code == 404
    page = client.get("/fieldwork/").content.decode()
    assert ns.inspection.target.name in page and "甲一县财政局" not in page
    # Only the office grants.
    response = client.post(f"/fieldwork/inspections/{ns.inspection.pk}/grants/",
                           {"username": "guest", "reason": "x"})
    assert response.status_code == 403 and not InspectionGrant.objects.exists()

    login(client, ns.personas.office_a)
    response = client.post(f"/fieldwork/inspections/{ns.inspection.pk}/grants/",
                           {"username": "outsider", "reason": "协助"})
    assert response.status_code == 200 and not InspectionGrant.objects.exists()
    response = client.post(f"/fieldwork/inspections/{ns.inspection.pk}/grants/",
                           {"username": "guest", "reason": "纪委监委联络"})
    assert response.status_code == 302
    grant = InspectionGrant.objects.get()
    page = client.get(f"/fieldwork/inspections/{ns.inspection.pk}/").content.decode()
    assert "纪委监委联络" in page
    client.post(f"/fieldwork/grants/{grant.pk}/revoke/", {"reason": "结束"})
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_api(client, ns):
    login(client, ns.member)
    data = client.get("/api/fieldwork/inspections").json()
    assert [i["id"] for i in data["items"]] == [ns.inspection.pk]
    detail = client.get(f"/api/fieldwork/inspections/{ns.inspection.pk}").json()
    assert [m["name"] for m in detail["members"]] == ["王志强"]
    assert client.get(f"/api/fieldwork/inspections/{ns.inspection2.pk}").status_code == 404
    assert client.get(f"/api/fieldwork/inspections/{ns.inspection.pk}/grants").status_code == 403
