"""Pages before stationing: information requests (the office's and the team's side, and the
partner department's own narrow side), the inspection notice and the announcement.

The team's pages read through the inspection's choke point (`get_stationing_for_user`, 404
alike for missing and out of scope); those who may read but not write (the leading group,
grant holders) see the pages without forms and get 403 on a write. Partner departments reach
only the requests addressed to their unit (`services_prep.partner_requests`)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.accounts.permissions import has_capability, role_for
from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents.http import send_generated
from xuncha.fieldwork import notices, services_prep
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.fieldwork.attachments import record_download
from xuncha.fieldwork.forms_prep import (
    AnnouncementForm,
    AnswerForm,
    NoticeForm,
    ReasonForm,
    RecordAnswerForm,
    RequestForm,
    SentOnForm,
    uploads,
)
from xuncha.fieldwork.models import Announcement, Attachment, InformationRequest, Notice

PAGE_SIZE = 50
Status = InformationRequest.Status


def _writable(request: HttpRequest, inspection) -> None:
    if not may_write(request.user, inspection):
        raise PermissionDenied


def _page(request: HttpRequest, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _file_counts(ids) -> dict[int, int]:
    content_type = ContentType.objects.get_for_model(InformationRequest)
    rows = (
        Attachment.objects.filter(content_type=content_type, object_id__in=list(ids))
        .values("object_id")
        .annotate(n=Count("id"))
        .values_list("object_id", "n")
    )
    return dict(rows)


def _filter_status(request: HttpRequest, qs):
    status = request.GET.get("status", "")
    if status == "overdue":
        return qs.filter(status=Status.SENT, due_on__lt=timezone.localdate()), status
    if status in Status.values:
        return qs.filter(status=status), status
    return qs, ""


def _mark(page) -> None:
    today = timezone.localdate()
    counts = _file_counts(r.pk for r in page)
    for req in page:
        req.overdue = services_prep.is_overdue(req, today)
        req.file_count = counts.get(req.pk, 0)


# --- The office's and the team's side --------------------------------------------------------


@login_required
@require_GET
def requests(request: HttpRequest, pk: int) -> HttpResponse:
    """The information requests of an inspection: the landing page of preparation."""
    inspection = get_stationing_for_user(request.user, pk)
    qs = InformationRequest.objects.filter(inspection=inspection).select_related("recipient")
    qs, status = _filter_status(request, qs)
    page = _page(request, qs.order_by("due_on", "pk"))
    _mark(page)
    return render(
        request,
        "fieldwork/prep/requests.html",
        {
            "inspection": inspection,
            "page": page,
            "status": status,
            "statuses": Status.choices,
            "writable": may_write(request.user, inspection),
            "notice": notices.notice_status(
                inspection, Notice.objects.filter(inspection=inspection).first()
            ),
            "tab": "requests",
        },
    )


def _request_form(inspection, data=None, initial=None) -> RequestForm:
    return RequestForm(data, initial=initial, units=services_prep.partner_units(inspection))


def _request_fields(form: RequestForm) -> dict:
    data = form.cleaned_data
    return {key: data[key] for key in ("partner", "recipient", "subject", "questions", "due_on")}


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    _writable(request, inspection)
    form = _request_form(inspection, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = services_prep.create_request(
                inspection, actor=request.user, **_request_fields(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Information request drafted."))
            return redirect("fieldwork:request", pk=req.pk)
    return render(
        request,
        "fieldwork/prep/request_form.html",
        {
            "inspection": inspection,
            "form": form,
            "title": _("New information request"),
            "back": reverse("fieldwork:requests", args=[inspection.pk]),
            "tab": "requests",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    req = services_prep.get_request_for_user(request.user, pk)
    _writable(request, req.inspection)
    initial = {key: getattr(req, key) for key in ("partner", "subject", "questions", "due_on")}
    initial["recipient"] = req.recipient_id
    form = _request_form(req.inspection, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_prep.update_request(req, actor=request.user, **_request_fields(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Information request saved."))
            return redirect("fieldwork:request", pk=req.pk)
    return render(
        request,
        "fieldwork/prep/request_form.html",
        {
            "inspection": req.inspection,
            "form": form,
            "req": req,
            "title": _("Change the information request"),
            "back": reverse("fieldwork:request", args=[req.pk]),
            "tab": "requests",
        },
    )


def _request_page(request: HttpRequest, req, answer_form=None, status: int = 200):
    inspection = req.inspection
    return render(
        request,
        "fieldwork/prep/request.html",
        {
            "inspection": inspection,
            "req": req,
            "tab": "requests",
            "overdue": services_prep.is_overdue(req),
            "writable": may_write(request.user, inspection),
            "sent_form": SentOnForm(),
            "withdraw_form": ReasonForm(),
            "answer_form": answer_form or RecordAnswerForm(initial={"answer": req.answer}),
        },
        status=status,
    )


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, services_prep.get_request_for_user(request.user, pk))


@login_required
@require_POST
def request_send(request: HttpRequest, pk: int) -> HttpResponse:
    req = services_prep.get_request_for_user(request.user, pk)
    _writable(request, req.inspection)
    form = SentOnForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            services_prep.send_request(
                req, actor=request.user, sent_on=form.cleaned_data["sent_on"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Information request sent."))
    return redirect("fieldwork:request", pk=req.pk)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    req = services_prep.get_request_for_user(request.user, pk)
    _writable(request, req.inspection)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the request is withdrawn."))
    else:
        try:
            services_prep.withdraw_request(
                req, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Information request withdrawn."))
    return redirect("fieldwork:request", pk=req.pk)


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The office records an answer received on paper, on the department's behalf."""
    req = services_prep.get_request_for_user(request.user, pk)
    _writable(request, req.inspection)
    form = RecordAnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services_prep.record_answer(
                req,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                answered_on=form.cleaned_data["answered_on"],
                files=uploads(form.cleaned_data["files"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect("fieldwork:request", pk=req.pk)
    return _request_page(request, req, form)


# --- The partner department's side ---------------------------------------------------------


def _partner(request: HttpRequest) -> None:
    if not has_capability(request.user, Capability.REQUEST_ANSWER):
        raise PermissionDenied


@login_required
@require_GET
def partner_requests(request: HttpRequest) -> HttpResponse:
    """What partner departments were asked: only requests addressed to the user's units."""
    _partner(request)
    qs, status = _filter_status(request, services_prep.partner_requests(request.user))
    page = _page(request, qs.order_by("status", "due_on", "pk"))
    _mark(page)
    return render(
        request,
        "fieldwork/prep/partner_requests.html",
        {
            "page": page,
            "status": status,
            "statuses": [(v, label) for v, label in Status.choices if v != Status.DRAFT],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_request(request: HttpRequest, pk: int) -> HttpResponse:
    req = services_prep.get_partner_request_for_user(request.user, pk)
    form = AnswerForm(request.POST or None, request.FILES or None, initial={"answer": req.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services_prep.answer_request(
                req,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                files=uploads(form.cleaned_data["files"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your answer has been sent to the office."))
            return redirect("fieldwork:partner_request", pk=req.pk)
    return render(
        request,
        "fieldwork/prep/partner_request.html",
        {
            "req": req,
            "form": form,
            "files": services_prep.request_files(req),
            "overdue": services_prep.is_overdue(req),
            "answerable": req.status in (Status.SENT, Status.ANSWERED),
        },
        status=200,
    )


@login_required
@require_GET
def partner_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a request addressed to the user's unit."""
    content_type = ContentType.objects.get_for_model(InformationRequest)
    found = get_object_or_404(
        Attachment.objects.select_related("inspection", "inspection__target").filter(
            content_type=content_type,
            object_id__in=services_prep.partner_requests(request.user).values("pk"),
        ),
        pk=pk,
    )
    req = InformationRequest.objects.select_related("recipient").get(pk=found.object_id)
    role = role_for(request.user, Capability.REQUEST_ANSWER, req.recipient.path) or ""
    record_download(found, actor=request.user, role=role)
    return FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.mime
    )


# --- The notice ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    found = Notice.objects.filter(inspection=inspection).first()
    writable = may_write(request.user, inspection)
    if request.method == "POST":
        _writable(request, inspection)
        form = NoticeForm(request.POST)
        if form.is_valid():
            try:
                notices.save_notice(inspection, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Notice saved."))
                return redirect("fieldwork:notice", pk=inspection.pk)
    elif found is not None:
        form = NoticeForm(
            initial={"number": found.number, "addressee": found.addressee, "body": found.body}
        )
    else:
        form = NoticeForm(initial=notices.notice_defaults(inspection))
    return render(
        request,
        "fieldwork/prep/notice.html",
        {
            "inspection": inspection,
            "notice": found,
            "form": form,
            "writable": writable,
            "status": notices.notice_status(inspection, found),
            "sent_form": SentOnForm(),
            "title": notices.notice_title(inspection),
            "tab": "notice",
        },
    )


@login_required
@require_POST
def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    _writable(request, inspection)
    found = get_object_or_404(Notice, inspection=inspection)
    form = SentOnForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            notices.send_notice(found, actor=request.user, sent_on=form.cleaned_data["sent_on"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The notice is recorded as sent."))
    return redirect("fieldwork:notice", pk=inspection.pk)


@login_required
@require_GET
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    found = get_object_or_404(Notice.objects.select_related("inspection"), inspection=inspection)
    found.inspection = inspection
    return send_generated(
        request, lambda fmt: notices.notice_docx(found, actor=request.user, fmt=fmt)
    )


# --- The announcement ------------------------------------------------------------------------


def public_url(request: HttpRequest, inspection_pk: int) -> str:
    """The address of the inspection's public page, for the QR code. Offices whose public
    site is another host set XUNCHA_PUBLIC_BASE_URL."""
    path = reverse("public:inspection", args=[inspection_pk])
    base = getattr(settings, "XUNCHA_PUBLIC_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}" if base else request.build_absolute_uri(path)


@login_required
@require_http_methods(["GET", "POST"])
def announcement(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    found = Announcement.objects.filter(inspection=inspection).first()
    if request.method == "POST":
        _writable(request, inspection)
        form = AnnouncementForm(request.POST)
        if form.is_valid():
            try:
                notices.save_announcement(inspection, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Announcement saved."))
                return redirect("fieldwork:announcement", pk=inspection.pk)
    elif found is not None:
        form = AnnouncementForm(
            initial={name: getattr(found, name) for name in notices.ANNOUNCEMENT_FIELDS}
        )
    else:
        form = AnnouncementForm(initial=notices.announcement_defaults(inspection))
    url = public_url(request, inspection.pk)
    return render(
        request,
        "fieldwork/prep/announcement.html",
        {
            "inspection": inspection,
            "announcement": found,
            "form": form,
            "writable": may_write(request.user, inspection),
            "public_url": url,
            "qr": notices.qr_svg(url) if found is not None and found.is_published else "",
            "withdraw_form": ReasonForm(),
            "window": inspection.window,
            "tab": "announcement",
        },
    )


@login_required
@require_POST
def announcement_publish(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    _writable(request, inspection)
    found = get_object_or_404(Announcement, inspection=inspection)
    try:
        notices.publish_announcement(found, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Announcement published on the public page."))
    return redirect("fieldwork:announcement", pk=inspection.pk)


@login_required
@require_POST
def announcement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    _writable(request, inspection)
    found = get_object_or_404(Announcement, inspection=inspection)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the announcement is withdrawn."))
    else:
        try:
            notices.withdraw_announcement(
                found, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Announcement withdrawn from the public page."))
    return redirect("fieldwork:announcement", pk=inspection.pk)


@login_required
@require_GET
def announcement_docx(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    found = get_object_or_404(Announcement, inspection=inspection)
    found.inspection = inspection
    url = public_url(request, inspection.pk)
    return send_generated(
        request,
        lambda fmt: notices.announcement_docx(found, actor=request.user, public_url=url, fmt=fmt),
    )
