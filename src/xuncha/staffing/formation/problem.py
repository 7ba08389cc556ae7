"""The formation problem as plain data, its objective and its hard constraints.

Nothing here touches the database: `data.build_problem` fills a `Problem` from a round, and tests
and the benchmark build synthetic ones.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

# Objective weights (minimized; integers, so that CP-SAT proves optimality exactly).
# Two cadres who served together last round placed together again: rotation keeps the circle of
# acquaintances from forming (DOMAIN.md §1), so a repeated pair costs more than a whole seat.
W_ROTATION = 10
# Each member above or below the team's ideal size, which follows the team's workload.
W_BALANCE = 4
# A member whose home unit has not released them (脱产) for the stationing period.
W_NOT_RELEASED = 2
# A member with no availability recorded: assumed free, but less certain than a confirmed one.
W_AVAILABILITY_UNKNOWN = 3
# Each specialty of `Problem.spread_skills` no member of a team has: teams that mix discipline,
# organization, finance, audit, law, petitions and party-building backgrounds see more (DOMAIN.md
# §1); cheaper than a released seat, so it never keeps a released cadre home on its own.
W_SPREAD = 1

# Constraint families, relaxed one at a time to name the one that cannot be met.
LEADER = "leader"
PREVIOUS_LEADER = "previous_leader"
RECUSAL = "recusal"
AVAILABILITY = "availability"
EXPERTISE = "expertise"
SIZE = "size"
FAMILIES = (LEADER, PREVIOUS_LEADER, RECUSAL, AVAILABILITY, EXPERTISE, SIZE)


@dataclass(frozen=True)
class Block:
    """A conflict of interest of a cadre with one target (from `rules.blockers`). Only the rule
    label reaches proposals: the detail names relatives and colleagues, which plan.view holders
    may not read, so `build_problem` leaves it empty."""

    label: str
    detail: str = ""
    leader_only: bool = False


@dataclass
class Candidate:
    id: int
    name: str
    skills: frozenset[str] = frozenset()
    leader_pool: bool = False
    pools: tuple[str, ...] = ()
    available: bool = True
    released: bool = False
    availability_known: bool = True
    seated_on: str = ""  # already on a team of this round (not proposed again)
    # On a team of another round whose stationing period overlaps (so unavailable): its name.
    booked_in: str = ""
    # The jurisdictions whose pools hold the cadre, and those whose leader pool does; a team
    # with a jurisdiction takes only its own pools' members (a cross round sends teams of
    # several jurisdictions).
    pool_units: frozenset[int] = frozenset()
    leader_units: frozenset[int] = frozenset()


@dataclass
class Target:
    id: int
    name: str
    headcount: int | None = None


@dataclass
class TeamSpec:
    id: int
    name: str
    targets: tuple[int, ...]
    jurisdiction: int | None = None  # None: any candidate may serve (synthetic problems)


@dataclass
class Problem:
    """Everything the solver needs, as plain data."""

    teams: list[TeamSpec]
    candidates: list[Candidate]
    targets: dict[int, Target]
    blocked: dict[tuple[int, int], list[Block]] = field(default_factory=dict)
    # (smaller id, larger id) → the team the two served on together last round.
    rotation_pairs: dict[tuple[int, int], str] = field(default_factory=dict)
    # target id → the cadre who led its last inspection by this jurisdiction.
    previous_leader: dict[int, int] = field(default_factory=dict)
    min_size: int = 4
    max_size: int = 7
    expertise_groups: list[frozenset[str]] = field(
        default_factory=lambda: [frozenset({"finance", "audit"}), frozenset({"discipline"})]
    )
    window: str = ""
    previous_round: str = ""
    # Specialties each team should preferably mix (W_SPREAD per one missing).
    spread_skills: frozenset[str] = frozenset(
        {"discipline", "organization", "finance", "audit", "law", "petitions", "party_building"}
    )
    skipped_teams: list[str] = field(default_factory=list)  # already have members
    closed_teams: list[str] = field(default_factory=list)  # stationed or later

    @cached_property
    def by_id(self) -> dict[int, Candidate]:
        return {c.id: c for c in self.candidates}

    @cached_property
    def team_by_id(self) -> dict[int, TeamSpec]:
        return {t.id: t for t in self.teams}

    def blocks_for(self, cadre: int, team: TeamSpec, *, as_leader: bool) -> list[tuple[int, Block]]:
        return [
            (target, b)
            for target in team.targets
            for b in self.blocked.get((cadre, target), ())
            if as_leader or not b.leader_only
        ]

    def led_before(self, cadre: int, team: TeamSpec) -> list[int]:
        """The team's targets whose last inspection this cadre led."""
        return [t for t in team.targets if self.previous_leader.get(t) == cadre]

    def in_pool(self, c: Candidate, team: TeamSpec) -> bool:
        """Whether a pool of the team's jurisdiction holds the cadre."""
        return team.jurisdiction is None or team.jurisdiction in c.pool_units

    def in_leader_pool(self, c: Candidate, team: TeamSpec) -> bool:
        """Whether the leader pool of the team's jurisdiction holds the cadre."""
        return c.leader_pool and (team.jurisdiction is None or team.jurisdiction in c.leader_units)

    def can_deputize(self, c: Candidate, team: TeamSpec) -> bool:
        """Whether a seated cadre may be the team's deputy leader: from the team's leader pool
        and clear of the stricter rules for leaders, which bind deputies too."""
        return self.in_leader_pool(c, team) and not self.blocks_for(c.id, team, as_leader=True)

    def can_serve(self, c: Candidate, team: TeamSpec, relax=frozenset()) -> bool:
        if c.seated_on or not self.in_pool(c, team):
            return False
        if not c.available and AVAILABILITY not in relax:
            return False
        return RECUSAL in relax or not self.blocks_for(c.id, team, as_leader=False)

    def can_lead(self, c: Candidate, team: TeamSpec, relax=frozenset()) -> bool:
        if not self.in_leader_pool(c, team) or not self.can_serve(c, team, relax):
            return False
        if RECUSAL not in relax and self.blocks_for(c.id, team, as_leader=True):
            return False
        return PREVIOUS_LEADER in relax or not self.led_before(c.id, team)

    def load(self, team: TeamSpec) -> float:
        """Workload: one per target, up to one more for a large target (by headcount)."""
        return sum(
            1 + min(self.targets[t].headcount or 0, 1000) / 1000 if t in self.targets else 1
            for t in team.targets
        )

    @cached_property
    def ideal(self) -> dict[int, int]:
        """A team of average workload gets the middle of the size bounds; heavier teams more."""
        if not self.teams:
            return {}
        mean = sum(self.load(t) for t in self.teams) / len(self.teams) or 1
        mid = (self.min_size + self.max_size) / 2
        return {
            t.id: max(self.min_size, min(self.max_size, int(mid * self.load(t) / mean + 0.5)))
            for t in self.teams
        }

    def missing_skills(self, members) -> set[str]:
        """The specialties of `spread_skills` that none of `members` (cadre ids) has."""
        have = set()
        for m in members:
            have |= self.by_id[m].skills
        return set(self.spread_skills) - have

    def release_cost(self, c: Candidate) -> int:
        if not c.availability_known:
            return W_AVAILABILITY_UNKNOWN
        return 0 if c.released else W_NOT_RELEASED


@dataclass
class Result:
    status: str  # optimal · feasible · infeasible · unknown
    assignment: dict[int, list[int]] = field(default_factory=dict)  # team id → cadre ids
    leaders: dict[int, int] = field(default_factory=dict)  # team id → cadre id
    objective: int | None = None
    bound: float | None = None
    seconds: float = 0.0
    diagnosis: list[str] = field(default_factory=list)
    breakdown: dict[str, int] = field(default_factory=dict)

    @property
    def feasible(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def proven_optimal(self) -> bool:
        return self.status == "optimal"


# --- Labels ------------------------------------------------------------------------------------


def skill_label(tag: str) -> str:
    from xuncha.people.models import Specialty

    return str(Specialty(tag).label) if tag in Specialty.values else tag


def group_label(group: frozenset[str]) -> str:
    labels = [skill_label(t) for t in sorted(group)]
    out = labels[0] if labels else ""
    for label in labels[1:]:
        out = _("%(first)s or %(second)s") % {"first": out, "second": label}
    return out


def names(ids, problem: Problem) -> str:
    return _("、").join(problem.by_id[i].name for i in ids if i in problem.by_id)


def _join(items) -> str:
    return _("、").join(str(i) for i in items)


# --- Scoring and checking (shared by the solver, the baseline and the tests) -------------------


def score(problem: Problem, assignment: dict[int, list[int]]) -> dict[str, int]:
    """The objective of a formation, term by term, with the weights above."""
    rotation = sum(
        1
        for members in assignment.values()
        for i, a in enumerate(sorted(members))
        for b in sorted(members)[i + 1 :]
        if (a, b) in problem.rotation_pairs
    )
    balance = sum(abs(len(assignment.get(t.id, ())) - problem.ideal[t.id]) for t in problem.teams)
    release = sum(
        problem.release_cost(problem.by_id[c]) for members in assignment.values() for c in members
    )
    spread = sum(len(problem.missing_skills(assignment.get(t.id, ()))) for t in problem.teams)
    total = W_ROTATION * rotation + W_BALANCE * balance + release + W_SPREAD * spread
    return {
        "total": total,
        "rotation": rotation,
        "balance": balance,
        "release": release,
        "spread": spread,
    }


def violations(problem: Problem, result: Result) -> list[str]:
    """Every hard constraint a formation breaks (empty for a valid one); for tests and checks."""
    out = []
    seen: dict[int, int] = {}
    for team in problem.teams:
        members = result.assignment.get(team.id, [])
        for c in members:
            if c in seen:
                out.append(f"cadre {c} on teams {seen[c]} and {team.id}")
            seen[c] = team.id
            if not problem.can_serve(problem.by_id[c], team):
                out.append(f"cadre {c} may not serve on team {team.id}")
        leader = result.leaders.get(team.id)
        if leader is None or leader not in members:
            out.append(f"team {team.id} has no leader among its members")
        elif not problem.can_lead(problem.by_id[leader], team):
            out.append(f"cadre {leader} may not lead team {team.id}")
        if not problem.min_size <= len(members) <= problem.max_size:
            out.append(f"team {team.id} has {len(members)} members")
        for group in problem.expertise_groups:
            if not any(problem.by_id[c].skills & group for c in members):
                out.append(f"team {team.id} lacks {sorted(group)}")
    return out
