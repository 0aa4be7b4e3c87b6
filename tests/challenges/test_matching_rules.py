"""Each hard rule, through the rule engine (what the team form will ask) and through the
matcher: a tiny problem whose only candidate breaks the rule leaves the place open, naming
that rule, with the engine's reason in words."""

import pytest

from challenges.matching import Assignment, candidate_breaches, solve, violations
from challenges.matching.rules import RULE_TEXT, RULES, RuleBook

from .matching import MET, challenge, problem, reviewer

LATER = {"start": "2026-06-02", "end": "2026-06-04"}  # no overlap with the default dates


def only_candidate_breaking(rule: str):
    """A problem (challenge c1, one reviewer place) whose only candidate, r1, breaks `rule`."""
    if rule == "own_organisation":
        return problem([challenge()], [reviewer(organisation="org-a")])
    if rule == "conflict":
        return problem([challenge()], [reviewer(conflicts=["org-a"])])
    if rule == "excluded":
        return problem([challenge()], [reviewer()], excluded=[["r1", "c1"]])
    if rule == "requirement":
        return problem([challenge()], [reviewer(requirements_met=["fully_qualified", "trained"])])
    if rule == "away":
        return problem([challenge()], [reviewer(away=[["2026-03-05", "2026-03-09"]])])
    if rule == "busy":
        return problem([challenge()], [reviewer(busy=[["2026-02-20", "2026-03-03"]])])
    if rule == "clash":  # confirmed on c0, whose on-site days overlap c1's
        return problem(
            [challenge("c0", "org-c", start="2026-03-05", end="2026-03-06"), challenge()],
            [reviewer(cap=2)],
            fixed=[["c0", "r1", "reviewer"]],
        )
    if rule == "cap":  # confirmed on c0, months later, with a cap of 1
        return problem(
            [challenge("c0", "org-c", **LATER), challenge()],
            [reviewer(cap=1)],
            fixed=[["c0", "r1", "reviewer"]],
        )
    if rule == "reciprocal":  # org-a's s1 is confirmed on org-b's c0
        return problem(
            [challenge("c0", "org-b", **LATER), challenge()],
            [reviewer(), reviewer("s1", "org-a")],
            fixed=[["c0", "s1", "reviewer"]],
        )
    if rule == "same_team":  # r1 already leads c1; the reviewer place is open
        places = [
            {"role": "lead", "count": 1},
            {"role": "reviewer", "requirement": "senior_manager", "count": 1},
        ]
        return problem([challenge(places=places)], [reviewer()], fixed=[["c1", "r1", "lead"]])
    if rule == "fully_qualified":
        return problem([challenge()], [reviewer(requirements_met=["senior_manager"])])
    raise AssertionError(rule)


MATCHER_RULES = [
    "own_organisation",
    "conflict",
    "excluded",
    "requirement",
    "away",
    "busy",
    "clash",
    "cap",
    "reciprocal",
    "same_team",
    "fully_qualified",
]


@pytest.mark.parametrize("rule", MATCHER_RULES)
def test_the_rule_engine_refuses_the_candidate_and_says_why(rule):
    found = candidate_breaches(only_candidate_breaking(rule), "r1", "c1", "reviewer")
    assert [breach.rule for breach in found] == [rule]
    assert found[0].reason.endswith(".")
    assert len(found[0].reason) > 15


@pytest.mark.parametrize("rule", MATCHER_RULES)
def test_the_matcher_leaves_the_place_open_and_names_the_rule(rule):
    read = only_candidate_breaking(rule)
    answer = solve(read)
    assert answer.assignments == ()
    [unfilled] = answer.unfilled
    assert (unfilled.challenge, unfilled.role, unfilled.missing) == ("c1", "reviewer", 1)
    assert unfilled.blocking == rule
    assert dict(unfilled.excluded)[rule] >= 1
    assert RULE_TEXT[rule] in unfilled.reason


def test_without_the_rule_the_same_candidate_is_proposed():
    answer = solve(problem([challenge()], [reviewer()]))
    assert answer.assignments == (Assignment("c1", "r1", "reviewer"),)
    assert answer.unfilled == ()


def test_a_place_and_a_role_the_team_does_not_have():
    read = problem([challenge()], [reviewer(), reviewer("r2")], fixed=[["c1", "r2", "reviewer"]])
    assert [b.rule for b in candidate_breaches(read, "r1", "c1", "reviewer")] == ["places_full"]
    assert [b.rule for b in candidate_breaches(read, "r1", "c1", "lead")] == ["no_place"]
    assert [b.rule for b in candidate_breaches(read, "r9", "c1", "lead")] == ["unknown"]
    # The matcher has no open place to fill.
    assert solve(read).unfilled == ()


def test_the_matcher_never_puts_one_person_on_two_overlapping_challenges():
    read = problem(
        [challenge("c1", "org-a"), challenge("c2", "org-c", start="2026-03-04", end="2026-03-04")],
        [reviewer(cap=2)],
    )
    answer = solve(read)
    assert len(answer.assignments) == 1
    [unfilled] = answer.unfilled
    assert unfilled.blocking == "clash"
    assert violations(read, answer.assignments) == []


def test_the_matcher_keeps_to_the_cap_across_its_own_proposals():
    read = problem([challenge("c1", "org-a"), challenge("c2", "org-c", **LATER)], [reviewer()])
    answer = solve(read)
    assert len(answer.assignments) == 1
    assert answer.unfilled[0].blocking == "cap"


def test_the_matcher_makes_no_reciprocal_pair_of_its_own():
    # Each organisation's challenge has only the other's reviewer as a candidate.
    read = problem(
        [challenge("c1", "org-a"), challenge("c2", "org-b", **LATER)],
        [reviewer("r1", "org-b"), reviewer("r2", "org-a")],
    )
    answer = solve(read)
    assert len(answer.assignments) == 1
    [unfilled] = answer.unfilled
    assert unfilled.blocking == "reciprocal"
    candidate = "r1" if unfilled.challenge == "c1" else "r2"
    [breach] = candidate_breaches(
        read, candidate, unfilled.challenge, "reviewer", answer.assignments
    )
    assert breach.rule == "reciprocal"
    assert "review each other in the same cycle" in breach.reason


def test_a_team_gets_its_fully_qualified_member_even_when_dearer():
    places = [{"role": "reviewer", "requirement": "senior_manager", "count": 2}]
    read = problem(
        [challenge(places=places)],
        [
            reviewer("new1", requirements_met=["senior_manager"]),
            reviewer("new2", requirements_met=["senior_manager"]),
            reviewer("old", lines=[], region="south"),  # fully qualified, a worse fit
        ],
    )
    answer = solve(read)
    assert len(answer.assignments) == 2
    assert "old" in {a.reviewer for a in answer.assignments}


def test_the_team_form_refuses_the_last_place_to_a_team_with_nobody_fully_qualified():
    places = [{"role": "reviewer", "requirement": "senior_manager", "count": 2}]
    read = problem(
        [challenge(places=places)],
        [
            reviewer("new1", requirements_met=["senior_manager"]),
            reviewer("new2", requirements_met=["senior_manager"]),
        ],
    )
    # The first may join a team still being built; the second would complete it.
    assert candidate_breaches(read, "new1", "c1", "reviewer") == []
    others = [Assignment("c1", "new1", "reviewer")]
    assert [b.rule for b in candidate_breaches(read, "new2", "c1", "reviewer", others)] == [
        "fully_qualified"
    ]
    # As a whole team, the same two break it.
    book = RuleBook(read)
    proposal = [*others, Assignment("c1", "new2", "reviewer")]
    assert [b.rule for _c, _m, b in book.solution_breaches(proposal)] == ["fully_qualified"]


def test_a_challenge_that_does_not_need_a_fully_qualified_member():
    read = problem(
        [challenge(needs_fully_qualified=False)], [reviewer(requirements_met=["senior_manager"])]
    )
    assert len(solve(read).assignments) == 1


def test_the_engine_reports_every_rule_a_candidate_breaks_at_once():
    read = problem(
        [challenge()],
        [reviewer(organisation="org-a", conflicts=["org-a"], away=[["2026-03-03", "2026-03-03"]])],
        excluded=[["r1", "c1"]],
    )
    assert [b.rule for b in candidate_breaches(read, "r1", "c1", "reviewer")] == [
        "own_organisation",
        "conflict",
        "excluded",
        "away",
    ]


def test_unfilled_places_count_what_each_rule_keeps_out():
    read = problem(
        [challenge()],
        [
            reviewer("r1", organisation="org-a"),
            reviewer("r2", organisation="org-a", away=[["2026-03-04", "2026-03-04"]]),
            reviewer("r3", requirements_met=list(MET[:1])),
        ],
    )
    [unfilled] = solve(read).unfilled
    assert dict(unfilled.excluded) == {"own_organisation": 2, "requirement": 1, "away": 1}
    # Own organisation keeps out one person on its own, as does the requirement; the tie goes
    # to the rule that keeps out more of the pool in all.
    assert unfilled.blocking == "own_organisation"
    assert "2 of the 3 reviewers" in unfilled.reason


def test_every_rule_has_words():
    assert set(RULE_TEXT) == set(RULES)
