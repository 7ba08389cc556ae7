"""The team-formation assistant: propose who serves on which team of a round, and why.

Two layers. `build_problem(round)` reads the round, the pools, availability, the recusal rules
and the previous round from the database into a plain-data `Problem` (no ORM beyond it), in a
fixed number of queries. `solve(problem)` builds a CP-SAT model and returns a `Result`;
`greedy(problem)` is the baseline the office can compare the objective with; `explain` turns a
result into the sentences the proposal page shows; `diagnose` says which constraint cannot be
met when no formation exists. Tests and the benchmark build synthetic `Problem`s directly.

Hard constraints: each cadre on at most one team, and only on a team whose jurisdiction's pools
hold them (a cross round sends teams of several jurisdictions); exactly one leader per team, from
the leader pool of its jurisdiction and counted in the team size; team size within the bounds;
every team has a member of each required expertise group; no cadre on a team with a conflict of
interest for any of its targets (leaders face the stricter leader rules too); unavailable cadres
and cadres serving in an overlapping round stay home; a leader who led the last inspection of a
target does not lead the team that inspects it again.
"""

from xuncha.staffing.formation.data import (
    build_problem,
    covering,
    overlapping_seats,
    pool_jurisdiction_ids,
)
from xuncha.staffing.formation.diagnosis import diagnose, precheck, relaxation_diagnosis
from xuncha.staffing.formation.explain import explain
from xuncha.staffing.formation.problem import (
    AVAILABILITY,
    EXPERTISE,
    FAMILIES,
    LEADER,
    PREVIOUS_LEADER,
    RECUSAL,
    SIZE,
    W_AVAILABILITY_UNKNOWN,
    W_BALANCE,
    W_NOT_RELEASED,
    W_ROTATION,
    W_SPREAD,
    Block,
    Candidate,
    Problem,
    Result,
    Target,
    TeamSpec,
    group_label,
    score,
    skill_label,
    violations,
)
from xuncha.staffing.formation.solver import greedy, solve

__all__ = [
    "AVAILABILITY",
    "EXPERTISE",
    "FAMILIES",
    "LEADER",
    "PREVIOUS_LEADER",
    "RECUSAL",
    "SIZE",
    "W_AVAILABILITY_UNKNOWN",
    "W_BALANCE",
    "W_NOT_RELEASED",
    "W_ROTATION",
    "W_SPREAD",
    "Block",
    "Candidate",
    "Problem",
    "Result",
    "Target",
    "TeamSpec",
    "build_problem",
    "covering",
    "diagnose",
    "explain",
    "greedy",
    "group_label",
    "overlapping_seats",
    "pool_jurisdiction_ids",
    "precheck",
    "relaxation_diagnosis",
    "score",
    "skill_label",
    "solve",
    "violations",
]
