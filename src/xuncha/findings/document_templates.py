"""The Word templates of findings, in GB/T 9704-2012 layout: the working paper (问题底稿), the
inspection's finding list (问题清单) and the immediate-fix hand-over letter (立行立改问题交办函).

Built by `python -m xuncha.documents.build_templates` with the shared layout helpers; offices
may replace them (same file names). What each receives is built in `findings.word`.
"""

from collections.abc import Callable

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


def _centered(doc, text: str):
    p = paragraph(doc, text, STYLE_NUMBER)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def _lines(doc, name: str, empty: str = "") -> None:
    """A loop over a list of paragraphs, with the text shown when it is empty."""
    paragraph(doc, f"{{%p for line in {name} %}}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    if empty:
        paragraph(doc, f"{{%p if not {name} %}}")
        paragraph(doc, empty)
        paragraph(doc, "{%p endif %}")


def working_paper():
    """巡察工作底稿: one finding. Context: inspection, number, status, title, classification,
    basis, articles, facts, amount, cause, harm, responsible, disposition, suggestion,
    judgment, judgment_note, evidence [{n, kind, label, note}], attachments, reviews [{at, who,
    role, step, comment}], drafter, made_on."""
    doc = new_document()
    paragraph(doc, "巡察工作底稿", STYLE_TITLE)
    _centered(doc, "{{ inspection }}")
    _centered(doc, "底稿编号：第{{ number }}号　状态：{{ status }}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "一、问题", "Heading 1")
    paragraph(doc, "{{ title }}")
    paragraph(doc, "二、问题分类", "Heading 1")
    _lines(doc, "classification", "未分类。")
    paragraph(doc, "三、定性依据", "Heading 1")
    _lines(doc, "basis", "未填写。")
    paragraph(doc, "{%p if articles %}")
    paragraph(doc, "违反的条款：")
    _lines(doc, "articles")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "四、事实", "Heading 1")
    _lines(doc, "facts", "未填写。")
    paragraph(doc, "{%p if amount %}")
    paragraph(doc, "涉及金额：{{ amount }}元。")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "五、原因", "Heading 1")
    _lines(doc, "cause", "未填写。")
    paragraph(doc, "六、危害", "Heading 1")
    _lines(doc, "harm", "未填写。")
    paragraph(doc, "七、责任主体", "Heading 1")
    _lines(doc, "responsible")
    paragraph(doc, "八、处置意见和建议", "Heading 1")
    paragraph(doc, "处置方式：{{ disposition }}。")
    _lines(doc, "suggestion", "未填写。")
    paragraph(doc, "九、失误失责认定", "Heading 1")
    paragraph(doc, "{%p if judgment %}")
    paragraph(doc, "{{ judgment }}")
    paragraph(doc, "{%p else %}")
    paragraph(doc, "{{ judgment_note }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "十、证据材料", "Heading 1")
    paragraph(doc, "{%p for e in evidence %}")
    paragraph(doc, "{{ e.n }}. {{ e.kind }}：{{ e.label }}{% if e.note %}。{{ e.note }}{% endif %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if attachments %}")
    paragraph(doc, "附件：{{ attachments }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if not evidence and not attachments %}")
    paragraph(doc, "未列明证据材料。")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "十一、审签情况", "Heading 1")
    paragraph(doc, "{%p for r in reviews %}")
    paragraph(
        doc,
        "{{ r.at }}　{{ r.who }}（{{ r.role }}）{{ r.step }}"
        "{% if r.comment %}：{{ r.comment }}{% endif %}",
    )
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if not reviews %}")
    paragraph(doc, "尚未提交审签。")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "承办人：{{ drafter }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ made_on }}", STYLE_DATE)
    return doc


def finding_list():
    """巡察发现问题清单: the confirmed findings of an inspection by focus area. Context: title,
    inspection, total, groups [{heading, findings [{n, title, facts, basis, nature,
    disposition, suggestion}]}], signer, made_on."""
    doc = new_document()
    paragraph(doc, "{{ title }}", STYLE_TITLE)
    _centered(doc, "{{ inspection }}")
    _centered(doc, "（共{{ total }}个问题）")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{%p for group in groups %}")
    paragraph(doc, "{{ group.heading }}", "Heading 1")
    paragraph(doc, "{%p for f in group.findings %}")
    paragraph(doc, "{{ f.n }}. {{ f.title }}", "Heading 3")
    paragraph(doc, "{%p for line in f.facts %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if f.basis %}")
    paragraph(doc, "定性依据：{{ f.basis }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if f.nature %}")
    paragraph(doc, "问题类别：{{ f.nature }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "处置意见：{{ f.disposition }}")
    paragraph(doc, "{%p if f.suggestion %}")
    paragraph(doc, "整改建议：{{ f.suggestion }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if not groups %}")
    paragraph(doc, "尚无经组长确认的问题。")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ signer }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ made_on }}", STYLE_DATE)
    return doc


def immediate_fix_letter():
    """立行立改问题交办函: the letter format (信函格式) with the team's red authority mark.
    Context: authority_mark, document_number, addressee, team, target, title, requirement
    (paragraphs), due_on, signer, issued_on. Nothing else of the paper goes to the unit."""
    doc = new_document()
    mark = paragraph(doc, "{{ authority_mark }}", STYLE_MARK)
    red_rule(mark)
    number = paragraph(doc, "{{ document_number }}", STYLE_NUMBER)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "立行立改问题交办函", STYLE_TITLE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ addressee }}：", STYLE_ADDRESSEE)
    paragraph(
        doc,
        "{{ team }}在对{{ target }}开展巡察期间，发现以下问题需立行立改，现交办你单位，"
        "请认真研究，立即整改。",
    )
    paragraph(doc, "一、问题", "Heading 1")
    paragraph(doc, "{{ title }}")
    paragraph(doc, "二、整改要求", "Heading 1")
    _lines(doc, "requirement")
    paragraph(doc, "三、反馈时限", "Heading 1")
    paragraph(
        doc,
        "请于{{ due_on }}前将整改情况（附相关佐证材料）通过巡察工作信息平台或书面形式反馈"
        "{{ team }}。",
    )
    paragraph(doc, "特此函告。")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ signer }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ issued_on }}", STYLE_DATE)
    return doc


TEMPLATES: dict[str, Callable] = {
    "findings_working_paper.docx": working_paper,
    "findings_list.docx": finding_list,
    "findings_immediate_fix.docx": immediate_fix_letter,
}

TITLES = {
    "findings_working_paper.docx": "巡察工作底稿",
    "findings_list.docx": "巡察发现问题清单",
    "findings_immediate_fix.docx": "立行立改问题交办函",
}

VARIABLES = {
    "findings_working_paper.docx": {
        "inspection": "轮次、巡察组和被巡察单位",
        "number": "底稿编号",
        "status": "审签状态",
        "title": "问题",
        "classification": "问题分类，每段一项（列表）",
        "basis": "定性依据，每段一项（列表）",
        "articles": "违反的条款，每条一项（列表）",
        "facts": "事实，每段一项（列表）",
        "amount": "涉及金额（元），无则为空",
        "cause": "原因，每段一项（列表）",
        "harm": "危害，每段一项（列表）",
        "responsible": "责任主体，每段一项（列表）",
        "disposition": "处置方式",
        "suggestion": "建议，每段一项（列表）",
        "judgment": "失误失责认定的综合表述，无则为空",
        "judgment_note": "未作认定时的说明",
        "evidence": "证据材料（列表：n 序号、kind 来源、label 材料、note 证明内容）",
        "attachments": "附件名称，以顿号分隔",
        "reviews": "审签记录（列表：at 时间、who 姓名、role 身份、step 环节、comment 意见）",
        "drafter": "承办人",
        "made_on": "制作日期",
    },
    "findings_list.docx": {
        "title": "标题",
        "inspection": "轮次、巡察组和被巡察单位",
        "total": "问题总数",
        "groups": "按监督重点分组（列表：heading 标题、findings 问题列表：n 序号、title 问题、"
        "facts 具体表现（列表）、basis 定性依据、nature 问题类别、disposition 处置意见、"
        "suggestion 整改建议）",
        "signer": "署名（巡察组）",
        "made_on": "制作日期",
    },
    "findings_immediate_fix.docx": {
        "authority_mark": "发文机关标志（巡察组）",
        "document_number": "发文字号",
        "addressee": "主送单位（被巡察单位）",
        "team": "巡察组名称",
        "target": "被巡察单位",
        "title": "交办的问题",
        "requirement": "整改要求，每段一项（列表）",
        "due_on": "反馈时限",
        "signer": "署名（巡察组）",
        "issued_on": "成文日期",
    },
}

_INSPECTION = "甲一县委2026年第一轮巡察　甲一县委第一巡察组　被巡察单位：甲一县农业农村局"

SAMPLES = {
    "findings_working_paper.docx": lambda: {
        "inspection": _INSPECTION,
        "number": 3,
        "status": "组长已确认",
        "title": "农机购置补贴发放审核把关不严",
        "classification": [
            "监督重点：聚焦群众身边腐败问题和不正之风",
            "违反纪律：工作纪律",
            "共性或个性：个性问题",
            "发现方式：调阅资料",
        ],
        "basis": ["违反《农业机械购置补贴实施办法》关于补贴对象审核的规定。"],
        "articles": ["《中国共产党纪律处分条例》第一百二十一条：工作中不负责任或者疏于管理……"],
        "facts": ["2025年，该局向不符合条件的12户发放农机购置补贴共计36万元。"],
        "amount": "360,000.00",
        "cause": ["审核制度执行不严，复核流于形式。"],
        "harm": ["损害惠民政策公信力。"],
        "responsible": [
            "责任主体：个人",
            "所在单位：甲一县农业农村局",
            "责任人：钱某（农机站站长）",
        ],
        "disposition": "纳入反馈问题清单",
        "suggestion": ["全面清理补贴发放台账，追回违规资金，完善审核制度。"],
        "judgment": "经综合分析，对照“三个区分开来”，钱某（农机站站长）的问题：……综上，属于失误，"
        "建议容错免责。",
        "judgment_note": "不涉及个人行为认定。",
        "evidence": [
            {
                "n": 1,
                "kind": "调阅资料",
                "label": "调阅资料：2025年补贴发放台账",
                "note": "12户不符合条件",
            }
        ],
        "attachments": "补贴发放名单.pdf",
        "reviews": [
            {
                "at": "2026-03-20 17:30",
                "who": "王志强",
                "role": "组员",
                "step": "提交审核",
                "comment": "",
            },
            {
                "at": "2026-03-21 09:10",
                "who": "张建国",
                "role": "组长",
                "step": "组长确认",
                "comment": "同意",
            },
        ],
        "drafter": "王志强",
        "made_on": "2026年3月21日",
    },
    "findings_list.docx": lambda: {
        "title": "甲一县农业农村局巡察发现问题清单",
        "inspection": _INSPECTION,
        "total": 1,
        "groups": [
            {
                "heading": "一、聚焦群众身边腐败问题和不正之风（1个）",
                "findings": [
                    {
                        "n": 1,
                        "title": "农机购置补贴发放审核把关不严",
                        "facts": ["2025年，该局向不符合条件的12户发放农机购置补贴共计36万元。"],
                        "basis": "违反《农业机械购置补贴实施办法》有关规定。",
                        "nature": "工作纪律；个性问题",
                        "disposition": "纳入反馈问题清单",
                        "suggestion": "全面清理补贴发放台账，追回违规资金。",
                    }
                ],
            }
        ],
        "signer": "甲一县委第一巡察组",
        "made_on": "2026年4月17日",
    },
    "findings_immediate_fix.docx": lambda: {
        "authority_mark": "甲一县委第一巡察组",
        "document_number": "甲一巡一函〔2026〕2号",
        "addressee": "甲一县农业农村局",
        "team": "甲一县委第一巡察组",
        "target": "甲一县农业农村局",
        "title": "惠民补贴发放名单未按规定公示",
        "requirement": [
            "立即在各村公示栏公示2025年补贴发放名单。",
            "建立公示台账，逐村留存影像资料。",
        ],
        "due_on": "2026年3月31日",
        "signer": "甲一县委第一巡察组",
        "issued_on": "2026年3月21日",
    },
}
