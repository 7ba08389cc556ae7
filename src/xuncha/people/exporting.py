"""Writing cadres to an Excel workbook with the columns of the cadre import, so that an export
of a pool re-imports (into the same deployment or another one) as it is.

Cells that a spreadsheet would run as a formula are neutralized as in the unit export.
"""

import tempfile
from collections.abc import Iterable
from typing import IO

from openpyxl import Workbook

from xuncha.orgs.exporting import CONTENT_TYPE, safe_cell
from xuncha.people.importing import (
    COLUMNS,
    EXAMPLE_MARK,
    GENDER_LABELS,
    SPECIALTY_LABELS,
    column_help,
    label_of,
)
from xuncha.people.models import PoolMembership

__all__ = ["CONTENT_TYPE", "export_members", "template_workbook"]


def member_row(membership: PoolMembership) -> list:
    """One pool member as the import reads it: Chinese labels, unit codes, the pool's name."""
    cadre = membership.cadre
    values = {
        "full_name": cadre.full_name,
        "gender": label_of(GENDER_LABELS, cadre.gender) if cadre.gender else "",
        "birth_year": cadre.birth_year,
        "unit_code": cadre.unit.code,
        "post": cadre.post,
        "rank": cadre.rank,
        "specialty": label_of(SPECIALTY_LABELS, cadre.specialty),
        "expertise": "、".join(label_of(SPECIALTY_LABELS, t) for t in cadre.expertise_tags),
        "education": cadre.education,
        "native_place_code": cadre.native_place.code if cadre.native_place_id else "",
        "phone": cadre.phone,
        "pools": membership.pool.name,
        "joined_on": membership.joined_on.isoformat(),
    }
    return [safe_cell(values[name]) for name, _header in COLUMNS]


def _workbook(rows: Iterable[list], out: IO[bytes], *, title: str, notes: bool = False) -> int:
    """The header row, then `rows`; with `notes`, a second sheet explaining each column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.append([header for _name, header in COLUMNS])
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    if notes:
        guide = workbook.create_sheet(title="填写说明")
        guide.append(["列名", "必填", "说明"])
        for column in column_help():
            guide.append(
                [
                    column["header"],
                    "是" if column["required"] else "否",
                    safe_cell(str(column["note"])),
                ]
            )
        guide.append([])
        guide.append([f"姓名以“{EXAMPLE_MARK}”开头的行是示例，导入时跳过。"])
    workbook.save(out)
    return count


def export_members(memberships: Iterable[PoolMembership]) -> tuple[IO[bytes], int]:
    """The given memberships (cadre, unit, native place and pool loaded) as an .xlsx in a
    temporary file, rewound."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- the response closes it after streaming
    count = _workbook((member_row(m) for m in memberships), out, title="干部")
    out.seek(0)
    return out, count


def template_workbook(
    *, unit_code: str = "", native_place_code: str = "", pool_name: str = ""
) -> tuple[IO[bytes], int]:
    """The import template: the header row, one example row (skipped when imported) that uses
    codes and a pool of the downloading person's scope, and a sheet of notes."""
    example = {
        "full_name": f"{EXAMPLE_MARK}：张三",
        "gender": "男",
        "birth_year": 1985,
        "unit_code": unit_code,
        "post": "财务科科长",
        "rank": "一级主任科员",
        "specialty": label_of(SPECIALTY_LABELS, "finance"),
        "expertise": "审计、法律",
        "education": "大学本科",
        "native_place_code": native_place_code,
        "phone": "13800000000",
        "pools": pool_name,
        "joined_on": "2024-03-01" if pool_name else "",
    }
    out = tempfile.TemporaryFile()  # noqa: SIM115
    _workbook([[safe_cell(example[name]) for name, _h in COLUMNS]], out, title="干部", notes=True)
    out.seek(0)
    return out, 0
