"""Import of cadres from a spreadsheet and export of a pool's members, with the same columns.

The import works as the unit import does, and uses its storage of checked uploads: upload and
dry run (nothing written, every bad cell listed), then an all-or-nothing apply through the
services. An upload checked here is marked as a cadre import, so a token cannot be applied by
the wrong import.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.accounts.permissions import has_capability, role_for
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.core.uploads import forget_upload, keep_upload, stored_upload
from xuncha.orgs.forms import ApplyImportForm, ImportForm
from xuncha.orgs.importing import ImportFileError, ImportPlan
from xuncha.orgs.models import Level
from xuncha.orgs.permissions import visible_units
from xuncha.people import exporting, importing, services
from xuncha.people.permissions import get_pool_for_user, visible_memberships, visible_pools

_KIND = "cadres"
CHANGES_SHOWN = 200


def _require_edit(user) -> None:
    if not has_capability(user, Capability.PEOPLE_EDIT):
        raise PermissionDenied


def _context(form, **extra) -> dict:
    return {"form": form, "columns": importing.column_help(), **extra}


def _plan_context(plan: ImportPlan) -> dict:
    changed = [r for r in plan.rows if r.action != "unchanged"]
    return {
        "plan": plan,
        "pool_entries": sum(len(r.pools) for r in plan.rows),
        "changed_rows": changed[:CHANGES_SHOWN],
        "more_changes": max(0, len(changed) - CHANGES_SHOWN),
    }


@login_required
def import_cadres(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet of cadres and see, without anything being written, what importing
    it would do: every bad cell with its row and column, the cadres that are new, those that
    are updated (same name, same work unit) and the pools they join."""
    _require_edit(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = _context(form)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        context["filename"] = upload.name
        if upload.size > settings.XUNCHA_IMPORT_MAX_BYTES:
            context["file_error"] = _("The file is larger than %(size)s MB.") % {
                "size": round(settings.XUNCHA_IMPORT_MAX_BYTES / 1024 / 1024, 1)
            }
        else:
            data = upload.read()
            try:
                table = importing.read_table(data, upload.name)
            except ImportFileError as exc:
                context["file_error"] = str(exc)
            else:
                plan = importing.plan_import(request.user, table)
                context.update(_plan_context(plan))
                if plan.ok:
                    context["apply_form"] = ApplyImportForm(
                        initial={"token": keep_upload(request, data, upload.name, kind=_KIND)}
                    )
    return render(request, "people/import.html", context)


@login_required
@require_POST
def import_apply(request: HttpRequest) -> HttpResponse:
    """Apply a checked upload: read and checked again, then written all or nothing."""
    _require_edit(request.user)
    form = ApplyImportForm(request.POST)
    token = form.data.get("token", "")
    stored = stored_upload(request, token, kind=_KIND) if form.is_valid() else None
    if stored is None:
        messages.error(request, _("The upload has expired or is unknown. Upload the file again."))
        return redirect("people:import")
    entry, path = stored
    token = form.cleaned_data["token"]
    context = _context(ImportForm(), filename=entry["name"])
    try:
        table = importing.read_table(path.read_bytes(), entry["name"])
    except ImportFileError as exc:
        forget_upload(request, token)
        context["file_error"] = str(exc)
        return render(request, "people/import.html", context)
    plan = importing.plan_import(request.user, table)
    if not plan.ok:
        forget_upload(request, token)
        context.update(_plan_context(plan))
        return render(request, "people/import.html", context)
    try:
        counts = services.import_cadres(
            actor=request.user,
            rows=[r.as_service_row() for r in plan.rows],
            source=entry["name"],
        )
    except ValidationError as exc:
        context.update(_plan_context(plan))
        context["apply_errors"] = exc.messages
        return render(request, "people/import.html", context)
    forget_upload(request, token)
    messages.success(
        request,
        _(
            "Import done: %(created)s new, %(updated)s changed, %(unchanged)s unchanged; "
            "%(pool_entries)s entries into pools."
        )
        % counts,
    )
    return redirect("people:cadres")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The workbook to fill in: headers, an example row with codes of the person's scope, and
    a sheet explaining each column."""
    user = request.user
    _require_edit(user)
    units = visible_units(user, Capability.PEOPLE_EDIT).filter(is_active=True).order_by("path")
    work_unit = units.exclude(has_office=True).first() or units.first()
    region = units.filter(level=Level.COUNTY, kind__in=services.REGION_KINDS).first()
    # The pool of the nearest jurisdiction over the example's work unit.
    pools = visible_pools(user, Capability.PEOPLE_EDIT).filter(is_active=True)
    fitting = [p for p in pools if work_unit and work_unit.path.startswith(p.jurisdiction.path)]
    pool = max(fitting, key=lambda p: len(p.jurisdiction.path), default=None)
    out, _count = exporting.template_workbook(
        unit_code=work_unit.code if work_unit else "",
        native_place_code=region.code if region else "",
        pool_name=pool.name if pool else "",
    )
    return FileResponse(
        out,
        as_attachment=True,
        filename="干部导入模板.xlsx",
        content_type=exporting.CONTENT_TYPE,
    )


@login_required
@require_GET
def pool_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The pool's current members in the person's scope as an .xlsx with the columns of the
    import. The download is audited with the number of cadres."""
    user = request.user
    pool = get_pool_for_user(user, pk)
    members = (
        visible_memberships(user)
        .filter(pool=pool, removed_on__isnull=True)
        .select_related("cadre__native_place")
        .order_by("cadre__full_name", "cadre_id")
        .iterator(chunk_size=2000)
    )
    out, count = exporting.export_members(members)
    with transaction.atomic():
        record(
            EventType.DOCUMENT_DOWNLOADED,
            actor=user,
            role=role_for(user, Capability.PEOPLE_VIEW, pool.jurisdiction.path) or "",
            unit=pool.jurisdiction,
            obj=pool,
            changes={"document": "pool_members.xlsx", "count": count},
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"{pool.name}-{stamp}.xlsx",
        content_type=exporting.CONTENT_TYPE,
    )
