"""Interview records: one asks, one records, several interviews per person; every view of a
record (page, edit form, API) is audited; listing is not, and shows no record text; other
teams get 404 alike."""

import json
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tests.factories import make_user
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import services as fieldwork_services
from xuncha.interviews import services
from xuncha.interviews.models import Interview
from xuncha.interviews.selectors import day_material
from xuncha.people.models import Cadre

SECRET = "他说局长曾要求财务科把会议费拆分报销"


@pytest.fixture
def held(ns):
    person = services.import_leadership(ns.inspection, actor=None)[0]
    interview = services.record_interview(
        person,
        actor=ns.personas.member_a1,
        held_on=timezone.localdate(),
        asker=ns.people.in_a1,
        recorder=ns.people.in_a2,
        record_text=SECRET,
        summary="主要谈了班子议事规则",
        problems="会议费拆分报销\n议事规则未及时修订",
        leads="财务科长吴芳知情",
    )
    return interview


@pytest.fixture
def member_b(ns):
    account = make_user(
        "member_b", unit=ns.tree.county_b1, roles=[(Role.TEAM_MEMBER, ns.tree.county_b1)]
    )
    Cadre.objects.filter(pk=ns.people.in_b.pk).update(user=account)
    return account


def _viewed():
    return AuditEvent.objects.filter(event_type=EventType.INTERVIEW_VIEWED)


def test_record_rules(ns):
    person = services.import_leadership(ns.inspection, actor=None)[0]
    today = timezone.localdate()
    base = {"held_on": today, "asker": ns.people.in_a1, "record_text": "记录"}
    with pytest.raises(ValidationError) as exc:
        services.record_interview(person, actor=None, recorder=ns.people.in_a1, **base)
    assert "recorder" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.record_interview(
            person,
            actor=None,
            recorder=ns.people.in_a2,
            **{**base, "held_on": today + timedelta(days=1)},
        )
    assert "held_on" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.record_interview(
            person, actor=None, recorder=ns.people.in_a2, **{**base, "record_text": "  "}
        )
    with pytest.raises(PermissionDenied):
        services.record_interview(
            person, actor=ns.personas.viewer_a, recorder=ns.people.in_a2, **base
        )
    assert not Interview.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.INTERVIEW_RECORDED).exists()
    # Several interviews of one person.
    for _ in range(2):
        services.record_interview(
            person, actor=ns.personas.member_a1, recorder=ns.people.in_a2, **base
        )
    assert person.interviews.count() == 2


def test_audit_names_no_content(ns, held):
    event = AuditEvent.objects.get(event_type=EventType.INTERVIEW_RECORDED)
    assert SECRET not in json.dumps(event.changes, ensure_ascii=False)
    services.update_interview(
        held, actor=ns.personas.member_a1, record_text=SECRET + "（补充）", reason="补充记录"
    )
    event = AuditEvent.objects.get(event_type=EventType.INTERVIEW_CHANGED)
    assert event.changes == {"rewritten": [None, ["record"]]}


def test_every_view_is_audited(ns, held, as_user):
    client = as_user(ns.personas.member_a1)
    listing = client.get(reverse("interviews:records", kwargs={"pk": ns.inspection.pk}))
    assert listing.status_code == 200 and "陈明" in listing.content.decode()
    assert SECRET not in listing.content.decode()
    assert _viewed().count() == 0  # listing shows no record text
    url = reverse("interviews:record", kwargs={"pk": held.pk})
    for n in (1, 2):
        page = client.get(url)
        assert SECRET in page.content.decode()
        assert _viewed().count() == n
    client.get(reverse("interviews:record_edit", kwargs={"pk": held.pk}))
    word = client.get(reverse("interviews:record_docx", kwargs={"pk": held.pk}))
    text = "\n".join(p.text for p in Document(BytesIO(word.content)).paragraphs)
    assert SECRET in text and "1. 会议费拆分报销" in text and "谈话对象（签名）" in text
    api = client.get(f"/api/interviews/records/{held.pk}")
    assert api.status_code == 200 and api.json()["record"] == SECRET
    assert api.json()["problems"] == ["会议费拆分报销", "议事规则未及时修订"]
    events = list(_viewed().order_by("seq"))
    assert [e.changes["via"] for e in events] == ["page", "page", "edit", "export", "api"]
    assert {e.actor_id for e in events} == {ns.personas.member_a1.pk}
    assert {e.actor_role for e in events} == {"team:member"}
    assert {e.object_id for e in events} == {str(held.pk)}
    # The office reads too, and is audited as the office.
    as_user(ns.personas.office_a).get(url)
    assert _viewed().latest("seq").actor_role == "office_staff"


def test_other_team_gets_404_and_leaves_no_trace(ns, held, member_b, as_user):
    client = as_user(member_b)
    before = AuditEvent.objects.count()
    for url in (
        reverse("interviews:record", kwargs={"pk": held.pk}),
        reverse("interviews:record_edit", kwargs={"pk": held.pk}),
        reverse("interviews:record_docx", kwargs={"pk": held.pk}),
        reverse("interviews:records", kwargs={"pk": ns.inspection.pk}),
        reverse("interviews:home", kwargs={"pk": ns.inspection.pk}),
        f"/api/interviews/records/{held.pk}",
        f"/api/interviews/inspections/{ns.inspection.pk}/records",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("interviews:record_edit", kwargs={"pk": held.pk}), {"record": "篡改"}
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
    held.refresh_from_db()
    assert held.record == SECRET
    # A team A member is as much a stranger to team B's inspection.
    assert (
        as_user(ns.personas.member_a1)
        .get(reverse("interviews:home", kwargs={"pk": ns.plans.inspection_b.pk}))
        .status_code
        == 404
    )


def test_grant_holder_reads_audited_but_never_writes(ns, held, as_user):
    guest = make_user("guest", unit=ns.tree.county_a1)
    fieldwork_services.grant_access(
        ns.inspection, guest, actor=ns.personas.office_a, reason="纪委监委协助"
    )
    client = as_user(guest)
    assert client.get(reverse("interviews:record", kwargs={"pk": held.pk})).status_code == 200
    assert _viewed().latest("seq").actor_role == "grant"
    before = AuditEvent.objects.count()
    edit = reverse("interviews:record_edit", kwargs={"pk": held.pk})
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"record": "篡改"}).status_code == 403
    response = client.post(
        reverse("interviews:record_add", kwargs={"pk": ns.inspection.pk}),
        {"interviewee": held.interviewee_id, "record": "x"},
    )
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before and Interview.objects.count() == 1


def test_record_through_the_page_and_the_api(ns, as_user):
    person = services.import_leadership(ns.inspection, actor=None)[1]
    client = as_user(ns.personas.member_a1)
    url = reverse("interviews:record_add", kwargs={"pk": ns.inspection.pk})
    form = {
        "interviewee": person.pk,
        "held_on": str(timezone.localdate()),
        "starts_at": "09:00",
        "ends_at": "09:40",
        "place": "局二楼谈话室",
        "asker": ns.people.in_a1.pk,
        "recorder": ns.people.in_a1.pk,
        "record": "谈话记录正文",
        "problems": "问题一",
    }
    response = client.post(url, form)
    assert response.status_code == 200 and not Interview.objects.exists()
    assert "谈话记录正文" in response.content.decode()  # what was typed is kept
    response = client.post(url, {**form, "recorder": ns.sun.pk})
    assert response.status_code == 302
    interview = Interview.objects.get()
    assert (interview.asker_id, interview.recorder_id) == (ns.people.in_a1.pk, ns.sun.pk)
    api = client.post(
        f"/api/interviews/inspections/{ns.inspection.pk}/records",
        json.dumps(
            {
                "interviewee_id": person.pk,
                "held_on": str(timezone.localdate()),
                "asker_id": ns.sun.pk,
                "recorder_id": ns.people.in_a2.pk,
                "record": "第二次谈话",
            }
        ),
        content_type="application/json",
    )
    assert api.status_code == 201 and "record" not in api.json()
    bad = client.post(
        f"/api/interviews/inspections/{ns.inspection.pk}/records",
        json.dumps(
            {
                "interviewee_id": person.pk,
                "held_on": str(timezone.localdate()),
                "asker_id": ns.people.in_b.pk,
                "recorder_id": ns.sun.pk,
                "record": "x",
            }
        ),
        content_type="application/json",
    )
    assert bad.status_code == 422
    listing = client.get(f"/api/interviews/inspections/{ns.inspection.pk}/records").json()
    assert listing["count"] == 2 and "record" not in listing["items"][0]
    assert person.interviews.count() == 2


def test_day_material_for_the_evening_briefing(ns, held):
    [item] = day_material(ns.inspection, timezone.localdate())
    assert item["kind"] == "interview" and item["obj"] == held
    assert item["label"] == "与陈明（党组书记、局长）谈话"
    assert "主要谈了班子议事规则" in item["note"] and "会议费拆分报销" in item["note"]
    assert SECRET not in item["note"]
    assert item["url"] == reverse("interviews:record", kwargs={"pk": held.pk})
    assert day_material(ns.inspection, timezone.localdate() - timedelta(days=1)) == []
