"""The CP-SAT model of a formation problem, with constraint families that can be dropped one
at a time (to diagnose infeasibility)."""

from collections import defaultdict

from ortools.sat.python import cp_model

from xuncha.staffing.formation.problem import (
    EXPERTISE,
    LEADER,
    SIZE,
    W_BALANCE,
    W_ROTATION,
    W_SPREAD,
    Problem,
)


def _model(problem: Problem, relax=frozenset(), *, objective: bool = True):
    """Seat variables per (cadre, team): `lead` for the leader's seat, `x` for the other seats.
    Keeping the two apart (rather than lead ⇒ x) keeps every constraint linear, so the LP
    relaxation bounds the objective well and optimality is proven quickly."""
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    lead: dict[tuple[int, int], cp_model.IntVar] = {}
    for c in problem.candidates:
        for t in problem.teams:
            if problem.can_serve(c, t, relax):
                x[c.id, t.id] = model.new_bool_var(f"x_{c.id}_{t.id}")
                if LEADER not in relax and problem.can_lead(c, t, relax):
                    lead[c.id, t.id] = model.new_bool_var(f"lead_{c.id}_{t.id}")
    # on[c, t]: the cadre sits on the team in either seat (a linear expression, 0 or 1).
    on = {key: var + lead[key] if key in lead else var for key, var in x.items()}
    by_cadre = defaultdict(list)
    by_team = defaultdict(list)
    for (c, t), var in x.items():
        by_cadre[c].append(var)
        by_team[t].append((c, var))
        if (c, t) in lead:
            by_cadre[c].append(lead[c, t])
            by_team[t].append((c, lead[c, t]))
    for vars_ in by_cadre.values():
        model.add_at_most_one(vars_)
    lowest = 1 if SIZE in relax else problem.min_size
    sizes = {}
    for t in problem.teams:
        seats = by_team[t.id]
        size = cp_model.LinearExpr.sum([v for _c, v in seats])
        sizes[t.id] = size
        if seats:
            model.add(size >= lowest)
            model.add(size <= problem.max_size)
        else:
            model.add_bool_or([model.new_constant(0)])  # nobody may serve on this team
        if LEADER not in relax:
            model.add_exactly_one([v for (c, tid), v in lead.items() if tid == t.id])
        if EXPERTISE not in relax:
            for group in problem.expertise_groups:
                skilled = [v for c, v in seats if problem.by_id[c].skills & group]
                model.add(cp_model.LinearExpr.sum(skilled) >= 1) if skilled else (
                    model.add_bool_or([model.new_constant(0)])
                )
    if objective:
        terms = []
        for a, b in problem.rotation_pairs:
            for t in problem.teams:
                if (a, t.id) in on and (b, t.id) in on:
                    both = model.new_bool_var(f"pair_{a}_{b}_{t.id}")
                    model.add(both >= on[a, t.id] + on[b, t.id] - 1)
                    terms.append(W_ROTATION * both)
        for t in problem.teams:
            dev = model.new_int_var(0, problem.max_size, f"dev_{t.id}")
            model.add(dev >= sizes[t.id] - problem.ideal[t.id])
            model.add(dev >= problem.ideal[t.id] - sizes[t.id])
            terms.append(W_BALANCE * dev)
        for (c, _t), expr in on.items():
            cost = problem.release_cost(problem.by_id[c])
            if cost:
                terms.append(cost * expr)
        for t in problem.teams:
            for skill in sorted(problem.spread_skills):
                holders = [
                    expr
                    for (c, tid), expr in on.items()
                    if tid == t.id and skill in problem.by_id[c].skills
                ]
                if not holders:
                    terms.append(W_SPREAD)  # nobody could bring it: a constant
                    continue
                has = model.new_bool_var(f"has_{t.id}_{skill}")
                model.add(has <= cp_model.LinearExpr.sum(holders))
                terms.append(W_SPREAD * (1 - has))
        model.minimize(cp_model.LinearExpr.sum(terms))
    return model, x, lead


def _solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, float(time_limit))
    solver.parameters.num_workers = max(1, int(workers))
    solver.parameters.random_seed = seed
    # The per-cadre at-most-one rows must be in the LP for its bound to reach the optimum (the
    # availability cost of leaders is an assignment problem); without them CP-SAT finds the best
    # formation at once but may take long to prove it with few workers.
    solver.parameters.linearization_level = 2
    if workers > 1:
        solver.parameters.extra_subsolvers.append("max_lp")
    return solver
