"""The people pages over personas: anonymous, outsider, in scope without people.edit
(viewer_a), in scope with it (office_a). Refused writes change nothing."""

import pytest
from django.urls import reverse

from tests.factories import make_cadre
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people.models import Cadre, PoolMembership, TalentPool, Team

pytestmark = pytest.mark.django_db


def _events() -> int:
    return AuditEvent.objects.count()


# --- lists -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, people):
    for name in ("people:cadres", "people:pools", "people:teams", "people:cadre_create"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_cadre_list_shows_only_cadres_in_scope(as_user, personas, people):
    body = as_user(personas.viewer_a).get(reverse("people:cadres")).content.decode()
    assert "张建国" in body and "李秀英" in body and "王志强" in body
    assert "赵外人" not in body
    body = as_user(personas.outsider).get(reverse("people:cadres")).content.decode()
    assert "赵外人" in body
    assert "张建国" not in body


def test_cadre_list_needs_people_view(as_user, personas, people):
    assert as_user(personas.liaison_a1).get(reverse("people:cadres")).status_code == 403


def test_cadre_list_search_and_pool_filter(as_user, personas, people):
    client = as_user(personas.office_a)
    body = client.get(reverse("people:cadres"), {"q": "财务"}).content.decode()
    assert "李秀英" in body and "张建国" not in body
    body = client.get(reverse("people:cadres"), {"pool": people.leaders_a1.pk}).content.decode()
    assert "张建国" in body and "李秀英" not in body
    # A pool out of scope filters everything out instead of leaking its members.
    body = client.get(reverse("people:cadres"), {"pool": people.pool_b.pk}).content.decode()
    assert "赵外人" not in body and "张建国" not in body
    assert "乙一县工作人员库" not in body


def test_cadre_list_query_count_does_not_grow(
    as_user, personas, people, tree, django_assert_num_queries
):
    client = as_user(personas.office_a)
    client.get(reverse("people:cadres"))  # warm the session
    with django_assert_num_queries(8):
        client.get(reverse("people:cadres"))
    for i in range(40):
        cadre = make_cadre(tree.dept_a1, f"批量{i:02d}")
        if i % 2:
            PoolMembership.objects.create(pool=people.staff_a1, cadre=cadre)
    with django_assert_num_queries(8):
        response = client.get(reverse("people:cadres"))
    assert response.status_code == 200
    with django_assert_num_queries(8):
        client.get(reverse("people:cadres"), {"page": 2})


def test_pool_list_and_detail(as_user, personas, people):
    client = as_user(personas.viewer_a)
    body = client.get(reverse("people:pools")).content.decode()
    assert "甲一县组长库" in body and "乙一县工作人员库" not in body
    body = client.get(reverse("people:pool", args=[people.leaders_a1.pk])).content.decode()
    assert "张建国" in body
    assert client.get(reverse("people:pool", args=[people.pool_b.pk])).status_code == 404


def test_team_list_shows_only_teams_in_scope(as_user, personas, people):
    body = as_user(personas.viewer_a).get(reverse("people:teams")).content.decode()
    assert "第一巡察组" in body and "乙一县委第一巡察组" not in body


# --- detail ----------------------------------------------------------------------------------


def test_cadre_detail_in_scope(as_user, personas, people):
    response = as_user(personas.viewer_a).get(reverse("people:cadre", args=[people.in_a1.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "张建国" in body and "甲一县组长库" in body
    assert reverse("people:cadre_edit", args=[people.in_a1.pk]) not in body


def test_cadre_detail_out_of_scope_is_404_like_missing(as_user, personas, people):
    client = as_user(personas.outsider)
    assert client.get(reverse("people:cadre", args=[people.in_a1.pk])).status_code == 404
    assert client.get(reverse("people:cadre", args=[999999])).status_code == 404


# --- create ----------------------------------------------------------------------------------


def _form(unit_code: str, **extra) -> dict:
    return {
        "full_name": "孙晓明",
        "gender": "male",
        "birth_year": "1985",
        "unit": unit_code,
        "post": "审计科科长",
        "rank": "一级主任科员",
        "specialty": "audit",
        "phone": "13800001234",
        "notes": "",
        **extra,
    }


def test_office_creates_a_cadre_and_it_is_audited(as_user, personas, tree):
    client = as_user(personas.office_a)
    assert client.get(reverse("people:cadre_create")).status_code == 200
    response = client.post(reverse("people:cadre_create"), _form(tree.dept_a1.code))
    cadre = Cadre.objects.get(full_name="孙晓明")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:cadre", args=[cadre.pk])
    assert cadre.unit == tree.dept_a1 and cadre.birth_year == 1985 and cadre.specialty == "audit"
    event = AuditEvent.objects.get(event_type=EventType.CADRE_CREATED, object_id=str(cadre.pk))
    assert event.actor == personas.office_a
    assert event.actor_role == "office_staff"
    assert event.unit == tree.dept_a1
    assert event.changes["full_name"] == [None, "孙晓明"]


def test_viewer_without_people_edit_cannot_create(as_user, personas, tree):
    client = as_user(personas.viewer_a)
    before = _events()
    assert client.get(reverse("people:cadre_create")).status_code == 403
    assert client.post(reverse("people:cadre_create"), _form(tree.dept_a1.code)).status_code == 403
    assert not Cadre.objects.exists()
    assert _events() == before


def test_outsider_cannot_create_in_another_scope(as_user, personas, tree):
    client = as_user(personas.outsider)
    before = _events()
    response = client.post(reverse("people:cadre_create"), _form(tree.dept_a1.code))
    # The unit is not offered to them: the same answer as for a code that does not exist.
    assert response.status_code == 200
    assert (
        "No unit with this code in your scope." in response.content.decode()
        or "范围" in response.content.decode()
    )
    assert not Cadre.objects.exists()
    assert _events() == before


# --- edit ------------------------------------------------------------------------------------


def test_office_edits_a_cadre_and_it_is_audited(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    url = reverse("people:cadre_edit", args=[people.in_a1.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, _form(tree.county_a1.code, full_name="张建国", post="纪委书记", is_active="on")
    )
    assert response.status_code == 302
    people.in_a1.refresh_from_db()
    assert people.in_a1.post == "纪委书记"
    event = AuditEvent.objects.get(
        event_type=EventType.CADRE_UPDATED, object_id=str(people.in_a1.pk)
    )
    assert event.actor == personas.office_a
    assert event.changes["post"] == ["纪委副书记", "纪委书记"]


@pytest.mark.parametrize("persona", ["viewer_a", "outsider"])
def test_edit_refused_changes_nothing(as_user, personas, people, tree, persona):
    client = as_user(getattr(personas, persona))
    url = reverse("people:cadre_edit", args=[people.in_a1.pk])
    before = _events()
    assert client.get(url).status_code == 404
    assert client.post(url, _form(tree.county_a1.code, full_name="改名")).status_code == 404
    people.in_a1.refresh_from_db()
    assert people.in_a1.full_name == "张建国"
    assert _events() == before


def test_office_cannot_move_a_cadre_out_of_scope(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    before = _events()
    response = client.post(
        reverse("people:cadre_edit", args=[people.in_a1.pk]),
        _form(tree.county_b1.code, full_name="张建国"),
    )
    assert response.status_code == 200
    people.in_a1.refresh_from_db()
    assert people.in_a1.unit == tree.county_a1
    assert _events() == before


# --- pools and teams -------------------------------------------------------------------------


def test_office_adds_a_cadre_to_a_pool(as_user, personas, people):
    client = as_user(personas.office_a)
    url = reverse("people:cadre_add_to_pool", args=[people.in_dept.pk])
    response = client.post(url, {"pool": people.leaders_a1.pk})
    assert response.status_code == 302
    assert PoolMembership.objects.filter(pool=people.leaders_a1, cadre=people.in_dept).exists()
    assert (
        AuditEvent.objects.filter(
            event_type=EventType.POOL_MEMBER_ADDED, actor=personas.office_a
        ).count()
        == 1
    )


def test_pool_outside_the_cadres_jurisdiction_is_not_offered(as_user, personas, people):
    # 王志强 works in county A2; county A1's pools cannot take him.
    client = as_user(personas.office_a)
    before = _events()
    client.post(
        reverse("people:cadre_add_to_pool", args=[people.in_a2.pk]), {"pool": people.leaders_a1.pk}
    )
    assert not PoolMembership.objects.filter(cadre=people.in_a2).exists()
    assert _events() == before


@pytest.mark.parametrize("persona,status", [("viewer_a", 302), ("outsider", 404)])
def test_add_to_pool_refused_changes_nothing(as_user, personas, people, persona, status):
    client = as_user(getattr(personas, persona))
    before = _events()
    response = client.post(
        reverse("people:cadre_add_to_pool", args=[people.in_dept.pk]),
        {"pool": people.leaders_a1.pk},
    )
    assert response.status_code == status
    assert not PoolMembership.objects.filter(pool=people.leaders_a1, cadre=people.in_dept).exists()
    assert _events() == before


def test_office_creates_a_pool_and_a_team(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    response = client.post(
        reverse("people:pool_create"), {"jurisdiction": tree.county_a2.pk, "kind": "young_cadre"}
    )
    assert response.status_code == 302
    pool = TalentPool.objects.get(jurisdiction=tree.county_a2)
    assert pool.kind == "young_cadre"
    response = client.post(
        reverse("people:team_create"), {"jurisdiction": tree.county_a1.pk, "number": 2}
    )
    assert response.status_code == 302
    assert Team.objects.get(jurisdiction=tree.county_a1, number=2).name == "第二巡察组"
    assert (
        AuditEvent.objects.filter(
            actor=personas.office_a, event_type__in=[EventType.POOL_CREATED, EventType.TEAM_CREATED]
        ).count()
        == 2
    )


def test_duplicate_team_number_is_refused(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    before = _events()
    response = client.post(
        reverse("people:team_create"), {"jurisdiction": tree.county_a1.pk, "number": 1}
    )
    assert response.status_code == 200
    assert Team.objects.filter(jurisdiction=tree.county_a1).count() == 1
    assert _events() == before


@pytest.mark.parametrize("persona,status", [("viewer_a", 403), ("outsider", 200)])
def test_pool_create_refused_changes_nothing(as_user, personas, tree, persona, status):
    client = as_user(getattr(personas, persona))
    before = _events()
    response = client.post(
        reverse("people:pool_create"), {"jurisdiction": tree.county_a1.pk, "kind": "leader"}
    )
    assert response.status_code == status  # the outsider gets the form back with an error
    assert not TalentPool.objects.exists()
    assert _events() == before


def test_cadre_detail_offers_edit_and_pools_to_the_office(as_user, personas, people):
    body = (
        as_user(personas.office_a)
        .get(reverse("people:cadre", args=[people.in_dept.pk]))
        .content.decode()
    )
    assert reverse("people:cadre_edit", args=[people.in_dept.pk]) in body
    assert reverse("people:cadre_add_to_pool", args=[people.in_dept.pk]) in body
    assert "甲一县组长库" in body  # offered: it does not hold 李秀英 yet
