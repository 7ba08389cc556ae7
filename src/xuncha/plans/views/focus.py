"""A jurisdiction's focus areas: the list rounds choose from, editable by the office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xuncha.accounts.roles import Capability
from xuncha.core.forms import apply_errors
from xuncha.plans import services
from xuncha.plans.forms import FocusAreaForm
from xuncha.plans.permissions import (
    can,
    get_focus_area_for_user,
    get_jurisdiction_for_user,
    visible_focus_areas,
)
from xuncha.plans.reference import REFERENCE_FOCUS_AREAS
from xuncha.plans.views._common import run


def _list(
    request: HttpRequest, jurisdiction, form: FocusAreaForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    areas = list(
        visible_focus_areas(user).filter(jurisdiction=jurisdiction).order_by("group", "order", "id")
    )
    groups: dict[str, list] = {}
    for area in areas:
        groups.setdefault(area.group, []).append(area)
    can_edit = can(user, Capability.PLAN_EDIT, jurisdiction)
    return render(
        request,
        "plans/focus_areas.html",
        {
            "jurisdiction": jurisdiction,
            "groups": list(groups.items()),
            "group_names": list(groups),
            "can_edit": can_edit,
            "missing_reference": [g for g in REFERENCE_FOCUS_AREAS if g not in groups],
            "form": form or (FocusAreaForm() if can_edit else None),
        },
        status=status,
    )


@login_required
def focus_areas(request: HttpRequest, pk: int) -> HttpResponse:
    jurisdiction = get_jurisdiction_for_user(request.user, pk)
    return _list(request, jurisdiction)


@login_required
@require_POST
def focus_area_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    jurisdiction = get_jurisdiction_for_user(user, pk)
    if not can(user, Capability.PLAN_EDIT, jurisdiction):
        raise PermissionDenied
    form = FocusAreaForm(request.POST)
    if form.is_valid():
        try:
            services.create_focus_area(actor=user, jurisdiction=jurisdiction, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The focus area has been added."))
            return redirect("plans:focus_areas", pk=jurisdiction.pk)
    return _list(request, jurisdiction, form)


@login_required
def focus_area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    area = get_focus_area_for_user(user, pk)
    if not can(user, Capability.PLAN_EDIT, area.jurisdiction):
        raise PermissionDenied
    form = FocusAreaForm(
        request.POST or None,
        editing=True,
        initial={
            "group": area.group,
            "text": area.text,
            "order": area.order,
            "is_active": area.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_focus_area(area, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The focus area has been saved."))
            return redirect("plans:focus_areas", pk=area.jurisdiction_id)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": _("Edit focus area"),
            "back": reverse("plans:focus_areas", args=[area.jurisdiction_id]),
            "datalist": (
                "focus-groups",
                sorted(
                    set(
                        visible_focus_areas(user)
                        .filter(jurisdiction_id=area.jurisdiction_id)
                        .values_list("group", flat=True)
                    )
                ),
            ),
        },
    )


@login_required
@require_POST
def focus_area_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a focus area out of use, or back into use."""
    area = get_focus_area_for_user(request.user, pk)
    active = not area.is_active
    run(
        request,
        lambda: services.set_focus_area_active(area, actor=request.user, active=active),
        _("The focus area is in use again.")
        if active
        else _("The focus area is no longer offered to new rounds."),
    )
    return redirect("plans:focus_areas", pk=area.jurisdiction_id)


@login_required
@require_POST
def focus_reference(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy the reference sets (三个聚焦, 四个聚焦, 三大问题) the jurisdiction lacks."""
    jurisdiction = get_jurisdiction_for_user(request.user, pk)
    try:
        added = services.ensure_reference_focus_areas(jurisdiction, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if added:
            messages.success(
                request, _("%(n)s reference focus areas have been added.") % {"n": added}
            )
        else:
            messages.info(request, _("The jurisdiction already has every reference set."))
    return redirect("plans:focus_areas", pk=jurisdiction.pk)
