"""The document as a person sees it: a generated Word file opened by LibreOffice and the PDF of
WeasyPrint, each rendered to PNG. The Chinese title must be in the text, every Chinese
character drawn with an embedded CJK font (never a Latin font substituted for it), and the
title visibly inked on the page."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from xuncha.documents.generation import generate
from xuncha.documents.registry import registry

NOTICE = "fieldwork_notice.docx"
TITLE = "关于第一巡察组对甲一县农业农村局开展巡察的通知"
CJK_FONT = re.compile(r"CJK|FangSong|SimSun|SimHei|KaiTi|仿宋|宋体|黑体|楷体|小标宋", re.I)
DPI = 60

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftoppm, pdffonts, pdftotext) are not installed",
)


def _run(*args: str, cwd: Path | None = None, env: dict | None = None) -> str:
    tool = shutil.which(args[0])
    result = subprocess.run(  # noqa: S603 (fixed tools on files the test wrote)
        [tool, *args[1:]], capture_output=True, check=True, timeout=180, cwd=cwd, env=env
    )
    return result.stdout.decode()


def _generate(ns, fmt: str) -> bytes:
    document = generate(
        NOTICE,
        registry()[NOTICE].sample_context(),
        source=ns.plans.inspection_a1,
        filename="巡察通知",
        actor=ns.personas.office_a,
        fmt=fmt,
        inspection=ns.plans.inspection_a1,
    )
    return document.content


def _fonts_of_chinese(pdf: bytes) -> dict[str, int]:
    """For every font that draws Chinese characters, how many it draws."""
    used: dict[str, int] = {}

    def visit(text, cm, tm, font, size):
        if not font:
            return
        n = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if n:
            name = str(font.get("/BaseFont"))
            used[name] = used.get(name, 0) + n

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return used


def _title_box(pdf_path: Path) -> tuple[float, float, float, float]:
    """The box of the title's first line on page 1, in points (pdftotext -bbox)."""
    html = _run("pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf_path), "-")
    for match in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html,
    ):
        if match.group(5).startswith("关于"):
            return tuple(float(match.group(i)) for i in range(1, 5))
    raise AssertionError(f"no title on page 1:\n{html[:2000]}")


def _check(pdf_path: Path, tmp_path: Path) -> None:
    pdf = pdf_path.read_bytes()
    text = _run("pdftotext", str(pdf_path), "-")
    assert TITLE in re.sub(r"\s+", "", text)
    assert "中共甲一县农业农村局党组" in re.sub(r"\s+", "", text)
    # Every font embedded; every Chinese character drawn with a CJK-capable font.
    fonts = _run("pdffonts", str(pdf_path)).splitlines()[2:]
    assert fonts
    for line in fonts:
        columns = line.split()
        assert "yes" in columns[-5:-3], f"a font is not embedded: {line}"
    chinese = _fonts_of_chinese(pdf)
    assert sum(chinese.values()) > 100, chinese
    latin = [name for name in chinese if not CJK_FONT.search(name)]
    assert not latin, f"Chinese drawn with a Latin font: {latin} in {chinese}"
    # Page 1 as PNG: ink where the title is, paper elsewhere.
    _run(
        "pdftoppm",
        "-png",
        "-r",
        str(DPI),
        "-f",
        "1",
        "-l",
        "1",
        str(pdf_path),
        str(tmp_path / "page"),
    )
    png = next(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    assert abs(image.width - 210 / 25.4 * DPI) < 3 and abs(image.height - 297 / 25.4 * DPI) < 3
    x0, y0, x1, y1 = (v * DPI / 72 for v in _title_box(pdf_path))
    title = image.crop((int(x0), int(y0), int(x1) + 1, int(y1) + 1))
    dark = sum(1 for p in title.tobytes() if p < 128)
    assert dark > 0.05 * title.width * title.height, "the title is not inked"
    corner = image.crop((0, 0, int(20 / 25.4 * DPI), int(20 / 25.4 * DPI)))  # the top margin
    assert min(corner.tobytes()) > 200, "ink in the margin"


@needs_soffice
@needs_poppler
def test_word_file_rendered_by_libreoffice_has_chinese_glyphs(ns, tmp_path):
    source = tmp_path / "notice.docx"
    source.write_bytes(_generate(ns, "docx"))
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    _run(
        "soffice",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"-env:UserInstallation=file://{home}/lo",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(source),
        env=env,
    )
    pdf_path = tmp_path / "notice.pdf"
    assert pdf_path.is_file()
    page = PdfReader(pdf_path).pages[0].mediabox
    assert abs(float(page.width) - 595.3) < 1 and abs(float(page.height) - 841.9) < 1
    _check(pdf_path, tmp_path)


@needs_poppler
def test_weasyprint_pdf_has_chinese_glyphs_and_page_numbers(ns, tmp_path):
    pdf_path = tmp_path / "notice.pdf"
    pdf_path.write_bytes(_generate(ns, "pdf"))
    _check(pdf_path, tmp_path)
    text = _run("pdftotext", "-layout", str(pdf_path), "-")
    assert re.search(r"—\s*1\s*—", text), "no page number “— 1 —”"
