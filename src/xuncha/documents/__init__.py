"""Official documents (公文) as Word files: GB/T 9704-2012 templates in `docx/`, written by
`python -m xuncha.documents.build_templates`, filled with docxtpl by `render_docx`, sent with
`docx_response`. Reports, notices and letters of later stages reuse the same machinery."""

from xuncha.documents.http import content_disposition, docx_response, safe_filename
from xuncha.documents.rendering import (
    DOCX_CONTENT_TYPE,
    chinese_date,
    chinese_period,
    lines,
    render_docx,
)

__all__ = [
    "DOCX_CONTENT_TYPE",
    "chinese_date",
    "chinese_period",
    "content_disposition",
    "docx_response",
    "lines",
    "render_docx",
    "safe_filename",
]
