"""Generated documents and offices' templates in the API: the same choke points as the pages
(`documents.access`), the same services."""

import base64
import binascii
from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import call_service, invalid
from xuncha.documents import services
from xuncha.documents.access import (
    document_reader_role,
    documents_of_inspection,
    get_document_for_user,
    get_office_for_user,
    get_template_version_for_user,
)
from xuncha.documents.generation import generated_response
from xuncha.documents.models import DocumentTemplate
from xuncha.documents.registry import info, registry
from xuncha.documents.rendering import versions_in_use
from xuncha.documents.views import title_of
from xuncha.fieldwork.access import get_stationing_for_user

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    template: str
    title: str
    template_version: str
    format: str
    filename: str
    size: int
    sha256: str
    object_type: str
    object_id: str
    inspection_id: int | None
    generated_by: str
    generated_at: datetime

    @staticmethod
    def resolve_title(obj) -> str:
        return title_of(obj.template)

    @staticmethod
    def resolve_generated_by(obj) -> str:
        user = obj.generated_by
        return (user.full_name or user.username) if user else ""


class DocumentDetail(DocumentOut):
    verified: bool
    file_missing: bool
    actual_sha256: str


class VersionOut(Schema):
    id: int
    unit_id: int
    name: str
    version: int
    sha256: str
    note: str
    is_active: bool
    uploaded_by: str
    uploaded_at: datetime

    @staticmethod
    def resolve_uploaded_by(obj) -> str:
        return obj.uploaded_by.full_name or obj.uploaded_by.username


class TemplateOut(Schema):
    name: str
    title: str
    app: str
    in_use: str
    in_use_version_id: int | None
    replaceable: bool


class TemplateDetail(TemplateOut):
    variables: dict[str, str]
    versions: list[VersionOut]


class UploadIn(Schema):
    content_base64: str
    filename: str = ""
    note: str = ""


class ReasonIn(Schema):
    reason: str = ""


@router.get("/inspections/{inspection_id}/documents", response=list[DocumentOut])
@paginate
def inspection_documents(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return documents_of_inspection(request.auth, inspection)


@router.get("/documents/{document_id}", response=DocumentDetail)
def document_detail(request, document_id: int):
    found = get_document_for_user(request.auth, document_id)
    check = services.verify_document(found)
    found.verified, found.file_missing, found.actual_sha256 = check.ok, check.missing, check.actual
    return found


@router.get("/documents/{document_id}/file")
def document_file(request, document_id: int):
    """The stored file, exactly as generated; audited."""
    found = get_document_for_user(request.auth, document_id)
    if services.verify_document(found).missing:
        raise Http404
    services.record_document_download(
        found, actor=request.auth, role=document_reader_role(request.auth, found)
    )
    return generated_response(found)


def _template_out(office, name: str, in_use: dict) -> dict:
    entry = info(name)
    version = in_use.get(name)
    return {
        "name": name,
        "title": entry.title,
        "app": entry.app,
        "in_use": f"office:{version.pk}v{version.version}" if version else "standard",
        "in_use_version_id": version.pk if version else None,
        "replaceable": entry.sample is not None,
    }


@router.get("/offices/{unit_id}/templates", response=list[TemplateOut])
def office_templates(request, unit_id: int):
    office = get_office_for_user(request.auth, unit_id)
    in_use = versions_in_use(office)
    return [_template_out(office, name, in_use) for name in registry()]


@router.get("/offices/{unit_id}/templates/{name}", response=TemplateDetail)
def office_template(request, unit_id: int, name: str):
    office = get_office_for_user(request.auth, unit_id)
    if info(name) is None:
        raise Http404
    out = _template_out(office, name, versions_in_use(office, [name]))
    out["variables"] = info(name).variables
    out["versions"] = list(
        DocumentTemplate.objects.filter(unit=office, name=name)
        .select_related("uploaded_by")
        .order_by("-version")
    )
    return out


@router.post("/offices/{unit_id}/templates/{name}/versions", response={201: VersionOut})
def upload_version(request, unit_id: int, name: str, payload: UploadIn):
    """A new version of the office's template: the .docx as base64; tried on sample data."""
    office = get_office_for_user(request.auth, unit_id)
    if info(name) is None:
        raise Http404
    try:
        data = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError):
        raise invalid(ValidationError(_("The file is not valid base64."))) from None
    version = call_service(
        services.upload_template,
        office,
        name,
        data,
        actor=request.auth,
        filename=payload.filename or name,
        note=payload.note,
    )
    return Status(201, version)


@router.post("/template-versions/{version_id}/activate", response=VersionOut)
def activate_version(request, version_id: int, payload: ReasonIn):
    version = get_template_version_for_user(request.auth, version_id)
    return call_service(
        services.set_template_active,
        version,
        actor=request.auth,
        active=True,
        reason=payload.reason,
    )


@router.post("/template-versions/{version_id}/deactivate", response=VersionOut)
def deactivate_version(request, version_id: int, payload: ReasonIn):
    version = get_template_version_for_user(request.auth, version_id)
    return call_service(
        services.set_template_active,
        version,
        actor=request.auth,
        active=False,
        reason=payload.reason,
    )
