"""Write the .docx templates of official documents in GB/T 9704-2012 layout.

    python -m xuncha.documents.build_templates [output directory]

The templates of every app are committed in `docx/`: those below and those of the modules in
`APP_TEMPLATE_MODULES` (interviews, findings, leads, reports). Run this after changing the
wording or the layout of any of them, and commit the result. An office replaces a template with
its own version on the template page (or, for a whole deployment, in the directory named by the
`DOCUMENT_TEMPLATE_DIR` setting): the placeholders ({{ leader }}, {%p for line in lines %} …)
are Jinja, filled by docxtpl in a sandbox; `registry` says what each template receives.
"""

import io
import sys
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from xuncha.documents.layout import (
    STYLE_ADDRESSEE,
    STYLE_BLANK,
    STYLE_DATE,
    STYLE_MARK,
    STYLE_NUMBER,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    new_document,
    paragraph,
    red_rule,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "docx"
# A fixed time inside the archive, so that building twice gives the same bytes.
_STAMP = (2026, 1, 1, 0, 0, 0)


def authorization():
    """巡察组组长授权书: the one-time authorization (一次一授权) of a team leader."""
    doc = new_document()
    paragraph(doc, "巡察组组长授权书", STYLE_TITLE)
    paragraph(doc, "{{ document_number }}", STYLE_NUMBER)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(
        doc,
        "根据《中国共产党巡视工作条例》和{{ authority }}关于巡察工作的部署，经{{ authority }}"
        "巡察工作领导小组研究决定，授权{{ leader }}同志担任{{ round }}{{ team }}组长，负责对"
        "{{ targets }}开展巡察，进驻时间为{{ period }}。",
    )
    paragraph(
        doc,
        "{{ team }}在{{ authority }}巡察工作领导小组领导下开展工作，组长对本组巡察工作负总责，"
        "严格执行巡察工作有关规定和纪律要求，重要情况及时向巡察工作领导小组请示报告。",
    )
    paragraph(
        doc,
        "本授权实行一次一授权，仅限本轮巡察任务有效，巡察任务完成后自行终止，不得转授他人。",
    )
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ signer }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ issued_on }}", STYLE_DATE)
    return doc


def pledge():
    """巡察工作人员保密承诺书: the confidentiality pledge a team member signs for a round."""
    doc = new_document()
    paragraph(doc, "巡察工作人员保密承诺书", STYLE_TITLE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(
        doc,
        "本人{{ cadre }}，{{ unit }}{{ post }}，参加{{ round }}，在{{ team }}担任{{ role }}。",
    )
    paragraph(doc, "{%p for line in lines %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "承诺人（签名）：　　　　　　　", STYLE_SIGNATURE)
    paragraph(doc, "{{ signed_on }}", STYLE_DATE)
    return doc


def evaluation_letter():
    """关于××同志参加巡察工作表现情况的函: the end-of-round evaluation sent to the cadre's
    home unit, in the letter format (信函格式) with the red authority mark."""
    doc = new_document()
    mark = paragraph(doc, "{{ authority_mark }}", STYLE_MARK)
    red_rule(mark)
    number = paragraph(doc, "{{ document_number }}", STYLE_NUMBER)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT  # under the rule, at the right (信函格式)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "关于{{ cadre }}同志参加巡察工作表现情况的函", STYLE_TITLE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ home_unit }}：", STYLE_ADDRESSEE)
    paragraph(
        doc,
        "{{ cadre }}同志（{{ post }}）于{{ period }}参加{{ round }}，在{{ team }}担任{{ role }}，"
        "参与对{{ targets }}的巡察工作。",
    )
    paragraph(
        doc,
        "经巡察组考核、{{ authority }}巡察工作领导小组办公室综合评定，该同志在本轮巡察工作中"
        "表现为“{{ grade }}”。主要表现如下：",
    )
    paragraph(doc, "{%p for line in comments %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(
        doc,
        "请将此函存入该同志个人档案，作为其年度考核、评先评优和培养使用的参考。",
    )
    paragraph(doc, "特此函告。")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ signer }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ evaluated_on }}", STYLE_DATE)
    return doc


def _centered(doc, text: str):
    """A body paragraph centred without the first-line indent (a QR code, a subtitle)."""
    p = paragraph(doc, text, STYLE_NUMBER)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def fieldwork_notice():
    """巡察通知: the notice sent to the target before stationing, in the letter format with
    the office's red authority mark. Context: authority_mark, document_number, title,
    addressee, lines (the body, one paragraph each), signer, issued_on."""
    doc = new_document()
    mark = paragraph(doc, "{{ authority_mark }}", STYLE_MARK)
    red_rule(mark)
    number = paragraph(doc, "{{ document_number }}", STYLE_NUMBER)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ title }}", STYLE_TITLE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ addressee }}：", STYLE_ADDRESSEE)
    paragraph(doc, "{%p for line in lines %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ signer }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ issued_on }}", STYLE_DATE)
    return doc


def fieldwork_announcement():
    """巡察公告: posted at the target and published on the inspection's public page.
    Context: title, authority, team, target, period, scope (paragraphs), closes_on, hours,
    contacts (lines), public_url, qr (an image, or empty), signer, published_on."""
    doc = new_document()
    paragraph(doc, "{{ title }}", STYLE_TITLE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(
        doc,
        "根据{{ authority }}巡察工作统一部署，{{ team }}于{{ period }}对{{ target }}党组织"
        "开展巡察。为便于干部群众反映问题，现将有关事项公告如下：",
    )
    paragraph(doc, "一、受理范围", "Heading 1")
    paragraph(doc, "{%p for line in scope %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "二、受理时间", "Heading 1")
    paragraph(doc, "自公告之日起至{{ closes_on }}止。接待时间：{{ hours }}。")
    paragraph(doc, "三、联系方式", "Heading 1")
    paragraph(doc, "{%p for line in contacts %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "四、有关要求", "Heading 1")
    paragraph(
        doc,
        "巡察组提倡实名反映问题，对反映人的信息严格保密。反映问题应当实事求是，"
        "不得捏造事实、诬告陷害他人。",
    )
    paragraph(doc, "{%p if public_url %}")
    paragraph(doc, "扫描下方二维码，可在手机上查看本公告：")
    _centered(doc, "{{ qr }}")
    _centered(doc, "{{ public_url }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ signer }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ published_on }}", STYLE_DATE)
    return doc


def fieldwork_problem_list():
    """巡察组每日问题清单: the problems of one stationing day from the evening briefing, by
    sub-group. Context: title, inspection, day, groups [{name, problems [{n, summary, detail,
    sources, corroborated}]}], total, drafted_by."""
    doc = new_document()
    paragraph(doc, "{{ title }}", STYLE_TITLE)
    _centered(doc, "{{ inspection }}")
    _centered(doc, "{{ day }}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{%p for group in groups %}")
    paragraph(
        doc,
        "{{ '一二三四五六七八九十'[loop.index0] }}、{{ group.name }}"
        "（{{ group.problems|length }}个）",
        "Heading 1",
    )
    paragraph(doc, "{%p for p in group.problems %}")
    paragraph(
        doc,
        "{{ p.n }}. {{ p.summary }}{% if p.corroborated %}（已多源印证）{% endif %}",
        "Heading 3",
    )
    paragraph(doc, "{%p if p.detail %}")
    paragraph(doc, "{{ p.detail }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "来源：{{ p.sources }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "以上共{{ total }}个问题。")
    paragraph(doc, "整理人：{{ drafted_by }}", STYLE_SIGNATURE)
    return doc


def fieldwork_dossier():
    """被巡察单位基本情况: the target dossier for the team's preparation. Context: title,
    inspection, profile (lines), leadership (lines), earlier (lines), answers [{heading,
    lines, files, answered_on}], petition_line, made_on."""
    doc = new_document()
    paragraph(doc, "{{ title }}", STYLE_TITLE)
    _centered(doc, "{{ inspection }}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "一、单位概况", "Heading 1")
    paragraph(doc, "{%p for line in profile %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "二、领导班子", "Heading 1")
    paragraph(doc, "{%p for line in leadership %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if not leadership %}")
    paragraph(doc, "未录入领导班子成员。")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "三、以往巡察情况", "Heading 1")
    paragraph(doc, "{%p for line in earlier %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if not earlier %}")
    paragraph(doc, "无以往巡察记录。")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "四、有关部门提供的情况", "Heading 1")
    paragraph(doc, "{%p for a in answers %}")
    paragraph(doc, "（{{ loop.index }}）{{ a.heading }}", "Heading 2")
    paragraph(doc, "{%p for line in a.lines %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if a.files %}")
    paragraph(doc, "附件：{{ a.files }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "（{{ a.answered_on }}答复）")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if not answers %}")
    paragraph(doc, "尚未收到有关部门答复。")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "五、信访举报情况", "Heading 1")
    paragraph(doc, "{{ petition_line }}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ made_on }}", STYLE_DATE)
    return doc


TEMPLATES: dict[str, Callable] = {
    "authorization.docx": authorization,
    "pledge.docx": pledge,
    "evaluation_letter.docx": evaluation_letter,
    "fieldwork_notice.docx": fieldwork_notice,
    "fieldwork_announcement.docx": fieldwork_announcement,
    "fieldwork_problem_list.docx": fieldwork_problem_list,
    "fieldwork_dossier.docx": fieldwork_dossier,
}


# Apps that keep their own templates next to their code: each module has a `TEMPLATES` dict
# like the one above, built with the same layout helpers, and for the template page `TITLES`
# (name: 中文名称), `VARIABLES` (name: {variable: 说明}) and `SAMPLES` (name: a function
# returning plausible sample data, on which an office's upload is tried before it is accepted).
APP_TEMPLATE_MODULES = (
    "xuncha.interviews.document_templates",
    "xuncha.findings.document_templates",
    "xuncha.leads.document_templates",
    "xuncha.reports.document_templates",
)


def app_modules() -> list:
    """The modules of `APP_TEMPLATE_MODULES` that exist."""
    import importlib

    found = []
    for module_name in APP_TEMPLATE_MODULES:
        try:
            found.append(importlib.import_module(module_name))
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
    return found


def all_templates() -> dict[str, Callable]:
    """The shipped templates of every app, by file name."""
    out = dict(TEMPLATES)
    for module in app_modules():
        out.update(module.TEMPLATES)
    return out


def _reproducible(data: bytes) -> bytes:
    """The same archive with fixed entry times and order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            entry = zipfile.ZipInfo(info.filename, date_time=_STAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def build(directory: Path = TEMPLATE_DIR, names: set[str] | None = None) -> list[Path]:
    """Write the templates (all, or those in `names`) to `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in all_templates().items():
        if names is not None and name not in names:
            continue
        doc = make()
        stamp = datetime(*_STAMP)
        doc.core_properties.created = stamp
        doc.core_properties.modified = stamp
        doc.core_properties.revision = 1
        doc.core_properties.title = name.removesuffix(".docx")
        buffer = io.BytesIO()
        doc.save(buffer)
        path = directory / name
        path.write_bytes(_reproducible(buffer.getvalue()))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    import os

    import django

    # Apps' template modules may import their models (for wording kept next to them).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuncha.settings")
    django.setup()
    args = sys.argv[1:] if argv is None else argv
    for path in build(Path(args[0]) if args else TEMPLATE_DIR):
        print(path)


if __name__ == "__main__":
    main()
