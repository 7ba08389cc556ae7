"""The entries of a cadre's record in the API: for each kind (postings, relatives,
working-relations, availability, trainings, rewards) a list, an add, a change and a removal
under /api/people/cadres/{cadre_id}/<kind>.

The cadre is looked up with people.view and the entry with the capability its kind needs to be
read (people.edit for relatives and working relations), both 404 when out of reach; the
services then require people.edit (403).
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import forbidden, invalid
from xuncha.people import services
from xuncha.people.api import router, unit_field
from xuncha.people.models import Kinship, PostingKind, WorkingRelationKind
from xuncha.people.permissions import (
    can_read_private,
    get_cadre_for_user,
    get_record_for_user,
    visible_records,
)
from xuncha.people.records import KINDS, RecordKind


class _WithUnit(Schema):
    unit_id: int | None
    unit_name: str

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name if obj.unit_id else ""


class PostingOut(_WithUnit):
    id: int
    cadre_id: int
    kind: str
    organization: str
    place: str
    title: str
    started_on: date
    ended_on: date | None


class PostingIn(Schema):
    kind: PostingKind = PostingKind.WORK
    unit_id: int | None = None
    organization: str = Field("", max_length=200)
    title: str = Field("", max_length=100)
    started_on: date
    ended_on: date | None = None


class PostingPatch(Schema):
    kind: PostingKind | None = None
    unit_id: int | None = None
    organization: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=100)
    started_on: date | None = None
    ended_on: date | None = None


class RelativeOut(_WithUnit):
    id: int
    cadre_id: int
    kinship: str
    relation: str
    full_name: str
    employer: str
    post: str


class RelativeIn(Schema):
    kinship: Kinship
    relation: str = Field("", max_length=20)
    full_name: str = Field(..., min_length=1, max_length=60)
    unit_id: int | None = None
    employer: str = Field("", max_length=200)
    post: str = Field("", max_length=100)


class RelativePatch(Schema):
    kinship: Kinship | None = None
    relation: str | None = Field(None, max_length=20)
    full_name: str | None = Field(None, min_length=1, max_length=60)
    unit_id: int | None = None
    employer: str | None = Field(None, max_length=200)
    post: str | None = Field(None, max_length=100)


class WorkingRelationOut(_WithUnit):
    id: int
    cadre_id: int
    kind: str
    full_name: str
    ended_on: date | None


class WorkingRelationIn(Schema):
    kind: WorkingRelationKind
    full_name: str = Field(..., min_length=1, max_length=60)
    unit_id: int | None = None
    ended_on: date | None = None


class WorkingRelationPatch(Schema):
    kind: WorkingRelationKind | None = None
    full_name: str | None = Field(None, min_length=1, max_length=60)
    unit_id: int | None = None
    ended_on: date | None = None


class AvailabilityOut(Schema):
    id: int
    cadre_id: int
    starts_on: date
    ends_on: date
    released: bool
    note: str


class AvailabilityIn(Schema):
    starts_on: date
    ends_on: date
    released: bool = False
    note: str = Field("", max_length=200)


class AvailabilityPatch(Schema):
    starts_on: date | None = None
    ends_on: date | None = None
    released: bool | None = None
    note: str | None = Field(None, max_length=200)


class TrainingOut(Schema):
    id: int
    cadre_id: int
    title: str
    held_on: date
    hours: Decimal | None
    organizer: str


class TrainingIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    held_on: date
    hours: Decimal | None = Field(None, gt=0, max_digits=5, decimal_places=1)
    organizer: str = Field("", max_length=200)


class TrainingPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    held_on: date | None = None
    hours: Decimal | None = Field(None, gt=0, max_digits=5, decimal_places=1)
    organizer: str | None = Field(None, max_length=200)


class RewardOut(Schema):
    id: int
    cadre_id: int
    title: str
    awarded_on: date
    issuer: str
    note: str


class RewardIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    awarded_on: date
    issuer: str = Field("", max_length=200)
    note: str = ""


class RewardPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    awarded_on: date | None = None
    issuer: str | None = Field(None, max_length=200)
    note: str | None = None


SCHEMAS: dict[str, tuple[type[Schema], type[Schema], type[Schema]]] = {
    "postings": (PostingOut, PostingIn, PostingPatch),
    "relatives": (RelativeOut, RelativeIn, RelativePatch),
    "working-relations": (WorkingRelationOut, WorkingRelationIn, WorkingRelationPatch),
    "availability": (AvailabilityOut, AvailabilityIn, AvailabilityPatch),
    "trainings": (TrainingOut, TrainingIn, TrainingPatch),
    "rewards": (RewardOut, RewardIn, RewardPatch),
}


def _fields(user, data: dict) -> dict:
    """Payload fields as the services take them: `unit_id` becomes a unit the caller sees."""
    if "unit_id" in data:
        data["unit"] = unit_field(user, data.pop("unit_id"))
    return data


def _register(kind: RecordKind) -> None:
    out, payload_in, payload_patch = SCHEMAS[kind.slug]
    name = kind.slug.replace("-", "_")
    base = f"/cadres/{{int:cadre_id}}/{kind.slug}"
    tag = ["people records"]
    model = kind.model

    @router.get(
        base,
        response=list[out],
        summary=f"{kind.model.__name__} entries of a cadre",
        operation_id=f"list_{name}",
        tags=tag,
    )
    @paginate
    def list_entries(request, cadre_id: int):
        cadre = get_cadre_for_user(request.auth, cadre_id)
        if kind.private:
            # Personal data: 403 for those who may read the cadre but not the declarations.
            get_cadre_or_403(request.auth, cadre)
        return visible_records(request.auth, model).filter(cadre=cadre)

    @router.post(
        base,
        response={201: out},
        summary=f"Add a {kind.model.__name__} entry",
        operation_id=f"add_{name}",
        tags=tag,
    )
    def add_entry(request, cadre_id: int, payload: payload_in):
        cadre = get_cadre_for_user(request.auth, cadre_id)
        try:
            entry = services.add_record(
                cadre, model, actor=request.auth, **_fields(request.auth, payload.dict())
            )
        except PermissionDenied:
            raise forbidden() from None
        except ValidationError as exc:
            raise invalid(exc) from None
        return Status(201, entry)

    def _entry(request, cadre_id: int, record_id: int):
        cadre = get_cadre_for_user(request.auth, cadre_id)
        if kind.private:
            get_cadre_or_403(request.auth, cadre)
        entry = get_record_for_user(request.auth, model, record_id)
        if entry.cadre_id != cadre.pk:
            raise Http404
        return entry

    @router.patch(
        f"{base}/{{int:record_id}}",
        response=out,
        summary=f"Change a {kind.model.__name__} entry",
        operation_id=f"change_{name}",
        tags=tag,
    )
    def change_entry(request, cadre_id: int, record_id: int, payload: payload_patch):
        entry = _entry(request, cadre_id, record_id)
        try:
            return services.update_record(
                entry,
                actor=request.auth,
                **_fields(request.auth, payload.dict(exclude_unset=True)),
            )
        except PermissionDenied:
            raise forbidden() from None
        except ValidationError as exc:
            raise invalid(exc) from None

    @router.delete(
        f"{base}/{{int:record_id}}",
        response={204: None},
        summary=f"Remove a {kind.model.__name__} entry",
        operation_id=f"remove_{name}",
        tags=tag,
    )
    def remove_entry(request, cadre_id: int, record_id: int, reason: str = ""):
        entry = _entry(request, cadre_id, record_id)
        try:
            services.remove_record(entry, actor=request.auth, reason=reason[:200])
        except PermissionDenied:
            raise forbidden() from None
        return Status(204, None)


def get_cadre_or_403(user, cadre) -> None:
    """Relatives and working relations: the office only."""
    if not can_read_private(user, cadre):
        raise forbidden()


for _kind in KINDS.values():
    _register(_kind)
