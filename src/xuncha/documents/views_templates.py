"""Pages of an office's own templates: every template of the registry with the version in use,
one template with what it receives and its history, the download of the shipped or current
file to edit in Word, the upload of a new version, activation and rollback, and previews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.core.forms import apply_errors, flash_errors
from xuncha.documents import services
from xuncha.documents.access import (
    get_office_for_user,
    get_template_version_for_user,
    template_offices,
)
from xuncha.documents.fill import declared_variables
from xuncha.documents.forms import PreviewForm, ReasonForm, TemplateUploadForm
from xuncha.documents.generation import generated_response
from xuncha.documents.http import docx_response
from xuncha.documents.models import DocumentTemplate, GeneratedDocument
from xuncha.documents.registry import TemplateInfo, info, registry
from xuncha.documents.rendering import Origin, file_template, shipped_path, versions_in_use

PREVIEWS_SHOWN = 10


def _entry(name: str) -> TemplateInfo:
    entry = info(name)
    if entry is None:
        raise Http404
    return entry


def _template_url(unit, name: str) -> str:
    return reverse("documents:template", kwargs={"pk": unit.pk, "name": name})


@login_required
@require_GET
def offices(request: HttpRequest) -> HttpResponse:
    """The offices whose templates the person manages."""
    units = list(template_offices(request.user).order_by("path"))
    if not units:
        raise PermissionDenied
    return render(request, "documents/offices.html", {"offices": units})


@login_required
@require_GET
def templates(request: HttpRequest, pk: int) -> HttpResponse:
    """Every template with the version the office's documents are made from now."""
    office = get_office_for_user(request.user, pk)
    in_use = versions_in_use(office)
    counts = dict(
        DocumentTemplate.objects.filter(unit=office)
        .values("name")
        .annotate(n=Count("id"))
        .values_list("name", "n")
    )
    rows = []
    for entry in registry().values():
        version = in_use.get(entry.name)
        rows.append(
            {
                "entry": entry,
                "version": version,
                "inherited": version is not None and version.unit_id != office.pk,
                "count": counts.get(entry.name, 0),
            }
        )
    return render(request, "documents/templates.html", {"office": office, "rows": rows})


def _template_page(request, office, entry: TemplateInfo, form=None, status: int = 200):
    version = versions_in_use(office, [entry.name]).get(entry.name)
    try:
        current = file_template(entry.name) if version is None else None
    except FileNotFoundError:
        current = None
    history = (
        DocumentTemplate.objects.filter(unit=office, name=entry.name)
        .select_related("uploaded_by")
        .order_by("-version")
    )
    previews = GeneratedDocument.objects.filter(
        inspection__isnull=True,
        unit=office,
        template=entry.name,
        object_type__in=("documents.documenttemplate", "orgs.unit"),
    ).select_related("generated_by")[:PREVIEWS_SHOWN]
    try:
        shipped = file_template(entry.name).data
    except FileNotFoundError:
        shipped = b""
    declared = declared_variables(shipped) if shipped else []
    variables = [(n, entry.variables.get(n, "")) for n in entry.variables]
    variables += [(n, "") for n in declared if n not in entry.variables]
    return render(
        request,
        "documents/template.html",
        {
            "office": office,
            "entry": entry,
            "version": version,
            "inherited": version is not None and version.unit_id != office.pk,
            "file_version": current.version if current is not None else "",
            "from_directory": current is not None and current.origin == Origin.DIRECTORY,
            "history": history,
            "previews": previews,
            "variables": variables,
            "form": form or TemplateUploadForm(),
            "can_preview": entry.sample is not None,
        },
        status=status,
    )


@login_required
@require_GET
def template(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    office = get_office_for_user(request.user, pk)
    return _template_page(request, office, _entry(name))


@login_required
@require_POST
def template_upload(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    office = get_office_for_user(request.user, pk)
    entry = _entry(name)
    form = TemplateUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.upload_template(
                office,
                entry.name,
                upload.read(),
                actor=request.user,
                filename=upload.name,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, "file")
        else:
            messages.success(
                request,
                _("Version %(n)s of “%(title)s” is now in use.")
                % {
                    "n": version.version,
                    "title": entry.title,
                },
            )
            return redirect(_template_url(office, entry.name))
    return _template_page(request, office, entry, form=form)


@login_required
@require_GET
def template_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The template to edit in Word: the one in use (default) or the shipped one."""
    office = get_office_for_user(request.user, pk)
    entry = _entry(name)
    try:
        if request.GET.get("which") == "shipped":
            data, label = shipped_path(entry.name).read_bytes(), _("standard")
        else:
            resolved = services.in_use(entry.name, office)
            data, label = resolved.data, resolved.version
    except FileNotFoundError:
        raise Http404 from None
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(_template_url(office, entry.name))
    return docx_response(f"{entry.title}（{label}）.docx", data)


@login_required
@require_POST
def template_preview(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """The template in use filled with sample data, as Word or PDF."""
    office = get_office_for_user(request.user, pk)
    return _preview(request, office, _entry(name), None)


def _preview(request, office, entry: TemplateInfo, version) -> HttpResponse:
    form = PreviewForm(request.POST)
    fmt = form.cleaned_data["format"] if form.is_valid() else "docx"
    try:
        document = services.preview_template(
            office, entry.name, actor=request.user, fmt=fmt, version=version
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(_template_url(office, entry.name))
    return generated_response(document)


@login_required
@require_GET
def version_file(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_template_version_for_user(request.user, pk)
    with version.file.open("rb") as fh:
        data = fh.read()
    entry = info(version.name)
    title = entry.title if entry else version.name
    return docx_response(f"{title}（第{version.version}版）.docx", data)


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    version = get_template_version_for_user(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.set_template_active(version, actor=request.user, active=active, reason=reason)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        if active:
            messages.success(request, _("Version %(n)s is in use again.") % {"n": version.version})
        else:
            messages.success(
                request,
                _("Version %(n)s is out of use; documents are made from the version before it.")
                % {"n": version.version},
            )
    return redirect(_template_url(version.unit, version.name))


@login_required
@require_POST
def version_activate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, True)


@login_required
@require_POST
def version_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, False)


@login_required
@require_POST
def version_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """One version (in use or not) filled with sample data, before activating it."""
    version = get_template_version_for_user(request.user, pk)
    return _preview(request, version.unit, _entry(version.name), version)
