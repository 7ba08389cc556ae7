"""Reading the text of uploaded files: Word, PDF, plain text in the encodings offices use."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from tests.copycheck.helpers import docx_bytes, pdf_bytes
from xuncha.copycheck import extraction

TEXT = "对照检查材料：本人在理论学习方面存在差距，学用脱节。"


def test_docx_paragraphs_and_tables_in_order():
    data = docx_bytes("整改方案", TEXT, table=[["问题", "整改措施"], ["学习不深", "制定学习计划"]])
    text = extraction.extract("方案.docx", data)
    assert text.splitlines() == [
        "整改方案",
        TEXT,
        "问题\t整改措施",
        "学习不深\t制定学习计划",
        "此致",
    ]


def test_docx_merged_cells_are_read_once():
    import docx

    document = docx.Document()
    grid = document.add_table(rows=1, cols=3)
    merged = grid.cell(0, 0).merge(grid.cell(0, 1))
    merged.text = "合并的单元格"
    grid.cell(0, 2).text = "另一格"
    out = io.BytesIO()
    document.save(out)
    assert extraction.extract("a.docx", out.getvalue()) == "合并的单元格\t另一格"


def test_pdf_text_layer():
    data = pdf_bytes(f"<p>{TEXT}</p><p>第二段。</p>")
    assert extraction.extract("材料.pdf", data) == f"{TEXT}\n第二段。"


def test_scanned_pdf_has_no_text():
    data = pdf_bytes("<p></p>")
    assert extraction.extract("扫描件.pdf", data) == ""


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_text_files_in_chinese_encodings(encoding):
    assert extraction.extract("材料.txt", TEXT.encode(encoding)) == TEXT


def test_big5_text_file():
    traditional = "對照檢查材料：本人在理論學習方面存在差距，學用脫節。"
    assert extraction.extract("材料.txt", traditional.encode("big5")) == traditional


def test_line_endings_and_blank_lines_are_cleaned():
    raw = "第一段\r\n\r\n\r\n\r\n第二段\r第三段\n  "
    assert extraction.extract("a.txt", raw.encode("gbk")) == "第一段\n\n第二段\n第三段"
    assert extraction.clean("甲\x00乙") == "甲乙"


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("旧格式.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "doc"),
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "type"),
        ("空.txt", b"", "empty"),
        ("假的.pdf", b"just some text pretending", "mismatch"),
        ("坏的.pdf", b"%PDF-1.4\n garbage", "unreadable"),
    ],
)
def test_refused_files(name, data, code):
    with pytest.raises(ValidationError) as caught:
        extraction.extract(name, data)
    assert caught.value.code == code


def test_zip_bomb_is_refused_before_unpacking(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_UNPACKED", 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        extraction.extract("炸弹.docx", out.getvalue())
    assert caught.value.code == "too_large"


def test_damaged_docx_is_unreadable():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "not xml")
    with pytest.raises(ValidationError) as caught:
        extraction.extract("坏.docx", out.getvalue())
    assert caught.value.code == "unreadable"
