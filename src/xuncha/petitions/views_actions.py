"""The moves of a petition (assess, take up, forward, close) and its reporter's identity.

Each move is a POST from the detail page; a refused input shows the page again with the form
as typed. The identity is never on the detail page: revealing it is a POST that checks the role
and leaves an audit event every time (htmx swaps it into the page; without JavaScript a page of
its own shows it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.orgs.permissions import visible_units
from xuncha.petitions import services, workflow
from xuncha.petitions.access import get_petition_for_user, identity_role, may_write_petition
from xuncha.petitions.forms import AssessForm, CloseForm, ForwardForm, IdentityForm, RevealForm
from xuncha.petitions.models import Status
from xuncha.petitions.services import IDENTITY_FIELDS
from xuncha.petitions.views import apply_service_errors, render_detail


def _writable(request: HttpRequest, pk: int):
    """The petition, if the user may change it: 404 out of reach, 403 read-only."""
    petition = get_petition_for_user(request.user, pk)
    if not may_write_petition(request.user, petition):
        raise PermissionDenied
    return petition


def _done(request: HttpRequest, petition, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("petitions:detail", pk=petition.pk)


@login_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _writable(request, pk)
    form = AssessForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.assess_petition(
                petition,
                actor=request.user,
                in_scope=data["in_scope"],
                reason=data["reason"],
                area=data["area"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _done(request, petition, _("Assessment recorded."))
    return render_detail(request, petition, {"assess_form": form})


@login_required
@require_POST
def take_up(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _writable(request, pk)
    try:
        workflow.take_up_petition(
            petition, actor=request.user, note=request.POST.get("note", "")[:2000]
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("petitions:detail", pk=petition.pk)
    return _done(request, petition, _("The team handles this petition."))


@login_required
@require_POST
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _writable(request, pk)
    form = ForwardForm(request.POST, units=visible_units(request.user).filter(is_active=True))
    if form.is_valid():
        data = form.cleaned_data
        try:
            workflow.forward_petition(
                petition,
                actor=request.user,
                to=data["to"],
                to_unit=data["unit"],
                on=data["on"],
                reference=data["reference"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _done(request, petition, _("Forwarding recorded."))
    return render_detail(request, petition, {"forward_form": form})


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _writable(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            workflow.close_petition(
                petition,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _done(request, petition, _("Petition closed."))
    return render_detail(request, petition, {"close_form": form})


# --- The reporter's identity -------------------------------------------------------------------


@login_required
@require_POST
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the reporter's identity once, audited; 403 for those who may not see it."""
    petition = get_petition_for_user(request.user, pk)
    form = RevealForm(request.POST)
    purpose = form.cleaned_data["purpose"] if form.is_valid() else ""
    try:
        found = services.reveal_identity(petition, actor=request.user, purpose=purpose)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("petitions:detail", pk=petition.pk)
    context = {
        "petition": petition,
        "identity": found,
        "editable": petition.status != Status.CLOSED,
    }
    template = "petitions/_identity.html" if request.htmx else "petitions/identity.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def identity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the identity (showing it for correction is a view, audited), or record it when
    an anonymous reporter later gives their name."""
    petition = get_petition_for_user(request.user, pk)
    identity_role(request.user, petition)  # PermissionDenied before anything is shown
    if petition.status == Status.CLOSED:
        messages.error(request, _("A closed petition can no longer change."))
        return redirect("petitions:detail", pk=petition.pk)
    if request.method == "POST":
        form = IdentityForm(request.POST)
        if form.is_valid():
            try:
                services.set_identity(
                    petition,
                    actor=request.user,
                    reason=request.POST.get("reason", "")[:500],
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_service_errors(exc, form, form)
            else:
                return _done(request, petition, _("The reporter's identity has been saved."))
    else:
        initial = {}
        if not petition.anonymous:
            found = services.reveal_identity(petition, actor=request.user, via="edit form")
            initial = {f: getattr(found, f) for f in IDENTITY_FIELDS}
        form = IdentityForm(initial=initial)
    return render(request, "petitions/identity_form.html", {"petition": petition, "form": form})
