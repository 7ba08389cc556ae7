"""Results to Excel, audited. Cell text comes from respondents (remarks) and from staff
(questions), so any text that a spreadsheet would read as a formula is neutralized."""

from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.fieldwork.access import reader_role
from xuncha.surveys import bank
from xuncha.surveys.models import Answer, Survey, SurveyResponse
from xuncha.surveys.results import survey_results

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value):
    """Text that a spreadsheet would evaluate gets a leading apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _put(ws, row: int, values: list, bold: bool = False) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col)
        cell.value = safe(value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text
        if bold:
            cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _widths(ws, widths: list[int]) -> None:
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _pct(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}%"


def build_workbook(survey: Survey) -> bytes:
    data = survey_results(survey)
    wb = Workbook()
    ws = wb.active
    ws.title = "结果"
    _put(ws, 1, [survey.title], bold=True)
    _put(
        ws,
        2,
        [
            f"有效答卷{data['responses']}份（在线{data['web']}份，纸质{data['paper']}份）；"
            f"否定回答占比达到{data['percent']}%的题目标记为预警"
        ],
    )
    header = [
        "题号",
        "领域",
        "题目",
        "是",
        "否",
        "不了解",
        "好",
        "较好",
        "一般",
        "差",
        "有效回答",
        "否定回答",
        "否定回答占比",
        "预警",
        "所在版本",
    ]
    _put(ws, 4, header, bold=True)
    row = 5
    for r in data["questions"] + data["subjects"]:
        c = r.counts
        text = r.text + (f"（{r.subject_post}）" if r.subject_post else "")
        _put(
            ws,
            row,
            [
                r.number if r.in_current else "",
                r.area_label,
                text,
                c.get("yes", 0) if r.kind == bank.YES_NO else "",
                c.get("no", 0) if r.kind == bank.YES_NO else "",
                c.get("unknown", 0) if r.kind == bank.YES_NO else "",
                *[
                    c.get(v, 0) if r.kind == bank.GRADE else ""
                    for v in ("good", "fair", "average", "poor")
                ],
                r.answered,
                r.negative_label,
                _pct(r.negative_share),
                "是" if r.flagged else "",
                "、".join(f"v{n}" for n in r.versions),
            ],
        )
        row += 1
    _widths(ws, [6, 16, 60, 6, 6, 8, 6, 6, 6, 6, 10, 10, 12, 6, 12])

    if data["subjects"]:
        ws = wb.create_sheet("民主测评")
        _put(
            ws,
            1,
            ["测评对象", "职务", "好", "较好", "一般", "差", "有效票数", "好和较好占比", "差占比"],
            bold=True,
        )
        for i, r in enumerate(data["subjects"], start=2):
            c = r.counts
            _put(
                ws,
                i,
                [
                    r.text,
                    r.subject_post,
                    c.get("good", 0),
                    c.get("fair", 0),
                    c.get("average", 0),
                    c.get("poor", 0),
                    r.answered,
                    _pct(r.good_share),
                    _pct(r.poor_share),
                ],
            )
        _widths(ws, [20, 24, 6, 6, 6, 6, 10, 14, 10])

    ws = wb.create_sheet("备注")
    _put(ws, 1, ["题号", "题目", "备注"], bold=True)
    row = 2
    for r in data["questions"] + data["subjects"]:
        for remark in r.remarks:
            _put(ws, row, [r.number if r.in_current else "", r.text, remark])
            row += 1
    _widths(ws, [6, 50, 80])

    _raw_sheet(wb, survey, data)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _raw_sheet(wb, survey: Survey, data: dict) -> None:
    """One row per form, one column per question: for the office's own analysis. The rows
    carry no date or link, only the channel and the version."""
    ws = wb.create_sheet("答卷明细")
    questions = data["questions"] + data["subjects"]
    col = {r.key: i for i, r in enumerate(questions, start=4)}
    _put(ws, 1, ["序号", "方式", "版本", *[r.text[:40] for r in questions]], bold=True)
    labels = dict(SurveyResponse.Channel.choices)
    responses = list(
        SurveyResponse.objects.filter(survey=survey).select_related("version").order_by("pk")
    )
    rows = {}
    for i, resp in enumerate(responses, start=2):
        rows[resp.pk] = i
        _put(ws, i, [i - 1, str(labels[resp.channel]), f"v{resp.version.number}"])
    for a in Answer.objects.filter(response__survey=survey).select_related("question"):
        if a.key in col:
            text = bank.option_label(a.question.kind, a.value) if a.value else ""
            if a.remark:
                text = f"{text}（{a.remark}）" if text else a.remark
            _put_one(ws, rows[a.response_id], col[a.key], text)


def _put_one(ws, row: int, column: int, value: str) -> None:
    cell = ws.cell(row=row, column=column)
    cell.value = safe(value)
    cell.data_type = "s"


def export_results(survey: Survey, *, actor) -> bytes:
    """The workbook of a survey's results; the export is an audit event. The caller has
    reached the survey through the choke point."""
    with transaction.atomic():
        content = build_workbook(survey)
        record(
            EventType.SURVEY_EXPORTED,
            actor=actor,
            role=reader_role(actor, survey.inspection),
            unit=survey.inspection.target,
            obj=survey,
            changes={"format": [None, "xlsx"]},
            reason=_("Excel export"),
        )
    return content
