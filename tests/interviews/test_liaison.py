"""The target's liaison: sees the outlines sent to their own unit, question texts only (no
sources, no questions kept for the interviewer, nothing else of the team's), and records the
day each reached the person."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.interviews import generation, services
from xuncha.interviews.models import InterviewOutline, PostCategory

PETITION = {"text": "周敏收受管理服务对象购物卡", "label": "来信 2026-011", "url": "/petitions/11/"}


@pytest.fixture
def sent(ns, monkeypatch):
    monkeypatch.setattr(
        generation,
        "petition_points",
        lambda inspection, *, name, post: [PETITION] if name == "周敏" else [],
    )
    people = services.import_leadership(ns.inspection, actor=None)
    services.assemble_general_outline(ns.inspection, actor=None)
    today = timezone.localdate()
    for person in people:
        services.update_interviewee(
            person,
            actor=None,
            planned_on=today + timedelta(days=2),
            interviewer=ns.people.in_a1,
            recorder=ns.sun,
        )
    outlines = services.generate_outlines(ns.inspection, actor=None)
    services.send_outlines(ns.inspection, outlines[1:], actor=ns.personas.member_a1)
    # Team B's outline, sent to its own unit.
    other = services.add_interviewee(
        ns.plans.inspection_b,
        actor=None,
        name="钱乙",
        post="局长",
        category=PostCategory.LEADERSHIP,
    )
    services.send_to_liaison(services.generate_outline(other, actor=None), actor=None)
    return outlines


def test_liaison_sees_texts_of_outlines_sent_to_their_unit_only(ns, sent, as_user):
    client = as_user(ns.personas.liaison_a1)
    page = client.get(reverse("interviews:liaison"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "刘强" in body and "周敏" in body
    assert "陈明" not in body  # not sent yet
    assert "钱乙" not in body  # another unit's
    general = sent[0].inspection.interview_outlines.get(kind="general")
    assert general.questions.first().text in body
    # Never sources, questions kept for the interviewer, or who interviews.
    for hidden in (PETITION["text"], PETITION["label"], "谈话题库", "张建国", "孙立"):
        assert hidden not in body, hidden
    rows = page.context["rows"]
    assert all(r["warning"].code == "not_delivered" for r in rows)


def test_liaison_records_delivery(ns, sent, as_user):
    client = as_user(ns.personas.liaison_a1)
    liu = sent[1]
    url = reverse("interviews:liaison_deliver", kwargs={"pk": liu.pk})
    today = timezone.localdate()
    response = client.post(url, {"delivered_on": str(today + timedelta(days=1))})
    assert response.status_code == 302
    liu.refresh_from_db()
    assert liu.delivered_on is None  # a date in the future is refused
    client.post(url, {"delivered_on": str(today)})
    liu.refresh_from_db()
    assert liu.delivered_on == today and liu.delivery_recorded_by == ns.personas.liaison_a1
    event = AuditEvent.objects.filter(event_type=EventType.OUTLINE_DELIVERED).latest("seq")
    assert event.actor_role == "unit_liaison"
    # Not sent, or another unit's: 404 alike, nothing recorded.
    before = AuditEvent.objects.count()
    unsent = sent[0]
    other = InterviewOutline.objects.get(inspection=ns.plans.inspection_b)
    for outline in (unsent, other):
        response = client.post(
            reverse("interviews:liaison_deliver", kwargs={"pk": outline.pk}),
            {"delivered_on": str(today)},
        )
        assert response.status_code == 404
        assert (
            client.get(reverse("interviews:liaison_docx", kwargs={"pk": outline.pk})).status_code
            == 404
        )
    assert AuditEvent.objects.count() == before
    # The liaison reaches none of the team's pages.
    for url in (
        reverse("interviews:home", kwargs={"pk": ns.inspection.pk}),
        reverse("interviews:outline", kwargs={"pk": liu.pk}),
        f"/api/interviews/outlines/{liu.pk}",
    ):
        assert client.get(url).status_code == 404


def test_liaison_api_and_word(ns, sent, as_user):
    client = as_user(ns.personas.liaison_a1)
    data = client.get("/api/interviews/liaison/outlines").json()
    assert data["count"] == 2
    item = data["items"][0]
    assert set(item) == {
        "id",
        "unit",
        "name",
        "post",
        "planned_on",
        "sent_at",
        "delivered_on",
        "warning",
        "questions",
    }
    assert item["warning"]["code"] == "not_delivered"
    assert {q["part"] for q in item["questions"]} == {"general", "individual"}
    texts = json.dumps(data, ensure_ascii=False)
    assert PETITION["text"] not in texts and "source" not in texts
    response = client.post(
        f"/api/interviews/liaison/outlines/{item['id']}/delivery",
        json.dumps({"delivered_on": str(timezone.localdate())}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["warning"]["code"] == "late"  # two days before, three required
    word = client.get(reverse("interviews:liaison_docx", kwargs={"pk": item["id"]}))
    assert word.status_code == 200 and word["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )


def test_who_is_not_a_liaison_is_refused(ns, sent, as_user):
    assert as_user(ns.personas.office_a).get(reverse("interviews:liaison")).status_code == 403
    assert as_user(ns.personas.office_a).get("/api/interviews/liaison/outlines").status_code == 403
    # A liaison of another unit sees nothing of ours.
    other = make_user(
        "liaison_b", unit=ns.plans.dept_b1, roles=[(Role.UNIT_LIAISON, ns.plans.dept_b1, False)]
    )
    body = as_user(other).get(reverse("interviews:liaison")).content.decode()
    assert "钱乙" in body and "刘强" not in body
