"""Immediate fixes (立行立改): a problem handed to the unit during stationing with a letter, a
requirement and a due date; the unit's liaison replies online with files, and the team accepts
the reply.

draft (the team writes the letter) → sent (the leader, a deputy or the office hands it over,
once the paper is confirmed) → replied (the liaison; may revise until accepted) → accepted.
Overdue is derived (sent, not replied, past the due date), never stored.
"""

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.fieldwork.access import authorize_fieldwork
from xuncha.fieldwork.attachments import store_attachment
from xuncha.fieldwork.models import Attachment
from xuncha.findings import access
from xuncha.findings.models import Disposition, Finding, ImmediateFix
from xuncha.plans.models import PlanningSettings

Status = ImmediateFix.Status
_RELATED = (
    "finding",
    "finding__inspection",
    "finding__inspection__round",
    "finding__inspection__round__jurisdiction",
    "finding__inspection__target",
    "finding__inspection__team",
)


def default_due(finding: Finding, today: date | None = None) -> date:
    """Today plus the jurisdiction's reply period for immediate fixes (calendar days)."""
    days = PlanningSettings.for_unit(finding.inspection.round.jurisdiction).immediate_fix_days
    return (today or timezone.localdate()) + timedelta(days=days)


def _locked(fix: ImmediateFix) -> ImmediateFix:
    return (
        ImmediateFix.objects.select_for_update(of=("self",))
        .select_related(*_RELATED)
        .get(pk=fix.pk)
    )


def _due(due_on, finding: Finding) -> date:
    due_on = due_on or default_due(finding)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date lies in the past.")})
    return due_on


def save_fix(
    finding: Finding,
    *,
    actor,
    requirement: str,
    due_on: date | None = None,
    letter_number: str = "",
) -> tuple[ImmediateFix, bool]:
    """Write (or, until it is sent, rewrite) the hand-over letter of an immediate fix.
    Returns the fix and whether it was created."""
    with transaction.atomic():
        finding = (
            Finding.objects.select_for_update(of=("self",))
            .select_related(
                "inspection",
                "inspection__round",
                "inspection__round__jurisdiction",
                "inspection__target",
            )
            .get(pk=finding.pk)
        )
        role = authorize_fieldwork(actor, finding.inspection)
        if finding.disposition != Disposition.IMMEDIATE_FIX:
            raise ValidationError(
                _("Only a finding to be fixed at once has a hand-over letter."),
                code="not_immediate",
            )
        if finding.status == Finding.Status.WITHDRAWN:
            raise ValidationError(_("The working paper was withdrawn."), code="withdrawn")
        fix = ImmediateFix.objects.filter(finding=finding).first()
        created = fix is None
        if created:
            fix = ImmediateFix(finding=finding)
        elif fix.status != Status.DRAFT:
            raise ValidationError(
                _("The letter was handed to the unit and can no longer change."), code="sent"
            )
        requirement = (requirement or "").strip()
        if not requirement:
            raise ValidationError({"requirement": _("Say what the unit must do.")})
        before = {
            "letter_number": fix.letter_number,
            "due_on": str(fix.due_on or ""),
            "requirement": fix.requirement,
        }
        fix.requirement = requirement
        fix.letter_number = (letter_number or "").strip()
        fix.due_on = _due(due_on, finding)
        fix.full_clean()
        fix.save()
        after = {
            "letter_number": fix.letter_number,
            "due_on": str(fix.due_on),
            "requirement": fix.requirement,
        }
        record(
            EventType.IMMEDIATE_FIX_CHANGED,
            actor=actor,
            role=role,
            unit=finding.inspection.target,
            obj=fix,
            changes={
                "created": created,
                "finding": finding.pk,
                **{k: [before[k], v] for k, v in after.items() if before[k] != v},
            },
        )
    return fix, created


def send_fix(fix: ImmediateFix, *, actor) -> ImmediateFix:
    """Hand the letter to the unit: its liaison sees it from now on."""
    with transaction.atomic():
        fix = _locked(fix)
        finding = fix.finding
        role = access.leading_role(actor, finding.inspection)
        if finding.disposition != Disposition.IMMEDIATE_FIX:
            raise ValidationError(
                _("The finding is no longer to be fixed at once."), code="not_immediate"
            )
        if finding.status != Finding.Status.CONFIRMED:
            raise ValidationError(
                _("The leader confirms the working paper before the letter goes to the unit."),
                code="unconfirmed",
            )
        now = timezone.now()
        updated = ImmediateFix.objects.filter(pk=fix.pk, status=Status.DRAFT).update(
            status=Status.SENT, sent_at=now, sent_by=actor if getattr(actor, "pk", None) else None
        )
        if updated != 1:
            raise ValidationError(_("The letter was handed over already."), code="state")
        fix.refresh_from_db()
        record(
            EventType.IMMEDIATE_FIX_SENT,
            actor=actor,
            role=role,
            unit=finding.inspection.target,
            obj=fix,
            changes={
                "status": ["draft", "sent"],
                "due_on": str(fix.due_on),
                "letter_number": fix.letter_number,
            },
        )
    return fix


def reply_fix(fix: ImmediateFix, *, actor, reply: str) -> ImmediateFix:
    """The unit's liaison reports what was done; a reply may be revised until accepted."""
    with transaction.atomic():
        fix = _locked(fix)
        role = access.liaison_role(actor, fix)
        if fix.status not in (Status.SENT, Status.REPLIED):
            raise ValidationError(_("The reply was accepted already."), code="state")
        reply = (reply or "").strip()
        if not reply:
            raise ValidationError({"reply": _("Say what the unit has done.")})
        old = fix.status
        updated = ImmediateFix.objects.filter(pk=fix.pk, status=old).update(
            status=Status.REPLIED, reply=reply, replied_at=timezone.now(), replied_by=actor
        )
        if updated != 1:
            raise ValidationError(_("The letter changed meanwhile; reload."), code="stale")
        fix.refresh_from_db()
        record(
            EventType.IMMEDIATE_FIX_REPLIED,
            actor=actor,
            role=role,
            unit=fix.finding.inspection.target,
            obj=fix,
            changes={"status": [old, "replied"], "reply": reply},
        )
    return fix


def add_reply_file(fix: ImmediateFix, name: str, data: bytes, *, actor) -> Attachment:
    """A file the liaison sends with the reply (checked by content like every attachment)."""
    with transaction.atomic():
        fix = _locked(fix)
        role = access.liaison_role(actor, fix)
        if fix.status not in (Status.SENT, Status.REPLIED):
            raise ValidationError(_("The reply was accepted already."), code="state")
        attachment = store_attachment(
            fix, fix.finding.inspection, name, data, actor=actor, role=role
        )
        fix.reply_files.add(attachment)
    return attachment


def accept_fix(fix: ImmediateFix, *, actor) -> ImmediateFix:
    """The leader, a deputy or the office accepts the unit's reply (terminal)."""
    with transaction.atomic():
        fix = _locked(fix)
        role = access.leading_role(actor, fix.finding.inspection)
        if fix.status != Status.REPLIED:
            raise ValidationError(_("Only a reply of the unit can be accepted."), code="state")
        updated = ImmediateFix.objects.filter(pk=fix.pk, status=Status.REPLIED).update(
            status=Status.ACCEPTED,
            accepted_at=timezone.now(),
            accepted_by=actor if getattr(actor, "pk", None) else None,
        )
        if updated != 1:
            raise ValidationError(_("The letter changed meanwhile; reload."), code="stale")
        fix.refresh_from_db()
        record(
            EventType.IMMEDIATE_FIX_CHANGED,
            actor=actor,
            role=role,
            unit=fix.finding.inspection.target,
            obj=fix,
            changes={"status": ["replied", "accepted"]},
        )
    return fix


def liaison_files(fix: ImmediateFix):
    return fix.reply_files.select_related("uploaded_by").order_by("uploaded_at", "id")


def get_liaison_file(user, pk: int) -> Attachment:
    """A reply file of a fix sent to the liaison's unit; 404 otherwise."""
    from django.shortcuts import get_object_or_404

    fixes = access.liaison_fixes(user)
    return get_object_or_404(
        Attachment.objects.select_related("inspection", "inspection__target")
        .filter(
            content_type=ContentType.objects.get_for_model(ImmediateFix),
            object_id__in=fixes.values("pk"),
        )
        .filter(
            pk__in=ImmediateFix.reply_files.through.objects.filter(
                immediatefix__in=fixes.values("pk")
            ).values("attachment_id")
        ),
        pk=pk,
    )


def record_liaison_download(attachment: Attachment, *, actor, role: str) -> None:
    record(
        EventType.ATTACHMENT_DOWNLOADED,
        actor=actor,
        role=role,
        unit=attachment.inspection.target,
        obj=attachment,
        changes={"name": attachment.name},
    )
