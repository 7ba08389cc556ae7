"""The task split of a round (任务分工): which team inspects which target. One team may take
several targets; a target appears once per round.

Targets come from the coverage scope of the round's jurisdiction; an elevated round (提级巡察)
may reach below the lower offices; a cross round (交叉巡察) takes its teams from the sibling
jurisdictions under the same parent; a look-back round (回头看) names the earlier inspection of
each target. A target that this or another level inspected recently, or that the upper level
plans in the same period, is kept only with a recorded reason (deconfliction).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q
from xuncha.people.models import Team
from xuncha.plans import selectors
from xuncha.plans.deconfliction import DeconflictionWarning, deconfliction_warnings
from xuncha.plans.models import (
    Inspection,
    InspectionEvent,
    Round,
    RoundKind,
    RoundStatus,
    Stage,
)
from xuncha.plans.permissions import visible_inspections
from xuncha.plans.services._common import actor_name, actor_or_none, check, clean_text

INSPECTION_FIELDS = (
    "round",
    "team",
    "target",
    "stationed_from",
    "stationed_until",
    "work_plan",
    "lookback_of",
    "deconfliction_reason",
)
EDITABLE = ("team", "stationed_from", "stationed_until", "work_plan", "lookback_of")


class DeconflictionRequired(ValidationError):
    """The target has deconfliction warnings and no reason to proceed was given."""

    def __init__(self, warnings: list[DeconflictionWarning]):
        self.warnings = warnings
        super().__init__(
            {
                "deconfliction_reason": [
                    _(
                        "This target was inspected recently or is planned by the upper level; "
                        "record why the round should still inspect it."
                    ),
                    *[w.text for w in warnings],
                ]
            }
        )


# --- What may be chosen ------------------------------------------------------------------------


def eligible_targets(round: Round) -> QuerySet[Unit]:
    """The units this round may inspect: the jurisdiction's coverage scope, or for an elevated
    round every active unit below the jurisdiction."""
    jurisdiction = round.jurisdiction
    if round.kind == RoundKind.ELEVATED:
        return (
            Unit.objects.filter(subtree_q(jurisdiction.path), is_active=True)
            .exclude(pk=jurisdiction.pk)
            .order_by("path")
        )
    return selectors.coverage_scope(jurisdiction)


def team_jurisdictions(round: Round) -> QuerySet[Unit]:
    """Whose teams the round may send: its own jurisdiction's, or for a cross round those of
    the other jurisdictions under the same parent."""
    jurisdiction = round.jurisdiction
    if round.kind == RoundKind.CROSS:
        return (
            Unit.objects.filter(
                parent_id=jurisdiction.parent_id, has_office=True, is_active=True
            ).exclude(pk=jurisdiction.pk)
            if jurisdiction.parent_id
            else Unit.objects.none()
        )
    return Unit.objects.filter(pk=jurisdiction.pk)


def eligible_teams(round: Round) -> QuerySet[Team]:
    return (
        Team.objects.filter(jurisdiction__in=team_jurisdictions(round), is_active=True)
        .select_related("jurisdiction")
        .order_by("jurisdiction__path", "number")
    )


def lookback_candidates(
    round: Round, target: Unit | None, before: date | None = None, *, user=None
) -> QuerySet[Inspection]:
    """Earlier inspections of `target` that a look-back can follow up: stationed or later,
    begun before this round (or `before`). With `user`, only those the user may see (the
    choke point), so that neither the choice nor its refusal tells of others."""
    if target is None:
        return Inspection.objects.none()
    before = before or round.starts_on
    base = Inspection.objects.all() if user is None else visible_inspections(user)
    return (
        base.filter(target=target, stage__in=selectors.DONE_STAGES)
        .exclude(round=round)
        .annotate(ws=selectors.window_start_expr())
        .filter(ws__lt=before)
        .select_related("round", "round__jurisdiction", "team")
        .order_by("-ws")
    )


# --- Checks ------------------------------------------------------------------------------------


def _locked_round(round: Round) -> Round:
    round = (
        Round.objects.select_for_update(of=("self",))
        .select_related("jurisdiction")
        .get(pk=round.pk)
    )
    if round.status != RoundStatus.DRAFT:
        raise ValidationError(_("The task split can change only while the round is a draft."))
    return round


def _check_fields(inspection: Inspection, round: Round, actor=None) -> None:
    start, end = inspection.stationed_from, inspection.stationed_until
    if start and end and end < start:
        raise ValidationError(
            {"stationed_until": _("Stationing ends on or after the day it starts.")}
        )
    if (start and start < round.starts_on) or (end and end > round.ends_on):
        raise ValidationError(
            {
                "stationed_from": _(
                    "Stationing lies within the round's dates (%(start)s to %(end)s)."
                )
                % {"start": round.starts_on, "end": round.ends_on}
            }
        )
    if (
        inspection.team_id is None
        or not eligible_teams(round).filter(pk=inspection.team_id).exists()
    ):
        raise ValidationError(
            {
                "team": _(
                    "Choose an active team of the jurisdiction (of a sibling jurisdiction for "
                    "a cross round)."
                )
            }
        )
    if round.kind == RoundKind.LOOKBACK:
        window_start = start or round.starts_on
        if inspection.lookback_of_id is None:
            raise ValidationError(
                {"lookback_of": _("A look-back names the earlier inspection of the target.")}
            )
        if (
            not lookback_candidates(round, inspection.target, window_start, user=actor)
            .filter(pk=inspection.lookback_of_id)
            .exists()
        ):
            raise ValidationError(
                {"lookback_of": _("Choose an earlier inspection of the same target.")}
            )
    elif inspection.lookback_of_id is not None:
        raise ValidationError(
            {"lookback_of": _("Only a look-back round links to an earlier inspection.")}
        )


def _deconflict(
    inspection: Inspection, round: Round, reason: str, *, known: list[str]
) -> tuple[list[str], bool]:
    """The warnings' texts, and whether a (new) reason was recorded for them."""
    start, end = inspection.window
    warnings = deconfliction_warnings(inspection.target, start, end, exclude_round=round)
    texts = [w.text for w in warnings]
    if not warnings:
        return [], False
    if not reason:
        if set(texts) <= set(known):
            return known, False
        raise DeconflictionRequired(warnings)
    return texts, True


def _timeline(inspection: Inspection, actor, **fields) -> None:
    InspectionEvent.objects.create(
        inspection=inspection,
        actor=actor_or_none(actor),
        actor_name=actor_name(actor),
        at=timezone.now(),
        **fields,
    )


# --- Services ----------------------------------------------------------------------------------


def add_inspection(
    round: Round,
    *,
    actor,
    target: Unit,
    team: Team,
    stationed_from: date | None = None,
    stationed_until: date | None = None,
    work_plan: str = "",
    lookback_of: Inspection | None = None,
    deconfliction_reason: str = "",
) -> Inspection:
    """Assign a target to a team in a draft round. With deconfliction warnings the target is
    added only with a reason, which is kept with the warnings and audited."""
    reason = clean_text(deconfliction_reason)
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, round.jurisdiction)
        round = _locked_round(round)
        if not target.is_active or not eligible_targets(round).filter(pk=target.pk).exists():
            raise ValidationError(
                {"target": _("This unit is not in the scope of the round's jurisdiction.")}
            )
        if Inspection.objects.filter(round=round, target=target).exists():
            raise ValidationError({"target": _("The target is already in this round.")})
        inspection = Inspection(
            round=round,
            team=team,
            target=target,
            stationed_from=stationed_from,
            stationed_until=stationed_until,
            work_plan=clean_text(work_plan),
            lookback_of=lookback_of,
        )
        _check_fields(inspection, round, actor)
        warnings, reasoned = _deconflict(inspection, round, reason, known=[])
        inspection.deconfliction_warnings = warnings
        inspection.deconfliction_reason = reason if warnings else ""
        inspection.full_clean()
        try:
            with transaction.atomic():
                inspection.save()
        except IntegrityError:  # the same target added at the same moment by someone else
            raise ValidationError({"target": _("The target is already in this round.")}) from None
        _timeline(inspection, actor, from_stage="", to_stage=Stage.PLANNED)
        record(
            EventType.INSPECTION_CREATED,
            actor=actor,
            role=role,
            unit=target,
            obj=inspection,
            changes=diff({}, snapshot(inspection, INSPECTION_FIELDS)),
        )
        if reasoned:
            record(
                EventType.INSPECTION_DECONFLICTED,
                actor=actor,
                role=role,
                unit=target,
                obj=inspection,
                changes={"warnings": [None, warnings]},
                reason=reason,
            )
    return inspection


def update_inspection(
    inspection: Inspection, *, actor, deconfliction_reason: str = "", **fields
) -> Inspection:
    """Change the team, the stationing dates, the work plan or the earlier inspection of a
    target in a draft round. New deconfliction warnings need a reason again."""
    reason = clean_text(deconfliction_reason)
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, inspection.round.jurisdiction)
        round = _locked_round(inspection.round)
        inspection = (
            Inspection.objects.select_for_update(of=("self",))
            .select_related("target")
            .get(pk=inspection.pk)
        )
        inspection.round = round
        before = snapshot(inspection, INSPECTION_FIELDS)
        for key in EDITABLE:
            if key in fields:
                value = fields[key]
                setattr(inspection, key, clean_text(value) if key == "work_plan" else value)
        _check_fields(inspection, round, actor)
        warnings, reasoned = _deconflict(
            inspection, round, reason, known=list(inspection.deconfliction_warnings)
        )
        if reasoned:
            inspection.deconfliction_warnings = warnings
            inspection.deconfliction_reason = reason
        inspection.full_clean()
        changes = diff(before, snapshot(inspection, INSPECTION_FIELDS))
        if changes:
            inspection.save()
            record(
                EventType.INSPECTION_UPDATED,
                actor=actor,
                role=role,
                unit=inspection.target,
                obj=inspection,
                changes=changes,
            )
        if reasoned:
            record(
                EventType.INSPECTION_DECONFLICTED,
                actor=actor,
                role=role,
                unit=inspection.target,
                obj=inspection,
                changes={"warnings": [None, warnings]},
                reason=reason,
            )
    return inspection


STATIONING_APPS = {
    "fieldwork", "interviews", "surveys", "petitions", "findings", "leads", "reports", "copycheck",
}


def _has_material(inspection: Inspection) -> bool:
    """Whether any stationing record (a request, a meeting, an interview, a petition…) hangs
    off the inspection: removing it would take them with it."""
    for relation in inspection._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label in STATIONING_APPS and model._default_manager.filter(
            **{relation.field.name: inspection}
        ).exists():
            return True
    return False


def _remove_generated_documents(inspection: Inspection) -> None:
    """Documents generated before stationing (the dossier, the notice) go with the inspection;
    their generation stays in the audit trail. Files are deleted once the removal commits."""
    from xuncha.documents.models import GeneratedDocument

    documents = list(GeneratedDocument.objects.filter(inspection=inspection))
    for document in documents:
        storage, name = document.file.storage, document.file.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    GeneratedDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()


def remove_inspection(inspection: Inspection, *, actor, reason: str = "") -> None:
    """Take a target out of a draft round while its inspection is still only planned."""
    with transaction.atomic():
        role = check(actor, Capability.PLAN_EDIT, inspection.round.jurisdiction)
        _locked_round(inspection.round)
        inspection = (
            Inspection.objects.select_for_update(of=("self",))
            .select_related("target")
            .get(pk=inspection.pk)
        )
        if inspection.stage != Stage.PLANNED:
            raise ValidationError(
                _("Only a target whose inspection is still planned can be removed.")
            )
        if inspection.lookbacks.exists():
            raise ValidationError(_("A look-back refers to this inspection."))
        if _has_material(inspection):
            raise ValidationError(
                _("The team has recorded material for this inspection; it cannot be removed.")
            )
        changes = {k: [v, None] for k, v in snapshot(inspection, INSPECTION_FIELDS).items()}
        target, pk = inspection.target, inspection.pk
        _remove_generated_documents(inspection)
        inspection.delete()
        record(
            EventType.INSPECTION_REMOVED,
            actor=actor,
            role=role,
            unit=target,
            object_type="plans.inspection",
            object_id=pk,
            changes=changes,
            reason=clean_text(reason),
        )
