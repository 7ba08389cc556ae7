"""The Word templates of interviews (the outline handed over, the interview record to sign) in
GB/T 9704 layout. They join every other shipped template in `xuncha.documents.build_templates`
(which writes them to `xuncha/documents/docx/`), so an office replaces them on the template
page like any other:

    python -m xuncha.documents.build_templates
"""

from xuncha.documents.layout import (
    STYLE_ADDRESSEE,
    STYLE_BLANK,
    STYLE_DATE,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    new_document,
    paragraph,
)


def interview_outline():
    """个别谈话提纲: what the liaison hands to the interviewee, general questions first."""
    doc = new_document()
    paragraph(doc, "{{ title }}", STYLE_TITLE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{%p if person %}")
    paragraph(doc, "谈话对象：{{ person }}", STYLE_ADDRESSEE)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if planned %}")
    paragraph(doc, "谈话时间：{{ planned }}", STYLE_ADDRESSEE)
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{{ intro }}")
    paragraph(doc, "{%p for part in parts %}")
    paragraph(doc, "{%p if part.heading %}")
    paragraph(doc, "{{ part.heading }}", "Heading 1")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p for q in part.questions %}")
    paragraph(doc, "{{ q }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{{ team }}", STYLE_SIGNATURE)
    paragraph(doc, "{{ dated }}", STYLE_DATE)
    return doc


def interview_record():
    """谈话记录: the record of one interview, to be read back and signed by those present."""
    doc = new_document()
    paragraph(doc, "谈话记录", STYLE_TITLE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "时间：{{ when }}", STYLE_ADDRESSEE)
    paragraph(doc, "地点：{{ place }}", STYLE_ADDRESSEE)
    paragraph(doc, "谈话对象：{{ person }}", STYLE_ADDRESSEE)
    paragraph(doc, "谈话人：{{ asker }}　　记录人：{{ recorder }}", STYLE_ADDRESSEE)
    paragraph(doc, "{{ team }}", STYLE_ADDRESSEE)
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "{%p for line in lines %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if problems %}")
    paragraph(doc, "谈话反映的问题", "Heading 1")
    paragraph(doc, "{%p for line in problems %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if leads %}")
    paragraph(doc, "问题线索", "Heading 1")
    paragraph(doc, "{%p for line in leads %}")
    paragraph(doc, "{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "", STYLE_BLANK)
    paragraph(doc, "以上记录已阅，与本人所谈一致。", STYLE_ADDRESSEE)
    paragraph(doc, "谈话对象（签名）：　　　　　　　", STYLE_SIGNATURE)
    paragraph(doc, "谈话人（签名）：　　　　　　　", STYLE_SIGNATURE)
    paragraph(doc, "记录人（签名）：　　　　　　　", STYLE_SIGNATURE)
    return doc


TEMPLATES = {
    "interview_outline.docx": interview_outline,
    "interview_record.docx": interview_record,
}

TITLES = {
    "interview_outline.docx": "个别谈话提纲",
    "interview_record.docx": "谈话记录",
}

VARIABLES = {
    "interview_outline.docx": {
        "title": "标题（个别谈话提纲或共性提纲）",
        "person": "谈话对象及职务（共性提纲为空）",
        "planned": "计划谈话日期（可为空）",
        "intro": "说明",
        "parts": "问题分组（列表，每项含 heading 和 questions）",
        "team": "巡察组名称",
        "dated": "日期",
    },
    "interview_record.docx": {
        "when": "谈话时间",
        "place": "谈话地点",
        "person": "谈话对象及职务",
        "asker": "谈话人",
        "recorder": "记录人",
        "team": "巡察组名称",
        "lines": "谈话记录正文，每段一项（列表）",
        "problems": "谈话反映的问题（列表）",
        "leads": "问题线索（列表）",
    },
}


def _outline_sample() -> dict:
    from xuncha.interviews import reference as ref

    return {
        "title": ref.OUTLINE_TITLE_INDIVIDUAL,
        "person": "陈明（党组书记、局长）",
        "planned": "2026年3月5日",
        "intro": ref.OUTLINE_INTRO,
        "parts": [
            {
                "heading": ref.PART_GENERAL,
                "questions": [
                    "1. 你单位党组落实全面从严治党主体责任情况如何？",
                    "2. 你单位“三会一课”制度执行情况如何？",
                ],
            },
            {
                "heading": ref.PART_INDIVIDUAL,
                "questions": ["1. 2025年局机关会议费支出较上年增长较多的原因是什么？"],
            },
        ],
        "team": "县委第一巡察组",
        "dated": "2026年3月2日",
    }


SAMPLES = {
    "interview_outline.docx": _outline_sample,
    "interview_record.docx": lambda: {
        "when": "2026年3月5日 09:00—10:30",
        "place": "甲一县农业农村局三楼小会议室",
        "person": "陈明（党组书记、局长）",
        "asker": "张建国",
        "recorder": "王志强",
        "team": "县委第一巡察组",
        "lines": [
            "问：请介绍一下局党组落实全面从严治党主体责任的情况。",
            "答：局党组每季度专题研究党风廉政建设工作，……",
        ],
        "problems": ["1. 会议费拆分报销", "2. 议事规则未及时修订"],
        "leads": [],
    },
}
