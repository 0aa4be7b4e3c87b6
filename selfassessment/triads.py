"""Proposing a round's triads: plain Python, no Django.

Given the round's authorities (an id and a region key each), the pairs grouped together last
round and whether the programme asks to keep those apart, `propose` returns groups:

- Sizes: threes. When the count is not divisible by 3 the remainder is taken by groups of
  four: a remainder of 1 makes one group of four, a remainder of 2 makes two groups of four
  (from 8 authorities). Only 2 and 5 authorities, which cannot be split so, have a group of
  two (2 → one pair, 5 → a three and a two). Fewer than 2 is a TriadError.
- Spread across the region: authorities of the same region are kept in different groups as
  far as possible (each pair of the same region in a group costs 1).
- Last round's partners: where asked, each pair grouped together last round costs 100, so a
  proposal pairs them again only when nothing else is possible; `repeats` names such pairs.
- Deterministic: the authorities are dealt to the groups in a fixed order (by region, then id)
  and improved by swapping two authorities of different groups while a swap lowers the cost,
  always trying swaps in the same order. The same input gives the same groups.
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

SAME_REGION_COST = 1
REPEAT_COST = 100


class TriadError(ValueError):
    pass


@dataclass(frozen=True)
class Authority:
    id: int
    region: str = ""


@dataclass
class Proposal:
    groups: list[list[int]]
    # Pairs grouped together last round that had to be grouped together again.
    repeats: list[tuple[int, int]] = field(default_factory=list)
    # Pairs of the same region in one group.
    same_region: list[tuple[int, int]] = field(default_factory=list)


def group_sizes(count: int) -> list[int]:
    """The sizes of the groups for `count` authorities (see the module's rule)."""
    if count < 2:
        raise TriadError("At least two authorities are needed to form a group.")
    if count in (2, 5):
        return [3, 2] if count == 5 else [2]
    threes, remainder = divmod(count, 3)
    if remainder == 0:
        return [3] * threes
    if remainder == 1:
        return [4] + [3] * (threes - 1)
    return [4, 4] + [3] * (threes - 2)


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def propose(
    authorities: list[Authority],
    *,
    previous_pairs: set[tuple[int, int]] | frozenset = frozenset(),
    avoid_previous: bool = True,
) -> Proposal:
    ids = [authority.id for authority in authorities]
    if len(set(ids)) != len(ids):
        raise TriadError("Each authority can be grouped once.")
    sizes = group_sizes(len(authorities))
    region = {authority.id: authority.region for authority in authorities}
    previous = {_pair(a, b) for a, b in previous_pairs} if avoid_previous else set()

    def pair_cost(a: int, b: int) -> int:
        cost = REPEAT_COST if _pair(a, b) in previous else 0
        if region[a] and region[a] == region[b]:
            cost += SAME_REGION_COST
        return cost

    def group_cost(group: list[int]) -> int:
        return sum(pair_cost(a, b) for a, b in combinations(group, 2))

    # Deal: the largest regions first, each region's authorities by id, round-robin over the
    # groups that still have room, so that a region's authorities land in different groups.
    by_region = Counter(region.values())
    order = sorted(ids, key=lambda i: (-by_region[region[i]], region[i], i))
    groups: list[list[int]] = [[] for _ in sizes]
    slot = 0
    for authority in order:
        while len(groups[slot % len(groups)]) >= sizes[slot % len(groups)]:
            slot += 1
        groups[slot % len(groups)].append(authority)
        slot += 1

    # Improve: the first swap that lowers the total cost, again, until none does.
    improved = True
    while improved:
        improved = False
        for g, h in combinations(range(len(groups)), 2):
            for i in range(len(groups[g])):
                for j in range(len(groups[h])):
                    before = group_cost(groups[g]) + group_cost(groups[h])
                    groups[g][i], groups[h][j] = groups[h][j], groups[g][i]
                    if group_cost(groups[g]) + group_cost(groups[h]) < before:
                        improved = True
                    else:
                        groups[g][i], groups[h][j] = groups[h][j], groups[g][i]
    groups = sorted((sorted(group) for group in groups), key=lambda group: group[0])
    pairs = [_pair(a, b) for group in groups for a, b in combinations(group, 2)]
    return Proposal(
        groups=groups,
        repeats=sorted(p for p in pairs if p in previous),
        same_region=sorted(p for p in pairs if region[p[0]] and region[p[0]] == region[p[1]]),
    )
