"""Meetings, document and account requests, site visits and checks: who reaches them, the
status machine of requested documents, the liaison's narrow view, deletion rules, files, and
the day's material for the evening briefing."""

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import login, make_people, make_plans, make_unit, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import attachments
from xuncha.fieldwork import services_records as records
from xuncha.fieldwork import services_records_documents as documents
from xuncha.fieldwork.models import (
    Attachment,
    DocumentRequest,
    FieldVisit,
    Meeting,
    PersonalMattersCheck,
    RequestedDocument,
    SpecialCheck,
)
from xuncha.fieldwork.selectors_records import day_material
from xuncha.people.models import Cadre

PDF = b"%PDF-1.4 test minutes\n%%EOF"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
TODAY = timezone.localdate()
DAY = TODAY - timedelta(days=3)


@pytest.fixture
def ns(tree, personas):
    people = make_people(tree)
    ns = SimpleNamespace(
        tree=tree, personas=personas, people=people, plans=make_plans(tree, people)
    )
    staff_rounds(ns)
    # 赵外人 leads team B and has an account; a liaison of the unit team B inspects.
    ns.member_b = make_user("member_b", unit=tree.county_b1, full_name="赵外人")
    Cadre.objects.filter(pk=people.in_b.pk).update(user=ns.member_b)
    ns.liaison_b = make_user(
        "liaison_b", unit=ns.plans.dept_b1, roles=[(Role.UNIT_LIAISON, ns.plans.dept_b1, False)]
    )
    # 张建国 leads team A: a second member of the team, who did not record what others did.
    ns.leader_a = make_user("leader_a", unit=tree.county_a1, full_name="张建国")
    Cadre.objects.filter(pk=people.in_a1.pk).update(user=ns.leader_a)
    ns.member = personas.member_a1
    ns.a, ns.b = ns.plans.inspection_a1, ns.plans.inspection_b
    return ns


def _state():
    """Everything a refused action must leave alone (signing in is an event of its own)."""
    return (
        AuditEvent.objects.exclude(event_type=EventType.LOGIN).count(),
        Meeting.objects.count(),
        DocumentRequest.objects.count(),
        list(RequestedDocument.objects.order_by("pk").values_list("status", "findings")),
        Attachment.objects.count(),
        FieldVisit.objects.count(),
        PersonalMattersCheck.objects.count(),
        SpecialCheck.objects.count(),
    )


def _meeting(ns, actor=None, **fields):
    values = {
        "kind": "symposium",
        "title": "中层干部座谈会",
        "held_on": DAY,
        "minutes": "反映公务接待超标准",
    }
    values.update(fields)
    return records.record_meeting(ns.a, actor=actor or ns.member, **values)


def _request(ns, inspection=None, items=(("党组会议记录", "2023年至今"), ("财务凭证", "2024年"))):
    return documents.create_document_request(
        inspection or ns.a,
        actor=None,
        title="第一批调阅资料",
        sent_on=DAY,
        due_on=TODAY,
        items=items,
    )


# --- Meetings ------------------------------------------------------------------------------------


def test_member_records_edits_and_filters_meetings(client, ns):
    login(client, ns.member)
    url = reverse("fieldwork:meeting_create", kwargs={"pk": ns.a.pk})
    assert client.get(url).status_code == 200
    before = _state()
    bad = client.post(
        url, {"kind": "symposium", "title": "", "held_on": "2026-03-05", "place": "三楼会议室"}
    )
    assert bad.status_code == 200 and "三楼会议室" in bad.content.decode()
    assert _state() == before
    response = client.post(
        url,
        {
            "kind": "symposium",
            "title": "一般干部座谈会",
            "held_on": str(DAY),
            "starts_at": "09:30",
            "attendance": 12,
            "minutes": "反映车辆管理混乱",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "fieldwork:meeting", kwargs={"pk": meeting.pk}
    )
    assert meeting.created_by == ns.member and meeting.attendance == 12
    event = AuditEvent.objects.get(event_type=EventType.MEETING_RECORDED)
    assert event.actor == ns.member and event.actor_role == "team:member"
    assert event.unit_id == ns.a.target_id
    _meeting(ns, kind="team_meeting", title="组务会")

    landing = reverse("fieldwork:meetings", kwargs={"pk": ns.a.pk})
    page = client.get(landing).content.decode()
    assert "一般干部座谈会" in page and "组务会" in page
    page = client.get(landing, {"kind": "team_meeting"}).content.decode()
    assert "组务会" in page and "一般干部座谈会" not in page
    assert "反映车辆管理混乱" in client.get(response["Location"]).content.decode()

    edit = reverse("fieldwork:meeting_edit", kwargs={"pk": meeting.pk})
    response = client.post(
        edit,
        {
            "kind": "symposium",
            "title": "一般干部座谈会",
            "held_on": str(DAY),
            "attendance": 14,
            "minutes": "补充纪要",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.attendance == 14 and meeting.minutes == "补充纪要"
    change = AuditEvent.objects.get(event_type=EventType.MEETING_CHANGED)
    assert change.changes["attendance"] == [12, 14]


def test_meeting_services_for_the_evening_briefing(ns):
    briefing = records.record_meeting(
        ns.a,
        actor=ns.member,
        kind="evening_briefing",
        title="碰头会",
        held_on=DAY,
        participants="全体组员",
    )
    assert briefing.kind == "evening_briefing" and briefing.created_by == ns.member
    events = AuditEvent.objects.count()
    records.update_meeting(briefing, actor=ns.member, participants="全体组员")
    assert AuditEvent.objects.count() == events  # nothing changed, nothing recorded
    records.update_meeting(briefing, actor=ns.leader_a, minutes="梳理问题5个")
    assert Meeting.objects.get().minutes == "梳理问题5个"
    before = _state()
    for refused in (ns.personas.viewer_a, ns.member_b, ns.personas.liaison_a1):
        with pytest.raises(PermissionDenied):
            records.record_meeting(ns.a, actor=refused, kind="team_meeting", title="x", held_on=DAY)
        with pytest.raises(PermissionDenied):
            records.update_meeting(briefing, actor=refused, title="改")
    with pytest.raises(ValidationError):
        records.record_meeting(ns.a, actor=ns.member, kind="nonsense", title="x", held_on=DAY)
    with pytest.raises(TypeError):
        records.record_meeting(
            ns.a, actor=ns.member, kind="symposium", title="x", held_on=DAY, inspection=ns.b
        )
    assert _state() == before


def test_team_b_cannot_reach_team_a_records(client, ns):
    meeting = _meeting(ns)
    visit = records.record_visit(
        ns.a, actor=ns.member, kind="visit", visited_on=DAY, place="城东市场"
    )
    request = _request(ns)
    item = request.items.first()
    login(client, ns.member_b)
    for url in (
        reverse("fieldwork:meetings", kwargs={"pk": ns.a.pk}),
        reverse("fieldwork:meeting", kwargs={"pk": meeting.pk}),
        reverse("fieldwork:meeting_edit", kwargs={"pk": meeting.pk}),
        reverse("fieldwork:check", kwargs={"kind": "visit", "pk": visit.pk}),
        reverse("fieldwork:document_request", kwargs={"pk": request.pk}),
        reverse("fieldwork:requested_document", kwargs={"pk": item.pk}),
        f"/api/fieldwork/meetings/{meeting.pk}",
        f"/api/fieldwork/document-requests/{request.pk}",
    ):
        assert client.get(url).status_code == 404, url
    before = _state()
    assert (
        client.post(
            reverse("fieldwork:meeting_delete", kwargs={"pk": meeting.pk}), {"reason": "x"}
        ).status_code
        == 404
    )
    assert _state() == before
    # And a member of team A does not reach team B's.
    other = records.record_meeting(ns.b, actor=None, kind="symposium", title="乙座谈", held_on=DAY)
    login(client, ns.member)
    assert client.get(reverse("fieldwork:meeting", kwargs={"pk": other.pk})).status_code == 404
    assert client.get(reverse("fieldwork:meetings", kwargs={"pk": ns.b.pk})).status_code == 404


def test_deletion_by_the_office_or_the_recorder_only(client, ns):
    mine = _meeting(ns)
    attachments.add_attachment(mine, "纪要.pdf", PDF, actor=ns.member)
    url = reverse("fieldwork:meeting_delete", kwargs={"pk": mine.pk})
    before = _state()
    login(client, ns.leader_a)  # on the team, but did not record it
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": "重复"}).status_code == 403
    login(client, ns.personas.viewer_a)
    assert client.post(url, {"reason": "重复"}).status_code == 403
    with pytest.raises(PermissionDenied):
        records.delete_meeting(mine, actor=ns.leader_a, reason="重复")
    with pytest.raises(ValidationError):
        records.delete_meeting(mine, actor=ns.member, reason=" ")
    assert _state() == before

    login(client, ns.member)
    assert client.post(url, {"reason": "重复录入"}).status_code == 302
    assert not Meeting.objects.exists() and not Attachment.objects.exists()
    event = AuditEvent.objects.get(event_type=EventType.MEETING_DELETED)
    assert event.reason == "重复录入" and event.changes["title"] == ["中层干部座谈会", None]
    assert AuditEvent.objects.filter(event_type=EventType.ATTACHMENT_REMOVED).count() == 1

    theirs = _meeting(ns, actor=ns.leader_a)
    records.delete_meeting(theirs, actor=ns.personas.office_a, reason="办公室清理")
    check = records.record_special_check(
        ns.a, actor=ns.leader_a, topic="finance", title="财务检查", checked_on=DAY
    )
    with pytest.raises(PermissionDenied):
        records.delete_check(check, actor=ns.member, reason="x")
    records.delete_check(check, actor=ns.leader_a, reason="录错")
    assert not SpecialCheck.objects.exists()


# --- Document requests ---------------------------------------------------------------------------


def test_requests_are_numbered_per_inspection(ns):
    first, second = _request(ns), _request(ns)
    other = _request(ns, ns.b)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    with pytest.raises(ValidationError):
        _request(ns, items=[("  ", "")])
    with pytest.raises(ValidationError):
        documents.create_document_request(
            ns.a, actor=None, title="x", sent_on=TODAY, due_on=DAY, items=[("a", "")]
        )
    assert DocumentRequest.objects.count() == 3


def test_status_machine_of_a_requested_document(ns):
    item = _request(ns).items.get(name="党组会议记录")

    def refused(call, **kwargs):
        before = _state()
        with pytest.raises(ValidationError):
            call(item, actor=ns.member, **kwargs)
        assert _state() == before

    refused(documents.check_document, findings="无")  # requested → checked
    refused(documents.return_for_more, reason="缺页")  # requested → returned
    refused(documents.mark_read)
    documents.mark_provided(item, actor=ns.member, provided_on=DAY)
    refused(documents.mark_provided)  # provided → provided
    refused(documents.return_for_more, reason=" ")  # says what more is needed
    refused(documents.check_document, findings="")  # says what was found
    refused(documents.check_document, findings="x", checked_on=DAY - timedelta(days=1))
    refused(documents.check_document, findings="x", checked_on=TODAY + timedelta(days=1))

    documents.return_for_more(item, actor=ns.member, reason="缺2024年下半年记录")
    item.refresh_from_db()
    assert item.status == "returned" and item.return_reason == "缺2024年下半年记录"
    refused(documents.check_document, findings="x")
    documents.mark_provided(item, actor=ns.member)
    assert documents.mark_read(item, actor=ns.member) is True
    assert documents.mark_read(item, actor=ns.member) is False
    documents.check_document(item, actor=ns.leader_a, findings="议题未经集体研究3次")
    item.refresh_from_db()
    assert (item.status, item.checked_on, item.findings) == (
        "checked",
        TODAY,
        "议题未经集体研究3次",
    )
    assert list(item.readers.all()) == [ns.member]
    for call, kwargs in (
        (documents.mark_provided, {}),
        (documents.return_for_more, {"reason": "再补"}),
        (documents.check_document, {"findings": "改"}),
    ):
        refused(call, **kwargs)  # checked is final
    moves = AuditEvent.objects.filter(
        event_type=EventType.DOCUMENT_ITEM_CHANGED, object_id=str(item.pk)
    )
    assert [e.changes.get("status") for e in moves.order_by("seq")] == [
        ["requested", "provided"],
        ["provided", "returned"],
        ["returned", "provided"],
        None,
        ["provided", "checked"],
    ]
    with pytest.raises(PermissionDenied):
        documents.mark_provided(
            RequestedDocument.objects.get(name="财务凭证"), actor=ns.personas.viewer_a
        )


def test_document_pages_and_illegal_move(client, ns):
    login(client, ns.member)
    url = reverse("fieldwork:document_request_create", kwargs={"pk": ns.a.pk})
    response = client.post(
        url,
        {
            "title": "第一批",
            "sent_on": str(DAY),
            "due_on": str(TODAY),
            "items": "党组会议记录 | 2023年至今\n\n三会一课记录｜2024年\n",
        },
    )
    request = DocumentRequest.objects.get()
    assert response.status_code == 302
    assert list(request.items.values_list("name", "period")) == [
        ("党组会议记录", "2023年至今"),
        ("三会一课记录", "2024年"),
    ]
    item = request.items.first()
    move = reverse("fieldwork:requested_document_move", kwargs={"pk": item.pk})
    before = _state()
    response = client.post(move, {"move": "check", "findings": "我写的发现"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert _state() == before
    assert client.post(move, {"move": "provide", "provided_on": ""}).status_code == 302
    assert (
        client.post(
            reverse("fieldwork:requested_document_read", kwargs={"pk": item.pk})
        ).status_code
        == 302
    )
    assert client.post(move, {"move": "check", "findings": "会议记录不全"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "checked" and list(item.readers.all()) == [ns.member]
    detail = client.get(reverse("fieldwork:document_request", kwargs={"pk": request.pk}))
    assert "会议记录不全" in detail.content.decode() and "王志强" in detail.content.decode()
    printed = client.get(reverse("fieldwork:document_request_print", kwargs={"pk": request.pk}))
    body = printed.content.decode()
    assert "调阅资料清单" in body and "三会一课记录" in body and "会议记录不全" not in body
    # Only a document not yet provided can be taken off the list.
    remove = reverse("fieldwork:requested_document_remove", kwargs={"pk": item.pk})
    assert client.post(remove).status_code == 302 and request.items.count() == 2
    other = request.items.get(name="三会一课记录")
    client.post(reverse("fieldwork:requested_document_remove", kwargs={"pk": other.pk}))
    assert list(request.items.values_list("name", flat=True)) == ["党组会议记录"]


def test_liaison_sees_only_what_was_sent_to_their_unit(client, ns):
    request = _request(ns)
    item = request.items.get(name="党组会议记录")
    documents.mark_provided(item, actor=ns.member)
    documents.mark_read(item, actor=ns.member)
    documents.check_document(item, actor=ns.member, findings="发现违规发放津补贴")
    returned = request.items.get(name="财务凭证")
    documents.mark_provided(returned, actor=ns.member)
    documents.return_for_more(returned, actor=ns.member, reason="请补充记账凭证附件")
    documents.create_document_request(
        ns.a,
        actor=None,
        title="下周计划清单",
        sent_on=TODAY + timedelta(days=2),
        due_on=TODAY + timedelta(days=5),
        items=[("未发送", "")],
    )
    _request(ns, ns.b, items=[("乙县车辆台账", "")])

    login(client, ns.personas.liaison_a1)
    page = client.get(reverse("fieldwork:liaison_documents")).content.decode()
    assert "党组会议记录" in page and "请补充记账凭证附件" in page
    for hidden in ("发现违规发放津补贴", "王志强", "乙县车辆台账", "未发送"):
        assert hidden not in page, hidden
    data = client.get("/api/fieldwork/liaison/document-requests").json()
    assert [r["title"] for r in data["items"]] == ["第一批调阅资料"]
    assert "findings" not in json.dumps(data) and "readers" not in json.dumps(data)
    # The team's own pages stay closed to the liaison.
    for url in (
        reverse("fieldwork:document_request", kwargs={"pk": request.pk}),
        reverse("fieldwork:requested_document", kwargs={"pk": item.pk}),
        reverse("fieldwork:meetings", kwargs={"pk": ns.a.pk}),
    ):
        assert client.get(url).status_code == 404

    provide = reverse("fieldwork:liaison_document_provide", kwargs={"pk": returned.pk})
    assert client.post(provide, {"provided_on": str(TODAY)}).status_code == 302
    returned.refresh_from_db()
    assert returned.status == "provided"
    event = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_ITEM_CHANGED).first()
    assert event.actor == ns.personas.liaison_a1 and event.actor_role == "unit_liaison"
    before = _state()
    client.post(reverse("fieldwork:liaison_document_provide", kwargs={"pk": item.pk}))
    assert _state() == before  # a checked document cannot be provided again
    with pytest.raises(PermissionDenied):
        documents.liaison_mark_provided(item, actor=ns.member)  # the team is not the liaison

    # The liaison of another unit reaches none of it.
    login(client, ns.liaison_b)
    assert client.post(provide).status_code == 404
    assert (
        client.post(
            f"/api/fieldwork/liaison/requested-documents/{item.pk}/provide",
            "{}",
            content_type="application/json",
        ).status_code
        == 404
    )
    assert "党组会议记录" not in client.get(reverse("fieldwork:liaison_documents")).content.decode()
    assert _state() == before


# --- Visits and checks ---------------------------------------------------------------------------


def test_checks_landing_and_rules(client, ns):
    outside = make_unit("甲一县财政局", parent=ns.tree.county_a1, code="A1102")
    below = make_unit("农业执法大队", parent=ns.tree.dept_a1, code="A1111")
    before = _state()
    with pytest.raises(ValidationError):
        records.record_visit(
            ns.a, actor=ns.member, kind="downward", visited_on=DAY, place="财政局", unit=outside
        )
    with pytest.raises(ValidationError):
        records.record_personal_matters_check(
            ns.a, actor=ns.member, person="钱某", report_year=2025, checked_on=DAY, result="minor"
        )
    with pytest.raises(ValidationError):
        records.record_personal_matters_check(
            ns.a,
            actor=ns.member,
            person="钱某",
            report_year=DAY.year + 1,
            checked_on=DAY,
            result="consistent",
        )
    assert _state() == before

    login(client, ns.member)
    url = reverse("fieldwork:check_create", kwargs={"pk": ns.a.pk, "kind": "visit"})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "downward",
            "visited_on": str(DAY),
            "place": "执法大队",
            "unit": below.pk,
            "findings": "执法台账缺失",
        },
    )
    assert response.status_code == 302 and FieldVisit.objects.get().unit == below
    response = client.post(
        reverse("fieldwork:check_create", kwargs={"pk": ns.a.pk, "kind": "personal"}),
        {
            "person": "钱某",
            "report_year": 2025,
            "checked_on": str(DAY),
            "result": "inconsistent",
            "discrepancies": "",
        },
    )
    assert response.status_code == 200 and not PersonalMattersCheck.objects.exists()
    records.record_special_check(
        ns.a,
        actor=ns.member,
        topic="ideology",
        title="意识形态检查",
        checked_on=DAY,
        findings="学习流于形式",
    )
    page = client.get(reverse("fieldwork:checks", kwargs={"pk": ns.a.pk})).content.decode()
    assert "执法大队" in page and "意识形态检查" in page
    assert (
        client.get(
            reverse("fieldwork:check_create", kwargs={"pk": ns.a.pk, "kind": "nonsense"})
        ).status_code
        == 404
    )
    visit = FieldVisit.objects.get()
    edit = reverse("fieldwork:check_edit", kwargs={"kind": "visit", "pk": visit.pk})
    client.post(
        edit,
        {
            "kind": "unannounced",
            "visited_on": str(DAY),
            "place": "执法大队",
            "findings": "补充：罚没款未及时上缴",
        },
    )
    visit.refresh_from_db()
    assert visit.kind == "unannounced" and visit.unit is None and "罚没款" in visit.findings


def test_files_through_the_panel(client, ns):
    meeting = _meeting(ns)
    visit = records.record_visit(
        ns.a, actor=ns.member, kind="phone", visited_on=DAY, place="电话抽查"
    )
    item = _request(ns).items.first()
    login(client, ns.member)
    for obj, key, page in (
        (meeting, "meeting", reverse("fieldwork:meeting", kwargs={"pk": meeting.pk})),
        (
            visit,
            "field_visit",
            reverse("fieldwork:check", kwargs={"kind": "visit", "pk": visit.pk}),
        ),
        (
            item,
            "requested_document",
            reverse("fieldwork:requested_document", kwargs={"pk": item.pk}),
        ),
    ):
        body = client.get(page).content.decode()
        action = reverse("fieldwork:attach", kwargs={"key": key, "object_id": obj.pk})
        assert action in body
        response = client.post(action, {"next": page, "file": SimpleUploadedFile("纪要.pdf", PDF)})
        assert response.status_code == 302 and response["Location"] == page
        assert [a.name for a in attachments.attachments_of(obj)] == ["纪要.pdf"]
        before = _state()
        client.post(action, {"next": page, "file": SimpleUploadedFile("扫描件.pdf", EXE)})
        assert _state() == before
        assert "纪要.pdf" in client.get(page).content.decode()


# --- The evening briefing's material -------------------------------------------------------------


def test_day_material(client, ns):
    other_day = DAY - timedelta(days=1)
    records.record_visit(
        ns.a,
        actor=ns.member,
        kind="unannounced",
        visited_on=DAY,
        place="城东市场",
        findings="占道经营无人管",
    )
    records.record_visit(ns.a, actor=ns.member, kind="visit", visited_on=other_day, place="前一天")
    records.record_personal_matters_check(
        ns.a,
        actor=ns.member,
        person="钱某",
        post="副局长",
        report_year=2025,
        checked_on=DAY,
        result="minor",
        discrepancies="漏报房产",
    )
    records.record_special_check(
        ns.a,
        actor=ns.member,
        topic="cadre_selection",
        title="选人用人检查",
        checked_on=DAY,
        findings="程序倒置",
    )
    item = _request(ns).items.first()
    documents.mark_provided(item, actor=ns.member, provided_on=DAY)
    documents.check_document(item, actor=ns.member, checked_on=DAY, findings="三重一大未上会")
    _meeting(ns, title="中层座谈会", minutes="反映干部作风漂浮")
    _meeting(ns, kind="team_meeting", title="组务会")
    records.record_meeting(ns.b, actor=None, kind="symposium", title="乙组座谈", held_on=DAY)

    material = day_material(ns.a, DAY)
    assert [(m["kind"], m["note"]) for m in material] == [
        ("visit", "占道经营无人管"),
        ("check", material[1]["note"]),
        ("check", "程序倒置"),
        ("document", "三重一大未上会"),
        ("meeting", "反映干部作风漂浮"),
    ]
    assert "漏报房产" in material[1]["note"] and "钱某" in material[1]["label"]
    assert "党组会议记录" in material[3]["label"] and "中层座谈会" in material[4]["label"]
    assert isinstance(material[0]["obj"], FieldVisit)
    login(client, ns.member)
    for entry in material:
        assert client.get(entry["url"]).status_code == 200
    assert day_material(ns.a, TODAY) == []


# --- API -----------------------------------------------------------------------------------------


def test_api(client, ns):
    login(client, ns.member)
    base = f"/api/fieldwork/inspections/{ns.a.pk}"
    response = client.post(
        f"{base}/meetings",
        json.dumps(
            {
                "kind": "mobilization",
                "title": "巡察工作动员会",
                "held_on": str(DAY),
                "attendance": 86,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    meeting_id = response.json()["id"]
    assert response.json()["created_by"] == "王志强"
    assert client.get(f"{base}/meetings?kind=mobilization").json()["count"] == 1
    assert client.get(f"{base}/meetings?kind=symposium").json()["count"] == 0
    response = client.patch(
        f"/api/fieldwork/meetings/{meeting_id}",
        json.dumps({"minutes": "书记作表态发言"}),
        content_type="application/json",
    )
    assert response.json()["minutes"] == "书记作表态发言"
    assert client.delete(f"/api/fieldwork/meetings/{meeting_id}?reason=").status_code == 422

    response = client.post(
        f"{base}/document-requests",
        json.dumps(
            {
                "title": "第一批",
                "sent_on": str(DAY),
                "due_on": str(TODAY),
                "items": [{"name": "党组会议记录", "period": "2023年至今"}],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["number"] == 1
    item_id = response.json()["items"][0]["id"]
    moves = f"/api/fieldwork/requested-documents/{item_id}/moves"
    before = _state()
    response = client.post(
        moves, json.dumps({"move": "check", "findings": "x"}), content_type="application/json"
    )
    assert response.status_code == 422 and _state() == before
    response = client.post(moves, json.dumps({"move": "provide"}), content_type="application/json")
    assert response.json()["status"] == "provided"

    response = client.post(
        f"{base}/personal-matters-checks",
        json.dumps(
            {"person": "钱某", "report_year": 2025, "checked_on": str(DAY), "result": "consistent"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    response = client.post(
        f"{base}/visits",
        json.dumps({"kind": "downward", "visited_on": str(DAY), "place": "x", "unit_id": 999999}),
        content_type="application/json",
    )
    assert response.status_code == 422

    login(client, ns.personas.viewer_a)
    before = _state()
    assert client.get(f"/api/fieldwork/meetings/{meeting_id}").status_code == 200
    assert client.delete(f"/api/fieldwork/meetings/{meeting_id}?reason=x").status_code == 403
    assert (
        client.post(
            f"{base}/meetings",
            json.dumps({"kind": "symposium", "title": "x", "held_on": str(DAY)}),
            content_type="application/json",
        ).status_code
        == 403
    )
    assert _state() == before


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["fieldwork:meetings", "fieldwork:document_requests", "fieldwork:checks"]
)
def test_list_queries_do_not_grow_with_rows(client, ns, name):
    login(client, ns.member)
    url = reverse(name, kwargs={"pk": ns.a.pk})

    def add():
        _meeting(ns, actor=ns.leader_a)
        _request(ns)
        records.record_visit(
            ns.a, actor=ns.leader_a, kind="visit", visited_on=DAY, place="x", unit=ns.tree.dept_a1
        )
        records.record_personal_matters_check(
            ns.a,
            actor=ns.member,
            person="钱某",
            report_year=2025,
            checked_on=DAY,
            result="consistent",
        )

    add()
    client.get(url)  # the session and the account's grants are loaded once
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(3):
        add()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_liaison_list_queries_do_not_grow(client, ns):
    login(client, ns.personas.liaison_a1)
    _request(ns)
    client.get(reverse("fieldwork:liaison_documents"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("fieldwork:liaison_documents"))
    for _ in range(3):
        _request(ns)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("fieldwork:liaison_documents"))
    assert len(many) == len(few)
