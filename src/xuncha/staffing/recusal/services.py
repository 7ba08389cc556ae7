"""Recusal (回避): every write.

A `Recusal` starts in one of three ways — the rules of `staffing.rules` fire during a scan of a
round, the cadre declares it, or the target objects — and ends in a decision of the inspection
office: upheld (the cadre stands aside, perhaps with a substitute), overridden with a reason (the
assignment may go ahead) or dismissed (no real conflict, e.g. a namesake). A wrong decision is
corrected by reopening it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import authorize, role_for
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import diff, record, snapshot
from xuncha.orgs.models import Unit
from xuncha.people.models import Cadre
from xuncha.plans.models import Round, RoundStatus
from xuncha.staffing.models import (
    Recusal,
    RecusalKind,
    RecusalSource,
    RecusalStatus,
)
from xuncha.staffing.recusal.access import (
    _FK_FIELDS,
    DECISIONS,
    NEW_FACTS,
    NO_LONGER_FIRES,
    RELATED,
    pool_members,
    round_candidates,
    round_targets,
    seat_is_leader,
)
from xuncha.staffing.rules import (
    CLEARED,
    RULE_KIND,
    blockers,
    blocks,
    detail_lines,
    detect_for_round,
)

# --- Services ----------------------------------------------------------------------------------


def _actor_obj(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _authorize_any(actor, checks: list[tuple[Capability, str]]) -> str:
    """The first granting role among (capability, path) checks; PermissionDenied if none."""
    if actor is None:
        return ""
    for capability, path in checks:
        role = role_for(actor, capability, path)
        if role is not None:
            return role
    raise PermissionDenied


def _decider_role(actor, recusal: Recusal) -> str:
    """The office over the round's jurisdiction decides; without a round, the office over the
    cadre's unit."""
    if recusal.round_id:
        return authorize(actor, Capability.PLAN_EDIT, recusal.round.jurisdiction.path)
    return authorize(actor, Capability.PEOPLE_EDIT, recusal.cadre.unit.path)


def home_unit(recusal: Recusal) -> Unit:
    """Where a recusal belongs: the round's jurisdiction, else the cadre's unit."""
    return recusal.round.jurisdiction if recusal.round_id else recusal.cadre.unit


@dataclass
class ScanResult:
    """What a scan of a round found: conflicts new to the round, those already recorded, those
    that no longer fire (closed) and those that fire again after such a closing (reopened)."""

    new: int = 0
    known: int = 0
    cleared: int = 0
    reopened: int = 0
    cadres: int = 0
    targets: int = 0
    created_ids: list[int] = field(default_factory=list)


def scan_round(round: Round, *, actor) -> ScanResult:
    """Run the recusal rules for every candidate of the round (pool members of the jurisdiction
    and team members) against every target, and record each conflict once: a rerun adds only
    what is new, closes open conflicts that no longer fire, and keeps every decision."""
    with transaction.atomic():
        # Locking the round serialises two scans of it, so a conflict is never recorded twice.
        round = (
            Round.objects.select_for_update(of=("self",))
            .select_related("jurisdiction")
            .get(pk=round.pk)
        )
        role = authorize(actor, Capability.PLAN_EDIT, round.jurisdiction.path)
        if round.status == RoundStatus.CLOSED:
            raise ValidationError(_("The round is closed; its recusals are no longer checked."))
        cadres = list(round_candidates(round))
        targets = list(round_targets(round))
        found: dict[tuple[int, int, str], list[str]] = {}
        for c in detect_for_round(cadres, targets, round):
            details = found.setdefault((c.cadre_id, c.target_id, c.rule), [])
            if c.detail not in details:
                details.append(c.detail)
        existing = {
            (r.cadre_id, r.target_id, r.rule): r
            for r in Recusal.objects.filter(round=round, source=RecusalSource.RULE).order_by("pk")
        }
        result = ScanResult(cadres=len(cadres), targets=len(targets))
        now = timezone.now()
        by = _actor_obj(actor)
        fresh, refreshed, reopened, overturned = [], [], [], []
        for (cadre_id, target_id, rule), details in found.items():
            detail = "\n".join(details)
            row = existing.get((cadre_id, target_id, rule))
            if row is None:
                row = Recusal(
                    cadre_id=cadre_id,
                    target_id=target_id,
                    round=round,
                    kind=RULE_KIND[rule],
                    source=RecusalSource.RULE,
                    rule=rule,
                    detail=detail,
                    status=RecusalStatus.OPEN,
                    created_by=by,
                    created_at=now,
                )
                row.full_clean(exclude=_FK_FIELDS)
                fresh.append(row)
            elif row.status == RecusalStatus.DISMISSED and row.closed_by_scan:
                row.status, row.detail, row.closed_by_scan = RecusalStatus.OPEN, detail, False
                row.decision_reason, row.decided_by, row.decided_at = "", None, None
                reopened.append(row)
            elif row.status in CLEARED and not set(details) <= set(detail_lines(row.detail)):
                # The decision saw other facts: it does not cover these (see rules.blockers).
                overturned.append((row, snapshot(row, REOPEN_FIELDS), detail))
            else:
                result.known += 1
                if row.status == RecusalStatus.OPEN and row.detail != detail:
                    row.detail = detail
                    refreshed.append(row)
        stale = [
            r.pk
            for key, r in existing.items()
            if key not in found and r.status == RecusalStatus.OPEN
        ]
        if stale:
            result.cleared = Recusal.objects.filter(pk__in=stale, status=RecusalStatus.OPEN).update(
                status=RecusalStatus.DISMISSED,
                decision_reason=_(NO_LONGER_FIRES),
                decided_by=by,
                decided_at=now,
                closed_by_scan=True,
            )
        if refreshed:
            Recusal.objects.bulk_update(refreshed, ["detail"])
        if reopened:
            Recusal.objects.bulk_update(
                reopened,
                [
                    "status",
                    "detail",
                    "decision_reason",
                    "decided_by",
                    "decided_at",
                    "closed_by_scan",
                ],
            )
        for row, before, detail in overturned:
            _reopen_for_new_facts(row, before, detail, actor=actor, role=role, round=round)
        created = Recusal.objects.bulk_create(fresh)
        result.new, result.reopened = len(created), len(reopened) + len(overturned)
        result.created_ids = [r.pk for r in created]
        record(
            EventType.RECUSAL_RAISED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=round,
            changes={
                "new": result.created_ids,
                "reopened": [r.pk for r in reopened] + [r.pk for r, _b, _d in overturned],
                "cleared": stale,
                "known": result.known,
                "cadres": result.cadres,
                "targets": result.targets,
            },
        )
    return result


# What reopening a decided conflict resets; the audit event keeps the values before.
REOPEN_FIELDS = ("status", "detail", "decision_reason", "substitute", "decided_by", "decided_at")


def _reopen_for_new_facts(
    row: Recusal, before: dict, detail: str, *, actor, role: str, round: Round
) -> None:
    """A decided conflict whose rule now fires for new facts awaits a decision again, with the
    new explanation; the old decision stays in the audit trail (inside the scan's transaction)."""
    updated = Recusal.objects.filter(pk=row.pk, status=row.status).update(
        status=RecusalStatus.OPEN,
        detail=detail,
        decision_reason="",
        substitute=None,
        decided_by=None,
        decided_at=None,
        closed_by_scan=False,
    )
    if updated != 1:
        return
    row.status, row.detail, row.decision_reason = RecusalStatus.OPEN, detail, ""
    row.substitute, row.decided_by, row.decided_at = None, None, None
    record(
        EventType.RECUSAL_RAISED,
        actor=actor,
        role=role,
        unit=round.jurisdiction,
        obj=row,
        changes=diff(before, snapshot(row, REOPEN_FIELDS)),
        reason=_(NEW_FACTS),
    )


def _check_target(round: Round | None, target: Unit) -> None:
    if round is None:
        return
    if round.status == RoundStatus.CLOSED:
        raise ValidationError({"round": _("The round is closed.")})
    if not round.inspections.filter(target=target).exists():
        raise ValidationError({"target": _("This unit is not a target of the round.")})


def _raise(
    cadre: Cadre,
    target: Unit,
    *,
    actor,
    role: str,
    round: Round | None,
    source: str,
    kind: str,
    detail: str,
    raised_by: str = "",
) -> Recusal:
    """Record a declared or objected conflict (inside the caller's transaction)."""
    _check_target(round, target)
    recusal = Recusal(
        cadre=cadre,
        target=target,
        round=round,
        source=source,
        kind=kind,
        detail=(detail or "").strip(),
        raised_by=(raised_by or "").strip(),
        status=RecusalStatus.OPEN,
        created_by=_actor_obj(actor),
    )
    recusal.full_clean(exclude=_FK_FIELDS)
    recusal.save()
    record(
        EventType.RECUSAL_RAISED,
        actor=actor,
        role=role,
        unit=round.jurisdiction if round else cadre.unit,
        obj=recusal,
        changes={
            "cadre": [None, cadre.pk],
            "target": [None, target.pk],
            "round": [None, round.pk if round else None],
            "source": [None, source],
            "kind": [None, kind],
            "raised_by": [None, recusal.raised_by],
        },
        reason=recusal.detail,
    )
    return recusal


def declare(
    cadre: Cadre,
    target: Unit,
    *,
    actor,
    round: Round | None = None,
    kind: str,
    detail: str,
) -> Recusal:
    """A self-declaration (自行申报): the cadre states a conflict with a target. Made by the cadre
    themselves, or recorded by the office over the cadre's unit."""
    with transaction.atomic():
        # Locking the cadre serialises two declarations of theirs, so the duplicate check below
        # holds under concurrent submissions.
        cadre = (
            Cadre.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cadre.pk)
        )
        if actor is not None and cadre.user_id is not None and cadre.user_id == actor.pk:
            role = "self"
        else:
            role = authorize(actor, Capability.PEOPLE_EDIT, cadre.unit.path)
        duplicate = Recusal.objects.filter(
            cadre=cadre,
            target=target,
            round=round,
            source=RecusalSource.DECLARATION,
            status__in=[RecusalStatus.OPEN, RecusalStatus.UPHELD],
        )
        if duplicate.exists():
            raise ValidationError(
                {"target": _("A declaration for this target is already on record.")}
            )
        return _raise(
            cadre,
            target,
            actor=actor,
            role=role,
            round=round,
            source=RecusalSource.DECLARATION,
            kind=kind,
            detail=detail,
        )


def object_to(
    cadre: Cadre,
    target: Unit,
    *,
    actor,
    round: Round | None = None,
    raised_by: str,
    detail: str,
    kind: str = RecusalKind.OFFICIAL_DUTY,
) -> Recusal:
    """An objection raised by the target (被巡察单位提出回避): recorded by the office planning
    the round, or by the office over the cadre's unit."""
    with transaction.atomic():
        cadre = Cadre.objects.select_related("unit").get(pk=cadre.pk)
        checks = [(Capability.PEOPLE_EDIT, cadre.unit.path)]
        if round is not None:
            round = Round.objects.select_related("jurisdiction").get(pk=round.pk)
            checks.insert(0, (Capability.PLAN_EDIT, round.jurisdiction.path))
        role = _authorize_any(actor, checks)
        if not (raised_by or "").strip():
            raise ValidationError({"raised_by": _("Name who raised the objection.")})
        return _raise(
            cadre,
            target,
            actor=actor,
            role=role,
            round=round,
            source=RecusalSource.OBJECTION,
            kind=kind,
            detail=detail,
            raised_by=raised_by,
        )


def _check_substitute(recusal: Recusal, substitute: Cadre) -> None:
    if recusal.round_id is None:
        raise ValidationError(
            {"substitute": _("A substitute is proposed only for a recusal in a round.")}
        )
    if substitute.pk == recusal.cadre_id:
        raise ValidationError({"substitute": _("The substitute must be someone else.")})
    if not pool_members(recusal.round).filter(pk=substitute.pk).exists():
        raise ValidationError(
            {
                "substitute": _(
                    "The substitute must be a current member of a talent pool whose team "
                    "serves in the round."
                )
            }
        )
    found = blocks(
        blockers([substitute], [recusal.target], recusal.round).get(
            (substitute.pk, recusal.target_id), []
        ),
        as_leader=seat_is_leader(recusal),
    )
    if found:
        raise ValidationError(
            {
                "substitute": _("%(name)s may not inspect %(target)s either: %(why)s")
                % {
                    "name": substitute.full_name,
                    "target": recusal.target.name,
                    "why": "；".join(f"{b.label}（{b.detail}）" for b in found),
                }
            }
        )


def is_frozen(recusal: Recusal) -> bool:
    """A recusal of a closed round is history: no more decisions on it."""
    return bool(recusal.round_id and recusal.round.status == RoundStatus.CLOSED)


def _check_round_open(recusal: Recusal) -> None:
    if is_frozen(recusal):
        raise ValidationError(
            _("The round is closed; its recusals can no longer be decided or reopened."),
            code="round_closed",
        )


def _fresh(recusal: Recusal) -> Recusal:
    """The row as stored now; the conditional UPDATE below is what guards against a race."""
    return Recusal.objects.select_related(*RELATED).get(pk=recusal.pk)


def decide(
    recusal: Recusal,
    *,
    actor,
    status: str,
    reason: str = "",
    substitute: Cadre | None = None,
) -> Recusal:
    """The office's decision on an open recusal: upheld (the cadre stands aside; a substitute
    nothing blocks may be proposed), overridden (the assignment may go ahead; reason required)
    or dismissed (no real conflict, e.g. a namesake; reason required)."""
    with transaction.atomic():
        recusal = _fresh(recusal)
        role = _decider_role(actor, recusal)
        _check_round_open(recusal)
        if status not in DECISIONS:
            raise ValidationError({"status": _("Choose upheld, overridden or dismissed.")})
        reason = (reason or "").strip()
        if status != RecusalStatus.UPHELD and not reason:
            raise ValidationError({"reason": _("Give the reason for this decision.")})
        if substitute is not None:
            if status != RecusalStatus.UPHELD:
                raise ValidationError(
                    {"substitute": _("A substitute is proposed only when the recusal is upheld.")}
                )
            _check_substitute(recusal, substitute)
        if recusal.status != RecusalStatus.OPEN:
            raise ValidationError(
                _("This recusal has already been decided; reopen it to change the decision.")
            )
        now = timezone.now()
        by = _actor_obj(actor)
        recusal.status = status
        recusal.decision_reason = reason
        recusal.substitute = substitute
        recusal.decided_by = by
        recusal.decided_at = now
        recusal.full_clean(exclude=_FK_FIELDS)
        # Conditional: of two clerks deciding at once, only the first decision counts.
        updated = Recusal.objects.filter(pk=recusal.pk, status=RecusalStatus.OPEN).update(
            status=status,
            decision_reason=reason,
            substitute=substitute,
            decided_by=by,
            decided_at=now,
        )
        if updated != 1:
            raise ValidationError(_("This recusal has just been decided by someone else."))
        record(
            EventType.RECUSAL_DECIDED,
            actor=actor,
            role=role,
            unit=home_unit(recusal),
            obj=recusal,
            changes={
                "status": [RecusalStatus.OPEN, status],
                "substitute": [None, substitute.pk if substitute else None],
            },
            reason=reason,
        )
    return recusal


def reopen(recusal: Recusal, *, actor, reason: str) -> Recusal:
    """Put a decided recusal back to 'awaiting decision', to correct a wrong decision. The old
    decision stays in the audit trail."""
    with transaction.atomic():
        recusal = _fresh(recusal)
        role = _decider_role(actor, recusal)
        _check_round_open(recusal)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Give the reason for reopening.")})
        old = recusal.status
        if old not in DECISIONS:
            raise ValidationError(_("This recusal is already awaiting a decision."))
        before = {
            "status": old,
            "decision_reason": recusal.decision_reason,
            "substitute": recusal.substitute_id,
        }
        updated = Recusal.objects.filter(pk=recusal.pk, status=old).update(
            status=RecusalStatus.OPEN,
            decision_reason="",
            substitute=None,
            decided_by=None,
            decided_at=None,
            closed_by_scan=False,
        )
        if updated != 1:
            raise ValidationError(_("This recusal has just been changed by someone else."))
        record(
            EventType.RECUSAL_DECIDED,
            actor=actor,
            role=role,
            unit=home_unit(recusal),
            obj=recusal,
            changes={
                "status": [old, RecusalStatus.OPEN],
                "decision_reason": [before["decision_reason"], ""],
                "substitute": [before["substitute"], None],
            },
            reason=reason,
        )
        recusal.status = RecusalStatus.OPEN
        recusal.decision_reason = ""
        recusal.substitute = None
        recusal.decided_by = None
        recusal.decided_at = None
    return recusal
