"""The team matcher: plain Python with no Django import (docs/matching.md).

    from challenges.matching import parse_problem, solve, violations
    answer = solve(parse_problem(json.load(file)))

`rules` is the one rule engine (the matcher and the team form ask it); `validate` checks an
answer independently of both.
"""

from .problem import Answer, Assignment, Problem, ProblemError, parse_problem, problem_to_json
from .rules import Breach, RuleBook, candidate_breaches
from .solver import Options, relaxation_bound, solve
from .validate import Violation, violations

__all__ = [
    "Answer",
    "Assignment",
    "Breach",
    "Options",
    "Problem",
    "ProblemError",
    "RuleBook",
    "Violation",
    "candidate_breaches",
    "parse_problem",
    "problem_to_json",
    "relaxation_bound",
    "solve",
    "violations",
]
