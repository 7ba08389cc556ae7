"""The Word templates of reports, in GB/T 9704 layout; `xuncha.documents.build_templates`
writes them into the shipped template directory (run it after changing anything here).

Every template receives the same context (see `reports.export.document_context`): title,
addressee, sections [{heading, level, paragraphs}] with level 1–3 mapped to the heading
styles (一、 黑体 / （一） 楷体 / 1. 仿宋) and 0 to body text only, signature and date. The leads
report carries the security mark 机密 at the top left.
"""

from collections.abc import Callable

from xuncha.documents.layout import (
    FONT_HEI,
    STYLE_ADDRESSEE,
    STYLE_BLANK,
    STYLE_DATE,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    new_document,
    paragraph,
    set_run_fonts,
)


def _secret_mark(doc) -> None:
    """密级 at the top left, 黑体 三号 (GB/T 9704-2012 7.2.2)."""
    p = paragraph(doc, "", STYLE_ADDRESSEE)
    run = p.add_run("机密")
    set_run_fonts(run._r, FONT_HEI)


def _report(*, secret: bool = False):
    doc = new_document()
    if secret:
        _secret_mark(doc)
        paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ title }}", STYLE_TITLE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ addressee }}：", STYLE_ADDRESSEE)
    paragraph(doc, "{%p for s in sections %}")
    paragraph(doc, "{%p if s.level == 1 %}")
    paragraph(doc, "{{ s.heading }}", "Heading 1")
    paragraph(doc, "{%p elif s.level == 2 %}")
    paragraph(doc, "{{ s.heading }}", "Heading 2")
    paragraph(doc, "{%p elif s.level == 3 %}")
    paragraph(doc, "{{ s.heading }}", "Heading 3")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p for line in s.paragraphs %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ signature }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ date }}", STYLE_DATE)
    return doc


def inspection_report():
    """巡察报告: to the leading group, signed by the team."""
    return _report()


def leads_report():
    """问题线索报告: separate from the inspection report, marked 机密."""
    return _report(secret=True)


def special_topic_report():
    """专题报告: the common problems of a round."""
    return _report()


def summary_report():
    """综合报告: the round as a whole, from the office."""
    return _report()


TEMPLATES: dict[str, Callable] = {
    "report_inspection.docx": inspection_report,
    "report_leads.docx": leads_report,
    "report_special_topic.docx": special_topic_report,
    "report_summary.docx": summary_report,
}

TITLES = {
    "report_inspection.docx": "巡察情况报告",
    "report_leads.docx": "问题线索报告",
    "report_special_topic.docx": "专题报告",
    "report_summary.docx": "巡察综合报告",
}

_VARIABLES = {
    "title": "报告标题",
    "addressee": "主送机关（本级巡察工作领导小组）",
    "sections": "各节：heading 标题、level 层级（1 一、 2 （一） 3 1.，0 无标题）、paragraphs 段落",
    "signature": "署名（巡察组或巡察办）",
    "date": "成文日期",
}
VARIABLES = {name: dict(_VARIABLES) for name in TEMPLATES}


def _sample(title: str, sections: list[dict], signature: str = "安澜区委第一巡察组") -> dict:
    return {
        "title": title,
        "addressee": "安澜区委巡察工作领导小组",
        "sections": sections,
        "signature": signature,
        "date": "2026年11月20日",
    }


_INSPECTION_SECTIONS = [
    {"heading": "一、基本情况和总体评价", "level": 1, "paragraphs": [
        "根据区委统一部署，区委第一巡察组于2026年11月2日至11月20日对区农委党组开展了常规巡察。",
        "总的看，区农委党组能够贯彻落实党中央决策部署，但在惠农资金监管等方面还存在一些问题。",
    ]},
    {"heading": "二、发现的主要问题", "level": 1, "paragraphs": []},
    {"heading": "（一）聚焦群众身边腐败问题和不正之风方面", "level": 2, "paragraphs": []},
    {"heading": "1. 农机购置补贴发放审核把关不严", "level": 3, "paragraphs": [
        "2025年城关镇农机服务站未经实地核验审批补贴12笔，涉及资金23.8万元。",
    ]},
    {"heading": "三、意见建议", "level": 1, "paragraphs": [
        "全面清查近三年补贴发放情况，完善审核机制。",
    ]},
]

SAMPLES = {
    "report_inspection.docx": lambda: _sample(
        "关于对区农委党组巡察情况的报告", _INSPECTION_SECTIONS
    ),
    "report_leads.docx": lambda: _sample("关于对区农委党组巡察发现问题线索的报告", [
        {"heading": "一、线索1", "level": 1, "paragraphs": [
            "被反映人：郑国庆（城关镇农机服务站站长）。", "建议移交区纪委监委初步核实。",
        ]},
    ]),
    "report_special_topic.docx": lambda: _sample("关于本轮巡察发现共性问题的专题报告", [
        {"heading": "一、\u201c三会一课\u201d制度执行不严格", "level": 1, "paragraphs": [
            "本轮巡察的4个单位中有3个存在会议记录补记现象。",
        ]},
    ], signature="安澜区委巡察工作领导小组办公室"),
    "report_summary.docx": lambda: _sample("安澜区委2026年第一轮巡察综合报告", [
        {"heading": "一、巡察工作开展情况", "level": 1, "paragraphs": [
            "本轮派出4个巡察组，对4个党组织开展常规巡察。",
        ]},
    ], signature="安澜区委巡察工作领导小组办公室"),
}
