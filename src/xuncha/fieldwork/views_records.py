"""Pages of the meetings, site visits, personal-matters spot checks and special checks of an
inspection. Reads go through the inspection's choke point; writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from xuncha.core.forms import apply_errors
from xuncha.fieldwork import services_records as services
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.fieldwork.forms_records import CHECK_FORMS, DeleteForm, MeetingFilter, MeetingForm
from xuncha.fieldwork.models import Meeting, MeetingKind
from xuncha.fieldwork.selectors_records import get_record_for_user, meetings_of

PAGE_SIZE = 30

CHECK_TITLES = {
    "visit": (gettext_lazy("Site visits"), gettext_lazy("Record a site visit")),
    "personal": (
        gettext_lazy("Personal-matters spot checks"),
        gettext_lazy("Record a personal-matters check"),
    ),
    "special": (gettext_lazy("Special checks"), gettext_lazy("Record a special check")),
}


def _writer(request: HttpRequest, inspection) -> None:
    if not may_write(request.user, inspection):
        raise PermissionDenied


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


# --- Meetings ------------------------------------------------------------------------------------


@login_required
@require_GET
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    """The meetings of an inspection, newest first, filtered by kind."""
    inspection = get_stationing_for_user(request.user, pk)
    filters = MeetingFilter(request.GET)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    page = Paginator(meetings_of(inspection, kind), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "fieldwork/records/meetings.html",
        {
            "inspection": inspection,
            "page": page,
            "filters": filters,
            "kind": kind,
            "kinds": MeetingKind.choices,
            "writable": may_write(request.user, inspection),
        },
    )


def _meeting_form_page(request, inspection, form, meeting=None) -> HttpResponse:
    return render(
        request,
        "fieldwork/records/meeting_form.html",
        {
            "inspection": inspection,
            "form": form,
            "meeting": meeting,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    _writer(request, inspection)
    kind = request.GET.get("kind", "")
    form = MeetingForm(
        request.POST or None, initial={"kind": kind if kind in MeetingKind.values else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.record_meeting(inspection, actor=request.user, **_fields(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting recorded."))
            return redirect("fieldwork:meeting", pk=meeting.pk)
    return _meeting_form_page(request, inspection, form)


@login_required
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_record_for_user(request.user, Meeting, pk)
    inspection = found.inspection
    return render(
        request,
        "fieldwork/records/meeting_detail.html",
        {
            "inspection": inspection,
            "meeting": found,
            "writable": may_write(request.user, inspection),
            "deletable": services.may_delete(request.user, found, inspection),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_record_for_user(request.user, Meeting, pk)
    _writer(request, found.inspection)
    form = MeetingForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(found, actor=request.user, **_fields(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting record saved."))
            return redirect("fieldwork:meeting", pk=found.pk)
    return _meeting_form_page(request, found.inspection, form, found)


def _delete_page(request, inspection, obj, form, back: str, title: str) -> HttpResponse:
    return render(
        request,
        "fieldwork/records/confirm_delete.html",
        {
            "inspection": inspection,
            "obj": obj,
            "form": form,
            "back": back,
            "title": title,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_record_for_user(request.user, Meeting, pk)
    inspection = found.inspection
    if not services.may_delete(request.user, found, inspection):
        raise PermissionDenied
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_meeting(found, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting record deleted."))
            return redirect("fieldwork:meetings", pk=inspection.pk)
    return _delete_page(
        request,
        inspection,
        found,
        form,
        reverse("fieldwork:meeting", kwargs={"pk": found.pk}),
        _("Delete the record of a meeting"),
    )


# --- Visits and checks ---------------------------------------------------------------------------


def _kind(kind: str) -> services.CheckKind:
    if kind not in services.CHECK_KINDS:
        raise Http404
    return services.CHECK_KINDS[kind]


@login_required
@require_GET
def checks(request: HttpRequest, pk: int) -> HttpResponse:
    """Site visits, personal-matters spot checks and special checks, one section each."""
    inspection = get_stationing_for_user(request.user, pk)
    sections = []
    for key, kind in services.CHECK_KINDS.items():
        qs = kind.model.objects.filter(inspection=inspection).select_related("created_by")
        if key == "visit":
            qs = qs.select_related("unit")
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get(f"{key}_page"))
        title, add = CHECK_TITLES[key]
        sections.append(
            {"key": key, "title": title, "add": add, "page": page, "page_param": f"{key}_page"}
        )
    return render(
        request,
        "fieldwork/records/checks.html",
        {
            "inspection": inspection,
            "sections": sections,
            "writable": may_write(request.user, inspection),
        },
    )


def _check_form_page(request, inspection, key, form, obj=None) -> HttpResponse:
    return render(
        request,
        "fieldwork/records/check_form.html",
        {
            "inspection": inspection,
            "form": form,
            "obj": obj,
            "key": key,
            "title": CHECK_TITLES[key][1] if obj is None else CHECK_TITLES[key][0],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    check_kind = _kind(kind)
    inspection = get_stationing_for_user(request.user, pk)
    _writer(request, inspection)
    form = CHECK_FORMS[kind](request.POST or None, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        try:
            obj = services.record_check(
                check_kind.key, inspection, actor=request.user, **_fields(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Record saved."))
            return redirect("fieldwork:check", kind=kind, pk=obj.pk)
    return _check_form_page(request, inspection, kind, form)


@login_required
@require_GET
def check(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    check_kind = _kind(kind)
    obj = get_record_for_user(request.user, check_kind.model, pk)
    inspection = obj.inspection
    return render(
        request,
        "fieldwork/records/check_detail.html",
        {
            "inspection": inspection,
            "obj": obj,
            "key": kind,
            "title": CHECK_TITLES[kind][0],
            "writable": may_write(request.user, inspection),
            "deletable": services.may_delete(request.user, obj, inspection),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    check_kind = _kind(kind)
    obj = get_record_for_user(request.user, check_kind.model, pk)
    inspection = obj.inspection
    _writer(request, inspection)
    form = CHECK_FORMS[kind](request.POST or None, instance=obj, inspection=inspection)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_check(obj, actor=request.user, **_fields(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Record saved."))
            return redirect("fieldwork:check", kind=kind, pk=obj.pk)
    return _check_form_page(request, inspection, kind, form, obj)


@login_required
@require_http_methods(["GET", "POST"])
def check_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    check_kind = _kind(kind)
    obj = get_record_for_user(request.user, check_kind.model, pk)
    inspection = obj.inspection
    if not services.may_delete(request.user, obj, inspection):
        raise PermissionDenied
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_check(obj, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Record deleted."))
            return redirect("fieldwork:checks", pk=inspection.pk)
    return _delete_page(
        request,
        inspection,
        obj,
        form,
        reverse("fieldwork:check", kwargs={"kind": kind, "pk": obj.pk}),
        _("Delete a record"),
    )
