"""Small matching problems for the tests, written as their JSON form (docs/matching.md)."""

from challenges.matching import Problem, parse_problem

PLACE = {"role": "reviewer", "requirement": "senior_manager", "count": 1}
MET = ["fully_qualified", "senior_manager", "trained"]


def challenge(id="c1", organisation="org-a", *, start="2026-03-03", end="2026-03-05", **more):
    return {
        "id": id,
        "organisation": organisation,
        "region": "north",
        "start": start,
        "end": end,
        "lines": ["governance"],
        "places": [dict(PLACE)],
        **more,
    }


def reviewer(id="r1", organisation="org-b", **more):
    return {
        "id": id,
        "organisation": organisation,
        "region": "north",
        "requirements_met": list(MET),
        "cap": 1,
        "lines": ["governance"],
        **more,
    }


def problem(challenges, reviewers, **more) -> Problem:
    return parse_problem({"challenges": challenges, "reviewers": reviewers, **more})
