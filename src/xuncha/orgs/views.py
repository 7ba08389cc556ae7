"""Pages of the organization tree: browse and search, a unit's profile, its changes, and the
import and export of units.

Access: reading pages look the unit up with `get_unit_for_user` (404 alike for "does not exist"
and "not in your scope"). Pages that change a unit look it up in the scope of `unit.edit`, so a
unit the user may see but not edit is also a 404 there; a PermissionDenied raised by a service
after that (for instance a new parent outside the edit scope) is a 403. Import and export pages
need the capability somewhere in the user's scope, else 403.
"""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.accounts.permissions import acting_role, has_capability, role_for
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.core.forms import apply_errors
from xuncha.core.uploads import forget_upload, keep_upload, stored_upload
from xuncha.orgs import exporting, importing, selectors, services
from xuncha.orgs.forms import (
    ApplyImportForm,
    ImportForm,
    LeadershipForm,
    MoveForm,
    ReasonForm,
    UnitForm,
)
from xuncha.orgs.models import Unit
from xuncha.orgs.permissions import (
    get_leadership_member_for_user,
    get_unit_for_user,
    visible_units,
)

SEARCH_PAGE_SIZE = 50
CHILDREN_PAGE_SIZE = 100
_IMPORT_KIND = "units"


def _can(user, capability: Capability, unit: Unit) -> bool:
    return role_for(user, capability, unit.path) is not None


# --- Browse and search ------------------------------------------------------------------------


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    """The root units of the user's scope, each expandable to its children; or, with `q`, the
    units in scope whose name, short name or code matches, a page at a time."""
    user = request.user
    q = request.GET.get("q", "").strip()[:100]
    context: dict = {"q": q,
                     "can_import": has_capability(user, Capability.UNIT_IMPORT),
                     "can_export": has_capability(user, Capability.UNIT_EXPORT)}
    if q:
        page = Paginator(selectors.search_units(user, q), SEARCH_PAGE_SIZE).get_page(
            request.GET.get("page"))
        for unit in page:
            # Name the parent only where the user may see it (no query: grants are cached).
            unit.visible_parent = (unit.parent if unit.parent_id
                                   and _can(user, Capability.UNIT_VIEW, unit.parent) else None)
        context["page"] = page
    else:
        context["roots"] = list(selectors.scope_roots(user))
    return render(request, "orgs/tree.html", context)


@login_required
@require_GET
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx fragment: the children of one unit in scope, a page at a time."""
    unit = get_unit_for_user(request.user, pk)
    page = Paginator(selectors.visible_children(request.user, unit), CHILDREN_PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "orgs/_children.html", {"unit": unit, "page": page})


@login_required
@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    """htmx autocomplete for unit fields: up to 20 `<option value="CODE">NAME</option>` for
    active units in scope. The text comes from whichever input asked (q, unit, new_parent,
    parent)."""
    text = ""
    for name in ("q", "unit", "new_parent", "parent"):
        text = request.GET.get(name, "").strip()
        if text:
            break
    units = selectors.suggest_units(request.user, text[:100]) if text else []
    return render(request, "orgs/_suggest.html", {"units": units})


# --- A unit -------------------------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's profile with its place in the tree, its children and its leadership team.
    Views of sensitive units are audited."""
    user = request.user
    unit = get_unit_for_user(user, pk)
    services.record_sensitive_view(unit, actor=user)
    ancestors = selectors.visible_ancestors(user, unit)
    kids = Paginator(selectors.visible_children(user, unit), CHILDREN_PAGE_SIZE).get_page(
        request.GET.get("page"))
    context = {
        "unit": unit,
        "ancestors": ancestors,
        # Named only where the user may see it.
        "parent": ancestors[-1] if ancestors and ancestors[-1].pk == unit.parent_id else None,
        "children": kids,
        "leadership": list(unit.leadership.all()),
        "can_edit": _can(user, Capability.UNIT_EDIT, unit),
        "can_export": _can(user, Capability.UNIT_EXPORT, unit),
    }
    return render(request, "orgs/detail.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a unit's profile."""
    unit = get_unit_for_user(request.user, pk, Capability.UNIT_EDIT)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The unit has been saved."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
def create_child(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a unit under this one."""
    parent = get_unit_for_user(request.user, pk, Capability.UNIT_EDIT)
    form = UnitForm(request.POST or None, initial={"level": parent.level})
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(actor=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The unit has been added."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "parent": parent})


@login_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a unit and everything under it under another parent, chosen by code."""
    unit = get_unit_for_user(request.user, pk, Capability.UNIT_EDIT)
    form = MoveForm(request.POST or None,
                    units=visible_units(request.user, Capability.UNIT_EDIT).filter(
                        is_active=True))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_unit(unit, actor=request.user,
                               new_parent=form.cleaned_data["new_parent"],
                               reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc, default_field="new_parent")
        else:
            messages.success(request, _("The unit has been moved."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(request, "orgs/move.html", {"form": form, "unit": unit})


def _set_active(request: HttpRequest, pk: int, *, active: bool) -> HttpResponse:
    unit = get_unit_for_user(request.user, pk, Capability.UNIT_EDIT)
    form = ReasonForm(request.POST or None, required=not active)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_unit_active(unit, actor=request.user, active=active,
                                     reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc, default_field="reason")
        else:
            messages.success(request, _("The unit has been restored.") if active
                             else _("The unit has been dissolved."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(request, "orgs/reason_form.html", {
        "form": form, "unit": unit,
        "title": _("Restore %(name)s") % {"name": unit.name} if active
        else _("Dissolve %(name)s") % {"name": unit.name},
        "button": _("Restore") if active else _("Dissolve"), "danger": not active,
        "explanation": "" if active else _(
            "A dissolved unit stays in the tree for the history of earlier inspections, shown "
            "muted. Dissolve or move the active units below it first."),
    })


@login_required
def dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    """Dissolve a unit (it stays in the tree for history), giving the reason."""
    return _set_active(request, pk, active=False)


@login_required
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Restore a dissolved unit."""
    return _set_active(request, pk, active=True)


@login_required
def leader_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a member of the unit's leadership team."""
    unit = get_unit_for_user(request.user, pk, Capability.UNIT_EDIT)
    form = LeadershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_leadership_member(unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The leadership member has been added."))
            return redirect("orgs:detail", pk=unit.pk)
    return render(request, "orgs/leader_form.html", {"form": form, "unit": unit})


@login_required
def leader_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a leadership member's name, post or order."""
    member = get_leadership_member_for_user(request.user, pk)
    form = LeadershipForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_leadership_member(member, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The leadership member has been saved."))
            return redirect("orgs:detail", pk=member.unit_id)
    return render(request, "orgs/leader_form.html",
                  {"form": form, "unit": member.unit, "member": member})


@login_required
def leader_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a member from the leadership team, with an optional reason."""
    member = get_leadership_member_for_user(request.user, pk)
    unit = member.unit
    form = ReasonForm(request.POST or None, required=False)
    if request.method == "POST" and form.is_valid():
        services.remove_leadership_member(member, actor=request.user,
                                          reason=form.cleaned_data["reason"])
        messages.success(request, _("The leadership member has been removed."))
        return redirect("orgs:detail", pk=unit.pk)
    return render(request, "orgs/reason_form.html", {
        "form": form, "unit": unit,
        "title": _("Remove %(name)s from the leadership team") % {"name": str(member)},
        "button": _("Remove"), "danger": True, "explanation": "",
    })


# --- Import -------------------------------------------------------------------------------------


def _require_import(user) -> None:
    if not has_capability(user, Capability.UNIT_IMPORT):
        raise PermissionDenied


@login_required
def import_units(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet of units and see, without anything being written, what importing it
    would do: every bad cell with its row and column, and how many units are new, changed and
    unchanged. A clean file is kept on the server under a random name, known only to this
    session, until it is applied."""
    _require_import(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = _import_context(form)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        context["filename"] = upload.name
        if upload.size > settings.XUNCHA_IMPORT_MAX_BYTES:
            context["file_error"] = _("The file is larger than %(size)s MB.") % {
                "size": round(settings.XUNCHA_IMPORT_MAX_BYTES / 1024 / 1024, 1)}
        else:
            data = upload.read()
            try:
                table = importing.read_table(data, upload.name)
            except importing.ImportFileError as exc:
                context["file_error"] = str(exc)
            else:
                plan = importing.plan_import(request.user, table)
                context.update(_plan_context(plan))
                if plan.ok:
                    context["apply_form"] = ApplyImportForm(
                        initial={"token": keep_upload(request, data, upload.name,
                                                     kind=_IMPORT_KIND)})
    return render(request, "orgs/import.html", context)


def _import_context(form, **extra) -> dict:
    return {"form": form, "columns": importing.column_help(), **extra}


def _plan_context(plan: importing.ImportPlan, shown: int = 200) -> dict:
    changed = [r for r in plan.rows if r.action != "unchanged"]
    return {"plan": plan, "changed_rows": changed[:shown],
            "more_changes": max(0, len(changed) - shown)}


@login_required
@require_POST
def import_apply(request: HttpRequest) -> HttpResponse:
    """Apply a checked upload: the file is read and checked again, then written all or nothing
    by the import service."""
    _require_import(request.user)
    form = ApplyImportForm(request.POST)
    stored = (stored_upload(request, form.data.get("token", ""), kind=_IMPORT_KIND)
              if form.is_valid() else None)
    if stored is None:
        messages.error(request, _("The upload has expired or is unknown. Upload the file again."))
        return redirect("orgs:import")
    entry, path = stored
    token = form.cleaned_data["token"]
    context = _import_context(ImportForm(), filename=entry["name"])
    try:
        table = importing.read_table(path.read_bytes(), entry["name"])
    except importing.ImportFileError as exc:
        forget_upload(request, token)
        context["file_error"] = str(exc)
        return render(request, "orgs/import.html", context)
    plan = importing.plan_import(request.user, table)
    if not plan.ok:
        forget_upload(request, token)
        context.update(_plan_context(plan))
        return render(request, "orgs/import.html", context)
    try:
        counts = services.import_units(actor=request.user,
                                       rows=[r.as_service_row() for r in plan.rows],
                                       source=entry["name"])
    except ValidationError as exc:
        context.update(_plan_context(plan))
        context["apply_errors"] = exc.messages
        return render(request, "orgs/import.html", context)
    forget_upload(request, token)
    messages.success(request, _(
        "Import done: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % counts)
    return redirect("orgs:tree")


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The empty workbook with the column headers the import reads."""
    _require_import(request.user)
    out, _count = exporting.template_workbook()
    return FileResponse(out, as_attachment=True, filename="单位导入模板.xlsx",
                        content_type=exporting.CONTENT_TYPE)


# --- Export -------------------------------------------------------------------------------------


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The units in the user's export scope, or the subtree of `?root=<pk>`, as an .xlsx with
    the columns of the import. Audited with the number of units."""
    user = request.user
    if not has_capability(user, Capability.UNIT_EXPORT):
        raise PermissionDenied
    qs = visible_units(user, Capability.UNIT_EXPORT)
    root = None
    root_pk = request.GET.get("root", "")
    if root_pk:
        if not (root_pk.isascii() and root_pk.isdigit()):
            raise Http404
        root = get_unit_for_user(user, int(root_pk), Capability.UNIT_EXPORT)
        qs = qs.under(root)
    out, count = exporting.export_units(qs)
    with transaction.atomic():
        record(EventType.UNITS_EXPORTED, actor=user, role=acting_role(user), unit=root,
               object_type="orgs.unit", object_id=root.pk if root else "",
               changes={"count": count})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{root.code if root else '单位'}-{stamp}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name,
                        content_type=exporting.CONTENT_TYPE)
