"""The life of a petition as an explicit state machine.

    registered → assessed → handling  → closed
                          ↘ forwarded ↗

Assessment decides whether the petition is in the inspection's scope (the leadership team and
its members, heads of the next-level organizations, key posts) and may be repeated until the
petition is taken up or forwarded; in-scope petitions are taken up by the team, out-of-scope
ones (personal grievances, lawsuits, matters of other bodies) are forwarded with the receiving
body, date and reference. Closed is terminal. Every move is a conditional UPDATE on the status
the caller saw, so two clerks on the same stale page cannot both move it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.petitions.access import authorize_petition
from xuncha.petitions.models import Petition, PetitionEvent, Status
from xuncha.petitions.services import HIDDEN, add_event

Action = PetitionEvent.Action


def _needs_in_scope(petition: Petition) -> str | None:
    if petition.in_scope is not True:
        return _("Only a petition assessed as in scope is taken up by the team; forward it.")
    return None


def _needs_out_of_scope(petition: Petition) -> str | None:
    if petition.in_scope is not False:
        return _("A petition in the inspection's scope is taken up by the team, not forwarded.")
    return None


@dataclass(frozen=True)
class Step:
    """One allowed move: from which statuses, to which, and what it is called."""

    name: str
    sources: frozenset
    target: Status
    action: str  # the timeline's PetitionEvent.Action
    audit: EventType
    label: str
    guard: Callable[[Petition], str | None] | None = field(default=None)


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "assess",
            frozenset({Status.REGISTERED, Status.ASSESSED}),
            Status.ASSESSED,
            Action.ASSESSED,
            EventType.PETITION_CHANGED,
            gettext_lazy("Assess"),
        ),
        Step(
            "take_up",
            frozenset({Status.ASSESSED}),
            Status.HANDLING,
            Action.TAKEN_UP,
            EventType.PETITION_CHANGED,
            gettext_lazy("Take up"),
            _needs_in_scope,
        ),
        Step(
            "forward",
            frozenset({Status.ASSESSED}),
            Status.FORWARDED,
            Action.FORWARDED,
            EventType.PETITION_FORWARDED,
            gettext_lazy("Forward"),
            _needs_out_of_scope,
        ),
        Step(
            "close",
            frozenset({Status.HANDLING, Status.FORWARDED}),
            Status.CLOSED,
            Action.CLOSED,
            EventType.PETITION_CLOSED,
            gettext_lazy("Close the petition"),
        ),
    )
}
TERMINAL = Status.CLOSED


def available(petition: Petition) -> set[str]:
    """The moves open to the petition now (for showing the right forms)."""
    return {
        name
        for name, step in STEPS.items()
        if petition.status in step.sources and (step.guard is None or not step.guard(petition))
    }


def _move(
    petition: Petition,
    name: str,
    *,
    actor,
    fields: dict,
    note: str = "",
    audit: dict | None = None,
    reason: str = "",
    validate: Callable[[Petition], None] | None = None,
) -> Petition:
    """Check and apply one move from the status the caller saw; nothing changes on refusal.
    The actor is checked first; `validate` then checks the input against the stored row."""
    step = STEPS[name]
    with transaction.atomic():
        role = authorize_petition(actor, petition)
        seen = petition.status
        if seen == TERMINAL:
            raise ValidationError(_("A closed petition can no longer change."))
        if seen not in step.sources:
            raise ValidationError(
                _("A petition that is “%(status)s” cannot be moved this way (%(step)s).")
                % {"status": Status(seen).label, "step": step.label}
            )
        candidate = Petition.objects.select_related(
            "inspection", "inspection__target", "jurisdiction"
        ).get(pk=petition.pk)
        if validate is not None:
            validate(candidate)
        for key, value in fields.items():
            setattr(candidate, key, value)
        if step.guard is not None:
            problem = step.guard(candidate)
            if problem:
                raise ValidationError(problem)
        candidate.status = step.target
        candidate.full_clean(validate_unique=False)
        moved = Petition.objects.filter(pk=petition.pk, status=seen).update(
            status=step.target, updated_at=timezone.now(), **fields
        )
        if moved != 1:
            raise ValidationError(
                _("The petition has been changed meanwhile; reload the page and try again.")
            )
        add_event(
            candidate, step.action, actor=actor, note=note, from_status=seen, to_status=step.target
        )
        record(
            step.audit,
            actor=actor,
            role=role,
            unit=candidate.unit,
            obj=candidate,
            changes={"status": [seen, str(step.target)], **(audit or {})},
            reason=reason,
        )
    for key, value in fields.items():
        setattr(petition, key, value)
    petition.status = step.target
    return petition


def _not_future(on: date) -> None:
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date lies in the future.")})


def assess_petition(
    petition: Petition, *, actor, in_scope: bool | None, reason: str, area: str | None = None
) -> Petition:
    """Decide whether the petition is within the inspection's scope, and why."""
    reason = (reason or "").strip()

    def validate(stored: Petition) -> None:
        if in_scope is None:
            raise ValidationError({"in_scope": _("Say whether the petition is in scope.")})
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the assessment.")})

    fields = {"in_scope": bool(in_scope), "scope_reason": reason, "assessed_at": timezone.now()}
    if area is not None:
        fields["area"] = area
    return _move(
        petition,
        "assess",
        actor=actor,
        fields=fields,
        note=reason,
        validate=validate,
        audit={"in_scope": [petition.in_scope, bool(in_scope)], "scope_reason": [HIDDEN, HIDDEN]},
    )


def take_up_petition(petition: Petition, *, actor, note: str = "") -> Petition:
    """The team handles an in-scope petition itself (verification, interviews, documents)."""
    return _move(petition, "take_up", actor=actor, fields={}, note=(note or "").strip())


def forward_petition(
    petition: Petition,
    *,
    actor,
    to: str = "",
    to_unit=None,
    on: date | None = None,
    reference: str = "",
    note: str = "",
) -> Petition:
    """Pass an out-of-scope petition to the body that deals with it (转办): whom, when, under
    which reference."""
    to = (to or "").strip() or (to_unit.name if to_unit is not None else "")
    reference = (reference or "").strip()

    def validate(stored: Petition) -> None:
        if not to:
            raise ValidationError({"to": _("Say to which body the petition is forwarded.")})
        if on is None:
            raise ValidationError({"on": _("Give the date it was forwarded.")})
        _not_future(on)
        if on < stored.received_on:
            raise ValidationError({"on": _("It cannot be forwarded before it was received.")})

    fields = {
        "forwarded_to": to,
        "forwarded_to_unit": to_unit,
        "forwarded_on": on,
        "forward_reference": reference,
    }
    text = "；".join(part for part in (to, reference, (note or "").strip()) if part)
    return _move(
        petition,
        "forward",
        actor=actor,
        fields=fields,
        note=text,
        validate=validate,
        audit={
            "forwarded_to": [None, to],
            "forwarded_on": [None, on and on.isoformat()],
            "forward_reference": [None, reference],
        },
    )


def close_petition(petition: Petition, *, actor, outcome: str, on: date | None = None) -> Petition:
    """Close a petition the team handled or forwarded, with its outcome (办结)."""
    outcome = (outcome or "").strip()
    on = on or timezone.localdate()

    def validate(stored: Petition) -> None:
        if not outcome:
            raise ValidationError({"outcome": _("Describe the outcome.")})
        _not_future(on)
        if on < (stored.forwarded_on or stored.received_on):
            raise ValidationError(
                {"on": _("It cannot be closed before it was received or forwarded.")}
            )

    return _move(
        petition,
        "close",
        actor=actor,
        fields={"outcome": outcome, "closed_on": on},
        note=outcome,
        validate=validate,
        audit={"closed_on": [None, on.isoformat()], "outcome": [HIDDEN, HIDDEN]},
    )
