"""Recusal (回避): who may see conflicts of interest, and every write to them.

A `Recusal` starts in one of three ways — the rules of `staffing.rules` fire during a scan of a
round, the cadre declares it, or the target objects — and ends in a decision of the inspection
office: upheld (the cadre stands aside, perhaps with a substitute), overridden with a reason (the
assignment may go ahead) or dismissed (no real conflict, e.g. a namesake). A wrong decision is
corrected by reopening it. Recusals hold personal data (relatives, former colleagues), so they
are read only by the office over the cadre's unit, by those who plan or approve the round, and
by the cadre for what they declared themselves.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from xuncha.accounts.permissions import authorize, role_for, scope_q
from xuncha.accounts.roles import Capability
from xuncha.audit.models import AuditEvent, EventType
from xuncha.audit.services import record
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q
from xuncha.people.models import Cadre, PoolMembership
from xuncha.plans.models import Round, RoundStatus
from xuncha.plans.permissions import visible_rounds
from xuncha.staffing.models import (
    MemberRole,
    Recusal,
    RecusalKind,
    RecusalSource,
    RecusalStatus,
    TeamMember,
)
from xuncha.staffing.rules import (
    LEADER_ONLY_RULES,
    RULE_KIND,
    Blocker,
    Conflict,
    blockers,
    blocks,
    detect_for_round,
)

# Why a scan closes a rule conflict that no longer fires. Stored translated; recognised in every
# language so that a later scan reopens it if the rule fires again.
NO_LONGER_FIRES = gettext_noop("The rule no longer fires.")
DECISIONS = (RecusalStatus.UPHELD, RecusalStatus.OVERRIDDEN, RecusalStatus.DISMISSED)
RELATED = (
    "cadre",
    "cadre__unit",
    "target",
    "round",
    "round__jurisdiction",
    "substitute",
    "substitute__unit",
    "decided_by",
    "created_by",
)
# Foreign keys come from loaded objects; validating them would cost a query each.
_FK_FIELDS = ["cadre", "target", "round", "substitute", "decided_by", "created_by"]


def _or(parts: list[Q | None]) -> Q | None:
    found = [p for p in parts if p is not None]
    if not found:
        return None
    q = found[0]
    for part in found[1:]:
        q |= part
    return q


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- Choke points ------------------------------------------------------------------------------


def visible_recusals(user, capability: Capability = Capability.PEOPLE_EDIT) -> QuerySet[Recusal]:
    """Recusals the user may read: `capability` (people.edit) over the cadre's work unit, plan.edit
    or plan.approve over the round's jurisdiction, and the user's own declarations."""
    q = _or(
        [
            scope_q(user, capability, "cadre__unit__path"),
            scope_q(user, Capability.PLAN_EDIT, "round__jurisdiction__path"),
            scope_q(user, Capability.PLAN_APPROVE, "round__jurisdiction__path"),
            Q(cadre__user_id=user.pk, source=RecusalSource.DECLARATION)
            if _signed_in(user)
            else None,
        ]
    )
    if q is None:
        return Recusal.objects.none()
    return Recusal.objects.filter(q).select_related(*RELATED)


def get_recusal_for_user(user, pk: int, capability: Capability = Capability.PEOPLE_EDIT) -> Recusal:
    """The recusal, or 404 alike for 'does not exist' and 'not yours to see'."""
    return get_object_or_404(visible_recusals(user, capability), pk=pk)


def reviewable_rounds(user) -> QuerySet[Round]:
    """Rounds whose recusals the user may review: those they plan (plan.edit) or approve."""
    q = _or(
        [
            scope_q(user, Capability.PLAN_EDIT, "jurisdiction__path"),
            scope_q(user, Capability.PLAN_APPROVE, "jurisdiction__path"),
        ]
    )
    if q is None:
        return Round.objects.none()
    return visible_rounds(user).filter(q)


def may_manage_round(user, round: Round) -> bool:
    """Scan, record objections, decide: the office planning the round."""
    return role_for(user, Capability.PLAN_EDIT, round.jurisdiction.path) is not None


def may_review_round(user, round: Round) -> bool:
    return may_manage_round(user, round) or (
        role_for(user, Capability.PLAN_APPROVE, round.jurisdiction.path) is not None
    )


def may_decide(user, recusal: Recusal) -> bool:
    if recusal.round_id:
        return may_manage_round(user, recusal.round)
    return role_for(user, Capability.PEOPLE_EDIT, recusal.cadre.unit.path) is not None


def may_declare_for(user, cadre: Cadre) -> bool:
    """The cadre themselves, or the office over the cadre's unit."""
    if _signed_in(user) and cadre.user_id == user.pk:
        return True
    return role_for(user, Capability.PEOPLE_EDIT, cadre.unit.path) is not None


def may_check(user, cadre: Cadre, round: Round) -> bool:
    """Whether the user may run the rules for `cadre` against the round: those who review the
    round, for its own candidates; beyond them, only the office over the cadre's unit, since the
    rules read relatives and former colleagues."""
    if not may_review_round(user, round):
        return False
    return (
        round_candidates(round).filter(pk=cadre.pk).exists()
        or role_for(user, Capability.PEOPLE_EDIT, cadre.unit.path) is not None
    )


def own_cadre(user) -> Cadre | None:
    """The cadre record linked to the account, if any."""
    if not _signed_in(user):
        return None
    return Cadre.objects.select_related("unit").filter(user_id=user.pk).first()


def _pool_jurisdictions(cadre: Cadre) -> QuerySet:
    return PoolMembership.objects.filter(
        cadre=cadre, removed_on__isnull=True, pool__is_active=True
    ).values("pool__jurisdiction")


def declarable_rounds(user, cadre: Cadre) -> QuerySet[Round]:
    """Open rounds a declaration for `cadre` may name: rounds the cadre serves in, announced
    rounds of the jurisdictions whose pools hold the cadre, and rounds the user plans or sees."""
    q = Q(team_members__cadre=cadre) | (
        Q(jurisdiction__in=_pool_jurisdictions(cadre))
        & Q(status__in=[RoundStatus.SUBMITTED, RoundStatus.APPROVED])
    )
    seen = scope_q(user, Capability.PLAN_VIEW, "jurisdiction__path")
    if seen is not None:
        q |= seen
    ids = Round.objects.filter(q).exclude(status=RoundStatus.CLOSED).values("pk")
    return (
        Round.objects.filter(pk__in=ids)
        .select_related("jurisdiction")
        .order_by("-starts_on", "jurisdiction__path", "-number")
    )


def declarable_units(user, cadre: Cadre) -> QuerySet[Unit]:
    """Units a declaration without a round may name: those the user sees, and those under the
    jurisdictions whose pools hold the cadre."""
    paths = Unit.objects.filter(pk__in=_pool_jurisdictions(cadre)).values_list("path", flat=True)
    q = _or([scope_q(user, Capability.UNIT_VIEW), *(subtree_q(p) for p in paths)])
    if q is None:
        return Unit.objects.none()
    return Unit.objects.filter(q, is_active=True)


def round_targets(round: Round) -> QuerySet[Unit]:
    """The targets of the round (one per inspection of its task split)."""
    return Unit.objects.filter(inspections__round=round).order_by("path")


def round_candidates(round: Round) -> QuerySet[Cadre]:
    """Who the rules are checked for: active cadres currently in an active pool of the round's
    jurisdiction, and whoever already serves on a team of the round."""
    in_pool = Q(
        memberships__pool__jurisdiction_id=round.jurisdiction_id,
        memberships__pool__is_active=True,
        memberships__removed_on__isnull=True,
        is_active=True,
    )
    ids = Cadre.objects.filter(in_pool | Q(team_memberships__round=round)).values("pk")
    return (
        Cadre.objects.filter(pk__in=ids)
        .select_related("unit", "native_place")
        .order_by("full_name", "id")
    )


def pool_members(round: Round) -> QuerySet[Cadre]:
    """Who may stand in for a cadre who recuses: current members of the jurisdiction's pools."""
    return (
        Cadre.objects.filter(
            pk__in=PoolMembership.objects.filter(
                pool__jurisdiction_id=round.jurisdiction_id,
                pool__is_active=True,
                removed_on__isnull=True,
                cadre__is_active=True,
            ).values("cadre")
        )
        .select_related("unit", "native_place")
        .order_by("full_name", "id")
    )


def seat_is_leader(recusal: Recusal) -> bool:
    """Whether the seat to fill is a leader's: the rule binds leaders only, or the cadre leads a
    team in the round."""
    if recusal.rule in LEADER_ONLY_RULES:
        return True
    return bool(
        recusal.round_id
        and TeamMember.objects.filter(
            round_id=recusal.round_id, cadre_id=recusal.cadre_id, role=MemberRole.LEADER
        ).exists()
    )


def eligible_substitutes(
    round: Round, targets: list[Unit], candidates: list[Cadre]
) -> dict[tuple[int, bool], list[Cadre]]:
    """For each (target id, as leader), the candidates nothing blocks: one bulk rules check."""
    found = blockers(candidates, targets, round) if candidates and targets else {}
    out: dict[tuple[int, bool], list[Cadre]] = {}
    for target in targets:
        for as_leader in (False, True):
            out[(target.pk, as_leader)] = [
                c
                for c in candidates
                if not blocks(found.get((c.pk, target.pk), []), as_leader=as_leader)
            ]
    return out


def history(recusal: Recusal) -> QuerySet[AuditEvent]:
    """The recusal's own timeline: recorded, decided, reopened (its audit events)."""
    return AuditEvent.objects.filter(
        object_type=Recusal._meta.label_lower,
        object_id=str(recusal.pk),
        event_type__in=[EventType.RECUSAL_RAISED, EventType.RECUSAL_DECIDED],
    ).order_by("seq")


def last_scan(round: Round) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(
            object_type=Round._meta.label_lower,
            object_id=str(round.pk),
            event_type=EventType.RECUSAL_RAISED,
        )
        .order_by("-seq")
        .first()
    )


@dataclass
class CheckRow:
    """One target of a round, seen from one cadre: what fires, what is recorded, what blocks."""

    target: Unit
    conflicts: list[Conflict] = field(default_factory=list)
    recusals: list[Recusal] = field(default_factory=list)
    as_leader: list[Blocker] = field(default_factory=list)
    as_member: list[Blocker] = field(default_factory=list)

    @property
    def clear(self) -> bool:
        return not self.as_leader


def check_cadre(user, cadre: Cadre, round: Round) -> list[CheckRow]:
    """Every rule against every target of the round for one cadre, with the recusals recorded
    and whether a seat as leader or as member is blocked — the office's check before
    assigning, and the explanation of a conflict."""
    targets = list(round_targets(round))
    if not targets:
        return []
    rows = {t.pk: CheckRow(t) for t in targets}
    for c in detect_for_round([cadre], targets, round):
        rows[c.target_id].conflicts.append(c)
    for r in (
        visible_recusals(user)
        .filter(cadre=cadre, target__in=targets)
        .filter(Q(round=round) | Q(round__isnull=True))
    ):
        rows[r.target_id].recusals.append(r)
    for (_cadre_id, target_id), found in blockers([cadre], targets, round).items():
        rows[target_id].as_leader = blocks(found, as_leader=True)
        rows[target_id].as_member = blocks(found, as_leader=False)
    return list(rows.values())


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


def _home_unit(recusal: Recusal) -> Unit:
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
        round = Round.objects.select_for_update().select_related("jurisdiction").get(pk=round.pk)
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
        fresh, refreshed, reopened = [], [], []
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
        created = Recusal.objects.bulk_create(fresh)
        result.new, result.reopened = len(created), len(reopened)
        result.created_ids = [r.pk for r in created]
        record(
            EventType.RECUSAL_RAISED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=round,
            changes={
                "new": result.created_ids,
                "reopened": [r.pk for r in reopened],
                "cleared": stale,
                "known": result.known,
                "cadres": result.cadres,
                "targets": result.targets,
            },
        )
    return result


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
        cadre = Cadre.objects.select_related("unit").get(pk=cadre.pk)
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
                    "The substitute must be a current member of a talent pool of the round's "
                    "jurisdiction."
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
            unit=_home_unit(recusal),
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
            unit=_home_unit(recusal),
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
