"""`python -m challenges.matching solve PROBLEM.json > ANSWER.json`, and
`python -m challenges.matching validate PROBLEM.json ANSWER.json` (prints each violation of the
hard rules; exits 1 when there is one). A problem or answer that cannot be read is said in one
line on stderr, with its JSON path, and exits 2.
"""

import argparse
import json
import sys

from .problem import ProblemError, parse_answer_assignments, parse_problem
from .solver import Options, solve
from .validate import violations


def _read(path: str):
    try:
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except OSError as error:
        raise ProblemError("", f"{path}: cannot be read ({error.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ProblemError("", f"{path}: is not JSON ({error})") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m challenges.matching", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    solving = commands.add_parser("solve", help="propose teams; the answer goes to stdout")
    solving.add_argument("problem")
    solving.add_argument(
        "--polish-seconds",
        type=float,
        default=Options.polish_seconds,
        help="CP-SAT's deterministic time budget (default %(default)s; 0 skips the polish)",
    )
    checking = commands.add_parser("validate", help="count an answer's hard-rule violations")
    checking.add_argument("problem")
    checking.add_argument("answer")
    args = parser.parse_args(argv)
    try:
        problem = parse_problem(_read(args.problem))
        if args.command == "solve":
            if args.polish_seconds < 0:
                raise ProblemError("--polish-seconds", "must not be negative")
            answer = solve(problem, Options(polish_seconds=args.polish_seconds))
            json.dump(answer.to_json(), sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
            return 0
        assignments = parse_answer_assignments(_read(args.answer))
    except ProblemError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    found = [v for v in violations(problem, assignments) if v.proposal]
    for violation in found:
        print(f"{violation.rule}: {violation.detail}")
    print(f"{len(found)} violation(s) of the hard rules in {len(assignments)} assignment(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
