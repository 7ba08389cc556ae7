"""Before stationing (DOMAIN.md §2 "Prepare" and "Station"): information requests to partner
departments, the inspection notice and the public announcement.

Every write checks its actor first, inside its transaction: the office or the team
(`authorize_fieldwork`) for the inspection's own material; for an answer to an information
request, a user of the recipient department (Capability.REQUEST_ANSWER at the recipient unit),
who reaches nothing else of the inspection. State changes are conditional UPDATEs, so two
clerks cannot both send, answer or publish the same thing.
"""

import hashlib
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.models import RoleAssignment
from xuncha.accounts.permissions import grants, signed_in
from xuncha.accounts.roles import Capability, roles_with
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.fieldwork.access import authorize_fieldwork, fieldwork_q
from xuncha.fieldwork.attachments import check_upload, clean_name
from xuncha.fieldwork.models import Attachment, InformationRequest
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q
from xuncha.plans.models import Inspection

C = Capability
Status = InformationRequest.Status

REQUEST_FIELDS = ("partner", "recipient", "subject", "questions", "due_on")
ANSWER_FIELDS = ("status", "answer", "answered_on", "answered_by", "recorded_by_office")


def _account(actor):
    return actor if getattr(actor, "pk", None) else None


# --- Information requests: reads ----------------------------------------------------------


def visible_requests(user) -> QuerySet[InformationRequest]:
    """The requests of inspections whose material the user reaches (office, team, grants)."""
    q = fieldwork_q(user, "inspection__")
    qs = InformationRequest.objects.select_related(
        "inspection",
        "inspection__round",
        "inspection__round__jurisdiction",
        "inspection__team",
        "inspection__target",
        "recipient",
        "answered_by",
    )
    return qs.none() if q is None else qs.filter(q)


def get_request_for_user(user, pk: int) -> InformationRequest:
    return get_object_or_404(visible_requests(user), pk=pk)


def partner_requests(user) -> QuerySet[InformationRequest]:
    """The requests sent to the departments whose answering role the user holds: never a
    draft, never another unit's, nothing of the inspection but its target."""
    if not signed_in(user):
        return InformationRequest.objects.none()
    units = answering_units(user)
    qs = (
        InformationRequest.objects.select_related("inspection__target", "recipient")
        .filter(sent_on__isnull=False)
        .exclude(status=Status.DRAFT)
    )
    return qs.filter(recipient_id__in=units) if units else qs.none()


def answering_units(user) -> dict[int, str]:
    """{unit id: role} of the units whose requests the user answers. A partner's door is its
    own unit only: a discipline commission role held over a whole district does not open the
    requests addressed to the audit bureau or the police."""
    answering = set(roles_with(C.REQUEST_ANSWER))
    return {g.unit_id: g.role for g in grants(user) if g.role in answering}


def get_partner_request_for_user(user, pk: int) -> InformationRequest:
    return get_object_or_404(partner_requests(user), pk=pk)


def is_overdue(req: InformationRequest, today: date | None = None) -> bool:
    """Sent, unanswered and past its due date (derived, never stored)."""
    today = today or timezone.localdate()
    return req.status == Status.SENT and req.due_on < today


def partner_units(inspection: Inspection) -> QuerySet[Unit]:
    """Units of the round's jurisdiction where someone may answer requests online: the
    choices for a request's recipient."""
    holders = RoleAssignment.objects.filter(
        unit=OuterRef("pk"), role__in=roles_with(C.REQUEST_ANSWER), user__is_active=True
    )
    return (
        Unit.objects.under(inspection.round.jurisdiction)
        .active()
        .exclude(subtree_q(inspection.target.path))
        .filter(Exists(holders))
        .order_by("path")
    )


def request_files(req: InformationRequest) -> QuerySet[Attachment]:
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(InformationRequest), object_id=req.pk
    ).select_related("uploaded_by")


# --- Information requests: writes ---------------------------------------------------------


def _locked_request(req: InformationRequest) -> InformationRequest:
    return (
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related(
            "inspection",
            "inspection__round",
            "inspection__round__jurisdiction",
            "inspection__target",
            "recipient",
        )
        .get(pk=req.pk)
    )


def _check_recipient(inspection: Inspection, recipient: Unit | None) -> None:
    if recipient is None:
        return
    if not recipient.is_active or not recipient.path.startswith(inspection.round.jurisdiction.path):
        raise ValidationError(
            {"recipient": _("Choose a department within the round's jurisdiction.")},
            code="recipient",
        )
    if recipient.path.startswith(inspection.target.path):
        raise ValidationError(
            {"recipient": _("A request cannot go to the inspected unit itself.")},
            code="recipient",
        )


def create_request(
    inspection: Inspection,
    *,
    actor,
    partner: str,
    subject: str,
    questions: str,
    due_on: date | None,
    recipient: Unit | None = None,
) -> InformationRequest:
    """Draft what the office or the team asks a partner department about the target."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        req = InformationRequest(
            inspection=inspection,
            partner=partner,
            recipient=recipient,
            subject=(subject or "").strip(),
            questions=(questions or "").strip(),
            due_on=due_on,
            created_by=_account(actor),
        )
        _check_recipient(inspection, recipient)
        req.full_clean()
        req.save()
        record(
            EventType.INFO_REQUEST_CREATED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=req,
            changes=diff({}, snapshot(req, REQUEST_FIELDS)),
        )
    return req


def update_request(
    req: InformationRequest,
    *,
    actor,
    partner: str,
    subject: str,
    questions: str,
    due_on: date | None,
    recipient: Unit | None = None,
) -> InformationRequest:
    """Change a draft, or the wording and due date of a sent request (it stays with the same
    department: a request for another one is a new request)."""
    with transaction.atomic():
        req = _locked_request(req)
        role = authorize_fieldwork(actor, req.inspection)
        if req.status not in (Status.DRAFT, Status.SENT):
            raise ValidationError(
                _("An answered or withdrawn request can no longer be changed."), code="state"
            )
        before = snapshot(req, REQUEST_FIELDS)
        recipient_id = recipient.pk if recipient else None
        if req.status == Status.SENT and (
            partner != req.partner or recipient_id != req.recipient_id
        ):
            raise ValidationError(
                {
                    "recipient": _(
                        "A sent request stays with its department: withdraw it and draft a new one."
                    )
                },
                code="state",
            )
        req.partner, req.recipient = partner, recipient
        req.subject, req.questions = (subject or "").strip(), (questions or "").strip()
        req.due_on = due_on
        _check_recipient(req.inspection, recipient)
        req.full_clean()
        if req.sent_on and req.due_on < req.sent_on:
            raise ValidationError(
                {"due_on": _("The answer cannot be due before the request was sent.")},
                code="due",
            )
        req.save()
        changes = diff(before, snapshot(req, REQUEST_FIELDS))
        if changes:
            record(
                EventType.INFO_REQUEST_CHANGED,
                actor=actor,
                role=role,
                unit=req.inspection.target,
                obj=req,
                changes=changes,
            )
    return req


def _past_or_today(value: date | None, field: str) -> date:
    today = timezone.localdate()
    value = value or today
    if value > today:
        raise ValidationError({field: _("The date lies in the future.")}, code="future")
    return value


def send_request(
    req: InformationRequest, *, actor, sent_on: date | None = None
) -> InformationRequest:
    """Send a draft: from now on the department's users see it (when it names a recipient
    unit) and it counts as overdue once its due date passes unanswered."""
    with transaction.atomic():
        req = _locked_request(req)
        role = authorize_fieldwork(actor, req.inspection)
        if req.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be sent."), code="state")
        sent_on = _past_or_today(sent_on, "sent_on")
        if req.due_on < sent_on:
            raise ValidationError(
                {"due_on": _("The answer cannot be due before the request is sent.")},
                code="due",
            )
        if (
            InformationRequest.objects.filter(pk=req.pk, status=Status.DRAFT).update(
                status=Status.SENT, sent_on=sent_on
            )
            != 1
        ):
            raise ValidationError(_("Only a draft can be sent."), code="state")
        record(
            EventType.INFO_REQUEST_SENT,
            actor=actor,
            role=role,
            unit=req.inspection.target,
            obj=req,
            changes={"status": [Status.DRAFT, Status.SENT], "sent_on": [None, sent_on]},
        )
        req.status, req.sent_on = Status.SENT, sent_on
    return req


def withdraw_request(req: InformationRequest, *, actor, reason: str) -> InformationRequest:
    """Call back a draft or a sent request; the row stays, marked withdrawn."""
    with transaction.atomic():
        req = _locked_request(req)
        role = authorize_fieldwork(actor, req.inspection)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the request is withdrawn.")}, code="reason")
        old = req.status
        if (
            InformationRequest.objects.filter(
                pk=req.pk, status__in=[Status.DRAFT, Status.SENT]
            ).update(status=Status.WITHDRAWN)
            != 1
        ):
            raise ValidationError(
                _("Only a draft or a sent request can be withdrawn."), code="state"
            )
        record(
            EventType.INFO_REQUEST_WITHDRAWN,
            actor=actor,
            role=role,
            unit=req.inspection.target,
            obj=req,
            changes={"status": [old, Status.WITHDRAWN]},
            reason=reason,
        )
        req.status = Status.WITHDRAWN
    return req


def _checked_files(files) -> list[tuple[str, bytes, str]]:
    """(name, data, type) of every upload, all checked before anything is written."""
    checked = []
    for name, data in files or ():
        try:
            mime = check_upload(name, data)
        except ValidationError as exc:
            raise ValidationError(
                {"files": [f"{clean_name(name)}：{m}" for m in exc.messages]}, code=exc.code
            ) from None
        checked.append((clean_name(name), data, mime))
    return checked


def _answer(req, *, actor, role, answer, files, answered_on, by_office) -> InformationRequest:
    answer = (answer or "").strip()
    checked = _checked_files(files)
    if req.status not in (Status.SENT, Status.ANSWERED):
        raise ValidationError(_("Only a sent request can be answered."), code="state")
    if not answer and not req.answer and not checked:
        raise ValidationError({"answer": _("Write the answer or attach a file.")}, code="empty")
    answered_on = _past_or_today(answered_on, "answered_on")
    if req.sent_on and answered_on < req.sent_on:
        raise ValidationError(
            {"answered_on": _("The answer cannot come before the request was sent.")},
            code="date",
        )
    before = snapshot(req, ANSWER_FIELDS)
    values = {
        "status": Status.ANSWERED,
        "answer": answer or req.answer,
        "answered_on": answered_on,
        "answered_by": _account(actor),
        "recorded_by_office": by_office,
    }
    if (
        InformationRequest.objects.filter(
            pk=req.pk, status__in=[Status.SENT, Status.ANSWERED]
        ).update(**values)
        != 1
    ):
        raise ValidationError(_("Only a sent request can be answered."), code="state")
    for field, value in values.items():
        setattr(req, field, value)
    record(
        EventType.INFO_REQUEST_ANSWERED,
        actor=actor,
        role=role,
        unit=req.inspection.target,
        obj=req,
        changes={
            **diff(before, snapshot(req, ANSWER_FIELDS)),
            "files": [name for name, _data, _mime in checked],
        },
    )
    _store_files(req, checked, actor=actor, role=role)
    return req


def _store_files(req, checked, *, actor, role) -> None:
    content_type = ContentType.objects.get_for_model(InformationRequest)
    stored: list[Attachment] = []
    try:
        for name, data, mime in checked:
            attachment = Attachment(
                inspection=req.inspection,
                content_type=content_type,
                object_id=req.pk,
                name=name,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                mime=mime,
                uploaded_by=_account(actor),
            )
            attachment.file.save("upload", ContentFile(data), save=False)
            stored.append(attachment)
            attachment.save()
            record(
                EventType.ATTACHMENT_ADDED,
                actor=actor,
                role=role,
                unit=req.inspection.target,
                obj=attachment,
                changes={
                    "record": f"information_request:{req.pk}",
                    "name": name,
                    "size": attachment.size,
                    "sha256": attachment.sha256,
                },
            )
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise


def answer_request(req: InformationRequest, *, actor, answer: str, files=()) -> InformationRequest:
    """A user of the recipient department answers online, with files. They reach nothing but
    the request, so this checks REQUEST_ANSWER at the recipient unit, not the team's access."""
    with transaction.atomic():
        req = _locked_request(req)
        if actor is None:
            role = ""
        else:
            role = answering_units(actor).get(req.recipient_id) if req.recipient_id else None
            if role is None or req.status == Status.DRAFT:
                raise PermissionDenied
        if req.status != Status.SENT:
            raise ValidationError(
                _("This request has been answered or withdrawn already."), code="answered"
            )
        return _answer(
            req,
            actor=actor,
            role=role,
            answer=answer,
            files=files,
            answered_on=None,
            by_office=False,
        )


def record_answer(
    req: InformationRequest, *, actor, answer: str, answered_on: date | None = None, files=()
) -> InformationRequest:
    """The office (or the team) records an answer received on paper, on the department's
    behalf."""
    with transaction.atomic():
        req = _locked_request(req)
        role = authorize_fieldwork(actor, req.inspection)
        return _answer(
            req,
            actor=actor,
            role=role,
            answer=answer,
            files=files,
            answered_on=answered_on,
            by_office=True,
        )
