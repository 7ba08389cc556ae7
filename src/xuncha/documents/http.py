"""Sending a generated document to the browser under its Chinese file name."""

import re
from urllib.parse import quote

from django.http import HttpResponse

from xuncha.documents.rendering import DOCX_CONTENT_TYPE

# Characters no file system or header should receive in a file name.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_filename(name: str) -> str:
    """A file name without path separators, quotes or control characters."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned or "document"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 5987): browsers use
    the UTF-8 name, old clients the ASCII one."""
    filename = safe_filename(filename)
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem.encode("ascii", "ignore").decode()).strip(
        "_"
    )
    fallback = f"{ascii_stem or 'document'}{'.' + ext if ext.isascii() and ext else ''}"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def docx_response(filename: str, content: bytes) -> HttpResponse:
    """A .docx download. Never cached (the document may hold case material)."""
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "no-store"
    return response


def send_generated(request, make) -> HttpResponse:
    """A download page's whole job: `make(fmt)` generates the document (through
    `generation.generate`) in the format asked for (`?format=pdf`, Word otherwise) and it is
    sent; a template an office broke, or PDF this server cannot make, becomes a page with the
    reason instead of an error 500."""
    from django.core.exceptions import ValidationError
    from django.shortcuts import render

    from xuncha.documents.generation import generated_response, requested_format

    try:
        document = make(requested_format(request))
    except ValidationError as exc:
        return render(request, "documents/error.html", {"errors": exc.messages}, status=422)
    return generated_response(document)


def api_generated(make, fmt: str = "docx") -> HttpResponse:
    """`send_generated` for the API: a ValidationError becomes 422 with its reason."""
    from xuncha.core.api import call_service
    from xuncha.documents.generation import CONTENT_TYPES, generated_response

    return generated_response(call_service(make, fmt if fmt in CONTENT_TYPES else "docx"))
