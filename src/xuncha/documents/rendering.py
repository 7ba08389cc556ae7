"""Filling an official document template (.docx, see build_templates) with docxtpl.

A template is looked up first in the directory of the `DOCUMENT_TEMPLATE_DIR` setting, where an
office keeps its own edited copies, then among the templates shipped in `docx/`.
"""

from datetime import date
from io import BytesIO
from pathlib import Path

from django.conf import settings
from docxtpl import DocxTemplate

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHIPPED_DIR = Path(__file__).resolve().parent / "docx"


def template_path(template: str) -> Path:
    """The file of a template by its name ("authorization.docx"); never a path outside the
    template directories."""
    if Path(template).name != template or not template.endswith(".docx"):
        raise ValueError(f"not a template name: {template!r}")
    custom = getattr(settings, "DOCUMENT_TEMPLATE_DIR", "") or ""
    if custom:
        candidate = Path(custom) / template
        if candidate.is_file():
            return candidate
    path = SHIPPED_DIR / template
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def render_docx(template: str, context: dict) -> bytes:
    """The template filled with `context`, as the bytes of a .docx file. Values are escaped for
    XML, so names with & or < cannot break the document."""
    doc = DocxTemplate(template_path(template))
    doc.render(context, autoescape=True)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def chinese_date(value: date | None) -> str:
    """A date as official documents write it: 2026年3月2日 (GB/T 9704-2012 uses Arabic digits
    and no leading zeros)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_period(start: date | None, end: date | None) -> str:
    """2026年3月2日至4月17日; the year is repeated only when it changes."""
    if start is None or end is None:
        return chinese_date(start or end)
    if start == end:
        return chinese_date(start)
    tail = chinese_date(end) if end.year != start.year else f"{end.month}月{end.day}日"
    return f"{chinese_date(start)}至{tail}"


def lines(text: str) -> list[str]:
    """Text as paragraphs: one per non-empty line, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
