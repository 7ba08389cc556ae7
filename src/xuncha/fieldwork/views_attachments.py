"""Uploading, downloading and removing the files of stationing records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from xuncha.core.forms import flash_errors
from xuncha.fieldwork import attachments
from xuncha.fieldwork.access import fieldwork_q, reader_role


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _record(request: HttpRequest, key: str, object_id):
    """The record, reached through the inspection's choke point (404 alike otherwise)."""
    entry = attachments.attachable(key)
    if entry is None:
        raise Http404
    q = fieldwork_q(request.user, f"{entry.inspection_path}__")
    if q is None:
        raise Http404
    obj = get_object_or_404(entry.model._default_manager.filter(q), pk=object_id)
    if entry.may_view is not None and not entry.may_view(request.user, obj):
        raise Http404
    return obj


@login_required
@require_POST
def attach(request: HttpRequest, key: str, object_id: int) -> HttpResponse:
    obj = _record(request, key, object_id)
    inspection = attachments.inspection_of(obj)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    elif upload.size > attachments.MAX_BYTES:  # refused before it is read into memory
        flash_errors(request, ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": attachments.MAX_BYTES // 2**20}
        ))
    else:
        try:
            attachments.add_attachment(obj, upload.name, upload.read(), actor=request.user)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("File attached."))
    return redirect(_back(request, f"/fieldwork/inspections/{inspection.pk}/"))


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    found = get_object_or_404(attachments.visible_attachments(request.user), pk=pk)
    if not attachments.may_view_attachment(request.user, found):
        raise Http404
    attachments.record_download(
        found, actor=request.user, role=reader_role(request.user, found.inspection)
    )
    response = FileResponse(
        found.file.open("rb"), as_attachment=True, filename=found.name, content_type=found.mime
    )
    return response


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(attachments.visible_attachments(request.user), pk=pk)
    if not attachments.may_view_attachment(request.user, found):
        raise Http404
    fallback = f"/fieldwork/inspections/{found.inspection_id}/"
    attachments.remove_attachment(found, actor=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("Attachment removed."))
    return redirect(_back(request, fallback))
