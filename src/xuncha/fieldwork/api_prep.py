"""Before stationing in the API (/api/fieldwork/…): information requests, the partner
department's own requests, the notice and the announcement. The same choke points and services
as the pages; Word documents are pages, not API operations."""

import base64
import binascii
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from xuncha.accounts.permissions import has_capability
from xuncha.accounts.roles import Capability
from xuncha.core.api import forbidden, invalid
from xuncha.fieldwork import notices, services_prep
from xuncha.fieldwork.access import get_stationing_for_user, may_write
from xuncha.fieldwork.models import Announcement, InformationRequest, Notice, Partner
from xuncha.orgs.models import Unit

router = Router(tags=["fieldwork"])


# --- Schemas ---------------------------------------------------------------------------------


class FileOut(Schema):
    id: int
    name: str
    size: int
    mime: str
    uploaded_at: datetime


class RequestOut(Schema):
    id: int
    inspection_id: int
    partner: str
    recipient_id: int | None
    recipient: str | None
    subject: str
    questions: str
    sent_on: date | None
    due_on: date
    status: str
    overdue: bool
    answer: str
    answered_on: date | None
    recorded_by_office: bool

    @staticmethod
    def resolve_recipient(obj) -> str | None:
        return obj.recipient.name if obj.recipient_id else None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return services_prep.is_overdue(obj)


class PartnerRequestItem(Schema):
    """What the department sees: the request and the target's name, nothing else."""

    id: int
    target: str
    partner: str
    recipient: str
    subject: str
    questions: str
    sent_on: date | None
    due_on: date
    status: str
    overdue: bool
    answer: str
    answered_on: date | None

    @staticmethod
    def resolve_target(obj) -> str:
        return obj.inspection.target.name

    @staticmethod
    def resolve_recipient(obj) -> str:
        return obj.recipient.name

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return services_prep.is_overdue(obj)


class PartnerRequestOut(PartnerRequestItem):
    files: list[FileOut]

    @staticmethod
    def resolve_files(obj) -> list:
        return list(services_prep.request_files(obj))


class RequestIn(Schema):
    partner: Partner
    recipient_id: int | None = None
    subject: str
    questions: str
    due_on: date


class SendIn(Schema):
    sent_on: date | None = None


class FileIn(Schema):
    name: str
    content_base64: str


class AnswerIn(Schema):
    answer: str = ""
    files: list[FileIn] = []


class RecordAnswerIn(AnswerIn):
    answered_on: date | None = None


class ReasonIn(Schema):
    reason: str


class NoticeOut(Schema):
    inspection_id: int
    saved: bool
    title: str
    number: str
    addressee: str
    body: str
    sent_on: date | None
    due_on: date
    notice_days: int
    late: bool


class NoticeIn(Schema):
    number: str = ""
    addressee: str
    body: str


class AnnouncementOut(Schema):
    inspection_id: int
    saved: bool
    scope: str
    duty_phone: str
    mailbox: str
    email: str
    reception_place: str
    reception_hours: str
    intake_closes_on: date
    published: bool
    published_at: datetime | None
    withdrawn_at: datetime | None


class AnnouncementIn(Schema):
    scope: str
    duty_phone: str
    mailbox: str = ""
    email: str = ""
    reception_place: str = ""
    reception_hours: str
    intake_closes_on: date


# --- Helpers ---------------------------------------------------------------------------------


def _files(files: list[FileIn]) -> list[tuple[str, bytes]]:
    out = []
    for item in files:
        try:
            out.append((item.name, base64.b64decode(item.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            raise invalid(ValidationError(_("A file is not valid base64."))) from None
    return out


def _call(service, *args, **kwargs):
    try:
        return service(*args, **kwargs)
    except PermissionDenied:
        raise forbidden() from None
    except ValidationError as exc:
        raise invalid(exc) from None


def _writable(user, inspection) -> None:
    if not may_write(user, inspection):
        raise forbidden()


def _recipient(inspection, recipient_id: int | None) -> Unit | None:
    if recipient_id is None:
        return None
    found = services_prep.partner_units(inspection).filter(pk=recipient_id).first()
    if found is None:
        raise invalid(ValidationError(_("No such department unit in the round's jurisdiction.")))
    return found


def _request_fields(inspection, payload: RequestIn) -> dict:
    return {
        "partner": payload.partner.value if hasattr(payload.partner, "value") else payload.partner,
        "recipient": _recipient(inspection, payload.recipient_id),
        "subject": payload.subject,
        "questions": payload.questions,
        "due_on": payload.due_on,
    }


# --- Information requests --------------------------------------------------------------------


@router.get("/inspections/{inspection_id}/requests", response=list[RequestOut])
@paginate
def list_requests(request, inspection_id: int, status: str = ""):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    qs = InformationRequest.objects.filter(inspection=inspection).select_related("recipient")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "pk")


@router.post("/inspections/{inspection_id}/requests", response={201: RequestOut})
def create_request(request, inspection_id: int, payload: RequestIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    _writable(request.auth, inspection)
    req = _call(
        services_prep.create_request,
        inspection,
        actor=request.auth,
        **_request_fields(inspection, payload),
    )
    return Status(201, req)


@router.get("/requests/{request_id}", response=RequestOut)
def get_request(request, request_id: int):
    return services_prep.get_request_for_user(request.auth, request_id)


@router.put("/requests/{request_id}", response=RequestOut)
def update_request(request, request_id: int, payload: RequestIn):
    req = services_prep.get_request_for_user(request.auth, request_id)
    _writable(request.auth, req.inspection)
    return _call(
        services_prep.update_request,
        req,
        actor=request.auth,
        **_request_fields(req.inspection, payload),
    )


@router.post("/requests/{request_id}/send", response=RequestOut)
def send_request(request, request_id: int, payload: SendIn):
    req = services_prep.get_request_for_user(request.auth, request_id)
    _writable(request.auth, req.inspection)
    return _call(services_prep.send_request, req, actor=request.auth, sent_on=payload.sent_on)


@router.post("/requests/{request_id}/answer", response=RequestOut)
def record_answer(request, request_id: int, payload: RecordAnswerIn):
    """The office records an answer received on paper, on the department's behalf."""
    req = services_prep.get_request_for_user(request.auth, request_id)
    _writable(request.auth, req.inspection)
    return _call(
        services_prep.record_answer,
        req,
        actor=request.auth,
        answer=payload.answer,
        answered_on=payload.answered_on,
        files=_files(payload.files),
    )


@router.post("/requests/{request_id}/withdraw", response=RequestOut)
def withdraw_request(request, request_id: int, payload: ReasonIn):
    req = services_prep.get_request_for_user(request.auth, request_id)
    _writable(request.auth, req.inspection)
    return _call(services_prep.withdraw_request, req, actor=request.auth, reason=payload.reason)


# --- The partner department's side ---------------------------------------------------------


@router.get("/partner/requests", response=list[PartnerRequestItem])
@paginate
def list_partner_requests(request):
    if not has_capability(request.auth, Capability.REQUEST_ANSWER):
        raise forbidden()
    return services_prep.partner_requests(request.auth).order_by("status", "due_on", "pk")


@router.get("/partner/requests/{request_id}", response=PartnerRequestOut)
def get_partner_request(request, request_id: int):
    return services_prep.get_partner_request_for_user(request.auth, request_id)


@router.post("/partner/requests/{request_id}/answer", response=PartnerRequestOut)
def answer_partner_request(request, request_id: int, payload: AnswerIn):
    req = services_prep.get_partner_request_for_user(request.auth, request_id)
    return _call(
        services_prep.answer_request,
        req,
        actor=request.auth,
        answer=payload.answer,
        files=_files(payload.files),
    )


# --- The notice ------------------------------------------------------------------------------


def _notice_out(inspection, found: Notice | None) -> dict:
    status = notices.notice_status(inspection, found)
    values = (
        {"number": found.number, "addressee": found.addressee, "body": found.body}
        if found
        else notices.notice_defaults(inspection)
    )
    return {
        "inspection_id": inspection.pk,
        "saved": found is not None,
        "title": notices.notice_title(inspection),
        **values,
        "sent_on": status.sent_on,
        "due_on": status.due_on,
        "notice_days": status.notice_days,
        "late": status.late,
    }


@router.get("/inspections/{inspection_id}/notice", response=NoticeOut)
def get_notice(request, inspection_id: int):
    """The saved notice, or the usual wording to start from (saved false)."""
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return _notice_out(inspection, Notice.objects.filter(inspection=inspection).first())


@router.put("/inspections/{inspection_id}/notice", response=NoticeOut)
def put_notice(request, inspection_id: int, payload: NoticeIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    _writable(request.auth, inspection)
    found = _call(notices.save_notice, inspection, actor=request.auth, **payload.dict())
    return _notice_out(inspection, found)


@router.post("/inspections/{inspection_id}/notice/send", response=NoticeOut)
def send_notice(request, inspection_id: int, payload: SendIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    _writable(request.auth, inspection)
    found = get_object_or_404(Notice, inspection=inspection)
    found = _call(notices.send_notice, found, actor=request.auth, sent_on=payload.sent_on)
    return _notice_out(inspection, found)


# --- The announcement ------------------------------------------------------------------------


def _announcement_out(inspection, found: Announcement | None) -> dict:
    values = (
        {name: getattr(found, name) for name in notices.ANNOUNCEMENT_FIELDS}
        if found
        else notices.announcement_defaults(inspection)
    )
    return {
        "inspection_id": inspection.pk,
        "saved": found is not None,
        **values,
        "published": bool(found and found.is_published),
        "published_at": found.published_at if found else None,
        "withdrawn_at": found.withdrawn_at if found else None,
    }


@router.get("/inspections/{inspection_id}/announcement", response=AnnouncementOut)
def get_announcement(request, inspection_id: int):
    """The saved announcement, or the usual wording to start from (saved false)."""
    inspection = get_stationing_for_user(request.auth, inspection_id)
    return _announcement_out(inspection, Announcement.objects.filter(inspection=inspection).first())


@router.put("/inspections/{inspection_id}/announcement", response=AnnouncementOut)
def put_announcement(request, inspection_id: int, payload: AnnouncementIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    _writable(request.auth, inspection)
    found = _call(notices.save_announcement, inspection, actor=request.auth, **payload.dict())
    return _announcement_out(inspection, found)


@router.post("/inspections/{inspection_id}/announcement/publish", response=AnnouncementOut)
def publish_announcement(request, inspection_id: int):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    _writable(request.auth, inspection)
    found = get_object_or_404(Announcement, inspection=inspection)
    return _announcement_out(
        inspection, _call(notices.publish_announcement, found, actor=request.auth)
    )


@router.post("/inspections/{inspection_id}/announcement/withdraw", response=AnnouncementOut)
def withdraw_announcement(request, inspection_id: int, payload: ReasonIn):
    inspection = get_stationing_for_user(request.auth, inspection_id)
    _writable(request.auth, inspection)
    found = get_object_or_404(Announcement, inspection=inspection)
    return _announcement_out(
        inspection,
        _call(notices.withdraw_announcement, found, actor=request.auth, reason=payload.reason),
    )
