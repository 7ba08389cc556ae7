"""Reports as Word (and PDF) documents, through `documents.generation.generate`: stored with
their hash and template version, and audited.

Downloading a leads report also writes one `lead.exported` event naming every lead in it (not
one `lead.viewed` per lead): an auditor looking for who took leads out of the system finds
each download once, with the leads it held.
"""


from django.db import transaction
from django.utils import timezone

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.documents import chinese_date, lines
from xuncha.documents.pdf import available as pdf_available  # noqa: F401 (asked by pages)
from xuncha.reports.access import reader_role, team_of
from xuncha.reports.models import ReportKind
from xuncha.reports.selectors import viewer_sections
from xuncha.reports.services import audit_unit, latest_version

TEMPLATES = {
    ReportKind.INSPECTION: "report_inspection.docx",
    ReportKind.LEADS: "report_leads.docx",
    ReportKind.SPECIAL_TOPIC: "report_special_topic.docx",
    ReportKind.SUMMARY: "report_summary.docx",
}
FORMATS = ("docx", "pdf")


def document_context(report, sections: list[dict], version) -> dict:
    """Plain data only: the template is rendered in a sandbox."""
    jurisdiction = report.round.jurisdiction.name
    team = team_of(report)
    if report.kind == ReportKind.SUMMARY or team is None:
        signature = f"{jurisdiction}巡察工作领导小组办公室"
    else:
        signature = team.name
    day = report.approved_at or version.created_at
    return {
        "title": report.title,
        "addressee": f"{jurisdiction}巡察工作领导小组",
        "sections": [
            {"heading": s["heading"], "level": int(s["level"]), "paragraphs": lines(s["text"])}
            for s in sections
            if s["heading"] or s["text"].strip()
        ],
        "signature": signature,
        "date": chinese_date(timezone.localtime(day).date()),
    }


def generate_report_document(report, *, actor, fmt: str = "docx"):
    """The report's latest version as the reader sees it, as a stored, audited document."""
    from xuncha.documents.generation import generate

    version = latest_version(report)
    sections = viewer_sections(report, version, actor)
    role = reader_role(actor, report)
    context = document_context(report, sections, version)
    filename = f"{report.title}（第{version.number}稿）.{fmt}"
    with transaction.atomic():
        document = generate(
            TEMPLATES[report.kind],
            context,
            source=report,
            filename=filename,
            actor=actor,
            role=role,
            fmt=fmt,
            inspection=report.inspection,
            unit=report.round.jurisdiction,
        )
        if report.kind == ReportKind.LEADS:
            leads = list(
                report.items.filter(lead__isnull=False, active=True).values_list(
                    "lead_id", flat=True
                )
            )
            record(
                EventType.LEAD_EXPORTED,
                actor=actor,
                role=role,
                unit=audit_unit(report),
                obj=report,
                changes={
                    "leads": leads,
                    "format": fmt,
                    "version": version.number,
                    "document": document.pk,
                },
            )
    return document
