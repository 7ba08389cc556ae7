"""Outlines in the API: generation, questions with their sources, sending to the liaison and
the delivery date; and the liaison's own view (question texts only, for outlines sent to
their unit)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xuncha.core.api import call_service, forbidden, invalid
from xuncha.fieldwork.access import get_stationing_for_user
from xuncha.fieldwork.models import Area
from xuncha.interviews import services
from xuncha.interviews.access import (
    get_liaison_outline,
    get_outline_for_user,
    get_question_for_user,
    is_liaison,
)
from xuncha.interviews.delivery import changed_since_sent
from xuncha.interviews.models import Interviewee, InterviewOutline, OutlineKind
from xuncha.interviews.overview import general_questions, outline_warning
from xuncha.interviews.views.liaison import liaison_rows, with_warnings

router = Router(tags=["interviews"])


class WarningOut(Schema):
    code: str
    days: int
    message: str


class QuestionOut(Schema):
    id: int
    order: int
    text: str
    area: str
    origin: str
    source_kind: str
    source_label: str
    source_url: str
    confidential: bool
    edited: bool
    removed: bool


class OutlineSummary(Schema):
    id: int
    kind: str
    interviewee_id: int | None
    interviewee: str
    generated_at: datetime | None
    sent_at: datetime | None
    delivered_on: date | None

    @staticmethod
    def resolve_interviewee(obj) -> str:
        return obj.interviewee.label if obj.interviewee_id else ""


class OutlineOut(OutlineSummary):
    changed_since_sent: bool = False
    warning: WarningOut | None = None
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj) -> list:
        return list(obj.questions.order_by("order", "pk"))


class GenerateIn(Schema):
    people: list[int] | None = None


class SendIn(Schema):
    people: list[int]


class SentOut(Schema):
    sent: int


class QuestionIn(Schema):
    text: str
    area: str = ""
    confidential: bool = False


class QuestionPatch(Schema):
    text: str | None = None
    area: str | None = None
    confidential: bool | None = None
    removed: bool | None = None


class DeliveryIn(Schema):
    delivered_on: date


class SentQuestion(Schema):
    part: str
    text: str


class LiaisonOutlineOut(Schema):
    """What the liaison sees: the person, the planned day, the questions as sent."""

    id: int
    unit: str
    name: str
    post: str
    planned_on: date | None
    sent_at: datetime
    delivered_on: date | None
    warning: WarningOut | None
    questions: list[SentQuestion]


class LiaisonPage(Schema):
    count: int
    items: list[LiaisonOutlineOut]


def _detail(outline: InterviewOutline) -> InterviewOutline:
    if outline.kind == OutlineKind.INDIVIDUAL:
        general = general_questions(outline.inspection)
        outline.changed_since_sent = changed_since_sent(outline, general)
        warning = outline_warning(outline)
        outline.warning = warning.as_dict() if warning else None
    return outline


@router.get("/inspections/{inspection_id}/outlines", response=list[OutlineSummary])
def list_outlines(request, inspection_id: int):
    """The general outline and every individual outline of the inspection."""
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return list(
        InterviewOutline.objects.filter(inspection=inspection)
        .select_related("interviewee")
        .order_by("kind", "interviewee__order", "pk")
    )


@router.post("/inspections/{inspection_id}/outlines/generate", response=list[OutlineSummary])
def generate_outlines(request, inspection_id: int, payload: GenerateIn):
    """Generate or regenerate individual outlines (everyone's when `people` is left out);
    questions edited, added or removed by hand are kept."""
    inspection = get_stationing_for_user(request.auth, inspection_id)
    people = None
    if payload.people is not None:
        people = list(Interviewee.objects.filter(inspection=inspection, pk__in=payload.people))
        if len(people) != len(set(payload.people)):
            raise invalid(ValidationError(_("Someone chosen is not on the inspection's plan.")))
    return call_service(services.generate_outlines, inspection, actor=request.auth, people=people)


@router.post("/inspections/{inspection_id}/general/assemble", response=OutlineOut)
def assemble_general(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return call_service(services.assemble_general_outline, inspection, actor=request.auth)


@router.post("/inspections/{inspection_id}/outlines/send", response=SentOut)
def send_outlines(request, inspection_id: int, payload: SendIn):
    """Send the outlines of the people chosen to the target's liaison."""
    inspection = get_stationing_for_user(request.auth, inspection_id)
    outlines = list(
        InterviewOutline.objects.filter(inspection=inspection, interviewee_id__in=payload.people)
    )
    if not outlines:
        raise invalid(ValidationError(_("None of the people chosen has an outline yet.")))
    return {"sent": call_service(services.send_outlines, inspection, outlines, actor=request.auth)}


@router.get("/outlines/{outline_id}", response=OutlineOut)
def get_outline(request, outline_id: int):
    """An outline with every question and where it came from."""
    return _detail(get_outline_for_user(request.auth, outline_id))


@router.post("/outlines/{outline_id}/questions", response={201: QuestionOut})
def add_question(request, outline_id: int, payload: QuestionIn):
    outline = get_outline_for_user(request.auth, outline_id)
    if payload.area and payload.area not in Area.values:
        raise invalid(ValidationError(_("Choose an area.")))
    question = call_service(
        services.add_question,
        outline,
        actor=request.auth,
        text=payload.text,
        area=payload.area,
        confidential=payload.confidential,
    )
    return Status(201, question)


@router.patch("/questions/{question_id}", response=QuestionOut)
def update_question(request, question_id: int, payload: QuestionPatch):
    """Edit a question (it then survives regeneration), or remove / restore it."""
    question = get_question_for_user(request.auth, question_id)
    data = payload.dict(exclude_unset=True)
    removed = data.pop("removed", None)
    if data:
        question = call_service(
            services.edit_question,
            question,
            actor=request.auth,
            text=data.get("text") if data.get("text") is not None else question.text,
            area=data.get("area") if data.get("area") is not None else question.area,
            confidential=(
                data["confidential"]
                if data.get("confidential") is not None
                else question.confidential
            ),
        )
    if removed is True:
        if question.origin == "manual" and not question.key:
            raise invalid(
                ValidationError(
                    _(
                        "A question written by hand is deleted, not "
                        "removed: delete it on the outline's page."
                    )
                )
            )
        call_service(services.remove_question, question, actor=request.auth)
    elif removed is False:
        call_service(services.restore_question, question, actor=request.auth)
    question.refresh_from_db()
    return question


@router.post("/outlines/{outline_id}/send", response=OutlineOut)
def send_outline(request, outline_id: int):
    outline = get_outline_for_user(request.auth, outline_id)
    return _detail(call_service(services.send_to_liaison, outline, actor=request.auth))


@router.post("/outlines/{outline_id}/delivery", response=OutlineOut)
def record_delivery(request, outline_id: int, payload: DeliveryIn):
    """The team records the day the outline reached the person."""
    outline = get_outline_for_user(request.auth, outline_id)
    return _detail(
        call_service(
            services.record_delivery, outline, actor=request.auth, delivered_on=payload.delivered_on
        )
    )


# --- The target's liaison ---------------------------------------------------------------------


def _liaison_item(row: dict) -> dict:
    outline, person = row["outline"], row["person"]
    return {
        "id": outline.pk,
        "unit": outline.inspection.target.name,
        "name": person.name,
        "post": person.post,
        "planned_on": person.planned_on,
        "sent_at": outline.sent_at,
        "delivered_on": outline.delivered_on,
        "warning": row["warning"].as_dict() if row["warning"] else None,
        "questions": outline.sent_questions,
    }


@router.get("/liaison/outlines", response=LiaisonPage)
def liaison_list(request, pending: bool = False, limit: int = 100, offset: int = 0):
    """Outlines sent to the units where the caller is the liaison: question texts only."""
    if not is_liaison(request.auth):
        raise forbidden()
    qs = liaison_rows(request.auth, pending_only=pending)
    limit = max(1, min(limit, 500))
    offset = max(0, min(offset, 1_000_000))
    page = list(qs[offset : offset + limit])
    return {"count": qs.count(), "items": [_liaison_item(r) for r in with_warnings(page)]}


@router.post("/liaison/outlines/{outline_id}/delivery", response=LiaisonOutlineOut)
def liaison_delivery(request, outline_id: int, payload: DeliveryIn):
    """The liaison records the day the outline reached the person."""
    outline = get_liaison_outline(request.auth, outline_id)
    call_service(
        services.record_delivery, outline, actor=request.auth, delivered_on=payload.delivered_on
    )
    found = liaison_rows(request.auth).get(pk=outline.pk)
    return _liaison_item(with_warnings([found])[0])
