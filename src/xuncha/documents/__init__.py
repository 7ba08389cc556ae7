"""Official documents (公文) as Word and PDF files, laid out per GB/T 9704-2012.

Every file is made by `generation.generate(template, context, source=…, filename=…, actor=…)`:
the template is the issuing office's own version, the deployment's or the shipped one
(`rendering.resolve_template`), filled with plain data in a sandbox (`sandbox`, `fill`),
converted to PDF from the same content if asked (`pdf`), stored with its SHA-256 and template
version and audited; `generation.generated_response` sends it. The shipped templates of every
app are in `docx/`, written by `python -m xuncha.documents.build_templates` and described in
`registry`."""

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
