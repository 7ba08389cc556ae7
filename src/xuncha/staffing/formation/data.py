"""Reading a round from the database into a `Problem`, in a fixed number of queries."""

from collections import defaultdict
from datetime import timedelta

from xuncha.staffing.formation.problem import Block, Candidate, Problem, Target, TeamSpec


def covering(periods, start, end) -> tuple[bool, bool]:
    """Whether the periods (start, end, released), joined where they touch, cover the window;
    and whether every period used is a release."""
    span_start = span_end = None
    released = True
    for s, e, rel in sorted(periods):
        if span_end is not None and s <= span_end + timedelta(days=1):
            span_end = max(span_end, e)
            released = released and rel
        else:
            span_start, span_end, released = s, e, rel
        if span_start <= start and span_end >= end:
            return True, released
    return False, False


def pool_jurisdiction_ids(round) -> list[int]:
    """Whose talent pools staff the round: the jurisdictions of the teams in its task split
    (the sibling jurisdictions' for a cross round), else the round's own jurisdiction."""
    from xuncha.people.models import Team

    ids = sorted(
        set(Team.objects.filter(inspections__round=round).values_list("jurisdiction_id", flat=True))
    )
    return ids or [round.jurisdiction_id]


def overlapping_seats(round, cadre_ids=None):
    """Seats on teams of other rounds whose stationing period overlaps this round's: a cadre
    cannot be stationed twice at once."""
    from xuncha.staffing.models import TeamMember

    qs = TeamMember.objects.filter(
        round__starts_on__lte=round.ends_on, round__ends_on__gte=round.starts_on
    ).exclude(round_id=round.pk)
    if cadre_ids is not None:
        qs = qs.filter(cadre_id__in=cadre_ids)
    return qs.order_by("round__starts_on", "round_id", "pk")


def build_problem(round) -> Problem:
    """The formation problem of a round: its teams still to staff (all inspections planned or
    authorized, no members yet), the current members of the active pools of the teams'
    jurisdictions, their availability for the stationing window and seats in overlapping
    rounds, conflicts of interest, and the previous round."""
    from xuncha.people.models import Availability, Cadre, PoolKind, PoolMembership
    from xuncha.plans.models import Inspection, PlanningSettings, Stage
    from xuncha.plans.models import Round as RoundModel
    from xuncha.staffing import rules
    from xuncha.staffing.models import MemberRole, TeamMember

    jurisdiction = round.jurisdiction
    settings = PlanningSettings.for_unit(jurisdiction)
    inspections = list(
        round.inspections.select_related("team", "target").order_by("team__number", "target__path")
    )
    seats = list(
        TeamMember.objects.filter(round=round).values_list("cadre_id", "team_id", "team__name")
    )
    seated = {cadre_id: team_name for cadre_id, _t, team_name in seats}
    staffed = {team_id for _c, team_id, _n in seats}
    team_targets: dict[int, list] = defaultdict(list)
    team_objs, late = {}, set()
    for insp in inspections:
        team_objs[insp.team_id] = insp.team
        team_targets[insp.team_id].append(insp.target)
        if insp.stage not in (Stage.PLANNED, Stage.AUTHORIZED):
            late.add(insp.team_id)
    teams = [
        TeamSpec(
            tid,
            team_objs[tid].name,
            tuple(u.pk for u in team_targets[tid]),
            jurisdiction=team_objs[tid].jurisdiction_id,
        )
        for tid in team_objs
        if tid not in staffed and tid not in late
    ]
    skipped = [team_objs[tid].name for tid in team_objs if tid in staffed]
    closed = [team_objs[tid].name for tid in team_objs if tid in late and tid not in staffed]
    targets = {
        u.pk: Target(u.pk, u.name, u.headcount) for tid in team_objs for u in team_targets[tid]
    }

    pool_jurisdictions = sorted({t.jurisdiction_id for t in team_objs.values()}) or [
        jurisdiction.pk
    ]
    memberships = (
        PoolMembership.objects.filter(
            pool__jurisdiction_id__in=pool_jurisdictions,
            pool__is_active=True,
            removed_on__isnull=True,
            cadre__is_active=True,
        )
        .select_related("pool")
        .order_by("cadre_id", "pool__kind", "pool__name")
    )
    pools_of: dict[int, list] = defaultdict(list)
    for m in memberships:
        pools_of[m.cadre_id].append(m.pool)
    cadres = list(
        Cadre.objects.filter(pk__in=pools_of).select_related("unit", "native_place").order_by("pk")
    )
    periods = defaultdict(list)
    for cid, s, e, rel in Availability.objects.filter(cadre_id__in=pools_of).values_list(
        "cadre_id", "starts_on", "ends_on", "released"
    ):
        periods[cid].append((s, e, rel))
    booked = {}
    for cid, other in overlapping_seats(round, list(pools_of)).values_list(
        "cadre_id", "round__name"
    ):
        booked.setdefault(cid, other)
    candidates = []
    for cadre in cadres:
        known = bool(periods[cadre.pk])
        covers, released = covering(periods[cadre.pk], round.starts_on, round.ends_on)
        pools = pools_of[cadre.pk]
        candidates.append(
            Candidate(
                id=cadre.pk,
                name=cadre.full_name,
                skills=frozenset(cadre.skills),
                leader_pool=any(p.kind == PoolKind.LEADER for p in pools),
                pools=tuple(p.name for p in pools),
                available=(covers or not known) and cadre.pk not in booked,
                released=released,
                availability_known=known,
                seated_on=seated.get(cadre.pk, ""),
                booked_in=booked.get(cadre.pk, ""),
                pool_units=frozenset(p.jurisdiction_id for p in pools),
                leader_units=frozenset(
                    p.jurisdiction_id for p in pools if p.kind == PoolKind.LEADER
                ),
            )
        )
    target_units = [u for tid in team_objs for u in team_targets[tid]]
    blocked = {
        # The label only: the detail (relatives, colleagues) stays on the recusal pages.
        key: [Block(b.label, leader_only=b.leader_only) for b in found]
        for key, found in rules.blockers(cadres, target_units, round).items()
        if found
    }

    previous = (
        RoundModel.objects.filter(
            jurisdiction=jurisdiction, starts_on__lt=round.starts_on, team_members__isnull=False
        )
        .exclude(pk=round.pk)
        .order_by("-starts_on", "-year", "-number")
        .first()
    )
    rotation: dict[tuple[int, int], str] = {}
    if previous is not None:
        crews = defaultdict(list)
        for cid, team_name in TeamMember.objects.filter(round=previous).values_list(
            "cadre_id", "team__name"
        ):
            crews[team_name].append(cid)
        for team_name, crew in crews.items():
            crew.sort()
            for i, a in enumerate(crew):
                for b in crew[i + 1 :]:
                    rotation[a, b] = team_name
    last = {}
    for target_id, round_id, team_id in (
        Inspection.objects.filter(
            target_id__in=targets,
            round__jurisdiction=jurisdiction,
            round__starts_on__lt=round.starts_on,
        )
        .exclude(round=round)
        .order_by("target_id", "-round__starts_on", "-round_id")
        .values_list("target_id", "round_id", "team_id")
    ):
        last.setdefault(target_id, (round_id, team_id))
    previous_leader = {}
    if last:
        led = {
            (r, t): c
            for r, t, c in TeamMember.objects.filter(
                role=MemberRole.LEADER, round_id__in={r for r, _t in last.values()}
            ).values_list("round_id", "team_id", "cadre_id")
        }
        previous_leader = {tg: led[key] for tg, key in last.items() if key in led}
    return Problem(
        teams=teams,
        candidates=candidates,
        targets=targets,
        blocked=blocked,
        rotation_pairs=rotation,
        previous_leader=previous_leader,
        min_size=settings.min_team_size,
        max_size=settings.max_team_size,
        expertise_groups=[frozenset(g) for g in settings.expertise_groups],
        window=f"{round.starts_on:%Y-%m-%d}—{round.ends_on:%Y-%m-%d}",
        previous_round=previous.name if previous else "",
        skipped_teams=skipped,
        closed_teams=closed,
    )
