"""Rounds (轮次): drafted by the office, approved by the leading group.

    draft ──submit──▶ submitted ──approve──▶ approved ──close──▶ closed
      ▲                   │
      └──────return───────┘  (with the approver's comment)

Only a draft (or returned) round can be changed. "The approver is a setting": when the
jurisdiction's `PlanningSettings.round_approver` is set only that account may approve or return,
otherwise anyone whose plan.approve reaches the jurisdiction. Every step is a `RoundEvent` (the
approval chain on the round's page) and an audit event; status changes are conditional UPDATEs,
so two clicks cannot both approve.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuncha.accounts.permissions import role_for
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Unit
from xuncha.people.services import chinese_number
from xuncha.plans.deconfliction import deconfliction_warnings
from xuncha.plans.models import (
    FocusArea,
    Inspection,
    PlanningSettings,
    Round,
    RoundEvent,
    RoundKind,
    RoundStatus,
    Stage,
    Term,
)
from xuncha.plans.reference import ROUND_NAME_SUFFIX
from xuncha.plans.services._common import (
    actor_name,
    actor_or_none,
    check,
    clean_text,
    require_jurisdiction,
)
from xuncha.plans.services.focus import ensure_reference_focus_areas

ROUND_FIELDS = (
    "jurisdiction",
    "term",
    "year",
    "number",
    "name",
    "kind",
    "theme",
    "starts_on",
    "ends_on",
    "focus_notes",
    "work_plan",
)
EDITABLE = ("term", "name", "kind", "theme", "starts_on", "ends_on", "focus_notes", "work_plan")
THEMED_KINDS = (RoundKind.SPECIAL, RoundKind.LINKED)

ROUND_ACTIONS = {
    "created": gettext_lazy("Drafted"),
    "updated": gettext_lazy("Revised"),
    "submitted": gettext_lazy("Submitted for approval"),
    "approved": gettext_lazy("Approved"),
    "returned": gettext_lazy("Returned for revision"),
    "closed": gettext_lazy("Closed"),
}


def default_round_name(jurisdiction: Unit, year: int, number: int, kind: str) -> str:
    # Data text, as it appears in documents: 甲一县委2026年第一轮巡察.
    suffix = ROUND_NAME_SUFFIX.get(kind, "巡察")
    return f"{jurisdiction.display_name}{year}年第{chinese_number(number)}轮{suffix}"


def next_round_number(jurisdiction: Unit, year: int) -> int:
    last = Round.objects.filter(jurisdiction=jurisdiction, year=year).aggregate(m=Max("number"))[
        "m"
    ]
    return (last or 0) + 1


def _event(round: Round, action: str, actor, comment: str = "") -> RoundEvent:
    return RoundEvent.objects.create(
        round=round,
        action=action,
        actor=actor_or_none(actor),
        actor_name=actor_name(actor),
        comment=comment,
    )


def _term_for(jurisdiction: Unit, day: date) -> Term | None:
    return Term.objects.filter(
        jurisdiction=jurisdiction, starts_on__lte=day, ends_on__gte=day
    ).first()


def _validate(round: Round, focus_areas, *, keep: set[int]) -> list[FocusArea]:
    if round.starts_on and round.ends_on and round.ends_on < round.starts_on:
        raise ValidationError({"ends_on": _("Stationing ends on or after the day it starts.")})
    if round.kind in THEMED_KINDS and not round.theme:
        raise ValidationError({"theme": _("A special or linked round needs its theme.")})
    if round.term_id is not None:
        term = round.term
        if term.jurisdiction_id != round.jurisdiction_id:
            raise ValidationError({"term": _("The term belongs to another jurisdiction.")})
        if not term.starts_on <= round.starts_on <= term.ends_on:
            raise ValidationError({"term": _("The round starts outside the term.")})
    # Read from the database: the caller's copies may be stale (deactivated meanwhile).
    areas = list(FocusArea.objects.filter(pk__in=[a.pk for a in focus_areas or []]))
    for area in areas:
        if area.jurisdiction_id != round.jurisdiction_id:
            raise ValidationError(
                {"focus_areas": _("Choose focus areas of the round's own jurisdiction.")}
            )
        if not area.is_active and area.pk not in keep:
            raise ValidationError(
                {"focus_areas": _("“%(area)s” is no longer in use.") % {"area": area.text}}
            )
    return areas


def create_round(
    *,
    actor,
    jurisdiction: Unit,
    starts_on: date,
    ends_on: date,
    kind: str = RoundKind.REGULAR,
    term: Term | None = None,
    name: str = "",
    theme: str = "",
    focus_areas=(),
    focus_notes: str = "",
    work_plan: str = "",
) -> Round:
    """Draft a round of a jurisdiction, numbered after the last one of its year and named after
    it unless a name is given. The term is the one running when stationing starts, unless
    given. The first round of a jurisdiction brings in the reference focus areas."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, jurisdiction)
        require_jurisdiction(jurisdiction)
        kind = RoundKind(kind)
        year = starts_on.year
        number = next_round_number(jurisdiction, year)
        round = Round(
            jurisdiction=jurisdiction,
            year=year,
            number=number,
            kind=kind,
            term=term or _term_for(jurisdiction, starts_on),
            starts_on=starts_on,
            ends_on=ends_on,
            theme=clean_text(theme),
            focus_notes=clean_text(focus_notes),
            work_plan=clean_text(work_plan),
            name=clean_text(name) or default_round_name(jurisdiction, year, number, kind),
        )
        areas = _validate(round, focus_areas, keep=set())
        round.full_clean()
        first = not Round.objects.filter(jurisdiction=jurisdiction).exists()
        try:
            with transaction.atomic():
                round.save()
        except IntegrityError:
            raise ValidationError(
                _("Another round was numbered at the same moment; please try again.")
            ) from None
        round.focus_areas.set(areas)
        _event(round, "created", actor)
        changes = diff({}, snapshot(round, ROUND_FIELDS))
        changes["focus_areas"] = [None, sorted(a.pk for a in areas)]
        record(
            EventType.ROUND_CREATED,
            actor=actor,
            role=role,
            unit=jurisdiction,
            obj=round,
            changes=changes,
        )
        if first:
            ensure_reference_focus_areas(jurisdiction, actor=actor)
    return round


def _locked(round: Round) -> Round:
    return (
        Round.objects.select_for_update(of=("self",))
        .select_related("jurisdiction", "term")
        .get(pk=round.pk)
    )


class RoundDeconflictionRequired(ValidationError):
    """New dates of the round raise deconfliction warnings for targets that follow the round's
    dates, and no reason to proceed was given. `warnings` holds (target name, new texts)."""

    def __init__(self, warnings: list[tuple[str, list[str]]]):
        self.warnings = warnings
        super().__init__(
            {
                "deconfliction_reason": [
                    _(
                        "With the new dates some targets were inspected recently or are planned "
                        "by the upper level; record why the round should still inspect them."
                    ),
                    *[f"{target}：{text}" for target, texts in warnings for text in texts],
                ]
            }
        )


def _recheck_deconfliction(round: Round, reason: str) -> list[tuple[Inspection, list, list]]:
    """Deconfliction of the targets whose stationing follows the round's (new) dates: those
    with new warnings, as (inspection, stored warnings, warnings now). Without a reason, new
    warnings refuse the change."""
    moved = (
        round.inspections.filter(Q(stationed_from__isnull=True) | Q(stationed_until__isnull=True))
        .select_related("target")
        .order_by("target__path")
    )
    found = []
    for inspection in moved:
        inspection.round = round  # the window follows the new dates
        start, end = inspection.window
        texts = [
            w.text
            for w in deconfliction_warnings(inspection.target, start, end, exclude_round=round)
        ]
        known = list(inspection.deconfliction_warnings)
        if any(text not in known for text in texts):
            found.append((inspection, known, texts))
    if found and not reason:
        raise RoundDeconflictionRequired(
            [(i.target.name, [t for t in texts if t not in known]) for i, known, texts in found]
        )
    return found


def update_round(
    round: Round, *, actor, focus_areas=None, deconfliction_reason: str = "", **fields
) -> Round:
    """Change a draft round. A new stationing year renumbers it (and renames it if it carried
    the default name); the kind cannot change once targets are assigned. New dates move the
    targets without dates of their own: their deconfliction is checked again, and new warnings
    need a reason, kept with each target and audited as for a target added with warnings."""
    reason = clean_text(deconfliction_reason)
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, round.jurisdiction)
        round = _locked(round)
        if round.status != RoundStatus.DRAFT:
            raise ValidationError(_("Only a draft or returned round can be changed."))
        before = snapshot(round, ROUND_FIELDS)
        old_areas = sorted(round.focus_areas.values_list("pk", flat=True))
        had_default_name = round.name == default_round_name(
            round.jurisdiction, round.year, round.number, round.kind
        )
        for key in EDITABLE:
            if key in fields:
                value = fields[key]
                if key in ("name", "theme", "focus_notes", "work_plan"):
                    value = clean_text(value)
                setattr(round, key, value)
        if round.kind != before["kind"] and round.inspections.exists():
            raise ValidationError(
                {"kind": _("Remove the targets before changing the kind of the round.")}
            )
        if round.starts_on.year != round.year:
            round.year = round.starts_on.year
            round.number = next_round_number(round.jurisdiction, round.year)
            if "term" not in fields:
                round.term = _term_for(round.jurisdiction, round.starts_on)
        if "term" in fields and fields["term"] is None:
            # No term chosen: the one running when stationing starts, as on creation.
            round.term = _term_for(round.jurisdiction, round.starts_on)
        if not round.name or (had_default_name and round.name == before["name"]):
            round.name = default_round_name(
                round.jurisdiction, round.year, round.number, round.kind
            )
        if round.inspections.exists():
            early = round.inspections.filter(stationed_from__lt=round.starts_on).exists()
            late = round.inspections.filter(stationed_until__gt=round.ends_on).exists()
            if early or late:
                raise ValidationError(
                    _("Some targets have stationing dates outside the new dates of the round.")
                )
        areas = _validate(
            round,
            focus_areas if focus_areas is not None else round.focus_areas.all(),
            keep=set(old_areas),
        )
        round.full_clean()
        rechecked = []
        if (round.starts_on, round.ends_on) != (before["starts_on"], before["ends_on"]):
            rechecked = _recheck_deconfliction(round, reason)
        changes = diff(before, snapshot(round, ROUND_FIELDS))
        new_areas = sorted(a.pk for a in areas)
        if focus_areas is not None and new_areas != old_areas:
            changes["focus_areas"] = [old_areas, new_areas]
            round.focus_areas.set(areas)
        if changes:
            round.save()
            labels = [str(Round._meta.get_field(k).verbose_name) for k in changes]
            _event(round, "updated", actor, "、".join(labels))
            record(
                EventType.ROUND_UPDATED,
                actor=actor,
                role=role,
                unit=round.jurisdiction,
                obj=round,
                changes=changes,
            )
        for inspection, known, texts in rechecked:
            Inspection.objects.filter(pk=inspection.pk).update(
                deconfliction_warnings=texts, deconfliction_reason=reason
            )
            record(
                EventType.INSPECTION_DECONFLICTED,
                actor=actor,
                role=role,
                unit=inspection.target,
                obj=inspection,
                changes={"warnings": [known or None, texts]},
                reason=reason,
            )
    return round


def submit_round(round: Round, *, actor, comment: str = "") -> Round:
    """The office submits the round, with its task split, for approval."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, round.jurisdiction)
        round = _locked(round)
        if round.status != RoundStatus.DRAFT:
            raise ValidationError(_("Only a draft or returned round can be submitted."))
        if not round.inspections.exists():
            raise ValidationError(_("Assign at least one target to a team first."))
        now = timezone.now()
        if (
            Round.objects.filter(pk=round.pk, status=RoundStatus.DRAFT).update(
                status=RoundStatus.SUBMITTED, submitted_at=now, updated_at=now
            )
            != 1
        ):
            raise ValidationError(_("The round has changed meanwhile; reload the page."))
        _event(round, "submitted", actor, clean_text(comment))
        record(
            EventType.ROUND_SUBMITTED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=round,
            changes={"status": [RoundStatus.DRAFT.value, RoundStatus.SUBMITTED.value]},
            reason=clean_text(comment),
        )
        round.refresh_from_db()
    return round


def may_approve(actor, round: Round) -> bool:
    """Whether the actor may approve or return this round (for showing the buttons)."""
    if role_for(actor, Capability.PLAN_APPROVE, round.jurisdiction.path) is None:
        return False
    approver_id = PlanningSettings.for_unit(round.jurisdiction).round_approver_id
    return approver_id is None or approver_id == actor.pk


def _check_approver(actor, round: Round) -> str:
    role = check(actor, Capability.PLAN_APPROVE, round.jurisdiction)
    approver_id = PlanningSettings.for_unit(round.jurisdiction).round_approver_id
    if actor is not None and approver_id is not None and approver_id != actor.pk:
        raise PermissionDenied
    return role


def approve_round(round: Round, *, actor, comment: str = "") -> Round:
    """The approver approves a submitted round."""
    with transaction.atomic():
        role = _check_approver(actor, round)
        now = timezone.now()
        if (
            Round.objects.filter(pk=round.pk, status=RoundStatus.SUBMITTED).update(
                status=RoundStatus.APPROVED,
                approved_by=actor_or_none(actor),
                approved_at=now,
                updated_at=now,
            )
            != 1
        ):
            raise ValidationError(_("Only a submitted round can be approved."))
        _event(round, "approved", actor, clean_text(comment))
        record(
            EventType.ROUND_APPROVED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=round,
            changes={"status": [RoundStatus.SUBMITTED.value, RoundStatus.APPROVED.value]},
            reason=clean_text(comment),
        )
        round.refresh_from_db()
    return round


def return_round(round: Round, *, actor, comment: str) -> Round:
    """The approver sends a submitted round back to the office with a comment (required)."""
    comment = clean_text(comment)
    with transaction.atomic():
        role = _check_approver(actor, round)
        if not comment:
            raise ValidationError({"comment": _("Say what needs to change.")})
        if (
            Round.objects.filter(pk=round.pk, status=RoundStatus.SUBMITTED).update(
                status=RoundStatus.DRAFT, submitted_at=None, updated_at=timezone.now()
            )
            != 1
        ):
            raise ValidationError(_("Only a submitted round can be returned."))
        _event(round, "returned", actor, comment)
        record(
            EventType.ROUND_RETURNED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=round,
            changes={"status": [RoundStatus.SUBMITTED.value, RoundStatus.DRAFT.value]},
            reason=comment,
        )
        round.refresh_from_db()
    return round


def close_round(round: Round, *, actor, comment: str = "") -> Round:
    """The office closes an approved round once every inspection of it is archived."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, round.jurisdiction)
        if (
            not round.inspections.exists()
            or round.inspections.exclude(stage=Stage.ARCHIVED).exists()
        ):
            raise ValidationError(_("A round closes once all its inspections are archived."))
        if (
            Round.objects.filter(pk=round.pk, status=RoundStatus.APPROVED).update(
                status=RoundStatus.CLOSED, updated_at=timezone.now()
            )
            != 1
        ):
            raise ValidationError(_("Only an approved round can be closed."))
        _event(round, "closed", actor, clean_text(comment))
        record(
            EventType.ROUND_CLOSED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=round,
            changes={"status": [RoundStatus.APPROVED.value, RoundStatus.CLOSED.value]},
            reason=clean_text(comment),
        )
        round.refresh_from_db()
    return round


def is_round_editable(round: Round) -> bool:
    return round.status == RoundStatus.DRAFT
