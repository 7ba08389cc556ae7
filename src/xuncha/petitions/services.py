"""Every write of the petition register, and the audited reads.

Each service checks the actor first inside its transaction (the office or the inspection's team;
None only from management commands and the demo loader), validates, writes, appends a timeline
event and its audit event in the same transaction. The audit trail records which fields changed
but never the petition's text nor anything of the reporter's identity: the security auditor reads
the trail and may not read case material. The status moves are in `petitions.workflow`.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import acting_role, role_for, signed_in
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.fieldwork.access import authorize_fieldwork, seat
from xuncha.petitions.access import authorize_petition, identity_role
from xuncha.petitions.models import (
    Petition,
    PetitionEvent,
    ReporterIdentity,
    Source,
    Status,
    Subject,
)
from xuncha.plans.models import Inspection

IDENTITY_FIELDS = ("name", "phone", "id_number", "address", "work_unit")
EDITABLE_FIELDS = ("received_on", "channel", "reporter_count", "summary", "content", "area")
# Free text of case material: recorded in the audit trail as changed, without the text.
TEXT_FIELDS = frozenset({"summary", "content", "scope_reason", "outcome"})
HIDDEN = "***"

_ID_NUMBER = re.compile(r"^(\d{17}[\dX]|\d{15})$")
_PHONE = re.compile(r"^[\d\s()（）+\-转#]{5,40}$")


def actor_name(actor) -> str:
    if actor is None:
        return ""
    return (getattr(actor, "full_name", "") or actor.get_username())[:150]


def add_event(
    petition: Petition,
    action: str,
    *,
    actor,
    note: str = "",
    from_status: str = "",
    to_status: str = "",
) -> PetitionEvent:
    """A row on the petition's timeline (for the services of this app only)."""
    return PetitionEvent.objects.create(
        petition=petition,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor_name(actor),
    )


def redact(changes: dict) -> dict:
    """The before/after record for the audit trail, free text replaced by a marker."""
    return {k: ([HIDDEN, HIDDEN] if k in TEXT_FIELDS else v) for k, v in changes.items()}


# --- Checks ------------------------------------------------------------------------------------


def clean_identity(identity: dict | None) -> dict:
    """Stripped identity fields; ValidationError keyed `identity_<field>`."""
    identity = identity or {}
    unknown = set(identity) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"unknown identity fields: {sorted(unknown)}")
    out = {f: str(identity.get(f) or "").strip() for f in IDENTITY_FIELDS}
    out["id_number"] = out["id_number"].upper()
    errors = {}
    if not out["name"]:
        errors["identity_name"] = _("A named petition needs the reporter's name.")
    if out["id_number"] and not _ID_NUMBER.match(out["id_number"]):
        errors["identity_id_number"] = _("An ID card number has 18 characters (or 15 digits).")
    if out["phone"] and not _PHONE.match(out["phone"]):
        errors["identity_phone"] = _("Give the phone number in digits.")
    if errors:
        raise ValidationError(errors)
    return out


def clean_subjects(subjects) -> list[dict]:
    """The people reported on, empty rows left out; at least one with a name or a post."""
    rows = []
    for raw in subjects or []:
        row = {
            "name": str(raw.get("name") or "").strip(),
            "post": str(raw.get("post") or "").strip(),
            "unit": raw.get("unit"),
            "note": str(raw.get("note") or "").strip(),
        }
        if not (row["name"] or row["post"] or row["note"] or row["unit"]):
            continue
        if not (row["name"] or row["post"]):
            raise ValidationError(
                {"subjects": _("Give the name or the post of each person reported on.")}
            )
        rows.append(row)
    if not rows:
        raise ValidationError(
            {"subjects": _("Name at least one person reported on, by name or by post.")}
        )
    return rows


def check_no_identity(texts: dict[str, str], identity: dict | None) -> None:
    """Refuse a summary or content that names the reporter: they are shown to the whole team,
    in interview outlines and at the evening briefing."""
    if not identity:
        return
    marks = [identity.get("name", "")]
    marks += [identity.get(f, "") for f in ("phone", "id_number") if len(identity.get(f, "")) >= 6]
    errors = {}
    for field, text in texts.items():
        if any(mark and len(mark) >= 2 and mark in (text or "") for mark in marks):
            errors[field] = _(
                "This text names the reporter or gives their number; write “the reporter” "
                "instead. The identity is kept apart and shown only to those who need it."
            )
    if errors:
        raise ValidationError(errors)


def _check_received(received_on: date | None) -> None:
    if received_on is None:
        raise ValidationError({"received_on": _("Give the date the petition was received.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date lies in the future.")})


def _subject_rows(petition: Petition) -> list[tuple]:
    return [(s.name, s.post, s.unit_id, s.note) for s in petition.subjects.order_by("order", "pk")]


def _write_subjects(petition: Petition, rows: list[dict]) -> None:
    petition.subjects.all().delete()
    for order, row in enumerate(rows):
        subject = Subject(petition=petition, order=order, **row)
        subject.full_clean()
        subject.save()


def _stored_identity(petition: Petition) -> dict | None:
    """For checks inside services only: never shown, never audited as a view."""
    found = ReporterIdentity.objects.filter(petition=petition).first()
    return None if found is None else {f: getattr(found, f) for f in IDENTITY_FIELDS}


# --- Registration and changes ------------------------------------------------------------------


def register_petition(
    inspection: Inspection,
    *,
    actor,
    received_on: date,
    channel: str,
    summary: str,
    content: str,
    subjects: list[dict],
    anonymous: bool = True,
    identity: dict | None = None,
    area: str = "",
    reporter_count: int = 1,
    source: str = Source.STAFF,
) -> Petition:
    """Enter a letter, call or visit into the inspection's register with the next number.

    `subjects` is a list of {"name", "post", "unit" (a Unit or None), "note"}; `identity` (for a
    named petition only) {"name", "phone", "id_number", "address", "work_unit"} is stored in its
    own table. Used by the pages, the API and the demo loader (actor None)."""
    with transaction.atomic():
        role = authorize_fieldwork(actor, inspection)
        summary, content = (summary or "").strip(), (content or "").strip()
        _check_received(received_on)
        rows = clean_subjects(subjects)
        if anonymous:
            if identity and any(str(v or "").strip() for v in identity.values()):
                message = _(
                    "The reporter chose to stay anonymous: leave the identity empty, or mark "
                    "the petition as named."
                )
                raise ValidationError({"anonymous": message})
            cleaned = None
        else:
            cleaned = clean_identity(identity)
        check_no_identity({"summary": summary, "content": content}, cleaned)
        # The inspection's row serializes numbering: two clerks never get the same number.
        locked = Inspection.objects.select_for_update().only("pk").get(pk=inspection.pk)
        top = Petition.objects.filter(inspection_id=locked.pk).order_by("-number").first()
        petition = Petition(
            inspection=inspection,
            jurisdiction_id=inspection.round.jurisdiction_id,
            number=(top.number if top else 0) + 1,
            source=source,
            received_on=received_on,
            channel=channel,
            anonymous=bool(anonymous),
            reporter_count=reporter_count or 1,
            summary=summary,
            content=content,
            area=area or "",
            registered_by=actor if getattr(actor, "pk", None) else None,
        )
        petition.full_clean()
        petition.save()
        _write_subjects(petition, rows)
        if cleaned is not None:
            found = ReporterIdentity(petition=petition, **cleaned)
            found.full_clean()
            found.save()
        add_event(
            petition, PetitionEvent.Action.REGISTERED, actor=actor, to_status=Status.REGISTERED
        )
        record(
            EventType.PETITION_REGISTERED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=petition,
            changes={
                "number": [None, petition.number],
                "channel": [None, channel],
                "received_on": [None, received_on.isoformat()],
                "anonymous": [None, petition.anonymous],
                "subjects": [None, len(rows)],
                "summary": [None, HIDDEN],
                "content": [None, HIDDEN],
            },
        )
    return petition


def _locked(petition: Petition) -> Petition:
    return (
        Petition.objects.select_for_update(of=("self",))
        .select_related(
            "inspection",
            "inspection__round",
            "inspection__round__jurisdiction",
            "inspection__target",
            "jurisdiction",
        )
        .get(pk=petition.pk)
    )


def update_petition(
    petition: Petition, *, actor, subjects: list[dict] | None = None, reason: str = "", **changes
) -> Petition:
    """Correct what was registered (date, channel, text, area, the people reported on) until
    the petition is closed. The assessment and the status change only through the workflow."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    with transaction.atomic():
        petition = _locked(petition)
        role = authorize_petition(actor, petition)
        if petition.status == Status.CLOSED:
            raise ValidationError(_("A closed petition can no longer change."))
        before = {f: getattr(petition, f) for f in EDITABLE_FIELDS}
        for field, value in changes.items():
            if isinstance(value, str):
                value = value.strip()
            setattr(petition, field, value)
        if "received_on" in changes:
            _check_received(petition.received_on)
        check_no_identity(
            {"summary": petition.summary, "content": petition.content}, _stored_identity(petition)
        )
        petition.full_clean()
        audit = {
            f: [_plain(before[f]), _plain(getattr(petition, f))]
            for f in EDITABLE_FIELDS
            if before[f] != getattr(petition, f)
        }
        if subjects is not None:
            rows = clean_subjects(subjects)
            old = _subject_rows(petition)
            new = [(r["name"], r["post"], getattr(r["unit"], "pk", None), r["note"]) for r in rows]
            if old != new:
                _write_subjects(petition, rows)
                audit["subjects"] = [len(old), len(new)]
        if not audit:
            return petition
        petition.save()
        add_event(
            petition,
            PetitionEvent.Action.CHANGED,
            actor=actor,
            note=reason.strip(),
            from_status=petition.status,
            to_status=petition.status,
        )
        record(
            EventType.PETITION_CHANGED,
            actor=actor,
            role=role,
            unit=petition.unit,
            obj=petition,
            changes=redact(audit),
            reason=reason.strip(),
        )
    return petition


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


# --- The reporter's identity -------------------------------------------------------------------


def reveal_identity(
    petition: Petition, *, actor, via: str = "page", purpose: str = ""
) -> ReporterIdentity:
    """The reporter's identity, for the office and the team's leader and deputies only; every
    call leaves an audit event (a refused call leaves none and raises PermissionDenied). This
    is the one way to read a `ReporterIdentity`."""
    with transaction.atomic():
        role = identity_role(actor, petition)
        found = ReporterIdentity.objects.filter(petition_id=petition.pk).first()
        if petition.anonymous or found is None:
            raise ValidationError(
                _("The reporter chose to stay anonymous: there is no identity to show.")
            )
        record(
            EventType.REPORTER_IDENTITY_VIEWED,
            actor=actor,
            role=role,
            unit=petition.unit,
            obj=petition,
            changes={"via": via},
            reason=(purpose or "").strip()[:500],
        )
    return found


def set_identity(petition: Petition, *, actor, reason: str = "", **fields) -> ReporterIdentity:
    """Correct the reporter's identity (or record it when a reporter gives their name later,
    which makes the petition named). Only those who may see it; the audit names the fields."""
    with transaction.atomic():
        petition = _locked(petition)
        role = identity_role(actor, petition)
        if petition.status == Status.CLOSED:
            raise ValidationError(_("A closed petition can no longer change."))
        cleaned = clean_identity(fields)
        check_no_identity({"summary": petition.summary, "content": petition.content}, cleaned)
        found = ReporterIdentity.objects.filter(petition=petition).first()
        if found is None:
            found = ReporterIdentity(petition=petition)
        changed = [f for f in IDENTITY_FIELDS if getattr(found, f, "") != cleaned[f]]
        if not changed and not petition.anonymous:
            return found
        for field, value in cleaned.items():
            setattr(found, field, value)
        found.full_clean()
        found.save()
        audit = {"identity": [None, ",".join(changed)]}
        if petition.anonymous:
            Petition.objects.filter(pk=petition.pk).update(
                anonymous=False, updated_at=timezone.now()
            )
            petition.anonymous = False
            audit["anonymous"] = [True, False]
        add_event(
            petition,
            PetitionEvent.Action.IDENTITY_CHANGED,
            actor=actor,
            note=reason.strip(),
            from_status=petition.status,
            to_status=petition.status,
        )
        record(
            EventType.PETITION_CHANGED,
            actor=actor,
            role=role,
            unit=petition.unit,
            obj=petition,
            changes=audit,
            reason=reason.strip(),
        )
    return found


# --- Audited reads -----------------------------------------------------------------------------


def _read_role(user, jurisdiction, inspection: Inspection | None) -> str:
    if not signed_in(user):
        return ""
    role = role_for(user, Capability.FIELDWORK_VIEW, jurisdiction.path)
    if role:
        return role
    if inspection is not None:
        member = seat(user, inspection)
        return f"team:{member.role}" if member else "grant"
    return acting_role(user)


def record_petition_view(petition: Petition, *, actor, via: str = "page") -> None:
    """Every view of a petition's content is an audit event. The caller has let the actor in
    through `get_petition_for_user`."""
    role = _read_role(actor, petition.jurisdiction, petition.inspection)
    record(
        EventType.PETITION_VIEWED,
        actor=actor,
        role=role,
        unit=petition.unit,
        obj=petition,
        changes={"via": via},
    )


def record_register_export(
    inspection: Inspection, *, actor, count: int, filters: dict | None = None
) -> None:
    """The register exported to Excel (no identities): a bulk view, audited on the inspection.
    There is no event type of its own; it is a petition view of `count` petitions."""
    role = _read_role(actor, inspection.round.jurisdiction, inspection)
    record(
        EventType.PETITION_VIEWED,
        actor=actor,
        role=role,
        unit=inspection.target,
        obj=inspection,
        changes={"via": "export", "count": count, **(filters or {})},
    )
