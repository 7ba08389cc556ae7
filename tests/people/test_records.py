"""The entries of a cadre's record (résumé, relatives, working relations, availability, training,
rewards): the services' rules, the pages, the API, and the privacy of relatives."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.authz import fingerprint
from xuncha.audit.models import AuditEvent, EventType
from xuncha.people import services
from xuncha.people.models import (
    Availability,
    FamilyRelation,
    Kinship,
    Posting,
    PostingKind,
    Reward,
    TrainingRecord,
    WorkingRelation,
    WorkingRelationKind,
)

pytestmark = pytest.mark.django_db


def _events(event_type=None) -> int:
    qs = AuditEvent.objects.all()
    return (qs.filter(event_type=event_type) if event_type else qs).count()


def _posting(cadre, actor=None, **fields):
    fields.setdefault("unit", cadre.unit)
    fields.setdefault("title", "科员")
    fields.setdefault("started_on", date(2015, 3, 1))
    return services.add_record(cadre, Posting, actor=actor, **fields)


# --- services -------------------------------------------------------------------------------


def test_add_posting_is_audited_with_its_fields(personas, people, tree):
    posting = _posting(people.in_a1, personas.office_a, ended_on=date(2019, 12, 31))
    event = AuditEvent.objects.get(event_type=EventType.CADRE_RECORD_ADDED)
    assert event.object_type == "people.posting" and event.object_id == str(posting.pk)
    assert event.actor == personas.office_a and event.unit == tree.county_a1
    assert event.changes["cadre"] == [None, people.in_a1.pk]
    assert event.changes["unit"] == [None, tree.county_a1.pk]
    assert event.changes["ended_on"] == [None, "2019-12-31"]


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"unit": None, "organization": ""}, "organization"),
        ({"organization": "某大学"}, "organization"),  # a unit and a name: one or the other
        ({"ended_on": date(2014, 1, 1)}, "ended_on"),
    ],
)
def test_posting_rules_leave_nothing_changed(personas, people, fields, field):
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        _posting(people.in_a1, personas.office_a, **fields)
    assert field in exc.value.message_dict
    assert fingerprint() == before


def test_posting_outside_the_tree_needs_only_a_name(personas, people):
    posting = _posting(
        people.in_a1,
        personas.office_a,
        unit=None,
        organization="中国人民大学",
        kind=PostingKind.STUDY,
        title="法学硕士",
    )
    assert posting.place == "中国人民大学"


def test_a_unit_out_of_the_actors_sight_is_refused_like_a_missing_one(personas, people, tree):
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        _posting(people.in_a1, personas.office_a, unit=tree.county_b1)
    assert "unit" in exc.value.message_dict
    assert fingerprint() == before


def test_overlapping_availability_is_refused(personas, people):
    cadre, office = people.in_a1, personas.office_a
    services.add_record(
        cadre,
        Availability,
        actor=office,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 4, 30),
        released=True,
    )
    before = fingerprint()
    with pytest.raises(ValidationError) as exc:
        services.add_record(
            cadre,
            Availability,
            actor=office,
            starts_on=date(2026, 4, 30),
            ends_on=date(2026, 6, 30),
        )
    assert "2026-03-01" in str(exc.value)
    with pytest.raises(ValidationError):
        services.add_record(
            cadre, Availability, actor=office, starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1)
        )
    assert fingerprint() == before
    # The next day is free; another cadre's periods do not count.
    services.add_record(
        cadre, Availability, actor=office, starts_on=date(2026, 5, 1), ends_on=date(2026, 6, 30)
    )
    services.add_record(
        people.in_dept,
        Availability,
        actor=office,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 4, 30),
    )
    assert Availability.objects.count() == 3


def test_changing_a_period_does_not_collide_with_itself(personas, people):
    period = services.add_record(
        people.in_a1,
        Availability,
        actor=None,
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 4, 30),
    )
    services.update_record(period, actor=personas.office_a, ends_on=date(2026, 5, 15))
    period.refresh_from_db()
    assert period.ends_on == date(2026, 5, 15)


def test_update_records_only_the_changed_fields(personas, people):
    reward = services.add_record(
        people.in_a1,
        Reward,
        actor=None,
        title="优秀巡察干部",
        awarded_on=date(2024, 12, 20),
        issuer="县委巡察办",
    )
    before = _events()
    services.update_record(
        reward, actor=personas.office_a, title="优秀巡察干部", issuer="县委巡察工作领导小组"
    )
    event = AuditEvent.objects.get(event_type=EventType.CADRE_RECORD_CHANGED)
    assert event.changes == {"issuer": ["县委巡察办", "县委巡察工作领导小组"]}
    services.update_record(reward, actor=personas.office_a, title="优秀巡察干部")
    assert _events() == before + 1  # no change, no event


def test_remove_keeps_what_the_entry_said_in_the_audit_trail(personas, people):
    training = services.add_record(
        people.in_a1,
        TrainingRecord,
        actor=None,
        title="巡察业务培训",
        held_on=date(2025, 5, 10),
        hours=Decimal("16"),
    )
    services.remove_record(training, actor=personas.office_a, reason="重复录入")
    assert not TrainingRecord.objects.exists()
    event = AuditEvent.objects.get(event_type=EventType.CADRE_RECORD_REMOVED)
    assert event.reason == "重复录入"
    assert event.object_type == "people.trainingrecord"
    assert event.changes["title"] == ["巡察业务培训", None]


def test_training_hours_must_be_positive(personas, people):
    with pytest.raises(ValidationError):
        services.add_record(
            people.in_a1,
            TrainingRecord,
            actor=personas.office_a,
            title="培训",
            held_on=date(2025, 5, 10),
            hours=Decimal("0"),
        )
    assert not TrainingRecord.objects.exists()


@pytest.mark.parametrize("persona", ["viewer_a", "outsider", "upper"])
def test_record_services_need_people_edit_over_the_cadre(personas, people, persona):
    actor = getattr(personas, persona)
    relative = services.add_record(
        people.in_a1, FamilyRelation, actor=None, kinship=Kinship.SPOUSE, full_name="刘芳"
    )
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        _posting(people.in_a1, actor)
    with pytest.raises(PermissionDenied):
        services.update_record(relative, actor=actor, full_name="改名")
    with pytest.raises(PermissionDenied):
        services.remove_record(relative, actor=actor)
    assert fingerprint() == before


def test_unknown_fields_are_a_programming_error(people):
    with pytest.raises(TypeError):
        services.add_record(
            people.in_a1, Reward, actor=None, title="x", awarded_on=date(2024, 1, 1), cadre_id=1
        )


# --- pages -------------------------------------------------------------------------------------


def test_office_adds_edits_and_removes_a_posting_through_the_pages(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    cadre = people.in_a1
    add = reverse("people:record_add", args=[cadre.pk, "postings"])
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "kind": "work",
            "unit": tree.dept_a1.code,
            "title": "副局长",
            "started_on": "2016-01-05",
            "ended_on": "2020-06-30",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#postings")
    posting = Posting.objects.get(cadre=cadre)
    assert posting.unit == tree.dept_a1
    body = client.get(reverse("people:cadre", args=[cadre.pk])).content.decode()
    assert "甲一县农业农村局" in body and "副局长" in body

    edit = reverse("people:record_edit", args=["postings", posting.pk])
    page = client.get(edit).content.decode()
    assert 'value="A1101"' in page  # the unit is shown by its code, as the field takes it
    response = client.post(
        edit,
        {
            "kind": "work",
            "unit": tree.dept_a1.code,
            "title": "局长",
            "started_on": "2016-01-05",
            "ended_on": "",
        },
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.title == "局长" and posting.ended_on is None

    remove = reverse("people:record_remove", args=["postings", posting.pk])
    assert client.get(remove).status_code == 200
    assert client.post(remove, {"reason": "录入错误"}).status_code == 302
    assert not Posting.objects.exists()
    assert _events(EventType.CADRE_RECORD_REMOVED) == 1


def test_bad_input_shows_the_form_again_and_keeps_what_was_typed(as_user, personas, people):
    client = as_user(personas.office_a)
    before = fingerprint()
    response = client.post(
        reverse("people:record_add", args=[people.in_a1.pk, "postings"]),
        {"kind": "work", "organization": "", "title": "挂职干部", "started_on": "2018-01-01"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "挂职干部" in body and "errorlist" in body
    response = client.post(
        reverse("people:record_add", args=[people.in_a1.pk, "availability"]),
        {"starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert fingerprint() == before


def test_unknown_kind_is_404(as_user, personas, people):
    client = as_user(personas.office_a)
    assert (
        client.get(reverse("people:record_add", args=[people.in_a1.pk, "salaries"])).status_code
        == 404
    )


@pytest.mark.parametrize("persona", ["viewer_a", "outsider"])
def test_record_pages_refused_change_nothing(as_user, personas, people, persona):
    reward = services.add_record(
        people.in_a1, Reward, actor=None, title="嘉奖", awarded_on=date(2024, 1, 1)
    )
    client = as_user(getattr(personas, persona))
    before = fingerprint()
    add = reverse("people:record_add", args=[people.in_a1.pk, "rewards"])
    assert client.get(add).status_code == 404
    assert client.post(add, {"title": "x", "awarded_on": "2024-02-02"}).status_code == 404
    edit = reverse("people:record_edit", args=["rewards", reward.pk])
    assert client.post(edit, {"title": "x", "awarded_on": "2024-02-02"}).status_code == 404
    remove = reverse("people:record_remove", args=["rewards", reward.pk])
    assert client.post(remove, {}).status_code == 404
    assert fingerprint() == before


def test_relatives_are_shown_to_the_office_only(as_user, personas, people):
    cadre = people.in_a1
    services.add_record(
        cadre,
        FamilyRelation,
        actor=None,
        kinship=Kinship.SPOUSE,
        relation="妻子",
        full_name="刘芳",
        employer="甲一县人民医院",
    )
    services.add_record(
        cadre, WorkingRelation, actor=None, kind=WorkingRelationKind.SUPERIOR, full_name="周前任"
    )
    services.add_record(
        cadre, Reward, actor=None, title="优秀巡察干部", awarded_on=date(2024, 12, 20)
    )
    url = reverse("people:cadre", args=[cadre.pk])
    office = as_user(personas.office_a).get(url).content.decode()
    assert "刘芳" in office and "周前任" in office and "优秀巡察干部" in office
    viewer = as_user(personas.viewer_a).get(url).content.decode()
    assert "优秀巡察干部" in viewer  # the rest of the record is for every reader
    assert "刘芳" not in viewer and "甲一县人民医院" not in viewer and "周前任" not in viewer
    upper = as_user(personas.upper).get(url).content.decode()
    assert "刘芳" not in upper


def test_cadre_detail_query_count_does_not_grow_with_entries(
    as_user, personas, people, django_assert_max_num_queries
):
    client = as_user(personas.office_a)
    url = reverse("people:cadre", args=[people.in_a1.pk])
    client.get(url)
    for i in range(15):
        services.add_record(
            people.in_a1, Reward, actor=None, title=f"嘉奖{i}", awarded_on=date(2020, 1, 1 + i)
        )
        _posting(people.in_a1, started_on=date(2000 + i, 1, 1))
        services.add_record(
            people.in_a1,
            FamilyRelation,
            actor=None,
            kinship=Kinship.LINEAL,
            full_name=f"亲属{i}",
            unit=people.in_a1.unit,
        )
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert "亲属14" in response.content.decode()


# --- API ---------------------------------------------------------------------------------------


def _api(cadre, kind, record_id=None):
    url = f"/api/people/cadres/{cadre.pk}/{kind}"
    return f"{url}/{record_id}" if record_id else url


def test_api_creates_changes_and_removes_entries(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    cadre = people.in_a1
    response = client.post(
        _api(cadre, "postings"),
        {"unit_id": tree.dept_a1.pk, "title": "科长", "started_on": "2012-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["unit_name"] == "甲一县农业农村局" and data["place"] == "甲一县农业农村局"
    record_id = data["id"]
    response = client.patch(
        _api(cadre, "postings", record_id),
        {"ended_on": "2016-08-31"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["ended_on"] == "2016-08-31"
    items = client.get(_api(cadre, "postings")).json()["items"]
    assert [i["id"] for i in items] == [record_id]
    assert client.delete(_api(cadre, "postings", record_id) + "?reason=错误").status_code == 204
    assert not Posting.objects.exists()


def test_api_refuses_bad_input_with_422_and_writes_nothing(as_user, personas, people, tree):
    client = as_user(personas.office_a)
    before = fingerprint()
    response = client.post(
        _api(people.in_a1, "postings"),
        {"started_on": "2012-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    response = client.post(
        _api(people.in_a1, "postings"),
        {"unit_id": tree.county_b1.pk, "started_on": "2012-09-01"},
        content_type="application/json",
    )
    assert response.status_code == 422  # a unit out of sight is like a missing one
    assert fingerprint() == before


def test_api_privacy_of_relatives(as_user, personas, people):
    relative = services.add_record(
        people.in_a1, FamilyRelation, actor=None, kinship=Kinship.SPOUSE, full_name="刘芳"
    )
    url = _api(people.in_a1, "relatives")
    office = as_user(personas.office_a)
    assert [r["full_name"] for r in office.get(url).json()["items"]] == ["刘芳"]
    viewer = as_user(personas.viewer_a)
    response = viewer.get(url)
    assert response.status_code == 403 and "刘芳" not in response.content.decode()
    before = fingerprint()
    assert (
        viewer.patch(
            f"{url}/{relative.pk}", {"full_name": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert viewer.delete(f"{url}/{relative.pk}").status_code == 403
    assert fingerprint() == before
    # Résumé lines are for every reader of the cadre.
    assert viewer.get(_api(people.in_a1, "postings")).status_code == 200


def test_api_entry_of_another_cadre_is_404(as_user, personas, people):
    reward = services.add_record(
        people.in_dept, Reward, actor=None, title="嘉奖", awarded_on=date(2024, 1, 1)
    )
    client = as_user(personas.office_a)
    assert (
        client.patch(
            _api(people.in_a1, "rewards", reward.pk),
            {"title": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.delete(_api(people.in_b, "rewards", reward.pk)).status_code == 404


def test_detail_counts_this_years_trainings(as_user, personas, people):
    from django.utils import timezone

    today = timezone.localdate()
    for held_on in (today, today.replace(day=1), date(today.year - 1, 6, 1)):
        services.add_record(people.in_a1, TrainingRecord, actor=None, title="培训", held_on=held_on)
    response = as_user(personas.viewer_a).get(reverse("people:cadre", args=[people.in_a1.pk]))
    sections = {s["kind"].slug: s for s in response.context["sections"]}
    assert sections["trainings"]["this_year"] == 2
    assert "relatives" not in sections
