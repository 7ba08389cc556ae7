"""The interview plan pages: the plan with its warnings and counts, adding and editing people,
importing the leadership team, proposing the plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.interviews import services
from xuncha.interviews.access import get_interviewee_for_user
from xuncha.interviews.forms import IntervieweeForm, ProposeForm, ReasonForm
from xuncha.interviews.models import PostCategory
from xuncha.interviews.overview import plan_of

PAGE_SIZE = 50
FILTERS = ("warnings", "unassigned", "undated", "not_sent", "not_interviewed")


def inspection_for(request: HttpRequest, pk: int, *, write: bool = False):
    """The inspection through the stationing choke point (404 alike); 403 for a write form
    to someone who only reads."""
    inspection = get_stationing_for_user(request.user, pk)
    if write and not may_write(request.user, inspection):
        raise PermissionDenied
    return inspection


def _matches(row, show: str, category: str) -> bool:
    if category and row.person.category != category:
        return False
    return {
        "warnings": row.warning is not None,
        "unassigned": not (row.person.interviewer_id and row.person.recorder_id),
        "undated": row.person.planned_on is None,
        "not_sent": row.outline is None or row.outline.sent_at is None or row.changed,
        "not_interviewed": row.interviews == 0,
    }.get(show, True)


@login_required
@require_http_methods(["GET"])
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The interview plan of an inspection: who, by whom, when, the outlines' delivery."""
    inspection = inspection_for(request, pk)
    plan = plan_of(inspection)
    show = request.GET.get("show", "")
    category = request.GET.get("category", "")
    rows = [r for r in plan.rows if _matches(r, show, category)]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interviews/home.html",
        {
            "inspection": inspection,
            "plan": plan,
            "page": page,
            "show": show,
            "category": category,
            "categories": PostCategory.choices,
            "writable": may_write(request.user, inspection),
            "propose_form": ProposeForm(initial={"schedule": True}),
        },
    )


def _form_page(request, inspection, form, person=None) -> HttpResponse:
    return render(
        request,
        "interviews/interviewee_form.html",
        {
            "inspection": inspection,
            "form": form,
            "person": person,
            "remove_form": ReasonForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interviewee_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk, write=True)
    if request.method == "GET":
        form = IntervieweeForm(
            inspection=inspection, initial={"category": request.GET.get("category", "")}
        )
        return _form_page(request, inspection, form)
    form = IntervieweeForm(request.POST, inspection=inspection)
    if form.is_valid():
        d = dict(form.cleaned_data)
        d["areas"] = d["areas"] or None
        try:
            person = services.add_interviewee(inspection, actor=request.user, **d)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is on the plan.") % {"name": person.name})
            return redirect("interviews:home", pk=inspection.pk)
    return _form_page(request, inspection, form)


@login_required
@require_http_methods(["GET", "POST"])
def interviewee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_interviewee_for_user(request.user, pk)
    inspection = person.inspection
    if not may_write(request.user, inspection):
        raise PermissionDenied
    if request.method == "GET":
        form = IntervieweeForm(initial=IntervieweeForm.initial_of(person), inspection=inspection)
        return _form_page(request, inspection, form, person)
    form = IntervieweeForm(request.POST, inspection=inspection)
    if form.is_valid():
        try:
            services.update_interviewee(person, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect("interviews:home", pk=inspection.pk)
    return _form_page(request, inspection, form, person)


@login_required
@require_POST
def interviewee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_interviewee_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.remove_interviewee(
            person, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("interviews:interviewee_edit", pk=person.pk)
    messages.success(request, _("%(name)s has been taken off the plan.") % {"name": person.name})
    return redirect("interviews:home", pk=person.inspection_id)


@login_required
@require_POST
def import_leadership(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    added = services.import_leadership(inspection, actor=request.user)
    if added:
        messages.success(
            request,
            ngettext(
                "%(n)d member of the leadership team put on the plan.",
                "%(n)d members of the leadership team put on the plan.",
                len(added),
            )
            % {"n": len(added)},
        )
    else:
        messages.info(request, _("The whole leadership team is on the plan already."))
    return redirect("interviews:home", pk=inspection.pk)


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    form = ProposeForm(request.POST)
    form.is_valid()
    try:
        changed = services.propose_plan(
            inspection,
            actor=request.user,
            reassign=form.cleaned_data.get("reassign", False),
            schedule=form.cleaned_data.get("schedule", False),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "The plan has been proposed: %(n)d line filled in.",
                "The plan has been proposed: %(n)d lines filled in.",
                len(changed),
            )
            % {"n": len(changed)},
        )
    return redirect("interviews:home", pk=inspection.pk)
