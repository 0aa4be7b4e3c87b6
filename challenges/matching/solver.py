"""The matcher: every open place of every challenge filled at once, as one optimisation.

1. Candidates. Each (reviewer, challenge) pair is put to the rule engine (`rules.RuleBook`)
   against the fixed members; each pair that breaks no rule becomes an arc to every open place
   whose requirement the reviewer meets, costed by the soft preferences (`costs.py`).
2. Relaxation. A min-cost flow (OR-Tools `SimpleMinCostFlow`): source -> reviewer (one arc per
   further challenge up to their cap, at the convex load cost) -> (reviewer, challenge) (at most
   once per team) -> open place -> sink, and source -> place at the unfilled cost, so every
   place is filled or paid for. It keeps every rule about one person and one challenge, the
   caps and once-per-team, and leaves out the rules between members of the proposal: clashes,
   reciprocal pairs, a fully qualified member per team (and repeat pairings among proposed
   members, a cost that is never negative). Its optimum is the `bound`: no answer costs less.
3. Repair. On the relaxation's arcs plus the cheapest few per place, the flow is solved again
   and again. Each thing it broke has its ways out: for a clash, one of the two challenges
   forbidden to that reviewer; for a reciprocal pair of organisations, one direction forbidden;
   for a team with no fully qualified member, one of its places kept for fully qualified
   people, or the team left empty; for a repeat pairing, one of the two looking elsewhere, or
   the pair kept at its cost. Each way is priced by solving the flow with it (up to
   `Options.repair_evaluations` flows) and the cheapest taken. Each round forbids more, so it
   ends, with an answer that keeps every rule.
4. Polish. Large-neighbourhood search with CP-SAT, which holds every hard rule and every
   preference (repeat pairings too): the challenges of a region, of a window of dates, of two
   regions, are solved again together, exactly, over the cheapest candidates per place, the
   rest of the answer held; pass after pass while one improves and the budget lasts. The
   budget is CP-SAT's deterministic time (`Options.polish_seconds`), with one worker and a
   fixed seed, so the same problem gets the same answer. A problem with few candidates keeps
   them all, and one with few challenges is one neighbourhood: it is solved exactly.
5. Check and explain. The answer is checked against the rule engine (anything breaking a rule
   would be dropped; nothing is, by construction); each place left open says which rule blocks
   it and how many of the pool each rule keeps out, and each (role, requirement) short of
   people says by how many.
"""

import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

from .costs import SCALE, Preferences
from .problem import (
    LEAD_ROLES,
    Answer,
    Assignment,
    Place,
    Problem,
    Shortfall,
    Unfilled,
    seat_members,
)
from .rules import RULE_TEXT, RULES, Breach, RuleBook


@dataclass(frozen=True)
class Options:
    # CP-SAT's budget, in its deterministic time (about seconds on a current machine; the same
    # on every run, so answers repeat). 0 skips the polish.
    polish_seconds: float = 1.0
    # A wall-clock ceiling on the polish, for very slow machines (there the answer may vary).
    polish_wall_seconds: float = 30.0
    # CP-SAT workers per neighbourhood; more than one may change the answer from run to run.
    workers: int = 1
    seed: int = 0
    # Candidates kept per place for the repair and for the polish (plus the relaxation's and
    # repair's own choices, and a share of fully qualified people).
    repair_candidates: int = 10
    polish_candidates: int = 8
    # A problem with at most this many candidate arcs keeps them all (and, with few enough
    # challenges for one neighbourhood, is solved exactly).
    exact_arcs: int = 5000
    # Challenges re-optimised together in one CP-SAT model (a problem this small is solved
    # whole).
    neighbourhood: int = 20
    max_repair_rounds: int = 500
    # Flows solved to price the ways out of what the relaxation broke.
    repair_evaluations: int = 300


@dataclass
class _Slot:
    """An open place: `open` of the place's `count` are not held by fixed members."""

    j: int
    index: int
    place: Place
    open: int


class _Instance:
    """The problem in arrays: reviewers i, challenges j, open places k, candidate arcs a."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.book = RuleBook(problem)
        self.prefs = prefs = Preferences(problem)
        self.reviewers = reviewers = problem.reviewers
        self.challenges = challenges = problem.challenges
        fixed = self.book.fixed
        self.fq = [r.fully_qualified for r in reviewers]
        self.cap_left = [
            max(0, r.cap - len({a.challenge for a in fixed.by_reviewer.get(r.id, ())}))
            for r in reviewers
        ]
        self.slots: list[_Slot] = []
        self.slots_of: list[list[int]] = []
        self.fq_needed = []
        for j, challenge in enumerate(challenges):
            members = fixed.by_challenge.get(challenge.id, ())
            held = _held(problem, challenge, members)
            mine = []
            for index, place in enumerate(challenge.places):
                if place.count > held[index]:
                    mine.append(len(self.slots))
                    self.slots.append(_Slot(j, index, place, place.count - held[index]))
            self.slots_of.append(mine)
            self.fq_needed.append(
                challenge.needs_fully_qualified
                and not any(problem.reviewer(a.reviewer).fully_qualified for a in members)
            )
        # Candidate arcs: every (reviewer, open place) the rules allow, place by place.
        eligible = self.book.eligible()
        eligible &= np.asarray(self.cap_left, dtype=np.int64)[:, None] > 0
        pair_costs = prefs.pair_costs()
        arc_i, arc_k = [], []
        place_cost = []
        accepts_cache: dict = {}
        place_cache: dict = {}
        for k, slot in enumerate(self.slots):
            requirement = slot.place.requirement
            if requirement not in accepts_cache:
                accepts_cache[requirement] = np.asarray(
                    [slot.place.accepts(r) for r in reviewers], dtype=bool
                )
            (who,) = np.nonzero(eligible[:, slot.j] & accepts_cache[requirement])
            arc_i.append(who)
            arc_k.append(np.full(len(who), k, dtype=np.int64))
            lead = slot.place.role in LEAD_ROLES
            if lead not in place_cache:
                place_cache[lead] = prefs.place_costs(slot.place)
            place_cost.append(place_cache[lead][who])
        empty = np.zeros(0, dtype=np.int64)
        self.arc_i = np.concatenate(arc_i).astype(np.int64) if arc_i else empty
        self.arc_k = np.concatenate(arc_k) if arc_k else empty
        slot_j = np.asarray([slot.j for slot in self.slots], dtype=np.int64)
        self.arc_j = slot_j[self.arc_k] if len(self.arc_k) else empty
        self.arc_pair = pair_costs[self.arc_i, self.arc_j] if len(self.arc_i) else empty
        self.arc_place = np.concatenate(place_cost).astype(np.int64) if place_cost else empty
        self.arc_cost = self.arc_pair + self.arc_place
        self.load = [
            [prefs.load_cost(r, new) for new in range(1, self.cap_left[i] + 1)]
            for i, r in enumerate(reviewers)
        ]
        # The same, padded into a matrix (no arc is made for a unit beyond the cap).
        self.cap_left_array = np.asarray(self.cap_left, dtype=np.int64)
        width = max([0, *self.cap_left])
        self.load_matrix = np.zeros((len(reviewers), width), dtype=np.int64)
        for i, load in enumerate(self.load):
            self.load_matrix[i, : len(load)] = load
        self.org_index = {}
        for r in reviewers:
            self.org_index.setdefault(r.organisation, len(self.org_index))
        for c in challenges:
            self.org_index.setdefault(c.organisation, len(self.org_index))
        self.org_of_reviewer = np.asarray(
            [self.org_index[r.organisation] for r in reviewers], dtype=np.int64
        )
        self.org_of_challenge = np.asarray(
            [self.org_index[c.organisation] for c in challenges], dtype=np.int64
        )
        self.arc_from = self.org_of_reviewer[self.arc_i] if len(self.arc_i) else empty
        self.arc_to = self.org_of_challenge[self.arc_j] if len(self.arc_j) else empty
        self.arc_fq = np.asarray(self.fq, dtype=bool)[self.arc_i] if len(self.arc_i) else empty
        self.starts = [c.start.toordinal() for c in challenges]
        self.ends = [c.end.toordinal() for c in challenges]
        self.partners = prefs.partners

    def overlap(self, j1: int, j2: int) -> bool:
        return self.starts[j1] <= self.ends[j2] and self.starts[j2] <= self.ends[j1]

    # The objective of a set of chosen arcs ------------------------------------------------

    def objective(self, chosen: list[int]) -> int:
        prefs = self.prefs
        chosen = np.asarray(chosen, dtype=np.int64)
        total = int(self.arc_cost[chosen].sum())
        per_reviewer = np.bincount(self.arc_i[chosen], minlength=len(self.reviewers))
        units = np.arange(self.load_matrix.shape[1])[None, :] < per_reviewer[:, None]
        total += int(self.load_matrix[units].sum())
        filled = np.bincount(self.arc_k[chosen], minlength=len(self.slots))
        total += prefs.unfilled * int(sum(slot.open for slot in self.slots) - filled.sum())
        if prefs.repeat and self.partners:
            team = defaultdict(list)
            for i, j in zip(self.arc_i[chosen].tolist(), self.arc_j[chosen].tolist(), strict=True):
                team[j].append(self.reviewers[i].id)
            for members in team.values():
                for x, first in enumerate(members):
                    partners = self.partners.get(first, ())
                    total += prefs.repeat * sum(
                        1 for other in members[x + 1 :] if other in partners
                    )
        return total


def _held(problem: Problem, challenge, members) -> list[int]:
    """How many of each place the fixed members hold: each role's members seated in its
    places, the places with a requirement tried first (so the open ones ask least)."""
    held = [0] * len(challenge.places)
    by_role = defaultdict(list)
    for a in members:
        by_role[a.role].append(problem.reviewer(a.reviewer))
    for role, people in by_role.items():
        indexes = [i for i, p in enumerate(challenge.places) if p.role == role]
        indexes.sort(key=lambda i: (challenge.places[i].requirement is None, i))
        seated = seat_members(people, [challenge.places[i] for i in indexes])
        if seated is None:  # parse_problem refuses such a team; count them in order
            seated = [n % len(indexes) for n in range(len(people))]
        for n in seated:
            held[indexes[n]] += 1
    return held


# Min-cost flow ---------------------------------------------------------------------------------


def _flow(inst: _Instance, arcs: np.ndarray, designated: set[int]) -> tuple[int, list[int]]:
    """Solve the flow over candidate arcs `arcs`; each `designated` place keeps one seat for the
    fully qualified. The optimal cost and the arcs chosen."""
    n_reviewers, n_challenges = len(inst.reviewers), len(inst.challenges)
    source, sink = 0, 1
    first_seat = 2 + n_reviewers
    # Seats: per place a main seat (its open count, less one when designated) and, when
    # designated, a seat for one fully qualified member.
    n_places = len(inst.slots)
    open_ = np.asarray([slot.open for slot in inst.slots], dtype=np.int64)
    is_designated = np.zeros(n_places, dtype=bool)
    is_designated[list(designated)] = True
    main_cap = open_ - is_designated
    main_seat = first_seat + np.arange(n_places)
    fq_places = np.nonzero(is_designated)[0]
    fq_seat = np.full(n_places, -1, dtype=np.int64)
    fq_seat[fq_places] = first_seat + n_places + np.arange(len(fq_places))
    seat_nodes = np.concatenate([main_seat[main_cap > 0], fq_seat[fq_places]])
    seat_caps = np.concatenate([main_cap[main_cap > 0], np.ones(len(fq_places), dtype=np.int64)])
    node = first_seat + n_places + len(fq_places)
    total = int(open_.sum())
    if total == 0:
        return 0, []
    # Targets: (arc, seat) pairs.
    k = inst.arc_k[arcs]
    to_main = main_cap[k] > 0
    to_fq = is_designated[k] & inst.arc_fq[arcs]
    t_arc = np.concatenate([arcs[to_main], arcs[to_fq]])
    t_seat = np.concatenate([main_seat[k[to_main]], fq_seat[k[to_fq]]])
    # Each reviewer is on a team once: a (reviewer, challenge) node where they have several
    # targets on it, a direct arc where one.
    i = inst.arc_i[t_arc]
    key = i * n_challenges + inst.arc_j[t_arc]
    groups, group_of, counts = np.unique(key, return_inverse=True, return_counts=True)
    single = counts[group_of] == 1
    rc_groups = np.nonzero(counts > 1)[0]
    rc_node = np.full(len(groups), -1, dtype=np.int64)
    rc_node[rc_groups] = node + np.arange(len(rc_groups))
    node += len(rc_groups)
    first_of_group = np.zeros(len(groups), dtype=np.int64)
    first_of_group[group_of[::-1]] = t_arc[::-1]
    group_reviewer = groups // max(n_challenges, 1)
    # Load: one arc per further challenge, up to the reviewer's cap.
    per_reviewer = np.bincount(group_reviewer, minlength=n_reviewers)
    usable = np.minimum(per_reviewer, inst.cap_left_array)
    units = np.arange(inst.load_matrix.shape[1])[None, :] < usable[:, None]
    load_cost = inst.load_matrix[units]
    load_head = 2 + np.nonzero(units)[0]
    n_load = len(load_cost)
    load_tail = np.full(n_load, source)
    parts = [
        # source -> reviewer (load)
        (load_tail, load_head, np.ones(n_load, dtype=np.int64), load_cost, None),
        # seat -> sink, and source -> seat at the unfilled cost
        (seat_nodes, np.full(len(seat_nodes), sink), seat_caps, np.zeros(len(seat_nodes)), None),
        (
            np.full(len(seat_nodes), source),
            seat_nodes,
            seat_caps,
            np.full(len(seat_nodes), inst.prefs.unfilled),
            None,
        ),
        # reviewer -> seat, for single targets
        (
            2 + i[single],
            t_seat[single],
            np.ones(int(single.sum()), dtype=np.int64),
            inst.arc_cost[t_arc[single]],
            t_arc[single],
        ),
        # reviewer -> (reviewer, challenge) -> seat, for the others
        (
            2 + group_reviewer[rc_groups],
            rc_node[rc_groups],
            np.ones(len(rc_groups), dtype=np.int64),
            inst.arc_pair[first_of_group[rc_groups]],
            None,
        ),
        (
            rc_node[group_of[~single]],
            t_seat[~single],
            np.ones(int((~single).sum()), dtype=np.int64),
            inst.arc_place[t_arc[~single]],
            t_arc[~single],
        ),
    ]
    tails = np.concatenate([np.asarray(p[0], dtype=np.int64) for p in parts])
    heads = np.concatenate([np.asarray(p[1], dtype=np.int64) for p in parts])
    caps = np.concatenate([np.asarray(p[2], dtype=np.int64) for p in parts])
    costs = np.concatenate([np.asarray(p[3], dtype=np.int64) for p in parts])
    tags = np.concatenate(
        [
            np.asarray(p[4], dtype=np.int64) if p[4] is not None else np.full(len(p[0]), -1)
            for p in parts
        ]
    )
    solver = min_cost_flow.SimpleMinCostFlow()
    index = solver.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    solver.set_node_supply(source, total)
    solver.set_node_supply(sink, -total)
    status = solver.solve()
    if status != solver.OPTIMAL:  # cannot happen: the unfilled arcs make it feasible
        raise RuntimeError(f"min-cost flow ended with status {status}")
    flows = solver.flows(index)
    chosen = np.sort(tags[(flows > 0) & (tags >= 0)])
    return int(solver.optimal_cost()), chosen.tolist()


def _prune(inst: _Instance, keep: int, extra: list[int]) -> np.ndarray:
    """The `keep` cheapest arcs of each place (counting the reviewer's first load cost), the
    `keep // 4` cheapest fully qualified ones, and `extra`."""
    if not len(inst.arc_i):
        return inst.arc_i
    first_load = np.asarray([load[0] if load else 0 for load in inst.load], dtype=np.int64)
    key = inst.arc_cost + first_load[inst.arc_i]
    chosen = np.zeros(len(key), dtype=bool)
    chosen[np.asarray(extra, dtype=np.int64)] = True
    for subset, count in ((np.ones(len(key), dtype=bool), keep), (inst.arc_fq, max(1, keep // 4))):
        (index,) = np.nonzero(subset)
        order = index[np.lexsort((index, key[index], inst.arc_k[index]))]
        places = inst.arc_k[order]
        starts = np.searchsorted(places, places, side="left")
        rank = np.arange(len(order)) - starts
        chosen[order[rank < count]] = True
    return np.nonzero(chosen)[0]


def _repair(
    inst: _Instance, arcs: np.ndarray, rounds: int, evaluations: int
) -> tuple[list[int], int]:
    """Solve the flow again and again over `arcs`, each time forbidding, for each thing that
    broke a rule between members, the cheapest of the ways out, until nothing does. A way out
    is priced by solving the flow with it (while `evaluations` last; then the first way, in an
    order that usually costs least, is taken). The arcs chosen and the rounds taken."""
    live = np.ones(len(arcs), dtype=bool)
    sub_i, sub_j, sub_k = inst.arc_i[arcs], inst.arc_j[arcs], inst.arc_k[arcs]
    sub_from, sub_to = inst.arc_from[arcs], inst.arc_to[arcs]
    sub_fq = inst.arc_fq[arcs]
    designated: set[int] = set()
    kept_pairs: set[tuple[int, int, int]] = set()  # repeat pairings found worth keeping
    left = evaluations
    cost, chosen = _flow(inst, arcs, designated)

    def price(option) -> int:
        nonlocal left
        mask, seat, penalty = option
        if mask is None and seat is None:
            return cost + penalty
        left -= 1
        trial = live if mask is None else live & ~mask
        return _flow(inst, arcs[trial], designated | ({seat} if seat is not None else set()))[0]

    def pair_mask(i: int, j: int) -> np.ndarray:
        return (sub_i == i) & (sub_j == j)

    for round_ in range(1, rounds + 1):
        # Each conflict: its ways out, as (arcs to forbid, place to designate, cost kept).
        conflicts: list[tuple[tuple, list]] = []
        mine = defaultdict(list)
        for a in chosen:
            mine[int(inst.arc_i[a])].append(a)
        for i, group in mine.items():
            for x, a in enumerate(group):
                for b in group[x + 1 :]:
                    ja, jb = int(inst.arc_j[a]), int(inst.arc_j[b])
                    if inst.overlap(ja, jb):
                        dearer, cheaper = sorted((a, b), key=lambda c: (-int(inst.arc_cost[c]), c))
                        conflicts.append(
                            (
                                ("clash", i, ja, jb),
                                [
                                    (pair_mask(i, int(inst.arc_j[dearer])), None, 0),
                                    (pair_mask(i, int(inst.arc_j[cheaper])), None, 0),
                                ],
                            )
                        )
        directions = defaultdict(list)
        for a in chosen:
            directions[int(inst.arc_from[a]), int(inst.arc_to[a])].append(a)
        for (giver, receiver), group in sorted(directions.items()):
            back = directions.get((receiver, giver))
            if not back or giver > receiver:
                continue
            ways = [
                (len(group), -int(inst.arc_cost[group].sum()), (giver, receiver)),
                (len(back), -int(inst.arc_cost[back].sum()), (receiver, giver)),
            ]
            ways.sort()
            conflicts.append(
                (
                    ("reciprocal", giver, receiver),
                    [((sub_from == g) & (sub_to == r), None, 0) for _n, _c, (g, r) in ways],
                )
            )
        members = defaultdict(list)
        for a in chosen:
            members[int(inst.arc_j[a])].append(a)
        for j, group in sorted(members.items()):
            if inst.fq_needed[j] and not any(inst.fq[int(inst.arc_i[a])] for a in group):
                ways = []
                if not any(k in designated for k in inst.slots_of[j]):
                    for k in inst.slots_of[j]:
                        if np.any(live & (sub_k == k) & sub_fq):
                            ways.append((None, k, 0))
                ways.append((sub_j == j, None, 0))  # leave the team empty
                conflicts.append((("fully_qualified", j), ways))
                continue
            if not inst.prefs.repeat:
                continue
            for x, a in enumerate(group):
                first = inst.reviewers[int(inst.arc_i[a])].id
                partners = inst.partners.get(first, ())
                for b in group[x + 1 :]:
                    key = (j, *sorted((int(inst.arc_i[a]), int(inst.arc_i[b]))))
                    if key in kept_pairs or inst.reviewers[int(inst.arc_i[b])].id not in partners:
                        continue
                    dearer, cheaper = sorted((a, b), key=lambda c: (-int(inst.arc_cost[c]), c))
                    conflicts.append(
                        (
                            ("repeat", *key),
                            [
                                (pair_mask(int(inst.arc_i[dearer]), j), None, 0),
                                (pair_mask(int(inst.arc_i[cheaper]), j), None, 0),
                                (None, None, inst.prefs.repeat),  # keep them together
                            ],
                        )
                    )
        if not conflicts:
            return chosen, round_
        changed = False
        for what, ways in conflicts:
            if left > 0 and len(ways) > 1:
                prices = [price(way) for way in ways]
                way = ways[prices.index(min(prices))]
            else:
                way = ways[0]
            mask, seat, _penalty = way
            if mask is None and seat is None:
                kept_pairs.add(what[1:])
                continue
            if mask is not None:
                live &= ~mask
            if seat is not None:
                designated.add(seat)
            changed = True
        cost, chosen = _flow(inst, arcs[live], designated)
        if not changed:
            return chosen, round_
    return chosen, rounds


# CP-SAT ---------------------------------------------------------------------------------------


def _neighbourhoods(inst: _Instance, size: int) -> list[list[list[int]]]:
    """Passes of groups of challenges re-optimised together: each region's (split by dates
    when large); windows of consecutive on-site dates; two regions at a time; windows again,
    shifted by half. One group when the problem is small enough to be solved whole."""
    everyone = [j for j in range(len(inst.challenges)) if inst.slots_of[j]]
    if len(everyone) <= size:
        return [[everyone]] if everyone else []
    by_start = sorted(everyone, key=lambda j: (inst.starts[j], j))
    regions = defaultdict(list)
    for j in by_start:
        regions[inst.challenges[j].region].append(j)

    def split(members: list[int]) -> list[list[int]]:
        parts = -(-len(members) // size)
        step = -(-len(members) // parts)
        return [members[n : n + step] for n in range(0, len(members), step)]

    by_region = [part for members in regions.values() for part in split(members)]
    windows = split(by_start)
    region_list = list(regions.values())
    paired = []
    for n in range(0, len(region_list), 2):
        both = sorted(
            [j for members in region_list[n : n + 2] for j in members],
            key=lambda j: (inst.starts[j], j),
        )
        paired.extend(split(both))
    half = max(1, size // 2)
    shifted = [by_start[:half], *split(by_start[half:])]
    return [by_region, windows, paired, shifted]


def _polish(
    inst: _Instance, arcs: np.ndarray, chosen: list[int], options: Options
) -> tuple[list[int], str]:
    """Large-neighbourhood search with CP-SAT: each group of challenges is solved again, with
    every rule and preference, over `arcs`, the rest of `chosen` held; pass after pass while
    one improves and the deterministic budget lasts. The arcs chosen, and what was done."""
    passes = _neighbourhoods(inst, options.neighbourhood)
    if not passes:
        return chosen, "nothing to polish"
    groups = sum(len(groups) for groups in passes)
    # Each group gets a share of the budget; what it leaves unused stays in the pot.
    share = options.polish_seconds / groups
    spent = 0.0
    solved = proved = 0
    by_challenge = defaultdict(list)
    for a in arcs.tolist():
        by_challenge[int(inst.arc_j[a])].append(a)
    best = inst.objective(chosen)
    stale = 0
    n = 0
    started = time.perf_counter()

    def budget_left() -> bool:
        wall = time.perf_counter() - started
        return spent < options.polish_seconds and wall < options.polish_wall_seconds

    while stale < len(passes) and budget_left():
        improved = False
        for group in passes[n % len(passes)]:
            if not budget_left():
                break
            free = set(group)
            candidates = sorted(
                {a for j in group for a in by_challenge[j]}
                | {a for a in chosen if int(inst.arc_j[a]) in free}
            )
            budget = min(share * 4, options.polish_seconds - spent)
            wall = options.polish_wall_seconds - (time.perf_counter() - started)
            found, status, used = _subsolve(inst, candidates, chosen, free, budget, wall, options)
            spent += used
            solved += 1
            proved += status == "OPTIMAL"
            if found is not None:
                value = inst.objective(found)
                if value < best:
                    chosen, best, improved = found, value, True
        stale = 0 if improved else stale + 1
        n += 1
    return chosen, f"{solved} neighbourhoods, {proved} solved to optimality"


def _subsolve(
    inst: _Instance,
    candidates: list[int],
    chosen: list[int],
    free: set[int],
    budget: float,
    wall: float,
    options: Options,
) -> tuple[list[int] | None, str, float]:
    """CP-SAT over the places of the `free` challenges, the rest of `chosen` held: the whole
    new choice (or None), the status and the deterministic time used."""
    rest = [a for a in chosen if int(inst.arc_j[a]) not in free]
    hint = [a for a in chosen if int(inst.arc_j[a]) in free]
    rest_load = defaultdict(int)
    rest_on = defaultdict(list)
    rest_directions = set()
    for a in rest:
        i = int(inst.arc_i[a])
        rest_load[i] += 1
        rest_on[i].append(int(inst.arc_j[a]))
        rest_directions.add((int(inst.arc_from[a]), int(inst.arc_to[a])))
    hinted = set(hint)
    arcs = []
    for a in candidates:
        i, j = int(inst.arc_i[a]), int(inst.arc_j[a])
        if a not in hinted and (
            rest_load[i] >= inst.cap_left[i]
            or any(inst.overlap(j, other) for other in rest_on[i])
            or (int(inst.arc_to[a]), int(inst.arc_from[a])) in rest_directions
        ):
            continue
        arcs.append(a)
    model = cp_model.CpModel()
    x = {a: model.new_bool_var(f"x{a}") for a in arcs}
    prefs = inst.prefs
    objective = []
    by_pair = defaultdict(list)
    by_place = defaultdict(list)
    for a in arcs:
        by_pair[int(inst.arc_i[a]), int(inst.arc_j[a])].append(a)
        by_place[int(inst.arc_k[a])].append(a)
        objective.append(int(inst.arc_cost[a]) * x[a])
    # On a team at most once; y[i, j] is 1 when reviewer i is on challenge j.
    y = {}
    for key, group in by_pair.items():
        model.add(sum(x[a] for a in group) <= 1)
        y[key] = sum(x[a] for a in group)
    # Places: never more than open; each empty seat costs.
    for k, slot in enumerate(inst.slots):
        if slot.j not in free:
            continue
        group = by_place.get(k, [])
        empty = model.new_int_var(0, slot.open, f"u{k}")
        model.add(sum(x[a] for a in group) + empty == slot.open)
        objective.append(prefs.unfilled * empty)
        model.add_hint(empty, slot.open - sum(1 for a in group if a in hinted))
    # Per reviewer: clashes, cap, and the load cost of each further challenge.
    per_reviewer = defaultdict(list)
    for i, j in y:
        per_reviewer[i].append(j)
    for i, js in per_reviewer.items():
        js.sort(key=lambda j: (inst.starts[j], j))
        for j in js:
            clique = [j2 for j2 in js if inst.starts[j2] <= inst.starts[j] <= inst.ends[j2]]
            if len(clique) > 1:
                model.add(sum(y[i, j2] for j2 in clique) <= 1)
        cap = inst.cap_left[i] - rest_load[i]
        if len(js) > cap:
            model.add(sum(y[i, j] for j in js) <= cap)
        load = inst.load[i][rest_load[i] : rest_load[i] + min(cap, len(js))]
        if any(load):
            taken = sum(1 for j in js for a in by_pair[i, j] if a in hinted)
            units = []
            for u, cost in enumerate(load):
                unit = model.new_bool_var(f"z{i}_{u}")
                units.append(unit)
                objective.append(cost * unit)
                model.add_hint(unit, u < taken)
            model.add(sum(units) == sum(y[i, j] for j in js))
    # Reciprocal pairs of organisations.
    directions = defaultdict(list)
    for a in arcs:
        directions[int(inst.arc_from[a]), int(inst.arc_to[a])].append(a)
    for (giver, receiver), group in directions.items():
        back = directions.get((receiver, giver))
        if not back or giver > receiver:
            continue
        there = model.new_bool_var(f"d{giver}_{receiver}")
        for a in group:
            model.add_implication(x[a], there)
        for a in back:
            model.add_implication(x[a], ~there)
        model.add_hint(there, any(a in hinted for a in group))
    # A fully qualified member on every team with members.
    per_challenge = defaultdict(list)
    for a in arcs:
        per_challenge[int(inst.arc_j[a])].append(a)
    for j, group in per_challenge.items():
        if not inst.fq_needed[j]:
            continue
        qualified = [x[a] for a in group if inst.fq[int(inst.arc_i[a])]]
        if not qualified:
            for a in group:
                model.add(x[a] == 0)
            continue
        staffed = model.new_bool_var(f"t{j}")
        for a in group:
            model.add_implication(x[a], staffed)
        model.add(sum(qualified) >= staffed)
        model.add_hint(staffed, any(a in hinted for a in group))
    # Repeat pairings among proposed members.
    if prefs.repeat:
        on = defaultdict(list)
        for i, j in y:
            on[j].append(i)
        for j, people in on.items():
            for p, first in enumerate(people):
                partners = inst.partners.get(inst.reviewers[first].id)
                if not partners:
                    continue
                for second in people[p + 1 :]:
                    if inst.reviewers[second].id in partners:
                        both = model.new_bool_var(f"w{first}_{second}_{j}")
                        model.add(y[first, j] + y[second, j] - 1 <= both)
                        objective.append(prefs.repeat * both)
    for a in arcs:
        model.add_hint(x[a], a in hinted)
    model.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = options.workers
    solver.parameters.random_seed = options.seed
    solver.parameters.max_deterministic_time = budget
    solver.parameters.max_time_in_seconds = max(0.01, wall)
    status = solver.solve(model)
    name = solver.status_name(status)
    used = solver.deterministic_time
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, name, used
    return sorted([*rest, *(a for a in arcs if solver.boolean_value(x[a]))]), name, used


# Explaining -----------------------------------------------------------------------------------


def _unfilled(inst: _Instance, chosen: list[int], proposals: list[Assignment]) -> list[Unfilled]:
    book = inst.book
    team = book.team(proposals)
    filled = defaultdict(int)
    for a in chosen:
        filled[int(inst.arc_k[a])] += 1
    out = []
    for k, slot in enumerate(inst.slots):
        missing = slot.open - filled[k]
        if missing <= 0:
            continue
        challenge = inst.challenges[slot.j]
        counts: dict[str, int] = defaultdict(int)
        alone: dict[str, int] = defaultdict(int)
        eligible = []
        for reviewer in inst.reviewers:
            breaches: list[Breach] = book.breaches(reviewer, challenge, None, team)
            if not slot.place.accepts(reviewer):
                breaches.append(Breach("requirement", ""))
            rules = {b.rule for b in breaches}
            for rule in rules:
                counts[rule] += 1
            if len(rules) == 1:
                alone[next(iter(rules))] += 1
            if not rules:
                eligible.append(reviewer)
        members = team.by_challenge.get(challenge.id, ())
        no_qualified = challenge.needs_fully_qualified and not any(
            inst.problem.reviewer(a.reviewer).fully_qualified for a in members
        )
        if eligible and no_qualified and not any(r.fully_qualified for r in eligible):
            blocking = "fully_qualified"
            counts[blocking] = alone[blocking] = len(eligible)
            reason = (
                f"{RULE_TEXT[blocking]} Nobody fully qualified can join this team, and the "
                f"{len(eligible)} reviewer(s) who could take this place are not."
            )
        elif eligible:
            blocking = "unplaced"
            reason = (
                f"{len(eligible)} reviewer(s) break no rule for this place but were not placed "
                "on it: leaving it open cost less under the weights, or the search stopped "
                "first. Propose someone by hand, or run again with more time."
            )
        elif not inst.reviewers:
            blocking = "pool"
            reason = "The pool has no reviewers."
        else:
            blocking = min(
                counts, key=lambda rule: (-alone[rule], -counts[rule], RULES.index(rule))
            )
            reason = (
                f"No reviewer can take this place. {RULE_TEXT[blocking]} This rule keeps out "
                f"{counts[blocking]} of the {len(inst.reviewers)} reviewers"
                + (f", {alone[blocking]} of them for no other reason." if alone[blocking] else ".")
            )
        out.append(
            Unfilled(
                challenge=challenge.id,
                role=slot.place.role,
                requirement=slot.place.requirement,
                missing=missing,
                blocking=blocking,
                reason=reason,
                excluded=tuple((rule, counts[rule]) for rule in RULES if counts.get(rule)),
                eligible=len(eligible),
            )
        )
    return out


def _shortfall(inst: _Instance) -> list[Shortfall]:
    """Per (role, requirement): open places against the caps of the people who meet it."""
    places = defaultdict(int)
    for slot in inst.slots:
        places[slot.place.role, slot.place.requirement] += slot.open
    out = []
    for (role, requirement), needed in places.items():
        capacity = sum(
            inst.cap_left[i]
            for i, r in enumerate(inst.reviewers)
            if requirement is None or requirement in r.requirements_met
        )
        if capacity < needed:
            out.append(Shortfall(role, requirement, needed, capacity, needed - capacity))
    return out


def _check(inst: _Instance, chosen: list[int]) -> list[int]:
    """Drop whatever breaks a rule (nothing, by construction; kept as a last guard): a member
    who breaks one, every proposed member of a team that breaks one."""
    while True:
        proposals = _assignments(inst, chosen)
        broken = inst.book.solution_breaches(proposals)
        if not broken:
            return chosen
        members = {member for _challenge, member, _breach in broken if member is not None}
        teams = {challenge for challenge, member, _breach in broken if member is None}
        chosen = [
            a
            for a, p in zip(chosen, proposals, strict=True)
            if p not in members and p.challenge not in teams
        ]


def _assignments(inst: _Instance, chosen: list[int]) -> list[Assignment]:
    return [
        Assignment(
            inst.challenges[int(inst.arc_j[a])].id,
            inst.reviewers[int(inst.arc_i[a])].id,
            inst.slots[int(inst.arc_k[a])].place.role,
        )
        for a in chosen
    ]


# The matcher ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relaxation:
    bound: int
    chosen: list[int]


def relax(inst: _Instance) -> Relaxation:
    """The min-cost flow over every candidate, without the rules between members."""
    cost, chosen = _flow(inst, np.arange(len(inst.arc_i), dtype=np.int64), set())
    return Relaxation(cost, chosen)


def solve(problem: Problem, options: Options | None = None) -> Answer:
    """Propose members for every open place of the problem (see the module's doc)."""
    options = options or Options()
    started = time.perf_counter()
    inst = _Instance(problem)
    relaxation = relax(inst)
    method = ["min-cost flow"]
    if _clean(inst, relaxation.chosen):
        chosen = relaxation.chosen
    else:
        arcs = (
            np.arange(len(inst.arc_i))
            if len(inst.arc_i) <= options.exact_arcs
            else _prune(inst, options.repair_candidates, relaxation.chosen)
        )
        chosen, rounds = _repair(inst, arcs, options.max_repair_rounds, options.repair_evaluations)
        method.append(f"repair ({rounds} rounds)")
    if options.polish_seconds > 0 and len(inst.arc_i):
        arcs = (
            np.arange(len(inst.arc_i))
            if len(inst.arc_i) <= options.exact_arcs
            else _prune(inst, options.polish_candidates, [*relaxation.chosen, *chosen])
        )
        chosen, summary = _polish(inst, arcs, _check(inst, chosen), options)
        method.append(f"CP-SAT polish ({summary})")
    chosen = _check(inst, chosen)
    return _answer(inst, chosen, relaxation.bound, started, ", then ".join(method))


def _clean(inst: _Instance, chosen: list[int]) -> bool:
    return not inst.book.solution_breaches(_assignments(inst, chosen))


def _answer(inst: _Instance, chosen: list[int], bound: int, started: float, method: str) -> Answer:
    # Order: challenge, place, reviewer, as in the problem.
    chosen = sorted(
        chosen, key=lambda a: (int(inst.arc_j[a]), int(inst.arc_k[a]), int(inst.arc_i[a]))
    )
    proposals = _assignments(inst, chosen)
    team = inst.book.team(proposals)
    order = defaultdict(list)  # reviewer -> their proposed challenges by start
    for a in chosen:
        order[int(inst.arc_i[a])].append(int(inst.arc_j[a]))
    for js in order.values():
        js.sort(key=lambda j: (inst.starts[j], j))
    reasons = []
    for a, proposal in zip(chosen, proposals, strict=True):
        i, j, k = int(inst.arc_i[a]), int(inst.arc_j[a]), int(inst.arc_k[a])
        reviewer = inst.reviewers[i]
        teammates = [
            m.reviewer for m in team.by_challenge[proposal.challenge] if m.reviewer != reviewer.id
        ]
        reasons.append(
            inst.prefs.reasons(
                reviewer, inst.challenges[j], inst.slots[k].place, order[i].index(j) + 1, teammates
            )
        )
    return Answer(
        assignments=tuple(proposals),
        reasons=tuple(reasons),
        unfilled=tuple(_unfilled(inst, chosen, proposals)),
        shortfall=tuple(_shortfall(inst)),
        objective=inst.objective(chosen) / SCALE,
        bound=bound / SCALE,
        seconds=time.perf_counter() - started,
        method=method,
    )


def relaxation_bound(problem: Problem) -> float:
    """The min-cost-flow relaxation's optimum alone (the bench's reference)."""
    return relax(_Instance(problem)).bound / SCALE


__all__ = ["Options", "relaxation_bound", "solve"]
