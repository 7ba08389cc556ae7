"""The formation assistant on synthetic problems (no database): every hard constraint holds on
the result, the objective is what `score` says, conflicts, the previous leader and repeated pairs
are avoided and explained, and each infeasible case names the constraint that cannot be met."""

import random

import pytest
from django.utils import translation

from xuncha.staffing.formation import (
    Block,
    Candidate,
    Problem,
    Target,
    TeamSpec,
    explain,
    greedy,
    precheck,
    relaxation_diagnosis,
    score,
    solve,
    violations,
)

FIN = frozenset({"finance"})
AUD = frozenset({"audit"})
DIS = frozenset({"discipline"})
LAW = frozenset({"law"})


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def leader(i, name=None, skills=frozenset(), **kw):
    return Candidate(i, name or f"组长{i}", skills, leader_pool=True, pools=("组长库",), **kw)


def member(i, skills, name=None, **kw):
    return Candidate(i, name or f"组员{i}", skills, pools=("工作人员库",), **kw)


def small_problem(**kw) -> Problem:
    """Two teams, each with one target; 3 leaders and 8 members, all released."""
    targets = {101: Target(101, "区农委", 300), 102: Target(102, "区财政局", 80)}
    teams = [TeamSpec(1, "第一巡察组", (101,)), TeamSpec(2, "第二巡察组", (102,))]
    candidates = [
        leader(1, released=True),
        leader(2, released=True),
        leader(3, released=True),
        member(11, FIN, released=True),
        member(12, AUD, released=True),
        member(13, DIS, released=True),
        member(14, DIS, released=True),
        member(15, LAW, released=True),
        member(16, LAW, released=True),
        member(17, FIN | DIS, released=True),
        member(18, frozenset(), released=True),
    ]
    defaults = {"min_size": 3, "max_size": 4}
    defaults.update(kw)
    return Problem(teams, candidates, targets, **defaults)


def test_optimal_formation_respects_every_constraint():
    problem = small_problem()
    result = solve(problem, time_limit=5, workers=1)
    assert result.status == "optimal" and result.proven_optimal
    assert violations(problem, result) == []
    seated = [c for members in result.assignment.values() for c in members]
    assert len(seated) == len(set(seated)), "a cadre on two teams"
    for team in problem.teams:
        members = result.assignment[team.id]
        assert problem.min_size <= len(members) <= problem.max_size
        assert result.leaders[team.id] in members
        assert problem.by_id[result.leaders[team.id]].leader_pool
        for group in problem.expertise_groups:
            assert any(problem.by_id[c].skills & group for c in members)
    assert result.objective == score(problem, result.assignment)["total"]
    # Sizes follow the workload: the big target's team gets more members.
    assert problem.ideal[1] > problem.ideal[2]
    assert result.breakdown["balance"] == 0


def test_solving_is_deterministic():
    problem = small_problem()
    first = solve(problem, time_limit=5, workers=1)
    second = solve(problem, time_limit=5, workers=1)
    assert first.assignment == second.assignment and first.leaders == second.leaders


def test_planted_conflict_is_avoided_and_explained():
    problem = small_problem()
    # The only finance+discipline member works at the first team's target.
    problem.blocked[(17, 101)] = [Block("Works at the target now", "Works at 区农委.")]
    # Leader 1 studied at the second team's target: may be a member there, may not lead it.
    problem.blocked[(1, 102)] = [Block("Studied at the target", "Studied at 区财政局.", True)]
    result = solve(problem, time_limit=5, workers=1)
    assert result.feasible and violations(problem, result) == []
    assert 17 not in result.assignment[1]
    assert result.leaders[2] != 1
    notes = explain(problem, result)
    avoided_1 = notes["teams"]["1"]["avoided"]
    assert any(
        "组员17" in line and "Works at the target now" in line and "区农委" in line
        for line in avoided_1
    )
    avoided_2 = notes["teams"]["2"]["avoided"]
    assert any("组长1 may not lead this team" in line and "区财政局" in line for line in avoided_2)
    leader_reasons = notes["seats"][f"1:{result.leaders[1]}"]
    assert any("stricter rules for leaders" in r for r in leader_reasons)


def test_explanations_name_the_rule_never_the_detail():
    """A proposal is read with plan.view: who a relative is, or what a declaration says, stays
    on the recusal pages."""
    problem = small_problem()
    problem.blocked[(17, 101)] = [Block("A close relative works at the target", "妻子王某在区农委")]
    problem.blocked[(1, 102)] = [Block("Former superior", "原下属李某任区财政局局长", True)]
    problem.blocked[(2, 102)] = [Block("Self-declared conflict", "表弟在区财政局任科长")]
    problem.candidates = [c for c in problem.candidates if c.id != 3]
    result = solve(problem, time_limit=5, workers=1)
    notes = explain(problem, result)
    text = repr(notes)
    assert "A close relative works at the target" in text and "组员17" in text
    for detail in ("妻子王某", "原下属李某", "表弟"):
        assert detail not in text
    # No formation: the diagnosis names rule labels, never details, either.
    problem.candidates[0].available = False  # leader 1; leader 2 is blocked for 区财政局
    failed = solve(problem, time_limit=5, workers=1)
    assert failed.status == "infeasible"
    text = " ".join(failed.diagnosis)
    assert "Self-declared conflict" in text and "表弟" not in text


def test_teams_are_staffed_from_their_own_jurisdictions_pools():
    """A cross round sends teams of two jurisdictions: each takes members and its leader only
    from its own jurisdiction's pools."""
    targets = {101: Target(101, "甲一县农业农村局"), 102: Target(102, "甲一县财政局")}
    teams = [
        TeamSpec(1, "甲二县第一巡察组", (101,), 20),
        TeamSpec(2, "甲三县第一巡察组", (102,), 30),
    ]
    a2 = {"pool_units": frozenset({20}), "leader_units": frozenset({20})}
    a3 = {"pool_units": frozenset({30}), "leader_units": frozenset({30})}
    candidates = [
        leader(1, released=True, **a2),
        leader(2, released=True, **a3),
        # In A3's leader pool but only A2's staff pool: may serve on A2's team, not lead it.
        leader(3, released=True, pool_units=frozenset({20, 30}), leader_units=frozenset({30})),
        member(11, FIN, released=True, pool_units=frozenset({20})),
        member(12, DIS, released=True, pool_units=frozenset({20})),
        member(13, FIN, released=True, pool_units=frozenset({30})),
        member(14, DIS, released=True, pool_units=frozenset({30})),
    ]
    problem = Problem(teams, candidates, targets, min_size=3, max_size=4)
    result = solve(problem, time_limit=5, workers=1)
    assert result.feasible and violations(problem, result) == []
    assert result.leaders == {1: 1, 2: 2}
    assert {11, 12} <= set(result.assignment[1]) and {13, 14} <= set(result.assignment[2])
    assert not {13, 14, 2} & set(result.assignment[1])
    assert not {11, 12, 1} & set(result.assignment[2])
    base = greedy(problem)
    assert base is not None and violations(problem, base) == []
    # Without A3's leaders, its team has none: A2's leader is not one of A3's.
    candidates = [c for c in candidates if c.id != 2]
    candidates[1].available = False  # 组长3
    problem = Problem(teams, candidates, targets, min_size=3, max_size=4)
    failed = solve(problem, time_limit=5, workers=1)
    assert failed.status == "infeasible"
    assert any(
        "甲三县第一巡察组 has no eligible leader: of 1 leaders" in d for d in failed.diagnosis
    )


def test_cadres_serving_in_an_overlapping_round_stay_home_and_are_named():
    problem = small_problem()
    for c in problem.candidates:
        if c.id == 17:
            c.available, c.booked_in = False, "甲一县委2026年第二轮巡察"
    problem.window = "2026-03-02—2026-04-17"
    result = solve(problem, time_limit=5, workers=1)
    assert 17 not in {c for members in result.assignment.values() for c in members}
    general = explain(problem, result)["general"]
    assert any("甲一县委2026年第二轮巡察" in line and "组员17" in line for line in general)
    assert not any(line.startswith("Unavailable") and "组员17" in line for line in general)


def test_a_deputy_must_clear_the_rules_for_leaders():
    problem = small_problem()
    problem.blocked[(3, 101)] = [Block("Studied at the target", leader_only=True)]
    team = problem.team_by_id[1]
    assert problem.can_serve(problem.by_id[3], team)
    assert not problem.can_deputize(problem.by_id[3], team)
    assert problem.can_deputize(problem.by_id[2], team)
    assert not problem.can_deputize(problem.by_id[11], team)  # not in the leader pool


def test_previous_leader_does_not_lead_the_same_target_again():
    problem = small_problem()
    problem.candidates = [c for c in problem.candidates if c.id != 3]  # two leaders left
    problem.previous_leader = {101: 1}
    result = solve(problem, time_limit=5, workers=1)
    assert result.feasible
    assert result.leaders[1] == 2 and result.leaders[2] == 1
    notes = explain(problem, result)
    assert any(
        "组长1 led the last inspection of 区农委" in line for line in notes["teams"]["1"]["avoided"]
    )


def test_rotation_pairs_are_kept_apart_when_possible():
    problem = small_problem()
    base = solve(problem, time_limit=5, workers=1)
    # Every pair of members that sat together in the unpenalized optimum served together last
    # round: the assistant must now find the other formation that keeps them apart.
    pairs = {}
    for members in base.assignment.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if not (problem.by_id[a].leader_pool or problem.by_id[b].leader_pool):
                    pairs[(a, b)] = "第三巡察组"
    assert pairs
    problem.rotation_pairs = pairs
    result = solve(problem, time_limit=5, workers=1)
    assert result.feasible and violations(problem, result) == []
    together = score(problem, result.assignment)["rotation"]
    assert together < score(problem, base.assignment)["rotation"]
    assert result.breakdown["rotation"] == together
    notes = explain(problem, result)
    lines = [line for t in notes["teams"].values() for line in t["avoided"]]
    assert any("served together on 第三巡察组 last round" in line for line in lines)


def test_released_and_known_availability_are_preferred():
    problem = small_problem(min_size=3, max_size=3)
    problem.candidates += [
        member(21, FIN, released=False),
        member(22, DIS, availability_known=False),
    ]
    result = solve(problem, time_limit=5, workers=1)
    seated = {c for members in result.assignment.values() for c in members}
    assert not {21, 22} & seated
    assert result.breakdown["release"] == 0


def test_teams_mix_specialties_when_they_can():
    """Two law specialists and two petition officers: each team gets one of each rather than
    one team getting both of a kind."""
    targets = {101: Target(101, "区农委"), 102: Target(102, "区财政局")}
    teams = [TeamSpec(1, "第一巡察组", (101,)), TeamSpec(2, "第二巡察组", (102,))]
    pet = frozenset({"petitions"})
    candidates = [
        leader(1, skills=FIN | DIS, released=True),
        leader(2, skills=FIN | DIS, released=True),
        member(11, LAW, released=True),
        member(12, LAW, released=True),
        member(13, pet, released=True),
        member(14, pet, released=True),
    ]
    problem = Problem(
        teams,
        candidates,
        targets,
        min_size=3,
        max_size=3,
        spread_skills=frozenset({"law", "petitions"}),
    )
    result = solve(problem, time_limit=5, workers=1)
    assert result.proven_optimal and result.breakdown["spread"] == 0
    for members in result.assignment.values():
        assert {problem.by_id[m].skills for m in members} >= {LAW, pet}
    notes = explain(problem, result)
    assert "Every specialty is represented in the team." in notes["teams"]["1"]["notes"]


def test_unavailable_cadres_stay_home_and_are_named():
    problem = small_problem()
    for c in problem.candidates:
        if c.id == 17:
            c.available = False
    problem.window = "2026-03-02—2026-04-17"
    result = solve(problem, time_limit=5, workers=1)
    assert 17 not in {c for members in result.assignment.values() for c in members}
    general = explain(problem, result)["general"]
    assert any("Unavailable" in line and "组员17" in line for line in general)


def test_greedy_baseline_is_valid_and_never_better_than_the_optimum():
    rng = random.Random(7)
    skills = [FIN, AUD, DIS, LAW, frozenset()]
    candidates = [leader(i, released=rng.random() < 0.5) for i in range(1, 7)]
    candidates += [
        member(i, rng.choice(skills) | rng.choice(skills), released=rng.random() < 0.5)
        for i in range(10, 40)
    ]
    targets = {100 + j: Target(100 + j, f"单位{j}", rng.choice([None, 100, 900])) for j in range(6)}
    teams = [TeamSpec(k, f"第{k}组", (100 + 2 * k - 2, 100 + 2 * k - 1)) for k in (1, 2, 3)]
    pairs = {(10, 11): "旧组", (12, 13): "旧组", (10, 13): "旧组"}
    problem = Problem(teams, candidates, targets, rotation_pairs=pairs, min_size=4, max_size=6)
    best = solve(problem, time_limit=5, workers=1)
    base = greedy(problem)
    assert best.proven_optimal and base is not None
    assert violations(problem, base) == []
    assert base.objective == score(problem, base.assignment)["total"]
    assert best.objective <= base.objective


# --- Infeasible cases: each names what cannot be met -------------------------------------------


def test_no_eligible_leader_is_named_with_its_reasons():
    problem = small_problem()
    problem.candidates = [c for c in problem.candidates if c.id != 3]
    problem.candidates[0].available = False  # leader 1
    problem.blocked[(2, 102)] = [Block("Works at the target now", "Works at 区财政局.")]
    result = solve(problem, time_limit=5, workers=1)
    assert result.status == "infeasible" and not result.assignment
    text = " ".join(result.diagnosis)
    assert "第二巡察组 has no eligible leader: of 2 leaders" in text
    assert "unavailable for the stationing period" in text
    assert "blocked for 区财政局 (Works at the target now)" in text


def test_empty_leader_pool():
    problem = small_problem()
    problem.candidates = [c for c in problem.candidates if not c.leader_pool]
    result = solve(problem, time_limit=5, workers=1)
    assert any("the leader pool is empty" in line for line in result.diagnosis)


def test_teams_competing_for_one_leader():
    problem = small_problem()
    problem.candidates = [c for c in problem.candidates if c.id not in (2, 3)]
    result = solve(problem, time_limit=5, workers=1)
    assert result.status == "infeasible"
    assert any(
        "need 2 different leaders but only 1 leaders are eligible" in line
        for line in result.diagnosis
    )


def test_missing_expertise_for_a_team():
    problem = small_problem()
    problem.blocked[(11, 102)] = [Block("A close relative works at the target", "妻子在区财政局.")]
    problem.blocked[(12, 102)] = [Block("Works at the target now", "Works at 区财政局.")]
    problem.blocked[(17, 102)] = [Block("Works at the target now", "Works at 区财政局.")]
    result = solve(problem, time_limit=5, workers=1)
    assert result.status == "infeasible"
    line = next(d for d in result.diagnosis if d.startswith("No candidate with"))
    assert "Audit or Finance" in line and "第二巡察组" in line and "of 3 such candidates" in line


def test_expertise_nobody_has():
    problem = small_problem(expertise_groups=[frozenset({"petitions"})])
    result = solve(problem, time_limit=5, workers=1)
    assert any("the pools have no such candidate" in line for line in result.diagnosis)


def test_too_few_candidates_overall():
    problem = small_problem(min_size=6, max_size=7)
    result = solve(problem, time_limit=5, workers=1)
    assert any(
        "2 teams need at least 12 members but only 11 candidates are available" in line
        for line in result.diagnosis
    )


def test_minimum_size_impossible_for_one_team():
    problem = small_problem(min_size=4, max_size=5)
    for c in problem.candidates:
        if c.id not in (1, 11, 13):
            problem.blocked[(c.id, 101)] = [Block("Worked at the target recently", "…")]
    result = solve(problem, time_limit=5, workers=1)
    assert (
        "第一巡察组 needs at least 4 members but only 3 candidates are free to serve on it."
        in result.diagnosis
    )


def test_relaxation_names_the_families_that_clash():
    """Every pre-check passes, yet a team of at most two cannot hold a leader (who has no
    expertise), a finance member and a discipline member."""
    targets = {101: Target(101, "区农委")}
    teams = [TeamSpec(1, "第一巡察组", (101,))]
    candidates = [leader(1), member(11, FIN), member(13, DIS)]
    problem = Problem(teams, candidates, targets, min_size=2, max_size=2)
    assert precheck(problem) == []
    result = solve(problem, time_limit=5, workers=1)
    assert result.status == "infeasible"
    text = " ".join(result.diagnosis)
    assert "one leader from the leader pool" in text
    assert "the required expertise in every team" in text
    assert "at least 2 members" not in text
    lines = relaxation_diagnosis(problem, time_limit=2)
    assert len(lines) == 2


def test_no_teams():
    problem = Problem([], [leader(1)], {})
    result = solve(problem, time_limit=1, workers=1)
    assert result.status == "infeasible"
    assert "no teams" in result.diagnosis[0]
