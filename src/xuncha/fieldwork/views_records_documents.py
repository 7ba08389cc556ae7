"""Pages of the document and account requests (调阅资料清单): the team's lists and items, a
printable list to hand to the unit, and the unit liaison's view of what was asked of it."""

from collections import Counter
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.fieldwork import services_records_documents as services
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.fieldwork.forms_records import (
    DocumentRequestForm,
    ItemForm,
    MoveForm,
    NewDocumentRequestForm,
    ProvideForm,
)
from xuncha.fieldwork.models import DocumentRequest, RequestedDocument
from xuncha.fieldwork.selectors_records import (
    document_requests_of,
    get_liaison_item,
    get_record_for_user,
    get_requested_document_for_user,
    items_of,
    liaison_item_view,
    liaison_requests,
)

PAGE_SIZE = 20
Status = RequestedDocument.Status


def _writer(request: HttpRequest, inspection) -> None:
    if not may_write(request.user, inspection):
        raise PermissionDenied


def _counts(items) -> list[tuple[str, int]]:
    counts = Counter(item.status for item in items)
    return [(label, counts[value]) for value, label in Status.choices if counts[value]]


@login_required
@require_GET
def document_requests(request: HttpRequest, pk: int) -> HttpResponse:
    """The lists of documents and accounts asked of the unit, newest first."""
    inspection = get_stationing_for_user(request.user, pk)
    page = Paginator(document_requests_of(inspection), PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        items = list(entry.items.all())
        entry.item_count, entry.status_counts = len(items), _counts(items)
    return render(
        request,
        "fieldwork/records/document_requests.html",
        {
            "inspection": inspection,
            "page": page,
            "writable": may_write(request.user, inspection),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    _writer(request, inspection)
    today = timezone.localdate()
    form = NewDocumentRequestForm(
        request.POST or None, initial={"sent_on": today, "due_on": today + timedelta(days=3)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_document_request(
                inspection,
                actor=request.user,
                title=data["title"],
                sent_on=data["sent_on"],
                due_on=data["due_on"],
                note=data["note"],
                items=data["items"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Document request saved."))
            return redirect("fieldwork:document_request", pk=created.pk)
    return render(
        request,
        "fieldwork/records/document_request_form.html",
        {
            "inspection": inspection,
            "form": form,
        },
    )


@login_required
@require_GET
def document_request(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_record_for_user(request.user, DocumentRequest, pk)
    return _request_page(request, found, ItemForm())


def _request_page(request, found: DocumentRequest, item_form: ItemForm) -> HttpResponse:
    inspection = found.inspection
    items = list(items_of(found))
    return render(
        request,
        "fieldwork/records/document_request_detail.html",
        {
            "inspection": inspection,
            "doc_request": found,
            "items": items,
            "status_counts": _counts(items),
            "item_form": item_form,
            "writable": may_write(request.user, inspection),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_record_for_user(request.user, DocumentRequest, pk)
    _writer(request, found.inspection)
    form = DocumentRequestForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document_request(
                found,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in services.REQUEST_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Document request saved."))
            return redirect("fieldwork:document_request", pk=found.pk)
    return render(
        request,
        "fieldwork/records/document_request_form.html",
        {
            "inspection": found.inspection,
            "form": form,
            "doc_request": found,
        },
    )


@login_required
@require_GET
def document_request_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The list as handed to the unit: what is asked and by when, none of the team's notes."""
    found = get_record_for_user(request.user, DocumentRequest, pk)
    return render(
        request,
        "fieldwork/records/document_request_print.html",
        {
            "inspection": found.inspection,
            "doc_request": found,
            "items": list(items_of(found)),
        },
    )


@login_required
@require_POST
def document_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_record_for_user(request.user, DocumentRequest, pk)
    _writer(request, found.inspection)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_requested_document(found, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Document added to the list."))
            return redirect("fieldwork:document_request", pk=found.pk)
    return _request_page(request, found, form)


# --- One requested document ----------------------------------------------------------------------


def _item_page(request, item: RequestedDocument, form: MoveForm | None = None) -> HttpResponse:
    inspection = item.request.inspection
    return render(
        request,
        "fieldwork/records/requested_document.html",
        {
            "inspection": inspection,
            "doc_request": item.request,
            "item": item,
            "readers": list(item.readers.all()),
            "moves": services.allowed_moves(item),
            "form": form or MoveForm(),
            "failed_move": form["move"].value() if form is not None else "",
            "writable": may_write(request.user, inspection),
            "has_read": item.readers.filter(pk=request.user.pk).exists(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def requested_document(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, get_requested_document_for_user(request.user, pk))


@login_required
@require_POST
def requested_document_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Provided, returned for more, or checked: one step of the item's status."""
    item = get_requested_document_for_user(request.user, pk)
    _writer(request, item.request.inspection)
    form = MoveForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        move = data.pop("move")
        try:
            services.move_requested_document(item, move, actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Status of the document changed."))
            return redirect("fieldwork:requested_document", pk=item.pk)
        item.refresh_from_db()
    return _item_page(request, item, form)


@login_required
@require_POST
def requested_document_read(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_requested_document_for_user(request.user, pk)
    _writer(request, item.request.inspection)
    try:
        added = services.mark_read(item, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if added:
            messages.success(request, _("You are recorded as having read the document."))
    return redirect("fieldwork:requested_document", pk=item.pk)


@login_required
@require_POST
def requested_document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_requested_document_for_user(request.user, pk)
    _writer(request, item.request.inspection)
    try:
        services.remove_requested_document(
            item, actor=request.user, reason=request.POST.get("reason", "")[:500]
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("fieldwork:requested_document", pk=item.pk)
    messages.success(request, _("Document taken off the list."))
    return redirect("fieldwork:document_request", pk=item.request_id)


# --- The unit's liaison --------------------------------------------------------------------------


@login_required
@require_GET
def liaison_documents(request: HttpRequest) -> HttpResponse:
    """What the inspection teams asked of the liaison's unit, item by item, without anything of
    what the teams found."""
    page = Paginator(liaison_requests(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.view_items = [liaison_item_view(item) for item in entry.items.all()]
    return render(
        request,
        "fieldwork/records/liaison_documents.html",
        {
            "page": page,
            "form": ProvideForm(),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def liaison_document_provide(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_liaison_item(request.user, pk)
    form = ProvideForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            services.liaison_mark_provided(
                item, actor=request.user, provided_on=form.cleaned_data["provided_on"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Marked as provided: %(name)s") % {"name": item.name})
    return redirect("fieldwork:liaison_documents")
