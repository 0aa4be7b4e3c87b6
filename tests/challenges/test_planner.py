"""The cycle planner (challenges.planner), pure: property-based tests (hypothesis) over random
programmes of 2 to 60 organisations, each plan checked by a validator written here, apart from
the planner; and the cases a person would ask about."""

import math
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from challenges.planner import (
    Member,
    Plan,
    PlanError,
    RegionPreference,
    group_sizes,
    month_slots,
    plan_cycle,
)

CHECKS = settings(
    max_examples=120,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# A small solver budget keeps the tests quick; the rules hold whatever the budget.
BUDGET = 0.02


def broken_rules(plan: Plan, members: list[Member], months: list, *, triads: bool) -> list[str]:
    """Every rule the plan breaks, in words (empty when it keeps them all)."""
    ids = [member.id for member in members]
    reviews = plan.reviews
    broken = []
    delivering = Counter(review.reviewing for review in reviews)
    receiving = Counter(review.reviewed for review in reviews)
    if sorted(delivering) != sorted(ids) or set(delivering.values()) != {1}:
        broken.append(f"delivering: {dict(delivering)}")
    if sorted(receiving) != sorted(ids) or set(receiving.values()) != {1}:
        broken.append(f"receiving: {dict(receiving)}")
    pairs = {(review.reviewing, review.reviewed) for review in reviews}
    broken += [f"self-review: {a}" for a, b in pairs if a == b]
    broken += [f"reciprocal: {a} and {b}" for a, b in pairs if (b, a) in pairs and a < b]
    per_month = Counter(review.month for review in reviews)
    if any(month not in months for month in per_month):
        broken.append(f"unknown month in {sorted(per_month)}")
    most = math.ceil(len(ids) / len(months))
    broken += [f"month {m}: {count} > {most}" for m, count in per_month.items() if count > most]
    groups: dict[int, set] = {}
    for review in reviews:
        groups.setdefault(review.group, set()).update((review.reviewing, review.reviewed))
    for review in reviews:
        if review.reviewed not in groups[review.group]:
            broken.append(f"review {review} leaves its group")
    if triads:
        sizes = sorted(len(group) for group in groups.values())
        if sorted(group_sizes(len(ids))) != sizes:
            broken.append(f"groups of {sizes}")
        # A ring: following who each reviews goes round the whole group and back.
        successor = {review.reviewing: review.reviewed for review in reviews}
        for number, group in groups.items():
            start = next(iter(group))
            seen, at = [start], successor[start]
            while at != start:
                seen.append(at)
                at = successor[at]
            if set(seen) != group:
                broken.append(f"group {number} is not one ring: {seen} of {group}")
    return broken


@st.composite
def programmes(draw, smallest: int = 3):
    count = draw(st.integers(smallest, 60))
    regions = draw(st.integers(1, 6))
    members = [
        Member(id=k + 100, region=draw(st.sampled_from([None, *range(regions)])))
        for k in range(count)
    ]
    months = list(range(draw(st.integers(1, 24))))
    return members, months


@CHECKS
@given(
    programme=programmes(),
    triads=st.booleans(),
    region=st.sampled_from(list(RegionPreference)),
    seed=st.integers(0, 1000),
)
def test_plan_keeps_every_rule(programme, triads, region, seed):
    members, months = programme

    plan = plan_cycle(members, months, triads=triads, region=region, seed=seed, budget=BUDGET)

    assert broken_rules(plan, members, months, triads=triads) == []


@CHECKS
@given(programme=programmes(), triads=st.booleans())
def test_plan_from_three_months_on_nobody_delivers_in_the_month_they_receive(programme, triads):
    members, months = programme
    if len(months) < 3:
        months = [*months, "extra 1", "extra 2"]

    plan = plan_cycle(members, months, triads=triads, budget=BUDGET)

    delivers = {review.reviewing: review.month for review in plan.reviews}
    receives = {review.reviewed: review.month for review in plan.reviews}
    assert [member.id for member in members if delivers[member.id] == receives[member.id]] == []


@CHECKS
@given(
    programme=programmes(smallest=4),
    triads=st.booleans(),
    region=st.sampled_from(list(RegionPreference)),
    data=st.data(),
)
def test_plan_keeps_pairs_apart_or_says_it_cannot(programme, triads, region, data):
    members, months = programme
    ids = [member.id for member in members]
    apart = data.draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1]),
            max_size=2 * len(ids),
        )
    )

    try:
        plan = plan_cycle(members, months, triads=triads, region=region, apart=apart, budget=BUDGET)
    except PlanError as error:
        refusal = str(error)
    else:
        refusal = None

    if refusal is not None:
        assert "must not review each other" in refusal or "time allowed" in refusal
        return
    assert broken_rules(plan, members, months, triads=triads) == []
    kept_apart = {frozenset(pair) for pair in apart}
    assert [
        review
        for review in plan.reviews
        if frozenset((review.reviewing, review.reviewed)) in kept_apart
    ] == []
    if triads:
        together = {}
        for review in plan.reviews:
            together.setdefault(review.group, set()).update((review.reviewing, review.reviewed))
        assert [
            pair for pair in kept_apart if any(pair <= group for group in together.values())
        ] == []


@settings(CHECKS, max_examples=40)
@given(programme=programmes(), triads=st.booleans(), seed=st.integers(0, 50))
def test_plan_is_the_same_for_the_same_seed(programme, triads, seed):
    members, months = programme
    region = RegionPreference.ELSEWHERE

    first = plan_cycle(members, months, triads=triads, region=region, seed=seed, budget=BUDGET)
    again = plan_cycle(members, months, triads=triads, region=region, seed=seed, budget=BUDGET)

    assert first == again


@pytest.mark.parametrize("triads", [False, True])
def test_plan_of_two_is_refused_as_a_reciprocal_pair(triads):
    members = [Member(1, "north"), Member(2, "north")]

    with pytest.raises(PlanError, match="reciprocal pair"):
        plan_cycle(members, [1, 2, 3], triads=triads)


@pytest.mark.parametrize("count", [0, 1])
def test_plan_of_fewer_than_two_is_refused(count):
    with pytest.raises(PlanError, match="at least three"):
        plan_cycle([Member(k) for k in range(count)], [1])


def test_plan_without_months_is_refused():
    with pytest.raises(PlanError, match="no month"):
        plan_cycle([Member(k) for k in range(3)], [])


def test_plan_with_an_organisation_twice_is_refused():
    with pytest.raises(PlanError, match="twice"):
        plan_cycle([Member(1), Member(2), Member(1)], [1])


def test_plan_impossible_with_pairs_kept_apart_says_so():
    # Organisation 0 may review nobody: every other organisation is kept apart from it.
    members = [Member(k) for k in range(6)]

    with pytest.raises(PlanError, match="must not review each other"):
        plan_cycle(members, [1, 2], apart=[(0, k) for k in range(1, 6)])


def test_plan_in_triads_apart_within_every_group_says_so():
    # Three organisations make one triad, which cannot keep 1 and 2 apart.
    with pytest.raises(PlanError, match="must not review each other"):
        plan_cycle([Member(0), Member(1), Member(2)], [1], triads=True, apart=[(1, 2)])


@pytest.mark.parametrize(
    ("count", "sizes"),
    [
        (3, [3]),
        (4, [4]),
        (5, [5]),
        (6, [3, 3]),
        (7, [4, 3]),
        (8, [4, 4]),
        (15, [3] * 5),
        (16, [4, 3, 3, 3, 3]),
        (17, [4, 4, 3, 3, 3]),
    ],
)
def test_group_sizes_are_threes_with_fours_for_the_remainder(count, sizes):
    assert group_sizes(count) == sizes


def test_plan_in_triads_of_fifteen_is_five_three_rings():
    # The Yorkshire and the Humber round: fifteen authorities.
    members = [Member(k, "yh") for k in range(15)]

    plan = plan_cycle(members, list(range(18)), triads=True, seed=3)

    assert [len(ring) for ring in plan.rings()] == [3, 3, 3, 3, 3]
    assert broken_rules(plan, members, list(range(18)), triads=True) == []


def test_plan_with_fewer_reviews_than_months_holds_one_a_month_spread_out():
    members = [Member(k) for k in range(6)]

    plan = plan_cycle(members, list(range(18)))

    assert sorted(review.month for review in plan.reviews) == [0, 3, 6, 9, 12, 15]


def test_month_slots_balance_and_swap_a_ring_seam():
    # A ring of four over three months: 0 1 2 0 would have its first organisation deliver
    # (month 0) and receive (month 0) together; the last two swap.
    assert month_slots([4], 3) == [[0, 1, 0, 2]]
    assert month_slots([3, 3], 2) == [[0, 1, 0], [1, 0, 1]]


def test_plan_prefers_partners_from_another_region_for_distance():
    members = [Member(k, "north" if k % 2 else "south") for k in range(10)]

    plan = plan_cycle(members, list(range(10)), region=RegionPreference.ELSEWHERE, seed=7)

    assert plan.region_matches == 10
    region = {member.id: member.region for member in members}
    assert [r for r in plan.reviews if region[r.reviewing] == region[r.reviewed]] == []


def test_plan_prefers_partners_from_the_same_region_for_closeness():
    members = [Member(k, "north" if k < 5 else "south") for k in range(10)]

    plan = plan_cycle(members, list(range(10)), region=RegionPreference.SAME, seed=7)

    region = {member.id: member.region for member in members}
    assert [r for r in plan.reviews if region[r.reviewing] != region[r.reviewed]] == []
    assert plan.region_matches == 10


def test_plan_in_triads_for_closeness_groups_regions_together():
    members = [Member(k, ["a", "b", "c"][k // 3]) for k in range(9)]

    plan = plan_cycle(members, [1, 2, 3], triads=True, region="same", seed=11)

    region = {member.id: member.region for member in members}
    assert sorted(sorted({region[r.reviewing] for r in ring}) for ring in plan.rings()) == [
        ["a"],
        ["b"],
        ["c"],
    ]


def test_plan_seed_changes_who_reviews_whom():
    members = [Member(k) for k in range(12)]
    months = list(range(6))

    plans = {
        tuple((r.reviewing, r.reviewed) for r in plan_cycle(members, months, seed=s).reviews)
        for s in range(5)
    }

    assert len(plans) > 1


def test_plan_ignores_pairs_naming_organisations_not_in_it():
    members = [Member(k) for k in range(3)]

    plan = plan_cycle(members, [1], apart=[(0, 99), (5, 6)])

    assert len(plan.reviews) == 3
