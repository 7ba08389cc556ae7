"""The public page of an inspection: its announcement, without an account, only while
published, and nothing of the team's own material."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import make_people, make_plans
from tests.matrix.duties import staff_rounds
from xuncha.audit.models import AuditEvent
from xuncha.fieldwork import notices, services_prep
from xuncha.plans.models import Inspection


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    plans = make_plans(tree, people)
    out = SimpleNamespace(tree=tree, personas=personas, people=people, plans=plans)
    staff_rounds(out)
    today = timezone.localdate()
    Inspection.objects.filter(pk=plans.inspection_a1.pk).update(
        stationed_from=today - timedelta(days=5),
        stationed_until=today + timedelta(days=30),
        work_plan="重点核查专项资金使用（内部工作方案）",
    )
    plans.inspection_a1.refresh_from_db()
    return out


def _announce(ns, inspection=None, publish=True):
    inspection = inspection or ns.plans.inspection_a1
    announcement = notices.save_announcement(
        inspection,
        actor=None,
        scope=notices.STANDARD_SCOPE,
        duty_phone="0871-1234567",
        mailbox="甲一县邮政局第88号信箱",
        email="xuncha1@example.org",
        reception_place="甲一县农业农村局三楼",
        reception_hours=notices.STANDARD_HOURS,
        intake_closes_on=inspection.window[1] - timedelta(days=3),
    )
    if publish:
        announcement = notices.publish_announcement(announcement, actor=None)
    return announcement


def test_public_page_only_while_published(client, ns):
    url = f"/public/inspections/{ns.plans.inspection_a1.pk}/"
    assert client.get(url).status_code == 404  # nothing written
    announcement = _announce(ns, publish=False)
    assert client.get(url).status_code == 404  # written, not published
    assert client.get("/public/inspections/999999/").status_code == 404

    notices.publish_announcement(announcement, actor=ns.personas.office_a)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "甲一县农业农村局",
        "甲一县委第一巡察组",
        "0871-1234567",
        "甲一县邮政局第88号信箱",
        "xuncha1@example.org",
        "甲一县农业农村局三楼",
        "主要受理反映被巡察党组织领导班子",
        str(announcement.intake_closes_on),
        "<svg",
    ):
        assert text in page, text

    notices.withdraw_announcement(announcement, actor=ns.personas.office_a, reason="更正")
    assert client.get(url).status_code == 404
    assert "甲一县农业农村局" not in client.get("/public/").content.decode()


def test_public_page_shows_no_team_material(client, ns):
    _announce(ns)
    services_prep.create_request(
        ns.plans.inspection_a1,
        actor=None,
        partner="discipline_commission",
        subject="内部：问题线索情况",
        questions="请提供问题线索。",
        due_on=timezone.localdate() + timedelta(days=3),
    )
    page = client.get(f"/public/inspections/{ns.plans.inspection_a1.pk}/").content.decode()
    for internal in (
        "王志强",
        "张建国",
        "内部：问题线索情况",
        "重点核查专项资金使用",
        'href="/fieldwork/',
    ):
        assert internal not in page, internal
    # Plain and self-contained: no script, nothing loaded from another site, no sign-in needed.
    assert "<script" not in page
    assert not re.search(
        r'(src|href)="(https?:)?//', page.replace('href="mailto:', "").replace('href="tel:', "")
    )
    assert 'rel="stylesheet" href="/static/' in page


def test_public_index_lists_current_published_announcements(client, ns):
    _announce(ns)
    # County B's inspection was stationed in spring: its announcement is no longer current.
    _announce(ns, inspection=ns.plans.inspection_b)
    before = AuditEvent.objects.count()
    page = client.get("/public/").content.decode()
    assert "甲一县农业农村局" in page and "乙一县农业农村局" not in page
    assert f"/public/inspections/{ns.plans.inspection_a1.pk}/" in page
    # The old one's page still tells that intake has closed.
    old = client.get(f"/public/inspections/{ns.plans.inspection_b.pk}/")
    assert old.status_code == 200 and 'class="closed"' in old.content.decode()
    assert AuditEvent.objects.count() == before  # reading the public page writes nothing
