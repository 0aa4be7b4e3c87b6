"""The matcher's plain-data problem and answer, and their JSON form (docs/matching.md).

`parse_problem` turns the JSON object into frozen dataclasses and checks it as it goes: any
mistake is a `ProblemError` (a ValueError) naming the JSON path, e.g.
`challenges[2].places[0].count: must be a whole number of at least 1`, never a traceback.

Beyond the fields the issue names (challenges, reviewers, weights, scores) a problem may carry
what the hard rules and preferences need from the database:

- `fixed`: members already confirmed, `[challenge, reviewer, role]`. They hold their places
  and count for reciprocity, clashes and caps, and are never moved.
- `excluded`: `[reviewer, challenge]` pairs that must not be proposed (a declined invitation,
  or a coordinator's "run again without this person").
- `past_pairs`: `[reviewer, reviewer]` who have been on a team together before.
- per challenge `from_organisations` (optional): only people of these organisations may
  review it (a cycle plan's "who reviews whom").
- `names`: `{"organisations": [[id, name], ...], "challenges": [[id, name], ...]}`, the words
  the rules' reasons use for them (ids when left out).
- per reviewer `busy` (dates on other commitments, ranges like `away`) and `experience`
  (completed reviews, for the mix of experience);
- per challenge `needs_fully_qualified` (true unless given): the team needs at least one
  member whose `requirements_met` includes `fully_qualified`.
"""

import datetime
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# An identifier in the JSON form: a string or a whole number, kept as given.
Id = str | int

# The requirement a reviewer meets when fully qualified (reviewers.qualification's word).
FULLY_QUALIFIED = "fully_qualified"
# A place's requirement that asks nothing further (offers.enums.TeamRequirement.NONE).
NO_REQUIREMENT = "none"
# Roles that lead a team: the experience preference favours experience in these places.
LEAD_ROLES = frozenset({"lead", "co_lead"})


class ProblemError(ValueError):
    """A problem or answer that cannot be read; the message starts with the JSON path."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


@dataclass(frozen=True)
class DateRange:
    """Whole days from `start` to `end`, both included."""

    start: datetime.date
    end: datetime.date

    def overlaps(self, other: "DateRange") -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class Place:
    """`count` places on a team in `role`, each for someone who meets `requirement` (None
    when the place asks nothing further)."""

    role: str
    requirement: str | None
    count: int

    def accepts(self, reviewer: "Reviewer") -> bool:
        return self.requirement is None or self.requirement in reviewer.requirements_met


@dataclass(frozen=True)
class Challenge:
    id: Id
    organisation: Id
    region: Id
    start: datetime.date
    end: datetime.date
    lines: tuple[Id, ...]
    places: tuple[Place, ...]
    needs_fully_qualified: bool = True
    # When given, only people of these organisations review it (a cycle plan's choice).
    from_organisations: frozenset[Id] | None = None

    @property
    def on_site(self) -> DateRange:
        return DateRange(self.start, self.end)

    @property
    def size(self) -> int:
        return sum(place.count for place in self.places)


@dataclass(frozen=True)
class Reviewer:
    id: Id
    organisation: Id
    region: Id
    requirements_met: frozenset[str]
    cap: int
    away: tuple[DateRange, ...] = ()
    busy: tuple[DateRange, ...] = ()
    conflicts: frozenset[Id] = frozenset()
    lines: frozenset[Id] = frozenset()
    experience: int = 0

    @property
    def fully_qualified(self) -> bool:
        return FULLY_QUALIFIED in self.requirements_met


@dataclass(frozen=True)
class Weights:
    """How much each soft preference counts (docs/matching.md, "Preferences"). Every term is a
    misfit between 0 and 1 times its weight; the matcher minimises their sum."""

    # Share of the challenge's key lines of enquiry the reviewer does not know.
    expertise: float = 3.0
    # Each further challenge for the same person this cycle costs this much more than the last.
    load: float = 1.0
    # Positive: prefer reviewers from the challenge's region; negative: prefer other regions.
    region: float = 1.0
    # Lead places prefer experience, other places newer reviewers (a mix on each team).
    experience: float = 1.0
    # Completed reviews at which a reviewer counts as fully experienced.
    experience_cap: int = 5
    # Each pair of team members who have been on a team together before.
    repeat: float = 1.0
    # Each place left unfilled (large, so that a place is left empty only when it must be).
    unfilled: float = 100.0
    # With `scores`: each point of score below the best score given.
    score: float = 1.0


WEIGHT_NAMES = tuple(Weights.__dataclass_fields__)


@dataclass(frozen=True)
class Assignment:
    challenge: Id
    reviewer: Id
    role: str

    def to_json(self) -> list:
        return [self.challenge, self.reviewer, self.role]


@dataclass(frozen=True)
class Problem:
    challenges: tuple[Challenge, ...]
    reviewers: tuple[Reviewer, ...]
    weights: Weights = Weights()
    # (reviewer, challenge) -> score, when the programme gives its own preferences.
    scores: Mapping[tuple[Id, Id], float] | None = None
    fixed: tuple[Assignment, ...] = ()
    excluded: frozenset[tuple[Id, Id]] = frozenset()
    past_pairs: frozenset[frozenset[Id]] = frozenset()
    # What to call organisations and challenges in reasons (their ids when not given).
    names: Mapping[str, Mapping[Id, str]] = field(default_factory=dict, compare=False)
    _challenge_by_id: dict = field(default_factory=dict, compare=False, repr=False)
    _reviewer_by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._challenge_by_id.update((c.id, c) for c in self.challenges)
        self._reviewer_by_id.update((r.id, r) for r in self.reviewers)

    def challenge(self, challenge_id: Id) -> Challenge | None:
        return self._challenge_by_id.get(challenge_id)

    def reviewer(self, reviewer_id: Id) -> Reviewer | None:
        return self._reviewer_by_id.get(reviewer_id)


@dataclass(frozen=True)
class Reason:
    """One soft preference behind a choice, in words, with what it cost (0 is a perfect fit)."""

    code: str
    text: str
    cost: float

    def to_json(self) -> dict:
        return {"code": self.code, "text": self.text, "cost": round(self.cost, 3)}


@dataclass(frozen=True)
class Unfilled:
    """Places of a challenge the matcher could not fill, and why."""

    challenge: Id
    role: str
    requirement: str | None
    missing: int
    # The rule that blocks the place: the one that, on its own, keeps out most of the pool.
    blocking: str
    reason: str
    # How many of the pool each rule keeps out of this place (one person may break several).
    excluded: tuple[tuple[str, int], ...]
    # People who break no rule for this place but could not be placed on it.
    eligible: int

    def to_json(self) -> dict:
        return {
            "challenge": self.challenge,
            "role": self.role,
            "requirement": self.requirement,
            "missing": self.missing,
            "blocking": self.blocking,
            "reason": self.reason,
            "excluded": dict(self.excluded),
            "eligible": self.eligible,
        }


@dataclass(frozen=True)
class Shortfall:
    """Places of one role and requirement across the problem against the pool's capacity."""

    role: str
    requirement: str | None
    places: int
    capacity: int
    shortfall: int

    def to_json(self) -> dict:
        return {
            "role": self.role,
            "requirement": self.requirement,
            "places": self.places,
            "capacity": self.capacity,
            "shortfall": self.shortfall,
        }


@dataclass(frozen=True)
class Answer:
    assignments: tuple[Assignment, ...]
    # Per assignment (same order): the preferences behind it.
    reasons: tuple[tuple[Reason, ...], ...] = ()
    unfilled: tuple[Unfilled, ...] = ()
    shortfall: tuple[Shortfall, ...] = ()
    objective: float = 0.0
    bound: float = 0.0
    seconds: float = 0.0
    method: str = ""

    @property
    def gap(self) -> float:
        """The objective's distance above the relaxation's bound, as a share of the bound."""
        if self.bound <= 0:
            return 0.0 if self.objective <= 0 else math.inf
        return (self.objective - self.bound) / self.bound

    def to_json(self) -> dict:
        return {
            "assignments": [a.to_json() for a in self.assignments],
            "reasons": [
                {
                    "challenge": a.challenge,
                    "reviewer": a.reviewer,
                    "role": a.role,
                    "reasons": [r.to_json() for r in reasons],
                }
                for a, reasons in zip(self.assignments, self.reasons, strict=True)
            ],
            "unfilled": [u.to_json() for u in self.unfilled],
            "shortfall": [s.to_json() for s in self.shortfall],
            "objective": round(self.objective, 3),
            "bound": round(self.bound, 3),
            "gap": round(self.gap, 6) if math.isfinite(self.gap) else None,
            "method": self.method,
            "seconds": round(self.seconds, 3),
        }


def seat_members(members, places) -> list[int] | None:
    """A place (its index in `places`) for each member (a Reviewer), each meeting its
    requirement and no place over its count, or None when there is no such seating (a
    bipartite matching by augmenting paths, trying places in the order given)."""
    slots = [index for index, place in enumerate(places) for _ in range(place.count)]
    members = list(members)
    if len(members) > len(slots):
        return None
    holder: list[int | None] = [None] * len(slots)

    def seat(member: int, seen: set[int]) -> bool:
        for slot, index in enumerate(slots):
            if slot in seen or not places[index].accepts(members[member]):
                continue
            seen.add(slot)
            if holder[slot] is None or seat(holder[slot], seen):
                holder[slot] = member
                return True
        return False

    if not all(seat(member, set()) for member in range(len(members))):
        return None
    seated = [0] * len(members)
    for slot, member in enumerate(holder):
        if member is not None:
            seated[member] = slots[slot]
    return seated


def fits_places(members, places) -> bool:
    """Whether each member can take a place of their own among `places` (see seat_members)."""
    return seat_members(members, list(places)) is not None


# Reading the JSON form ------------------------------------------------------------------------


def _at(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)


def _object(value: Any, path: str, *, required: tuple[str, ...], optional: tuple[str, ...]):
    if not isinstance(value, dict):
        raise ProblemError(path, "must be an object")
    for key in required:
        if key not in value:
            raise ProblemError(_at(path, key), "is missing")
    unknown = sorted(str(k) for k in value if k not in required and k not in optional)
    if unknown:
        raise ProblemError(_at(path, unknown[0]), "is not a field this form knows")
    return value


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise ProblemError(path, "must be a list")
    return value


def _id(value: Any, path: str) -> Id:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ProblemError(path, "must be a string or a whole number")
    if isinstance(value, str) and not value:
        raise ProblemError(path, "must not be empty")
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemError(path, "must be a non-empty string")
    return value


def _whole(value: Any, path: str, *, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise ProblemError(path, f"must be a whole number of at least {least}")
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ProblemError(path, "must be a finite number")
    return float(value)


def _date(value: Any, path: str) -> datetime.date:
    if not isinstance(value, str):
        raise ProblemError(path, "must be a date written YYYY-MM-DD")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ProblemError(path, f"{value!r} is not a date written YYYY-MM-DD") from None


def _ids(value: Any, path: str) -> tuple[Id, ...]:
    items = tuple(_id(item, _at(path, i)) for i, item in enumerate(_list(value, path)))
    return tuple(dict.fromkeys(items))


def _ranges(value: Any, path: str) -> tuple[DateRange, ...]:
    ranges = []
    for i, item in enumerate(_list(value, path)):
        here = _at(path, i)
        if not isinstance(item, list) or len(item) != 2:
            raise ProblemError(here, "must be a pair of dates [start, end]")
        start, end = _date(item[0], _at(here, 0)), _date(item[1], _at(here, 1))
        if end < start:
            raise ProblemError(_at(here, 1), "ends before it starts")
        ranges.append(DateRange(start, end))
    return tuple(ranges)


def _tuple_of(value: Any, path: str, size: int, what: str) -> list:
    if not isinstance(value, list) or len(value) != size:
        raise ProblemError(path, f"must be a list {what}")
    return value


def _requirement(value: Any, path: str) -> str | None:
    if value is None or value == NO_REQUIREMENT:
        return None
    return _text(value, path)


def _place(value: Any, path: str) -> Place:
    data = _object(value, path, required=("role", "count"), optional=("requirement",))
    return Place(
        role=_text(data["role"], _at(path, "role")),
        requirement=_requirement(data.get("requirement"), _at(path, "requirement")),
        count=_whole(data["count"], _at(path, "count"), least=1),
    )


def _challenge(value: Any, path: str) -> Challenge:
    data = _object(
        value,
        path,
        required=("id", "organisation", "region", "start", "end", "places"),
        optional=("lines", "needs_fully_qualified", "from_organisations"),
    )
    start = _date(data["start"], _at(path, "start"))
    end = _date(data["end"], _at(path, "end"))
    if end < start:
        raise ProblemError(_at(path, "end"), "is before the start")
    places_path = _at(path, "places")
    places = tuple(
        _place(item, _at(places_path, i))
        for i, item in enumerate(_list(data["places"], places_path))
    )
    seen = set()
    for i, place in enumerate(places):
        if (place.role, place.requirement) in seen:
            raise ProblemError(
                _at(places_path, i), "repeats a role and requirement; add to its count instead"
            )
        seen.add((place.role, place.requirement))
    needs = data.get("needs_fully_qualified", True)
    if not isinstance(needs, bool):
        raise ProblemError(_at(path, "needs_fully_qualified"), "must be true or false")
    delivering = data.get("from_organisations")
    return Challenge(
        from_organisations=None
        if delivering is None
        else frozenset(_ids(delivering, _at(path, "from_organisations"))),
        id=_id(data["id"], _at(path, "id")),
        organisation=_id(data["organisation"], _at(path, "organisation")),
        region=_id(data["region"], _at(path, "region")),
        start=start,
        end=end,
        lines=_ids(data.get("lines", []), _at(path, "lines")),
        places=places,
        needs_fully_qualified=needs,
    )


def _reviewer(value: Any, path: str) -> Reviewer:
    data = _object(
        value,
        path,
        required=("id", "organisation", "region", "cap"),
        optional=("requirements_met", "away", "busy", "conflicts", "lines", "experience"),
    )
    met_path = _at(path, "requirements_met")
    met = frozenset(
        _text(item, _at(met_path, i))
        for i, item in enumerate(_list(data.get("requirements_met", []), met_path))
    )
    return Reviewer(
        id=_id(data["id"], _at(path, "id")),
        organisation=_id(data["organisation"], _at(path, "organisation")),
        region=_id(data["region"], _at(path, "region")),
        requirements_met=met,
        cap=_whole(data["cap"], _at(path, "cap"), least=0),
        away=_ranges(data.get("away", []), _at(path, "away")),
        busy=_ranges(data.get("busy", []), _at(path, "busy")),
        conflicts=frozenset(_ids(data.get("conflicts", []), _at(path, "conflicts"))),
        lines=frozenset(_ids(data.get("lines", []), _at(path, "lines"))),
        experience=_whole(data.get("experience", 0), _at(path, "experience"), least=0),
    )


def _weights(value: Any, path: str) -> Weights:
    data = _object(value, path, required=(), optional=WEIGHT_NAMES)
    given = {}
    for name, raw in data.items():
        here = _at(path, name)
        if name == "experience_cap":
            given[name] = _whole(raw, here, least=1)
            continue
        number = _number(raw, here)
        if name != "region" and number < 0:
            raise ProblemError(here, "must not be negative (only region takes a sign)")
        if abs(number) > 1e6:
            raise ProblemError(here, "must be at most 1,000,000")
        given[name] = number
    return Weights(**given)


def _unique(items, path: str, what: str) -> dict:
    by_id = {}
    for i, item in enumerate(items):
        if item.id in by_id:
            raise ProblemError(_at(_at(path, i), "id"), f"repeats the {what} id {item.id!r}")
        by_id[item.id] = item
    return by_id


def parse_problem(data: Any) -> Problem:
    """The problem in `data` (the parsed JSON), checked; ProblemError names what is wrong."""
    data = _object(
        data,
        "",
        required=("challenges", "reviewers"),
        optional=("weights", "scores", "fixed", "excluded", "past_pairs", "names"),
    )
    challenges = tuple(
        _challenge(item, _at("challenges", i))
        for i, item in enumerate(_list(data["challenges"], "challenges"))
    )
    reviewers = tuple(
        _reviewer(item, _at("reviewers", i))
        for i, item in enumerate(_list(data["reviewers"], "reviewers"))
    )
    challenge_by_id = _unique(challenges, "challenges", "challenge")
    reviewer_by_id = _unique(reviewers, "reviewers", "reviewer")

    def known_challenge(value: Any, here: str) -> Id:
        if _id(value, here) not in challenge_by_id:
            raise ProblemError(here, f"names no challenge of the problem ({value!r})")
        return value

    def known_reviewer(value: Any, here: str) -> Id:
        if _id(value, here) not in reviewer_by_id:
            raise ProblemError(here, f"names no reviewer of the problem ({value!r})")
        return value

    weights = _weights(data.get("weights", {}), "weights")

    scores = None
    if "scores" in data and data["scores"] is not None:
        scores = {}
        for i, item in enumerate(_list(data["scores"], "scores")):
            here = _at("scores", i)
            reviewer, challenge, number = _tuple_of(item, here, 3, "[reviewer, challenge, score]")
            key = (known_reviewer(reviewer, _at(here, 0)), known_challenge(challenge, _at(here, 1)))
            if key in scores:
                raise ProblemError(here, "repeats a score for this reviewer and challenge")
            scores[key] = _number(number, _at(here, 2))

    fixed = []
    seen_fixed = set()
    for i, item in enumerate(_list(data.get("fixed", []), "fixed")):
        here = _at("fixed", i)
        challenge_id, reviewer_id, role = _tuple_of(item, here, 3, "[challenge, reviewer, role]")
        assignment = Assignment(
            known_challenge(challenge_id, _at(here, 0)),
            known_reviewer(reviewer_id, _at(here, 1)),
            _text(role, _at(here, 2)),
        )
        challenge = challenge_by_id[assignment.challenge]
        if not any(place.role == assignment.role for place in challenge.places):
            raise ProblemError(
                _at(here, 2), f"challenge {challenge.id!r} has no place for the role {role!r}"
            )
        if (assignment.challenge, assignment.reviewer) in seen_fixed:
            raise ProblemError(here, "names this reviewer on this challenge twice")
        seen_fixed.add((assignment.challenge, assignment.reviewer))
        fixed.append(assignment)
    for challenge in challenges:
        for role in sorted({place.role for place in challenge.places}):
            places = [p for p in challenge.places if p.role == role]
            confirmed = [
                reviewer_by_id[a.reviewer]
                for a in fixed
                if a.challenge == challenge.id and a.role == role
            ]
            if not fits_places(confirmed, places):
                raise ProblemError(
                    "fixed",
                    f"the confirmed {role!r} members of challenge {challenge.id!r} cannot each "
                    f"take a {role!r} place whose requirement they meet",
                )

    excluded = set()
    for i, item in enumerate(_list(data.get("excluded", []), "excluded")):
        here = _at("excluded", i)
        reviewer, challenge = _tuple_of(item, here, 2, "[reviewer, challenge]")
        excluded.add(
            (known_reviewer(reviewer, _at(here, 0)), known_challenge(challenge, _at(here, 1)))
        )

    past_pairs = set()
    for i, item in enumerate(_list(data.get("past_pairs", []), "past_pairs")):
        here = _at("past_pairs", i)
        first, second = _tuple_of(item, here, 2, "[reviewer, reviewer]")
        first, second = known_reviewer(first, _at(here, 0)), known_reviewer(second, _at(here, 1))
        if first == second:
            raise ProblemError(here, "pairs a reviewer with themself")
        past_pairs.add(frozenset((first, second)))

    names = _names(data.get("names", {}))
    return Problem(
        challenges=challenges,
        reviewers=reviewers,
        weights=weights,
        scores=scores,
        fixed=tuple(fixed),
        excluded=frozenset(excluded),
        past_pairs=frozenset(past_pairs),
        names=names,
    )


def _names(value: Any) -> dict[str, dict[Id, str]]:
    data = _object(value, "names", required=(), optional=("organisations", "challenges"))
    out = {}
    for kind in ("organisations", "challenges"):
        path = _at("names", kind)
        out[kind] = {
            _id(item[0], _at(_at(path, i), 0)): _text(item[1], _at(_at(path, i), 1))
            for i, item in enumerate(_list(data.get(kind, []), path))
            if _tuple_of(item, _at(path, i), 2, "[id, name]")
        }
    return out


def parse_assignments(data: Any, path: str = "assignments") -> tuple[Assignment, ...]:
    """The `assignments` of an answer: a list of [challenge, reviewer, role]."""
    assignments = []
    for i, item in enumerate(_list(data, path)):
        here = _at(path, i)
        challenge, reviewer, role = _tuple_of(item, here, 3, "[challenge, reviewer, role]")
        assignments.append(
            Assignment(
                _id(challenge, _at(here, 0)), _id(reviewer, _at(here, 1)), _text(role, _at(here, 2))
            )
        )
    return tuple(assignments)


def parse_answer_assignments(data: Any) -> tuple[Assignment, ...]:
    """The assignments of an answer object (as `solve` writes it)."""
    if not isinstance(data, dict) or "assignments" not in data:
        raise ProblemError("assignments", "is missing (an answer is an object with assignments)")
    return parse_assignments(data["assignments"])


def problem_to_json(problem: Problem) -> dict:
    """The JSON form of a problem (what `parse_problem` reads back to an equal problem)."""

    def ranges(items):
        return [[r.start.isoformat(), r.end.isoformat()] for r in items]

    data: dict = {
        "challenges": [
            {
                "id": c.id,
                "organisation": c.organisation,
                "region": c.region,
                "start": c.start.isoformat(),
                "end": c.end.isoformat(),
                "lines": list(c.lines),
                "places": [
                    {
                        "role": p.role,
                        "requirement": p.requirement or NO_REQUIREMENT,
                        "count": p.count,
                    }
                    for p in c.places
                ],
                "needs_fully_qualified": c.needs_fully_qualified,
            }
            | (
                {"from_organisations": sorted(c.from_organisations, key=str)}
                if c.from_organisations is not None
                else {}
            )
            for c in problem.challenges
        ],
        "reviewers": [
            {
                "id": r.id,
                "organisation": r.organisation,
                "region": r.region,
                "requirements_met": sorted(r.requirements_met),
                "cap": r.cap,
                "away": ranges(r.away),
                "busy": ranges(r.busy),
                "conflicts": sorted(r.conflicts, key=str),
                "lines": sorted(r.lines, key=str),
                "experience": r.experience,
            }
            for r in problem.reviewers
        ],
        "weights": {name: getattr(problem.weights, name) for name in WEIGHT_NAMES},
        "fixed": [a.to_json() for a in problem.fixed],
        "excluded": sorted(([r, c] for r, c in problem.excluded), key=str),
        "past_pairs": sorted((sorted(pair, key=str) for pair in problem.past_pairs), key=str),
    }
    if any(problem.names.values()):
        data["names"] = {
            kind: sorted(([i, n] for i, n in names.items()), key=str)
            for kind, names in problem.names.items()
        }
    if problem.scores is not None:
        data["scores"] = [[r, c, s] for (r, c), s in problem.scores.items()]
    return data
