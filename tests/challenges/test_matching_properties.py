"""Property-based tests (hypothesis) over random small problems: every proposal obeys every
hard rule, as the independent validator counts them; every place left open is explained (so a
problem with no feasible team gets an explanation, not a crash); and the rule engine, the
validator and the matcher's whole-problem shortcuts agree with one another."""

import datetime

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from challenges.matching import Assignment, Options, parse_problem, solve, solver, violations
from challenges.matching.costs import Preferences
from challenges.matching.rules import RULES, RuleBook

ORGANISATIONS = ["o1", "o2", "o3", "o4"]
REQUIREMENTS = ["director_level", "senior_manager", "trained"]
DAY = datetime.date(2026, 3, 2)
EXPLANATIONS = {*RULES, "pool", "unplaced"}

CHECKS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def day(offset: int) -> str:
    return (DAY + datetime.timedelta(days=offset)).isoformat()


def days(draw, most: int) -> list:
    ranges = []
    for _ in range(draw(st.sampled_from([0, 0, most]))):
        start = draw(st.integers(0, 24))
        ranges.append([day(start), day(start + draw(st.integers(0, 4)))])
    return ranges


@st.composite
def problems(draw) -> dict:
    # Few organisations and a busy pool, so that the rules between members often bite.
    organisations = ORGANISATIONS[: draw(st.integers(2, 3))]
    challenges = []
    for j in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, 6))
        places, seen = [], set()
        for _ in range(draw(st.integers(1, 3))):
            role = draw(st.sampled_from(["lead", "reviewer"]))
            requirement = draw(st.sampled_from(["none", "none", *REQUIREMENTS]))
            if (role, requirement) not in seen:
                seen.add((role, requirement))
                places.append(
                    {"role": role, "requirement": requirement, "count": draw(st.integers(1, 2))}
                )
        challenges.append(
            {
                "id": f"c{j}",
                "organisation": draw(st.sampled_from(organisations)),
                "region": draw(st.sampled_from(["north", "south"])),
                "start": day(start),
                "end": day(start + draw(st.integers(0, 3))),
                "lines": draw(st.lists(st.sampled_from(["l1", "l2", "l3"]), unique=True)),
                "places": places,
                "needs_fully_qualified": draw(st.sampled_from([True, True, False])),
            }
        )
    reviewers = []
    for i in range(draw(st.integers(0, 8))):
        reviewers.append(
            {
                "id": f"r{i}",
                "organisation": draw(st.sampled_from(organisations)),
                "region": draw(st.sampled_from(["north", "south"])),
                "requirements_met": [
                    *draw(st.lists(st.sampled_from(REQUIREMENTS), unique=True)),
                    *(["fully_qualified"] if draw(st.integers(0, 2)) == 0 else []),
                ],
                "cap": draw(st.sampled_from([0, 1, 2, 2, 2])),
                "away": days(draw, 1),
                "busy": days(draw, 1),
                "conflicts": draw(
                    st.lists(st.sampled_from(organisations), unique=True, max_size=2)
                ),
                "lines": draw(st.lists(st.sampled_from(["l1", "l2", "l3"]), unique=True)),
                "experience": draw(st.integers(0, 6)),
            }
        )
    fixed = []
    for c in challenges:
        on_team: set = set()
        for place in c["places"]:
            for _ in range(draw(st.integers(0, place["count"]))):
                fitting = [
                    r["id"]
                    for r in reviewers
                    if r["id"] not in on_team
                    and (
                        place["requirement"] == "none"
                        or place["requirement"] in r["requirements_met"]
                    )
                ]
                if fitting and draw(st.integers(0, 3)) == 0:
                    chosen = draw(st.sampled_from(fitting))
                    on_team.add(chosen)
                    fixed.append([c["id"], chosen, place["role"]])
    pairs = [(r["id"], c["id"]) for r in reviewers for c in challenges]
    data = {
        "challenges": challenges,
        "reviewers": reviewers,
        "weights": {
            "region": draw(st.sampled_from([-1.0, 0.0, 1.0])),
            "repeat": draw(st.sampled_from([0.0, 2.0])),
        },
        "fixed": fixed,
        "excluded": [list(p) for p in draw(st.lists(st.sampled_from(pairs), max_size=3))]
        if pairs
        else [],
    }
    if len(reviewers) >= 2:
        ids = [r["id"] for r in reviewers]
        data["past_pairs"] = [
            list(pair)
            for pair in draw(
                st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=4)
            )
            if pair[0] != pair[1]
        ]
    if pairs and draw(st.booleans()):
        data["scores"] = [
            [r, c, draw(st.integers(-3, 9))]
            for r, c in dict.fromkeys(draw(st.lists(st.sampled_from(pairs), max_size=4)))
        ]
    return data


@CHECKS
@given(problems())
def test_every_proposal_obeys_every_hard_rule_and_every_open_place_is_explained(data):
    read = parse_problem(data)
    answer = solve(read, Options(polish_seconds=0.5))
    assert [v for v in violations(read, answer.assignments) if v.proposal] == []
    assert RuleBook(read).solution_breaches(answer.assignments) == []
    assert answer.objective >= answer.bound - 1e-9
    filled: dict = {}
    for a in answer.assignments:
        filled[a.challenge, a.role] = filled.get((a.challenge, a.role), 0) + 1
    missing: dict = {}
    for unfilled in answer.unfilled:
        assert unfilled.blocking in EXPLANATIONS
        # Small problems are solved exactly: nobody who could come is left out.
        assert unfilled.blocking != "unplaced"
        assert unfilled.reason
        assert unfilled.missing >= 1
        key = unfilled.challenge, unfilled.role
        missing[key] = missing.get(key, 0) + unfilled.missing
    for c in read.challenges:
        for role in {p.role for p in c.places}:
            places = sum(p.count for p in c.places if p.role == role)
            confirmed = sum(1 for a in read.fixed if a.challenge == c.id and a.role == role)
            key = c.id, role
            assert confirmed + filled.get(key, 0) + missing.get(key, 0) == places
    assert len(answer.reasons) == len(answer.assignments)


@CHECKS
@given(problems(), st.data())
def test_the_rule_engine_and_the_independent_validator_agree(data, draw):
    read = parse_problem(data)
    options = [
        Assignment(c.id, r.id, role)
        for c in read.challenges
        for r in read.reviewers
        for role in sorted({p.role for p in c.places} | {"specialist"})
    ]
    proposals = draw.draw(st.lists(st.sampled_from(options), max_size=6)) if options else []
    engine = {breach.rule for _c, _m, breach in RuleBook(read).solution_breaches(proposals)}
    validator = {v.rule for v in violations(read, proposals) if v.proposal}
    assert engine == validator


@CHECKS
@given(problems())
def test_whole_problem_shortcuts_agree_with_the_one_candidate_questions(data):
    read = parse_problem(data)
    book = RuleBook(read)
    eligible = book.eligible()
    prefs = Preferences(read)
    pair_costs = prefs.pair_costs()
    for i, r in enumerate(read.reviewers):
        for j, c in enumerate(read.challenges):
            assert eligible[i, j] == (not book.breaches(r, c))
            assert pair_costs[i, j] == prefs.pair_cost(r, c)
    for c in read.challenges:
        for place in c.places:
            assert prefs.place_costs(place).tolist() == [
                prefs.place_cost(r, place) for r in read.reviewers
            ]


def test_a_problem_with_no_feasible_team_is_explained():
    data = {
        "challenges": [
            {
                "id": "c1",
                "organisation": "o1",
                "region": "north",
                "start": day(0),
                "end": day(2),
                "places": [{"role": "lead", "requirement": "director_level", "count": 1}],
            }
        ],
        "reviewers": [],
    }
    [unfilled] = solve(parse_problem(data)).unfilled
    assert unfilled.blocking == "pool"
    assert unfilled.reason == "The pool has no reviewers."


@CHECKS
@given(problems())
def test_the_repair_and_the_polish_each_keep_every_rule_on_their_own(data):
    # White-box: each stage's own answer, without the final guard that drops a breaking member.
    read = parse_problem(data)
    inst = solver._Instance(read)
    relaxation = solver.relax(inst)
    everything = np.arange(len(inst.arc_i))
    repaired, _rounds = solver._repair(inst, everything, 500, 50)
    assert [v for v in violations(read, solver._assignments(inst, repaired)) if v.proposal] == []
    # CP-SAT over the whole problem, hinted with the relaxation's choice (which may break the
    # rules between members), finds the best answer that does not.
    free = set(range(len(read.challenges)))
    found, status, _used = solver._subsolve(
        inst, everything.tolist(), relaxation.chosen, free, 1.0, 30.0, Options()
    )
    assert status == "OPTIMAL"
    assert [v for v in violations(read, solver._assignments(inst, found)) if v.proposal] == []
    assert inst.objective(found) <= inst.objective(repaired)
