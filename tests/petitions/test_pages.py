"""The petition pages, as the team and the office use them: the register, registering, the
detail without the reporter's name, the audited reveal, the moves, the export."""

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.factories import login
from tests.petitions.conftest import REPORTER, register
from xuncha.audit.models import AuditEvent, EventType
from xuncha.petitions import workflow
from xuncha.petitions.models import Petition, ReporterIdentity, Status


def _form(**overrides):
    data = {
        "received_on": "2026-03-05",
        "channel": "letter",
        "reporter": "named",
        "reporter_count": "1",
        "summary": "反映局长违规收受礼金",
        "area": "work_style",
        "content": "信访人反映该局局长收受礼金。",
        "subjects-TOTAL_FORMS": "3",
        "subjects-INITIAL_FORMS": "0",
        "subjects-MIN_NUM_FORMS": "0",
        "subjects-MAX_NUM_FORMS": "20",
        "subjects-0-name": "钱局长",
        "subjects-0-post": "局长",
        "identity-name": REPORTER,
        "identity-phone": "13800001111",
        "identity-address": "甲一县城关镇",
    }
    data.update(overrides)
    return data


def _viewed(kind=EventType.PETITION_VIEWED):
    return AuditEvent.objects.filter(event_type=kind).count()


def test_member_registers_and_the_page_hides_the_name(client, ns):
    login(client, ns.member)
    response = client.post(reverse("petitions:create", args=[ns.inspection.pk]), _form())
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:detail", args=[petition.pk])
    assert ReporterIdentity.objects.get(petition=petition).name == REPORTER
    before = _viewed()
    page = client.get(response["Location"]).content.decode()
    assert "反映局长违规收受礼金" in page and "信访件第1号" in page
    assert REPORTER not in page and "13800001111" not in page
    assert gettext("Identity withheld") in page  # 身份信息已隐去 once translated
    # A member may not reveal: no button.
    assert reverse("petitions:identity", args=[petition.pk]) not in page
    client.get(response["Location"])
    assert _viewed() == before + 2
    home = client.get(reverse("petitions:home", args=[ns.inspection.pk])).content.decode()
    assert "反映局长违规收受礼金" in home and REPORTER not in home


def test_bad_form_is_shown_again_as_typed(client, ns):
    login(client, ns.member)
    response = client.post(
        reverse("petitions:create", args=[ns.inspection.pk]),
        _form(summary=f"{REPORTER}反映局长问题", **{"subjects-0-name": "", "subjects-0-post": ""}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "errorlist" in page and f"{REPORTER}反映局长问题" in page
    assert not Petition.objects.exists()
    response = client.post(
        reverse("petitions:create", args=[ns.inspection.pk]),
        _form(**{"identity-name": "", "identity-id_number": "12345"}),
    )
    assert response.status_code == 200 and "12345" in response.content.decode()
    assert not Petition.objects.exists()


def test_reveal_identity_is_audited_every_time(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.leader)
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    url = reverse("petitions:identity", args=[petition.pk])
    assert url in page and REPORTER not in page
    before = _viewed(EventType.REPORTER_IDENTITY_VIEWED)
    full = client.post(url, {"purpose": "安排谈话"})
    assert full.status_code == 200 and REPORTER in full.content.decode()
    partial = client.post(url, {}, HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert REPORTER in body and "<html" not in body
    assert _viewed(EventType.REPORTER_IDENTITY_VIEWED) == before + 2
    event = (
        AuditEvent.objects.filter(event_type=EventType.REPORTER_IDENTITY_VIEWED)
        .order_by("seq")
        .first()
    )
    assert event.reason == "安排谈话" and event.actor_role == "team:leader"


@pytest.mark.parametrize("who", ["member", "viewer_a"])
def test_reveal_refused_and_not_audited(client, ns, who):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.member if who == "member" else ns.personas.viewer_a)
    before = AuditEvent.objects.count()
    response = client.post(reverse("petitions:identity", args=[petition.pk]))
    assert response.status_code == 403 and REPORTER not in response.content.decode()
    response = client.get(reverse("petitions:identity_edit", args=[petition.pk]))
    assert response.status_code == 403
    assert AuditEvent.objects.count() == before


def test_identity_edit_form_is_a_view_and_saves(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.personas.office_a)
    url = reverse("petitions:identity_edit", args=[petition.pk])
    before = _viewed(EventType.REPORTER_IDENTITY_VIEWED)
    assert REPORTER in client.get(url).content.decode()
    assert _viewed(EventType.REPORTER_IDENTITY_VIEWED) == before + 1
    response = client.post(url, {"name": REPORTER, "phone": "13800002222", "reason": "更正"})
    assert response.status_code == 302
    assert ReporterIdentity.objects.get(petition=petition).phone == "13800002222"


def test_other_team_cannot_see_the_register(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    theirs = register(ns.plans.inspection_b, actor=None)
    login(client, ns.leader_b)
    before = AuditEvent.objects.count()
    for name, pk in (
        ("petitions:home", ns.inspection.pk),
        ("petitions:detail", petition.pk),
        ("petitions:create", ns.inspection.pk),
        ("petitions:edit", petition.pk),
        ("petitions:export", ns.inspection.pk),
    ):
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    assert client.post(reverse("petitions:identity", args=[petition.pk])).status_code == 404
    assert (
        client.post(
            reverse("petitions:assess", args=[petition.pk]), {"in_scope": "yes", "reason": "x"}
        ).status_code
        == 404
    )
    assert AuditEvent.objects.count() == before
    assert client.get(reverse("petitions:detail", args=[theirs.pk])).status_code == 200
    login(client, ns.member)
    assert client.get(reverse("petitions:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("petitions:home", args=[ns.plans.inspection_b.pk])).status_code == 404


def test_register_filters_and_constant_queries(client, ns):
    login(client, ns.member)
    url = reverse("petitions:home", args=[ns.inspection.pk])
    register(ns.inspection, actor=ns.member)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count()  # the first request of the session loads more (session, second factor)
    few = count()
    for i in range(6):
        register(
            ns.inspection,
            actor=ns.member,
            channel="phone" if i % 2 else "visit",
            subjects=[{"name": f"人员{i}", "post": "科长"}, {"post": "副局长"}],
        )
    assert count() == few
    workflow.assess_petition(
        Petition.objects.get(number=1), actor=ns.member, in_scope=False, reason="个人诉求"
    )
    assert client.get(url, {"scope": "out"}).context["page"].paginator.count == 1
    assert client.get(url, {"channel": "phone"}).context["page"].paginator.count == 3
    assert client.get(url, {"status": "assessed"}).context["page"].paginator.count == 1
    assert client.get(url, {"scope": "pending"}).context["page"].paginator.count == 6


def test_moves_through_the_pages(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.member)
    detail = reverse("petitions:detail", args=[petition.pk])
    bad = client.post(reverse("petitions:assess", args=[petition.pk]), {"in_scope": "no"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    ok = client.post(
        reverse("petitions:assess", args=[petition.pk]),
        {"in_scope": "no", "reason": "属于个人劳动争议"},
    )
    assert ok.status_code == 302 and ok["Location"] == detail
    refused = client.post(reverse("petitions:take_up", args=[petition.pk]))
    assert refused.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.ASSESSED
    response = client.post(
        reverse("petitions:forward", args=[petition.pk]),
        {
            "to": "甲一县信访局",
            "unit": "",
            "on": "2026-03-06",
            "reference": "转〔2026〕1号",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("petitions:close", args=[petition.pk]),
        {"outcome": "信访局已受理", "on": "2026-03-09"},
    )
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == Status.CLOSED and petition.forwarded_to == "甲一县信访局"
    page = client.get(detail).content.decode()
    assert "甲一县信访局" in page and "转〔2026〕1号" in page and "信访局已受理" in page
    assert client.get(reverse("petitions:edit", args=[petition.pk])).status_code == 302


def test_forward_form_keeps_input_on_error(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    workflow.assess_petition(petition, actor=ns.member, in_scope=False, reason="个人诉求")
    login(client, ns.member)
    response = client.post(
        reverse("petitions:forward", args=[petition.pk]),
        {"to": "县人社局", "on": "2026-03-01", "reference": "号"},
    )
    assert response.status_code == 200
    assert "县人社局" in response.content.decode()
    petition.refresh_from_db()
    assert petition.status == Status.ASSESSED


def test_leading_group_reads_but_cannot_act(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.personas.viewer_a)
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "反映局长违规收受礼金" in page and REPORTER not in page
    assert reverse("petitions:assess", args=[petition.pk]) not in page
    before = (AuditEvent.objects.count(), list(Petition.objects.values()))
    assess = reverse("petitions:assess", args=[petition.pk])
    assert client.post(assess, {"in_scope": "yes", "reason": "班子成员"}).status_code == 403
    create = reverse("petitions:create", args=[ns.inspection.pk])
    assert client.get(create).status_code == 403
    assert client.post(create, _form()).status_code == 403
    assert (AuditEvent.objects.count(), list(Petition.objects.values())) == before


def test_edit_page(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.member)
    url = reverse("petitions:edit", args=[petition.pk])
    page = client.get(url).content.decode()
    assert "钱局长" in page and REPORTER not in page
    data = _form(channel="phone", **{"subjects-TOTAL_FORMS": "2", "subjects-1-name": "孙副局长"})
    response = client.post(url, data)
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.channel == "phone" and petition.subjects.count() == 2
    assert not petition.anonymous  # the reporter's choice stays as registered


def test_attachments_only_for_those_who_see_the_identity(client, ns):
    petition = register(ns.inspection, actor=ns.member)
    login(client, ns.personas.office_a)
    attach = reverse("fieldwork:attach", args=["petition", petition.pk])
    assert attach in client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    login(client, ns.member)
    assert (
        attach not in client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    )


def test_export_has_no_identity_and_is_formula_safe(client, ns):
    register(ns.inspection, actor=ns.member, summary='=HYPERLINK("x")反映问题')
    register(
        ns.inspection, actor=ns.member, named=False, channel="phone", received_on=date(2026, 3, 6)
    )
    login(client, ns.member)
    before = _viewed()
    response = client.get(reverse("petitions:export", args=[ns.inspection.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "编号" and len(rows) == 3
    assert rows[1][6].startswith("'=")
    flat = repr(rows)
    assert REPORTER not in flat and "13800001111" not in flat and "收受礼金。" not in flat
    assert _viewed() == before + 1
    filtered = client.get(
        reverse("petitions:export", args=[ns.inspection.pk]), {"channel": "phone"}
    )
    rows = list(
        load_workbook(BytesIO(b"".join(filtered.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 2
