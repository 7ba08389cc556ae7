"""The GB/T 9704-2012 layout of party and government documents (党政机关公文格式), as python-docx
helpers. `build_templates` uses them to write the .docx templates once; rendering never does.

What the standard fixes, and why the numbers are what they are: A4 paper; the type area is
156 mm × 225 mm, so the margins are top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the body is
三号 (16 pt) 仿宋_GB2312, 22 lines of 28 characters, which makes a fixed line pitch of 225 mm / 22
≈ 28.95 pt; titles are 二号 (22 pt) 小标宋; headings 黑体 (一、), 楷体 (（一）), 仿宋 (1. and (1));
page numbers "— 1 —" in 四号 (14 pt) 宋体, 7 mm below the type area, at the outer edge (right on
odd pages, left on even ones, one character in).

Offices rarely have the same fonts installed, so every Chinese font is declared in the font table
with the free font that replaces it best (`FALLBACKS`): Word and LibreOffice then substitute it
instead of falling back to a Latin font.
"""

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
# The page number sits 7 mm below the type area: its baseline area ends about 28 mm above the
# bottom edge of the paper.
FOOTER_DISTANCE = Mm(28)
HEADER_DISTANCE = Mm(15)

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEI = "黑体"
FONT_KAI = "楷体_GB2312"
FONT_SONG = "宋体"
FONT_LATIN = "Times New Roman"
SERIF_FALLBACK = "Noto Serif CJK SC"
SANS_FALLBACK = "Noto Sans CJK SC"
FALLBACKS = {
    FONT_TITLE: SERIF_FALLBACK,
    FONT_BODY: SERIF_FALLBACK,
    FONT_KAI: SERIF_FALLBACK,
    FONT_SONG: SERIF_FALLBACK,
    FONT_HEI: SANS_FALLBACK,
}

SIZE_MARK = Pt(26)  # 一号, the issuing authority mark of a letter
SIZE_TITLE = Pt(22)  # 二号
SIZE_BODY = Pt(16)  # 三号
SIZE_PAGE_NUMBER = Pt(14)  # 四号
LINE_PITCH = Pt(28.95)
CHAR = SIZE_BODY  # one character of body text, for indents
RED = RGBColor(0xFF, 0x00, 0x00)

# Style names an office sees in Word's style gallery.
STYLE_TITLE = "Title"
STYLE_MARK = "发文机关标志"
STYLE_NUMBER = "发文字号"
STYLE_ADDRESSEE = "主送机关"
STYLE_SIGNATURE = "发文机关署名"
STYLE_DATE = "成文日期"
STYLE_BLANK = "空行"
HEADINGS = {  # level: (font, bold)
    1: (FONT_HEI, False),
    2: (FONT_KAI, False),
    3: (FONT_BODY, True),
    4: (FONT_BODY, False),
}


def set_run_fonts(rpr_parent, east_asia: str, latin: str = FONT_LATIN) -> None:
    """Name the Latin and the East Asian font of a style or run: Word picks the font of each
    character by script, so a Chinese font set only as `ascii` would never apply to Chinese."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _reset_style(style) -> None:
    """Drop the character and paragraph formatting a built-in style brings from the default
    template (theme fonts, blue headings, spacing after)."""
    element = style.element
    for tag in ("w:rPr", "w:pPr"):
        for child in element.findall(qn(tag)):
            element.remove(child)


def _line(paragraph_format, *, first_line_chars: int = 0, align=None) -> None:
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = LINE_PITCH
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    paragraph_format.first_line_indent = CHAR * first_line_chars if first_line_chars else Pt(0)
    if align is not None:
        paragraph_format.alignment = align
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()
    # Indents in characters follow the font size when an office changes it.
    ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))


def _paragraph_style(
    doc,
    name: str,
    *,
    font: str,
    size,
    bold: bool = False,
    color=None,
    first_line_chars: int = 0,
    align=None,
    base: str | None = "Normal",
):
    styles = doc.styles
    style = (
        styles[name]
        if name in [s.name for s in styles]
        else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    )
    _reset_style(style)
    if base and name != base:
        style.base_style = styles[base]
    style.quick_style = True
    set_run_fonts(style.element, font)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    if color is not None:
        style.font.color.rgb = color
    _line(style.paragraph_format, first_line_chars=first_line_chars, align=align)
    return style


def _doc_defaults(doc) -> None:
    """Chinese body text wherever nothing else is said: fonts, size and language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        doc.styles.element.remove(defaults)
    defaults = parse_xml(
        '<w:docDefaults xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT_LATIN}" w:hAnsi="{FONT_LATIN}" w:eastAsia="{FONT_BODY}" '
        f'w:cs="{FONT_LATIN}" w:hint="eastAsia"/>'
        '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="579" w:lineRule="exact"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    doc.styles.element.insert(0, defaults)


def _font_table(doc) -> None:
    """Declare each Chinese font with its replacement (`w:altName`) and the GB2312 charset."""
    part = next(
        rel.target_part for rel in doc.part.rels.values() if rel.reltype.endswith("/fontTable")
    )
    root = etree.fromstring(part.blob)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    present = {f.get(qn("w:name")) for f in root.findall("w:font", ns)}
    for name, fallback in FALLBACKS.items():
        if name in present:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), fallback)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        family = "modern" if fallback == SANS_FALLBACK else "roman"
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), family)
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = HEADER_DISTANCE, FOOTER_DISTANCE
    section.gutter = Mm(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _field_run(paragraph, kind: str, text: str = ""):
    run = paragraph.add_run()
    if kind == "instr":
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = text
        run._r.append(instr)
    else:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
    return run


def _page_number(paragraph, *, odd: bool) -> None:
    """ "— 1 —" at the outer edge, one character in."""
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        fmt.right_indent = SIZE_PAGE_NUMBER
    else:
        fmt.left_indent = SIZE_PAGE_NUMBER
    fmt.first_line_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    runs = [paragraph.add_run("— ")]
    runs.append(_field_run(paragraph, "begin"))
    runs.append(_field_run(paragraph, "instr", " PAGE "))
    runs.append(_field_run(paragraph, "separate"))
    runs.append(paragraph.add_run("1"))
    runs.append(_field_run(paragraph, "end"))
    runs.append(paragraph.add_run(" —"))
    for run in runs:
        set_run_fonts(run._r, FONT_SONG)
        run.font.size = SIZE_PAGE_NUMBER


def new_document():
    """An empty document with the page, styles, font table and page numbers of GB/T 9704."""
    doc = Document()
    _doc_defaults(doc)
    _font_table(doc)
    _paragraph_style(
        doc,
        "Normal",
        font=FONT_BODY,
        size=SIZE_BODY,
        first_line_chars=2,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        base=None,
    )
    _paragraph_style(
        doc, STYLE_TITLE, font=FONT_TITLE, size=SIZE_TITLE, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    for level, (font, bold) in HEADINGS.items():
        style = _paragraph_style(
            doc,
            f"Heading {level}",
            font=font,
            size=SIZE_BODY,
            bold=bold,
            first_line_chars=2,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        )
        style.paragraph_format.keep_with_next = True
        style.element.get_or_add_pPr().get_or_add_outlineLvl().val = level - 1
    _paragraph_style(
        doc, STYLE_MARK, font=FONT_TITLE, size=SIZE_MARK, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _paragraph_style(
        doc, STYLE_NUMBER, font=FONT_BODY, size=SIZE_BODY, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _paragraph_style(
        doc, STYLE_ADDRESSEE, font=FONT_BODY, size=SIZE_BODY, align=WD_ALIGN_PARAGRAPH.LEFT
    )
    _paragraph_style(doc, STYLE_BLANK, font=FONT_BODY, size=SIZE_BODY)
    signature = _paragraph_style(
        doc, STYLE_SIGNATURE, font=FONT_BODY, size=SIZE_BODY, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    # The signature is centred over the date, which stands four characters from the right.
    signature.paragraph_format.right_indent = CHAR * 2
    date = _paragraph_style(
        doc, STYLE_DATE, font=FONT_BODY, size=SIZE_BODY, align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    date.paragraph_format.right_indent = CHAR * 4
    footer = doc.styles["Footer"]
    _reset_style(footer)
    set_run_fonts(footer.element, FONT_SONG)
    footer.font.size = SIZE_PAGE_NUMBER
    _page(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    doc.core_properties.author = ""
    doc.core_properties.last_modified_by = ""
    doc.core_properties.comments = ""
    return doc


def paragraph(doc, text: str = "", style: str = "Normal"):
    return doc.add_paragraph(text, style=style)


def red_rule(paragraph, *, thick_above: bool = True) -> None:
    """The red double rule under a letter's authority mark (thick over thin) or above its
    bottom (thin over thick)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement("w:bottom" if thick_above else "w:top")
    edge.set(qn("w:val"), "thickThinSmallGap" if thick_above else "thinThickSmallGap")
    edge.set(qn("w:sz"), "24")
    edge.set(qn("w:space"), "4")
    edge.set(qn("w:color"), "FF0000")
    borders.append(edge)
    # pPr children have a fixed order; Word refuses a document that breaks it.
    ppr.insert_element_before(borders, *_AFTER_PBDR)


_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
