"""The generated documents of an inspection: who sees them (a document about a lead only those
who see the lead), the page of one document with the check of its file, the audited download,
and the same through the API."""

from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.authz import fingerprint
from tests.factories import make_user
from xuncha.accounts.roles import Role
from xuncha.audit.models import AuditEvent, EventType
from xuncha.documents.generation import generate
from xuncha.documents.models import GeneratedDocument
from xuncha.documents.registry import registry
from xuncha.interviews.models import Interview, Interviewee
from xuncha.leads.models import Lead, LeadGrant
from xuncha.people.models import Cadre
from xuncha.reports.models import Report, ReportKind

NOTICE = "fieldwork_notice.docx"


def _doc(ns, source, *, filename="巡察通知", inspection=None):
    inspection = inspection or ns.plans.inspection_a1
    return generate(
        NOTICE,
        registry()[NOTICE].sample_context(),
        source=source,
        filename=filename,
        actor=ns.personas.office_a,
        inspection=inspection,
    )


@pytest.fixture
def member_b(ns):
    """An account seated on team B (城市乙) in its round."""
    account = make_user(
        "member_b", unit=ns.tree.county_b1, roles=[(Role.TEAM_MEMBER, ns.tree.county_b1)]
    )
    Cadre.objects.filter(pk=ns.people.in_b.pk).update(user=account)
    return account


@pytest.fixture
def lead_material(ns):
    """A lead and a leads report of inspection A1, each with a generated document."""
    lead = Lead.objects.create(
        inspection=ns.plans.inspection_a1,
        number=1,
        source_kind="petition",
        content="反映局长陈明违规收受礼金",
        registered_by=ns.personas.office_a,
    )
    report = Report.objects.create(
        kind=ReportKind.LEADS,
        round=ns.plans.round_a1,
        inspection=ns.plans.inspection_a1,
        team=ns.people.team_a1,
        title="问题线索报告",
        chain="team_meeting",
        created_by=ns.personas.office_a,
    )
    return {
        "lead": lead,
        "report": report,
        "lead_doc": _doc(ns, lead, filename="线索登记表"),
        "report_doc": _doc(ns, report, filename="问题线索报告"),
    }


def _listed(client, ns) -> str:
    response = client.get(reverse("documents:inspection", kwargs={"pk": ns.plans.inspection_a1.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_the_team_and_the_office_list_download_and_verify(ns, as_user):
    document = _doc(ns, ns.plans.inspection_a1)
    for persona in ("office_a", "member_a1"):
        client = as_user(getattr(ns.personas, persona))
        assert "巡察通知.docx" in _listed(client, ns)
        page = client.get(reverse("documents:document", kwargs={"pk": document.pk}))
        assert page.status_code == 200 and document.sha256 in page.content.decode()
        assert page.context["verification"].ok
    before = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_DOWNLOADED).count()
    response = as_user(ns.personas.member_a1).get(
        reverse("documents:document_download", kwargs={"pk": document.pk})
    )
    assert response.status_code == 200 and response.content == document.content
    assert response["X-Content-SHA256"] == document.sha256
    assert response["X-Content-Verified"] == "yes"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    events = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_DOWNLOADED)
    assert events.count() == before + 1
    event = events.latest("seq")
    assert event.actor == ns.personas.member_a1 and event.actor_role == "team:member"
    assert event.object_id == str(document.pk) and event.changes["sha256"] == document.sha256


def test_an_altered_file_shows_on_the_page_and_in_the_download(ns, as_user):
    document = _doc(ns, ns.plans.inspection_a1)
    Path(document.file.path).write_bytes(b"PK altered")
    client = as_user(ns.personas.office_a)
    page = client.get(reverse("documents:document", kwargs={"pk": document.pk}))
    assert not page.context["verification"].ok
    response = client.get(reverse("documents:document_download", kwargs={"pk": document.pk}))
    assert response["X-Content-Verified"] == "no"
    detail = client.get(f"/api/documents/documents/{document.pk}").json()
    assert detail["verified"] is False and detail["file_missing"] is False


def test_another_team_and_outsiders_get_404_and_leave_no_trace(ns, as_user, member_b):
    document = _doc(ns, ns.plans.inspection_a1)
    urls = [
        reverse("documents:inspection", kwargs={"pk": ns.plans.inspection_a1.pk}),
        reverse("documents:document", kwargs={"pk": document.pk}),
        reverse("documents:document_download", kwargs={"pk": document.pk}),
        f"/api/documents/inspections/{ns.plans.inspection_a1.pk}/documents",
        f"/api/documents/documents/{document.pk}",
        f"/api/documents/documents/{document.pk}/file",
    ]
    for user in (member_b, ns.personas.outsider, ns.personas.liaison_a1, ns.personas.norole):
        client = as_user(user)
        before = fingerprint()
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
        assert fingerprint() == before


def test_documents_about_leads_are_listed_only_to_those_who_see_the_leads(
    ns, as_user, lead_material
):
    notice = _doc(ns, ns.plans.inspection_a1)
    lead_doc, report_doc = lead_material["lead_doc"], lead_material["report_doc"]
    # Office staff reach the inspection's material but not its leads.
    office = as_user(ns.personas.office_a)
    body = _listed(office, ns)
    assert "巡察通知.docx" in body
    assert "线索登记表" not in body and "问题线索报告" not in body
    before = fingerprint()
    for document in (lead_doc, report_doc):
        for name in ("documents:document", "documents:document_download"):
            assert office.get(reverse(name, kwargs={"pk": document.pk})).status_code == 404
        assert office.get(f"/api/documents/documents/{document.pk}/file").status_code == 404
    listed = office.get(f"/api/documents/inspections/{ns.plans.inspection_a1.pk}/documents")
    assert {i["id"] for i in listed.json()["items"]} == {notice.pk}
    assert fingerprint() == before
    # The office head sees every lead of the jurisdiction, and so every document about them.
    head = as_user(ns.personas.head_a)
    body = _listed(head, ns)
    assert "线索登记表" in body and "问题线索报告" in body
    # A grant of one lead shows that lead's document, not the leads report.
    LeadGrant.objects.create(
        inspection=ns.plans.inspection_a1,
        lead=lead_material["lead"],
        user=ns.personas.office_a,
        reason="协助核实",
        granted_by=ns.personas.head_a,
    )
    body = _listed(as_user(ns.personas.office_a), ns)
    assert "线索登记表" in body and "问题线索报告" not in body


def test_the_list_takes_the_same_queries_for_any_number_of_documents(ns, as_user):
    client = as_user(ns.personas.office_a)
    url = reverse("documents:inspection", kwargs={"pk": ns.plans.inspection_a1.pk})
    _doc(ns, ns.plans.inspection_a1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(12):
        _doc(ns, ns.plans.inspection_a1, filename=f"通知{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("通知1") >= 3
    assert len(many) == len(few)


def test_a_stored_interview_record_downloaded_again_is_a_view_of_the_record(ns, as_user):
    person = Interviewee.objects.create(
        inspection=ns.plans.inspection_a1, name="陈明", post="局长", category="leadership"
    )
    interview = Interview.objects.create(
        inspection=ns.plans.inspection_a1,
        interviewee=person,
        held_on=date(2026, 3, 5),
        asker=ns.people.in_a1,
        recorder=ns.people.in_a2,
        record="谈话内容：会议费拆分报销。",
    )
    client = as_user(ns.personas.member_a1)
    word = client.get(reverse("interviews:record_docx", kwargs={"pk": interview.pk}))
    assert word.status_code == 200
    document = GeneratedDocument.objects.get(object_type="interviews.interview")
    assert document.template == "interview_record.docx" and document.content == word.content
    viewed = AuditEvent.objects.filter(event_type=EventType.INTERVIEW_VIEWED)
    assert viewed.count() == 1
    again = client.get(reverse("documents:document_download", kwargs={"pk": document.pk}))
    assert again.status_code == 200 and again.content == word.content
    assert viewed.count() == 2
    assert viewed.latest("seq").changes["via"] == "stored_document"
    # PDF of the same record, from the same URL.
    pdf = client.get(
        reverse("interviews:record_docx", kwargs={"pk": interview.pk}), {"format": "pdf"}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    assert viewed.count() == 3


def test_a_broken_office_template_shows_a_page_with_the_reason(ns, as_user):
    import hashlib

    from django.core.files.base import ContentFile

    from tests.documents.helpers import make_template
    from xuncha.documents.models import DocumentTemplate

    data = make_template("{{ addressee.__class__ }}")
    row = DocumentTemplate(
        unit=ns.tree.county_a1,
        name="fieldwork_dossier.docx",
        version=1,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=ns.personas.office_a,
    )
    row.file.save("t.docx", ContentFile(data), save=False)
    row.save()
    client = as_user(ns.personas.member_a1)
    before = GeneratedDocument.objects.count()
    response = client.get(f"/fieldwork/inspections/{ns.plans.inspection_a1.pk}/dossier.docx")
    assert response.status_code == 422
    assert "__class__" in response.content.decode()
    assert GeneratedDocument.objects.count() == before


def test_api_lists_and_sends_the_stored_file(ns, as_user):
    document = _doc(ns, ns.plans.inspection_a1)
    client = as_user(ns.personas.office_a)
    items = client.get(f"/api/documents/inspections/{ns.plans.inspection_a1.pk}/documents").json()[
        "items"
    ]
    assert items[0]["sha256"] == document.sha256 and items[0]["title"] == "巡察通知"
    detail = client.get(f"/api/documents/documents/{document.pk}").json()
    assert detail["verified"] is True and detail["template_version"].startswith("shipped:")
    response = client.get(f"/api/documents/documents/{document.pk}/file")
    assert response.status_code == 200 and response.content == document.content
    assert AuditEvent.objects.filter(event_type=EventType.DOCUMENT_DOWNLOADED).count() == 1


def test_earlier_documents_are_offered_as_pdf_on_their_own_urls(ns, as_user):
    from xuncha.staffing import duties

    office = ns.personas.office_a
    authorization = duties.issue_authorization(ns.plans.round_a1, ns.people.team_a1, actor=office)
    client = as_user(office)
    page = client.get(
        reverse("staffing:authorization_download", kwargs={"pk": authorization.pk}),
        {"format": "pdf"},
    )
    assert page.status_code == 200 and page.content.startswith(b"%PDF")
    assert page["Content-Disposition"].endswith(".pdf") and "X-Content-SHA256" in page
    api = client.get(f"/api/duties/authorizations/{authorization.pk}/document", {"format": "pdf"})
    assert api.status_code == 200 and api.content.startswith(b"%PDF")
    word = client.get(f"/api/duties/authorizations/{authorization.pk}/document")
    assert word["Content-Type"].endswith("wordprocessingml.document")
    formats = list(
        GeneratedDocument.objects.filter(object_type="staffing.authorization")
        .order_by("pk")
        .values_list("format", flat=True)
    )
    assert formats == ["pdf", "pdf", "docx"]
    problem_list = client.get(
        reverse("fieldwork:problem_list_docx", kwargs={"pk": ns.plans.inspection_a1.pk}),
        {"format": "pdf"},
    )
    assert problem_list.status_code == 200 and problem_list.content.startswith(b"%PDF")
    dossier = client.get(
        f"/fieldwork/inspections/{ns.plans.inspection_a1.pk}/dossier.docx", {"format": "pdf"}
    )
    assert dossier.status_code == 200 and dossier.content.startswith(b"%PDF")
    events = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATED)
    assert events.count() == 5
    assert not AuditEvent.objects.filter(event_type=EventType.DOCUMENT_DOWNLOADED).exists()
