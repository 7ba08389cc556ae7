"""The petition register in the API: the same choke point as the pages (`petitions.access`).
Reading a petition's detail and reading its reporter's identity are audited, as on the pages."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import call_service, forbidden, invalid
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.orgs.models import Unit
from xuncha.orgs.permissions import visible_units
from xuncha.petitions import services, workflow
from xuncha.petitions.access import get_petition_for_user, may_see_identity, may_write_petition
from xuncha.petitions.forms import FilterForm
from xuncha.petitions.views import filtered, register_of

router = Router(tags=["petitions"])


class SubjectOut(Schema):
    name: str
    post: str
    unit_id: int | None
    note: str


class SubjectIn(Schema):
    name: str = ""
    post: str = ""
    unit_id: int | None = None
    note: str = ""


class PetitionOut(Schema):
    id: int
    inspection_id: int | None
    number: int
    label: str
    received_on: date
    channel: str
    source: str
    anonymous: bool
    reporter_count: int
    summary: str
    subjects: list[SubjectOut]
    area: str
    in_scope: bool | None
    status: str
    forwarded_to: str
    forwarded_on: date | None
    closed_on: date | None

    @staticmethod
    def resolve_subjects(obj) -> list:
        return list(obj.subjects.all())


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    note: str
    actor_name: str
    at: datetime


class PetitionState(PetitionOut):
    """What a write returns: the petition's state, without its content."""

    scope_reason: str
    forwarded_to_unit_id: int | None
    forward_reference: str
    outcome: str


class PetitionDetail(PetitionState):
    content: str
    events: list[EventOut]
    identity_withheld: bool
    may_see_identity: bool

    @staticmethod
    def resolve_events(obj) -> list:
        return list(obj.events.all())

    @staticmethod
    def resolve_identity_withheld(obj) -> bool:
        return not obj.anonymous


class IdentityIn(Schema):
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    work_unit: str = ""


class IdentityOut(Schema):
    petition_id: int
    name: str
    phone: str
    id_number: str
    address: str
    work_unit: str


class PetitionIn(Schema):
    received_on: date
    channel: str
    summary: str
    content: str
    subjects: list[SubjectIn]
    anonymous: bool = True
    identity: IdentityIn | None = None
    area: str = ""
    reporter_count: int = 1


class PetitionPatch(Schema):
    received_on: date | None = None
    channel: str | None = None
    summary: str | None = None
    content: str | None = None
    area: str | None = None
    reporter_count: int | None = None
    subjects: list[SubjectIn] | None = None
    reason: str = ""


class AssessIn(Schema):
    in_scope: bool
    reason: str
    area: str | None = None


class NoteIn(Schema):
    note: str = ""


class ForwardIn(Schema):
    to: str = ""
    to_unit_id: int | None = None
    on: date
    reference: str = ""
    note: str = ""


class CloseIn(Schema):
    outcome: str
    on: date | None = None


class RegisterFilter(Schema):
    channel: str = ""
    scope: str = ""
    status: str = ""


def _subjects(user, rows: list[SubjectIn]) -> list[dict]:
    """Subjects with their unit resolved within the user's scope (unknown reads as invalid)."""
    ids = {r.unit_id for r in rows if r.unit_id}
    units = {u.pk: u for u in visible_units(user).filter(pk__in=ids)} if ids else {}
    out = []
    for row in rows:
        if row.unit_id and row.unit_id not in units:
            raise invalid(ValidationError(_("No unit with this id in your scope.")))
        out.append(
            {"name": row.name, "post": row.post, "unit": units.get(row.unit_id), "note": row.note}
        )
    return out


def _detail(request, petition) -> object:
    petition.may_see_identity = may_see_identity(request.auth, petition)
    return petition


def _writable(request, petition_id: int):
    """The petition if the caller may change it: 404 out of reach, 403 read-only."""
    petition = get_petition_for_user(request.auth, petition_id)
    if not may_write_petition(request.auth, petition):
        raise forbidden()
    return petition


@router.get("/inspections/{inspection_id}/petitions", response=list[PetitionOut])
@paginate
def list_petitions(request, inspection_id: int, filters: Query[RegisterFilter]):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    form = FilterForm(filters.dict())
    return filtered(register_of(request.auth, inspection), form)


@router.post("/inspections/{inspection_id}/petitions", response={201: PetitionState})
def create_petition(request, inspection_id: int, payload: PetitionIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    if not may_write(request.auth, inspection):
        raise forbidden()
    identity = payload.identity.dict() if payload.identity else None
    petition = call_service(
        services.register_petition,
        inspection,
        actor=request.auth,
        received_on=payload.received_on,
        channel=payload.channel,
        summary=payload.summary,
        content=payload.content,
        subjects=_subjects(request.auth, payload.subjects),
        anonymous=payload.anonymous,
        identity=identity,
        area=payload.area,
        reporter_count=payload.reporter_count,
    )
    return Status(201, get_petition_for_user(request.auth, petition.pk))


@router.get("/{petition_id}", response=PetitionDetail)
def get_petition(request, petition_id: int):
    """The petition with its content and timeline (audited); never the identity."""
    petition = get_petition_for_user(request.auth, petition_id)
    services.record_petition_view(petition, actor=request.auth, via="api")
    return _detail(request, petition)


@router.patch("/{petition_id}", response=PetitionState)
def update_petition(request, petition_id: int, payload: PetitionPatch):
    petition = _writable(request, petition_id)
    data = payload.dict(exclude_unset=True)
    reason = data.pop("reason", "")
    subjects = payload.subjects
    data.pop("subjects", None)
    changes = {k: v for k, v in data.items() if v is not None}
    call_service(
        services.update_petition,
        petition,
        actor=request.auth,
        reason=reason,
        subjects=None if subjects is None else _subjects(request.auth, subjects),
        **changes,
    )
    return get_petition_for_user(request.auth, petition_id)


@router.post("/{petition_id}/assess", response=PetitionState)
def assess_petition(request, petition_id: int, payload: AssessIn):
    petition = _writable(request, petition_id)
    call_service(
        workflow.assess_petition,
        petition,
        actor=request.auth,
        in_scope=payload.in_scope,
        reason=payload.reason,
        area=payload.area,
    )
    return get_petition_for_user(request.auth, petition_id)


@router.post("/{petition_id}/take-up", response=PetitionState)
def take_up_petition(request, petition_id: int, payload: NoteIn):
    petition = _writable(request, petition_id)
    call_service(workflow.take_up_petition, petition, actor=request.auth, note=payload.note)
    return get_petition_for_user(request.auth, petition_id)


@router.post("/{petition_id}/forward", response=PetitionState)
def forward_petition(request, petition_id: int, payload: ForwardIn):
    petition = _writable(request, petition_id)
    unit: Unit | None = None
    if payload.to_unit_id:
        unit = visible_units(request.auth).filter(pk=payload.to_unit_id).first()
        if unit is None:
            raise invalid(ValidationError(_("No unit with this id in your scope.")))
    call_service(
        workflow.forward_petition,
        petition,
        actor=request.auth,
        to=payload.to,
        to_unit=unit,
        on=payload.on,
        reference=payload.reference,
        note=payload.note,
    )
    return get_petition_for_user(request.auth, petition_id)


@router.post("/{petition_id}/close", response=PetitionState)
def close_petition(request, petition_id: int, payload: CloseIn):
    petition = _writable(request, petition_id)
    call_service(
        workflow.close_petition,
        petition,
        actor=request.auth,
        outcome=payload.outcome,
        on=payload.on,
    )
    return get_petition_for_user(request.auth, petition_id)


@router.get("/{petition_id}/identity", response=IdentityOut)
def get_identity(request, petition_id: int):
    """The reporter's identity: the office and the team's leader and deputies only (403 for
    others); every call is an audit event."""
    petition = get_petition_for_user(request.auth, petition_id)
    return call_service(services.reveal_identity, petition, actor=request.auth, via="api")
