"""Every write to the teams of a round: proposals of the formation assistant and team members.

Each service checks plan.edit on the round's jurisdiction (actor=None only from management
commands), validates, writes and records its audit event in one transaction. A cadre with a
conflict of interest for one of the team's targets is refused with the reason; clearing such a
conflict is a recusal decision taken on the recusal pages, never an override here. Leaders and
deputy leaders face the stricter rules for leaders.

A team is staffed from the pools of its own jurisdiction (in a cross round, a sibling
jurisdiction's); a cadre serves on one team at a time, across rounds whose stationing periods
overlap. Writes lock the round row, then the cadres' rows in id order, so that two clerks cannot
seat the same cadre twice; the database constraints stay the last word, answered as a refusal.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xuncha.accounts.permissions import authorize
from xuncha.accounts.roles import Capability
from xuncha.audit.models import EventType
from xuncha.audit.services import record
from xuncha.people.models import Availability, Cadre, PoolKind, PoolMembership, Team
from xuncha.plans.models import Inspection, Round, RoundStatus, Stage
from xuncha.staffing import formation, rules
from xuncha.staffing.models import (
    FormationProposal,
    MemberRole,
    ProposalMember,
    ProposalStatus,
    TeamMember,
)

# Members may change until the team is stationed.
EDITABLE_STAGES = (Stage.PLANNED, Stage.AUTHORIZED)
TIME_LIMIT_RANGE = (1.0, 60.0)
# Roles bound by the stricter recusal rules for leaders (DOMAIN.md §5).
LEADING_ROLES = frozenset({MemberRole.LEADER, MemberRole.DEPUTY_LEADER})


def is_leading(role: str) -> bool:
    return role in LEADING_ROLES


def _check(actor, round: Round) -> str:
    """The acting role after checking that plan.edit reaches the round's jurisdiction."""
    return authorize(actor, Capability.PLAN_EDIT, round.jurisdiction.path)


def _check_round_open(round: Round) -> None:
    if round.status == RoundStatus.CLOSED:
        raise ValidationError(_("The round is closed; its teams can no longer change."))


def _lock_round(round: Round) -> Round:
    """The round's row, locked: edits of one round's teams run one after another."""
    return (
        Round.objects.select_for_update(of=("self",))
        .select_related("jurisdiction")
        .get(pk=round.pk)
    )


def _lock_cadres(ids) -> dict[int, Cadre]:
    """The cadres' rows, locked in id order (no deadlock between two rounds seating the same
    people): a cadre cannot be seated in two overlapping rounds at once."""
    ids = sorted(set(ids))
    list(Cadre.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    return Cadre.objects.select_related("unit", "native_place").in_bulk(ids)


def _save_member(member: TeamMember) -> None:
    """Validate and save; a constraint that another transaction met first is a refusal, not a
    server error."""
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(
            _(
                "The teams of this round changed meanwhile (%(name)s); reload the page and "
                "try again."
            )
            % {"name": member.cadre.full_name}
        ) from None


def overlapping_seat(cadre: Cadre, round: Round) -> TeamMember | None:
    """The cadre's seat on a team of another round whose stationing period overlaps."""
    return formation.overlapping_seats(round, [cadre.pk]).select_related("round", "team").first()


def booked_message(cadre: Cadre, seat: TeamMember) -> str:
    return _(
        "%(name)s serves on %(team)s of %(round)s, whose stationing period (%(start)s to "
        "%(end)s) overlaps this round's."
    ) % {
        "name": cadre.full_name,
        "team": seat.team.name,
        "round": seat.round.name,
        "start": f"{seat.round.starts_on:%Y-%m-%d}",
        "end": f"{seat.round.ends_on:%Y-%m-%d}",
    }


def _targets(round: Round, team: Team) -> list:
    """The team's targets in the round; refuses a team that has none, or has begun."""
    rows = list(Inspection.objects.filter(round=round, team=team).select_related("target"))
    if not rows:
        raise ValidationError(
            {"team": _("%(team)s has no target in this round.") % {"team": team.name}}
        )
    if any(row.stage not in EDITABLE_STAGES for row in rows):
        raise ValidationError(
            _("%(team)s has been stationed; its members can no longer change.")
            % {"team": team.name}
        )
    return [row.target for row in rows]


def conflict_message(cadre: Cadre, team: Team, found: list[tuple]) -> str:
    """One sentence naming every conflict that keeps `cadre` off `team`."""
    reasons = _("; ").join(
        _("%(label)s — %(detail)s (%(target)s)")
        % {"label": b.label, "detail": b.detail, "target": target.name}
        for target, b in found
    )
    return _("%(name)s may not serve on %(team)s: %(reasons)s.") % {
        "name": cadre.full_name,
        "team": team.name,
        "reasons": reasons,
    }


def seat_conflicts(cadre: Cadre, targets: list, round: Round, *, as_leader: bool) -> list:
    """(target, blocker) pairs that keep the cadre off a seat on a team with these targets."""
    found = rules.blockers([cadre], targets, round)
    return [
        (target, b)
        for target in targets
        for b in rules.blocks(found.get((cadre.pk, target.pk), []), as_leader=as_leader)
    ]


def _in_leader_pool(cadre: Cadre, team: Team) -> bool:
    """In the leader pool of the team's own jurisdiction."""
    return PoolMembership.objects.filter(
        cadre=cadre,
        pool__jurisdiction_id=team.jurisdiction_id,
        pool__kind=PoolKind.LEADER,
        pool__is_active=True,
        removed_on__isnull=True,
    ).exists()


def _led_last(cadre: Cadre, targets: list, round: Round) -> list:
    """The targets whose last inspection by this jurisdiction the cadre led."""
    out = []
    for target in targets:
        last = (
            Inspection.objects.filter(
                target=target,
                round__jurisdiction=round.jurisdiction,
                round__starts_on__lt=round.starts_on,
            )
            .exclude(round=round)
            .order_by("-round__starts_on", "-round_id")
            .first()
        )
        if (
            last
            and TeamMember.objects.filter(
                round_id=last.round_id, team_id=last.team_id, cadre=cadre, role=MemberRole.LEADER
            ).exists()
        ):
            out.append(target)
    return out


def _soft_warnings(cadre: Cadre, team: Team, targets: list, round: Round, role: str) -> list[str]:
    """What the assistant would avoid but the office may accept with a reason."""
    out = []
    if not PoolMembership.objects.filter(
        cadre=cadre,
        pool__jurisdiction_id=team.jurisdiction_id,
        pool__is_active=True,
        removed_on__isnull=True,
    ).exists():
        out.append(_("not in a talent pool of the jurisdiction"))
    periods = list(
        Availability.objects.filter(cadre=cadre).values_list("starts_on", "ends_on", "released")
    )
    if periods and not formation.covering(periods, round.starts_on, round.ends_on)[0]:
        out.append(_("not available for the whole stationing period"))
    if role == MemberRole.LEADER:
        for target in _led_last(cadre, targets, round):
            out.append(_("led the last inspection of %(target)s") % {"target": target.name})
    return out


# --- Proposals ---------------------------------------------------------------------------------


def propose(
    round: Round, *, actor, time_limit: float = 10.0, workers: int = 2
) -> FormationProposal:
    """Run the formation assistant for the round's teams still without members and store what
    it proposes, or why no formation exists. The solver runs outside the write transaction so
    the database is not locked for seconds; the capability is checked before and again inside."""
    _check(actor, round)
    _check_round_open(round)
    low, high = TIME_LIMIT_RANGE
    if not low <= float(time_limit) <= high:
        raise ValidationError(
            {
                "time_limit": _("The time limit must be between %(low)s and %(high)s seconds.")
                % {"low": int(low), "high": int(high)}
            }
        )
    problem = formation.build_problem(round)
    if not problem.teams:
        raise ValidationError(
            _(
                "No team of this round is waiting for members: assign targets to teams first, "
                "or remove the members of a team to propose it again."
            )
        )
    result = formation.solve(problem, time_limit=float(time_limit), workers=workers)
    baseline = formation.greedy(problem) if result.feasible else None
    notes = formation.explain(problem, result)
    seats = notes.pop("seats")
    if not result.feasible:
        notes["teams"] = {}
    notes["diagnosis"] = result.diagnosis
    notes["breakdown"] = result.breakdown
    notes["baseline_breakdown"] = baseline.breakdown if baseline else {}
    notes["solver_status"] = result.status
    notes["team_ids"] = [t.id for t in problem.teams]

    with transaction.atomic():
        role = _check(actor, round)
        proposal = FormationProposal(
            round=round,
            status=ProposalStatus.PROPOSED if result.feasible else ProposalStatus.INFEASIBLE,
            parameters={
                "time_limit": float(time_limit),
                "workers": workers,
                "min_team_size": problem.min_size,
                "max_team_size": problem.max_size,
                "expertise_groups": [sorted(g) for g in problem.expertise_groups],
                "ideal_sizes": {str(k): v for k, v in problem.ideal.items()},
                "candidates": len(problem.candidates),
                "weights": {
                    "rotation": formation.W_ROTATION,
                    "balance": formation.W_BALANCE,
                    "not_released": formation.W_NOT_RELEASED,
                    "availability_unknown": formation.W_AVAILABILITY_UNKNOWN,
                    "spread": formation.W_SPREAD,
                },
            },
            objective=result.objective,
            baseline_objective=baseline.objective if baseline else None,
            proven_optimal=result.proven_optimal,
            solve_seconds=float(f"{result.seconds:.3f}"),
            explanation=notes,
            created_by=actor,
        )
        proposal.full_clean()
        proposal.save()
        members = []
        for team_id, cadre_ids in result.assignment.items():
            leader = result.leaders.get(team_id)
            deputy = None
            spec = problem.team_by_id[team_id]
            for cadre_id in cadre_ids:
                if cadre_id == leader:
                    seat_role = MemberRole.LEADER
                elif deputy is None and problem.can_deputize(problem.by_id[cadre_id], spec):
                    # A second cadre from the leader pool on a team is its deputy leader, if
                    # the stricter rules for leaders let them; else an ordinary member.
                    deputy, seat_role = cadre_id, MemberRole.DEPUTY_LEADER
                else:
                    seat_role = MemberRole.MEMBER
                members.append(
                    ProposalMember(
                        proposal=proposal,
                        team_id=team_id,
                        cadre_id=cadre_id,
                        role=seat_role,
                        reasons=seats.get(f"{team_id}:{cadre_id}", []),
                    )
                )
        ProposalMember.objects.bulk_create(members)
        record(
            EventType.FORMATION_PROPOSED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=proposal,
            changes={
                "round": [None, round.pk],
                "status": [None, proposal.status],
                "objective": [None, proposal.objective],
                "baseline_objective": [None, proposal.baseline_objective],
                "proven_optimal": [None, proposal.proven_optimal],
                "members": [None, len(members)],
            },
            reason=_("; ").join(result.diagnosis),
        )
    return proposal


def _lock_open(proposal: FormationProposal) -> FormationProposal:
    proposal = (
        FormationProposal.objects.select_for_update(of=("self",))
        .select_related("round", "round__jurisdiction")
        .get(pk=proposal.pk)
    )
    return proposal


def _decide(proposal, *, actor, status, note: str) -> None:
    """Conditional update: two clerks cannot both decide the same proposal."""
    done = FormationProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PROPOSED).update(
        status=status, decided_by=actor, decided_at=timezone.now(), decision_note=note
    )
    if done != 1:
        raise ValidationError(_("This proposal has already been decided."))


def accept(proposal: FormationProposal, *, actor, note: str = "") -> FormationProposal:
    """Accept a proposal: every seat becomes a team member. Conflicts of interest are checked
    again, since one may have been recorded after the proposal was computed; the teams must
    still be without members. Other open proposals of the round are rejected."""
    with transaction.atomic():
        proposal = _lock_open(proposal)
        role = _check(actor, proposal.round)
        round = _lock_round(proposal.round)
        if proposal.status != ProposalStatus.PROPOSED:
            raise ValidationError(_("Only a proposal awaiting a decision can be accepted."))
        _check_round_open(round)
        seats = list(proposal.members.select_related("team", "team__jurisdiction"))
        if not seats:
            raise ValidationError(_("This proposal has no members."))
        locked = _lock_cadres(s.cadre_id for s in seats)
        for s in seats:
            s.cadre = locked[s.cadre_id]
        teams = {s.team_id: s.team for s in seats}
        targets = {tid: _targets(round, team) for tid, team in teams.items()}
        errors = []
        taken = (
            TeamMember.objects.filter(round=round)
            .filter(Q(team_id__in=teams) | Q(cadre_id__in=[s.cadre_id for s in seats]))
            .select_related("team", "cadre")
        )
        busy_teams = sorted({m.team.name for m in taken if m.team_id in teams})
        for name in busy_teams:
            errors.append(
                _("%(team)s already has members in this round; remove them before accepting.")
                % {"team": name}
            )
        for m in taken:
            if m.team_id not in teams:
                errors.append(
                    _("%(name)s is already on %(team)s in this round.")
                    % {"name": m.cadre.full_name, "team": m.team.name}
                )
        elsewhere = {}
        for m in formation.overlapping_seats(round, list(locked)).select_related("round", "team"):
            elsewhere.setdefault(m.cadre_id, m)
        for s in seats:
            if s.cadre_id in elsewhere:
                errors.append(booked_message(s.cadre, elsewhere[s.cadre_id]))
        all_targets = {t.pk: t for ts in targets.values() for t in ts}
        found = rules.blockers([s.cadre for s in seats], list(all_targets.values()), round)
        for s in seats:
            if not s.cadre.is_active:
                errors.append(_("%(name)s is no longer active.") % {"name": s.cadre.full_name})
            if s.role == MemberRole.LEADER and not _in_leader_pool(s.cadre, s.team):
                errors.append(
                    _("%(name)s is no longer in the leader pool.") % {"name": s.cadre.full_name}
                )
            conflicts = [
                (t, b)
                for t in targets[s.team_id]
                for b in rules.blocks(
                    found.get((s.cadre_id, t.pk), []), as_leader=is_leading(s.role)
                )
            ]
            if conflicts:
                errors.append(conflict_message(s.cadre, s.team, conflicts))
        if errors:
            raise ValidationError(errors)
        for s in seats:
            member = TeamMember(round=round, team=s.team, cadre=s.cadre, role=s.role)
            _save_member(member)
            record(
                EventType.TEAM_MEMBER_ADDED,
                actor=actor,
                role=role,
                unit=round.jurisdiction,
                obj=member,
                changes={
                    "round": [None, round.pk],
                    "team": [None, s.team_id],
                    "cadre": [None, s.cadre_id],
                    "role": [None, s.role],
                },
                reason=_("Team proposal #%(id)s accepted.") % {"id": proposal.pk},
            )
        _decide(proposal, actor=actor, status=ProposalStatus.ACCEPTED, note=note)
        record(
            EventType.FORMATION_ACCEPTED,
            actor=actor,
            role=role,
            unit=round.jurisdiction,
            obj=proposal,
            changes={"status": [ProposalStatus.PROPOSED, ProposalStatus.ACCEPTED]},
            reason=note,
        )
        superseded = _("Another proposal (#%(id)s) was accepted.") % {"id": proposal.pk}
        for other in FormationProposal.objects.filter(
            round=round, status=ProposalStatus.PROPOSED
        ).exclude(pk=proposal.pk):
            _decide(other, actor=actor, status=ProposalStatus.REJECTED, note=superseded)
            record(
                EventType.FORMATION_REJECTED,
                actor=actor,
                role=role,
                unit=round.jurisdiction,
                obj=other,
                changes={"status": [ProposalStatus.PROPOSED, ProposalStatus.REJECTED]},
                reason=superseded,
            )
    proposal.refresh_from_db()
    return proposal


def reject(proposal: FormationProposal, *, actor, note: str) -> FormationProposal:
    """Reject a proposal, saying why (the reason helps the next run and the audit)."""
    with transaction.atomic():
        proposal = _lock_open(proposal)
        role = _check(actor, proposal.round)
        if proposal.status != ProposalStatus.PROPOSED:
            raise ValidationError(_("Only a proposal awaiting a decision can be rejected."))
        note = (note or "").strip()
        if not note:
            raise ValidationError({"note": _("Say why the proposal is rejected.")})
        _decide(proposal, actor=actor, status=ProposalStatus.REJECTED, note=note)
        record(
            EventType.FORMATION_REJECTED,
            actor=actor,
            role=role,
            unit=proposal.round.jurisdiction,
            obj=proposal,
            changes={"status": [ProposalStatus.PROPOSED, ProposalStatus.REJECTED]},
            reason=note,
        )
    proposal.refresh_from_db()
    return proposal


# --- Team members ------------------------------------------------------------------------------


def _check_leader_seat(round: Round, team: Team, cadre: Cadre, *, exclude=None) -> None:
    current = (
        TeamMember.objects.filter(round=round, team=team, role=MemberRole.LEADER)
        .exclude(pk=exclude)
        .select_related("cadre")
        .first()
    )
    if current is not None:
        raise ValidationError(
            {
                "role": _("%(team)s already has a leader: %(name)s.")
                % {"team": team.name, "name": current.cadre.full_name}
            }
        )
    if not _in_leader_pool(cadre, team):
        raise ValidationError(
            {
                "role": _("%(name)s is not in the leader pool of the jurisdiction.")
                % {"name": cadre.full_name}
            }
        )


def _require_override(cadre: Cadre, warnings: list[str], override_reason: str) -> str:
    reason = (override_reason or "").strip()
    if warnings and not reason:
        raise ValidationError(
            {
                "override_reason": _(
                    "%(name)s is %(warnings)s; give a reason to assign them anyway."
                )
                % {"name": cadre.full_name, "warnings": _("; ").join(warnings)}
            }
        )
    return reason


def add_member(
    round: Round,
    team: Team,
    cadre: Cadre,
    *,
    actor,
    role: str = MemberRole.MEMBER,
    override_reason: str = "",
) -> TeamMember:
    """Put a cadre on a team of the round by hand. Conflicts of interest (under the stricter
    rules for leaders and deputy leaders) and a seat in an overlapping round refuse it; being
    outside the team's pools, unavailable, or the last leader of a target needs a reason."""
    with transaction.atomic():
        acting = _check(actor, round)
        round = _lock_round(round)
        _check_round_open(round)
        if role not in MemberRole.values:
            raise ValidationError({"role": _("Choose a valid role.")})
        team = Team.objects.select_related("jurisdiction").get(pk=team.pk)
        targets = _targets(round, team)
        cadre = _lock_cadres([cadre.pk])[cadre.pk]
        if not cadre.is_active:
            raise ValidationError(
                {"cadre": _("%(name)s is not active.") % {"name": cadre.full_name}}
            )
        if not cadre.unit.path.startswith(team.jurisdiction.path):
            raise ValidationError(
                {"cadre": _("The cadre does not work in a unit of the team's jurisdiction.")}
            )
        seated = TeamMember.objects.filter(round=round, cadre=cadre).select_related("team").first()
        if seated is not None:
            raise ValidationError(
                {
                    "cadre": _("%(name)s is already on %(team)s in this round.")
                    % {"name": cadre.full_name, "team": seated.team.name}
                }
            )
        elsewhere = overlapping_seat(cadre, round)
        if elsewhere is not None:
            raise ValidationError({"cadre": booked_message(cadre, elsewhere)})
        if role == MemberRole.LEADER:
            _check_leader_seat(round, team, cadre)
        conflicts = seat_conflicts(cadre, targets, round, as_leader=is_leading(role))
        if conflicts:
            raise ValidationError({"cadre": conflict_message(cadre, team, conflicts)})
        reason = _require_override(
            cadre, _soft_warnings(cadre, team, targets, round, role), override_reason
        )
        member = TeamMember(round=round, team=team, cadre=cadre, role=role)
        _save_member(member)
        record(
            EventType.TEAM_MEMBER_ADDED,
            actor=actor,
            role=acting,
            unit=round.jurisdiction,
            obj=member,
            changes={
                "round": [None, round.pk],
                "team": [None, team.pk],
                "cadre": [None, cadre.pk],
                "role": [None, role],
            },
            reason=reason,
        )
    return member


def _lock_member(member: TeamMember) -> TeamMember:
    return (
        TeamMember.objects.select_for_update(of=("self",))
        .select_related(
            "round", "round__jurisdiction", "team", "cadre", "cadre__unit", "cadre__native_place"
        )
        .get(pk=member.pk)
    )


def remove_member(member: TeamMember, *, actor, reason: str) -> None:
    """Take a cadre off a team of the round, saying why."""
    with transaction.atomic():
        member = _lock_member(member)
        acting = _check(actor, member.round)
        _check_round_open(member.round)
        _targets(member.round, member.team)
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": _("Say why the cadre leaves the team.")})
        record(
            EventType.TEAM_MEMBER_REMOVED,
            actor=actor,
            role=acting,
            unit=member.round.jurisdiction,
            obj=member,
            changes={
                "round": [member.round_id, None],
                "team": [member.team_id, None],
                "cadre": [member.cadre_id, None],
                "role": [member.role, None],
            },
            reason=reason,
        )
        member.delete()


def change_role(member: TeamMember, *, actor, role: str, override_reason: str = "") -> TeamMember:
    """Give a team member another role. Becoming leader needs the leader pool, a free leader's
    seat and no conflict under the stricter rules for leaders; becoming deputy leader needs no
    such conflict either."""
    with transaction.atomic():
        acting = _check(actor, member.round)
        _lock_round(member.round)
        member = _lock_member(member)
        _check_round_open(member.round)
        if role not in MemberRole.values:
            raise ValidationError({"role": _("Choose a valid role.")})
        targets = _targets(member.round, member.team)
        if role == member.role:
            return member
        reason = ""
        if role == MemberRole.LEADER:
            _check_leader_seat(member.round, member.team, member.cadre, exclude=member.pk)
            conflicts = seat_conflicts(member.cadre, targets, member.round, as_leader=True)
            if conflicts:
                raise ValidationError(
                    {"role": conflict_message(member.cadre, member.team, conflicts)}
                )
            led = _led_last(member.cadre, targets, member.round)
            reason = _require_override(
                member.cadre,
                [_("led the last inspection of %(target)s") % {"target": t.name} for t in led],
                override_reason,
            )
        elif is_leading(role):
            conflicts = seat_conflicts(member.cadre, targets, member.round, as_leader=True)
            if conflicts:
                raise ValidationError(
                    {"role": conflict_message(member.cadre, member.team, conflicts)}
                )
        before = member.role
        member.role = role
        _save_member(member)
        record(
            EventType.TEAM_MEMBER_CHANGED,
            actor=actor,
            role=acting,
            unit=member.round.jurisdiction,
            obj=member,
            changes={"role": [before, role]},
            reason=reason or _("Role changed."),
        )
    return member


def is_editable(round: Round, stages: list[str]) -> bool:
    """Whether a team with inspections at these stages may still change (for pages)."""
    return round.status != RoundStatus.CLOSED and all(s in EDITABLE_STAGES for s in stages)
