"""Reports as Word and PDF files: GB/T 9704 headings in order, stored and audited; the leads
report marked 机密 and its download recorded as an export of the leads."""

import hashlib
import io

import pytest
from django.urls import reverse
from docx import Document

from tests.factories import login
from tests.reports.helpers import finding, lead
from xuncha.audit.models import AuditEvent, EventType
from xuncha.documents.models import GeneratedDocument
from xuncha.reports import services
from xuncha.reports.export import generate_report_document, pdf_available


@pytest.fixture
def report(ns):
    ns.f1 = finding(ns.a, 1, "落实乡村振兴决策部署不到位", drafter=ns.member, area=ns.areas[0])
    ns.f2 = finding(ns.a, 2, "违规发放津补贴", drafter=ns.member, area=ns.areas[1])
    ns.f3 = finding(ns.a, 3, "财务报销审核把关不严", drafter=ns.member)
    report = services.create_report(
        kind="inspection", round=ns.round, inspection=ns.a, actor=ns.member
    )
    services.save_version(
        report, actor=ns.member, texts={"assessment": "该局党组能够贯彻落实上级决策部署。"}
    )
    return report


def _paragraphs(content: bytes):
    return [
        (p.style.name, p.text) for p in Document(io.BytesIO(content)).paragraphs if p.text.strip()
    ]


def test_word_file_of_the_inspection_report(ns, report, client):
    login(client, ns.member)
    response = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    content = b"".join(response) if response.streaming else response.content
    paragraphs = _paragraphs(content)
    assert paragraphs[0] == ("Title", "关于巡察甲一县农业农村局党组织的情况报告")
    assert paragraphs[1] == ("主送机关", "甲一县委巡察工作领导小组：")
    headings = [(style, text) for style, text in paragraphs if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "一、基本情况和总体评价"),
        ("Heading 1", "二、发现的主要问题"),
        ("Heading 2", "（一）贯彻落实党的路线方针政策和党中央决策部署方面"),
        ("Heading 3", "1.落实乡村振兴决策部署不到位"),
        ("Heading 2", "（二）群众身边腐败问题和不正之风方面"),
        ("Heading 3", "1.违规发放津补贴"),
        ("Heading 2", "（三）其他方面"),
        ("Heading 3", "1.财务报销审核把关不严"),
        ("Heading 1", "三、意见建议"),
    ]
    body = [text for style, text in paragraphs if style == "Normal"]
    assert "该局党组能够贯彻落实上级决策部署。" in body
    assert paragraphs[-2] == ("发文机关署名", "甲一县委第一巡察组")
    assert paragraphs[-1][0] == "成文日期" and paragraphs[-1][1].endswith("日")
    stored = GeneratedDocument.objects.get()
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.template == "report_inspection.docx" and stored.inspection_id == ns.a.pk
    assert stored.filename == "关于巡察甲一县农业农村局党组织的情况报告（第2稿）.docx"
    event = AuditEvent.objects.filter(event_type=EventType.DOCUMENT_GENERATED).get()
    assert event.object_id == str(report.pk) and event.actor_role == "team:member"


def test_leads_report_file_is_marked_and_its_download_names_the_leads(ns, client):
    first = lead(ns.a, 1, registered_by=ns.member)
    second = lead(ns.a, 2, registered_by=ns.member, subjects=(("张某", "办公室主任"),))
    report = services.create_report(
        kind="leads", round=ns.round, inspection=ns.a, actor=ns.leader_a
    )
    login(client, ns.personas.head_a)
    response = client.get(reverse("reports:download", args=[report.pk, "docx"]))
    paragraphs = _paragraphs(response.content)
    assert paragraphs[0] == ("主送机关", "机密")
    assert paragraphs[1] == ("Title", "关于巡察甲一县农业农村局党组织发现问题线索的报告")
    assert ("Heading 2", "（二）关于张某（办公室主任）的问题线索") in paragraphs
    exported = AuditEvent.objects.get(event_type=EventType.LEAD_EXPORTED)
    assert exported.changes["leads"] == [first.pk, second.pk]
    assert exported.actor_role == "office_head"
    assert "好处费" not in str(exported.changes)


def test_round_reports_are_signed_by_the_office(ns, report):
    summary = services.create_report(kind="summary", round=ns.round, actor=ns.personas.office_a)
    document = generate_report_document(summary, actor=ns.personas.office_a)
    paragraphs = _paragraphs(document._content)
    assert paragraphs[-2] == ("发文机关署名", "甲一县委巡察工作领导小组办公室")
    assert ("Heading 2", "（一）甲一县农业农村局") in paragraphs


@pytest.mark.skipif(not pdf_available(), reason="documents/pdf.py is not installed")
def test_pdf_of_the_inspection_report(ns, report, client):
    login(client, ns.member)
    response = client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert GeneratedDocument.objects.get().format == "pdf"


def test_unknown_format(ns, report, client):
    login(client, ns.member)
    assert client.get(reverse("reports:download", args=[report.pk, "odt"])).status_code == 404
    assert not GeneratedDocument.objects.exists()
