"""The Word template of leads: 问题线索登记表, one lead on a form with a grid, in the GB/T 9704
page layout (`documents.layout`). Built into documents/docx by
`python -m xuncha.documents.build_templates`; filled by `documents.generation.generate` with
the plain data of `views_documents.registration_context`."""

from collections.abc import Callable

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from xuncha.documents.layout import (
    FONT_BODY,
    FONT_HEI,
    STYLE_BLANK,
    STYLE_NUMBER,
    STYLE_TITLE,
    new_document,
    paragraph,
    set_run_fonts,
)

STYLE_CELL = "表格文字"
STYLE_CELL_LABEL = "表格栏目"
STYLE_CLASSIFICATION = "密级"
SIZE_CELL = Pt(14)  # 四号: a form's grid is set a size below the body


def _style(doc, name: str, *, font: str, size, align, bold: bool = False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    set_run_fonts(style.element, font)
    style.font.size = size
    style.font.bold = bold
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(0)
    ind = fmt._element.get_or_add_pPr().get_or_add_ind()
    ind.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}firstLineChars", "0")
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(22)
    fmt.space_before = fmt.space_after = Pt(3)
    return style


def _row(table, label: str, lines: list[str]) -> None:
    """A row of the grid: the label, then the value as one or more paragraphs."""
    cells = table.add_row().cells
    cells[0].paragraphs[0].text = label
    cells[0].paragraphs[0].style = STYLE_CELL_LABEL
    first = cells[1].paragraphs[0]
    first.text = lines[0]
    first.style = STYLE_CELL
    for line in lines[1:]:
        cells[1].add_paragraph(line, style=STYLE_CELL)


def lead_registration():
    """问题线索登记表. Context: classification, title, inspection, number, target, subjects
    [{text}], source, content (paragraphs), proposed_receiver, proposed_disposal, assessment
    (paragraphs), registered_by, registered_on, status, handover (a line, or empty),
    made_on. Every list has at least one entry (the view puts "无" in an empty one)."""
    doc = new_document()
    _style(doc, STYLE_CELL, font=FONT_BODY, size=SIZE_CELL, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, STYLE_CELL_LABEL, font=FONT_HEI, size=SIZE_CELL, align=WD_ALIGN_PARAGRAPH.CENTER)
    _style(doc, STYLE_CLASSIFICATION, font=FONT_HEI, size=Pt(16), align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph(doc, "{{ classification }}", STYLE_CLASSIFICATION)
    paragraph(doc, "{{ title }}", STYLE_TITLE)
    paragraph(doc, "{{ inspection }}", STYLE_NUMBER)
    number = paragraph(doc, "编号：{{ number }}", STYLE_NUMBER)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _row(table, "被巡察单位", ["{{ target }}"])
    _row(table, "被反映人", ["{%p for s in subjects %}", "{{ s.text }}", "{%p endfor %}"])
    _row(table, "线索来源", ["{{ source }}"])
    _row(table, "主要内容", ["{%p for line in content %}", "{{ line }}", "{%p endfor %}"])
    _row(table, "拟移交单位", ["{{ proposed_receiver }}"])
    _row(table, "拟处置方式", ["{{ proposed_disposal }}"])
    _row(table, "研判意见", ["{%p for line in assessment %}", "{{ line }}", "{%p endfor %}"])
    _row(table, "登记人", ["{{ registered_by }}　　登记日期：{{ registered_on }}"])
    _row(table, "办理情况", ["{{ status }}{% if handover %}；{{ handover }}{% endif %}"])
    _row(table, "组长意见", ["", "", "签名：　　　　　　年　　月　　日"])
    table.rows[-1].cells[1].paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # Fixed widths: a narrow column of labels, the rest for the text (LibreOffice reads the
    # grid, Word the cells, so both are set).
    table.autofit = False
    widths = (Mm(32), Mm(124))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    paragraph(doc, "", STYLE_BLANK)
    note = paragraph(doc, "本表属工作秘密，仅限授权人员阅看，不得复制、外传。", STYLE_CELL)
    note.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph(doc, "制表日期：{{ made_on }}", STYLE_CELL).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


TEMPLATES: dict[str, Callable] = {
    "lead_registration.docx": lead_registration,
}

TITLES = {"lead_registration.docx": "问题线索登记表"}

VARIABLES = {
    "lead_registration.docx": {
        "classification": "密级标注，如“工作秘密”",
        "title": "标题“问题线索登记表”",
        "inspection": "轮次和巡察组",
        "number": "线索编号，如“第3号”",
        "target": "被巡察单位",
        "subjects": "被反映人（列表，每项 text：姓名，单位职务，干部层级）",
        "source": "线索来源",
        "content": "主要内容，每段一项（列表）",
        "proposed_receiver": "拟移交单位",
        "proposed_disposal": "拟处置方式",
        "assessment": "研判意见，每段一项（列表）",
        "registered_by": "登记人",
        "registered_on": "登记日期",
        "status": "办理状态",
        "handover": "边巡边移交情况（无则为空）",
        "made_on": "制表日期",
    },
}

SAMPLES = {
    "lead_registration.docx": lambda: {
        "classification": "工作秘密",
        "title": "问题线索登记表",
        "inspection": "甲一县委2026年第一轮巡察　甲一县委第一巡察组",
        "number": "第3号",
        "target": "甲一县农业农村局",
        "subjects": [{"text": "钱某某，甲一县农业农村局局长，乡科级正职"}],
        "source": "信访举报：信访件第12号：反映局长在项目验收中收受礼金",
        "content": [
            "反映该局局长在2025年高标准农田项目验收中收受施工方礼金。",
            "信访人提供了转账记录截图。",
        ],
        "proposed_receiver": "纪委监委",
        "proposed_disposal": "初步核实",
        "assessment": ["线索具体，有转账记录佐证，可查性强。"],
        "registered_by": "王志强",
        "registered_on": "2026年3月6日",
        "status": "已研判",
        "handover": "",
        "made_on": "2026年3月8日",
    },
}
