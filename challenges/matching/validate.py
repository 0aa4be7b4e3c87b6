"""An independent check of an answer against the hard rules.

Written apart from the solver and from `rules.py` (it shares only the problem's dataclasses),
plainly and by brute force: every assignment against every other. The tests and the bench count
its violations, so a mistake in the rule engine or the solver does not hide itself.

Each violation is counted once: per proposed member for the rules about one person and one
challenge, per pair of assignments for a clash, per reviewer over their cap, per pair of
organisations reviewing each other, per team for its composition and for having no fully
qualified member. Violations among the fixed members alone are not the proposal's and are not
counted (they are returned with `proposal=False`).
"""

from dataclasses import dataclass
from itertools import combinations

from .problem import Assignment, Problem


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str
    # Whether a proposed (not fixed) member is part of it.
    proposal: bool = True


def _days(challenge):
    return (challenge.start, challenge.end)


def _overlap(a, b) -> bool:
    # Two closed ranges of days share a day.
    return not (a[1] < b[0] or b[1] < a[0])


def _matches(people, slots) -> bool:
    """Whether the people can take the slots one each, each meeting their slot's requirement:
    every way tried, by backtracking over the kinds of slot (teams are small)."""
    if len(people) > len(slots):
        return False
    free: dict = {}
    for requirement in slots:
        free[requirement] = free.get(requirement, 0) + 1

    def seat(i: int) -> bool:
        if i == len(people):
            return True
        for requirement, left in free.items():
            if left and (requirement is None or requirement in people[i].requirements_met):
                free[requirement] = left - 1
                if seat(i + 1):
                    return True
                free[requirement] = left
        return False

    return seat(0)


def violations(problem: Problem, proposals) -> list[Violation]:
    """Every hard-rule violation of `proposals` (assignments) together with the fixed members."""
    proposals = list(proposals)
    found: list[Violation] = []
    challenges = {c.id: c for c in problem.challenges}
    reviewers = {r.id: r for r in problem.reviewers}

    known = []
    for a in proposals:
        c, r = challenges.get(a.challenge), reviewers.get(a.reviewer)
        if c is None or r is None:
            found.append(Violation("unknown", f"{a}: no such challenge or reviewer"))
            continue
        known.append(a)
        if not any(p.role == a.role for p in c.places):
            found.append(Violation("no_place", f"{a}: no place for this role"))
        elif not any(
            p.role == a.role and (p.requirement is None or p.requirement in r.requirements_met)
            for p in c.places
        ):
            found.append(Violation("requirement", f"{a}: does not meet the requirement"))
        if r.organisation == c.organisation:
            found.append(Violation("own_organisation", f"{a}: reviews own organisation"))
        if c.organisation in r.conflicts:
            found.append(Violation("conflict", f"{a}: conflict of interest"))
        if (r.id, c.id) in problem.excluded:
            found.append(Violation("excluded", f"{a}: excluded from this challenge"))
        if c.from_organisations is not None and r.organisation not in c.from_organisations:
            found.append(Violation("delivering", f"{a}: not of an organisation planned for it"))
        for day_range in r.away:
            if _overlap((day_range.start, day_range.end), _days(c)):
                found.append(Violation("away", f"{a}: away on {day_range}"))
                break
        for day_range in r.busy:
            if _overlap((day_range.start, day_range.end), _days(c)):
                found.append(Violation("busy", f"{a}: busy on {day_range}"))
                break

    everyone = [(a, False) for a in problem.fixed] + [(a, True) for a in known]

    # One reviewer on the same challenge twice, or on two overlapping challenges.
    for (a, a_new), (b, b_new) in combinations(everyone, 2):
        if a.reviewer != b.reviewer:
            continue
        involved = a_new or b_new
        if a.challenge == b.challenge:
            found.append(Violation("same_team", f"{a} and {b}: twice on a team", involved))
        elif _overlap(_days(challenges[a.challenge]), _days(challenges[b.challenge])):
            found.append(Violation("clash", f"{a} and {b}: on-site days overlap", involved))

    # Caps: distinct challenges per reviewer.
    for r in problem.reviewers:
        mine = [(a, new) for a, new in everyone if a.reviewer == r.id]
        count = len({a.challenge for a, _new in mine})
        if count > r.cap:
            involved = any(new for _a, new in mine)
            found.append(Violation("cap", f"{r.id}: {count} challenges, cap {r.cap}", involved))

    # Reciprocal pairs of organisations.
    directions: dict = {}
    for a, new in everyone:
        key = (reviewers[a.reviewer].organisation, challenges[a.challenge].organisation)
        directions.setdefault(key, []).append(new)
    seen = set()
    for (giver, receiver), news in directions.items():
        if giver == receiver or (receiver, giver) not in directions:
            continue
        if (receiver, giver) in seen:
            continue  # each unordered pair once
        seen.add((giver, receiver))
        involved = any(news) or any(directions[receiver, giver])
        found.append(Violation("reciprocal", f"{giver} and {receiver} review each other", involved))

    # Teams: composition and a fully qualified member.
    for c in problem.challenges:
        members = [(a, new) for a, new in everyone if a.challenge == c.id]
        if not members:
            continue
        involved = any(new for _a, new in members)
        for role in sorted({a.role for a, _new in members}):
            slots = [p.requirement for p in c.places if p.role == role for _ in range(p.count)]
            people = [reviewers[a.reviewer] for a, _new in members if a.role == role]
            if slots and not _matches(people, slots):
                found.append(
                    Violation("places_full", f"{c.id}: more {role} members than places", involved)
                )
        if c.needs_fully_qualified and not any(
            "fully_qualified" in reviewers[a.reviewer].requirements_met for a, _new in members
        ):
            found.append(Violation("fully_qualified", f"{c.id}: nobody fully qualified", involved))
    return found


def count(problem: Problem, proposals) -> int:
    """How many violations the proposal is part of (fixed members' own ones not counted)."""
    return sum(1 for v in violations(problem, proposals) if v.proposal)


__all__ = ["Assignment", "Violation", "count", "violations"]
