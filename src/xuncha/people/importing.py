"""Reading a spreadsheet of cadres (.xlsx or .csv) and checking it: the dry run of the import.

The file is read with the helpers of the unit import (`xuncha.orgs.importing`: workbook and CSV
readers, encoding detection for UTF-8, UTF-8 with BOM, GBK and GB18030, cell text); the columns
and the checks are the cadres' own. `plan_import` says for every row what applying would do —
a new cadre, an update of the cadre of the same name in the same work unit, or nothing — and
lists every bad cell with its row and column. It writes nothing; the service
`xuncha.people.services.import_cadres` applies a clean plan in one transaction.

Like the unit import, the headers and the Chinese labels of gender and specialty are spelled out
here, not taken from the translation catalogue, so that an export of one deployment imports into
another.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import role_for
from xuncha.accounts.roles import Capability
from xuncha.orgs.importing import (
    MAX_ROWS,
    ImportFileError,
    ImportPlan,
    Problem,
    Table,
    _cell_text,
    _norm,
    _rows_from_csv,
    _rows_from_xlsx,
)
from xuncha.orgs.models import Unit
from xuncha.people.models import Cadre, Gender, PoolMembership, Specialty
from xuncha.people.permissions import visible_pools
from xuncha.people.services import EXPERTISE_VALUES, is_home_region, normalize_expertise

# (field, Chinese header) in the order of the template and of exports.
COLUMNS: list[tuple[str, str]] = [
    ("full_name", "姓名"),
    ("gender", "性别"),
    ("birth_year", "出生年份"),
    ("unit_code", "工作单位编码"),
    ("post", "职务"),
    ("rank", "职级"),
    ("specialty", "主要专业"),
    ("expertise", "其他专长"),
    ("education", "学历"),
    ("native_place_code", "籍贯单位编码"),
    ("phone", "联系电话"),
    ("pools", "入库"),
    ("joined_on", "入库日期"),
]
REQUIRED_COLUMNS = ("full_name", "unit_code")
HEADERS = dict(COLUMNS)
# Other headers people write for the same column.
HEADER_ALIASES = {
    "unit_code": ["单位编码", "工作单位代码"],
    "birth_year": ["出生年", "出生年度"],
    "specialty": ["专业", "主要专长"],
    "expertise": ["专长", "其他专业"],
    "native_place_code": ["籍贯编码", "籍贯单位代码"],
    "phone": ["电话", "手机", "手机号码"],
    "pools": ["人才库", "入库名称"],
    "joined_on": ["入库时间"],
}
# Cadre fields a row sets, as the columns name them.
PROFILE_COLUMNS = (
    "full_name",
    "gender",
    "birth_year",
    "post",
    "rank",
    "specialty",
    "expertise",
    "education",
    "phone",
)
_MAX_LENGTH = {
    "full_name": 60,
    "post": 100,
    "rank": 40,
    "education": 100,
    "phone": 40,
    "unit_code": 32,
    "native_place_code": 32,
}
# A row whose name starts so is the template's example and is skipped.
EXAMPLE_MARK = "示例"

# Chinese labels; the first label of each value is the one exports write.
GENDER_LABELS: dict[str, list[str]] = {
    Gender.MALE: ["男", "男性"],
    Gender.FEMALE: ["女", "女性"],
}
SPECIALTY_LABELS: dict[str, list[str]] = {
    Specialty.DISCIPLINE: ["纪检监察", "纪检", "纪律检查", "监察"],
    Specialty.ORGANIZATION: ["组织人事", "组织", "人事"],
    Specialty.FINANCE: ["财务", "财会", "会计", "财政"],
    Specialty.AUDIT: ["审计"],
    Specialty.LAW: ["法律", "法学"],
    Specialty.PETITIONS: ["信访"],
    Specialty.PARTY_BUILDING: ["党建", "党的建设"],
    Specialty.OTHER: ["其他"],
}
# Between several tags or pool names in one cell.
_SEPARATORS = re.compile(r"[、,，;；/|\s]+")
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]0{1,2}:00(?::00)?)?$"
)


def _labels(labels: dict[str, list[str]], choices: type) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, names in labels.items():
        for name in names:
            table.setdefault(_norm(name), value)
    for choice in choices:
        table.setdefault(_norm(choice.value), choice.value)
        table.setdefault(_norm(str(choice.label)), choice.value)
        with translation.override("zh-hans"):
            table.setdefault(_norm(str(choice.label)), choice.value)
    return table


def label_of(labels: dict[str, list[str]], value: str) -> str:
    names = labels.get(value)
    return names[0] if names else value


def split_cell(text: str) -> list[str]:
    """Several values in one cell, separated by 、 , ， ; or spaces."""
    return [part for part in _SEPARATORS.split(text) if part]


def parse_date(text: str) -> date | None:
    """2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, or a workbook's date cell."""
    text = text.strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


# --- Reading the file -----------------------------------------------------------------------


def _header_fields() -> dict[str, str]:
    table = {}
    for name, header in COLUMNS:
        for text in (header, name, *HEADER_ALIASES.get(name, [])):
            table[_norm(text)] = name
    return table


def _positions(header_row: list[str]) -> tuple[dict[int, str], dict[str, str]]:
    """Which column holds which field, and the headers as written; ImportFileError when a
    column appears twice or a required one is missing."""
    known = _header_fields()
    positions: dict[int, str] = {}
    written: dict[str, str] = {}
    for index, text in enumerate(header_row):
        name = known.get(_norm(text).rstrip("*")) if text else None
        if name is None:
            continue
        if name in written:
            raise ImportFileError(_("The column “%(column)s” appears twice.") % {"column": text})
        positions[index] = name
        written[name] = text
    missing = [HEADERS[f] for f in REQUIRED_COLUMNS if f not in written]
    if missing:
        raise ImportFileError(
            _(
                "The first row must hold the column headers; missing: %(columns)s. Download the "
                "template to see them."
            )
            % {"columns": "、".join(missing)}
        )
    return positions, written


def read_table(data: bytes, filename: str) -> Table:
    """The rows of an uploaded .xlsx or .csv file of cadres, or ImportFileError."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > settings.XUNCHA_IMPORT_MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.")
            % {"size": round(settings.XUNCHA_IMPORT_MAX_BYTES / 1024 / 1024, 1)}
        )
    lowered = filename.lower()
    if lowered.endswith(".xlsx"):
        source = _rows_from_xlsx(data)
    elif lowered.endswith(".csv"):
        source = _rows_from_csv(data)
    else:
        raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    lines = (
        (number, texts)
        for number, texts in (
            (n, [_cell_text(v) for v in values]) for n, values in enumerate(source, start=1)
        )
        if any(texts)
    )
    first = next(lines, None)
    if first is None:
        raise ImportFileError(_("The file is empty."))
    positions, written = _positions(first[1])
    rows: list[tuple[int, dict[str, str]]] = []
    for number, texts in lines:
        values = {f: texts[i] if i < len(texts) else "" for i, f in positions.items()}
        if values.get("full_name", "").startswith(EXAMPLE_MARK):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}
            )
        rows.append((number, values))
    if not rows:
        raise ImportFileError(_("The file has headers but no rows of cadres."))
    return Table(rows=rows, columns=set(written), headers=written)


# --- Checking the rows ----------------------------------------------------------------------


@dataclass
class PlannedCadre:
    """What applying one row does: create a cadre, update the cadre of the same name in the
    same work unit, or nothing; and which pools the cadre joins (or rejoins)."""

    row: int
    full_name: str
    unit_id: int
    unit_name: str
    action: str  # "create", "update" or "unchanged"
    fields: dict[str, Any]
    cadre_id: int | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    pools: list[int] = field(default_factory=list)
    pool_names: list[str] = field(default_factory=list)
    rejoins: list[str] = field(default_factory=list)
    joined_on: date | None = None

    def as_service_row(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "cadre_id": self.cadre_id,
            "unit_id": self.unit_id,
            "fields": self.fields,
            "pools": self.pools,
            "joined_on": self.joined_on,
        }


class _Checker:
    """The lookups one dry run needs, loaded once for the whole file."""

    def __init__(self, user, table: Table):
        self.user = user
        self.table = table
        self.problems: list[Problem] = []
        self.genders = _labels(GENDER_LABELS, Gender)
        self.specialties = _labels(SPECIALTY_LABELS, Specialty)
        codes = {
            raw.get(f, "") for _n, raw in table.rows for f in ("unit_code", "native_place_code")
        } - {""}
        self.units: dict[str, Unit] = {}
        ordered = sorted(codes)
        for i in range(0, len(ordered), 500):
            for unit in Unit.objects.filter(code__in=ordered[i : i + 500]):
                self.units[unit.code] = unit
        self.pools = list(visible_pools(user, Capability.PEOPLE_EDIT).filter(is_active=True))
        self.latest_birth_year = timezone.localdate().year - 16

    def bad(self, number: int, name: str, value: str, message: str) -> None:
        self.problems.append(
            Problem(number, self.table.headers.get(name, HEADERS[name]), value, message)
        )

    def unit(self, number: int, name: str, code: str, capability: Capability) -> Unit | None:
        unit = self.units.get(code)
        if unit is None or role_for(self.user, capability, unit.path) is None:
            self.bad(number, name, code, _("No unit with this code in your scope."))
            return None
        if not unit.is_active:
            self.bad(number, name, code, _("This unit has been dissolved."))
            return None
        return unit

    def pool(self, number: int, name: str, unit: Unit):
        """The open pool called `name` whose jurisdiction is over the work unit; the nearest
        jurisdiction when several are."""
        fitting = [
            p
            for p in self.pools
            if _norm(p.name) == _norm(name) and unit.path.startswith(p.jurisdiction.path)
        ]
        if not fitting:
            self.bad(
                number,
                "pools",
                name,
                _(
                    "No open talent pool of this name in your scope whose jurisdiction "
                    "includes the work unit."
                ),
            )
            return None
        return max(fitting, key=lambda p: len(p.jurisdiction.path))

    def clean(self, number: int, raw: dict[str, str]) -> dict[str, Any] | None:
        """Typed values of one row, or None when a cell is wrong (each one is reported)."""
        before = len(self.problems)
        values: dict[str, Any] = {}
        for name, text in raw.items():
            limit = _MAX_LENGTH.get(name)
            if limit and len(text) > limit:
                self.bad(number, name, text, _("Longer than %(max)s characters.") % {"max": limit})
            elif name in REQUIRED_COLUMNS and not text:
                self.bad(number, name, "", _("Required; the cell is empty."))
            elif name == "gender":
                values[name] = self.genders.get(_norm(text), None) if text else ""
                if values[name] is None:
                    self.bad(number, name, text, _("Write 男 or 女, or leave the cell empty."))
            elif name == "birth_year":
                values[name] = self._year(number, text)
            elif name == "specialty":
                values[name] = self._specialty(number, name, text) if text else Specialty.OTHER
            elif name == "expertise":
                values[name] = [self._specialty(number, name, t) for t in split_cell(text)]
            elif name == "unit_code":
                values["unit"] = self.unit(number, name, text, Capability.PEOPLE_EDIT)
            elif name == "native_place_code":
                values["native_place"] = self._native_place(number, text) if text else None
            elif name == "pools":
                values[name] = split_cell(text)
            elif name == "joined_on":
                values[name] = self._joined_on(number, text) if text else None
            else:
                values[name] = text
        if len(self.problems) > before:
            return None
        if values.get("joined_on") and not values.get("pools"):
            self.bad(
                number,
                "joined_on",
                raw["joined_on"],
                _("A date of entry needs the name of a pool in the column 入库."),
            )
            return None
        return values

    def _year(self, number: int, text: str) -> int | None:
        if not text:
            return None
        digits = text.removesuffix("年")
        if not (digits.isascii() and digits.isdigit()
                and 1940 <= int(digits) <= self.latest_birth_year):
            self.bad(
                number,
                "birth_year",
                text,
                _("Enter a year of birth from 1940 to %(latest)s.")
                % {"latest": self.latest_birth_year},
            )
            return None
        return int(digits)

    def _specialty(self, number: int, name: str, text: str) -> str | None:
        value = self.specialties.get(_norm(text))
        allowed = EXPERTISE_VALUES if name == "expertise" else Specialty.values
        if value not in allowed:
            self.bad(
                number,
                name,
                text,
                _("Not a known specialty. Use one of: %(values)s.")
                % {"values": "、".join(label_of(SPECIALTY_LABELS, v) for v in allowed)},
            )
            return None
        return value

    def _native_place(self, number: int, code: str) -> Unit | None:
        unit = self.unit(number, "native_place_code", code, Capability.UNIT_VIEW)
        if unit is not None and not is_home_region(unit):
            self.bad(
                number,
                "native_place_code",
                code,
                _("The home region is a county or district party committee; this unit is not."),
            )
            return None
        return unit

    def _joined_on(self, number: int, text: str) -> date | None:
        day = parse_date(text)
        if day is None:
            self.bad(number, "joined_on", text, _("Write the date as 2024-03-01."))
        elif day > timezone.localdate():
            self.bad(number, "joined_on", text, _("The date of entry cannot be in the future."))
            return None
        return day


def _existing_cadres(keys: set[tuple[str, int]]) -> dict[tuple[str, int], list[Cadre]]:
    found: dict[tuple[str, int], list[Cadre]] = {}
    names = sorted({k[0] for k in keys})
    unit_ids = {k[1] for k in keys}
    for i in range(0, len(names), 500):
        for cadre in Cadre.objects.filter(full_name__in=names[i : i + 500], unit_id__in=unit_ids):
            key = (cadre.full_name, cadre.unit_id)
            if key in keys:
                found.setdefault(key, []).append(cadre)
    return found


def plan_import(user, table: Table) -> ImportPlan:
    """What applying `table` would do, and every problem that stops it. Writes nothing."""
    checker = _Checker(user, table)
    cleaned: list[tuple[int, dict[str, Any]]] = []
    first_row: dict[tuple[str, str], int] = {}
    for number, raw in table.rows:
        values = checker.clean(number, raw)
        key = (raw.get("full_name", ""), raw.get("unit_code", ""))
        if all(key) and key in first_row:
            checker.bad(
                number,
                "full_name",
                key[0],
                _("The same cadre (name and work unit) is already in row %(row)s.")
                % {"row": first_row[key]},
            )
            continue
        first_row.setdefault(key, number)
        if values is not None:
            cleaned.append((number, values))

    existing = _existing_cadres({(v["full_name"], v["unit"].pk) for _n, v in cleaned})
    cadre_ids = [c.pk for found in existing.values() for c in found]
    memberships: dict[tuple[int, int], date | None] = {}
    for i in range(0, len(cadre_ids), 500):
        for m in PoolMembership.objects.filter(cadre_id__in=cadre_ids[i : i + 500]):
            memberships[(m.cadre_id, m.pool_id)] = m.removed_on

    rows: list[PlannedCadre] = []
    for number, values in cleaned:
        unit = values["unit"]
        matches = existing.get((values["full_name"], unit.pk), [])
        if len(matches) > 1:
            checker.bad(
                number,
                "full_name",
                values["full_name"],
                _(
                    "%(count)s cadres of this name already work in this unit; edit them on their "
                    "pages."
                )
                % {"count": len(matches)},
            )
            continue
        planned = _plan_row(checker, number, values, matches[0] if matches else None, memberships)
        if planned is not None:
            rows.append(planned)
    checker.problems.sort(key=lambda p: p.row or 0)
    return ImportPlan(rows=rows, problems=checker.problems)


def _plan_row(
    checker: _Checker,
    number: int,
    values: dict[str, Any],
    cadre: Cadre | None,
    memberships: dict[tuple[int, int], date | None],
) -> PlannedCadre | None:
    unit = values["unit"]
    fields = {k: values[k] for k in PROFILE_COLUMNS if k in values}
    if "native_place" in values:
        fields["native_place"] = values["native_place"].pk if values["native_place"] else None
    specialty = fields.get("specialty", cadre.specialty if cadre else Specialty.OTHER)
    if "expertise" in fields:
        try:
            fields["expertise"] = normalize_expertise(fields["expertise"], specialty)
        except ValidationError as exc:  # cannot happen after the label check; kept as a guard
            checker.bad(number, "expertise", ",".join(fields["expertise"]), " ".join(exc.messages))
            return None
    planned = PlannedCadre(
        row=number,
        full_name=values["full_name"],
        unit_id=unit.pk,
        unit_name=unit.name,
        action="create",
        fields=fields,
        cadre_id=cadre.pk if cadre else None,
        joined_on=values.get("joined_on"),
    )
    if cadre is not None:
        if "expertise" not in fields and cadre.expertise:
            # A new main specialty leaves the further expertise, as the service will do.
            kept = normalize_expertise(cadre.expertise, specialty)
            if kept != cadre.expertise:
                fields["expertise"] = kept
        current = {k: getattr(cadre, f"{k}_id" if k == "native_place" else k) for k in fields}
        planned.changes = {k: [current[k], v] for k, v in fields.items() if current.get(k) != v}
    else:
        planned.changes = {k: [None, v] for k, v in fields.items() if v not in ("", None)}
    for name in dict.fromkeys(values.get("pools", [])):
        pool = checker.pool(number, name, unit)
        if pool is None:
            return None
        key = (cadre.pk if cadre else 0, pool.pk)
        if key in memberships and memberships[key] is None:
            continue  # already a member: nothing to do
        if key in memberships:
            removed_on = memberships[key]
            if planned.joined_on and planned.joined_on < removed_on:
                checker.bad(
                    number,
                    "joined_on",
                    planned.joined_on.isoformat(),
                    _(
                        "The cadre was removed from %(pool)s on %(day)s and can rejoin on or after "
                        "that day."
                    )
                    % {"pool": pool.name, "day": removed_on.isoformat()},
                )
                return None
            planned.rejoins.append(pool.name)
        planned.pools.append(pool.pk)
        planned.pool_names.append(pool.name)
    if cadre is not None:
        planned.action = "update" if planned.changes or planned.pools else "unchanged"
    return planned


def column_help() -> list[dict[str, Any]]:
    """The columns for the import page: header, field name, required, accepted values."""
    notes = {
        "full_name": _(
            "A cadre of the same name in the same work unit is updated, not added twice."
        ),
        "gender": "男、女",
        "birth_year": _("Four digits, for example 1985."),
        "unit_code": _("The code of a unit in your scope."),
        "specialty": "、".join(v[0] for v in SPECIALTY_LABELS.values()),
        "expertise": _("Several specialties separated by 、 or a comma."),
        "native_place_code": _(
            "The code of the county or district party committee of the "
            "cadre's home region; cross inspections avoid it."
        ),
        "pools": _(
            "Names of open talent pools whose jurisdiction includes the work unit, "
            "separated by 、. Pools not named are left as they are."
        ),
        "joined_on": _("For example 2024-03-01; empty for today."),
    }
    return [
        {
            "header": header,
            "field": name,
            "required": name in REQUIRED_COLUMNS,
            "note": notes.get(name, ""),
        }
        for name, header in COLUMNS
    ]
