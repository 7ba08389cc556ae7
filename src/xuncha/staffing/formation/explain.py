"""Explanations of a formation: why each person sits where they sit, and per team what was
avoided (conflicts of interest, repeated pairs, the previous leader)."""

from collections import defaultdict

from django.utils.translation import gettext as _

from xuncha.staffing.formation.problem import (
    Problem,
    Result,
    _join,
    group_label,
    names,
    skill_label,
)


def explain(problem: Problem, result: Result) -> dict:
    """Reasons per seat, what was avoided per team, and notes about the whole round, as lists of
    sentences in the active language."""
    seats: dict[str, list[str]] = {}
    teams: dict[str, dict[str, list[str]]] = {}
    placed = {c: t for t, members in result.assignment.items() for c in members}
    partners = defaultdict(list)
    for a, b in problem.rotation_pairs:
        partners[a].append(b)
        partners[b].append(a)
    for team in problem.teams:
        members = result.assignment.get(team.id, [])
        leader = result.leaders.get(team.id)
        target_names = _join(problem.targets[t].name for t in team.targets if t in problem.targets)
        for c in members:
            seats[f"{team.id}:{c}"] = _seat_reasons(
                problem,
                team,
                problem.by_id[c],
                c == leader,
                members,
                partners,
                placed,
                target_names,
            )
        teams[str(team.id)] = {
            "notes": [
                _(
                    "%(size)s members for %(targets)s target(s); the ideal size for this "
                    "workload is %(ideal)s."
                )
                % {
                    "size": len(members),
                    "targets": len(team.targets),
                    "ideal": problem.ideal[team.id],
                },
                _spread_note(problem, members),
            ],
            "avoided": _avoided(problem, team, members, leader, placed),
        }
    general = []
    if problem.window:
        away = [
            c.id
            for c in problem.candidates
            if not c.available and not c.seated_on and not c.booked_in
        ]
        if away:
            general.append(
                _("Unavailable for the stationing period (%(window)s): %(names)s.")
                % {"window": problem.window, "names": names(away, problem)}
            )
    booked = defaultdict(list)
    for c in problem.candidates:
        if c.booked_in and not c.seated_on:
            booked[c.booked_in].append(c.id)
    for other, ids in sorted(booked.items()):
        general.append(
            _("On a team of %(round)s, whose stationing period overlaps: %(names)s.")
            % {"round": other, "names": names(ids, problem)}
        )
    seated = [c.id for c in problem.candidates if c.seated_on]
    if seated:
        general.append(
            _("Already on a team of this round: %(names)s.") % {"names": names(seated, problem)}
        )
    if problem.skipped_teams:
        general.append(
            _("Not staffed again because they already have members: %(teams)s.")
            % {"teams": _join(problem.skipped_teams)}
        )
    if problem.closed_teams:
        general.append(
            _("Not staffed because their inspections have begun: %(teams)s.")
            % {"teams": _join(problem.closed_teams)}
        )
    if problem.previous_round:
        general.append(
            _("Rotation compared with the previous round, %(round)s.")
            % {"round": problem.previous_round}
        )
    return {"seats": seats, "teams": teams, "general": general}


def _spread_note(problem: Problem, members) -> str:
    missing = problem.missing_skills(members)
    if not missing:
        return _("Every specialty is represented in the team.")
    return _("No member brings: %(skills)s.") % {
        "skills": _join(skill_label(s) for s in sorted(missing))
    }


def _seat_reasons(problem, team, c, is_leader, members, partners, placed, target_names):
    out = []
    if c.pools:
        out.append(_("From %(pools)s.") % {"pools": _join(c.pools)})
    if is_leader:
        out.append(
            _("No conflict of interest with %(targets)s, including the stricter rules for leaders.")
            % {"targets": target_names}
        )
        if any(t in problem.previous_leader for t in team.targets):
            out.append(_("Did not lead the last inspection of these targets."))
    else:
        out.append(_("No conflict of interest with %(targets)s.") % {"targets": target_names})
    covered = [g for g in problem.expertise_groups if c.skills & g]
    if covered:
        out.append(
            _("Brings required expertise: %(groups)s.")
            % {"groups": _join(group_label(g) for g in covered)}
        )
    elif c.skills:
        out.append(
            _("Expertise: %(skills)s.")
            % {"skills": _join(skill_label(s) for s in sorted(c.skills))}
        )
    if not c.availability_known:
        out.append(_("No availability recorded; assumed free for the stationing period."))
    elif c.released:
        out.append(_("Released from the home unit for the stationing period."))
    else:
        out.append(_("Available for the stationing period, not released from the home unit."))
    together = [p for p in partners[c.id] if p in members]
    # Only partners seated on another team were really kept apart; the rest were not chosen.
    apart = [p for p in partners[c.id] if p not in members and p in placed]
    if together:
        out.append(
            _("Served with %(names)s last round; no better formation kept them apart.")
            % {"names": names(together, problem)}
        )
    if apart:
        out.append(
            _("Kept apart from %(names)s, with whom they served last round.")
            % {"names": names(apart, problem)}
        )
    return out


def _avoided(problem, team, members, leader, placed) -> list[str]:
    """What was avoided, by rule label only: the proposal is read with plan.view, and the
    details of a conflict (relatives, former colleagues, declarations) are not for every reader."""
    out = []
    for c in problem.candidates:
        if c.seated_on or not problem.in_pool(c, team):
            continue
        found = problem.blocks_for(c.id, team, as_leader=problem.in_leader_pool(c, team))
        member_level = [(t, b) for t, b in found if not b.leader_only]
        for target, b in found:
            if b.leader_only and member_level:
                continue  # left out anyway; the member-level reason says why
            text = (
                _("%(name)s may not lead this team: %(label)s (%(target)s).")
                if b.leader_only
                else _("%(name)s left out: %(label)s (%(target)s).")
            )
            out.append(
                text
                % {
                    "name": c.name,
                    "label": b.label,
                    "target": problem.targets[target].name if target in problem.targets else "",
                }
            )
    for target in team.targets:
        prev = problem.previous_leader.get(target)
        if prev in problem.by_id and prev != leader:
            out.append(
                _(
                    "%(name)s led the last inspection of %(target)s and was not made its leader "
                    "again."
                )
                % {"name": problem.by_id[prev].name, "target": problem.targets[target].name}
            )
    for (a, b), was in sorted(problem.rotation_pairs.items()):
        mine = [p for p in (a, b) if p in members]
        if len(mine) != 1:
            continue
        other = b if mine[0] == a else a
        other_c = problem.by_id.get(other)
        # A pair counts as avoided when both serve, on different teams, and the other could
        # have joined this one.
        if other_c is None or other not in placed or not problem.can_serve(other_c, team):
            continue
        out.append(
            _(
                "%(a)s and %(b)s served together on %(team)s last round and were not placed "
                "together again."
            )
            % {"a": problem.by_id[mine[0]].name, "b": other_c.name, "team": was}
        )
    return out
