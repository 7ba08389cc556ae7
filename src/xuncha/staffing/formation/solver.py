"""Solving: the best formation CP-SAT proves within the time limit, and the greedy baseline
its objective is compared with."""

from time import perf_counter

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from xuncha.staffing.formation.diagnosis import precheck, relaxation_diagnosis
from xuncha.staffing.formation.model import _model, _solver
from xuncha.staffing.formation.problem import (
    W_ROTATION,
    W_SPREAD,
    Candidate,
    Problem,
    Result,
    TeamSpec,
    score,
    violations,
)


def solve(problem: Problem, *, time_limit: float = 10.0, workers: int = 2, seed: int = 0) -> Result:
    """The best formation CP-SAT finds within the time limit, or why there is none."""
    started = perf_counter()
    found = precheck(problem)
    if found:
        return Result("infeasible", diagnosis=found, seconds=perf_counter() - started)
    model, x, lead = _model(problem)
    solver = _solver(time_limit, workers, seed)
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        assignment = {t.id: [] for t in problem.teams}
        leaders = {}
        for (c, t), var in x.items():
            if solver.value(var):
                assignment[t].append(c)
        for (c, t), var in lead.items():
            if solver.value(var):
                leaders[t] = c
                assignment[t].append(c)
        breakdown = score(problem, assignment)
        return Result(
            "optimal" if status == cp_model.OPTIMAL else "feasible",
            assignment={t: sorted(m) for t, m in assignment.items()},
            leaders=leaders,
            objective=round(solver.objective_value),
            bound=solver.best_objective_bound,
            seconds=perf_counter() - started,
            breakdown=breakdown,
        )
    if status == cp_model.INFEASIBLE:
        remaining = max(1.0, time_limit - (perf_counter() - started))
        return Result(
            "infeasible",
            diagnosis=relaxation_diagnosis(problem, time_limit=remaining, seed=seed),
            seconds=perf_counter() - started,
        )
    return Result(
        "unknown",
        diagnosis=[
            _("No formation was found within %(seconds)s s; try again with a longer time limit.")
            % {"seconds": f"{time_limit:g}"}
        ],
        seconds=perf_counter() - started,
    )


# --- Greedy baseline ---------------------------------------------------------------------------


def greedy(problem: Problem) -> Result | None:
    """A sensible hand-made formation: leaders first (the team with the fewest options first),
    then one member per missing expertise group, then fill the teams smallest-first. Scored with
    the same objective; None when it gets stuck."""
    started = perf_counter()
    if not problem.teams:
        return None
    used: set[int] = set()
    assignment: dict[int, list[int]] = {t.id: [] for t in problem.teams}
    leaders: dict[int, int] = {}
    options = {
        t.id: [c for c in problem.candidates if problem.can_lead(c, t)] for t in problem.teams
    }

    def cost(c: Candidate, team_id: int) -> tuple:
        """What the seat adds to the objective, then: keep scarce people for other teams."""
        together = sum(
            1 for m in assignment[team_id] if (min(c.id, m), max(c.id, m)) in problem.rotation_pairs
        )
        missing = problem.missing_skills(assignment[team_id])
        added = W_ROTATION * together + problem.release_cost(c) - W_SPREAD * len(c.skills & missing)
        teams_open = sum(1 for t in problem.teams if problem.can_serve(c, t))
        return (added, c.leader_pool, teams_open, c.id)

    for team in sorted(problem.teams, key=lambda t: (len(options[t.id]), t.id)):
        free = [c for c in options[team.id] if c.id not in used]
        if not free:
            return None
        pick = min(free, key=lambda c: cost(c, team.id))
        leaders[team.id] = pick.id
        assignment[team.id].append(pick.id)
        used.add(pick.id)

    def free_for(team: TeamSpec, group=None) -> list[Candidate]:
        return [
            c
            for c in problem.candidates
            if c.id not in used
            and problem.can_serve(c, team)
            and (group is None or c.skills & group)
        ]

    for team in problem.teams:
        for group in problem.expertise_groups:
            if any(problem.by_id[m].skills & group for m in assignment[team.id]):
                continue
            free = free_for(team, group)
            if not free:
                return None
            pick = min(free, key=lambda c: cost(c, team.id))
            assignment[team.id].append(pick.id)
            used.add(pick.id)
    while True:
        short = [
            t
            for t in problem.teams
            if len(assignment[t.id]) < max(problem.ideal[t.id], problem.min_size)
            and len(assignment[t.id]) < problem.max_size
            and free_for(t)
        ]
        if not short:
            break
        team = min(short, key=lambda t: (len(assignment[t.id]) - problem.ideal[t.id], t.id))
        pick = min(free_for(team), key=lambda c: cost(c, team.id))
        assignment[team.id].append(pick.id)
        used.add(pick.id)
    result = Result(
        "feasible",
        assignment={t: sorted(m) for t, m in assignment.items()},
        leaders=leaders,
        seconds=perf_counter() - started,
    )
    if violations(problem, result):
        return None
    result.breakdown = score(problem, result.assignment)
    result.objective = result.breakdown["total"]
    return result
