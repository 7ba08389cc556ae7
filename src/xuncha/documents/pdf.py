"""PDF made from the same content as the Word file.

`docx_to_pdf` reads the rendered .docx with python-docx and writes HTML that keeps what the
layout means — paragraph styles become classes (title, authority mark, document number,
addressee, headings 1–4, body, signature, date), tables stay tables, page breaks stay page
breaks, bold runs stay bold, pictures are inlined — then WeasyPrint lays it out with the
GB/T 9704 stylesheet (`gbt9704.css`: A4, margins 37/35/28/26 mm, 三号仿宋 body on a 28.95 pt
pitch, 二号小标宋 title, 黑体 and 楷体 headings, "— 1 —" page numbers at the outer edge), each
Chinese font falling back to Noto CJK. Nothing is fetched: the only resources are inline.
"""

import base64
import functools
import html
import logging
from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx.oxml.ns import qn

from xuncha.documents.layout import FALLBACKS, FONT_HEI, SANS_FALLBACK, SERIF_FALLBACK

logger = logging.getLogger(__name__)

CSS_PATH = Path(__file__).resolve().parent / "gbt9704.css"

# Paragraph style name (lower case) → (HTML element, class).
STYLES = {
    "title": ("p", "title"),
    "发文机关标志": ("p", "mark"),
    "发文字号": ("p", "number"),
    "主送机关": ("p", "addressee"),
    "发文机关署名": ("p", "signature"),
    "成文日期": ("p", "date"),
    "空行": ("p", "blank"),
    "heading 1": ("h1", "h1"),
    "heading 2": ("h2", "h2"),
    "heading 3": ("h3", "h3"),
    "heading 4": ("h4", "h4"),
}
ALIGN = {
    "center": "al-center",
    "right": "al-right",
    "end": "al-right",
    "left": "al-left",
    "start": "al-left",
    "both": "al-justify",
    "distribute": "al-justify",
}
EMU_PER_MM = 36000


def font_stack(name: str) -> str:
    """A CSS font-family list for a font named in the document: the font itself, then its
    free replacement."""
    fallback = FALLBACKS.get(name) or (SANS_FALLBACK if "黑" in name else SERIF_FALLBACK)
    generic = "sans-serif" if fallback == SANS_FALLBACK or name == FONT_HEI else "serif"
    return f'"{name}", "{fallback}", {generic}'


class _Writer:
    def __init__(self, document):
        self.document = document
        self.part = document.part
        self.out: list[str] = []
        self.title = ""

    # --- blocks ---
    def body(self, element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == qn("w:p"):
                self.paragraph(child)
            elif tag == qn("w:tbl"):
                self.table(child)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.body(content)

    def _style_name(self, p) -> str:
        ppr = p.find(qn("w:pPr"))
        style_id = None
        if ppr is not None and ppr.find(qn("w:pStyle")) is not None:
            style_id = ppr.find(qn("w:pStyle")).get(qn("w:val"))
        if style_id is None:
            return "normal"
        try:
            style = self.document.styles.element.get_by_id(style_id)
        except Exception:
            style = None
        if style is None:
            return "normal"
        from docx.styles import BabelFish

        return BabelFish.internal2ui(style.name_val or style_id).lower()

    def paragraph(self, p) -> None:
        element, css = STYLES.get(self._style_name(p), ("p", "body"))
        classes = [css]
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            jc = ppr.find(qn("w:jc"))
            if jc is not None and jc.get(qn("w:val")) in ALIGN:
                classes.append(ALIGN[jc.get(qn("w:val"))])
            border = ppr.find(qn("w:pBdr"))
            if border is not None and border.find(qn("w:bottom")) is not None:
                classes.append("rule-below")
            if border is not None and border.find(qn("w:top")) is not None:
                classes.append("rule-above")
            if ppr.find(qn("w:pageBreakBefore")) is not None:
                classes.append("break-before")
        pieces: list[str] = []
        breaks_after = False
        for run in p.iter(qn("w:r")):
            text, page_break = self.run(run)
            pieces.append(text)
            breaks_after = breaks_after or page_break
        inner = "".join(pieces)
        if css == "title" and not self.title:
            self.title = html.unescape(_strip_tags(inner))
        if not _strip_tags(inner).strip() and "<img" not in inner:
            inner = "\u00a0"
        self.out.append(f'<{element} class="{" ".join(classes)}">{inner}</{element}>')
        if breaks_after or (ppr is not None and ppr.find(qn("w:sectPr")) is not None):
            self.out.append('<div class="page-break"></div>')

    def run(self, r) -> tuple[str, bool]:
        """The HTML of one run and whether it breaks the page."""
        parts: list[str] = []
        page_break = False
        for child in r.iterchildren():
            tag = child.tag
            if tag == qn("w:t"):
                parts.append(html.escape(child.text or ""))
            elif tag == qn("w:tab"):
                parts.append("\u2003\u2003")
            elif tag in (qn("w:br"), qn("w:cr")):
                if child.get(qn("w:type")) == "page":
                    page_break = True
                else:
                    parts.append("<br>")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
            elif tag == qn("w:drawing"):
                parts.append(self.image(child))
        text = "".join(parts)
        if not text:
            return "", page_break
        rpr = r.find(qn("w:rPr"))
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            east_asia = fonts.get(qn("w:eastAsia")) if fonts is not None else None
            if east_asia:
                family = html.escape(font_stack(east_asia))
                text = f'<span style="font-family: {family}">{text}</span>'
            bold = rpr.find(qn("w:b"))
            if bold is not None and bold.get(qn("w:val")) not in ("0", "false"):
                text = f"<b>{text}</b>"
            italic = rpr.find(qn("w:i"))
            if italic is not None and italic.get(qn("w:val")) not in ("0", "false"):
                text = f"<i>{text}</i>"
            underline = rpr.find(qn("w:u"))
            if underline is not None and underline.get(qn("w:val")) not in (None, "none"):
                text = f"<u>{text}</u>"
        return text, page_break

    def image(self, drawing) -> str:
        blip = next(drawing.iter(qn("a:blip")), None)
        extent = next(drawing.iter(qn("wp:extent")), None)
        if blip is None:
            return ""
        rid = blip.get(qn("r:embed"))
        try:
            part = self.part.related_parts[rid]
        except KeyError:
            return ""
        mime = part.content_type if part.content_type.startswith("image/") else "image/png"
        data = base64.b64encode(part.blob).decode()
        size = ""
        if extent is not None:
            width = int(extent.get("cx", "0")) / EMU_PER_MM
            height = int(extent.get("cy", "0")) / EMU_PER_MM
            size = f' style="width: {width:.1f}mm; height: {height:.1f}mm"'
        return f'<img src="data:{mime};base64,{data}" alt=""{size}>'

    def table(self, tbl) -> None:
        grid = [int(c.get(qn("w:w"), "0")) for c in tbl.iter(qn("w:gridCol"))]
        total = sum(grid) or 1
        self.out.append('<table class="doc-table">')
        if grid:
            self.out.append(
                "<colgroup>"
                + "".join(f'<col style="width: {100 * w / total:.2f}%">' for w in grid)
                + "</colgroup>"
            )
        rows = [tr for tr in tbl.iterchildren(qn("w:tr"))]
        spans = self._row_spans(rows)
        for y, tr in enumerate(rows):
            self.out.append("<tr>")
            x = 0
            for tc in tr.iterchildren(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                colspan = 1
                merge = None
                if tcpr is not None:
                    span = tcpr.find(qn("w:gridSpan"))
                    colspan = int(span.get(qn("w:val"), "1")) if span is not None else 1
                    vmerge = tcpr.find(qn("w:vMerge"))
                    if vmerge is not None:
                        merge = vmerge.get(qn("w:val")) or "continue"
                if merge == "continue":
                    x += colspan
                    continue
                attrs = ""
                if colspan > 1:
                    attrs += f' colspan="{colspan}"'
                rowspan = spans.get((y, x), 1)
                if rowspan > 1:
                    attrs += f' rowspan="{rowspan}"'
                self.out.append(f"<td{attrs}>")
                self.body(tc)
                self.out.append("</td>")
                x += colspan
            self.out.append("</tr>")
        self.out.append("</table>")

    @staticmethod
    def _row_spans(rows) -> dict[tuple[int, int], int]:
        """(row, grid column) of each cell that starts a vertical merge → rows it spans."""
        merges: dict[tuple[int, int], str] = {}
        for y, tr in enumerate(rows):
            x = 0
            for tc in tr.iterchildren(qn("w:tc")):
                tcpr = tc.find(qn("w:tcPr"))
                colspan = 1
                if tcpr is not None:
                    span = tcpr.find(qn("w:gridSpan"))
                    colspan = int(span.get(qn("w:val"), "1")) if span is not None else 1
                    vmerge = tcpr.find(qn("w:vMerge"))
                    if vmerge is not None:
                        merges[(y, x)] = vmerge.get(qn("w:val")) or "continue"
                x += colspan
        spans = {}
        for (y, x), kind in merges.items():
            if kind == "restart":
                n = 1
                while merges.get((y + n, x)) == "continue":
                    n += 1
                spans[(y, x)] = n
        return spans


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text)


def docx_html(docx_bytes: bytes) -> tuple[str, str]:
    """(HTML body, title) of a .docx."""
    import docx

    document = docx.Document(BytesIO(docx_bytes))
    writer = _Writer(document)
    writer.body(document.element.body)
    return "\n".join(writer.out), writer.title


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise ValidationError(
            _(
                "PDF cannot be made on this server: WeasyPrint could not be loaded (%(error)s). "
                "Download the Word file instead, or ask the administrator to install Pango."
            )
            % {"error": str(exc)[:200]},
            code="pdf_unavailable",
        ) from None
    return weasyprint


@functools.cache
def available() -> bool:
    """Whether this server can make PDF: WeasyPrint loads its libraries (Pango) and lays out a
    page. Asked once per process (pages use it to offer PDF at all); the answer changes only
    when the server is reinstalled."""
    try:
        _weasyprint().HTML(string="<p>巡察</p>", base_url=None).write_pdf()
    except Exception:
        logger.warning("PDF output is not available on this server", exc_info=True)
        return False
    return True


def _fetcher(weasyprint):
    """Refuse every URL but inline data: a document never reaches the network or the disk."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def docx_to_pdf(docx_bytes: bytes) -> bytes:
    """The PDF of a rendered .docx, laid out per GB/T 9704."""
    weasyprint = _weasyprint()
    body, title = docx_html(docx_bytes)
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>{body}</body></html>"
    )
    fetcher = _fetcher(weasyprint)
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = weasyprint.CSS(
        string=CSS_PATH.read_text(encoding="utf-8"), font_config=fonts, url_fetcher=fetcher
    )
    return weasyprint.HTML(string=page, url_fetcher=fetcher, base_url=None).write_pdf(
        stylesheets=[css], font_config=fonts
    )
