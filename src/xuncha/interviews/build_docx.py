"""Write the Word templates of interviews (the outline handed over, the interview record to
sign) in GB/T 9704 layout, with the layout helpers of `xuncha.documents`:

    python -m xuncha.interviews.build_docx

The templates are committed in `docx/`; run this after changing the wording or the layout
here. An office may put its own edited copy (same name) in the `DOCUMENT_TEMPLATE_DIR` directory.
"""

import io
from datetime import datetime
from pathlib import Path

from xuncha.documents.build_templates import _STAMP, _reproducible
from xuncha.documents.layout import (
    STYLE_ADDRESSEE,
    STYLE_BLANK,
    STYLE_DATE,
    STYLE_SIGNATURE,
    STYLE_TITLE,
    new_document,
    paragraph,
)

DIRECTORY = Path(__file__).resolve().parent / "docx"


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


def build(directory: Path = DIRECTORY) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATES.items():
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


if __name__ == "__main__":
    for written in build():
        print(written)
