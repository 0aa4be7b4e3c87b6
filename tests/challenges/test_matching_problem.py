"""The matcher's JSON problem: read into dataclasses, written back the same, and every
mistake said with its JSON path (a ValueError), never a traceback."""

import pytest

from challenges.matching import ProblemError, parse_problem, problem_to_json
from challenges.matching.problem import Weights

from .matching import challenge, problem, reviewer


def test_problem_reads_every_field_and_writes_back_the_same():
    read = problem(
        [challenge(needs_fully_qualified=False)],
        [
            reviewer(away=[["2026-01-01", "2026-01-02"]], busy=[["2026-02-01", "2026-02-01"]]),
            reviewer("r2", conflicts=["org-c"], experience=3),
        ],
        weights={"region": -2, "experience_cap": 3},
        scores=[["r1", "c1", 4.5]],
        fixed=[["c1", "r2", "reviewer"]],
        excluded=[["r1", "c1"]],
        past_pairs=[["r1", "r2"]],
    )
    assert read.weights == Weights(region=-2.0, experience_cap=3)
    assert read.scores == {("r1", "c1"): 4.5}
    assert read.reviewer("r1").away[0].end.isoformat() == "2026-01-02"
    assert read.challenge("c1").needs_fully_qualified is False
    assert parse_problem(problem_to_json(read)) == read


def test_a_place_with_no_requirement_accepts_anyone():
    read = problem([challenge(places=[{"role": "reviewer", "count": 2}])], [])
    assert read.challenge("c1").places[0].requirement is None
    read = problem([challenge(places=[{"role": "lead", "requirement": "none", "count": 1}])], [])
    assert read.challenge("c1").places[0].requirement is None


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.pop("reviewers"), "reviewers: is missing"),
        (lambda d: d.update(challenges={}), "challenges: must be a list"),
        (lambda d: d["challenges"][0].update(start="3 March"), "challenges[0].start: '3 March'"),
        (lambda d: d["challenges"][0].update(end="2026-03-01"), "challenges[0].end: is before"),
        (
            lambda d: d["challenges"][0]["places"][0].update(count=0),
            "challenges[0].places[0].count: must be a whole number of at least 1",
        ),
        (
            lambda d: d["challenges"][0]["places"].append(dict(d["challenges"][0]["places"][0])),
            "challenges[0].places[1]: repeats a role and requirement",
        ),
        (lambda d: d["reviewers"][0].update(cap=-1), "reviewers[0].cap: must be a whole number"),
        (lambda d: d["reviewers"][0].update(cap=True), "reviewers[0].cap: must be a whole number"),
        (
            lambda d: d["reviewers"][0].update(away=[["2026-03-05", "2026-03-01"]]),
            "reviewers[0].away[0][1]: ends before it starts",
        ),
        (lambda d: d["reviewers"][0].update(away=["2026-03-05"]), "reviewers[0].away[0]: must be"),
        (lambda d: d["reviewers"][0].update(lines=[None]), "reviewers[0].lines[0]: must be"),
        (lambda d: d["reviewers"][0].update(colour="red"), "reviewers[0].colour: is not a field"),
        (lambda d: d["reviewers"].append(dict(d["reviewers"][0])), "reviewers[2].id: repeats"),
        (lambda d: d.update(weights={"expertise": -1}), "weights.expertise: must not be negative"),
        (lambda d: d.update(weights={"speed": 1}), "weights.speed: is not a field"),
        (lambda d: d.update(weights={"load": float("nan")}), "weights.load: must be a finite"),
        (lambda d: d.update(scores=[["r1", "c9", 1]]), "scores[0][1]: names no challenge"),
        (lambda d: d.update(scores=[["r1", "c1"]]), "scores[0]: must be a list"),
        (lambda d: d.update(fixed=[["c1", "r9", "reviewer"]]), "fixed[0][1]: names no reviewer"),
        (lambda d: d.update(fixed=[["c1", "r1", "lead"]]), "fixed[0][2]: challenge 'c1' has no"),
        (
            lambda d: d.update(fixed=[["c1", "r1", "reviewer"], ["c1", "r2", "reviewer"]]),
            "fixed: the confirmed 'reviewer' members of challenge 'c1' cannot",
        ),
        (lambda d: d.update(excluded=[["c1", "r1"]]), "excluded[0][0]: names no reviewer"),
        (lambda d: d.update(past_pairs=[["r1", "r1"]]), "past_pairs[0]: pairs a reviewer"),
    ],
)
def test_bad_input_is_refused_with_its_json_path(change, path):
    data = {"challenges": [challenge()], "reviewers": [reviewer(), reviewer("r2")]}
    change(data)
    with pytest.raises(ProblemError) as refused:
        parse_problem(data)
    assert isinstance(refused.value, ValueError)
    assert str(refused.value).startswith(path)


def test_anything_but_an_object_is_refused():
    with pytest.raises(ProblemError, match="must be an object"):
        parse_problem([1, 2])
