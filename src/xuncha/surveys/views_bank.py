"""The question bank: the built-in items, and the office's own for its jurisdiction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.fieldwork.models import Area
from xuncha.surveys import bank, services
from xuncha.surveys.forms import BankQuestionForm
from xuncha.surveys.permissions import (
    bank_jurisdictions,
    get_bank_question_for_user,
    may_edit_bank,
    may_use_bank,
    visible_bank_questions,
)


def _page(request, form=None, status=200):
    if not may_use_bank(request.user):
        raise PermissionDenied
    own = list(visible_bank_questions(request.user).order_by("jurisdiction__path", "area", "pk"))
    areas = [
        (label, [i for i in bank.QUESTIONNAIRE_ITEMS + bank.APPRAISAL_ITEMS if i.area == value])
        for value, label in Area.choices
    ]
    jurisdictions = bank_jurisdictions(request.user)
    editable = {q.pk for q in own if may_edit_bank(request.user, q.jurisdiction)}
    return render(
        request,
        "surveys/bank.html",
        {
            "areas": areas,
            "own": own,
            "editable": editable,
            "form": form
            or (BankQuestionForm(jurisdictions=jurisdictions) if jurisdictions.exists() else None),
            "options": bank.OPTIONS,
        },
        status=status,
    )


@login_required
@require_GET
def bank_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def bank_add(request: HttpRequest) -> HttpResponse:
    jurisdictions = bank_jurisdictions(request.user)
    if not jurisdictions.exists():
        raise PermissionDenied
    form = BankQuestionForm(request.POST, jurisdictions=jurisdictions)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.add_bank_question(data.pop("jurisdiction"), actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Question added to the bank."))
            return redirect("surveys:bank")
    return _page(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def bank_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_bank_question_for_user(request.user, pk)
    if not may_edit_bank(request.user, question.jurisdiction):
        raise PermissionDenied
    if request.method == "POST":
        form = BankQuestionForm(request.POST, editing=True)
        if form.is_valid():
            try:
                services.update_bank_question(question, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Question saved."))
                return redirect("surveys:bank")
    else:
        form = BankQuestionForm(
            editing=True,
            initial={f: getattr(question, f) for f in ("area", "text", "negative", "allow_remark")},
        )
    return render(request, "surveys/bank_form.html", {"question": question, "form": form})


@login_required
@require_POST
def bank_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Take an item out of use, or back into use."""
    question = get_bank_question_for_user(request.user, pk)
    if not may_edit_bank(request.user, question.jurisdiction):
        raise PermissionDenied
    try:
        services.set_bank_question_active(question, not question.active, actor=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("Question put back into use.")
            if not question.active
            else _("Question retired from the bank."),
        )
    return redirect("surveys:bank")
