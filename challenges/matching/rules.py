"""The hard rules of a team, in one place: the matcher filters its candidates with them and
explains its unfilled places with them, and the manual team form will ask the same questions.

`candidate_breaches(problem, reviewer, challenge, role, others)` says which rules one
candidate breaks, each as a `Breach` with a rule code and a reason in plain words. The other
members in force are the problem's `fixed` ones plus `others` (the rest of a proposal, or the
team being built by hand). `RuleBook` does the same for many questions on one problem, and
checks whole teams (`team_breaches`) and proposals (`solution_breaches`).

The rules (codes in RULES order):

- `no_place`: the challenge has no place in this role;
- `own_organisation`: nobody reviews their own organisation;
- `conflict`: nor an organisation they declared a conflict with (the export adds employers
  left within CONFLICT_PREVIOUS_EMPLOYER_YEARS to `conflicts`);
- `excluded`: nor a challenge they declined, or were taken off by the coordinator;
- `delivering`: nor a challenge a cycle plan gives to other organisations' people
  (`from_organisations`);
- `requirement`: they meet the place's requirement;
- `away`, `busy`: they are free on every on-site day;
- `clash`: and on no other challenge whose on-site days overlap;
- `same_team`: once on a team;
- `cap`: under their cap of challenges in the cycle;
- `reciprocal`: no reciprocal pair of organisations in the cycle (A's people on B's team while
  B's people are on A's);
- `places_full`: no more members in a role than the team has places for;
- `fully_qualified`: at least one fully qualified member on the team (when the challenge
  needs it). A team built by hand passes through states without one, so a candidate breaks it
  only by taking the team's last place; a whole team (`team_breaches`, and every proposal of
  the matcher) breaks it as soon as it has members and none is fully qualified.

Pool membership (an accepted member of the programme's pool) is the export's rule: only pool
members are reviewers of a problem.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .problem import Assignment, Challenge, Id, Problem, Reviewer, fits_places

RULES = (
    "unknown",
    "no_place",
    "own_organisation",
    "conflict",
    "excluded",
    "delivering",
    "requirement",
    "away",
    "busy",
    "clash",
    "same_team",
    "cap",
    "reciprocal",
    "places_full",
    "fully_qualified",
)

# What each rule asks, in plain words (for a list of rules, or a place no one can fill).
RULE_TEXT = {
    "unknown": "The reviewer and the challenge must be part of the problem.",
    "no_place": "The team must have a place in that role.",
    "own_organisation": "Nobody reviews their own organisation.",
    "conflict": "Nobody reviews an organisation they have a conflict of interest with.",
    "excluded": "Nobody is proposed for a challenge they declined or were taken off.",
    "delivering": "A challenge the cycle plan gives to an organisation is reviewed by its people.",
    "requirement": "Each member meets their place's requirement.",
    "away": "Members are not away on any on-site day.",
    "busy": "Members are not busy elsewhere on any on-site day.",
    "clash": "Nobody is on two challenges whose on-site days overlap.",
    "same_team": "Nobody takes two places on one team.",
    "cap": "Nobody goes over their cap of challenges in the cycle.",
    "reciprocal": "No two organisations review each other in the same cycle.",
    "places_full": "A team has no more members in a role than it has places.",
    "fully_qualified": "Every team has at least one fully qualified member.",
}


@dataclass(frozen=True)
class Breach:
    rule: str
    reason: str


def _name(value: Id, names: dict | None = None) -> str:
    return (names or {}).get(value, str(value))


class Team:
    """Who is on which challenge: a problem's fixed members plus a proposal, indexed."""

    def __init__(self, problem: Problem, assignments: Iterable[Assignment]) -> None:
        self.by_reviewer: dict[Id, list[Assignment]] = defaultdict(list)
        self.by_challenge: dict[Id, list[Assignment]] = defaultdict(list)
        # (reviewer's organisation, receiving organisation) -> assignments
        self.directions: dict[tuple[Id, Id], list[Assignment]] = defaultdict(list)
        self.assignments: list[Assignment] = []
        for assignment in assignments:
            reviewer = problem.reviewer(assignment.reviewer)
            challenge = problem.challenge(assignment.challenge)
            if reviewer is None or challenge is None:
                continue
            self.assignments.append(assignment)
            self.by_reviewer[assignment.reviewer].append(assignment)
            self.by_challenge[assignment.challenge].append(assignment)
            self.directions[reviewer.organisation, challenge.organisation].append(assignment)


class RuleBook:
    """The hard rules asked of one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.fixed = Team(problem, problem.fixed)
        self.orgs = problem.names.get("organisations", {})
        self.challenge_names = problem.names.get("challenges", {})

    def org(self, organisation: Id) -> str:
        return _name(organisation, self.orgs)

    def challenge_name(self, challenge: Id) -> str:
        return _name(challenge, self.challenge_names)

    def team(self, proposals: Iterable[Assignment] = ()) -> Team:
        """The problem's fixed members with `proposals` added."""
        return Team(self.problem, [*self.problem.fixed, *proposals])

    def eligible(self) -> np.ndarray:
        """For every (reviewer, challenge) of the problem, in their order, whether `breaches`
        with no role and the fixed members finds nothing: the same rules, asked of the whole
        problem at once (the matcher's candidates). The tests hold the two to each other."""
        problem = self.problem
        reviewers, challenges = problem.reviewers, problem.challenges
        orgs: dict = {}
        r_org = np.asarray([orgs.setdefault(r.organisation, len(orgs)) for r in reviewers])
        c_org = np.asarray([orgs.setdefault(c.organisation, len(orgs)) for c in challenges])
        starts = np.asarray([c.start.toordinal() for c in challenges], dtype=np.int64)
        ends = np.asarray([c.end.toordinal() for c in challenges], dtype=np.int64)
        ok = np.ones((len(reviewers), len(challenges)), dtype=bool)
        if not len(reviewers) or not len(challenges):
            return ok
        ok &= r_org[:, None] != c_org[None, :]
        challenges_of_org = defaultdict(list)
        for j, c in enumerate(challenges):
            challenges_of_org[c.organisation].append(j)
        reviewers_of_org = defaultdict(list)
        for i, r in enumerate(reviewers):
            reviewers_of_org[r.organisation].append(i)
        r_index = {r.id: i for i, r in enumerate(reviewers)}
        c_index = {c.id: j for j, c in enumerate(challenges)}
        for i, r in enumerate(reviewers):
            for org in r.conflicts:
                if org in challenges_of_org:
                    ok[i, challenges_of_org[org]] = False
            for day_range in (*r.away, *r.busy):
                ok[
                    i, (starts <= day_range.end.toordinal()) & (day_range.start.toordinal() <= ends)
                ] = False
        for j, c in enumerate(challenges):
            if c.from_organisations is not None:
                ok[:, j] &= np.asarray(
                    [r.organisation in c.from_organisations for r in reviewers], dtype=bool
                )
        for reviewer_id, challenge_id in problem.excluded:
            if reviewer_id in r_index and challenge_id in c_index:
                ok[r_index[reviewer_id], c_index[challenge_id]] = False
        for reviewer_id, mine in self.fixed.by_reviewer.items():
            i = r_index[reviewer_id]
            taken = {a.challenge for a in mine}
            if len(taken) >= reviewers[i].cap:
                ok[i, :] = False
            for challenge_id in taken:
                j = c_index[challenge_id]
                ok[i, (starts <= ends[j]) & (starts[j] <= ends)] = False  # itself included
        for i, r in enumerate(reviewers):
            if r.cap <= 0:
                ok[i, :] = False
        for giver, receiver in self.fixed.directions:
            if giver != receiver and receiver in reviewers_of_org and giver in challenges_of_org:
                ok[np.ix_(reviewers_of_org[receiver], challenges_of_org[giver])] = False
        return ok

    def breaches(
        self,
        reviewer: Reviewer,
        challenge: Challenge,
        role: str | None = None,
        team: Team | None = None,
        *,
        inside: bool = False,
    ) -> list[Breach]:
        """The rules that putting `reviewer` on `challenge` in `role` breaks, given the members
        in `team` (the fixed ones when None). With `role` None, only the rules that do not
        depend on the place. `inside`: the candidate is itself one of the team's entries."""
        team = self.fixed if team is None else team
        problem = self.problem
        out: list[Breach] = []
        if reviewer.organisation == challenge.organisation:
            out.append(
                Breach(
                    "own_organisation",
                    f"Works for {self.org(reviewer.organisation)}, the organisation "
                    "receiving this challenge.",
                )
            )
        if challenge.organisation in reviewer.conflicts:
            out.append(
                Breach(
                    "conflict",
                    f"Has a conflict of interest with {self.org(challenge.organisation)}.",
                )
            )
        if (reviewer.id, challenge.id) in problem.excluded:
            out.append(
                Breach("excluded", "Declined this challenge, or was taken off it by a coordinator.")
            )
        if (
            challenge.from_organisations is not None
            and reviewer.organisation not in challenge.from_organisations
        ):
            out.append(
                Breach(
                    "delivering",
                    "The cycle plan has this challenge reviewed by "
                    + " or ".join(sorted(self.org(o) for o in challenge.from_organisations))
                    + "'s people.",
                )
            )
        start, end = challenge.start, challenge.end
        away = [r for r in reviewer.away if r.start <= end and start <= r.end]
        if away:
            out.append(
                Breach(
                    "away",
                    f"Is away ({', '.join(map(str, away))}) during the on-site days "
                    f"({challenge.on_site}).",
                )
            )
        busy = [r for r in reviewer.busy if r.start <= end and start <= r.end]
        if busy:
            out.append(
                Breach(
                    "busy",
                    f"Is busy elsewhere ({', '.join(map(str, busy))}) during the on-site days "
                    f"({challenge.on_site}).",
                )
            )
        mine = team.by_reviewer.get(reviewer.id, ())
        if mine:
            here = sum(1 for a in mine if a.challenge == challenge.id) - (1 if inside else 0)
            if here > 0:
                out.append(Breach("same_team", "Is already on this team."))
            clashes = []
            elsewhere = set()
            for a in mine:
                if a.challenge == challenge.id:
                    continue
                elsewhere.add(a.challenge)
                other = problem.challenge(a.challenge)
                if other.start <= end and start <= other.end:
                    clashes.append(other)
            if clashes:
                out.append(
                    Breach(
                        "clash",
                        "Is on "
                        + ", ".join(
                            f"challenge {self.challenge_name(c.id)} ({c.on_site})" for c in clashes
                        )
                        + f", which overlaps the on-site days ({challenge.on_site}).",
                    )
                )
            if len(elsewhere) >= reviewer.cap:
                out.append(
                    Breach(
                        "cap",
                        f"Is already on {len(elsewhere)} challenge(s) this cycle, their cap "
                        f"of {reviewer.cap}.",
                    )
                )
        elif reviewer.cap <= 0:
            out.append(Breach("cap", "Takes no challenges this cycle (a cap of 0)."))
        if reviewer.organisation != challenge.organisation:
            back = team.directions.get((challenge.organisation, reviewer.organisation))
            if back:
                out.append(
                    Breach(
                        "reciprocal",
                        f"{self.org(challenge.organisation)}'s people are on the team "
                        f"reviewing {self.org(reviewer.organisation)} "
                        f"(challenge {self.challenge_name(back[0].challenge)}), "
                        "so the two would review each other in the same cycle.",
                    )
                )
        if role is not None:
            out.extend(self._place_breaches(reviewer, challenge, role, team, inside=inside))
        return out

    def _place_breaches(
        self, reviewer: Reviewer, challenge: Challenge, role: str, team: Team, *, inside: bool
    ) -> list[Breach]:
        places = [place for place in challenge.places if place.role == role]
        if not places:
            return [Breach("no_place", f"The team has no place for the role {role!r}.")]
        out = []
        if not any(place.accepts(reviewer) for place in places):
            wanted = " or ".join(sorted(str(p.requirement) for p in places))
            return [Breach("requirement", f"Does not meet the place's requirement ({wanted}).")]
        members = self._others(challenge, reviewer, team, inside=inside)
        same_role = [self.problem.reviewer(a.reviewer) for a in members if a.role == role]
        if not fits_places([*same_role, reviewer], places):
            out.append(Breach("places_full", f"Every {role!r} place on the team is taken."))
        if (
            challenge.needs_fully_qualified
            and not reviewer.fully_qualified
            and len(members) + 1 >= challenge.size
            and not any(self.problem.reviewer(a.reviewer).fully_qualified for a in members)
        ):
            out.append(
                Breach(
                    "fully_qualified",
                    "Would take the team's last place, and nobody on the team would be fully "
                    "qualified.",
                )
            )
        return out

    def _others(
        self, challenge: Challenge, reviewer: Reviewer, team: Team, *, inside: bool
    ) -> list[Assignment]:
        members = list(team.by_challenge.get(challenge.id, ()))
        if inside:
            for i, a in enumerate(members):
                if a.reviewer == reviewer.id:
                    del members[i]
                    break
        return members

    def team_breaches(self, challenge: Challenge, team: Team) -> list[Breach]:
        """The rules the whole team on `challenge` breaks: more members in a role than places,
        or members and none fully qualified."""
        members = team.by_challenge.get(challenge.id, ())
        out = []
        roles = {a.role for a in members}
        for role in sorted(roles):
            places = [place for place in challenge.places if place.role == role]
            holders = [self.problem.reviewer(a.reviewer) for a in members if a.role == role]
            if places and not fits_places(holders, places):
                out.append(
                    Breach(
                        "places_full",
                        f"The team has more {role!r} members than places they can fill.",
                    )
                )
        if (
            members
            and challenge.needs_fully_qualified
            and not any(self.problem.reviewer(a.reviewer).fully_qualified for a in members)
        ):
            out.append(Breach("fully_qualified", "Nobody on the team is fully qualified."))
        return out

    def solution_breaches(
        self, proposals: Iterable[Assignment]
    ) -> list[tuple[Id, Assignment | None, Breach]]:
        """Every rule a proposal (with the fixed members) breaks, as (challenge, member,
        breach): per proposed member, then per team with a proposed member (member None)."""
        proposals = list(proposals)
        team = self.team(proposals)
        out: list[tuple[Id, Assignment | None, Breach]] = []
        for assignment in proposals:
            reviewer = self.problem.reviewer(assignment.reviewer)
            challenge = self.problem.challenge(assignment.challenge)
            if reviewer is None or challenge is None:
                breach = Breach("unknown", "Names no reviewer or challenge of the problem.")
                out.append((assignment.challenge, assignment, breach))
                continue
            for breach in self.breaches(reviewer, challenge, assignment.role, team, inside=True):
                if breach.rule not in ("fully_qualified", "places_full"):  # whole-team rules
                    out.append((challenge.id, assignment, breach))
        for challenge_id in dict.fromkeys(a.challenge for a in proposals):
            challenge = self.problem.challenge(challenge_id)
            if challenge is not None:
                out.extend(
                    (challenge.id, None, breach) for breach in self.team_breaches(challenge, team)
                )
        return out


def candidate_breaches(
    problem: Problem,
    reviewer_id: Id,
    challenge_id: Id,
    role: str,
    others: Iterable[Assignment] = (),
) -> list[Breach]:
    """The hard rules that putting the reviewer on the challenge in `role` breaks, alongside the
    problem's fixed members and `others`. An empty list: the candidate may take the place."""
    reviewer = problem.reviewer(reviewer_id)
    challenge = problem.challenge(challenge_id)
    if reviewer is None or challenge is None:
        return [Breach("unknown", "Names no reviewer or challenge of the problem.")]
    book = RuleBook(problem)
    candidate = Assignment(challenge_id, reviewer_id, role)
    others = [a for a in others if a != candidate]
    fixed_self = candidate in problem.fixed
    return book.breaches(reviewer, challenge, role, book.team(others), inside=fixed_self)
