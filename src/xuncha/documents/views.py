"""Pages of generated documents: the list of an inspection's documents, one document with the
check of its stored file against its hash, and the download of the stored file."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xuncha.documents import services
from xuncha.documents.access import (
    document_reader_role,
    documents_of_inspection,
    get_document_for_user,
)
from xuncha.documents.generation import CONTENT_TYPES
from xuncha.documents.http import content_disposition
from xuncha.documents.registry import info, registry
from xuncha.fieldwork.access import get_stationing_for_user

PAGE_SIZE = 50


def title_of(name: str) -> str:
    entry = info(name)
    return entry.title if entry else name


@login_required
@require_GET
def inspection_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Every document generated for the inspection that the reader may see."""
    inspection = get_stationing_for_user(request.user, pk)
    qs = documents_of_inspection(request.user, inspection)
    template = request.GET.get("template", "")
    if template in registry():
        qs = qs.filter(template=template)
    else:
        template = ""
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for document in page:
        document.title = title_of(document.template)
    used = sorted(
        documents_of_inspection(request.user, inspection)
        .order_by()
        .values_list("template", flat=True)
        .distinct()
    )
    return render(
        request,
        "documents/inspection.html",
        {
            "inspection": inspection,
            "page": page,
            "template": template,
            "templates": [(name, title_of(name)) for name in used],
        },
    )


@login_required
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """One generated document: what, when, by whom, from which template version, and whether
    the stored file still has the hash recorded when it was made."""
    found = get_document_for_user(request.user, pk)
    return render(
        request,
        "documents/document.html",
        {
            "document": found,
            "title": title_of(found.template),
            "verification": services.verify_document(found),
            "inspection": found.inspection,
        },
    )


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored file again, exactly as generated; audited."""
    found = get_document_for_user(request.user, pk)
    verification = services.verify_document(found)
    if verification.missing:
        raise Http404
    services.record_document_download(
        found, actor=request.user, role=document_reader_role(request.user, found)
    )
    with found.file.open("rb") as fh:
        content = fh.read()
    response = HttpResponse(content, content_type=CONTENT_TYPES[found.format])
    response["Content-Disposition"] = content_disposition(found.filename)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "no-store"
    response["X-Content-SHA256"] = found.sha256
    response["X-Content-Verified"] = "yes" if verification.ok else "no"
    return response
