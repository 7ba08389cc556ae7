"""Leads as an Excel workbook (问题线索登记簿), for those who see them: the same rows as the
list, one line a lead. Cells a spreadsheet would run as a formula are neutralized, as in the
unit and petition exports. Written in write-only mode into a temporary file."""

import tempfile
from collections.abc import Iterable
from typing import IO

from xuncha.leads.models import Lead
from xuncha.leads.selectors import lead_summary
from xuncha.orgs.exporting import CONTENT_TYPE, safe_cell, write_sheet

__all__ = ["CONTENT_TYPE", "HEADERS", "export_leads", "lead_row"]

HEADERS = [
    "编号",
    "被巡察单位",
    "被反映人",
    "线索来源",
    "主要内容",
    "拟移交单位",
    "拟处置方式",
    "研判意见",
    "状态",
    "登记人",
    "登记日期",
]


def lead_row(lead: Lead) -> list:
    """One line; subjects and sources should be prefetched. The number only for a lead
    labelled (`labels.label_leads`) for a reader who may see it; the opaque reference
    otherwise."""
    data = lead_summary(lead)
    number = getattr(lead, "shown_number", None)
    values = [
        number if number is not None else lead.reference,
        lead.inspection.target.name,
        data["subjects"],
        data["source"] or data["source_kind"],
        data["content"],
        data["proposed_receiver"],
        data["proposed_disposal"],
        data["assessment"],
        data["status"],
        lead.registered_by.get_full_name() if lead.registered_by_id else "",
        lead.created_at.date().isoformat(),
    ]
    return [safe_cell(v) if isinstance(v, str) else v for v in values]


def write_leads(rows: Iterable[list], out: IO[bytes]) -> int:
    return write_sheet("问题线索登记簿", HEADERS, rows, out)


def export_leads(leads: Iterable[Lead]) -> tuple[IO[bytes], int]:
    """The leads as an .xlsx in a rewound temporary file, and how many."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it after streaming
    count = write_leads((lead_row(lead) for lead in leads), out)
    out.seek(0)
    return out, count
