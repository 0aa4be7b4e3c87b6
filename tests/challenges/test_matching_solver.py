"""The matcher's answers: preferences weighed, confirmed members respected, a pool too small
reported by role, reasons for each choice, and the same answer every time."""

import json
from pathlib import Path

from challenges.matching import Assignment, Options, parse_problem, solve, violations

from .matching import MET, challenge, problem, reviewer

SMALL = Path(__file__).with_name("small_problem.json")
LEAD = {"role": "lead", "requirement": "director_level", "count": 1}
TWO = {"role": "reviewer", "requirement": "senior_manager", "count": 2}


def answer_without_time(answer) -> dict:
    data = answer.to_json()
    del data["seconds"]
    return data


def test_the_small_problem_is_solved_within_every_rule():
    read = parse_problem(json.loads(SMALL.read_text()))
    answer = solve(read)
    assert len(answer.assignments) == 6
    assert answer.unfilled == ()
    assert violations(read, answer.assignments) == []
    assert answer.bound <= answer.objective
    assert len(answer.reasons) == len(answer.assignments)
    assert all(
        {r.code for r in reasons} == {"expertise", "region", "experience", "load", "repeat"}
        for reasons in answer.reasons
    )


def test_the_same_problem_gets_the_same_answer():
    read = parse_problem(json.loads(SMALL.read_text()))
    first = answer_without_time(solve(read))
    assert answer_without_time(solve(read)) == first
    assert answer_without_time(solve(parse_problem(json.loads(SMALL.read_text())))) == first


def test_expertise_in_the_key_lines_is_preferred():
    read = problem(
        [challenge(lines=["governance", "out-of-court"])],
        [reviewer("r1", lines=["custody"]), reviewer("r2", lines=["out-of-court", "governance"])],
    )
    answer = solve(read)
    assert answer.assignments == (Assignment("c1", "r2", "reviewer"),)
    [reasons] = answer.reasons
    assert reasons[0].text == "Knows 2 of the 2 key lines of enquiry: governance, out-of-court."


def test_region_same_or_away_as_the_programme_prefers():
    people = [reviewer("near", region="north"), reviewer("far", region="south")]
    assert solve(problem([challenge()], people)).assignments[0].reviewer == "near"
    away = problem([challenge()], people, weights={"region": -1})
    assert solve(away).assignments[0].reviewer == "far"


def test_load_is_spread():
    # Two challenges months apart; one person could do both, two people one each.
    read = problem(
        [challenge("c1", "org-a"), challenge("c2", "org-c", start="2026-09-01", end="2026-09-03")],
        [reviewer("busy", cap=2), reviewer("free", lines=[])],
        weights={"load": 5},
    )
    answer = solve(read)
    assert {a.reviewer for a in answer.assignments} == {"busy", "free"}


def test_the_lead_place_favours_experience_and_others_newer_reviewers():
    read = problem(
        [challenge(places=[{"role": "lead", "count": 1}, {"role": "reviewer", "count": 1}])],
        [reviewer("old", experience=5), reviewer("young", experience=0)],
    )
    assert set(solve(read).assignments) == {
        Assignment("c1", "old", "lead"),
        Assignment("c1", "young", "reviewer"),
    }


def test_repeat_pairings_are_avoided_when_they_can_be():
    read = problem(
        [challenge(places=[TWO])],
        [reviewer("a"), reviewer("b"), reviewer("c", lines=[])],
        past_pairs=[["a", "b"]],
        weights={"repeat": 5},
    )
    chosen = {a.reviewer for a in solve(read).assignments}
    assert chosen in ({"a", "c"}, {"b", "c"})


def test_scores_replace_the_computed_preferences():
    read = problem(
        [challenge()],
        [reviewer("expert"), reviewer("scored", lines=[], region="south")],
        scores=[["scored", "c1", 9], ["expert", "c1", 1]],
    )
    answer = solve(read)
    assert answer.assignments == (Assignment("c1", "scored", "reviewer"),)
    assert answer.reasons[0][0].code == "score"
    assert "scored this pairing 9" in answer.reasons[0][0].text


def test_confirmed_members_keep_their_places_and_count():
    read = problem(
        [challenge(places=[LEAD, TWO])],
        [
            reviewer("lead", requirements_met=[*MET, "director_level"]),
            reviewer("r1", requirements_met=["senior_manager"]),
            reviewer("r2", requirements_met=["senior_manager"]),
        ],
        fixed=[["c1", "lead", "lead"]],
    )
    answer = solve(read)
    # The lead is fully qualified, so the rest of the team need not be.
    assert set(answer.assignments) == {
        Assignment("c1", "r1", "reviewer"),
        Assignment("c1", "r2", "reviewer"),
    }
    assert violations(read, answer.assignments) == []


def test_a_pool_too_small_gets_its_shortfall_per_role():
    read = problem(
        [challenge(f"c{n}", f"org-{n}", places=[LEAD, TWO]) for n in range(3)],
        [
            reviewer("d1", "org-x", requirements_met=[*MET, "director_level"]),
            *(reviewer(f"s{n}", "org-x", cap=2) for n in range(2)),
        ],
    )
    answer = solve(read)
    shortfall = {(s.role, s.requirement): s for s in answer.shortfall}
    assert shortfall["lead", "director_level"].shortfall == 2
    assert shortfall["reviewer", "senior_manager"].capacity == 5  # d1 meets it too
    assert shortfall["reviewer", "senior_manager"].shortfall == 1
    assert sum(u.missing for u in answer.unfilled) == 9 - len(answer.assignments)
    assert all(u.reason for u in answer.unfilled)
    assert violations(read, answer.assignments) == []


def test_without_the_polish_the_flow_and_repair_still_obey_every_rule():
    read = parse_problem(json.loads(SMALL.read_text()))
    answer = solve(read, Options(polish_seconds=0))
    assert violations(read, answer.assignments) == []
    assert "CP-SAT" not in answer.method


def test_an_empty_problem():
    answer = solve(problem([], []))
    assert answer.to_json()["assignments"] == []
    assert answer.objective == answer.bound == 0
