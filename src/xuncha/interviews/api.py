"""Interviews in the API: the plan and the interview records, through the same choke point as
the pages (`fieldwork.access`). Opening a record is audited like the page; listing shows no
record text. Outlines and the liaison's delivery are in `api_outlines`."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.core.api import call_service, invalid
from xuncha.fieldwork.access import get_stationing_for_user
from xuncha.interviews import services
from xuncha.interviews.access import get_interview_for_user, get_interviewee_for_user
from xuncha.interviews.forms import team_cadres
from xuncha.interviews.models import Interview, Interviewee
from xuncha.interviews.overview import plan_of

router = Router(tags=["interviews"])


class WarningOut(Schema):
    code: str
    days: int
    message: str


class IntervieweeOut(Schema):
    id: int
    name: str
    post: str
    category: str
    is_principal: bool
    areas: list[str]
    interviewer_id: int | None
    interviewer: str
    recorder_id: int | None
    recorder: str
    planned_on: date | None
    note: str
    outline_id: int | None = None
    outline_status: str = "none"
    changed_since_sent: bool = False
    interview_count: int = 0
    warning: WarningOut | None = None

    @staticmethod
    def resolve_interviewer(obj) -> str:
        if isinstance(obj, dict):
            return obj["interviewer"]
        return obj.interviewer.full_name if obj.interviewer_id else ""

    @staticmethod
    def resolve_recorder(obj) -> str:
        if isinstance(obj, dict):
            return obj["recorder"]
        return obj.recorder.full_name if obj.recorder_id else ""


class PlanOut(Schema):
    inspection_id: int
    outline_lead_days: int
    counts: dict[str, int]
    people: list[IntervieweeOut]


class IntervieweeIn(Schema):
    name: str
    category: str
    post: str = ""
    is_principal: bool = False
    areas: list[str] | None = None
    interviewer_id: int | None = None
    recorder_id: int | None = None
    planned_on: date | None = None
    note: str = ""


class IntervieweePatch(Schema):
    name: str | None = None
    category: str | None = None
    post: str | None = None
    is_principal: bool | None = None
    areas: list[str] | None = None
    interviewer_id: int | None = None
    recorder_id: int | None = None
    planned_on: date | None = None
    note: str | None = None


class ProposeIn(Schema):
    reassign: bool = False
    schedule: bool = True


class InterviewSummary(Schema):
    """What a list shows: who, when, by whom; never what was said."""

    id: int
    interviewee_id: int
    interviewee: str
    held_on: date
    starts_at: time | None
    ends_at: time | None
    place: str
    asker_id: int
    asker: str
    recorder_id: int
    recorder: str

    @staticmethod
    def resolve_interviewee(obj) -> str:
        return obj.interviewee.label

    @staticmethod
    def resolve_asker(obj) -> str:
        return obj.asker.full_name

    @staticmethod
    def resolve_recorder(obj) -> str:
        return obj.recorder.full_name


class InterviewOut(InterviewSummary):
    record: str
    summary: str
    problems: list[str]
    leads: list[str]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_problems(obj) -> list[str]:
        return obj.problem_lines

    @staticmethod
    def resolve_leads(obj) -> list[str]:
        return obj.lead_lines


class InterviewIn(Schema):
    interviewee_id: int
    held_on: date
    starts_at: time | None = None
    ends_at: time | None = None
    place: str = ""
    asker_id: int
    recorder_id: int
    record: str
    summary: str = ""
    problems: str = ""
    leads: str = ""


class InterviewPatch(Schema):
    held_on: date | None = None
    starts_at: time | None = None
    ends_at: time | None = None
    place: str | None = None
    asker_id: int | None = None
    recorder_id: int | None = None
    record: str | None = None
    summary: str | None = None
    problems: str | None = None
    leads: str | None = None
    reason: str = ""


def _plan_out(inspection) -> dict:
    plan = plan_of(inspection)
    people = []
    for row in plan.rows:
        p = row.person
        people.append(
            {
                "id": p.pk,
                "name": p.name,
                "post": p.post,
                "category": p.category,
                "is_principal": p.is_principal,
                "areas": p.areas,
                "interviewer_id": p.interviewer_id,
                "interviewer": p.interviewer.full_name if p.interviewer_id else "",
                "recorder_id": p.recorder_id,
                "recorder": p.recorder.full_name if p.recorder_id else "",
                "planned_on": p.planned_on,
                "note": p.note,
                "outline_id": row.outline.pk if row.outline else None,
                "outline_status": row.status,
                "changed_since_sent": row.changed,
                "interview_count": row.interviews,
                "warning": row.warning.as_dict() if row.warning else None,
            }
        )
    return {
        "inspection_id": inspection.pk,
        "outline_lead_days": plan.lead,
        "counts": plan.counts,
        "people": people,
    }


def _cadres(inspection, data: dict, mapping: dict[str, str]) -> dict:
    """Team members by id (`interviewer_id` → `interviewer`); 422 for anyone not seated."""
    qs, _roles = team_cadres(inspection)
    for source, target in mapping.items():
        if source not in data:
            continue
        pk = data.pop(source)
        if pk is None:
            data[target] = None
            continue
        cadre = qs.filter(pk=pk).first()
        if cadre is None:
            raise invalid(
                ValidationError(
                    _("Only a member of the inspection's team can interview or record.")
                )
            )
        data[target] = cadre
    return data


# --- The plan ------------------------------------------------------------------------------------


@router.get("/inspections/{inspection_id}/plan", response=PlanOut)
def get_plan(request, inspection_id: int):
    """The plan with each person's outline state and delivery warning, and the counts."""
    return _plan_out(get_stationing_for_user(request.auth, inspection_id))


@router.post("/inspections/{inspection_id}/people", response={201: IntervieweeOut})
def add_interviewee(request, inspection_id: int, payload: IntervieweeIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    data = _cadres(
        inspection, payload.dict(), {"interviewer_id": "interviewer", "recorder_id": "recorder"}
    )
    person = call_service(services.add_interviewee, inspection, actor=request.auth, **data)
    return Status(201, person)


@router.patch("/people/{interviewee_id}", response=IntervieweeOut)
def update_interviewee(request, interviewee_id: int, payload: IntervieweePatch):
    person = get_interviewee_for_user(request.auth, interviewee_id)
    data = _cadres(
        person.inspection,
        payload.dict(exclude_unset=True),
        {"interviewer_id": "interviewer", "recorder_id": "recorder"},
    )
    for key in ("name", "category", "post", "is_principal", "note"):
        if key in data and data[key] is None:
            raise invalid(ValidationError(_("%(field)s cannot be empty.") % {"field": key}))
    return call_service(services.update_interviewee, person, actor=request.auth, **data)


@router.post("/inspections/{inspection_id}/plan/propose", response=PlanOut)
def propose_plan(request, inspection_id: int, payload: ProposeIn):
    """Assign interviewers and recorders by the rule and propose dates; returns the plan."""
    inspection = get_stationing_for_user(request.auth, inspection_id)
    call_service(
        services.propose_plan,
        inspection,
        actor=request.auth,
        reassign=payload.reassign,
        schedule=payload.schedule,
    )
    return _plan_out(inspection)


# --- Interview records ---------------------------------------------------------------------------


@router.get("/inspections/{inspection_id}/records", response=list[InterviewSummary])
@paginate
def list_records(
    request, inspection_id: int, interviewee_id: int | None = None, held_on: date | None = None
):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    qs = (
        Interview.objects.filter(inspection=inspection)
        .select_related("interviewee", "asker", "recorder")
        .order_by("-held_on", "-starts_at", "-pk")
    )
    if interviewee_id is not None:
        qs = qs.filter(interviewee_id=interviewee_id)
    if held_on is not None:
        qs = qs.filter(held_on=held_on)
    return qs


@router.post("/inspections/{inspection_id}/records", response={201: InterviewSummary})
def create_record(request, inspection_id: int, payload: InterviewIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    data = _cadres(inspection, payload.dict(), {"asker_id": "asker", "recorder_id": "recorder"})
    person = Interviewee.objects.filter(inspection=inspection, pk=data.pop("interviewee_id"))
    person = person.select_related("inspection", "inspection__target").first()
    if person is None:
        raise invalid(ValidationError(_("This person is not on the inspection's plan.")))
    data["record_text"] = data.pop("record")
    interview = call_service(services.record_interview, person, actor=request.auth, **data)
    return Status(201, interview)


@router.get("/records/{interview_id}", response=InterviewOut)
def get_record(request, interview_id: int):
    """One interview record; every call is an audit event (INTERVIEW_VIEWED)."""
    interview = get_interview_for_user(request.auth, interview_id)
    services.record_interview_viewed(interview, actor=request.auth, via="api")
    return interview


@router.patch("/records/{interview_id}", response=InterviewSummary)
def update_record(request, interview_id: int, payload: InterviewPatch):
    interview = get_interview_for_user(request.auth, interview_id)
    data = _cadres(
        interview.inspection,
        payload.dict(exclude_unset=True),
        {"asker_id": "asker", "recorder_id": "recorder"},
    )
    reason = data.pop("reason", "")
    for key, value in data.items():
        if value is None and key in ("held_on", "asker", "recorder", "record"):
            raise invalid(ValidationError(_("%(field)s cannot be empty.") % {"field": key}))
        if value is None:
            data[key] = "" if key in ("place", "summary", "problems", "leads") else None
    return call_service(
        services.update_interview, interview, actor=request.auth, reason=reason, **data
    )


from xuncha.interviews.api_outlines import router as outlines_router  # noqa: E402

router.add_router("", outlines_router)
