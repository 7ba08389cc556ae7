"""The petition register as an Excel workbook (信访件登记簿).

Only what the register shows: no reporter identity and no full content, so the file may travel
inside the team. Cells that a spreadsheet would run as a formula are neutralized, as in the unit
export. Written in write-only mode into a temporary file that the response streams.
"""

import tempfile
from collections.abc import Iterable
from typing import IO

from xuncha.orgs.exporting import CONTENT_TYPE, safe_cell, write_sheet
from xuncha.petitions.models import Petition

__all__ = ["CONTENT_TYPE", "HEADERS", "export_register", "petition_row"]

HEADERS = [
    "编号",
    "受理日期",
    "渠道",
    "信访人",
    "人数",
    "被反映人",
    "内容摘要",
    "所属领域",
    "受理范围",
    "研判意见",
    "状态",
    "转办单位",
    "转办日期",
    "转办文号",
    "办理结果",
    "办结日期",
]


def _scope(petition: Petition) -> str:
    return {True: "属于受理范围", False: "不属于受理范围"}.get(petition.in_scope, "未研判")


def _date(value) -> str:
    return value.isoformat() if value else ""


def petition_row(petition: Petition) -> list:
    """One line of the register; `subjects` should be prefetched."""
    subjects = "、".join(str(s) for s in petition.subjects.all())
    values = [
        petition.number,
        _date(petition.received_on),
        petition.get_channel_display(),
        "匿名" if petition.anonymous else "署名（身份信息已隐去）",
        petition.reporter_count,
        subjects,
        petition.summary,
        petition.get_area_display() if petition.area else "",
        _scope(petition),
        petition.scope_reason,
        petition.get_status_display(),
        petition.forwarded_to,
        _date(petition.forwarded_on),
        petition.forward_reference,
        petition.outcome,
        _date(petition.closed_on),
    ]
    return [safe_cell(str(v)) if isinstance(v, str) else v for v in values]


def write_register(rows: Iterable[list], out: IO[bytes]) -> int:
    return write_sheet("信访件登记簿", HEADERS, rows, out)


def export_register(qs) -> tuple[IO[bytes], int]:
    """The petitions of `qs` as an .xlsx in a rewound temporary file, and how many."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it after streaming
    count = write_register((petition_row(p) for p in qs), out)
    out.seek(0)
    return out, count
