"""Benchmark of the team-formation assistant: a synthetic round of the size DOMAIN.md names
(150 candidates with 20 leaders, 8 teams, 16 targets) with every constraint, solved by CP-SAT to
a proven optimum, against the greedy baseline.

The problem is plain data (`xuncha.staffing.formation.Problem`): the database is not involved,
so the figure is the solver's alone. A fixed seed makes every run solve the same problem.
"""

import random
import time

SEED = 20260302
CANDIDATES = 150
LEADERS = 20
TEAMS = 8
TARGETS_PER_TEAM = 2
UNAVAILABLE = 0.10
AVAILABILITY_UNKNOWN = 0.10
RELEASED = 0.35
BLOCKED_PAIRS = 0.05
LEADER_ONLY_SHARE = 0.3
PREVIOUS_TEAM_SIZE = 6
TIME_LIMIT = 60.0
WORKERS = 2
TARGET_SECONDS = 10.0  # the default time limit of the "propose teams" button

# Main specialty of a cadre, roughly as offices staff their pools, plus a second skill for some.
SPECIALTIES = [
    ("discipline", 18),
    ("organization", 14),
    ("finance", 10),
    ("audit", 8),
    ("law", 8),
    ("petitions", 6),
    ("party_building", 12),
    ("other", 24),
]


def synthetic_problem(seed: int = SEED):
    """The benchmark's problem: random but fixed by the seed."""
    from xuncha.staffing.formation import Block, Candidate, Problem, Target, TeamSpec

    rng = random.Random(seed)
    tags, weights = zip(*SPECIALTIES, strict=True)
    candidates = []
    for i in range(1, CANDIDATES + 1):
        skills = {rng.choices(tags, weights)[0]}
        if rng.random() < 0.3:
            skills.add(rng.choices(tags, weights)[0])
        skills.discard("other")
        known = rng.random() >= AVAILABILITY_UNKNOWN
        candidates.append(
            Candidate(
                id=i,
                name=f"干部{i:03d}",
                skills=frozenset(skills),
                leader_pool=i <= LEADERS,
                pools=("组长库",) if i <= LEADERS else ("工作人员库",),
                available=not known or rng.random() >= UNAVAILABLE,
                released=known and rng.random() < RELEASED,
                availability_known=known,
            )
        )
    targets = {
        1000 + j: Target(1000 + j, f"被巡察单位{j + 1:02d}", rng.choice([None, 40, 120, 300, 900]))
        for j in range(TEAMS * TARGETS_PER_TEAM)
    }
    ids = sorted(targets)
    teams = [
        TeamSpec(
            100 + k,
            f"第{k + 1}巡察组",
            tuple(ids[k * TARGETS_PER_TEAM : (k + 1) * TARGETS_PER_TEAM]),
        )
        for k in range(TEAMS)
    ]
    blocked = {}
    for c in candidates:
        for t in ids:
            if rng.random() < BLOCKED_PAIRS:
                leader_only = c.leader_pool and rng.random() < LEADER_ONLY_SHARE
                blocked[c.id, t] = [Block("回避", "合成数据", leader_only)]
    # The previous round: eight crews of six, each led by a leader, who led one of its targets.
    rotation = {}
    previous_leader = {}
    per_crew = PREVIOUS_TEAM_SIZE - 1
    members = rng.sample(range(LEADERS + 1, CANDIDATES + 1), TEAMS * per_crew)
    crew_leaders = rng.sample(range(1, LEADERS + 1), TEAMS)
    for k in range(TEAMS):
        crew = sorted([crew_leaders[k], *members[k * per_crew : (k + 1) * per_crew]])
        for i, a in enumerate(crew):
            for b in crew[i + 1 :]:
                rotation[a, b] = f"上轮第{k + 1}巡察组"
        previous_leader[rng.choice(ids)] = crew_leaders[k]
    return Problem(
        teams=teams,
        candidates=candidates,
        targets=targets,
        blocked=blocked,
        rotation_pairs=rotation,
        previous_leader=previous_leader,
        min_size=4,
        max_size=7,
    )


def bench_formation(results: dict) -> None:
    from xuncha.staffing.formation import greedy, solve, violations

    problem = synthetic_problem()
    result = solve(problem, time_limit=TIME_LIMIT, workers=WORKERS)
    if not result.feasible or violations(problem, result):
        raise SystemExit(
            f"bench: the synthetic formation is wrong: {result.status} "
            f"{result.diagnosis} {violations(problem, result)}"
        )
    t0 = time.perf_counter()
    baseline = greedy(problem)
    greedy_ms = (time.perf_counter() - t0) * 1000
    blocked = sum(len(v) for v in problem.blocked.values())
    detail = (
        f"{len(problem.candidates)} candidates ({LEADERS} leaders) × {len(problem.teams)} teams × "
        f"{len(problem.targets)} targets, {blocked} blocked pairs, "
        f"{len(problem.rotation_pairs)} rotation pairs; {WORKERS} workers, seed {SEED}"
    )
    status = "proven optimal" if result.proven_optimal else f"best bound {result.bound:g}"
    results["formation.solve"] = {
        "value": round(result.seconds, 2),
        "unit": "s",
        "target": TARGET_SECONDS,
        "ok": result.proven_optimal and result.seconds <= TARGET_SECONDS,
        "detail": f"time to {status}; {detail}",
    }
    results["formation.objective"] = {
        "value": result.objective,
        "unit": "points",
        "target": None,
        "ok": None,
        "detail": f"CP-SAT, {status}; terms {result.breakdown}",
    }
    results["formation.greedy_objective"] = {
        "value": baseline.objective if baseline else -1,
        "unit": "points",
        "target": None,
        "ok": None,
        "detail": (
            f"greedy baseline in {greedy_ms:.0f} ms; terms {baseline.breakdown}"
            if baseline
            else "the greedy baseline found no formation"
        ),
    }
