"""Word templates made on the spot for the documents tests (and the matrix)."""

import io
import zipfile

import docx

from xuncha.documents.layout import STYLE_TITLE, new_document, paragraph
from xuncha.documents.rendering import shipped_path


def make_template(*lines: str, title: str = "测试模板") -> bytes:
    """A GB/T 9704 .docx whose body is `lines`, one paragraph each."""
    doc = new_document()
    paragraph(doc, title, STYLE_TITLE)
    for line in lines:
        paragraph(doc, line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def edited_shipped(name: str, old: str, new: str) -> bytes:
    """The shipped template `name` with `old` replaced by `new` in its body, as an office
    would edit it in Word."""
    source = zipfile.ZipFile(shipped_path(name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode()
                assert old in text, f"{old!r} not in {name}"
                data = text.replace(old, new).encode()
            target.writestr(info, data)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
