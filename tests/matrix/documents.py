"""Authorization-matrix entries of the documents app (see tests/authz.py).

Generated documents of an inspection are stationing material: inside is county A1's
inspection, outside county B1's; the office (office_a) reads them, an account without a role
does not. Offices' templates need template.manage over the office's unit: inside is county A1's
office, outside county B1's; the leading group (viewer_a) may not touch them."""

import base64

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.authz import Endpoint
from tests.documents.helpers import edited_shipped
from xuncha.documents import services
from xuncha.documents.generation import generate
from xuncha.documents.registry import registry

PUBLIC: set[str] = set()

NOTICE = "fieldwork_notice.docx"
NAME = "evaluation_letter.docx"
EDIT = ("特此函告。", "特此函告，请予支持。")
UNITS = {"a": ("county_a1", "office_a"), "b": ("county_b1", "outsider")}
INSPECTIONS = {"a": "inspection_a1", "b": "inspection_b"}


def _document_of(ns, side: str):
    inspection = getattr(ns.plans, INSPECTIONS[side])
    return generate(
        NOTICE,
        registry()[NOTICE].sample_context(),
        source=inspection,
        filename=f"矩阵通知{side}",
        actor=None,
        inspection=inspection,
    )


def _inspection(side: str, key: str = "pk"):
    def build(ns):
        _document_of(ns, side)
        return {key: getattr(ns.plans, INSPECTIONS[side]).pk}

    return build


def _document(side: str, key: str = "pk"):
    return lambda ns: {key: _document_of(ns, side).pk}


def _office(side: str, key: str = "pk", name: bool = False):
    def build(ns):
        out = {key: getattr(ns.tree, UNITS[side][0]).pk}
        if name:
            out["name"] = NAME
        return out

    return build


def _version(side: str, key: str = "pk", active: bool = True):
    def build(ns):
        unit, actor = UNITS[side]
        version = services.upload_template(
            getattr(ns.tree, unit),
            NAME,
            edited_shipped(NAME, *EDIT),
            actor=getattr(ns.personas, actor),
        )
        if not active:
            services.set_template_active(version, actor=getattr(ns.personas, actor), active=False)
        return {key: version.pk}

    return build


def _upload(ns):
    return {"file": SimpleUploadedFile("评价函.docx", edited_shipped(NAME, *EDIT)), "note": "矩阵"}


def _upload_json(ns):
    return {
        "content_base64": base64.b64encode(edited_shipped(NAME, *EDIT)).decode(),
        "filename": "评价函.docx",
        "note": "矩阵",
    }


_TEMPLATES = {"without": "viewer_a"}

ENDPOINTS: list[Endpoint] = [
    # --- generated documents ----------------------------------------------------------------
    Endpoint(
        "documents:inspection",
        inside=_inspection("a"),
        outside=_inspection("b"),
        secret_inside="矩阵通知a",
    ),
    Endpoint(
        "documents:document",
        inside=_document("a"),
        outside=_document("b"),
        secret_inside="矩阵通知a",
    ),
    Endpoint("documents:document_download", inside=_document("a"), outside=_document("b")),
    Endpoint(
        "GET /api/documents/inspections/{inspection_id}/documents",
        api=True,
        inside=_inspection("a", "inspection_id"),
        outside=_inspection("b", "inspection_id"),
        secret_inside="矩阵通知a",
    ),
    Endpoint(
        "GET /api/documents/documents/{document_id}",
        api=True,
        inside=_document("a", "document_id"),
        outside=_document("b", "document_id"),
        secret_inside="矩阵通知a",
    ),
    Endpoint(
        "GET /api/documents/documents/{document_id}/file",
        api=True,
        inside=_document("a", "document_id"),
        outside=_document("b", "document_id"),
    ),
    # --- offices' templates -------------------------------------------------------------------
    Endpoint("documents:offices", secret_inside="甲一县委"),
    Endpoint(
        "documents:templates",
        inside=_office("a"),
        outside=_office("b"),
        secret_inside="巡察工作人员表现情况函",
        **_TEMPLATES,
    ),
    Endpoint(
        "documents:template",
        inside=_office("a", name=True),
        outside=_office("b", name=True),
        secret_inside="巡察工作人员表现情况函",
        **_TEMPLATES,
    ),
    Endpoint(
        "documents:template_file",
        inside=_office("a", name=True),
        outside=_office("b", name=True),
        **_TEMPLATES,
    ),
    Endpoint(
        "documents:template_upload",
        method="POST",
        inside=_office("a", name=True),
        outside=_office("b", name=True),
        ok=(302,),
        data=_upload,
        **_TEMPLATES,
    ),
    Endpoint(
        "documents:template_preview",
        method="POST",
        inside=_office("a", name=True),
        outside=_office("b", name=True),
        data=lambda ns: {"format": "docx"},
        **_TEMPLATES,
    ),
    Endpoint("documents:version_file", inside=_version("a"), outside=_version("b"), **_TEMPLATES),
    Endpoint(
        "documents:version_activate",
        method="POST",
        inside=_version("a", active=False),
        outside=_version("b", active=False),
        ok=(302,),
        data=lambda ns: {},
        **_TEMPLATES,
    ),
    Endpoint(
        "documents:version_deactivate",
        method="POST",
        inside=_version("a"),
        outside=_version("b"),
        ok=(302,),
        data=lambda ns: {"reason": "回退"},
        **_TEMPLATES,
    ),
    Endpoint(
        "documents:version_preview",
        method="POST",
        inside=_version("a"),
        outside=_version("b"),
        data=lambda ns: {"format": "docx"},
        **_TEMPLATES,
    ),
    Endpoint(
        "GET /api/documents/offices/{unit_id}/templates",
        api=True,
        inside=_office("a", "unit_id"),
        outside=_office("b", "unit_id"),
        secret_inside="巡察工作人员表现情况函",
        **_TEMPLATES,
    ),
    Endpoint(
        "GET /api/documents/offices/{unit_id}/templates/{name}",
        api=True,
        inside=_office("a", "unit_id", name=True),
        outside=_office("b", "unit_id", name=True),
        secret_inside="评定等次",
        **_TEMPLATES,
    ),
    Endpoint(
        "POST /api/documents/offices/{unit_id}/templates/{name}/versions",
        method="POST",
        api=True,
        inside=_office("a", "unit_id", name=True),
        outside=_office("b", "unit_id", name=True),
        ok=(201,),
        data=_upload_json,
        **_TEMPLATES,
    ),
    Endpoint(
        "POST /api/documents/template-versions/{version_id}/activate",
        method="POST",
        api=True,
        inside=_version("a", "version_id", active=False),
        outside=_version("b", "version_id", active=False),
        data=lambda ns: {"reason": ""},
        **_TEMPLATES,
    ),
    Endpoint(
        "POST /api/documents/template-versions/{version_id}/deactivate",
        method="POST",
        api=True,
        inside=_version("a", "version_id"),
        outside=_version("b", "version_id"),
        data=lambda ns: {"reason": "回退"},
        **_TEMPLATES,
    ),
]
