"""Outline pages: the general outline, each person's individual outline with where every
question came from, editing questions, sending to the liaison, the Word file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents.http import send_generated
from xuncha.fieldwork.access import may_write, reader_role
from xuncha.interviews import services
from xuncha.interviews.access import (
    get_interviewee_for_user,
    get_outline_for_user,
    get_question_for_user,
)
from xuncha.interviews.delivery import changed_since_sent, lead_days, package
from xuncha.interviews.documents import outline_docx
from xuncha.interviews.forms import DeliveryForm, QuestionForm
from xuncha.interviews.models import Interviewee, InterviewOutline, OutlineKind
from xuncha.interviews.overview import general_questions, outline_warning
from xuncha.interviews.views.plan import inspection_for


def _outline_page(request, inspection, outline, *, question_form=None, delivery_form=None):
    general = general_questions(inspection)
    questions = []
    if outline is not None:
        questions = list(outline.questions.order_by("order", "pk"))
    individual = outline is not None and outline.kind == OutlineKind.INDIVIDUAL
    return render(
        request,
        "interviews/outline.html",
        {
            "inspection": inspection,
            "outline": outline,
            "individual": individual,
            "person": outline.interviewee if individual else None,
            "questions": questions,
            "general_count": sum(1 for q in general if not q.removed and not q.confidential),
            "handed_over": len(package(outline, general)) if outline is not None else 0,
            "changed": individual and changed_since_sent(outline, general),
            "warning": outline_warning(outline) if individual else None,
            "lead": lead_days(inspection),
            "writable": may_write(request.user, inspection),
            "question_form": question_form or QuestionForm(),
            "delivery_form": delivery_form or DeliveryForm(),
        },
    )


def _back_to(outline: InterviewOutline):
    if outline.kind == OutlineKind.GENERAL:
        return redirect("interviews:general_outline", pk=outline.inspection_id)
    return redirect("interviews:outline", pk=outline.pk)


@login_required
@require_GET
def general_outline(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    outline = (
        InterviewOutline.objects.filter(inspection=inspection, kind=OutlineKind.GENERAL)
        .select_related("inspection", "inspection__team", "inspection__target")
        .first()
    )
    return _outline_page(request, inspection, outline)


@login_required
@require_POST
def general_assemble(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    services.assemble_general_outline(inspection, actor=request.user)
    messages.success(
        request,
        _(
            "The general outline has been assembled from the question "
            "bank; questions edited by hand were kept."
        ),
    )
    return redirect("interviews:general_outline", pk=inspection.pk)


@login_required
@require_GET
def outline(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_outline_for_user(request.user, pk)
    if found.kind == OutlineKind.GENERAL:
        return redirect("interviews:general_outline", pk=found.inspection_id)
    return _outline_page(request, found.inspection, found)


@login_required
@require_POST
def outline_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate or regenerate one person's outline."""
    person = get_interviewee_for_user(request.user, pk)
    try:
        made = services.generate_outline(person, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("interviews:home", pk=person.inspection_id)
    messages.success(
        request, _("The outline has been generated; questions edited by hand were kept.")
    )
    return redirect("interviews:outline", pk=made.pk)


def _chosen_people(request, inspection) -> list[Interviewee] | None:
    ids = [int(v) for v in request.POST.getlist("people") if v.isascii() and v.isdigit()]
    if not ids:
        return None
    return list(Interviewee.objects.filter(inspection=inspection, pk__in=ids))


@login_required
@require_POST
def outlines_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Generate the outlines of the people chosen on the plan (everyone if none chosen)."""
    inspection = inspection_for(request, pk)
    try:
        made = services.generate_outlines(
            inspection, actor=request.user, people=_chosen_people(request, inspection)
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            ngettext("%(n)d outline generated.", "%(n)d outlines generated.", len(made))
            % {"n": len(made)},
        )
    return redirect("interviews:home", pk=inspection.pk)


@login_required
@require_POST
def outline_send(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_outline_for_user(request.user, pk)
    try:
        services.send_to_liaison(found, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The outline has been sent to the unit's liaison."))
    return redirect("interviews:outline", pk=found.pk)


@login_required
@require_POST
def outlines_send(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_for(request, pk)
    people = _chosen_people(request, inspection) or []
    outlines = InterviewOutline.objects.filter(inspection=inspection, interviewee__in=people)
    try:
        if not people:
            raise ValidationError(_("Choose the people whose outlines are to be sent."))
        sent = services.send_outlines(inspection, list(outlines), actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)d outline sent to the unit's liaison.",
                "%(n)d outlines sent to the unit's liaison.",
                sent,
            )
            % {"n": sent},
        )
    return redirect("interviews:home", pk=inspection.pk)


@login_required
@require_POST
def outline_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    """The team records the day the outline reached the person (when the liaison told them)."""
    found = get_outline_for_user(request.user, pk)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            services.record_delivery(
                found, actor=request.user, delivered_on=form.cleaned_data["delivered_on"]
            )
        except ValidationError as exc:
            apply_errors(form, exc, "delivered_on")
        else:
            messages.success(request, _("The delivery date has been recorded."))
            return redirect("interviews:outline", pk=found.pk)
    if not may_write(request.user, found.inspection):
        raise PermissionDenied
    return _outline_page(request, found.inspection, found, delivery_form=form)


@login_required
@require_GET
def outline_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The outline as handed over (general questions first), as a Word file."""
    found = get_outline_for_user(request.user, pk)
    general = [] if found.kind == OutlineKind.GENERAL else general_questions(found.inspection)
    content = package(found, general)
    role = reader_role(request.user, found.inspection)
    return send_generated(
        request,
        lambda fmt: outline_docx(found, content, actor=request.user, role=role, fmt=fmt),
    )


# --- Questions -----------------------------------------------------------------------------------


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_outline_for_user(request.user, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(found, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question has been added to the outline."))
            return _back_to(found)
    if not may_write(request.user, found.inspection):
        raise PermissionDenied
    return _outline_page(request, found.inspection, found, question_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk)
    outline_ = question.outline
    if not may_write(request.user, outline_.inspection):
        raise PermissionDenied
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.edit_question(question, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The question has been saved."))
                return _back_to(outline_)
    else:
        form = QuestionForm(
            initial={
                "text": question.text,
                "area": question.area,
                "confidential": question.confidential,
            }
        )
    return render(
        request,
        "interviews/question_form.html",
        {
            "inspection": outline_.inspection,
            "outline": outline_,
            "question": question,
            "form": form,
        },
    )


@login_required
@require_POST
def question_remove(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk)
    services.remove_question(question, actor=request.user)
    messages.success(request, _("The question has been taken off the outline."))
    return _back_to(question.outline)


@login_required
@require_POST
def question_restore(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk)
    services.restore_question(question, actor=request.user)
    messages.success(request, _("The question is back on the outline."))
    return _back_to(question.outline)
