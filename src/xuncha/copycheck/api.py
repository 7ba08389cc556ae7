"""Unit material and copied-text matches in the API, through the same choke points and
services as the pages. The upload takes multipart/form-data (a `file`, or `text`) or JSON
(pasted `text`); the liaison uploads through it too and lists the unit's uploads at /liaison."""

import json
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import ValidationError as SchemaError

from xuncha.copycheck import services
from xuncha.copycheck.access import (
    authorize_upload,
    get_match_for_user,
    get_material_for_user,
    is_liaison,
    liaison_inspections,
    liaison_materials,
)
from xuncha.copycheck.models import UnitMaterial
from xuncha.copycheck.selectors import (
    match_view,
    matches_of,
    materials_of,
    seen_inspections,
    side_of,
    with_scores,
)
from xuncha.core.api import call_service, forbidden, invalid
from xuncha.fieldwork.access import visible_stationings
from xuncha.fieldwork.attachments import MAX_BYTES
from xuncha.orgs.models import Unit

router = Router(tags=["copycheck"])


class MaterialOut(Schema):
    id: int
    inspection_id: int
    unit_id: int
    unit: str
    kind: str
    title: str
    author: str
    file_name: str
    sha256: str
    characters: int
    by_unit: bool
    uploaded_by: str
    uploaded_at: datetime
    checked_at: datetime | None
    best_score: float
    match_count: int

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_characters(obj) -> int:
        return len(obj.normalized)

    @staticmethod
    def resolve_uploaded_by(obj) -> str:
        user = obj.uploaded_by
        return (user.full_name or user.username) if user else ""

    @staticmethod
    def resolve_best_score(obj) -> float:
        return getattr(obj, "best", 0.0) or 0.0

    @staticmethod
    def resolve_match_count(obj) -> int:
        return getattr(obj, "match_count", 0) or 0


class MaterialDetail(MaterialOut):
    text: str


class LiaisonMaterialOut(Schema):
    """What the unit sees of what it handed in: no score, no match."""

    id: int
    inspection_id: int
    unit: str
    kind: str
    title: str
    author: str
    file_name: str
    uploaded_at: datetime

    @staticmethod
    def resolve_unit(obj) -> str:
        return obj.unit.name


class MaterialIn(Schema):
    kind: str
    title: str
    author: str = ""
    unit_id: int | None = None
    text: str = ""


class SideOut(Schema):
    """One side of a match; a side the caller may not read says only its round and kind."""

    visible: bool
    material_id: int | None
    title: str
    unit: str
    author: str
    round: str
    kind: str


class MatchOut(Schema):
    id: int
    score: float
    shared_chars: int
    computed_at: datetime
    this: SideOut
    other: SideOut


class PassageOut(Schema):
    this: list[int]
    other: list[int] | None
    length: int


class MatchDetail(MatchOut):
    passages: list[PassageOut]
    this_text: str
    other_text: str | None


class RecheckOut(Schema):
    materials: int
    matches: int


def _side(side) -> dict:
    m = side.material
    shown = {
        "visible": side.visible,
        "material_id": None,
        "title": "",
        "unit": "",
        "author": "",
        "round": m.inspection.round.name,
        "kind": m.kind,
    }
    if side.visible:
        shown.update(material_id=m.pk, title=m.title, unit=m.unit.name, author=m.author)
    return shown


def _match(view, detail: bool = False) -> dict:
    out = {
        "id": view.match.pk,
        "score": view.match.score,
        "shared_chars": view.match.shared_chars,
        "computed_at": view.match.computed_at,
        "this": _side(view.this),
        "other": _side(view.other),
    }
    if detail:
        here, there = view.this.key, view.other.key
        out["passages"] = [
            {
                "this": p[here],
                "other": p[there] if view.other.visible else None,
                "length": p["length"],
            }
            for p in view.match.passages
        ]
        out["this_text"] = view.this.material.text
        out["other_text"] = view.other.material.text if view.other.visible else None
    return out


def _material(user, material_id: int) -> UnitMaterial:
    found = get_material_for_user(user, material_id)
    return (
        with_scores(UnitMaterial.objects.filter(pk=found.pk))
        .select_related("unit", "uploaded_by", "inspection__round", "inspection__target")
        .get()
    )


@router.get(
    "/inspections/{inspection_id}", response=list[MaterialOut], summary="Materials of an inspection"
)
@paginate
def list_materials(request, inspection_id: int, kind: str = ""):
    inspection = get_object_or_404(visible_stationings(request.auth), pk=inspection_id)
    return materials_of(inspection, kind)


def _payload(request) -> tuple[MaterialIn, object]:
    if (request.content_type or "").startswith("application/json"):
        try:
            raw, upload = json.loads(request.body or b"{}"), None
        except ValueError:
            raise HttpError(422, _("The body is not valid JSON.")) from None
    else:
        raw, upload = request.POST.dict(), request.FILES.get("file")
    if not isinstance(raw, dict):
        raise HttpError(422, _("The body is not valid JSON."))
    try:
        return MaterialIn(**raw), upload
    except SchemaError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors() if e.get("loc"))
        raise HttpError(422, _("Missing or malformed fields: %(f)s") % {"f": fields}) from None


@router.post(
    "/inspections/{inspection_id}",
    response={201: MaterialOut},
    summary="Upload a material (multipart: kind, title, author, unit_id, file or text)",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "required": ["kind", "title"],
                        "properties": {
                            "kind": {"type": "string"},
                            "title": {"type": "string"},
                            "author": {"type": "string"},
                            "unit_id": {"type": "integer"},
                            "file": {"type": "string", "format": "binary"},
                            "text": {"type": "string"},
                        },
                    }
                },
                "application/json": {"schema": MaterialIn.model_json_schema()},
            }
        }
    },
)
def upload_material(request, inspection_id: int):
    """Stored and compared at once; the team, the office, or the target's liaison."""
    user = request.auth
    inspection = (
        visible_stationings(user).filter(pk=inspection_id).first()
        or liaison_inspections(user).filter(pk=inspection_id).first()
    )
    if inspection is None:
        raise Http404
    try:
        authorize_upload(user, inspection)
    except PermissionDenied:
        raise forbidden() from None
    payload, upload = _payload(request)
    unit = (
        Unit.objects.filter(pk=payload.unit_id).first()
        if payload.unit_id is not None
        else inspection.target
    )
    kwargs = {"unit": unit, "kind": payload.kind, "title": payload.title, "author": payload.author}
    if upload is not None:
        if upload.size > MAX_BYTES:
            raise invalid(
                ValidationError(
                    _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
                )
            )
        kwargs.update(file_name=upload.name, data=upload.read(), text=payload.text or None)
    else:
        kwargs["text"] = payload.text
    material = call_service(services.upload_material, inspection, actor=user, **kwargs)
    if material.by_unit:
        material.best = 0.0
        material.match_count = 0
        return Status(201, material)
    return Status(201, _material(user, material.pk))


@router.post(
    "/inspections/{inspection_id}/recheck",
    response=RecheckOut,
    summary="Compare all materials of an inspection again",
)
def recheck(request, inspection_id: int):
    inspection = get_object_or_404(visible_stationings(request.auth), pk=inspection_id)
    return call_service(services.recheck, inspection, actor=request.auth)


@router.get(
    "/liaison", response=list[LiaisonMaterialOut], summary="What the liaison's unit handed in"
)
@paginate
def liaison_list(request):
    if not is_liaison(request.auth):
        raise forbidden()
    return liaison_materials(request.auth).order_by("-uploaded_at", "-pk")


@router.get("/matches/{match_id}", response=MatchDetail, summary="A match side by side")
def match_detail(request, match_id: int, side: str = ""):
    found = get_match_for_user(request.auth, match_id)
    return _match(match_view(request.auth, found, side), detail=True)


@router.get("/{material_id}", response=MaterialDetail, summary="A material with its text")
def material_detail(request, material_id: int):
    return _material(request.auth, material_id)


@router.get("/{material_id}/matches", response=list[MatchOut], summary="The matches of a material")
def material_matches(request, material_id: int):
    found = get_material_for_user(request.auth, material_id)
    matches = list(matches_of(found))
    seen = seen_inspections(request.auth, matches)
    return [_match(match_view(request.auth, m, side_of(m, found), seen)) for m in matches]


@router.delete("/{material_id}", response={204: None}, summary="Remove a material")
def remove_material(request, material_id: int, reason: str = ""):
    """The office, or the team member who uploaded it."""
    found = get_material_for_user(request.auth, material_id)
    call_service(services.remove_material, found, actor=request.auth, reason=reason)
    return Status(204, None)
