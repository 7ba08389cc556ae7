"""Interview records (谈话记录): one asks, one records; several interviews per person allowed.
The audit trail names what changed, never the record's content (auditors read the trail too)."""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.fieldwork.access import authorize_fieldwork, reader_role
from xuncha.interviews.models import Interview, Interviewee
from xuncha.interviews.services._common import check_pair, clean_text
from xuncha.people.models import Cadre

# Fields whose values go into the audit trail; the text fields are only named as changed.
PLAIN_FIELDS = ("held_on", "starts_at", "ends_at", "place", "asker", "recorder")
TEXT_FIELDS = ("record", "summary", "problems", "leads")
FIELDS = PLAIN_FIELDS + TEXT_FIELDS


def _validate(interview: Interview) -> None:
    for name in (*TEXT_FIELDS, "place"):
        setattr(interview, name, clean_text(getattr(interview, name)))
    if interview.held_on is None:
        raise ValidationError({"held_on": _("Give the date of the interview.")})
    if interview.held_on > timezone.localdate():
        raise ValidationError({"held_on": _("An interview cannot be recorded before it is held.")})
    if interview.starts_at and interview.ends_at and interview.ends_at < interview.starts_at:
        raise ValidationError({"ends_at": _("The interview ends before it starts.")})
    if not interview.record:
        raise ValidationError({"record": _("Write the record of the interview.")})
    check_pair(
        interview.inspection,
        interview.asker,
        interview.recorder,
        asker_field="asker",
        required=True,
    )
    interview.full_clean()


def _values(interview: Interview) -> dict:
    out = {}
    for name in PLAIN_FIELDS:
        value = getattr(interview, f"{name}_id" if name in ("asker", "recorder") else name)
        out[name] = value.isoformat() if isinstance(value, date | time) else value
    return out


def record_interview(
    interviewee: Interviewee,
    *,
    actor,
    held_on: date,
    asker: Cadre,
    recorder: Cadre,
    record_text: str,
    starts_at: time | None = None,
    ends_at: time | None = None,
    place: str = "",
    summary: str = "",
    problems: str = "",
    leads: str = "",
) -> Interview:
    """Record an interview held with a person on the plan."""
    with transaction.atomic():
        inspection = interviewee.inspection
        role = authorize_fieldwork(actor, inspection)
        interview = Interview(
            inspection=inspection,
            interviewee=interviewee,
            held_on=held_on,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
            asker=asker,
            recorder=recorder,
            record=record_text,
            summary=summary,
            problems=problems,
            leads=leads,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _validate(interview)
        interview.save()
        changes = {k: [None, v] for k, v in _values(interview).items()}
        changes["interviewee"] = [None, interviewee.pk]
        changes["written"] = [None, [n for n in TEXT_FIELDS if getattr(interview, n)]]
        record(
            EventType.INTERVIEW_RECORDED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=interview,
            changes=changes,
        )
    return interview


def update_interview(interview: Interview, *, actor, reason: str = "", **fields) -> Interview:
    """Correct an interview record; says which fields changed, not what they said."""
    with transaction.atomic():
        interview = (
            Interview.objects.select_for_update(of=("self",))
            .select_related("inspection", "inspection__round", "inspection__target", "interviewee")
            .get(pk=interview.pk)
        )
        role = authorize_fieldwork(actor, interview.inspection)
        before_plain = _values(interview)
        before_text = {n: getattr(interview, n) for n in TEXT_FIELDS}
        for key, value in fields.items():
            if key == "record_text":
                key = "record"
            if key not in FIELDS:
                raise TypeError(f"not an interview field: {key}")
            setattr(interview, key, value)
        _validate(interview)
        after = _values(interview)
        changes = {k: [before_plain[k], after[k]] for k in after if before_plain[k] != after[k]}
        edited = [n for n in TEXT_FIELDS if getattr(interview, n) != before_text[n]]
        if edited:
            changes["rewritten"] = [None, edited]
        if changes:
            interview.save()
            record(
                EventType.INTERVIEW_CHANGED,
                actor=actor,
                role=role,
                unit=interview.inspection.target,
                obj=interview,
                changes=changes,
                reason=clean_text(reason),
            )
    return interview


def record_interview_viewed(interview: Interview, *, actor, via: str) -> None:
    """Every view of an interview record is an audit event (page, edit form, API, export)."""
    with transaction.atomic():
        record(
            EventType.INTERVIEW_VIEWED,
            actor=actor,
            role=reader_role(actor, interview.inspection) if actor is not None else "",
            unit=interview.inspection.target,
            obj=interview,
            changes={"via": via, "interviewee": interview.interviewee_id},
        )
