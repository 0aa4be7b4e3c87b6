"""`python -m challenges.matching solve|validate`: from a JSON file to an answer and back,
the same answer each run, and bad files said in one line."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SMALL = Path(__file__).with_name("small_problem.json")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "challenges.matching", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_solve_then_validate_round_trip(tmp_path):
    solved = run("solve", str(SMALL))
    assert solved.returncode == 0, solved.stderr
    answer = json.loads(solved.stdout)
    assert len(answer["assignments"]) == 6
    assert set(answer) >= {"assignments", "reasons", "unfilled", "objective", "bound", "seconds"}
    path = tmp_path / "answer.json"
    path.write_text(solved.stdout)
    checked = run("validate", str(SMALL), str(path))
    assert checked.returncode == 0
    assert checked.stdout.strip() == "0 violation(s) of the hard rules in 6 assignment(s)"


def test_the_command_answers_the_same_every_time():
    first, second = (
        json.loads(run("solve", str(SMALL)).stdout),
        json.loads(run("solve", str(SMALL)).stdout),
    )
    del first["seconds"], second["seconds"]
    assert first == second


def test_validate_prints_each_violation(tmp_path):
    path = tmp_path / "answer.json"
    # dee works for leeds-cc and is not fully qualified (nor anyone else on leeds's team); ana is
    # excluded from york.
    path.write_text(
        json.dumps({"assignments": [["leeds", "dee", "reviewer"], ["york", "ana", "lead"]]})
    )
    checked = run("validate", str(SMALL), str(path))
    assert checked.returncode == 1
    lines = checked.stdout.strip().splitlines()
    assert lines[-1] == "3 violation(s) of the hard rules in 2 assignment(s)"
    assert {line.split(":")[0] for line in lines[:-1]} == {
        "own_organisation",
        "excluded",
        "fully_qualified",
    }


def test_bad_files_are_said_in_one_line(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"challenges": [], "reviewers": [{"id": "r1"}]}')
    result = run("solve", str(broken))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: reviewers[0].organisation: is missing"
    broken.write_text("{not json")
    result = run("solve", str(broken))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ")
    assert "is not JSON" in result.stderr
    result = run("solve", str(tmp_path / "missing.json"))
    assert result.returncode == 2
    assert "cannot be read" in result.stderr
    result = run("validate", str(SMALL), str(broken))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
