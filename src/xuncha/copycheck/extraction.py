"""The text of an uploaded material: Word (.docx), PDF or plain text.

Files are checked by their content, not their name (`fieldwork.attachments.check_upload`:
size limit, sniffing), then read with python-docx (paragraphs and tables, in document order),
pypdf (text layer only: a scanned page has none, and the person is asked to paste the text) or
charset-normalizer (GBK, GB18030, Big5, UTF-8 with or without BOM, UTF-16 with BOM). A .docx
is a zip archive: its parts are measured before anything is unpacked.
"""

import re
import zipfile
from io import BytesIO

import charset_normalizer
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xuncha.fieldwork.attachments import MAX_BYTES, check_upload

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
TEXT = "text/plain"
ACCEPTED = {DOCX, PDF, TEXT}
# Longest text kept (characters): a democratic life meeting material runs to a few thousand.
MAX_TEXT_CHARS = 200_000
# A .docx whose parts would unpack beyond this is refused (a zip bomb, or not a material).
MAX_UNPACKED = 60 * 1024 * 1024
MAX_PDF_PAGES = 300

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_CHINESE = {"gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950", "cp936", "hz"}


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The file could not be read. Save it again as .docx, PDF or text and retry."),
        code="unreadable",
    )


def kind_of(name: str, data: bytes) -> str:
    """The checked type of an upload, one of ACCEPTED; ValidationError otherwise."""
    for bom, _encoding in _BOMS[1:]:
        if data.startswith(bom) and len(data) <= MAX_BYTES:
            return TEXT  # UTF-16/32 text holds NUL bytes, which the generic sniffing refuses
    mime = check_upload(name, data)
    if mime == "application/msword":
        raise ValidationError(
            _("Word 97–2003 files (.doc) are not read: save the file as .docx and upload it."),
            code="doc",
        )
    if mime not in ACCEPTED:
        raise ValidationError(
            _("Upload a Word (.docx), PDF or text file, or paste the text."), code="type"
        )
    return mime


def decode_text(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise _unreadable() from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding.lower() in _CHINESE | {"utf_8", "utf-8"}:
        return str(best)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The text encoding of the file could not be recognized. Save it as UTF-8."),
            code="encoding",
        ) from None


def _docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise ValidationError(
                    _("The Word file unpacks to more than the limit; it is refused."),
                    code="too_large",
                )
    except zipfile.BadZipFile:
        raise _unreadable() from None
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(BytesIO(data))
    except Exception:  # python-docx raises many kinds on a damaged package
        raise _unreadable() from None
    lines: list[str] = []

    def walk(blocks) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    seen = set()
                    cells = []
                    for cell in row.cells:  # merged cells repeat: keep each once
                        if id(cell._tc) in seen:
                            continue
                        seen.add(id(cell._tc))
                        cells.append(cell.text.strip())
                    lines.append("\t".join(cells))

    walk(document.iter_inner_content())
    return "\n".join(lines)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError(
                _("The PDF is protected by a password; remove the protection and retry."),
                code="encrypted",
            )
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise ValidationError(
                _("The PDF has more than %(n)d pages.") % {"n": MAX_PDF_PAGES}, code="too_large"
            )
        return "\n".join(page.extract_text() or "" for page in pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise _unreadable() from None


_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n(?:[ \t\u3000]*\n)+")


def clean(text: str) -> str:
    """Line endings unified, NULs and runs of blank lines removed, ends trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return _BLANK_LINES.sub("\n\n", text).strip()


def extract(name: str, data: bytes) -> str:
    """The text of an uploaded file, cleaned; ValidationError for a file that is refused or
    holds no text (a scan)."""
    mime = kind_of(name, data)
    if mime == DOCX:
        text = _docx_text(data)
    elif mime == PDF:
        text = _pdf_text(data)
    else:
        text = decode_text(data)
    return clean(text)
