"""Pages of the copied-text check: an inspection's materials with the upload form, a material
with its matches, one match side by side, and the liaison's page. Reads go through
`copycheck.access`; writes through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xuncha.copycheck import services
from xuncha.copycheck.access import (
    get_match_for_user,
    get_material_for_user,
    is_liaison,
    liaison_inspections,
    liaison_materials,
    liaison_units,
    may_remove,
)
from xuncha.copycheck.corpus import threshold_of
from xuncha.copycheck.forms import LiaisonMaterialForm, MaterialForm, RemoveForm
from xuncha.copycheck.models import MaterialKind
from xuncha.copycheck.selectors import (
    match_view,
    matches_of,
    materials_of,
    seen_inspections,
    side_of,
)
from xuncha.core.forms import apply_errors
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q

PAGE_SIZE = 30


def _units(inspection):
    return Unit.objects.under(inspection.target).active().order_by("path")


def _home_page(request, inspection, form=None, status: int = 200) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in MaterialKind.values else ""
    page = Paginator(materials_of(inspection, kind), PAGE_SIZE).get_page(request.GET.get("page"))
    writable = may_write(request.user, inspection)
    if writable and form is None:
        form = MaterialForm(units=_units(inspection), initial={"unit": inspection.target_id})
    return render(
        request,
        "copycheck/home.html",
        {
            "inspection": inspection,
            "page": page,
            "kind": kind,
            "kinds": MaterialKind.choices,
            "threshold": threshold_of(inspection.round),
            "writable": writable,
            "form": form if writable else None,
        },
        status=status,
    )


@login_required
@require_GET
def home(request: HttpRequest, pk: int) -> HttpResponse:
    """The materials of an inspection by kind, the highest score of each flagged."""
    return _home_page(request, get_stationing_for_user(request.user, pk))


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    if not may_write(request.user, inspection):
        raise PermissionDenied
    form = MaterialForm(request.POST, request.FILES, units=_units(inspection))
    if form.is_valid():
        try:
            material = services.upload_material(
                inspection, actor=request.user, **form.upload_kwargs()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Material uploaded and compared."))
            return redirect("copycheck:material", pk=material.pk)
    return _home_page(request, inspection, form)


@login_required
@require_POST
def recheck(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_stationing_for_user(request.user, pk)
    if not may_write(request.user, inspection):
        raise PermissionDenied
    summary = services.recheck(inspection, actor=request.user)
    messages.success(
        request,
        _("%(materials)d materials compared again; %(matches)d pairs at or above the threshold.")
        % summary,
    )
    return redirect("copycheck:home", pk=inspection.pk)


@login_required
@require_GET
def material(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_material_for_user(request.user, pk)
    inspection = found.inspection
    matches = list(matches_of(found))
    seen = seen_inspections(request.user, matches)
    rows = []
    for match in matches:
        view = match_view(request.user, match, side_of(match, found), seen)
        rows.append({"match": match, "other": view.other})
    return render(
        request,
        "copycheck/material.html",
        {
            "inspection": inspection,
            "material": found,
            "rows": rows,
            "threshold": threshold_of(inspection.round),
            "removable": may_remove(request.user, found),
            "remove_form": RemoveForm(),
        },
    )


@login_required
@require_GET
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    found = get_material_for_user(request.user, pk)
    if not found.file:
        raise Http404
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.file_name)


@login_required
@require_POST
def material_remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_material_for_user(request.user, pk)
    form = RemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.remove_material(found, actor=request.user, reason=reason)
    messages.success(request, _("Material removed with its matches."))
    return redirect("copycheck:home", pk=found.inspection_id)


@login_required
@require_GET
def match(request: HttpRequest, pk: int) -> HttpResponse:
    """Both texts side by side with the shared passages marked; the other side's text only
    for those who see that material."""
    found = get_match_for_user(request.user, pk)
    view = match_view(request.user, found, request.GET.get("side", ""))
    return render(
        request,
        "copycheck/match.html",
        {
            "view": view,
            "inspection": view.this.material.inspection,
            "threshold": threshold_of(view.this.material.inspection.round),
        },
    )


# --- The target's liaison ----------------------------------------------------------------------


def _liaison_units(user):
    units = Unit.objects.filter(pk__in=liaison_units(user))
    q = None
    for unit in units:
        q = subtree_q(unit.path) if q is None else q | subtree_q(unit.path)
    return Unit.objects.none() if q is None else Unit.objects.filter(q).active().order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def liaison(request: HttpRequest) -> HttpResponse:
    """The liaison hands in the unit's material and sees what the unit handed in: never the
    team's uploads, never a score."""
    if not is_liaison(request.user):
        raise PermissionDenied
    inspections = liaison_inspections(request.user)
    form = LiaisonMaterialForm(
        request.POST or None,
        request.FILES or None,
        units=_liaison_units(request.user),
        inspections=inspections,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_material(
                form.cleaned_data["inspection"], actor=request.user, **form.upload_kwargs()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Material handed in."))
            return redirect("copycheck:liaison")
    page = Paginator(
        liaison_materials(request.user).order_by("-uploaded_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "copycheck/liaison.html",
        {"form": form, "page": page, "open": inspections.exists()},
    )
