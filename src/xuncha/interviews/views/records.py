"""Interview records. The list shows who, when and by whom, never what was said, so listing is
not audited; opening a record (or its edit form) is, every time."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from xuncha.core.forms import apply_errors
from xuncha.documents.http import send_generated
from xuncha.fieldwork.access import may_write, reader_role, seat
from xuncha.interviews import services
from xuncha.interviews.access import get_interview_for_user
from xuncha.interviews.documents import record_docx
from xuncha.interviews.forms import InterviewForm
from xuncha.interviews.models import Interview, Interviewee
from xuncha.interviews.views.plan import inspection_for

PAGE_SIZE = 50


@login_required
@require_GET
def records(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    qs = (
        Interview.objects.filter(inspection=inspection)
        .select_related("interviewee", "asker", "recorder")
        .order_by("-held_on", "-starts_at", "-pk")
    )
    person = request.GET.get("person", "")
    if person.isascii() and person.isdigit():
        qs = qs.filter(interviewee_id=int(person))
    day = request.GET.get("day", "")
    if day:
        qs = qs.filter(held_on=day) if _is_date(day) else qs.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/records.html",
        {
            "inspection": inspection,
            "page": page,
            "people": Interviewee.objects.filter(inspection=inspection).order_by("order", "pk"),
            "person": person,
            "day": day,
            "writable": may_write(request.user, inspection),
        },
    )


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _form_page(request, inspection, form, interview=None) -> HttpResponse:
    return render(
        request,
        "interviews/record_form.html",
        {
            "inspection": inspection,
            "form": form,
            "interview": interview,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk, write=True)
    if request.method == "GET":
        initial = {"held_on": timezone.localdate()}
        person = request.GET.get("person", "")
        found = (
            Interviewee.objects.filter(inspection=inspection, pk=int(person)).first()
            if person.isascii() and person.isdigit()
            else None
        )
        if found is not None:
            initial.update(
                interviewee=found.pk, asker=found.interviewer_id, recorder=found.recorder_id
            )
        me = seat(request.user, inspection)
        if me is not None and not initial.get("recorder"):
            initial["recorder"] = me.cadre_id
        return _form_page(
            request, inspection, InterviewForm(initial=initial, inspection=inspection)
        )
    form = InterviewForm(request.POST, inspection=inspection)
    if form.is_valid():
        try:
            interview = services.record_interview(
                form.cleaned_data["interviewee"], actor=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The interview has been recorded."))
            return redirect("interviews:record", pk=interview.pk)
    return _form_page(request, inspection, form)


@login_required
@require_GET
def record(request: HttpRequest, pk: int) -> HttpResponse:
    """One interview record; every view is an audit event."""
    interview = get_interview_for_user(request.user, pk)
    services.record_interview_viewed(interview, actor=request.user, via="page")
    return render(
        request,
        "interviews/record.html",
        {
            "inspection": interview.inspection,
            "interview": interview,
            "writable": may_write(request.user, interview.inspection),
            "others": Interview.objects.filter(interviewee_id=interview.interviewee_id)
            .exclude(pk=interview.pk)
            .order_by("-held_on", "-pk"),
        },
    )


@login_required
@require_GET
def record_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The record as a Word file to read back and sign; an export is a view, and audited."""
    interview = get_interview_for_user(request.user, pk)
    role = reader_role(request.user, interview.inspection)

    def make(fmt: str):
        document = record_docx(interview, actor=request.user, role=role, fmt=fmt)
        services.record_interview_viewed(interview, actor=request.user, via="export")
        return document

    return send_generated(request, make)


@login_required
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_interview_for_user(request.user, pk)
    inspection = interview.inspection
    if not may_write(request.user, inspection):
        raise PermissionDenied
    if request.method == "GET":
        # The form shows the record: it is a view like any other.
        services.record_interview_viewed(interview, actor=request.user, via="edit")
        form = InterviewForm(
            inspection=inspection,
            edit=True,
            initial={
                "held_on": interview.held_on,
                "starts_at": interview.starts_at,
                "ends_at": interview.ends_at,
                "place": interview.place,
                "asker": interview.asker_id,
                "recorder": interview.recorder_id,
                "record": interview.record,
                "summary": interview.summary,
                "problems": interview.problems,
                "leads": interview.leads,
            },
        )
        return _form_page(request, inspection, form, interview)
    form = InterviewForm(request.POST, inspection=inspection, edit=True)
    if form.is_valid():
        try:
            services.update_interview(
                interview,
                actor=request.user,
                reason=form.cleaned_data.get("reason", ""),
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The interview record has been saved."))
            return redirect("interviews:record", pk=interview.pk)
    return _form_page(request, inspection, form, interview)
