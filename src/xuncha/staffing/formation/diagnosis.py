"""Why no formation exists, said concretely: necessary conditions checked first (enough
candidates, an eligible leader and each expertise for every team, Hall's condition when teams
compete for the same few people), then CP-SAT re-solved with one constraint family dropped at a
time to name the family that cannot be met with the others."""

from collections import defaultdict

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from xuncha.staffing.formation.model import _model, _solver
from xuncha.staffing.formation.problem import (
    AVAILABILITY,
    EXPERTISE,
    FAMILIES,
    LEADER,
    PREVIOUS_LEADER,
    RECUSAL,
    SIZE,
    Candidate,
    Problem,
    TeamSpec,
    _join,
    group_label,
    names,
)


def _matching(left: list[int], edges: dict[int, list[int]]) -> tuple[dict[int, int], list[int]]:
    """Maximum bipartite matching (Kuhn); returns left → right and the unmatched left nodes."""
    match_right: dict[int, int] = {}

    def augment(node: int, seen: set[int]) -> bool:
        for r in edges.get(node, ()):
            if r in seen:
                continue
            seen.add(r)
            if r not in match_right or augment(match_right[r], seen):
                match_right[r] = node
                return True
        return False

    unmatched = [node for node in left if not augment(node, set())]
    return {v: k for k, v in match_right.items()}, unmatched


def _hall_violator(edges, match, start) -> tuple[list[int], set[int]]:
    """From an unmatched left node, the teams reachable by alternating paths and the candidates
    they can use: fewer candidates than teams (Hall's condition fails there)."""
    match_right = {r: l_ for l_, r in match.items()}
    teams, cands, stack = [start], set(), [start]
    while stack:
        node = stack.pop()
        for r in edges.get(node, ()):
            if r not in cands:
                cands.add(r)
                if r in match_right and match_right[r] not in teams:
                    teams.append(match_right[r])
                    stack.append(match_right[r])
    return teams, cands


def _why_not(problem: Problem, team: TeamSpec, pool: list[Candidate], *, leading: bool) -> str:
    """Why none of `pool` can take a seat on `team`: counts by reason, with names when few."""
    groups: dict[str, list[int]] = defaultdict(list)
    for c in pool:
        if c.seated_on:
            groups[_("already on %(team)s") % {"team": c.seated_on}].append(c.id)
        elif c.booked_in:
            groups[_("serving in %(round)s at the same time") % {"round": c.booked_in}].append(c.id)
        elif not c.available:
            groups[_("unavailable for the stationing period")].append(c.id)
        elif found := problem.blocks_for(c.id, team, as_leader=leading):
            target = found[0][0]
            labels = _join(sorted({b.label for tg, b in found if tg == target}))
            key = _("blocked for %(target)s (%(labels)s)") % {
                "target": problem.targets[target].name if target in problem.targets else target,
                "labels": labels,
            }
            groups[key].append(c.id)
        elif leading and (led := problem.led_before(c.id, team)):
            key = _("led the last inspection of %(target)s") % {
                "target": _join(problem.targets[t].name for t in led if t in problem.targets)
            }
            groups[key].append(c.id)
    parts = []
    for reason, ids in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        if len(ids) > 5:
            part = _("%(count)s %(reason)s") % {"count": len(ids), "reason": reason}
        else:
            part = _("%(count)s (%(names)s) %(reason)s") % {
                "count": len(ids),
                "names": names(ids, problem),
                "reason": reason,
            }
        parts.append(part)
    return _("; ").join(parts)


def precheck(problem: Problem) -> list[str]:
    """Necessary conditions, each failure named concretely. Empty when none fails."""
    if not problem.teams:
        return [_("The round has no teams to staff: assign its targets to teams first.")]
    out = []
    leaders = [c for c in problem.candidates if c.leader_pool]
    free = [c for c in problem.candidates if c.available and not c.seated_on]
    needed = len(problem.teams) * problem.min_size
    if len(free) < needed:
        out.append(
            _(
                "%(teams)s teams need at least %(needed)s members but only %(available)s "
                "candidates are available."
            )
            % {"teams": len(problem.teams), "needed": needed, "available": len(free)}
        )
    edges = {t.id: [c.id for c in leaders if problem.can_lead(c, t)] for t in problem.teams}
    for team in problem.teams:
        if edges[team.id]:
            continue
        # A team draws its leader from the leader pool of its own jurisdiction.
        own = [c for c in leaders if problem.in_leader_pool(c, team)]
        if not own:
            out.append(
                _("%(team)s has no eligible leader: the leader pool is empty.")
                % {"team": team.name}
            )
        else:
            out.append(
                _("%(team)s has no eligible leader: of %(total)s leaders, %(reasons)s.")
                % {
                    "team": team.name,
                    "total": len(own),
                    "reasons": _why_not(problem, team, own, leading=True),
                }
            )
    if not out:
        match, unmatched = _matching([t.id for t in problem.teams], edges)
        if unmatched:
            teams, cands = _hall_violator(edges, match, unmatched[0])
            out.append(
                _(
                    "%(teams)s need %(needed)s different leaders but only %(available)s leaders "
                    "are eligible for them: %(names)s."
                )
                % {
                    "teams": _join(problem.team_by_id[t].name for t in teams),
                    "needed": len(teams),
                    "available": len(cands),
                    "names": names(sorted(cands), problem),
                }
            )
    for group in problem.expertise_groups:
        skilled = [c for c in problem.candidates if c.skills & group]
        g_edges = {t.id: [c.id for c in skilled if problem.can_serve(c, t)] for t in problem.teams}
        short = False
        for team in problem.teams:
            if g_edges[team.id]:
                continue
            short = True
            own = [c for c in skilled if problem.in_pool(c, team)]
            if not own:
                reason = _("the pools have no such candidate")
            else:
                reason = _("of %(total)s such candidates, %(reasons)s") % {
                    "total": len(own),
                    "reasons": _why_not(problem, team, own, leading=False),
                }
            out.append(
                _("No candidate with %(skills)s is free for %(team)s: %(reason)s.")
                % {"skills": group_label(group), "team": team.name, "reason": reason}
            )
        if short:
            continue
        match, unmatched = _matching([t.id for t in problem.teams], g_edges)
        if unmatched:
            teams, cands = _hall_violator(g_edges, match, unmatched[0])
            out.append(
                _(
                    "%(teams)s each need a member with %(skills)s but only %(available)s such "
                    "candidates are free for them: %(names)s."
                )
                % {
                    "teams": _join(problem.team_by_id[t].name for t in teams),
                    "skills": group_label(group),
                    "available": len(cands),
                    "names": names(sorted(cands), problem),
                }
            )
    for team in problem.teams:
        room = sum(1 for c in problem.candidates if problem.can_serve(c, team))
        if room < problem.min_size:
            out.append(
                _(
                    "%(team)s needs at least %(min)s members but only %(free)s candidates are "
                    "free to serve on it."
                )
                % {"team": team.name, "min": problem.min_size, "free": room}
            )
    return out


def family_label(problem: Problem, family: str) -> str:
    return {
        LEADER: _("one leader from the leader pool for every team"),
        PREVIOUS_LEADER: _("not the same leader for the same target twice in a row"),
        RECUSAL: _("no conflicts of interest"),
        AVAILABILITY: _("only available cadres"),
        EXPERTISE: _("the required expertise in every team (%(groups)s)")
        % {"groups": _join(group_label(g) for g in problem.expertise_groups)},
        SIZE: _("at least %(min)s members per team") % {"min": problem.min_size},
    }[family]


def relaxation_diagnosis(problem: Problem, *, time_limit: float = 5.0, seed: int = 0) -> list[str]:
    """Re-solve with one constraint family dropped at a time; the families whose removal makes
    a formation possible are the ones that cannot be met with the others."""
    culprits = []
    per_try = max(0.5, min(5.0, time_limit / len(FAMILIES)))
    for family in FAMILIES:
        model, _x, _lead = _model(problem, frozenset({family}), objective=False)
        status = _solver(per_try, 1, seed).solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            culprits.append(family)
    if not culprits:
        return [
            _(
                "No formation meets the constraints, and dropping any single one of them does "
                "not help: check the pools, the team size bounds and the conflicts of interest."
            )
        ]
    return [
        _(
            "The constraints cannot all be met together: a formation exists only without "
            "“%(constraint)s”."
        )
        % {"constraint": family_label(problem, f)}
        for f in culprits
    ]


def diagnose(problem: Problem, *, time_limit: float = 5.0) -> list[str]:
    """Why no formation exists: the pre-checks, else the relaxation test."""
    return precheck(problem) or relaxation_diagnosis(problem, time_limit=time_limit)
