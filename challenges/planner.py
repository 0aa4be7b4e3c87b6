"""The cycle planner: who reviews whom across a cycle of a regional programme in which every
member organisation delivers one peer challenge and receives one (domain 001: every authority
over an 18-month cycle; 002: triads). Plain Python with no Django import, fed plain data.

The answer keeps these rules, and `plan_cycle` refuses with `PlanError` rather than break one:

- everyone receives exactly once and delivers exactly once, never to themselves;
- no reciprocal pair: when A's people review B, B's people do not review A;
- no pair the caller keeps `apart` (two services of the same council, a declared link) reviews
  the other, in either direction; in triads, such a pair is never put in the same group;
- the reviews are spread over the months: no month has more than ceil(n / months).

The reviews form rings: A reviews B, B reviews C, ..., the last reviews A. A ring of three or
more has no reciprocal pair, and every plan that keeps the rules is a set of such rings; two
organisations alone can only review each other, so a plan of two is refused.

**Triads.** With `triads=True` the rings are groups of three (A→B→C→A). When the number of
organisations is not a multiple of three, the remainder goes into groups of four rather than
leaving anyone out or pairing two: one group of four when it leaves 1, two groups of four when
it leaves 2; five organisations, which cannot be split so, form one group of five. A group of
four or five is still a ring (A→B→C→D→A), so it has no reciprocal pair.

**How.** Two steps:

1. Who reviews whom. A constructive first answer, which exists whenever no pair is kept apart:
   the organisations in an order drawn from `seed` (regions grouped together when the
   preference is closeness, interleaved when it is distance) make one ring, or are cut into
   groups in that order. Then CP-SAT (OR-Tools), one worker, a fixed seed and a budget of its
   deterministic time (so the same input gets the same plan on every run), looks for a better
   one — more partners that follow the region preference — starting from it, or, when pairs
   kept apart spoil it, decides whether any plan exists at all (an impossible one gets a
   PlanError saying so, not a crash). For rings the model is an assignment (one out, one in)
   with x[a, b] + x[b, a] <= 1 on every pair; for triads, membership of groups of fixed sizes,
   with the preference counted over the pairs in each group (every pair of a triad has one
   review between them).
2. When. The reviews are listed ring by ring in ring order. With no more reviews than months,
   review k goes in month floor(k * months / n), so each month has at most one and they are
   spread through the cycle. With more, review k goes in month k mod months, which fills every
   month to floor or ceil(n / months); consecutive reviews of a ring then fall in different
   months, so nobody delivers in the month they receive, except at a ring's seam when its
   length is 1 more than a multiple of the months: there the ring's last two reviews swap
   months (with three months or more, this keeps every neighbour apart and the balance).
   With one month, or two and a ring of odd length, delivering and receiving in the same
   month cannot be avoided.
"""

from __future__ import annotations

import enum
import math
import random
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

# CP-SAT's budget, in deterministic time (about seconds; the same on every run).
DEFAULT_BUDGET = 0.2
# A wall-clock ceiling, for very slow machines only (there the plan may vary between runs).
WALL_SECONDS = 20.0


class RegionPreference(enum.StrEnum):
    """Where the programme would like the reviewing organisation to come from."""

    NONE = "none"
    SAME = "same"  # closeness: partners from the same region
    ELSEWHERE = "elsewhere"  # distance: partners from another region


class PlanError(ValueError):
    """No plan keeps the rules for these organisations; the message says why, in words."""


@dataclass(frozen=True)
class Member:
    """An organisation taking part: its id and region (None when unknown: then it neither
    matches nor differs from anyone's)."""

    id: Hashable
    region: Hashable | None = None


@dataclass(frozen=True)
class Review:
    """`reviewing`'s people review `reviewed` in `month` (one of the months given); `group`
    numbers the ring or triad from 1."""

    reviewing: Hashable
    reviewed: Hashable
    month: Hashable
    group: int


@dataclass(frozen=True)
class Plan:
    reviews: tuple[Review, ...]
    # How many reviews pair organisations as the region preference asks.
    region_matches: int
    # Whether CP-SAT proved no plan follows the preference more closely.
    optimal: bool

    def rings(self) -> list[list[Review]]:
        by_group = defaultdict(list)
        for review in self.reviews:
            by_group[review.group].append(review)
        return [by_group[group] for group in sorted(by_group)]


def group_sizes(count: int) -> list[int]:
    """The sizes of the triads for `count` organisations (see the module's docstring)."""
    if count < 3:
        raise PlanError(_too_few(count))
    if count == 5:
        return [5]
    fours = {0: 0, 1: 1, 2: 2}[count % 3]
    return [4] * fours + [3] * ((count - 4 * fours) // 3)


def _too_few(count: int) -> str:
    if count == 2:
        return (
            "Two organisations can only review each other, which is a reciprocal pair: a plan "
            "needs at least three organisations."
        )
    return "A plan needs at least three organisations that deliver and receive."


def _matches(preference: RegionPreference, a: Member, b: Member) -> bool:
    if preference == RegionPreference.NONE or a.region is None or b.region is None:
        return False
    same = a.region == b.region
    return same if preference == RegionPreference.SAME else not same


def plan_cycle(
    members: Sequence[Member],
    months: Sequence[Hashable],
    *,
    triads: bool = False,
    region: RegionPreference | str = RegionPreference.NONE,
    apart: Iterable[tuple[Hashable, Hashable]] = (),
    seed: int = 0,
    budget: float = DEFAULT_BUDGET,
) -> Plan:
    """Who reviews whom, and in which month, for `members` over `months` (in order). Pairs in
    `apart` naming an organisation not in `members` are ignored. Raises PlanError when no
    plan keeps the rules (two organisations; too many pairs kept apart) or none was found
    within the budget."""
    preference = RegionPreference(region)
    members = list(members)
    months = list(months)
    ids = [member.id for member in members]
    if len(set(ids)) != len(ids):
        raise PlanError("An organisation is listed twice.")
    if len(members) < 3:
        raise PlanError(_too_few(len(members)))
    if not months:
        raise PlanError("The cycle has no month in which to hold a review.")
    present = set(ids)
    kept_apart = {
        frozenset(pair)
        for pair in apart
        if len(set(pair)) == 2 and all(item in present for item in pair)
    }
    order = _seeded_order(members, preference, seed)
    if triads:
        groups, optimal = _solve_triads(order, preference, kept_apart, seed, budget)
        rings = [_best_ring(group, preference) for group in groups]
    else:
        rings, optimal = _solve_rings(order, preference, kept_apart, seed, budget)
    rings = _in_input_order(rings, {member.id: k for k, member in enumerate(members)})
    reviews = []
    slots = month_slots([len(ring) for ring in rings], len(months))
    for number, (ring, ring_slots) in enumerate(zip(rings, slots, strict=True), start=1):
        for position, member in enumerate(ring):
            reviewed = ring[(position + 1) % len(ring)]
            reviews.append(Review(member.id, reviewed.id, months[ring_slots[position]], number))
    matches = sum(
        _matches(preference, member, ring[(k + 1) % len(ring)])
        for ring in rings
        for k, member in enumerate(ring)
    )
    return Plan(reviews=tuple(reviews), region_matches=matches, optimal=optimal)


# Step 1: who reviews whom ---------------------------------------------------------------------


def _seeded_order(members: list[Member], preference: RegionPreference, seed: int) -> list[Member]:
    """The members shuffled by `seed`; for closeness, regions kept together; for distance,
    regions interleaved (largest first), so that neighbours differ wherever they can."""
    shuffled = list(members)
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - a seeded, repeatable order, not a secret
    if preference == RegionPreference.NONE:
        return shuffled
    by_region: dict[Hashable, list[Member]] = {}
    for member in shuffled:
        by_region.setdefault(_region_key(member), []).append(member)
    queues = sorted(by_region.values(), key=len, reverse=True)
    if preference == RegionPreference.SAME:
        return [member for queue in queues for member in queue]
    # Deal the largest region into every other place, then the rest in turn: with no region
    # holding more than half, no two neighbours (the ring's ends included) share a region.
    flat = [member for queue in queues for member in queue]
    half = (len(flat) + 1) // 2
    dealt: list[Member] = []
    for k in range(half):
        dealt.append(flat[k])
        if half + k < len(flat):
            dealt.append(flat[half + k])
    return dealt


def _solver(seed: int, budget: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = budget
    solver.parameters.max_time_in_seconds = WALL_SECONDS
    return solver


def _no_solution(status: int) -> PlanError:
    if status == cp_model.INFEASIBLE:
        return PlanError(
            "No plan keeps every pair that must not review each other apart: keep fewer "
            "pairs apart, or add organisations."
        )
    return PlanError("No plan was found in the time allowed: try again, or plan by hand.")


def _solve_rings(
    order: list[Member],
    preference: RegionPreference,
    apart: set[frozenset],
    seed: int,
    budget: float,
) -> tuple[list[list[Member]], bool]:
    n = len(order)
    start = _ring_start(order, preference)
    if any(_ring_breaks_apart(ring, apart) for ring in start):
        start = None
    # Nothing to improve: no preference, or every neighbour already as preferred.
    if start is not None and (
        preference == RegionPreference.NONE
        or all(
            _matches(preference, member, ring[(k + 1) % len(ring)])
            for ring in start
            for k, member in enumerate(ring)
        )
    ):
        return start, True
    model = cp_model.CpModel()
    x = {}
    for a in range(n):
        for b in range(n):
            if a != b and frozenset((order[a].id, order[b].id)) not in apart:
                x[a, b] = model.new_bool_var(f"x{a}_{b}")
    for a in range(n):
        model.add_exactly_one([x[a, b] for b in range(n) if (a, b) in x])
        model.add_exactly_one([x[b, a] for b in range(n) if (b, a) in x])
    for (a, b), arc in x.items():
        if a < b and (b, a) in x:
            model.add_at_most_one([arc, x[b, a]])
    score = [arc for (a, b), arc in x.items() if _matches(preference, order[a], order[b])]
    if score:
        model.maximize(sum(score))
    if start is not None:
        position = {member.id: a for a, member in enumerate(order)}
        hinted = {
            (position[member.id], position[ring[(k + 1) % len(ring)].id])
            for ring in start
            for k, member in enumerate(ring)
        }
        for key, arc in x.items():
            model.add_hint(arc, key in hinted)
    solver = _solver(seed, budget)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if start is not None:
            return start, False
        raise _no_solution(status)
    successor = {a: b for (a, b), arc in x.items() if solver.boolean_value(arc)}
    rings, seen = [], set()
    for first in range(n):
        if first in seen:
            continue
        ring, at = [], first
        while at not in seen:
            seen.add(at)
            ring.append(order[at])
            at = successor[at]
        rings.append(ring)
    return rings, status == cp_model.OPTIMAL


def _ring_start(order: list[Member], preference: RegionPreference) -> list[list[Member]]:
    """A first answer: one ring in `order`; for closeness, a ring for each region of three or
    more, the rest of the organisations in one more ring (or, when fewer than three are
    left, added to the last region's)."""
    if preference != RegionPreference.SAME:
        return [order]
    rings: list[list[Member]] = []
    for member in order:
        if rings and _region_key(rings[-1][-1]) == _region_key(member):
            rings[-1].append(member)
        else:
            rings.append([member])
    # `order` keeps each region together, so every ring so far is one region.
    kept = [ring for ring in rings if len(ring) >= 3]
    rest = [member for ring in rings if len(ring) < 3 for member in ring]
    if len(rest) >= 3 or not kept:
        kept.append(rest)
    else:
        kept[-1].extend(rest)
    return [ring for ring in kept if ring]


def _ring_breaks_apart(ring: list[Member], apart: set[frozenset]) -> bool:
    return any(
        frozenset((member.id, ring[(k + 1) % len(ring)].id)) in apart
        for k, member in enumerate(ring)
    )


def _solve_triads(
    order: list[Member],
    preference: RegionPreference,
    apart: set[frozenset],
    seed: int,
    budget: float,
) -> tuple[list[list[Member]], bool]:
    n = len(order)
    sizes = group_sizes(n)
    start = _triad_start(order, sizes, preference)
    if any(frozenset((a.id, b.id)) in apart for group in start for a in group for b in group):
        start = None
    regions = sorted({member.region for member in order if member.region is not None}, key=repr)
    if start is not None and (
        preference == RegionPreference.NONE
        or not regions
        or all(
            _matches(preference, a, b) for group in start for a in group for b in group if a != b
        )
    ):
        return start, True
    model = cp_model.CpModel()
    y = {(a, g): model.new_bool_var(f"y{a}_{g}") for a in range(n) for g in range(len(sizes))}
    for a in range(n):
        model.add_exactly_one([y[a, g] for g in range(len(sizes))])
    for g, size in enumerate(sizes):
        model.add(sum(y[a, g] for a in range(n)) == size)
    position = {member.id: a for a, member in enumerate(order)}
    for pair in apart:
        a, b = (position[item] for item in pair)
        for g in range(len(sizes)):
            model.add_at_most_one([y[a, g], y[b, g]])
    # Pairs of a group from the same region: C(count, 2) for each region in each group.
    same_pairs = []
    for g, size in enumerate(sizes):
        for region in regions:
            count = sum(y[a, g] for a in range(n) if order[a].region == region)
            pairs = model.new_int_var(0, size * (size - 1) // 2, f"p{g}_{region!r}")
            index = model.new_int_var(0, size, f"c{g}_{region!r}")
            model.add(index == count)
            model.add_element(index, [k * (k - 1) // 2 for k in range(size + 1)], pairs)
            same_pairs.append(pairs)
    if preference == RegionPreference.SAME:
        model.maximize(sum(same_pairs))
    elif preference == RegionPreference.ELSEWHERE:
        model.minimize(sum(same_pairs))
    if start is not None:
        for g, group in enumerate(start):
            chosen = {position[member.id] for member in group}
            for a in range(n):
                model.add_hint(y[a, g], a in chosen)
    solver = _solver(seed, budget)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if start is not None:
            return start, False
        raise _no_solution(status)
    groups = [
        [order[a] for a in range(n) if solver.boolean_value(y[a, g])] for g in range(len(sizes))
    ]
    return groups, status == cp_model.OPTIMAL


def _triad_start(
    order: list[Member], sizes: list[int], preference: RegionPreference
) -> list[list[Member]]:
    """A first answer: the members cut into groups in `order`; for distance, each group
    drawn from the regions with the most members left, one from each while they last."""
    if preference != RegionPreference.ELSEWHERE:
        cuts = [sum(sizes[:g]) for g in range(len(sizes) + 1)]
        return [order[cuts[g] : cuts[g + 1]] for g in range(len(sizes))]
    left: dict[Hashable, list[Member]] = {}
    for member in order:
        left.setdefault(_region_key(member), []).append(member)
    rank = {key: k for k, key in enumerate(left)}
    groups = []
    for size in sizes:
        group: list[Member] = []
        while len(group) < size:
            # The regions with the most left, not yet in this group while any such remain.
            keys = [key for key in left if left[key]]
            used = {_region_key(member) for member in group}
            fresh = [key for key in keys if key not in used] or keys
            key = max(fresh, key=lambda key: (len(left[key]), -rank[key]))
            group.append(left[key].pop(0))
        groups.append(group)
    return groups


def _region_key(member: Member) -> Hashable:
    return member.region if member.region is not None else ("unknown", member.id)


def _best_ring(group: list[Member], preference: RegionPreference) -> list[Member]:
    """The order of a group's ring that pairs the most neighbours as preferred (a triad's
    two orders pair the same three; a group of four or five has a few more to choose from)."""
    if len(group) <= 3 or preference == RegionPreference.NONE:
        return group
    first, rest = group[0], group[1:]
    best, best_score = group, -1
    for order in _permutations(rest):
        ring = [first, *order]
        score = sum(
            _matches(preference, member, ring[(k + 1) % len(ring)]) for k, member in enumerate(ring)
        )
        if score > best_score:
            best, best_score = ring, score
    return best


def _permutations(items: list[Member]) -> Iterable[list[Member]]:
    if len(items) <= 1:
        yield list(items)
        return
    for k, item in enumerate(items):
        for rest in _permutations(items[:k] + items[k + 1 :]):
            yield [item, *rest]


def _in_input_order(rings: list[list[Member]], rank: dict[Hashable, int]) -> list[list[Member]]:
    """Each ring starting from its member listed first, and the rings in that order, so that
    the plan reads the same way however the solver numbered things."""
    turned = []
    for ring in rings:
        start = min(range(len(ring)), key=lambda k: rank[ring[k].id])
        turned.append(ring[start:] + ring[:start])
    return sorted(turned, key=lambda ring: rank[ring[0].id])


# Step 2: when -------------------------------------------------------------------------------


def month_slots(ring_lengths: Sequence[int], months: int) -> list[list[int]]:
    """For rings of these lengths, listed one after another, the month (0-based) of each
    ring's reviews, k-th review first (see the module's docstring)."""
    total = sum(ring_lengths)
    if total <= months:
        flat = [k * months // total for k in range(total)]
    else:
        flat = [k % months for k in range(total)]
    slots, start = [], 0
    for length in ring_lengths:
        ring = flat[start : start + length]
        if total > months >= 3 and ring[0] == ring[-1]:
            ring[-2], ring[-1] = ring[-1], ring[-2]
        slots.append(ring)
        start += length
    return slots


def most_per_month(count: int, months: int) -> int:
    """The most reviews a month may hold: ceil(count / months)."""
    return math.ceil(count / months)
