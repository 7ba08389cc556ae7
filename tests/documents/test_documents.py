"""The official document templates: every template of the registry renders its sample data,
carries the substituted text and keeps the GB/T 9704-2012 layout."""

import io
import zipfile
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt

from xuncha.documents import (
    build_templates,
    chinese_date,
    chinese_period,
    content_disposition,
    docx_response,
    lines,
    render_docx,
    safe_filename,
)
from xuncha.documents.fill import render_template
from xuncha.documents.layout import (
    FALLBACKS,
    FONT_BODY,
    FONT_HEI,
    FONT_KAI,
    FONT_SONG,
    FONT_TITLE,
    SANS_FALLBACK,
    SERIF_FALLBACK,
)
from xuncha.documents.registry import registry
from xuncha.documents.rendering import SHIPPED_DIR, shipped_path, template_path

AUTHORIZATION = {
    "document_number": "甲一县委巡授〔2026〕3号",
    "authority": "中共甲一县委",
    "leader": "张建国",
    "round": "甲一县委2026年第一轮巡察",
    "team": "第一巡察组",
    "targets": "甲一县农业农村局、甲一县水利局",
    "period": "2026年3月2日至4月17日",
    "signer": "中共甲一县委巡察工作领导小组",
    "issued_on": "2026年2月26日",
}
PLEDGE = {
    "cadre": "王志强",
    "unit": "甲二县委",
    "post": "科员",
    "round": "甲一县委2026年第一轮巡察",
    "team": "第一巡察组",
    "role": "组员",
    "lines": ["一、严守巡察工作秘密。", "二、不接受宴请。"],
    "signed_on": "2026年3月1日",
}
LETTER = {
    "authority_mark": "中共甲一县委巡察工作领导小组办公室",
    "document_number": "甲一县委巡办函〔2026〕　号",
    "authority": "中共甲一县委",
    "cadre": "王志强",
    "post": "甲二县委科员",
    "home_unit": "甲二县委",
    "period": "2026年3月2日至4月17日",
    "round": "甲一县委2026年第一轮巡察",
    "team": "第一巡察组",
    "role": "组员",
    "targets": "甲一县农业农村局",
    "grade": "优秀",
    "comments": ["政治站位高，敢于较真碰硬。", "作风扎实，严守纪律。"],
    "signer": "中共甲一县委巡察工作领导小组办公室",
    "evaluated_on": "2026年4月30日",
}


def _open(data: bytes):
    return docx.Document(io.BytesIO(data))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _fonts(style) -> dict:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return {k.split("}")[1]: v for k, v in fonts.attrib.items()}


def _assert_gbt9704(document):
    section = document.sections[0]
    for value, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(value.mm - mm) < 0.1
    normal = document.styles["Normal"]
    assert _fonts(normal)["eastAsia"] == FONT_BODY
    assert normal.font.size == Pt(16)
    fmt = normal.paragraph_format
    assert 28 <= fmt.line_spacing.pt <= 29
    assert fmt.first_line_indent == Pt(32)
    title = document.styles["Title"]
    assert _fonts(title)["eastAsia"] == FONT_TITLE
    assert title.font.size == Pt(22)
    assert _fonts(document.styles["Heading 1"])["eastAsia"] == FONT_HEI
    assert _fonts(document.styles["Heading 2"])["eastAsia"] == FONT_KAI
    odd = section.footer.paragraphs[0]
    even = section.even_page_footer.paragraphs[0]
    assert odd.text == "— 1 —" and even.text == "— 1 —"
    assert odd.runs[0].font.size == Pt(14)
    assert odd.runs[0]._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    assert odd.alignment == 2 and even.alignment == 0  # outer edge: right odd, left even
    assert "PAGE" in section.footer._element.xml


def test_authorization_renders_with_substitutions_and_layout():
    document = _open(render_docx("authorization.docx", AUTHORIZATION))
    texts = _texts(document)
    assert texts[0] == "巡察组组长授权书"
    assert document.paragraphs[0].style.name == "Title"
    assert "甲一县委巡授〔2026〕3号" in texts
    body = "\n".join(texts)
    assert (
        "授权张建国同志担任甲一县委2026年第一轮巡察第一巡察组组长，负责对甲一县农业农村局、"
        "甲一县水利局开展巡察"
    ) in body
    assert "仅限本轮巡察任务有效" in body and "一次一授权" in body
    assert texts[-2:] == ["中共甲一县委巡察工作领导小组", "2026年2月26日"]
    assert "{{" not in body and "{%" not in body
    _assert_gbt9704(document)


def test_pledge_renders_every_line_of_the_text():
    document = _open(render_docx("pledge.docx", PLEDGE))
    texts = _texts(document)
    assert texts[0] == "巡察工作人员保密承诺书"
    assert "本人王志强，甲二县委科员，参加甲一县委2026年第一轮巡察，在第一巡察组担任组员。" in texts
    assert "一、严守巡察工作秘密。" in texts and "二、不接受宴请。" in texts
    assert any(t.startswith("承诺人（签名）") for t in texts)
    assert texts[-1] == "2026年3月1日"
    assert not any("{%" in t for t in texts)
    _assert_gbt9704(document)


def test_evaluation_letter_has_the_red_authority_mark():
    document = _open(render_docx("evaluation_letter.docx", LETTER))
    texts = _texts(document)
    mark = document.paragraphs[0]
    assert mark.text == "中共甲一县委巡察工作领导小组办公室"
    assert mark.style.name == "发文机关标志"
    assert str(mark.style.font.color.rgb) == "FF0000"
    assert "w:pBdr" in mark._p.xml and 'w:color="FF0000"' in mark._p.xml
    assert "关于王志强同志参加巡察工作表现情况的函" in texts
    assert "甲二县委：" in texts
    body = "\n".join(texts)
    assert "表现为“优秀”" in body
    assert "政治站位高，敢于较真碰硬。" in texts and "作风扎实，严守纪律。" in texts
    assert texts[-1] == "2026年4月30日"
    _assert_gbt9704(document)


def test_values_are_escaped_for_xml():
    document = _open(render_docx("authorization.docx", {**AUTHORIZATION, "leader": "A&B<C>"}))
    assert "授权A&B<C>同志" in "\n".join(_texts(document))


def test_font_table_names_the_fallbacks():
    with zipfile.ZipFile(template_path("authorization.docx")) as archive:
        table = archive.read("word/fontTable.xml").decode()
    for font, fallback in FALLBACKS.items():
        assert f'w:name="{font}"' in table
        assert f'w:altName w:val="{fallback}"' in table


def test_build_writes_the_same_templates(tmp_path):
    written = build_templates.build(tmp_path)
    assert {p.name for p in written} == set(build_templates.all_templates()) == set(registry())
    for path in written:
        assert path.read_bytes() == shipped_path(path.name).read_bytes(), (
            f"{path.name} is out of date: run python -m xuncha.documents.build_templates"
        )


def test_every_template_has_a_chinese_title_and_interviews_are_registered():
    entries = registry()
    assert {"interview_outline.docx", "interview_record.docx"} <= set(entries)
    assert entries["interview_record.docx"].title == "谈话记录"
    assert entries["interview_record.docx"].app == "interviews"
    for entry in entries.values():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in entry.title), entry.name
        assert (SHIPPED_DIR / entry.name).is_file(), entry.name


@pytest.mark.parametrize("name", [n for n, entry in registry().items() if entry.sample is not None])
def test_every_template_renders_its_sample_in_gbt9704_layout(name):
    entry = registry()[name]
    document = _open(render_template(shipped_path(name).read_bytes(), entry.sample_context()))
    body = "\n".join(_texts(document))
    assert "{{" not in body and "{%" not in body
    assert set(entry.variables) <= set(entry.sample_context()), "a described value has no sample"
    _assert_gbt9704(document)


@pytest.mark.parametrize("name", sorted(registry()))
def test_every_shipped_template_has_the_page_fonts_and_page_numbers(name):
    document = docx.Document(shipped_path(name))
    _assert_gbt9704(document)
    with zipfile.ZipFile(shipped_path(name)) as archive:
        table = archive.read("word/fontTable.xml").decode()
        styles = archive.read("word/styles.xml").decode()
        footers = "".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("word/footer")
        )
    for font, fallback in FALLBACKS.items():
        assert f'w:name="{font}"' in table and f'w:altName w:val="{fallback}"' in table
    assert f'w:altName w:val="{SERIF_FALLBACK}"' in table
    assert f'w:altName w:val="{SANS_FALLBACK}"' in table
    assert 'w:charset w:val="86"' in table  # GB2312
    # Every Chinese font is named as the East Asian font, with a Latin one beside it.
    assert f'w:eastAsia="{FONT_BODY}"' in styles and 'w:ascii="Times New Roman"' in styles
    # "— PAGE —": the page field between two dashes, in 四号宋体.
    assert "PAGE" in footers and footers.count("— ") >= 2 and footers.count(" —") >= 2
    assert f'w:eastAsia="{FONT_SONG}"' in footers and 'w:sz w:val="28"' in footers


def test_template_names_cannot_escape_the_directory(settings, tmp_path):
    with pytest.raises(ValueError):
        template_path("../settings.py")
    with pytest.raises(ValueError):
        template_path("docx/authorization.docx")
    custom = tmp_path / "authorization.docx"
    custom.write_bytes(template_path("pledge.docx").read_bytes())
    settings.DOCUMENT_TEMPLATE_DIR = str(tmp_path)
    assert template_path("authorization.docx") == custom  # an office's own copy wins
    assert template_path("pledge.docx").parent.name == "docx"


def test_chinese_dates():
    assert chinese_date(date(2026, 3, 2)) == "2026年3月2日"
    assert chinese_date(None) == ""
    assert chinese_period(date(2026, 3, 2), date(2026, 4, 17)) == "2026年3月2日至4月17日"
    assert chinese_period(date(2026, 12, 1), date(2027, 1, 15)) == "2026年12月1日至2027年1月15日"
    assert lines(" 一是……\n\n 二是…… ") == ["一是……", "二是……"]


def test_content_disposition_carries_the_chinese_name():
    header = content_disposition("巡察组组长授权书.docx")
    assert header.startswith('attachment; filename="document.docx"; ')
    assert "filename*=UTF-8''%E5%B7%A1%E5%AF%9F" in header
    assert content_disposition("第1组 report.docx").split(";")[1].strip() == (
        'filename="1_report.docx"'
    )
    assert safe_filename('a/b\\c:"d".docx') == "a_b_c_d_.docx"
    response = docx_response("授权书.docx", b"PK")
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"] == content_disposition("授权书.docx")
