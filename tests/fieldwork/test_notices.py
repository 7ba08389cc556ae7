"""The inspection notice (its standard wording, the deadline warning, sending and the Word
file) and the announcement (saving, publishing, withdrawing, the Word file with its QR code)."""

import io
from datetime import timedelta
from types import SimpleNamespace

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import login, make_people, make_plans
from tests.matrix.duties import staff_rounds
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import notices
from xuncha.fieldwork.models import Announcement, Notice
from xuncha.plans.models import Inspection, PlanningSettings


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    out = SimpleNamespace(tree=tree, personas=personas, people=people, plans=plans)
    staff_rounds(out)
    today = timezone.localdate()
    # County A1's inspection is still ahead: the notice and the announcement are live matters.
    Inspection.objects.filter(pk=plans.inspection_a1.pk).update(
        stationed_from=today + timedelta(days=20), stationed_until=today + timedelta(days=50)
    )
    plans.inspection_a1.refresh_from_db()
    return out


# --- The notice ----------------------------------------------------------------------------


def test_notice_defaults_and_the_deadline_warning(client, ns):
    inspection = ns.plans.inspection_a1
    start = inspection.stationed_from
    defaults = notices.notice_defaults(inspection)
    assert defaults["addressee"] == "甲一县农业农村局"
    assert "甲一县委第一巡察组将于" in defaults["body"] and "组长：张建国" in defaults["body"]
    assert f"{start.year}年{start.month}月{start.day}日" in defaults["body"]

    status = notices.notice_status(inspection, today=start - timedelta(days=12))
    assert status.due_on == start - timedelta(days=10) and not status.late
    assert status.days_left == 2
    assert notices.notice_status(inspection, today=start - timedelta(days=9)).late
    PlanningSettings.objects.create(jurisdiction=ns.tree.county_a1, notice_days=15)
    assert notices.notice_status(inspection).due_on == start - timedelta(days=15)

    # Stationing starts within the notice period: the page warns.
    Inspection.objects.filter(pk=inspection.pk).update(
        stationed_from=timezone.localdate() + timedelta(days=3)
    )
    login(client, ns.personas.office_a)
    page = client.get(f"/fieldwork/inspections/{inspection.pk}/notice/").content.decode()
    assert "prep-warning" in page and "甲一县委第一巡察组将于" in page
    assert (
        "prep-warning"
        in client.get(f"/fieldwork/inspections/{inspection.pk}/requests/").content.decode()
    )


def test_notice_is_saved_sent_then_frozen_and_downloaded(client, ns):
    inspection = ns.plans.inspection_a1
    login(client, ns.personas.office_a)
    url = f"/fieldwork/inspections/{inspection.pk}/notice/"
    response = client.post(
        url, {"number": "甲一县委巡办发〔2026〕5号", "addressee": "", "body": "正文"}
    )
    assert response.status_code == 200 and not Notice.objects.exists()
    body = notices.notice_defaults(inspection)["body"]
    response = client.post(
        url,
        {
            "number": "甲一县委巡办发〔2026〕5号",
            "addressee": "中共甲一县农业农村局党组",
            "body": body,
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.addressee == "中共甲一县农业农村局党组"
    assert AuditEvent.objects.filter(event_type=EventType.NOTICE_SAVED).count() == 1

    response = client.post(
        f"/fieldwork/inspections/{inspection.pk}/notice/send/",
        {"sent_on": str(timezone.localdate())},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.sent_on == timezone.localdate()
    assert not notices.notice_status(inspection, notice).late

    before = (list(Notice.objects.values_list("body", "sent_on")), AuditEvent.objects.count())
    response = client.post(url, {"number": "改", "addressee": "改", "body": "改"})
    assert response.status_code == 200
    with pytest.raises(ValidationError):
        notices.send_notice(notice, actor=ns.personas.office_a)
    assert (
        list(Notice.objects.values_list("body", "sent_on")),
        AuditEvent.objects.count(),
    ) == before

    response = client.get(f"/fieldwork/inspections/{inspection.pk}/notice.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "甲一县委巡察工作领导小组办公室"
    assert "关于甲一县委第一巡察组对甲一县农业农村局开展巡察的通知" in texts
    assert "中共甲一县农业农村局党组：" in texts
    assert any("组长：张建国" in t for t in texts) and "甲一县委巡办发〔2026〕5号" in texts
    assert not any("{{" in t or "{%" in t for t in texts)
    assert AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATED).count() == 1


# --- The announcement ----------------------------------------------------------------------


def _announcement_form(ns, **changes):
    end = ns.plans.inspection_a1.stationed_until
    form = {
        "scope": notices.STANDARD_SCOPE,
        "duty_phone": "0871-1234567",
        "mailbox": "甲一县邮政局第88号信箱",
        "email": "xuncha1@example.org",
        "reception_place": "甲一县农业农村局三楼",
        "reception_hours": notices.STANDARD_HOURS,
        "intake_closes_on": str(end - timedelta(days=3)),
    }
    form.update(changes)
    return form


def test_announcement_is_written_published_and_withdrawn(client, ns):
    inspection = ns.plans.inspection_a1
    defaults = notices.announcement_defaults(inspection)
    assert defaults["intake_closes_on"] == inspection.stationed_until - timedelta(days=3)
    assert defaults["scope"].startswith("主要受理反映被巡察党组织领导班子及其成员")

    login(client, ns.personas.office_a)
    url = f"/fieldwork/inspections/{inspection.pk}/announcement/"
    assert "主要受理反映被巡察党组织领导班子" in client.get(url).content.decode()
    outside = str(inspection.stationed_until + timedelta(days=1))
    response = client.post(url, _announcement_form(ns, intake_closes_on=outside))
    assert response.status_code == 200 and not Announcement.objects.exists()
    assert client.post(url, _announcement_form(ns)).status_code == 302
    announcement = Announcement.objects.get()
    assert not announcement.is_published

    assert client.post(f"{url}publish/").status_code == 302
    announcement.refresh_from_db()
    assert announcement.is_published
    page = client.get(url).content.decode()
    assert "<svg" in page and f"/public/inspections/{inspection.pk}/" in page
    with pytest.raises(ValidationError):
        notices.publish_announcement(announcement, actor=ns.personas.office_a)

    response = client.get(f"/fieldwork/inspections/{inspection.pk}/announcement.docx")
    document = docx.Document(io.BytesIO(response.content))
    texts = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "甲一县委第一巡察组公告"
    for text in (
        "值班电话：0871-1234567",
        "电子邮箱：xuncha1@example.org",
        "甲一县农业农村局党组织",
        "主要受理反映被巡察党组织领导班子",
        f"/public/inspections/{inspection.pk}/",
    ):
        assert text in texts, text
    assert len(document.inline_shapes) == 1  # the QR code

    assert client.post(f"{url}withdraw/", {"reason": ""}).status_code == 302
    announcement.refresh_from_db()
    assert announcement.is_published
    assert client.post(f"{url}withdraw/", {"reason": "公告内容需更正"}).status_code == 302
    announcement.refresh_from_db()
    assert not announcement.is_published and announcement.withdrawn_at
    notices.publish_announcement(announcement, actor=ns.personas.office_a)
    announcement.refresh_from_db()
    assert announcement.is_published
    kinds = list(
        AuditEvent.objects.filter(event_type__startswith="announcement.")
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert kinds == [
        EventType.ANNOUNCEMENT_SAVED,
        EventType.ANNOUNCEMENT_PUBLISHED,
        EventType.ANNOUNCEMENT_WITHDRAWN,
        EventType.ANNOUNCEMENT_PUBLISHED,
    ]


def test_announcement_after_intake_closed_is_not_published(ns):
    inspection = ns.plans.inspection_b  # stationed in spring: its window is over
    end = inspection.window[1]
    announcement = notices.save_announcement(
        inspection,
        actor=None,
        scope="范围",
        duty_phone="123",
        reception_hours="全天",
        intake_closes_on=end - timedelta(days=3),
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        notices.publish_announcement(announcement, actor=ns.personas.outsider)
    with pytest.raises(PermissionDenied):
        notices.publish_announcement(announcement, actor=ns.personas.office_a)
    assert AuditEvent.objects.count() == before


# --- API -----------------------------------------------------------------------------------


def test_api_notice_and_announcement(client, ns):
    inspection = ns.plans.inspection_a1
    base = f"/api/fieldwork/inspections/{inspection.pk}"
    login(client, ns.personas.member_a1)
    draft = client.get(f"{base}/notice").json()
    assert draft["saved"] is False and "甲一县委第一巡察组将于" in draft["body"]
    saved = client.put(
        f"{base}/notice",
        {
            "addressee": draft["addressee"],
            "body": draft["body"],
            "number": "甲一县委巡办发〔2026〕6号",
        },
        content_type="application/json",
    ).json()
    assert saved["saved"] is True and saved["number"] == "甲一县委巡办发〔2026〕6号"
    sent = client.post(f"{base}/notice/send", {}, content_type="application/json").json()
    assert sent["sent_on"] == str(timezone.localdate())
    again = client.post(f"{base}/notice/send", {}, content_type="application/json")
    assert again.status_code == 422

    announcement = client.get(f"{base}/announcement").json()
    assert announcement["saved"] is False and announcement["published"] is False
    payload = {key: announcement[key] for key in notices.ANNOUNCEMENT_FIELDS}
    payload["duty_phone"] = "0871-7654321"
    assert (
        client.put(f"{base}/announcement", payload, content_type="application/json").json()["saved"]
        is True
    )
    published = client.post(f"{base}/announcement/publish").json()
    assert published["published"] is True
    withdrawn = client.post(
        f"{base}/announcement/withdraw", {"reason": "更正"}, content_type="application/json"
    ).json()
    assert withdrawn["published"] is False

    login(client, ns.personas.member_a1)
    other = f"/api/fieldwork/inspections/{ns.plans.inspection_b.pk}"
    assert client.get(f"{other}/notice").status_code == 404
    assert client.get(f"{other}/announcement").status_code == 404
