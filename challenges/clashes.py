"""Clashes in a programme's calendar, decided from plain facts (no Django): on-site days that
overlap for one reviewer or one receiving service, or that fall on a reviewer's dates away.

The team rules (`challenges.rules`) refuse most of these when a team is built; the calendar
still shows them, because dates move after a team is confirmed and dates away are added later.
"""

import datetime
import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Visit:
    """A challenge's on-site days."""

    challenge_id: int
    organisation_id: int
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass(frozen=True)
class Place:
    """A reviewer holding a place on a challenge's team (invited or accepted)."""

    challenge_id: int
    reviewer_id: int


@dataclass(frozen=True)
class Away:
    """A reviewer's dates away."""

    reviewer_id: int
    starts_on: datetime.date
    ends_on: datetime.date


class ClashKind(enum.StrEnum):
    # The same reviewer holds places on two challenges whose on-site days overlap.
    REVIEWER_ON_TWO = "reviewer_on_two"
    # The same service receives two challenges whose on-site days overlap.
    SERVICE_RECEIVES_TWO = "service_receives_two"
    # On-site days fall on dates a reviewer on the team is away.
    REVIEWER_AWAY = "reviewer_away"


@dataclass(frozen=True)
class Clash:
    kind: ClashKind
    challenge_id: int
    # The days the clash covers (the overlap).
    starts_on: datetime.date
    ends_on: datetime.date
    reviewer_id: int | None = None
    other_challenge_id: int | None = None


def overlap(
    first: tuple[datetime.date, datetime.date], second: tuple[datetime.date, datetime.date]
) -> tuple[datetime.date, datetime.date] | None:
    """The days two inclusive date ranges share, or None."""
    starts_on, ends_on = max(first[0], second[0]), min(first[1], second[1])
    return (starts_on, ends_on) if starts_on <= ends_on else None


def clashes_for(
    *,
    challenge_ids: Iterable[int],
    visits: Iterable[Visit],
    places: Iterable[Place],
    away: Iterable[Away],
) -> dict[int, list[Clash]]:
    """The clashes of each challenge in `challenge_ids`, in a stable order, checked against
    every visit, place and dates away given (which may reach beyond `challenge_ids`: another
    programme's challenge a reviewer is also on). A challenge without a visit has none."""
    visit_of = {visit.challenge_id: visit for visit in visits}
    reviewers_of: dict[int, set[int]] = defaultdict(set)
    challenges_of: dict[int, set[int]] = defaultdict(set)
    for place in places:
        reviewers_of[place.challenge_id].add(place.reviewer_id)
        challenges_of[place.reviewer_id].add(place.challenge_id)
    by_organisation: dict[int, list[Visit]] = defaultdict(list)
    for visit in visit_of.values():
        by_organisation[visit.organisation_id].append(visit)
    away_of: dict[int, list[Away]] = defaultdict(list)
    for dates in away:
        away_of[dates.reviewer_id].append(dates)

    found: dict[int, list[Clash]] = {}
    for challenge_id in challenge_ids:
        visit = visit_of.get(challenge_id)
        if visit is None:
            found[challenge_id] = []
            continue
        days = (visit.starts_on, visit.ends_on)
        clashes: list[Clash] = []
        for reviewer_id in sorted(reviewers_of[challenge_id]):
            for other_id in sorted(challenges_of[reviewer_id] - {challenge_id}):
                other = visit_of.get(other_id)
                shared = other and overlap(days, (other.starts_on, other.ends_on))
                if shared:
                    clashes.append(
                        Clash(
                            ClashKind.REVIEWER_ON_TWO,
                            challenge_id,
                            *shared,
                            reviewer_id=reviewer_id,
                            other_challenge_id=other_id,
                        )
                    )
            for dates in sorted(away_of[reviewer_id], key=lambda d: (d.starts_on, d.ends_on)):
                shared = overlap(days, (dates.starts_on, dates.ends_on))
                if shared:
                    clashes.append(
                        Clash(
                            ClashKind.REVIEWER_AWAY, challenge_id, *shared, reviewer_id=reviewer_id
                        )
                    )
        for other in sorted(by_organisation[visit.organisation_id], key=lambda v: v.challenge_id):
            shared = other.challenge_id != challenge_id and overlap(
                days, (other.starts_on, other.ends_on)
            )
            if shared:
                clashes.append(
                    Clash(
                        ClashKind.SERVICE_RECEIVES_TWO,
                        challenge_id,
                        *shared,
                        other_challenge_id=other.challenge_id,
                    )
                )
        found[challenge_id] = clashes
    return found
