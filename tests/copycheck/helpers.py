"""Texts and shortcuts shared by the copied-text check's tests."""

import io
import random

import pytest

from xuncha.audit.models import AuditEvent
from xuncha.copycheck import services
from xuncha.copycheck.models import CopyMatch, MaterialKind, UnitMaterial
from xuncha.plans.models import Inspection, Stage

# Common characters of official prose; random runs of them share no 8-character window.
_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
)


def prose(seed: int, length: int = 400) -> str:
    """Chinese-looking text of `length` characters, punctuated, different for every seed."""
    rng = random.Random(seed)
    out, since = [], 0
    for _ in range(length):
        out.append(rng.choice(_CHARS))
        since += 1
        if since >= rng.randint(8, 20):
            out.append(rng.choice("，，，。；"))
            since = 0
    return "".join(out) + "。"


COPIED = (
    "一是理论学习不够深入。对新思想学习不深不透，存在学用脱节的问题，满足于读读文件、记记笔记。"
    "二是担当作为不够。面对复杂局面和矛盾问题，有畏难情绪，工作推进缓慢，习惯于按老办法办事。"
    "三是作风建设有差距。深入基层调查研究少，解决群众急难愁盼问题不够及时，服务意识不强。"
)
SECRET_OTHER = "财政局的整改措施"


def up(
    inspection,
    *,
    actor=None,
    unit=None,
    kind=MaterialKind.SELF_CRITICISM,
    title="对照检查材料",
    author="张三",
    text=None,
    **kwargs,
):
    """Upload through the service, for the target unless told otherwise."""
    return services.upload_material(
        inspection,
        actor=actor,
        unit=unit or inspection.target,
        kind=kind,
        title=title,
        author=author,
        text=text,
        **kwargs,
    )


def state():
    """What a refused request must leave as it was."""
    return (
        list(UnitMaterial.objects.order_by("pk").values_list("pk", "title")),
        list(CopyMatch.objects.order_by("pk").values_list("pk", "score")),
        AuditEvent.objects.count(),
    )


def pair_of(a, b):
    low, high = sorted([a.pk, b.pk])
    return CopyMatch.objects.filter(material_id=low, other_id=high).first()


def stationed(inspection):
    Inspection.objects.filter(pk=inspection.pk).update(stage=Stage.STATIONED)
    inspection.refresh_from_db()


def docx_bytes(*paragraphs: str, table=None) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph("此致")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(html_body: str) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    html = f'<html><body style="font-family: Noto Serif CJK SC">{html_body}</body></html>'
    return weasyprint.HTML(string=html).write_pdf()
