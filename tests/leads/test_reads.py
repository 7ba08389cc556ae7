"""Every read of a lead writes exactly one audit event (its words concealed); lists cost the
same number of queries for any number of leads; the Word registration form and the Excel
export carry the lead; the selectors other apps use."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.factories import login
from tests.leads.conftest import SECRET_NAME, SECRET_TEXT, events, register
from xuncha.audit.models import AuditEvent, EventType
from xuncha.documents.models import GeneratedDocument
from xuncha.leads import selectors, services_access


@pytest.fixture
def lead(ns):
    return register(ns.inspection, actor=ns.member)


def _one_event(client, url, kind, **kwargs):
    before = AuditEvent.objects.count()
    response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)
    assert AuditEvent.objects.count() == before + 1, url
    event = events()[-1]
    assert event.event_type == kind, url
    assert SECRET_TEXT not in str(event.changes) and SECRET_NAME not in str(event.changes)
    return event


def test_every_view_writes_exactly_one_event(client, ns, lead):
    login(client, ns.leader)
    pk = ns.inspection.pk
    detail = _one_event(client, reverse("leads:detail", args=[lead.pk]), EventType.LEAD_VIEWED)
    assert detail.object_id == str(lead.pk) and detail.actor_role == "team:leader"
    assert detail.unit_id == ns.inspection.target_id
    _one_event(client, reverse("leads:edit", args=[lead.pk]), EventType.LEAD_VIEWED)
    listed = _one_event(client, reverse("leads:home", args=[pk]), EventType.LEAD_LISTED)
    assert listed.changes["ids"] == [lead.pk]
    search = _one_event(client, reverse("leads:mine") + "?q=秘密", EventType.LEAD_LISTED)
    assert search.changes["via"] == "search" and "秘密" not in str(search.changes)
    _one_event(client, reverse("leads:mine"), EventType.LEAD_LISTED)
    exported = _one_event(client, reverse("leads:export", args=[pk]), EventType.LEAD_EXPORTED)
    assert exported.changes["ids"] == [lead.pk]
    word = _one_event(client, reverse("leads:word", args=[lead.pk]), EventType.DOCUMENT_GENERATED)
    assert word.object_type == "leads.lead" and word.actor_role == "team:leader"
    _one_event(client, "/api/leads/", EventType.LEAD_LISTED)
    _one_event(client, f"/api/leads/?inspection_id={pk}&q=礼金", EventType.LEAD_LISTED)
    _one_event(client, f"/api/leads/{lead.pk}", EventType.LEAD_VIEWED)


def test_office_head_reads_are_audited_with_their_role(client, ns, lead):
    login(client, ns.personas.head_a)
    event = _one_event(client, reverse("leads:detail", args=[lead.pk]), EventType.LEAD_VIEWED)
    assert event.actor_role == "office_head"


def test_a_grantee_reads_as_grant(client, ns, lead):
    services_access.grant_lead_access(
        ns.inspection, ns.deputy, actor=ns.leader, reason="协助核实", lead=lead
    )
    login(client, ns.deputy)
    event = _one_event(
        client, reverse("leads:home", args=[ns.inspection.pk]), EventType.LEAD_LISTED
    )
    assert event.actor_role == "grant"


def test_list_pages_cost_the_same_for_any_number_of_leads(client, ns):
    login(client, ns.leader)
    urls = [reverse("leads:home", args=[ns.inspection.pk]), reverse("leads:mine"), "/api/leads/"]

    def cost():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx))
        return out

    register(ns.inspection, actor=ns.member)
    cost()  # the first requests of a session load it
    few = cost()
    for n in range(6):
        register(
            ns.inspection,
            actor=ns.member,
            name=f"人员{n}",
            sources=[{"kind": "other", "label": f"来源{n}"}, {"kind": "visit", "label": "走访"}],
        )
    assert cost() == few


def test_word_registration_form(client, ns, lead):
    login(client, ns.personas.head_a)
    response = client.get(reverse("leads:word", args=[lead.pk]))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    doc = Document(BytesIO(response.content))
    text = "\n".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    assert SECRET_TEXT in text and "钱秘密" in text and "初步核实" in text
    assert "问题线索登记表" in "\n".join(p.text for p in doc.paragraphs)
    stored = GeneratedDocument.objects.get()
    assert stored.object_type == "leads.lead" and stored.inspection_id is None
    assert response["X-Content-SHA256"] == stored.sha256


def test_pdf_registration_form(client, ns, lead):
    login(client, ns.leader)
    before = AuditEvent.objects.count()
    response = client.get(reverse("leads:word", args=[lead.pk]) + "?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.count() == before + 1
    assert GeneratedDocument.objects.get().format == "pdf"


def test_excel_export_neutralizes_formulas(client, ns):
    register(ns.inspection, actor=ns.member, content='=HYPERLINK("http://x")', name="+钱")
    login(client, ns.leader)
    response = client.get(reverse("leads:export", args=[ns.inspection.pk]))
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][0] == "编号" and len(rows) == 2
    assert rows[1][4].startswith("'=") and rows[1][2].startswith("'+")


def test_lead_summary_and_report_selector(ns, lead, tree):
    other = register(
        ns.inspection,
        actor=ns.member,
        name="吴某",
        proposed_receiver="functional_department",
        receiver_unit=tree.dept_a1,
        proposed_disposal="",
    )
    summary = selectors.lead_summary(lead)
    assert summary["number"] == 1
    assert summary["subjects"] == "钱秘密（局长）"
    assert summary["proposed_receiver"] == "纪委监委"
    assert summary["proposed_disposal"] == "初步核实"
    assert summary["source"] == "信访举报：县纪委转来的举报信"
    assert summary["content"] == SECRET_TEXT
    assert selectors.lead_summary(other)["proposed_receiver"] == tree.dept_a1.name
    from xuncha.leads import services

    services.withdraw_lead(other, actor=ns.leader, reason="重复")
    assert list(selectors.leads_for_report(ns.leader, ns.inspection)) == [lead]
    assert selectors.lead_counts(ns.leader, [ns.inspection.pk, ns.inspection_b.pk]) == {
        ns.inspection.pk: 1,
        ns.inspection_b.pk: 0,
    }


def test_audit_trail_conceals_case_text(ns, lead):
    from xuncha.leads import services

    services.assess_lead(
        lead, actor=ns.leader, assessment="研判认为问题属实", proposed_disposal="talk_inquiry"
    )
    services.update_lead(
        lead, actor=ns.leader, content="新的内容文字", subjects=[{"name": "新名字", "post": "科长"}]
    )
    services.withdraw_lead(lead, actor=ns.leader, reason="经核查不属实")
    trail = " ".join(str(e.changes) for e in AuditEvent.objects.all())
    for text in (
        SECRET_TEXT,
        SECRET_NAME,
        "研判认为",
        "新的内容",
        "新名字",
        "经核查不属实",
        "县纪委转来的举报信",
    ):
        assert text not in trail
