"""The database as a problem for the matcher (challenges.matching's JSON form): the one place
that says which challenges, reviewers, confirmed members and exclusions a question about a
team is asked over. The team form and the matcher both ask their questions of a problem built
here, so they apply the same rules to the same facts; `manage.py export_matching_problem`
writes it to a file for `python -m challenges.matching solve`.

Ids in the problem are the database's: challenge, reviewer, organisation, region and line of
enquiry primary keys."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from accounts.models import Organisation, Programme
from offers.enums import TeamRequirement, TeamRole
from offers.models import Cycle
from reviewers.enums import HOLDS_A_PLACE, PoolStatus, Qualification
from reviewers.models import Booking, PoolMembership, Unavailability
from reviewers.qualification import LADDER, meets_requirement
from reviewers.selectors import (
    conflicted_organisation_ids_between,
    qualifying_roles,
    standing_of,
    with_facts,
)

from .enums import HOLDS_PLACE, TEAM_OPEN, MemberStatus, Phase
from .matching.problem import Place, seat_members
from .models import Challenge, MatchingWeights, TeamMember

# The shadowing place's requirement: trained, and not yet fully qualified.
SHADOWING = "shadowing"


@dataclass(frozen=True)
class PlaceLine:
    """So many places in a role, each for someone meeting `requirement`."""

    role: str
    requirement: str
    count: int

    @property
    def role_label(self) -> str:
        return str(TeamRole(self.role).label)

    @property
    def requirement_label(self) -> str:
        if self.requirement == SHADOWING:
            return str(Qualification.TRAINED.label) + ", not yet fully qualified"
        return str(TeamRequirement(self.requirement).label)


def places_of(challenge: Challenge) -> list[PlaceLine]:
    """The team's places: the offer's composition, plus the shadowing place when the challenge
    has one. Reads `review_type.team_places` (prefetch it for many challenges)."""
    lines = [
        PlaceLine(place.role, place.requirement, place.count)
        for place in challenge.review_type.team_places.all()
    ]
    if challenge.shadowing_place:
        lines.append(PlaceLine(TeamRole.SHADOW, SHADOWING, 1))
    return lines


def requirements_met(qualification: str, job_role: str) -> list[str]:
    """Every place requirement a pool member with this qualification and job role meets
    (reviewers.qualification decides each), plus the shadowing place's."""
    met = [
        requirement
        for requirement in TeamRequirement.values
        if requirement != TeamRequirement.NONE
        and meets_requirement(requirement, qualification=qualification, job_role=job_role)[0]
    ]
    if qualification == Qualification.TRAINED:
        met.append(SHADOWING)
    return met


def _range(start: datetime.date, end: datetime.date) -> list[str]:
    return [start.isoformat(), end.isoformat()]


def challenges_in_scope(*, programme: Programme, cycle: Cycle | None):
    """The challenges a problem for this programme and cycle is about: every challenge of the
    cycle that is not cancelled and has on-site dates (with no cycle, the programme's such
    challenges still running)."""
    challenges = Challenge.objects.filter(
        programme=programme, cycle=cycle, starts_on__isnull=False
    ).exclude(phase=Phase.CANCELLED)
    if cycle is None:
        # No cycle bounds them: challenges of other years would count for caps and reciprocal
        # pairs for ever. Only those still running do.
        challenges = challenges.exclude(phase=Phase.COMPLETED)
    return (
        challenges.select_related("organisation", "review_type")
        .prefetch_related(
            "review_type__team_places",
            Prefetch("lines_of_enquiry", to_attr="line_list"),
        )
        .order_by("starts_on", "pk")
    )


def problem_for(
    *,
    programme: Programme,
    cycle: Cycle | None,
    targets: Iterable[int] | None = None,
    excluded: Iterable[tuple[int, int]] = (),
    unseated: list[tuple[int, int, str]] | None = None,
) -> dict:
    """The problem (JSON form) over the challenges in scope. `targets`: the challenges whose
    open places are to be filled (None: every one whose team is still open); the others keep
    only the places their members hold, so they count for clashes, caps and reciprocal pairs
    and nothing is proposed for them. `excluded`: further (reviewer, challenge) pairs to leave
    out (a coordinator's "run again without"). A member holding a place on a target challenge
    that they can no longer fill (they left the pool, or no longer meet its requirement) is not
    made a fixed member but left out of that challenge, so that its place is open again; they
    are appended to `unseated` as (challenge, reviewer, role) for the team page to say so."""
    challenges = list(challenges_in_scope(programme=programme, cycle=cycle))
    ids = [c.pk for c in challenges]
    targets = (
        {c.pk for c in challenges if c.phase in TEAM_OPEN}
        if targets is None
        else set(targets) & set(ids)
    )
    members = list(
        TeamMember.objects.filter(challenge_id__in=ids)
        .values_list("challenge_id", "reviewer_id", "role", "status")
        .order_by("pk")
    )
    holders: dict[int, list[tuple[int, str]]] = defaultdict(list)
    excluded_pairs = {(r, c) for r, c in excluded}
    for challenge_id, reviewer_id, role, status in members:
        if status in HOLDS_PLACE:
            holders[challenge_id].append((reviewer_id, role))
        else:
            excluded_pairs.add((reviewer_id, challenge_id))

    # The programme's accepted pool members able to take a place at all (eligible or beyond),
    # and anyone holding a place in scope (who may since have left the pool).
    holder_ids = {reviewer_id for rows in holders.values() for reviewer_id, _role in rows}
    pool = list(
        with_facts(
            PoolMembership.objects.filter(programme=programme).filter(
                Q(status=PoolStatus.ACCEPTED, reviewer__user__is_active=True)
                | Q(reviewer_id__in=holder_ids)
            )
        )
        .select_related("reviewer__organisation", "reviewer__user")
        .prefetch_related(
            "reviewer__conflicts",
            "reviewer__employers",
            Prefetch("reviewer__expertise", to_attr="expertise_list"),
        )
        .order_by("reviewer_id")
    )
    rules = qualifying_roles([programme.pk])
    starts = [c.starts_on for c in challenges] or [timezone.localdate()]
    ends = [c.ends_on for c in challenges] or starts
    first, last = min(starts), max(ends)
    reviewer_ids = [m.reviewer_id for m in pool]
    away = defaultdict(list)
    for reviewer_id, starts_on, ends_on in Unavailability.objects.filter(
        reviewer_id__in=reviewer_ids, ends_on__gte=first, starts_on__lte=last
    ).values_list("reviewer_id", "starts_on", "ends_on"):
        away[reviewer_id].append(_range(starts_on, ends_on))
    busy = defaultdict(list)
    # Places on challenges outside this problem (other cycles and programmes), and training.
    for reviewer_id, starts_on, ends_on in (
        TeamMember.objects.filter(
            reviewer_id__in=reviewer_ids,
            status__in=sorted(HOLDS_PLACE),
            challenge__starts_on__isnull=False,
            challenge__ends_on__gte=first,
            challenge__starts_on__lte=last,
        )
        .exclude(challenge_id__in=ids)
        .exclude(challenge__phase=Phase.CANCELLED)
        .values_list("reviewer_id", "challenge__starts_on", "challenge__ends_on")
    ):
        busy[reviewer_id].append(_range(starts_on, ends_on))
    for reviewer_id, starts_on, ends_on in Booking.objects.filter(
        reviewer_id__in=reviewer_ids,
        status__in=sorted(HOLDS_A_PLACE),
        session__ends_on__gte=first,
        session__starts_on__lte=last,
    ).values_list("reviewer_id", "session__starts_on", "session__ends_on"):
        busy[reviewer_id].append(_range(starts_on, ends_on))

    reviewers = []
    seen = set()
    for membership in pool:
        if membership.reviewer_id in seen:
            continue
        reviewer = membership.reviewer
        standing = standing_of(membership, rules)
        in_pool = membership.status == PoolStatus.ACCEPTED and reviewer.user.is_active
        able = LADDER.index(standing.qualification) >= LADDER.index(Qualification.ELIGIBLE)
        if not (in_pool and able) and reviewer.pk not in holder_ids:
            continue
        seen.add(reviewer.pk)
        held_here = sum(1 for rows in holders.values() for r, _role in rows if r == reviewer.pk)
        reviewers.append(
            {
                "id": reviewer.pk,
                "organisation": reviewer.organisation_id,
                "region": reviewer.organisation.region_id,
                "requirements_met": requirements_met(standing.qualification, reviewer.job_role),
                # Someone no longer able to take places keeps only those they hold.
                "cap": reviewer.max_reviews_per_cycle if in_pool and able else held_here,
                "away": sorted(away[reviewer.pk]),
                "busy": sorted(busy[reviewer.pk]),
                "conflicts": sorted(
                    conflicted_organisation_ids_between(reviewer=reviewer, start=first, end=last)
                    - {reviewer.organisation_id}
                ),
                "lines": sorted(line.pk for line in reviewer.expertise_list),
                "experience": membership.reviews_completed,
            }
        )
        if not (in_pool and able):
            excluded_pairs.update((reviewer.pk, c) for c in targets)

    problem_challenges = []
    fixed = []
    met = {r["id"]: frozenset(r["requirements_met"]) for r in reviewers}
    for challenge in challenges:
        rows = holders.get(challenge.pk, [])
        if challenge.pk in targets:
            lines = places_of(challenge)
            rows, misfits = _seated(rows, lines, met)
            for reviewer_id, role in misfits:
                excluded_pairs.add((reviewer_id, challenge.pk))
                if unseated is not None:
                    unseated.append((challenge.pk, reviewer_id, role))
            places = [
                {"role": p.role, "requirement": p.requirement, "count": p.count} for p in lines
            ]
            needs = True
        else:
            counts: dict[str, int] = defaultdict(int)
            for _reviewer, role in rows:
                counts[role] += 1
            places = [{"role": role, "count": n} for role, n in sorted(counts.items())]
            needs = False
        fixed.extend([challenge.pk, reviewer_id, role] for reviewer_id, role in rows)
        if not places:
            continue
        problem_challenges.append(
            {
                "id": challenge.pk,
                "organisation": challenge.organisation_id,
                "region": challenge.organisation.region_id,
                "start": challenge.starts_on.isoformat(),
                "end": challenge.ends_on.isoformat(),
                "lines": sorted(line.pk for line in challenge.line_list),
                "places": places,
                "needs_fully_qualified": needs,
            }
            | (
                {"from_organisations": [challenge.delivering_organisation_id]}
                if challenge.delivering_organisation_id and challenge.pk in targets
                else {}
            )
        )
    kept = {c["id"] for c in problem_challenges}
    known = {r["id"] for r in reviewers}
    past = _past_pairs(programme=programme, reviewer_ids=known, leaving_out=ids)
    weights = MatchingWeights.objects.filter(programme=programme).first()
    organisation_ids = {c.organisation_id for c in challenges} | {
        r["organisation"] for r in reviewers
    }
    organisation_names = dict(
        Organisation.objects.filter(pk__in=organisation_ids).values_list("pk", "name")
    )
    return {
        "challenges": problem_challenges,
        "reviewers": reviewers,
        "weights": {
            name: float(getattr(weights, name))
            for name in ("expertise", "load", "region", "experience", "repeat")
        }
        if weights
        else {},
        "fixed": [row for row in fixed if row[0] in kept and row[1] in known],
        "excluded": sorted(
            [r, c] for r, c in excluded_pairs if r in known and c in kept and c in targets
        ),
        "past_pairs": past,
        "names": {
            "organisations": sorted([pk, name] for pk, name in organisation_names.items()),
            "challenges": [
                [c.pk, f"{c.reference} ({c.organisation.name})"] for c in challenges if c.pk in kept
            ],
        },
    }


def _seated(rows, lines: list[PlaceLine], met: dict) -> tuple[list, list]:
    """The holders (reviewer, role) that fit the team's places together, and those that do not
    (the latest invited first left out until the rest fit)."""
    kept, left_out = list(rows), []

    def fits(people) -> bool:
        for role in {r for _reviewer, r in people}:
            places = [
                Place(
                    line.role, None if line.requirement == "none" else line.requirement, line.count
                )
                for line in lines
                if line.role == role
            ]
            members = [
                _Holder(met.get(reviewer, frozenset())) for reviewer, r in people if r == role
            ]
            if not places or seat_members(members, places) is None:
                return False
        return True

    while kept and not fits(kept):
        # Leave out the latest holder whose absence lets the rest fit; else the latest.
        helps = [i for i in range(len(kept)) if fits(kept[:i] + kept[i + 1 :])]
        left_out.append(kept.pop(helps[-1] if helps else len(kept) - 1))
    return kept, left_out


def _requirement(requirement: str) -> str | None:
    return None if requirement == TeamRequirement.NONE else requirement


@dataclass(frozen=True)
class _Holder:
    requirements_met: frozenset


def _past_pairs(*, programme: Programme, reviewer_ids: set[int], leaving_out) -> list[list[int]]:
    """Pairs of these reviewers who were on a team together before (accepted places on the
    programme's other challenges)."""
    teams: dict[int, set[int]] = defaultdict(set)
    for challenge_id, reviewer_id in (
        TeamMember.objects.filter(
            challenge__programme=programme,
            status=MemberStatus.ACCEPTED,
            reviewer_id__in=reviewer_ids,
        )
        .exclude(challenge_id__in=leaving_out)
        .values_list("challenge_id", "reviewer_id")
    ):
        teams[challenge_id].add(reviewer_id)
    pairs = set()
    for team in teams.values():
        people = sorted(team)
        pairs.update((a, b) for i, a in enumerate(people) for b in people[i + 1 :])
    return [list(pair) for pair in sorted(pairs)]
