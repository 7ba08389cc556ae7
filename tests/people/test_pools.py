"""Talent pools: removal with a reason, re-admission, counts of current members, the pool's page,
the API and the export of a pool's members."""

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.authz import fingerprint
from tests.factories import make_cadre
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people import importing, services
from xuncha.people.models import PoolMembership, Specialty

pytestmark = pytest.mark.django_db


def _membership(people, pool="leaders_a1", cadre="in_a1") -> PoolMembership:
    return PoolMembership.objects.get(pool=getattr(people, pool), cadre=getattr(people, cadre))


def _remove(people, actor, reason="调任外地", **kwargs) -> PoolMembership:
    return services.remove_from_pool(_membership(people), actor=actor, reason=reason, **kwargs)


# --- services -------------------------------------------------------------------------------


def test_removal_keeps_the_membership_with_day_and_reason(personas, people):
    membership = _remove(people, personas.office_a, removed_on=timezone.localdate())
    assert membership.removed_on == timezone.localdate()
    assert membership.removal_reason == "调任外地"
    event = AuditEvent.objects.get(event_type=EventType.POOL_MEMBER_REMOVED)
    assert event.reason == "调任外地" and event.actor == personas.office_a
    assert event.changes["removed_on"] == [None, timezone.localdate().isoformat()]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"reason": "  "},
        {"removed_on": timezone.localdate() + timedelta(days=1)},
        {"removed_on": date(2000, 1, 1)},  # before the cadre joined
    ],
)
def test_bad_removals_change_nothing(personas, people, kwargs):
    before = fingerprint()
    with pytest.raises(ValidationError):
        _remove(people, personas.office_a, **kwargs)
    assert fingerprint() == before


def test_a_removed_member_cannot_be_removed_twice(personas, people):
    _remove(people, personas.office_a)
    before = fingerprint()
    with pytest.raises(ValidationError):
        _remove(people, personas.office_a, reason="再次")
    assert fingerprint() == before


@pytest.mark.parametrize("persona", ["viewer_a", "outsider"])
def test_removal_needs_people_edit_over_the_jurisdiction(personas, people, persona):
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        _remove(people, getattr(personas, persona))
    assert fingerprint() == before


def test_readmission_clears_the_removal_and_starts_again(personas, people):
    _remove(people, personas.office_a)
    today = timezone.localdate()
    membership = services.add_to_pool(people.leaders_a1, people.in_a1, actor=personas.office_a)
    assert membership.removed_on is None and membership.removal_reason == ""
    assert membership.joined_on == today
    assert PoolMembership.objects.filter(pool=people.leaders_a1).count() == 1
    event = AuditEvent.objects.filter(event_type=EventType.POOL_MEMBER_ADDED).order_by("seq").last()
    assert event.changes["removed_on"] == [today.isoformat(), None]
    assert event.changes["removal_reason"] == ["调任外地", ""]


def test_readmission_cannot_predate_the_removal(personas, people):
    _remove(people, personas.office_a)
    before = fingerprint()
    with pytest.raises(ValidationError):
        services.add_to_pool(
            people.leaders_a1, people.in_a1, actor=personas.office_a, joined_on=date(2020, 1, 1)
        )
    assert fingerprint() == before


def test_existing_add_to_pool_still_works(personas, people):
    membership = services.add_to_pool(people.staff_a1, people.in_a1, actor=personas.office_a)
    assert membership.removed_on is None
    with pytest.raises(ValidationError):
        services.add_to_pool(people.staff_a1, people.in_a1, actor=personas.office_a)


# --- pages -------------------------------------------------------------------------------------


def test_counts_are_of_current_members(as_user, personas, people):
    _remove(people, personas.office_a)
    client = as_user(personas.viewer_a)
    body = client.get(reverse("people:pools")).content.decode()
    assert '<td class="num">0</td>' in body  # 甲一县组长库 has nobody now
    pools = {p["name"]: p["members"] for p in client.get("/api/people/pools").json()["items"]}
    assert pools == {"甲一县组长库": 0, "甲一县工作人员库": 1}
    assert client.get(f"/api/people/pools/{people.leaders_a1.pk}").json()["members"] == 0
    assert client.get(f"/api/people/pools/{people.leaders_a1.pk}/members").json()["items"] == []
    # The cadre list's pool filter gives current members only.
    body = client.get(reverse("people:cadres"), {"pool": people.leaders_a1.pk}).content.decode()
    assert "张建国" not in body


def test_pool_page_lists_removed_members_apart(as_user, personas, people):
    _remove(people, personas.office_a, reason="退休")
    url = reverse("people:pool", args=[people.leaders_a1.pk])
    body = as_user(personas.office_a).get(url).content.decode()
    current, removed = body.split("table-wrap", 2)[1:]
    assert "张建国" not in current
    assert "张建国" in removed and "退休" in removed
    # Viewers see who left and when, not why; and get no buttons.
    body = as_user(personas.viewer_a).get(url).content.decode()
    current, removed = body.split("table-wrap", 2)[1:]
    assert "张建国" in removed and "退休" not in body
    assert reverse("people:membership_readmit", args=[_membership(people).pk]) not in body


def test_removal_reasons_are_for_the_office_only(as_user, personas, people):
    _remove(people, personas.office_a, reason="受到党纪处分")
    cadre_page = reverse("people:cadre", args=[people.in_a1.pk])
    memberships = f"/api/people/pools/{people.leaders_a1.pk}/memberships"
    detail = f"/api/people/cadres/{people.in_a1.pk}"
    office = as_user(personas.office_a)
    assert "受到党纪处分" in office.get(cadre_page).content.decode()
    assert office.get(memberships).json()["items"][0]["removal_reason"] == "受到党纪处分"
    assert office.get(detail).json()["memberships"][0]["removal_reason"] == "受到党纪处分"
    viewer = as_user(personas.viewer_a)
    body = viewer.get(cadre_page).content.decode()
    assert "张建国" in body and "受到党纪处分" not in body
    (item,) = viewer.get(memberships).json()["items"]
    assert item["removed_on"] is not None and item["removal_reason"] == ""
    assert viewer.get(detail).json()["memberships"][0]["removal_reason"] == ""


def test_office_removes_and_readmits_through_the_pages(as_user, personas, people):
    client = as_user(personas.office_a)
    membership = _membership(people)
    url = reverse("people:membership_remove", args=[membership.pk])
    assert url in client.get(reverse("people:pool", args=[people.leaders_a1.pk])).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    response = client.post(url, {"reason": "工作调动"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.removal_reason == "工作调动"
    readmit = reverse("people:membership_readmit", args=[membership.pk])
    assert (
        readmit in client.get(reverse("people:pool", args=[people.leaders_a1.pk])).content.decode()
    )
    assert client.post(readmit, {}).status_code == 302
    membership.refresh_from_db()
    assert membership.removed_on is None


def test_a_pool_the_cadre_left_is_offered_again_on_the_cadre_page(as_user, personas, people):
    # Another cadre stays a current member of the pool.
    services.add_to_pool(people.leaders_a1, people.in_dept, actor=None)
    _remove(people, personas.office_a)
    client = as_user(personas.office_a)
    body = client.get(reverse("people:cadre", args=[people.in_a1.pk])).content.decode()
    assert f'<option value="{people.leaders_a1.pk}">' in body
    response = client.post(
        reverse("people:cadre_add_to_pool", args=[people.in_a1.pk]), {"pool": people.leaders_a1.pk}
    )
    assert response.status_code == 302
    assert _membership(people).removed_on is None


@pytest.mark.parametrize("persona", ["viewer_a", "outsider"])
def test_membership_pages_refused_change_nothing(as_user, personas, people, persona):
    client = as_user(getattr(personas, persona))
    membership = _membership(people)
    before = fingerprint()
    assert client.get(reverse("people:membership_remove", args=[membership.pk])).status_code == 404
    assert (
        client.post(
            reverse("people:membership_remove", args=[membership.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("people:membership_readmit", args=[membership.pk])).status_code == 404
    )
    assert fingerprint() == before


def test_pool_page_query_count_does_not_grow(
    as_user, personas, people, tree, django_assert_num_queries
):
    client = as_user(personas.office_a)
    url = reverse("people:pool", args=[people.staff_a1.pk])
    gone = services.add_to_pool(people.staff_a1, make_cadre(tree.dept_a1, "离库者"), actor=None)
    services.remove_from_pool(gone, actor=None, reason="调离")
    client.get(url)
    with django_assert_num_queries(9):
        client.get(url)
    for i in range(30):
        cadre = make_cadre(tree.dept_a1, f"成员{i:02d}", expertise=["law", "audit"])
        membership = services.add_to_pool(people.staff_a1, cadre, actor=None)
        if i % 3 == 0:
            services.remove_from_pool(membership, actor=None, reason="调离")
    with django_assert_num_queries(9):
        client.get(url)


# --- API ---------------------------------------------------------------------------------------


def test_api_removal_and_readmission(as_user, personas, people):
    client = as_user(personas.office_a)
    url = f"/api/people/pools/{people.leaders_a1.pk}/members/{people.in_a1.pk}/removal"
    assert client.post(url, {"reason": ""}, content_type="application/json").status_code == 422
    response = client.post(url, {"reason": "退休"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["removal_reason"] == "退休"
    memberships = client.get(
        f"/api/people/pools/{people.leaders_a1.pk}/memberships", {"current": False}
    ).json()["items"]
    assert [m["full_name"] for m in memberships] == ["张建国"]
    response = client.post(
        f"/api/people/pools/{people.leaders_a1.pk}/members",
        {"cadre_id": people.in_a1.pk},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["removed_on"] is None


def test_api_removal_refused(as_user, personas, people):
    url = f"/api/people/pools/{people.leaders_a1.pk}/members/{people.in_a1.pk}/removal"
    for persona, status in (("viewer_a", 403), ("outsider", 404)):
        client = as_user(getattr(personas, persona))
        before = fingerprint()
        response = client.post(url, {"reason": "x"}, content_type="application/json")
        assert response.status_code == status
        assert fingerprint() == before


# --- export ------------------------------------------------------------------------------------


def test_export_lists_current_members_and_reimports_unchanged(as_user, personas, people, tree):
    services.update_cadre(
        people.in_dept,
        actor=None,
        expertise=["audit", "law"],
        native_place=tree.county_a1,
        phone="=HYPERLINK(1)",
        gender="female",
    )
    gone = make_cadre(tree.dept_a1, "离库者", specialty=Specialty.LAW)
    services.remove_from_pool(
        services.add_to_pool(people.staff_a1, gone, actor=None), actor=None, reason="调离"
    )
    client = as_user(personas.viewer_a)
    response = client.get(reverse("people:pool_export", args=[people.staff_a1.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [header for _f, header in importing.COLUMNS]
    assert len(rows) == 2  # 离库者 was removed
    row = dict(zip([f for f, _h in importing.COLUMNS], rows[1], strict=True))
    assert row["full_name"] == "李秀英" and row["unit_code"] == "A1101"
    assert row["specialty"] == "财务" and row["expertise"] == "审计、法律"
    assert row["native_place_code"] == "A1001" and row["gender"] == "女"
    assert row["phone"] == "'=HYPERLINK(1)"  # not run as a formula
    assert row["pools"] == "甲一县工作人员库"
    event = AuditEvent.objects.get(event_type=EventType.DOCUMENT_DOWNLOADED)
    assert event.changes["count"] == 1 and event.actor == personas.viewer_a

    plan = importing.plan_import(personas.office_a, importing.read_table(data, "pool.xlsx"))
    assert not plan.problems
    assert [r.action for r in plan.rows] == ["unchanged"]


def test_export_out_of_scope_is_404(as_user, personas, people):
    client = as_user(personas.office_a)
    before = fingerprint()
    response = client.get(reverse("people:pool_export", args=[people.pool_b.pk]))
    assert response.status_code == 404
    assert fingerprint() == before
