"""Recusal (回避): who may see conflicts of interest and what they see.

Recusals hold personal data (relatives, former colleagues), so they are read only by the office
over the cadre's unit, by those who plan or approve the round (the detail only with people.edit
or plan.edit), and by the cadre for what they declared themselves.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop

from xuncha.accounts.permissions import (
    acting_role,
    has_capability,
    role_for,
    scope_q,
    signed_in,
)
from xuncha.accounts.roles import Capability
from xuncha.audit.models import AuditEvent, EventType
from xuncha.audit.services import record
from xuncha.orgs.models import Unit
from xuncha.orgs.tree import subtree_q
from xuncha.people.models import Cadre, PoolMembership
from xuncha.plans.models import Round, RoundStatus
from xuncha.plans.permissions import visible_rounds
from xuncha.staffing.formation.data import pool_jurisdiction_ids
from xuncha.staffing.models import (
    MemberRole,
    Recusal,
    RecusalSource,
    RecusalStatus,
    TeamMember,
)
from xuncha.staffing.rules import (
    LEADER_ONLY_RULES,
    Blocker,
    Conflict,
    blockers,
    blocks,
    detect_for_round,
)

# Why a scan closes a rule conflict that no longer fires. Stored translated; recognised in every
# language so that a later scan reopens it if the rule fires again.
NO_LONGER_FIRES = gettext_noop("The rule no longer fires.")
# Why a scan reopens a decided conflict: the rule now fires for facts the decision did not see.
NEW_FACTS = gettext_noop("New facts under this rule since the decision.")
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


# --- Choke points ------------------------------------------------------------------------------


def _detail_q(user) -> Q | None:
    """Whose recusals the user may read in full: the office over the cadre's unit (people.edit),
    the office planning the round (plan.edit), and the cadre for their own."""
    return _or(
        [
            scope_q(user, Capability.PEOPLE_EDIT, "cadre__unit__path"),
            scope_q(user, Capability.PLAN_EDIT, "round__jurisdiction__path"),
            Q(cadre__user_id=user.pk) if signed_in(user) else None,
        ]
    )


def visible_recusals(user, capability: Capability = Capability.PEOPLE_EDIT) -> QuerySet[Recusal]:
    """Recusals the user may read: `capability` (people.edit) over the cadre's work unit, plan.edit
    or plan.approve over the round's jurisdiction, and the user's own declarations.

    Each row carries `detail_visible`: the explanation names relatives and former colleagues, so
    the leading group, who approve the round, see the rule and the decision but not the detail
    (pages and API show it redacted)."""
    q = _or(
        [
            scope_q(user, capability, "cadre__unit__path"),
            scope_q(user, Capability.PLAN_EDIT, "round__jurisdiction__path"),
            scope_q(user, Capability.PLAN_APPROVE, "round__jurisdiction__path"),
            Q(cadre__user_id=user.pk, source=RecusalSource.DECLARATION)
            if signed_in(user)
            else None,
        ]
    )
    if q is None:
        return Recusal.objects.none()
    detail = _detail_q(user)
    return (
        Recusal.objects.filter(q)
        .select_related(*RELATED)
        .annotate(
            detail_visible=Case(
                When(detail, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
            if detail is not None
            else Value(False, output_field=BooleanField())
        )
    )


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
    if signed_in(user) and cadre.user_id == user.pk:
        return True
    return role_for(user, Capability.PEOPLE_EDIT, cadre.unit.path) is not None


def may_check(user, cadre: Cadre, round: Round) -> bool:
    """Whether the user may run the rules for `cadre` against the round. The rules read relatives
    and former colleagues, so only the office: over the cadre's unit (people.edit), or planning
    the round (plan.edit) for the round's own candidates. Approving the round is not enough."""
    if role_for(user, Capability.PEOPLE_EDIT, cadre.unit.path) is not None:
        return True
    return may_manage_round(user, round) and round_candidates(round).filter(pk=cadre.pk).exists()


def checkable_rounds(user) -> QuerySet[Round]:
    """Rounds offered on the check page: those the user plans, and with people.edit any round
    the user sees (the office over a cadre may check them against it)."""
    if has_capability(user, Capability.PEOPLE_EDIT):
        return visible_rounds(user)
    q = scope_q(user, Capability.PLAN_EDIT, "jurisdiction__path")
    if q is None:
        return Round.objects.none()
    return visible_rounds(user).filter(q)


def _viewer_role(user, *paths: str) -> str:
    for capability in (Capability.PLAN_EDIT, Capability.PEOPLE_EDIT, Capability.PLAN_APPROVE):
        for path in paths:
            role = role_for(user, capability, path)
            if role is not None:
                return role
    return acting_role(user)


def record_viewed(user, *, unit: Unit | None, obj=None, changes: dict | None = None) -> None:
    """Reading conflicts of interest is audited (RECUSAL_VIEWED): they name relatives and former
    colleagues. One event per page or API read, on the recusal or on the round."""
    paths = [unit.path] if unit is not None else []
    with transaction.atomic():
        record(
            EventType.RECUSAL_VIEWED,
            actor=user,
            role=_viewer_role(user, *paths),
            unit=unit,
            obj=obj,
            changes=changes or {},
        )


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
    """Who the rules are checked for: active cadres currently in an active pool of a
    jurisdiction staffing the round (its own; the teams' own in a cross round), and whoever
    already serves on a team of the round."""
    in_pool = Q(
        memberships__pool__jurisdiction_id__in=pool_jurisdiction_ids(round),
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
    """Who may stand in for a cadre who recuses: current members of the pools staffing the
    round."""
    return (
        Cadre.objects.filter(
            pk__in=PoolMembership.objects.filter(
                pool__jurisdiction_id__in=pool_jurisdiction_ids(round),
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
