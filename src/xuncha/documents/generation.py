"""Generating an official document and keeping it: the one way every page, API operation and
job produces a Word or PDF file.

`generate` finds the template (the office's own version, the deployment's directory, the
shipped file), fills it in the sandbox with plain data, converts it to PDF if asked, stores the
file with its SHA-256 and the template version it came from (`GeneratedDocument`) and writes
the `document.generated` audit event, in one transaction: if that transaction rolls back, the
stored file is removed too. `generated_response` sends it. Callers authorize before calling.
"""

import hashlib

from django.db import models, transaction
from django.http import HttpResponse

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.documents.files import save_in_transaction
from xuncha.documents.fill import render_template
from xuncha.documents.http import content_disposition, safe_filename
from xuncha.documents.models import GeneratedDocument
from xuncha.documents.rendering import DOCX_CONTENT_TYPE, ResolvedTemplate, resolve_template

PDF_CONTENT_TYPE = "application/pdf"
CONTENT_TYPES = {"docx": DOCX_CONTENT_TYPE, "pdf": PDF_CONTENT_TYPE}
FORMATS = tuple(CONTENT_TYPES)


def generate(
    template: str,
    context: dict,
    *,
    source: models.Model,
    filename: str,
    actor,
    role: str = "",
    fmt: str = "docx",
    inspection=None,
    unit=None,
) -> GeneratedDocument:
    """Render `template` with `context` (plain data only: str, numbers, dates, lists, dicts)
    as `fmt` ("docx" or "pdf"), store it and audit it. `source` is the record the document is
    about; `unit` is the issuing office's unit (its own templates win) and defaults to the
    inspection's round jurisdiction. ValidationError when the template is unsafe or faulty or
    PDF cannot be made; TypeError when the context is not plain data."""
    if unit is None and inspection is not None:
        unit = inspection.round.jurisdiction
    resolved = resolve_template(template, unit)
    return generate_from(
        resolved,
        context,
        source=source,
        filename=filename,
        actor=actor,
        role=role,
        fmt=fmt,
        inspection=inspection,
        unit=unit,
    )


def generate_from(
    resolved: ResolvedTemplate,
    context: dict,
    *,
    source: models.Model,
    filename: str,
    actor,
    role: str = "",
    fmt: str = "docx",
    inspection=None,
    unit=None,
) -> GeneratedDocument:
    """`generate` with the template already chosen (a preview of one office version)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown format {fmt!r}")
    content = render_template(resolved.data, context)
    if fmt == "pdf":
        from xuncha.documents.pdf import docx_to_pdf

        content = docx_to_pdf(content)
    stem = safe_filename(filename)
    if stem.lower().endswith((".docx", ".pdf")):
        stem = stem.rsplit(".", 1)[0]
    name = f"{stem}.{fmt}"
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        document = GeneratedDocument(
            template=resolved.name,
            template_version=resolved.version,
            format=fmt,
            filename=name,
            size=len(content),
            sha256=digest,
            object_type=source._meta.label_lower,
            object_id=str(source.pk),
            inspection=inspection,
            unit=unit,
            generated_by=actor if actor is not None and getattr(actor, "pk", None) else None,
        )
        save_in_transaction(document.file, f"{digest[:16]}.{fmt}", content)
        document.save()
        # Not the file name: it may name the person a document is about, and the audit trail
        # is read by the security auditor, who sees no case material.
        record(
            EventType.DOCUMENT_GENERATED,
            actor=actor,
            role=role,
            obj=source,
            unit=inspection.target if inspection is not None else unit,
            changes={
                "document": document.pk,
                "template": resolved.name,
                "template_version": resolved.version,
                "format": fmt,
                "sha256": digest,
                "size": len(content),
            },
        )
    document._content = content
    return document


def generated_response(document: GeneratedDocument) -> HttpResponse:
    """The document as a download, never cached, with its SHA-256 in a header."""
    content = document.content
    response = HttpResponse(content, content_type=CONTENT_TYPES[document.format])
    response["Content-Disposition"] = content_disposition(document.filename)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "no-store"
    response["X-Content-SHA256"] = document.sha256
    return response


def requested_format(request) -> str:
    """The format asked for by `?format=pdf` on a download URL (Word otherwise)."""
    value = request.GET.get("format", "docx")
    return value if value in CONTENT_TYPES else "docx"
