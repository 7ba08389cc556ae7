"""Writing units to an Excel workbook with the columns of the import, so an export re-imports.

The workbook is written in openpyxl's write-only mode, row by row from a database iterator, into
a temporary file that the response then streams: memory stays flat for 30,000 units.
"""

import tempfile
from collections.abc import Iterable
from typing import IO

from django.db.models import QuerySet
from openpyxl import Workbook

from xuncha.orgs.importing import (
    COLUMNS,
    FORMULA_STARTS,
    KIND_LABELS,
    LEVEL_LABELS,
    SECTOR_LABELS,
    label_of,
)
from xuncha.orgs.models import Unit

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_sheet(title: str, headers: list, rows: Iterable[list], out: IO[bytes]) -> int:
    """A one-sheet workbook (headers, then `rows`) written to `out`, streaming; returns how many
    rows were written. Rows are written as given: pass cells through `safe_cell`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.append(headers)
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    workbook.save(out)
    return count


def unit_row(unit: Unit) -> list:
    """One unit as the import reads it (Chinese labels for level, kind, sector, 是/否)."""
    values = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "level": label_of(LEVEL_LABELS, unit.level),
        "kind": label_of(KIND_LABELS, unit.kind),
        "sector": label_of(SECTOR_LABELS, unit.sector),
        "parent_code": unit.parent.code if unit.parent_id else "",
        "headcount": unit.headcount,
        "party_members": unit.party_members,
        "contact_person": unit.contact_person,
        "contact_phone": unit.contact_phone,
        "address": unit.address,
        "has_office": "是" if unit.has_office else "否",
        "description": unit.description,
    }
    return [safe_cell(values[name]) for name, _header in COLUMNS]


def write_workbook(rows: Iterable[list], out: IO[bytes], title: str = "units") -> int:
    """Write the header row and `rows` to `out`; return the number of data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.append([header for _name, header in COLUMNS])
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    workbook.save(out)
    return count


def export_units(qs: QuerySet[Unit]) -> tuple[IO[bytes], int]:
    """The units of `qs` (parents before children) as an .xlsx in a temporary file, rewound."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it after streaming
    units = qs.select_related("parent").order_by("path").iterator(chunk_size=2000)
    count = write_workbook((unit_row(u) for u in units), out)
    out.seek(0)
    return out, count


def template_workbook() -> tuple[IO[bytes], int]:
    """An empty import template: the header row only."""
    out = tempfile.TemporaryFile()  # noqa: SIM115
    write_workbook([], out, title="units")
    out.seek(0)
    return out, 0
