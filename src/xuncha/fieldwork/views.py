"""Pages of stationing: the inspections a person works on, and each one's workspace."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.accounts.permissions import visible_users
from xuncha.core.forms import apply_errors, flash_errors
from xuncha.fieldwork import notices, services, statistics
from xuncha.fieldwork.access import (
    get_stationing_for_user,
    may_manage_grants,
    seat,
    visible_stationings,
)
from xuncha.fieldwork.forms import GrantForm, RevokeForm
from xuncha.fieldwork.models import InspectionGrant, Notice
from xuncha.staffing.models import MemberRole, TeamMember

PAGE_SIZE = 50
# The leader first, then deputies, then the rest in the order of the roles' declaration.
ROLE_ORDER = Case(
    *(When(role=role, then=Value(n)) for n, role in enumerate(MemberRole.values)),
    default=Value(99),
)


@login_required
@require_GET
def inspections(request: HttpRequest) -> HttpResponse:
    """The inspections whose stationing material the person reaches, newest round first."""
    qs = visible_stationings(request.user).order_by("-round__starts_on", "team__number", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "fieldwork/inspections.html", {"page": page})


def _workspace(request: HttpRequest, inspection, form: GrantForm | None = None) -> HttpResponse:
    manage = may_manage_grants(request.user, inspection)
    members = TeamMember.objects.filter(
        round_id=inspection.round_id, team_id=inspection.team_id
    ).select_related("cadre", "cadre__unit").order_by(ROLE_ORDER, "cadre__full_name")
    grants = (
        InspectionGrant.objects.filter(inspection=inspection)
        .select_related("user", "granted_by", "revoked_by")
        if manage else InspectionGrant.objects.none()
    )
    figures = statistics.inspection_statistics([inspection.pk])[inspection.pk]
    return render(request, "fieldwork/inspection.html", {
        "inspection": inspection,
        "figures": statistics.rows(figures),
        "status": notices.notice_status(
            inspection, Notice.objects.filter(inspection=inspection).first()
        ),
        "members": members,
        "my_seat": seat(request.user, inspection),
        "manage": manage,
        "grants": grants,
        "form": form or GrantForm(),
        "revoke_form": RevokeForm(),
    })


@login_required
@require_GET
def inspection(request: HttpRequest, pk: int) -> HttpResponse:
    return _workspace(request, get_stationing_for_user(request.user, pk))


@login_required
@require_POST
def grant(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    if not may_manage_grants(request.user, inspection):
        raise PermissionDenied
    form = GrantForm(request.POST)
    if form.is_valid():
        # Only accounts the office may see; an unknown name and one out of scope read alike.
        user = visible_users(request.user).filter(
            username=form.cleaned_data["username"].strip(), is_active=True
        ).first()
        if user is None:
            form.add_error("username", _("No such account in your scope."))
        else:
            try:
                services.grant_access(
                    inspection, user, actor=request.user, reason=form.cleaned_data["reason"],
                    expires_on=form.cleaned_data["expires_on"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Access granted."))
                return redirect("fieldwork:inspection", pk=inspection.pk)
    return _workspace(request, inspection, form)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        InspectionGrant.objects.filter(inspection__in=visible_stationings(request.user)), pk=pk
    )
    if not may_manage_grants(request.user, found.inspection):
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the access ends."))
    else:
        try:
            services.revoke_access(found, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Access revoked."))
    return redirect("fieldwork:inspection", pk=found.inspection_id)
