"""The sign-off steps of a working paper and the mistake-or-dereliction judgment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.findings import access, services_review
from xuncha.findings.forms import CommentForm, JudgmentForm
from xuncha.findings.services_judgment import save_judgment, suggest

DONE = {
    "submit": gettext_lazy("Submitted to the deputy leader."),
    "approve": gettext_lazy("Approved and passed to the leader."),
    "confirm": gettext_lazy("Confirmed: the problem enters the finding list."),
    "return": gettext_lazy("Returned with comments."),
    "reopen": gettext_lazy("Reopened for revision."),
    "withdraw": gettext_lazy("Withdrawn."),
}


def _step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    finding = access.get_finding_for_user(request.user, pk)
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    service = services_review.ACTIONS[action]
    try:
        if action == "submit":
            service(finding, actor=request.user)
        elif action == "withdraw":
            service(finding, actor=request.user, reason=comment)
        else:
            service(finding, actor=request.user, comment=comment)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, str(DONE[action]))
    return redirect("findings:detail", pk=finding.pk)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "submit")


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "approve")


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "confirm")


@login_required
@require_POST
def return_(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "return")


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "reopen")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, "withdraw")


@login_required
@require_http_methods(["GET", "POST"])
def judgment(request: HttpRequest, pk: int) -> HttpResponse:
    """The three distinctions, the suggested and the chosen judgment of a conduct finding."""
    finding = access.get_finding_for_user(request.user, pk)
    if not finding.is_conduct or not access.may_edit(request.user, finding):
        raise PermissionDenied
    existing = getattr(finding, "judgment", None)
    initial = (
        None
        if existing
        else {
            "person": finding.responsible_person,
            "post": finding.responsible_post,
        }
    )
    form = JudgmentForm(request.POST or None, instance=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save_judgment(finding, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Judgment recorded."))
            return redirect("findings:detail", pk=finding.pk)
    data = form.data if form.is_bound else {}
    answers = [
        data.get(n) or (getattr(existing, n, "") if existing else "")
        for n in ("experience", "exploration", "purpose")
    ]
    suggestion = suggest(*answers) if all(answers) else None
    return render(
        request,
        "findings/judgment.html",
        {
            "inspection": finding.inspection,
            "finding": finding,
            "form": form,
            "suggestion": _suggestion_text(suggestion) if all(answers) else "",
        },
    )


def _suggestion_text(suggestion) -> str:
    from xuncha.findings.models import ConductJudgment

    if suggestion is None:
        return _("The answers point neither way: the team decides, with its reasoning.")
    judgment, outcome = suggestion
    return _("The three answers suggest: %(judgment)s, %(outcome)s.") % {
        "judgment": ConductJudgment.Judgment(judgment).label,
        "outcome": ConductJudgment.Outcome(outcome).label,
    }
