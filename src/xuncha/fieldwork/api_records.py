"""Meetings, site visits, personal-matters spot checks and special checks in the API, through
the same choke point and services as the pages. Document requests: api_records_documents."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import call_service, invalid
from xuncha.fieldwork import services_records as services
from xuncha.fieldwork.access import get_stationing_for_user
from xuncha.fieldwork.api_records_documents import router as documents_router
from xuncha.fieldwork.models import FieldVisit, Meeting, PersonalMattersCheck, SpecialCheck
from xuncha.fieldwork.selectors_records import get_record_for_user, meetings_of
from xuncha.orgs.models import Unit

router = Router(tags=["fieldwork"])


class _Recorded(Schema):
    id: int
    inspection_id: int
    created_by: str
    created_at: datetime

    @staticmethod
    def resolve_created_by(obj) -> str:
        return obj.created_by.full_name if obj.created_by_id else ""


# --- Meetings ------------------------------------------------------------------------------------


class MeetingOut(_Recorded):
    kind: str
    title: str
    held_on: date
    starts_at: time | None
    place: str
    chair: str
    participants: str
    attendance: int | None
    minutes: str


class MeetingIn(Schema):
    kind: str
    title: str
    held_on: date
    starts_at: time | None = None
    place: str = ""
    chair: str = ""
    participants: str = ""
    attendance: int | None = None
    minutes: str = ""


class MeetingPatch(Schema):
    kind: str | None = None
    title: str | None = None
    held_on: date | None = None
    starts_at: time | None = None
    place: str | None = None
    chair: str | None = None
    participants: str | None = None
    attendance: int | None = None
    minutes: str | None = None


@router.get(
    "/inspections/{inspection_id}/meetings",
    response=list[MeetingOut],
    summary="Meetings of an inspection",
)
@paginate
def list_meetings(request, inspection_id: int, kind: str = ""):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return meetings_of(inspection, kind)


@router.post(
    "/inspections/{inspection_id}/meetings", response={201: MeetingOut}, summary="Record a meeting"
)
def create_meeting(request, inspection_id: int, payload: MeetingIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    meeting = call_service(
        services.record_meeting, inspection, actor=request.auth, **payload.dict()
    )
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="One meeting")
def get_meeting(request, meeting_id: int):
    return get_record_for_user(request.auth, Meeting, meeting_id)


@router.patch("/meetings/{meeting_id}", response=MeetingOut, summary="Change a meeting")
def change_meeting(request, meeting_id: int, payload: MeetingPatch):
    meeting = get_record_for_user(request.auth, Meeting, meeting_id)
    return call_service(
        services.update_meeting, meeting, actor=request.auth, **payload.dict(exclude_unset=True)
    )


@router.delete("/meetings/{meeting_id}", response={204: None}, summary="Delete a meeting")
def delete_meeting(request, meeting_id: int, reason: str):
    meeting = get_record_for_user(request.auth, Meeting, meeting_id)
    call_service(services.delete_meeting, meeting, actor=request.auth, reason=reason[:500])
    return Status(204, None)


# --- Visits and checks ---------------------------------------------------------------------------


class VisitOut(_Recorded):
    kind: str
    visited_on: date
    place: str
    unit_id: int | None
    participants: str
    purpose: str
    findings: str


class VisitIn(Schema):
    kind: str
    visited_on: date
    place: str
    unit_id: int | None = None
    participants: str = ""
    purpose: str = ""
    findings: str = ""


class VisitPatch(Schema):
    kind: str | None = None
    visited_on: date | None = None
    place: str | None = None
    unit_id: int | None = None
    participants: str | None = None
    purpose: str | None = None
    findings: str | None = None


class PersonalOut(_Recorded):
    person: str
    post: str
    report_year: int
    checked_on: date
    items_checked: str
    result: str
    discrepancies: str


class PersonalIn(Schema):
    person: str
    post: str = ""
    report_year: int
    checked_on: date
    items_checked: str = ""
    result: str
    discrepancies: str = ""


class PersonalPatch(Schema):
    person: str | None = None
    post: str | None = None
    report_year: int | None = None
    checked_on: date | None = None
    items_checked: str | None = None
    result: str | None = None
    discrepancies: str | None = None


class SpecialOut(_Recorded):
    topic: str
    title: str
    checked_on: date
    scope: str
    findings: str


class SpecialIn(Schema):
    topic: str
    title: str
    checked_on: date
    scope: str = ""
    findings: str = ""


class SpecialPatch(Schema):
    topic: str | None = None
    title: str | None = None
    checked_on: date | None = None
    scope: str | None = None
    findings: str | None = None


def _fields(data: dict) -> dict:
    """API names to service fields: a visited unit comes as its id."""
    if "unit_id" in data:
        unit_id = data.pop("unit_id")
        data["unit"] = None
        if unit_id is not None:
            data["unit"] = Unit.objects.filter(pk=unit_id).first()
            if data["unit"] is None:
                raise invalid(ValidationError(_("No such unit.")))
    return data


def _register(path: str, key: str, model, out, payload_in, payload_patch, noun: str) -> None:
    @router.get(
        f"/inspections/{{inspection_id}}/{path}",
        response=list[out],
        summary=f"{noun}s of an inspection",
        operation_id=f"list_{key}_checks",
    )
    @paginate
    def list_records(request, inspection_id: int):
        inspection = get_stationing_for_user(request.auth, inspection_id)
        return model.objects.filter(inspection=inspection).select_related("created_by")

    @router.post(
        f"/inspections/{{inspection_id}}/{path}",
        response={201: out},
        summary=f"Record a {noun.lower()}",
        operation_id=f"create_{key}_check",
    )
    def create_record(request, inspection_id: int, payload: payload_in):
        inspection = get_stationing_for_user(request.auth, inspection_id)
        obj = call_service(
            services.record_check, key, inspection, actor=request.auth, **_fields(payload.dict())
        )
        return Status(201, obj)

    @router.patch(
        f"/{path}/{{record_id}}",
        response=out,
        summary=f"Change a {noun.lower()}",
        operation_id=f"change_{key}_check",
    )
    def change_record(request, record_id: int, payload: payload_patch):
        obj = get_record_for_user(request.auth, model, record_id)
        return call_service(
            services.update_check,
            obj,
            actor=request.auth,
            **_fields(payload.dict(exclude_unset=True)),
        )

    @router.delete(
        f"/{path}/{{record_id}}",
        response={204: None},
        summary=f"Delete a {noun.lower()}",
        operation_id=f"delete_{key}_check",
    )
    def delete_record(request, record_id: int, reason: str):
        obj = get_record_for_user(request.auth, model, record_id)
        call_service(services.delete_check, obj, actor=request.auth, reason=reason[:500])
        return Status(204, None)


_register("visits", "visit", FieldVisit, VisitOut, VisitIn, VisitPatch, "Site visit")
_register(
    "personal-matters-checks",
    "personal",
    PersonalMattersCheck,
    PersonalOut,
    PersonalIn,
    PersonalPatch,
    "Personal-matters check",
)
_register(
    "special-checks", "special", SpecialCheck, SpecialOut, SpecialIn, SpecialPatch, "Special check"
)

router.add_router("", documents_router)
