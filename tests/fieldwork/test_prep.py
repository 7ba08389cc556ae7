"""Before stationing: information requests to partner departments (answered online by the
department or recorded by the office), the target dossier, the inspection notice and the
announcement, with their Word documents."""

import base64
import io
from datetime import date, timedelta
from types import SimpleNamespace

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import login, make_people, make_plans, make_unit, make_user
from tests.matrix.duties import staff_rounds
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.fieldwork import dossier, services_prep
from xuncha.fieldwork.models import Attachment, InformationRequest
from xuncha.orgs import services as org_services
from xuncha.orgs.models import UnitKind
from xuncha.plans.models import Inspection, Round, RoundStatus, Stage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
Status = InformationRequest.Status


@pytest.fixture
def ns(tree, personas, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
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
    out.audit = make_unit(
        "甲一县审计局", parent=tree.county_a1, kind=UnitKind.DEPARTMENT, code="A1201"
    )
    out.police = make_unit(
        "甲一县公安局", parent=tree.county_a1, kind=UnitKind.DEPARTMENT, code="A1202"
    )
    out.partner = make_user(
        "partner_a1",
        unit=out.audit,
        full_name="审计局赵会计",
        roles=[(Role.PARTNER_DEPARTMENT, out.audit, False)],
        otp=False,
    )
    out.police_partner = make_user(
        "police_a1",
        unit=out.police,
        roles=[(Role.PARTNER_DEPARTMENT, out.police, False)],
        otp=False,
    )
    return out


def _request(ns, *, recipient=None, send=True, due_on=None, inspection=None, subject=None):
    inspection = inspection or ns.plans.inspection_a1
    req = services_prep.create_request(
        inspection,
        actor=None,
        partner="audit",
        recipient=recipient,
        subject=subject or "近三年审计发现问题及整改情况",
        questions="请提供近三年对该单位的审计报告、发现问题清单及整改情况。",
        due_on=due_on or timezone.localdate() + timedelta(days=7),
    )
    if send:
        req = services_prep.send_request(req, actor=None)
    return req


def _state():
    return (
        list(InformationRequest.objects.order_by("pk").values_list("pk", "status", "answer")),
        Attachment.objects.count(),
        AuditEvent.objects.count(),
    )


# --- Information requests ------------------------------------------------------------------


def test_office_drafts_sends_and_the_partner_answers_with_a_file(client, ns):
    login(client, ns.personas.office_a)
    inspection = ns.plans.inspection_a1
    response = client.post(
        f"/fieldwork/inspections/{inspection.pk}/requests/new/",
        {
            "partner": "audit",
            "recipient": ns.audit.pk,
            "subject": "近三年审计发现问题",
            "questions": "请提供审计报告。",
            "due_on": str(timezone.localdate() + timedelta(days=5)),
        },
    )
    assert response.status_code == 302
    req = InformationRequest.objects.get()
    assert req.status == Status.DRAFT and req.created_by == ns.personas.office_a

    # A draft is the office's business: the department does not see it yet.
    login(client, ns.partner)
    assert "近三年审计发现问题" not in client.get("/fieldwork/partner/requests/").content.decode()
    assert client.get(f"/fieldwork/partner/requests/{req.pk}/").status_code == 404

    login(client, ns.personas.office_a)
    response = client.post(
        f"/fieldwork/requests/{req.pk}/send/", {"sent_on": str(timezone.localdate())}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.SENT and req.sent_on == timezone.localdate()

    login(client, ns.partner)
    listing = client.get("/fieldwork/partner/requests/").content.decode()
    assert "近三年审计发现问题" in listing and "甲一县农业农村局" in listing
    page = client.get(f"/fieldwork/partner/requests/{req.pk}/").content.decode()
    assert "请提供审计报告。" in page
    # Nothing of the inspection but its target: no team, no round, no members.
    for internal in ("甲一县委第一巡察组", "甲一县委2026年第一轮巡察", "王志强", "张建国"):
        assert internal not in page and internal not in listing

    response = client.post(
        f"/fieldwork/partner/requests/{req.pk}/",
        {
            "answer": "2023年审计发现该局专项资金管理不规范，已整改。",
            "files": [SimpleUploadedFile("审计报告.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.ANSWERED and req.answered_by == ns.partner
    assert not req.recorded_by_office and req.answered_on == timezone.localdate()
    attachment = Attachment.objects.get()
    assert attachment.name == "审计报告.pdf" and attachment.mime == "application/pdf"
    assert attachment.uploaded_by == ns.partner and attachment.object_id == req.pk
    answered = AuditEvent.objects.get(event_type=EventType.INFO_REQUEST_ANSWERED)
    assert answered.actor == ns.partner and answered.actor_role == Role.PARTNER_DEPARTMENT
    assert AuditEvent.objects.filter(event_type=EventType.ATTACHMENT_ADDED).count() == 1

    download = client.get(f"/fieldwork/partner/files/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # The partner never reaches the team's own pages or the generic file link.
    assert client.get(f"/fieldwork/requests/{req.pk}/").status_code == 404
    assert client.get(f"/fieldwork/files/{attachment.pk}/").status_code == 404

    # The office sees the answer and the file.
    login(client, ns.personas.office_a)
    page = client.get(f"/fieldwork/requests/{req.pk}/").content.decode()
    assert "专项资金管理不规范" in page and "审计报告.pdf" in page


def test_a_partner_of_another_unit_sees_nothing(client, ns):
    req = _request(ns, recipient=ns.audit)
    login(client, ns.police_partner)
    before = _state()
    assert req.subject not in client.get("/fieldwork/partner/requests/").content.decode()
    assert client.get(f"/fieldwork/partner/requests/{req.pk}/").status_code == 404
    response = client.post(f"/fieldwork/partner/requests/{req.pk}/", {"answer": "冒名答复"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services_prep.answer_request(req, actor=ns.police_partner, answer="冒名答复")
    # The office has no answering role either: it records answers, it does not give them.
    with pytest.raises(PermissionDenied):
        services_prep.answer_request(req, actor=ns.personas.office_a, answer="代答")
    assert _state() == before
    # Someone without any answering role is refused the partner pages outright.
    client.force_login(ns.personas.norole)
    assert client.get("/fieldwork/partner/requests/").status_code == 403


def test_partner_files_are_checked_by_content(client, ns):
    req = _request(ns, recipient=ns.audit)
    login(client, ns.partner)
    before = _state()
    response = client.post(
        f"/fieldwork/partner/requests/{req.pk}/",
        {
            "answer": "见附件。",
            "files": [
                SimpleUploadedFile("情况说明.pdf", PDF),
                SimpleUploadedFile("报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff"),
            ],
        },
    )
    assert response.status_code == 200
    assert "报告.pdf" in response.content.decode()  # the error names the refused file
    assert _state() == before  # neither the answer nor the good file was kept
    with pytest.raises(ValidationError) as caught:
        services_prep.answer_request(
            req, actor=ns.partner, answer="", files=[("照片.jpg", b"%PDF-1.4 not an image")]
        )
    assert "files" in caught.value.error_dict
    with pytest.raises(ValidationError):
        services_prep.answer_request(req, actor=ns.partner, answer=" ")
    assert _state() == before


def test_the_office_records_an_answer_on_the_departments_behalf(client, ns):
    req = _request(ns)  # no recipient unit: the police answer on paper
    login(client, ns.personas.office_a)
    response = client.post(
        f"/fieldwork/requests/{req.pk}/answer/",
        {
            "answer": "经查，未发现该局领导班子成员涉案情况。",
            "answered_on": str(timezone.localdate()),
            "files": [SimpleUploadedFile("复函.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == Status.ANSWERED and req.recorded_by_office
    assert req.answered_by == ns.personas.office_a
    assert Attachment.objects.get().uploaded_by == ns.personas.office_a

    # A date in the future is refused, and nothing changes.
    before = _state()
    response = client.post(
        f"/fieldwork/requests/{req.pk}/answer/",
        {
            "answer": "更正",
            "answered_on": str(timezone.localdate() + timedelta(days=2)),
        },
    )
    assert response.status_code == 200 and _state() == before


def test_overdue_withdraw_and_states(client, ns):
    today = timezone.localdate()
    late = _request(ns, recipient=ns.audit, subject="逾期请求")
    InformationRequest.objects.filter(pk=late.pk).update(
        sent_on=today - timedelta(days=10), due_on=today - timedelta(days=1)
    )
    late.refresh_from_db()
    on_time = _request(ns, subject="按期请求")
    assert services_prep.is_overdue(late) and not services_prep.is_overdue(on_time)

    login(client, ns.personas.office_a)
    url = f"/fieldwork/inspections/{ns.plans.inspection_a1.pk}/requests/"
    page = client.get(url).content.decode()
    assert 'class="overdue"' in page
    overdue_only = client.get(url, {"status": "overdue"}).content.decode()
    assert "逾期请求" in overdue_only and "按期请求" not in overdue_only
    login(client, ns.partner)
    assert 'class="overdue"' in client.get("/fieldwork/partner/requests/").content.decode()

    services_prep.withdraw_request(late, actor=ns.personas.office_a, reason="已另行调取")
    late.refresh_from_db()
    assert late.status == Status.WITHDRAWN and not services_prep.is_overdue(late)
    before = _state()
    for attempt in (
        lambda: services_prep.send_request(late, actor=ns.personas.office_a),
        lambda: services_prep.withdraw_request(late, actor=ns.personas.office_a, reason="再次"),
        lambda: services_prep.record_answer(late, actor=ns.personas.office_a, answer="x"),
        lambda: services_prep.answer_request(late, actor=ns.partner, answer="x"),
        lambda: services_prep.withdraw_request(on_time, actor=ns.personas.office_a, reason=""),
        lambda: services_prep.update_request(
            late,
            actor=ns.personas.office_a,
            partner="audit",
            subject="改",
            questions="改",
            due_on=today,
        ),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert _state() == before
    # The withdrawn request tells the department no answer is needed, and takes none.
    login(client, ns.partner)
    page = client.get(f"/fieldwork/partner/requests/{late.pk}/").content.decode()
    assert 'name="answer"' not in page


def test_a_sent_request_stays_with_its_department(ns):
    req = _request(ns, recipient=ns.audit)
    office = ns.personas.office_a
    before = _state()
    with pytest.raises(ValidationError):
        services_prep.update_request(
            req,
            actor=office,
            partner="police",
            recipient=ns.police,
            subject=req.subject,
            questions=req.questions,
            due_on=req.due_on,
        )
    with pytest.raises(ValidationError):  # due before it was sent
        services_prep.update_request(
            req,
            actor=office,
            partner="audit",
            recipient=ns.audit,
            subject=req.subject,
            questions=req.questions,
            due_on=req.sent_on - timedelta(days=1),
        )
    assert _state() == before
    services_prep.update_request(
        req,
        actor=office,
        partner="audit",
        recipient=ns.audit,
        subject="补充：近五年审计情况",
        questions=req.questions,
        due_on=req.due_on + timedelta(days=3),
    )
    event = AuditEvent.objects.filter(event_type=EventType.INFO_REQUEST_CHANGED).get()
    assert set(event.changes) == {"subject", "due_on"}


def test_recipient_must_be_a_department_of_the_jurisdiction(ns):
    before = _state()
    for unit in (ns.plans.dept_b1, ns.plans.inspection_a1.target):
        with pytest.raises(ValidationError) as caught:
            services_prep.create_request(
                ns.plans.inspection_a1,
                actor=ns.personas.office_a,
                partner="audit",
                recipient=unit,
                subject="x",
                questions="y",
                due_on=timezone.localdate(),
            )
        assert "recipient" in caught.value.error_dict
    assert _state() == before
    choices = set(services_prep.partner_units(ns.plans.inspection_a1))
    assert choices == {ns.audit, ns.police}


def test_the_leading_group_reads_and_the_team_writes_its_own(client, ns):
    req = _request(ns, recipient=ns.audit)
    other = _request(ns, inspection=ns.plans.inspection_b, subject="乙县请求")
    login(client, ns.personas.viewer_a)
    before = _state()
    inspection = ns.plans.inspection_a1
    page = client.get(f"/fieldwork/inspections/{inspection.pk}/requests/").content.decode()
    assert req.subject in page and "requests/new/" not in page
    assert client.get(f"/fieldwork/inspections/{inspection.pk}/requests/new/").status_code == 403
    response = client.post(f"/fieldwork/requests/{req.pk}/withdraw/", {"reason": "x"})
    assert response.status_code == 403
    assert _state() == before

    member = ns.personas.member_a1
    created = services_prep.create_request(
        inspection,
        actor=member,
        partner="petition_bureau",
        subject="信访件情况",
        questions="请提供近三年反映该单位的信访件。",
        due_on=timezone.localdate(),
    )
    assert (
        AuditEvent.objects.filter(
            event_type=EventType.INFO_REQUEST_CREATED, object_id=str(created.pk)
        )
        .get()
        .actor_role
        == "team:member"
    )
    login(client, member)
    assert client.get(f"/fieldwork/requests/{created.pk}/").status_code == 200
    # A member of team A never reaches team B's requests.
    assert client.get(f"/fieldwork/requests/{other.pk}/").status_code == 404
    assert (
        client.get(f"/fieldwork/inspections/{ns.plans.inspection_b.pk}/requests/").status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        services_prep.withdraw_request(other, actor=member, reason="x")


def test_request_list_queries_do_not_grow_with_the_page(client, ns):
    login(client, ns.personas.office_a)
    url = f"/fieldwork/inspections/{ns.plans.inspection_a1.pk}/requests/"
    _request(ns, recipient=ns.audit)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        req = _request(ns, recipient=ns.police, subject=f"请求{n}")
        services_prep.record_answer(req, actor=None, answer="已答复", files=[("a.pdf", PDF)])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


# --- The target dossier --------------------------------------------------------------------


def test_dossier_gathers_the_unit_and_is_audited(client, ns, monkeypatch):
    unit = ns.plans.inspection_a1.target
    org_services.add_leadership_member(
        unit, actor=None, name="钱局长", post="党组书记、局长", is_principal=True
    )
    earlier_round = Round.objects.create(
        jurisdiction=ns.tree.county_a1,
        year=2023,
        number=2,
        name="甲一县委2023年第二轮巡察",
        starts_on=date(2023, 9, 1),
        ends_on=date(2023, 10, 20),
        status=RoundStatus.CLOSED,
    )
    Inspection.objects.create(
        round=earlier_round, team=ns.people.team_a1, target=unit, stage=Stage.ARCHIVED
    )
    req = _request(ns, recipient=ns.audit)
    services_prep.answer_request(
        req, actor=ns.partner, answer="专项资金管理不规范", files=[("审计报告.pdf", PDF)]
    )
    seen = []

    def fake(user, about):
        seen.append((user, about))
        return [SimpleNamespace(summary="反映该局局长违规发放津补贴", received_on=date(2026, 1, 5))]

    monkeypatch.setattr(dossier, "petitions_about", fake)
    login(client, ns.personas.member_a1)
    url = f"/fieldwork/inspections/{ns.plans.inspection_a1.pk}/dossier/"
    page = client.get(url).content.decode()
    for text in (
        "钱局长",
        "党组书记、局长",
        "甲一县委2023年第二轮巡察",
        "反映该局局长违规发放津补贴",
        "专项资金管理不规范",
        "审计报告.pdf",
    ):
        assert text in page, text
    assert seen == [(ns.personas.member_a1, unit)]
    client.get(url)
    events = AuditEvent.objects.filter(event_type=EventType.DOSSIER_VIEWED)
    assert events.count() == 2 and {e.actor_role for e in events} == {"team:member"}

    document = docx.Document(
        io.BytesIO(
            client.get(f"/fieldwork/inspections/{ns.plans.inspection_a1.pk}/dossier.docx").content
        )
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "钱局长，党组书记、局长" in text and "专项资金管理不规范" in text
    assert "反映该单位的信访件共1件" in text and "{{" not in text
    assert events.all().count() == 3

    # A member of team A never reaches team B's dossier, and that view leaves no trace.
    before = AuditEvent.objects.count()
    response = client.get(f"/fieldwork/inspections/{ns.plans.inspection_b.pk}/dossier/")
    assert response.status_code == 404 and AuditEvent.objects.count() == before


def test_dossier_without_the_petition_register(client, ns, monkeypatch):
    monkeypatch.setattr(dossier, "petitions_about", lambda user, unit: None)
    login(client, ns.personas.office_a)
    response = client.get(f"/fieldwork/inspections/{ns.plans.inspection_a1.pk}/dossier/")
    assert response.status_code == 200


# --- API -----------------------------------------------------------------------------------


def test_api_requests_and_partner_answers(client, ns):
    inspection = ns.plans.inspection_a1
    login(client, ns.personas.office_a)
    base = f"/api/fieldwork/inspections/{inspection.pk}"
    response = client.post(
        f"{base}/requests",
        {
            "partner": "audit",
            "recipient_id": ns.audit.pk,
            "subject": "审计情况",
            "questions": "请提供审计报告。",
            "due_on": str(timezone.localdate() + timedelta(days=3)),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    rid = response.json()["id"]
    bad = client.post(
        f"{base}/requests",
        {
            "partner": "audit",
            "recipient_id": ns.plans.dept_b1.pk,
            "subject": "x",
            "questions": "y",
            "due_on": "2026-12-01",
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert (
        client.post(
            f"/api/fieldwork/requests/{rid}/send", {}, content_type="application/json"
        ).json()["status"]
        == "sent"
    )
    listed = client.get(f"{base}/requests").json()
    assert [r["id"] for r in listed["items"]] == [rid]

    login(client, ns.partner)
    mine = client.get("/api/fieldwork/partner/requests").json()["items"]
    assert [r["id"] for r in mine] == [rid] and mine[0]["target"] == "甲一县农业农村局"
    assert "inspection_id" not in mine[0]
    response = client.post(
        f"/api/fieldwork/partner/requests/{rid}/answer",
        {
            "answer": "见附件",
            "files": [{"name": "报告.pdf", "content_base64": base64.b64encode(PDF).decode()}],
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "answered"
    assert [f["name"] for f in response.json()["files"]] == ["报告.pdf"]
    bad = client.post(
        f"/api/fieldwork/partner/requests/{rid}/answer",
        {"files": [{"name": "a.pdf", "content_base64": "***"}]},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert client.get(f"/api/fieldwork/requests/{rid}").status_code == 404

    login(client, ns.police_partner)
    assert client.get("/api/fieldwork/partner/requests").json()["items"] == []
    assert client.get(f"/api/fieldwork/partner/requests/{rid}").status_code == 404

    login(client, ns.personas.viewer_a)
    assert client.get(f"/api/fieldwork/requests/{rid}").status_code == 200
    before = _state()
    response = client.post(
        f"/api/fieldwork/requests/{rid}/withdraw", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 403 and _state() == before


def test_a_district_wide_commission_role_opens_only_its_own_units_requests(ns):
    """The discipline commission's role is held over a whole county; its partner door is its
    own unit only, never the audit bureau's requests."""
    commission = make_unit(
        "甲一县纪委监委", parent=ns.tree.county_a1, kind=UnitKind.DEPARTMENT, code="A1203"
    )
    jw = make_user("jw_a1", unit=commission, otp=False,
                   roles=[(Role.DISCIPLINE_COMMISSION, ns.tree.county_a1),
                          (Role.PARTNER_DEPARTMENT, commission, False)])
    to_audit = _request(ns, recipient=ns.audit)
    to_commission = _request(ns, recipient=commission, subject="信访举报情况")
    assert list(services_prep.partner_requests(jw)) == [to_commission]
    before = _state()
    with pytest.raises(PermissionDenied):
        services_prep.answer_request(to_audit, actor=jw, answer="越权答复")
    assert _state() == before
    services_prep.answer_request(to_commission, actor=jw, answer="近三年收到信访举报4件。")
    with pytest.raises(ValidationError):  # answered: no second answer over the first
        services_prep.answer_request(to_commission, actor=jw, answer="改写")
