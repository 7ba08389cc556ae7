"""Reading a spreadsheet of units (.xlsx or .csv) and checking it against the tree: the dry run.

`read_table` turns the uploaded bytes into rows keyed by field name, or raises `ImportFileError`
with a message for the whole file. `plan_import` checks every row against the tree and the
user's `unit.import` scope and says what applying would do: it writes nothing. The service
`xuncha.orgs.services.import_units` then applies a clean plan in one transaction.

The column headers and the Chinese labels of level, kind and sector are spelled out here rather
than taken from the translation catalogue, so a file exported by one deployment imports into
another whatever its translations say.
"""

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import charset_normalizer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import role_for
from xuncha.accounts.roles import Capability
from xuncha.orgs.models import Level, Sector, Unit, UnitKind
from xuncha.orgs.services import _LEVEL_RANK
from xuncha.orgs.tree import MAX_DEPTH

MAX_ROWS = 20_000

# (field, Chinese header) in the order of the template and of exports.
COLUMNS: list[tuple[str, str]] = [
    ("code", "单位编码"),
    ("name", "单位全称"),
    ("short_name", "简称"),
    ("level", "层级"),
    ("kind", "类型"),
    ("sector", "领域"),
    ("parent_code", "上级单位编码"),
    ("headcount", "人数"),
    ("party_members", "党员人数"),
    ("contact_person", "联系人"),
    ("contact_phone", "联系电话"),
    ("address", "地址"),
    ("has_office", "设有巡察机构"),
    ("description", "说明"),
]
REQUIRED_COLUMNS = ("code", "name", "level", "kind", "parent_code")
HEADERS = dict(COLUMNS)
# The profile fields a row sets (everything but the parent, which places the unit).
PROFILE_FIELDS = tuple(f for f, _h in COLUMNS if f not in ("code", "parent_code"))

_MAX_LENGTH = {"code": 32, "name": 200, "short_name": 60, "parent_code": 32,
               "contact_person": 60, "contact_phone": 40, "address": 200}

# Chinese labels; the first label of each value is the one exports write.
LEVEL_LABELS: dict[str, list[str]] = {
    Level.PROVINCE: ["省", "省级", "省委"],
    Level.CITY: ["市", "市级", "地市", "市委"],
    Level.COUNTY: ["县", "县级", "县区", "区县", "县(区)", "县(市、区)", "县委"],
    Level.TOWNSHIP: ["乡镇", "乡镇(街道)", "乡", "镇", "街道", "乡镇级"],
    Level.VILLAGE: ["村(社区)", "村", "社区", "村级"],
    Level.OTHER: ["其他"],
}
KIND_LABELS: dict[str, list[str]] = {
    UnitKind.PARTY_COMMITTEE: ["党委"],
    UnitKind.LEADING_PARTY_GROUP: ["党组"],
    UnitKind.WORKING_COMMITTEE: ["工委", "党工委", "工作委员会"],
    UnitKind.TOWNSHIP_COMMITTEE: ["乡镇党委", "街道党工委"],
    UnitKind.VILLAGE_COMMITTEE: ["村(社区)党组织", "村党组织", "社区党组织", "村党支部",
                                 "村党委", "村(社区)党委"],
    UnitKind.DEPARTMENT: ["部门", "机关部门", "职能部门"],
    UnitKind.SOE: ["国有企业", "国企"],
    UnitKind.SCHOOL: ["学校", "高校"],
    UnitKind.HOSPITAL: ["医院", "公立医院"],
    UnitKind.PUBLIC_INSTITUTION: ["事业单位"],
    UnitKind.OTHER: ["其他"],
}
SECTOR_LABELS: dict[str, list[str]] = {
    Sector.PARTY: ["党务", "党群"],
    Sector.GOVERNMENT: ["政务", "政府"],
    Sector.POLITICS_LAW: ["政法"],
    Sector.ECONOMY: ["经济金融", "经济和金融", "经济"],
    Sector.AGRICULTURE: ["农业农村", "三农"],
    Sector.NATURAL_RESOURCES: ["自然资源和建设", "自然资源和城乡建设", "城乡建设"],
    Sector.EDUCATION: ["教育"],
    Sector.HEALTH: ["卫生健康", "卫健", "医疗卫生"],
    Sector.CULTURE: ["宣传文化", "文化宣传", "文化"],
    Sector.SOCIAL: ["社会事务", "社会"],
    Sector.ENTERPRISE: ["国有企业", "国企"],
    Sector.GRASSROOTS: ["乡镇和村", "乡镇村", "基层"],
    Sector.OTHER: ["其他"],
}
YES = {"是", "有", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "无", "n", "no", "false", "0", "×", "✗"}

# Text an export prefixed with an apostrophe so spreadsheets do not run it as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _norm(text: str) -> str:
    """Full-width to half-width, no spaces, lower case: how labels and headers are compared."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def _lookup(labels: dict[str, list[str]], choices: type) -> dict[str, str]:
    table: dict[str, str] = {}
    for value, names in labels.items():
        for name in names:
            table.setdefault(_norm(name), value)
    for choice in choices:
        table.setdefault(_norm(choice.value), choice.value)
        table.setdefault(_norm(str(choice.label)), choice.value)
        # The deployment's own Chinese labels, whatever the translators chose.
        with translation.override("zh-hans"):
            table.setdefault(_norm(str(choice.label)), choice.value)
    return table


def label_of(labels: dict[str, list[str]], value: str) -> str:
    """The Chinese label exports write for a level, kind or sector value."""
    names = labels.get(value)
    return names[0] if names else value


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


@dataclass
class Problem:
    """One thing wrong in the file: a cell (row and column), a whole row or the whole file."""

    row: int | None
    column: str
    value: str
    message: str


@dataclass
class Table:
    """The data rows of a file: (row number as the spreadsheet shows it, {field: text})."""

    rows: list[tuple[int, dict[str, str]]]
    columns: set[str]
    headers: dict[str, str]  # field -> the header as written in the file


@dataclass
class PlannedRow:
    row: int
    code: str
    parent_code: str
    action: str  # "create", "update" or "unchanged"
    fields: dict[str, Any]
    changes: dict[str, list[Any]] = field(default_factory=dict)

    def as_service_row(self) -> dict[str, Any]:
        return {"row": self.row, "code": self.code, "parent_code": self.parent_code,
                "fields": self.fields}


@dataclass
class ImportPlan:
    rows: list[PlannedRow]
    problems: list[Problem]

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.action == "create")

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.action == "update")

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.rows if r.action == "unchanged")

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


# --- Reading the file -----------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Undo the apostrophe an export put before text that looks like a formula.
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        text = text[1:]
    return text


def _header_field(header: str) -> str | None:
    key = _norm(header).rstrip("*")
    for name, zh in COLUMNS:
        if key in (_norm(zh), name):
            return name
    return None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; otherwise what charset_normalizer finds, read as
    GB18030 (a superset of GBK and GB2312) when it looks like any Chinese encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    candidates = {enc.lower() for r in results for enc in r.could_be_from_charset}
    chinese = {"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "cp936"}
    if candidates & chinese or best is None:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    if best is None:
        raise ImportFileError(_(
            "The text encoding of the CSV file could not be recognized. Save it as CSV UTF-8."))
    return str(best)


def _rows_from_csv(data: bytes):
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("The file is not a CSV text file."))
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from csv.reader(io.StringIO(text, newline=""), dialect)
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from None


def _rows_from_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportFileError(_(
            "The file is not a valid Excel workbook (.xlsx). Open it in Excel or WPS and save "
            "it again as .xlsx, or save it as CSV.")) from None
    try:
        yield from sheet.iter_rows(values_only=True)
    except Exception:
        raise ImportFileError(_("The Excel workbook is damaged and cannot be read.")) from None
    finally:
        workbook.close()


def read_table(data: bytes, filename: str) -> Table:
    """The rows of an uploaded .xlsx or .csv file, or ImportFileError."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > settings.XUNCHA_IMPORT_MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(size)s MB.") % {
            "size": round(settings.XUNCHA_IMPORT_MAX_BYTES / 1024 / 1024, 1)})
    name = filename.lower()
    if name.endswith(".xlsx"):
        source = _rows_from_xlsx(data)
    elif name.endswith(".csv"):
        source = _rows_from_csv(data)
    else:
        raise ImportFileError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))

    headers: dict[str, str] = {}
    positions: dict[int, str] = {}
    rows: list[tuple[int, dict[str, str]]] = []
    header_seen = False
    for number, values in enumerate(source, start=1):
        texts = [_cell_text(v) for v in values]
        if not any(texts):
            continue
        if not header_seen:
            header_seen = True
            for index, text in enumerate(texts):
                name_ = _header_field(text) if text else None
                if name_ is None:
                    continue
                if name_ in headers:
                    raise ImportFileError(_("The column “%(column)s” appears twice.") % {
                        "column": text})
                headers[name_] = text
                positions[index] = name_
            missing = [HEADERS[f] for f in REQUIRED_COLUMNS if f not in headers]
            if missing:
                raise ImportFileError(_(
                    "The first row must hold the column headers; missing: %(columns)s. "
                    "Download the template to see them.") % {"columns": "、".join(missing)})
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows; split it.") % {
                "max": MAX_ROWS})
        rows.append((number, {f: (texts[i] if i < len(texts) else "")
                              for i, f in positions.items()}))
    if not header_seen:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has headers but no rows of units."))
    return Table(rows=rows, columns=set(headers), headers=headers)


# --- Checking the rows ----------------------------------------------------------------------


def _clean_row(number: int, raw: dict[str, str], headers: dict[str, str],
               lookups: dict[str, dict[str, str]]) -> tuple[dict[str, Any], list[Problem]]:
    """Typed values of one row, and what is wrong with its cells."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []

    def bad(name: str, message: str) -> None:
        problems.append(Problem(number, headers.get(name, HEADERS[name]), raw.get(name, ""),
                                message))

    for name, text in raw.items():
        limit = _MAX_LENGTH.get(name)
        if limit and len(text) > limit:
            bad(name, _("Longer than %(max)s characters.") % {"max": limit})
            continue
        if name in ("code", "name", "level", "kind") and not text:
            bad(name, _("Required; the cell is empty."))
            continue
        if name in lookups:
            if not text:
                values[name] = Sector.OTHER if name == "sector" else ""
                continue
            value = lookups[name].get(_norm(text))
            if value is None:
                labels = {"level": LEVEL_LABELS, "kind": KIND_LABELS,
                          "sector": SECTOR_LABELS}[name]
                bad(name, _("Not a known value. Use one of: %(values)s.") % {
                    "values": "、".join(names[0] for names in labels.values())})
                continue
            values[name] = value
        elif name in ("headcount", "party_members"):
            if not text:
                values[name] = None
                continue
            try:
                number_value = float(text.replace(",", ""))
            except ValueError:
                number_value = -1.0
            if number_value < 0 or not number_value.is_integer() or number_value > 2**31 - 1:
                bad(name, _("Enter a whole number, 0 or more."))
                continue
            values[name] = int(number_value)
        elif name == "has_office":
            key = _norm(text)
            if key in YES:
                values[name] = True
            elif key in NO or not key:
                values[name] = False
            else:
                bad(name, _("Write 是 (yes) or 否 (no)."))
        elif name == "code":
            if any(ch.isspace() for ch in text):
                bad(name, _("A unit code cannot contain spaces."))
                continue
            values[name] = text
        else:
            values[name] = text
    return values, problems


def _level_ok(level: str, parent_level: str) -> bool:
    if level == Level.OTHER or parent_level == Level.OTHER:
        return True
    return _LEVEL_RANK[Level(level)] >= _LEVEL_RANK[Level(parent_level)]


def _chunks(items: list[str], size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _load_by_code(codes: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    wanted = [*PROFILE_FIELDS, "pk", "code", "path", "depth", "parent__code", "parent__level"]
    for chunk in _chunks(sorted(codes)):
        for row in Unit.objects.filter(code__in=chunk).values(*wanted):
            out[row["code"]] = row
    return out


def plan_import(user, table: Table) -> ImportPlan:
    """What applying `table` would do, and every problem that stops it. Writes nothing."""
    lookups = {"level": _lookup(LEVEL_LABELS, Level), "kind": _lookup(KIND_LABELS, UnitKind),
               "sector": _lookup(SECTOR_LABELS, Sector)}
    problems: list[Problem] = []
    cleaned: list[tuple[int, dict[str, Any]]] = []
    first_row: dict[str, int] = {}
    for number, raw in table.rows:
        values, row_problems = _clean_row(number, raw, table.headers, lookups)
        problems += row_problems
        code = values.get("code")
        if code:
            if code in first_row:
                problems.append(Problem(number, table.headers["code"], code, _(
                    "The same unit code is already in row %(row)s.") % {"row": first_row[code]}))
                continue
            first_row[code] = number
        if not row_problems:
            cleaned.append((number, values))

    raw_by_number = dict(table.rows)
    existing = _load_by_code(set(first_row) | {v.get("parent_code", "") for _n, v in cleaned}
                             - {""})

    def in_scope(path: str) -> bool:
        return role_for(user, Capability.UNIT_IMPORT, path) is not None

    def problem(number: int, name: str, value: str, message: str) -> None:
        problems.append(Problem(number, table.headers.get(name, HEADERS[name]), value, message))

    planned: dict[str, PlannedRow] = {}
    new_rows: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, values in cleaned:
        code = values["code"]
        parent_code = values.get("parent_code", "")
        current = existing.get(code)
        if current is None:
            new_rows[code] = (number, values)
            continue
        if not in_scope(current["path"]):
            problem(number, "code", code, _(
                "This code belongs to a unit outside your scope; choose another code."))
            continue
        if parent_code != (current["parent__code"] or ""):
            problem(number, "parent_code", parent_code, _(
                "The import does not move units: the unit is now under “%(code)s”. Use the "
                "Move page of the unit to move it.") % {"code": current["parent__code"] or "—"})
            continue
        level = values.get("level", current["level"])
        if current["parent__level"] and not _level_ok(level, current["parent__level"]):
            problem(number, "level", raw_by_number[number].get("level", ""),
                    _("A unit cannot be at a higher level than its parent unit."))
            continue
        fields = {k: v for k, v in values.items() if k in PROFILE_FIELDS}
        changes = {k: [current[k], v] for k, v in fields.items() if current[k] != v}
        planned[code] = PlannedRow(number, code, parent_code,
                                   "update" if changes else "unchanged", fields, changes)

    # New units: the parent is an existing unit in scope or another new row of the file.
    depth: dict[str, int] = {}
    level_of: dict[str, str] = {}
    failed: set[str] = set()

    def fail(code: str, name: str, value: str, message: str) -> None:
        failed.add(code)
        problem(new_rows[code][0], name, value, message)

    def place(code: str, trail: list[str]) -> int | None:
        """The depth of the new unit `code`, or None when its parent chain is broken."""
        if code in depth:
            return depth[code]
        if code in failed:
            return None
        number, values = new_rows[code]
        parent_code = values.get("parent_code", "")
        if code in trail:
            cycle = [*trail[trail.index(code):], code]
            text = " → ".join(_("%(code)s (row %(row)s)") % {"code": c, "row": new_rows[c][0]}
                              for c in cycle)
            for member in set(cycle):
                fail(member, "parent_code", new_rows[member][1].get("parent_code", ""),
                     _("The parent units form a cycle: %(cycle)s.") % {"cycle": text})
            return None
        if len(trail) >= MAX_DEPTH:
            fail(code, "parent_code", parent_code, _("The organization tree is too deep here."))
            return None
        if not parent_code:
            fail(code, "parent_code", "", _("A new unit needs the code of its parent unit."))
            return None
        if parent_code in new_rows:
            parent_depth = place(parent_code, [*trail, code])
            if parent_depth is None:
                if code not in failed:
                    fail(code, "parent_code", parent_code, _("The parent unit's row has errors."))
                return None
            parent_level = level_of[parent_code]
        elif parent_code in first_row and parent_code not in planned:
            fail(code, "parent_code", parent_code, _("The parent unit's row has errors."))
            return None
        else:
            current = existing.get(parent_code)
            if current is None or (parent_code not in planned and not in_scope(current["path"])):
                fail(code, "parent_code", parent_code, _(
                    "No unit with this code in your scope, and no row of the file has it."))
                return None
            parent_depth = current["depth"]
            parent_level = (planned[parent_code].fields.get("level", current["level"])
                            if parent_code in planned else current["level"])
        if parent_depth + 1 >= MAX_DEPTH:
            fail(code, "parent_code", parent_code, _("The organization tree is too deep here."))
            return None
        if not _level_ok(values["level"], parent_level):
            fail(code, "level", raw_by_number[number].get("level", ""),
                 _("A unit cannot be at a higher level than its parent unit."))
            return None
        depth[code] = parent_depth + 1
        level_of[code] = values["level"]
        return depth[code]

    for code in new_rows:
        if code not in depth:
            place(code, [])
    ordered_new = sorted((c for c in new_rows if c in depth), key=lambda c: depth[c])
    for code in ordered_new:
        number, values = new_rows[code]
        fields = {k: v for k, v in values.items() if k in PROFILE_FIELDS}
        planned[code] = PlannedRow(number, code, values["parent_code"], "create", fields,
                                   {k: [None, v] for k, v in fields.items()})

    # Updates first (in file order), then new units parents before children.
    rows = sorted((r for r in planned.values() if r.action != "create"), key=lambda r: r.row)
    rows += [planned[c] for c in ordered_new]
    problems.sort(key=lambda p: (p.row or 0))
    return ImportPlan(rows=rows, problems=problems)



def column_help() -> list[dict[str, Any]]:
    """The columns for the import page: header, field name, required, accepted values."""
    notes = {
        "code": _("Unique; an existing code updates that unit."),
        "level": "、".join(v[0] for v in LEVEL_LABELS.values()),
        "kind": "、".join(v[0] for v in KIND_LABELS.values()),
        "sector": "、".join(v[0] for v in SECTOR_LABELS.values()),
        "parent_code": _("The code of an existing unit in your scope, or of another row."),
        "headcount": _("A whole number."),
        "party_members": _("A whole number."),
        "has_office": _("是 or 否"),
    }
    return [{"header": header, "field": name, "required": name in REQUIRED_COLUMNS,
             "note": notes.get(name, "")} for name, header in COLUMNS]
