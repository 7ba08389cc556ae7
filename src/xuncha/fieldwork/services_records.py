"""Writes of the records of stationing: meetings, site visits, personal-matters spot checks
and special checks (document and account requests: services_records_documents).

Each service checks the actor first inside its transaction (`authorize_fieldwork`: the office
or a seat on the team), validates with `full_clean`, and writes its audit event in the same
transaction. Deleting a record is for the office or the person who recorded it, with a reason.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.fieldwork import attachments
from xuncha.fieldwork.access import authorize_fieldwork, office_role
from xuncha.fieldwork.models import (
    FieldVisit,
    Meeting,
    PersonalMattersCheck,
    SourceKind,
    SpecialCheck,
)
from xuncha.orgs.tree import subtree_q
from xuncha.plans.models import Inspection

_RELATED = (
    "inspection",
    "inspection__round",
    "inspection__round__jurisdiction",
    "inspection__target",
)


def _account(actor):
    return actor if getattr(actor, "pk", None) else None


def _strip(fields: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _only(fields: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return _strip(fields)


def _locked(model, pk: int, related=_RELATED):
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)


def _deleted(before: dict) -> dict:
    return {k: [v, None] for k, v in before.items() if v not in (None, "")}


def may_delete(user, obj, inspection: Inspection) -> bool:
    """The office, or the person who recorded it (still on the team)."""
    try:
        _authorize_delete(user, obj, inspection)
    except PermissionDenied:
        return False
    return True


def _authorize_delete(actor, obj, inspection: Inspection) -> str:
    role = authorize_fieldwork(actor, inspection)
    if actor is None or office_role(actor, inspection) is not None:
        return role
    if obj.created_by_id is not None and obj.created_by_id == actor.pk:
        return role
    raise PermissionDenied


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the record is deleted.")})
    return reason


def _remove_files(obj, *, actor, reason: str) -> None:
    """A deleted record takes its files with it; each removal is audited."""
    for attachment in attachments.attachments_of(obj).select_related("inspection__target"):
        attachments.remove_attachment(attachment, actor=actor, reason=reason)


# --- Meetings ------------------------------------------------------------------------------------

MEETING_FIELDS = (
    "kind",
    "title",
    "held_on",
    "starts_at",
    "place",
    "chair",
    "participants",
    "attendance",
    "minutes",
)


def record_meeting(
    inspection: Inspection, *, actor, kind: str, title: str, held_on: date, **fields
) -> Meeting:
    """Record a meeting of the stationing (mobilization, symposium, evening briefing…)."""
    fields = _only(fields, MEETING_FIELDS)
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        meeting = Meeting(
            inspection=inspection,
            kind=kind,
            title=(title or "").strip(),
            held_on=held_on,
            created_by=_account(actor),
            **fields,
        )
        meeting.full_clean()
        meeting.save()
        record(
            EventType.MEETING_RECORDED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=meeting,
            changes=diff({}, snapshot(meeting, MEETING_FIELDS)),
        )
    return meeting


def update_meeting(meeting: Meeting, *, actor, **fields) -> Meeting:
    """Change a meeting's record; only the fields given change."""
    fields = _only(fields, MEETING_FIELDS)
    with transaction.atomic():
        meeting = _locked(Meeting, meeting.pk)
        role = authorize_fieldwork(actor, meeting.inspection)
        before = snapshot(meeting, MEETING_FIELDS)
        for name, value in fields.items():
            setattr(meeting, name, value)
        meeting.full_clean()
        changes = diff(before, snapshot(meeting, MEETING_FIELDS))
        if changes:
            meeting.save()
            record(
                EventType.MEETING_CHANGED,
                actor=actor,
                role=role,
                unit=meeting.inspection.target,
                obj=meeting,
                changes=changes,
            )
    return meeting


def delete_meeting(meeting: Meeting, *, actor, reason: str) -> None:
    """Delete a meeting's record (the office, or who recorded it) with its files."""
    with transaction.atomic():
        meeting = _locked(Meeting, meeting.pk)
        role = _authorize_delete(actor, meeting, meeting.inspection)
        reason = _reason(reason)
        _remove_files(meeting, actor=actor, reason=reason)
        record(
            EventType.MEETING_DELETED,
            actor=actor,
            role=role,
            unit=meeting.inspection.target,
            obj=meeting,
            changes=_deleted(snapshot(meeting, MEETING_FIELDS)),
            reason=reason,
        )
        meeting.delete()


# --- Site visits, personal-matters checks, special checks ----------------------------------------


@dataclass(frozen=True)
class CheckKind:
    """One of the three simple records of checking: what it is called in URLs and the API, its
    model, the fields a person fills in and the date that puts it on a stationing day."""

    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    date_field: str


CHECK_KINDS: dict[str, CheckKind] = {
    "visit": CheckKind(
        "visit",
        FieldVisit,
        (
            "kind",
            "visited_on",
            "place",
            "unit",
            "participants",
            "purpose",
            "findings",
        ),
        "visited_on",
    ),
    "personal": CheckKind(
        "personal",
        PersonalMattersCheck,
        (
            "person",
            "post",
            "report_year",
            "checked_on",
            "items_checked",
            "result",
            "discrepancies",
        ),
        "checked_on",
    ),
    "special": CheckKind(
        "special",
        SpecialCheck,
        (
            "topic",
            "title",
            "checked_on",
            "scope",
            "findings",
        ),
        "checked_on",
    ),
}
SOURCE_OF_CHECK = {
    "visit": SourceKind.VISIT,
    "personal": SourceKind.CHECK,
    "special": SourceKind.CHECK,
}


def check_kind_of(obj) -> CheckKind:
    for kind in CHECK_KINDS.values():
        if isinstance(obj, kind.model):
            return kind
    raise LookupError(type(obj).__name__)


def _validate_check(obj, inspection: Inspection) -> None:
    obj.full_clean()
    if isinstance(obj, FieldVisit) and obj.unit_id is not None:
        target = inspection.target
        from xuncha.orgs.models import Unit

        if not Unit.objects.filter(subtree_q(target.path), pk=obj.unit_id).exists():
            raise ValidationError({"unit": _("Choose the target or a unit under it.")}, code="unit")
    if isinstance(obj, PersonalMattersCheck):
        if not 1990 <= obj.report_year <= obj.checked_on.year:
            raise ValidationError(
                {"report_year": _("The report year must be a past year, not after the check.")},
                code="report_year",
            )
        if obj.result != PersonalMattersCheck.Result.CONSISTENT and not obj.discrepancies:
            raise ValidationError(
                {"discrepancies": _("Describe what does not match the report.")},
                code="discrepancies",
            )


def record_check(key: str, inspection: Inspection, *, actor, **fields):
    """Record a site visit ("visit"), a personal-matters spot check ("personal") or a special
    check ("special") of the inspection."""
    kind = CHECK_KINDS[key]
    fields = _only(fields, kind.fields)
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        obj = kind.model(inspection=inspection, created_by=_account(actor), **fields)
        _validate_check(obj, inspection)
        obj.save()
        record(
            EventType.FIELD_RECORD_SAVED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=obj,
            changes=diff({}, snapshot(obj, kind.fields)),
        )
    return obj


def record_visit(inspection: Inspection, *, actor, **fields) -> FieldVisit:
    return record_check("visit", inspection, actor=actor, **fields)


def record_personal_matters_check(
    inspection: Inspection, *, actor, **fields
) -> PersonalMattersCheck:
    return record_check("personal", inspection, actor=actor, **fields)


def record_special_check(inspection: Inspection, *, actor, **fields) -> SpecialCheck:
    return record_check("special", inspection, actor=actor, **fields)


def update_check(obj, *, actor, **fields):
    """Change a visit or check; only the fields given change."""
    kind = check_kind_of(obj)
    fields = _only(fields, kind.fields)
    with transaction.atomic():
        obj = _locked(kind.model, obj.pk)
        role = authorize_fieldwork(actor, obj.inspection)
        before = snapshot(obj, kind.fields)
        for name, value in fields.items():
            setattr(obj, name, value)
        _validate_check(obj, obj.inspection)
        changes = diff(before, snapshot(obj, kind.fields))
        if changes:
            obj.save()
            record(
                EventType.FIELD_RECORD_SAVED,
                actor=actor,
                role=role,
                unit=obj.inspection.target,
                obj=obj,
                changes=changes,
            )
    return obj


def delete_check(obj, *, actor, reason: str) -> None:
    """Delete a visit or check (the office, or who recorded it) with its files."""
    kind = check_kind_of(obj)
    with transaction.atomic():
        obj = _locked(kind.model, obj.pk)
        role = _authorize_delete(actor, obj, obj.inspection)
        reason = _reason(reason)
        _remove_files(obj, actor=actor, reason=reason)
        record(
            EventType.FIELD_RECORD_DELETED,
            actor=actor,
            role=role,
            unit=obj.inspection.target,
            obj=obj,
            changes=_deleted(snapshot(obj, kind.fields)),
            reason=reason,
        )
        obj.delete()
