"""Pages of who may read leads (grants) and of hand-overs during stationing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.leads import selectors, services_access
from xuncha.leads.access import (
    get_lead_for_user,
    get_lead_inspection_for_user,
    handovers_to_decide,
    handovers_to_record,
    keeper_inspections,
    keeper_role,
)
from xuncha.leads.forms import DecideForm, GrantForm, HandoverForm, ReasonForm, RecordHandoverForm
from xuncha.leads.models import Lead, LeadGrant
from xuncha.leads.services import receiving_units
from xuncha.leads.views_lead import _detail


def _keeper_of(request: HttpRequest, inspection) -> None:
    if keeper_role(request.user, inspection) is None:
        raise PermissionDenied


def _grants_page(
    request: HttpRequest, inspection, form: GrantForm | None = None, status: int = 200
) -> HttpResponse:
    leads = Lead.objects.filter(inspection=inspection).order_by("number")
    return render(
        request,
        "leads/grants.html",
        {
            "inspection": inspection,
            "grants": selectors.grants_of(inspection),
            "form": form or GrantForm(leads=leads),
            "revoke_form": ReasonForm(),
        },
        status=status,
    )


@login_required
@require_GET
def grants(request: HttpRequest, pk: int) -> HttpResponse:
    """Who besides the keepers may read the inspection's leads (keepers only)."""
    inspection = get_lead_inspection_for_user(request.user, pk)
    _keeper_of(request, inspection)
    return _grants_page(request, inspection)


@login_required
@require_POST
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    """Grant one lead (from its page) or every lead of the inspection (from the grants page)."""
    inspection = get_lead_inspection_for_user(request.user, pk)
    _keeper_of(request, inspection)
    leads = Lead.objects.filter(inspection=inspection)
    form = GrantForm(request.POST, leads=leads)
    if form.is_valid():
        data = form.cleaned_data
        # Only accounts the keeper may grant; an unknown name and one out of reach read alike.
        user = (
            selectors.grantable_users(request.user, inspection)
            .filter(username=data["username"].strip())
            .first()
        )
        if user is None:
            form.add_error("username", _("No such account among those you may grant."))
        else:
            try:
                services_access.grant_lead_access(
                    inspection,
                    user,
                    actor=request.user,
                    reason=data["reason"],
                    lead=data["lead"],
                    expires_on=data["expires_on"],
                )
            except ValidationError as exc:
                apply_errors(form, exc, "username")
            else:
                messages.success(request, _("Access granted."))
                if data["lead"] is not None:
                    return redirect("leads:detail", pk=data["lead"].pk)
                return redirect("leads:grants", pk=inspection.pk)
    lead = form.cleaned_data.get("lead") if hasattr(form, "cleaned_data") else None
    if lead is not None:
        return _detail(request, lead, grant_form=form)
    return _grants_page(request, inspection, form)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Among the inspections the user keeps only: 404 alike for a grant that does not exist
    # and one the user may not revoke, so that no one can probe which grants exist.
    found = get_object_or_404(
        LeadGrant.objects.filter(
            inspection__in=keeper_inspections(request.user).values("pk")
        ).select_related("inspection", "inspection__round", "inspection__round__jurisdiction"),
        pk=pk,
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
    else:
        try:
            services_access.revoke_lead_access(
                found, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Access revoked."))
    if found.lead_id and request.POST.get("back") == "lead":
        return redirect("leads:detail", pk=found.lead_id)
    return redirect("leads:grants", pk=found.inspection_id)


# --- Hand-over during stationing -------------------------------------------------------------


@login_required
@require_POST
def handover_request(request: HttpRequest, pk: int) -> HttpResponse:
    lead = get_lead_for_user(request.user, pk)
    _keeper_of(request, lead.inspection)
    form = HandoverForm(
        request.POST,
        approvers=services_access.approvers(lead.inspection),
        receiving_units=receiving_units(lead.inspection),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services_access.request_handover(
                lead,
                actor=request.user,
                reason=data["reason"],
                receiver=data["receiver"],
                receiver_unit=data["receiver_unit"],
                approver=data["approver"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Hand-over requested; it awaits approval."))
            return redirect("leads:detail", pk=lead.pk)
    return _detail(request, lead, handover_form=form)


@login_required
@require_POST
def handover_decide(request: HttpRequest, pk: int) -> HttpResponse:
    handover = get_object_or_404(handovers_to_decide(request.user), pk=pk)
    lead = get_lead_for_user(request.user, handover.lead_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services_access.decide_handover(
                handover,
                actor=request.user,
                approve=approve,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Hand-over approved.") if approve else _("Hand-over refused.")
            )
            return redirect("leads:approvals")
    return _detail(request, lead, decide_form=form)


@login_required
@require_POST
def handover_record(request: HttpRequest, pk: int) -> HttpResponse:
    handover = get_object_or_404(handovers_to_record(request.user), pk=pk)
    lead = get_lead_for_user(request.user, handover.lead_id)
    form = RecordHandoverForm(request.POST)
    if form.is_valid():
        try:
            services_access.record_handover(handover, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Hand-over recorded."))
            return redirect("leads:detail", pk=lead.pk)
    return _detail(request, lead, record_form=form)
