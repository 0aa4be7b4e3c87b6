"""The soft preferences: what each choice costs, in whole units (SCALE per unit of weight),
and the same figures in words for the page (`reasons`).

Each preference is a misfit between 0 (a perfect fit) and 1 times its weight:

- expertise: the share of the challenge's key lines of enquiry the reviewer does not know;
- region: from another region (or, with a negative `region` weight, from the same region);
- experience: lead places (lead, co-lead) prefer completed reviews, up to `experience_cap`;
  the other places lean, at half the weight, towards newer reviewers, so that each team mixes
  the two;
- load: the k-th challenge of a reviewer this cycle (counting confirmed ones) costs
  `load x (k - 1)`, which spreads the work (a convex cost, exact in a min-cost flow);
- repeat: each pair of members who have been on a team together before;
- unfilled: each place left empty.

With `scores`, the programme's score replaces expertise, region and experience: a pairing
costs `score x (best - its score)`, where best is the highest score given (or 0 when higher)
and a pairing without a score counts as 0. Load, repeat pairings and unfilled places still
count.
"""

from collections import defaultdict

import numpy as np

from .problem import LEAD_ROLES, Challenge, Id, Place, Problem, Reason, Reviewer

SCALE = 1000


def units(value: float) -> int:
    return round(value * SCALE)


class Preferences:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.weights = weights = problem.weights
        self.scores = problem.scores
        self.best_score = max([0.0, *problem.scores.values()]) if problem.scores else 0.0
        self.partners: dict[Id, set[Id]] = defaultdict(set)
        for pair in problem.past_pairs:
            first, second = tuple(pair)
            self.partners[first].add(second)
            self.partners[second].add(first)
        self.fixed_members: dict[Id, list[Id]] = defaultdict(list)
        self.fixed_load: dict[Id, int] = defaultdict(int)
        for assignment in problem.fixed:
            self.fixed_members[assignment.challenge].append(assignment.reviewer)
        for reviewer_id, _challenge_id in {(a.reviewer, a.challenge) for a in problem.fixed}:
            self.fixed_load[reviewer_id] += 1
        self.unfilled = units(weights.unfilled)
        self.repeat = units(weights.repeat)

    # Misfits, each between 0 and 1 --------------------------------------------------------

    @staticmethod
    def expertise_misfit(reviewer: Reviewer, challenge: Challenge) -> float:
        if not challenge.lines:
            return 0.0
        known = sum(1 for line in challenge.lines if line in reviewer.lines)
        return 1.0 - known / len(challenge.lines)

    def region_misfit(self, reviewer: Reviewer, challenge: Challenge) -> float:
        same = reviewer.region == challenge.region
        return float(same) if self.weights.region < 0 else float(not same)

    def experience_misfit(self, reviewer: Reviewer, place: Place) -> float:
        level = min(reviewer.experience, self.weights.experience_cap) / self.weights.experience_cap
        return 1.0 - level if place.role in LEAD_ROLES else level / 2

    def repeats_with_fixed(self, reviewer: Reviewer, challenge: Challenge) -> int:
        partners = self.partners.get(reviewer.id)
        if not partners:
            return 0
        return sum(1 for other in self.fixed_members.get(challenge.id, ()) if other in partners)

    # Costs in units -------------------------------------------------------------------------

    def pair_cost(self, reviewer: Reviewer, challenge: Challenge) -> int:
        """What putting the reviewer on the challenge costs, whichever place they take."""
        weights = self.weights
        if self.scores is not None:
            score = self.scores.get((reviewer.id, challenge.id), 0.0)
            cost = units(weights.score * (self.best_score - score))
        else:
            cost = units(weights.expertise * self.expertise_misfit(reviewer, challenge))
            cost += units(abs(weights.region) * self.region_misfit(reviewer, challenge))
        return cost + self.repeat * self.repeats_with_fixed(reviewer, challenge)

    def place_cost(self, reviewer: Reviewer, place: Place) -> int:
        if self.scores is not None:
            return 0
        return units(self.weights.experience * self.experience_misfit(reviewer, place))

    def load_cost(self, reviewer: Reviewer, new: int) -> int:
        """The cost of the reviewer's `new`-th proposed challenge (1 for the first)."""
        return units(self.weights.load * (self.fixed_load.get(reviewer.id, 0) + new - 1))

    # The same costs for the whole problem at once (the matcher's arcs) ----------------------

    def pair_costs(self) -> np.ndarray:
        """`pair_cost` for every (reviewer, challenge), in the problem's order."""
        problem, weights = self.problem, self.weights
        reviewers, challenges = problem.reviewers, problem.challenges
        shape = (len(reviewers), len(challenges))
        if self.scores is not None:
            given = np.zeros(shape)
            r_index = {r.id: i for i, r in enumerate(reviewers)}
            c_index = {c.id: j for j, c in enumerate(challenges)}
            for (reviewer_id, challenge_id), score in self.scores.items():
                given[r_index[reviewer_id], c_index[challenge_id]] = score
            cost = np.round(weights.score * (self.best_score - given) * SCALE).astype(np.int64)
        else:
            lines: dict = {}
            for c in challenges:
                for line in c.lines:
                    lines.setdefault(line, len(lines))
            knows = np.zeros((len(reviewers), len(lines)), dtype=np.int64)
            for i, r in enumerate(reviewers):
                for line in r.lines:
                    if line in lines:
                        knows[i, lines[line]] = 1
            asks = np.zeros((len(challenges), len(lines)), dtype=np.int64)
            for j, c in enumerate(challenges):
                asks[j, [lines[line] for line in c.lines]] = 1
            asked = asks.sum(axis=1)
            known = knows @ asks.T
            with np.errstate(divide="ignore", invalid="ignore"):
                misfit = np.where(asked > 0, 1.0 - known / np.maximum(asked, 1), 0.0)
            cost = np.round(weights.expertise * misfit * SCALE).astype(np.int64)
            regions: dict = {}
            r_region = np.asarray([regions.setdefault(r.region, len(regions)) for r in reviewers])
            c_region = np.asarray([regions.setdefault(c.region, len(regions)) for c in challenges])
            same = r_region[:, None] == c_region[None, :]
            away = same if weights.region < 0 else ~same
            cost += np.round(abs(weights.region) * away.astype(float) * SCALE).astype(np.int64)
        if self.repeat and problem.fixed:
            r_index = {r.id: i for i, r in enumerate(reviewers)}
            c_index = {c.id: j for j, c in enumerate(challenges)}
            for challenge_id, members in self.fixed_members.items():
                for member in members:
                    for partner in self.partners.get(member, ()):
                        cost[r_index[partner], c_index[challenge_id]] += self.repeat
        return cost

    def place_costs(self, place: Place) -> np.ndarray:
        """`place_cost` for every reviewer, in the problem's order, for `place`."""
        if self.scores is not None:
            return np.zeros(len(self.problem.reviewers), dtype=np.int64)
        cap = self.weights.experience_cap
        level = np.asarray([min(r.experience, cap) for r in self.problem.reviewers]) / cap
        misfit = 1.0 - level if place.role in LEAD_ROLES else level / 2
        return np.round(self.weights.experience * misfit * SCALE).astype(np.int64)

    # Words ------------------------------------------------------------------------------------

    def reasons(
        self,
        reviewer: Reviewer,
        challenge: Challenge,
        place: Place,
        new: int,
        teammates: list[Id],
    ) -> tuple[Reason, ...]:
        """The preferences behind putting `reviewer` in `place`: `new` is which of their
        proposed challenges this is, `teammates` the other members of the team."""
        weights = self.weights
        out = []
        if self.scores is not None:
            score = self.scores.get((reviewer.id, challenge.id))
            text = (
                f"The programme scored this pairing {score:g} (best given {self.best_score:g})."
                if score is not None
                else "The programme gave no score for this pairing (counted as 0)."
            )
            out.append(Reason("score", text, weights.score * (self.best_score - (score or 0.0))))
        else:
            known = [line for line in challenge.lines if line in reviewer.lines]
            if challenge.lines:
                text = f"Knows {len(known)} of the {len(challenge.lines)} key lines of enquiry" + (
                    f": {', '.join(map(str, known))}." if known else "."
                )
            else:
                text = "The challenge names no key lines of enquiry."
            out.append(
                Reason(
                    "expertise",
                    text,
                    weights.expertise * self.expertise_misfit(reviewer, challenge),
                )
            )
            same = reviewer.region == challenge.region
            if same:
                text = f"From the same region ({reviewer.region})."
            else:
                text = f"From another region ({reviewer.region}, reviewing in {challenge.region})."
            if weights.region < 0:
                text += " The programme prefers reviewers from away."
            elif weights.region > 0:
                text += " The programme prefers reviewers from the same region."
            out.append(
                Reason(
                    "region", text, abs(weights.region) * self.region_misfit(reviewer, challenge)
                )
            )
            lead = place.role in LEAD_ROLES
            text = f"{reviewer.experience} completed review(s); " + (
                "a lead place favours experience."
                if lead
                else "places other than the lead's favour newer reviewers, for a mix."
            )
            out.append(
                Reason(
                    "experience", text, weights.experience * self.experience_misfit(reviewer, place)
                )
            )
        total = self.fixed_load.get(reviewer.id, 0) + new
        out.append(
            Reason(
                "load",
                f"Challenge {total} of at most {reviewer.cap} for them this cycle.",
                weights.load * (total - 1),
            )
        )
        partners = self.partners.get(reviewer.id, set())
        again = [other for other in teammates if other in partners]
        if again:
            text = "Has been on a team before with " + ", ".join(map(str, again)) + "."
        else:
            text = "Has not been on a team with the others before."
        out.append(Reason("repeat", text, weights.repeat * len(again)))
        return tuple(out)
