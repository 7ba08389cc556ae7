"""The lifecycle of an inspection (DOMAIN.md §2) as an explicit state machine.

    planned → authorized → stationed → reporting → fed_back → rectifying → reviewed → archived

One step forward at a time, never back; archived is terminal. Each step names the capability it
needs (at the round's jurisdiction) and a guard: an inspection is authorized only once the
leader's one-time authorization (一次一授权) for its round and team exists, and a team is
stationed only under an approved round with an authorization held by its current leader (a
leader changed after the authorization must be authorized anew). `transition` moves with a
conditional UPDATE, so two clerks acting on the same stale page cannot both move it, and appends a
row to the timeline.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuncha.accounts.permissions import authorize, role_for
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.plans.models import STAGE_ORDER, Inspection, InspectionEvent, RoundStatus, Stage


def _has_authorization(inspection: Inspection) -> str | None:
    # Imported lazily: staffing's models refer to plans', not the other way round.
    authorization = apps.get_model("staffing", "Authorization")
    if not authorization.objects.filter(
        round_id=inspection.round_id, team_id=inspection.team_id
    ).exists():
        return _("The team leader's authorization for this round has not been issued yet.")
    return None


def _round_approved(inspection: Inspection) -> str | None:
    if inspection.round.status not in (RoundStatus.APPROVED, RoundStatus.CLOSED):
        return _("The round has not been approved yet.")
    return None


def _leader_authorized(inspection: Inspection) -> str | None:
    """The authorization must name the team's leader in the round as it stands now."""
    from xuncha.staffing.models import MemberRole

    authorization = (
        apps.get_model("staffing", "Authorization")
        .objects.filter(round_id=inspection.round_id, team_id=inspection.team_id)
        .select_related("leader")
        .first()
    )
    if authorization is None:
        return _("The team leader's authorization for this round has not been issued yet.")
    leader = (
        apps.get_model("staffing", "TeamMember")
        .objects.filter(
            round_id=inspection.round_id, team_id=inspection.team_id, role=MemberRole.LEADER
        )
        .select_related("cadre")
        .first()
    )
    if leader is None:
        return _("The team has no leader in this round.")
    if leader.cadre_id != authorization.leader_id:
        return _(
            "The authorization names %(authorized)s but the team's leader is now %(leader)s; "
            "issue the authorization again before stationing."
        ) % {"authorized": authorization.leader.full_name, "leader": leader.cadre.full_name}
    return None


def _ready_to_station(inspection: Inspection) -> str | None:
    return _round_approved(inspection) or _leader_authorized(inspection)


@dataclass(frozen=True)
class Step:
    """One allowed move of the lifecycle."""

    from_stage: Stage
    to_stage: Stage
    capability: Capability
    label: str  # the button's text
    guard: Callable[[Inspection], str | None] | None = None


TRANSITIONS: dict[Stage, Step] = {
    step.from_stage: step
    for step in (
        Step(
            Stage.PLANNED,
            Stage.AUTHORIZED,
            Capability.PLAN_EDIT,
            gettext_lazy("Record the authorization"),
            _has_authorization,
        ),
        Step(
            Stage.AUTHORIZED,
            Stage.STATIONED,
            Capability.PLAN_EDIT,
            gettext_lazy("Record the stationing"),
            _ready_to_station,
        ),
        Step(
            Stage.STATIONED,
            Stage.REPORTING,
            Capability.PLAN_EDIT,
            gettext_lazy("Stationing over: reporting"),
        ),
        Step(
            Stage.REPORTING,
            Stage.FED_BACK,
            Capability.PLAN_EDIT,
            gettext_lazy("Record the feedback"),
        ),
        Step(
            Stage.FED_BACK,
            Stage.RECTIFYING,
            Capability.PLAN_EDIT,
            gettext_lazy("Rectification under way"),
        ),
        Step(
            Stage.RECTIFYING,
            Stage.REVIEWED,
            Capability.PLAN_EDIT,
            gettext_lazy("Record the review"),
        ),
        Step(Stage.REVIEWED, Stage.ARCHIVED, Capability.PLAN_EDIT, gettext_lazy("Archive")),
    )
}
TERMINAL = Stage.ARCHIVED


def next_step(stage: str) -> Step | None:
    """The one move allowed from `stage`, None at the end."""
    return TRANSITIONS.get(Stage(stage))


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(stage)


def blocked_by(inspection: Inspection) -> str | None:
    """Why the next step cannot be taken now (for showing a disabled button), or None."""
    step = next_step(inspection.stage)
    if step is None:
        return _("The inspection is archived.")
    return step.guard(inspection) if step.guard else None


def _actor_name(actor) -> str:
    if actor is None:
        return ""
    return (getattr(actor, "full_name", "") or actor.get_username())[:150]


def transition(
    inspection: Inspection, to_stage: str, *, actor, note: str = "", at: datetime | None = None
) -> Inspection:
    """Move the inspection one stage forward from the stage the caller saw.

    Refused with ValidationError when `to_stage` is not the next stage, a guard fails, or the
    inspection moved on meanwhile (the caller's copy is stale); nothing is written then."""
    with transaction.atomic():
        role = authorize(actor, Capability.PLAN_EDIT, inspection.round.jurisdiction.path)
        seen = inspection.stage
        step = next_step(seen)
        if step is None:
            raise ValidationError(_("An archived inspection cannot change."))
        if to_stage != step.to_stage:
            raise ValidationError(
                _("From “%(from)s” the inspection can only move to “%(to)s”.")
                % {"from": Stage(seen).label, "to": step.to_stage.label}
            )
        if step.capability != Capability.PLAN_EDIT:  # pragma: no cover - all need plan.edit now
            role = authorize(actor, step.capability, inspection.round.jurisdiction.path)
        fresh = Inspection.objects.select_related("round", "round__jurisdiction").get(
            pk=inspection.pk
        )
        if step.guard is not None:
            problem = step.guard(fresh)
            if problem:
                raise ValidationError(problem)
        moved = Inspection.objects.filter(pk=inspection.pk, stage=seen).update(
            stage=step.to_stage, updated_at=timezone.now()
        )
        if moved != 1:
            raise ValidationError(
                _("The inspection has moved on meanwhile; reload the page and try again.")
            )
        when = at or timezone.now()
        InspectionEvent.objects.create(
            inspection=fresh,
            from_stage=seen,
            to_stage=step.to_stage,
            note=note,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=_actor_name(actor),
            at=when,
        )
        record(
            EventType.INSPECTION_TRANSITIONED,
            actor=actor,
            role=role,
            unit=fresh.target,
            obj=fresh,
            changes={"stage": [seen, str(step.to_stage)]},
            reason=note,
        )
    inspection.stage = step.to_stage
    fresh.stage = step.to_stage
    return fresh


def _may_see(actor, inspection: Inspection) -> str:
    """The acting role if the actor sees the inspection (plan.view at the round's jurisdiction
    or inspection.view at the target); "" for commands."""
    if actor is None:
        return ""
    for capability, path in (
        (Capability.PLAN_VIEW, inspection.round.jurisdiction.path),
        (Capability.INSPECTION_VIEW, inspection.target.path),
    ):
        role = role_for(actor, capability, path)
        if role is not None:
            return role
    raise PermissionDenied


def add_timeline_event(
    inspection: Inspection, *, title: str, actor, note: str = "", at: datetime | None = None
) -> InspectionEvent:
    """Put a noteworthy step (a mobilization meeting held, a notice sent…) on the inspection's
    timeline. For other apps' services, which have checked their own capability; the actor must
    at least see the inspection. An archived inspection's timeline is closed."""
    with transaction.atomic():
        inspection = Inspection.objects.select_related(
            "round", "round__jurisdiction", "target"
        ).get(pk=inspection.pk)
        role = _may_see(actor, inspection)
        title = (title or "").strip()
        if not title:
            raise ValidationError({"title": _("Say what happened.")})
        if len(title) > 200:
            raise ValidationError({"title": _("Keep the title under 200 characters.")})
        if inspection.stage == TERMINAL:
            raise ValidationError(_("An archived inspection cannot change."))
        event = InspectionEvent.objects.create(
            inspection=inspection,
            title=title,
            note=note,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=_actor_name(actor),
            at=at or timezone.now(),
        )
        record(
            EventType.INSPECTION_NOTED,
            actor=actor,
            role=role,
            unit=inspection.target,
            obj=inspection,
            changes={"timeline": [None, title]},
            reason=note,
        )
    return event


def authorize_inspections(round, team, *, actor, note: str = "") -> list[Inspection]:
    """Move every planned inspection of `team` in `round` to authorized: what the staffing app
    calls once the leader's authorization is issued."""
    moved = []
    with transaction.atomic():
        for inspection in (
            Inspection.objects.select_related("round", "round__jurisdiction", "target")
            .filter(round=round, team=team, stage=Stage.PLANNED)
            .order_by("pk")
        ):
            moved.append(transition(inspection, Stage.AUTHORIZED, actor=actor, note=note))
    return moved
