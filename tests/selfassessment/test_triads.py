"""The triad proposer (plain Python): group sizes, every authority once, regions spread,
last round's partners kept apart where asked, the same answer for the same input."""

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selfassessment.triads import Authority, TriadError, group_sizes, propose


@pytest.mark.parametrize(
    ("count", "sizes"),
    [
        (2, [2]),
        (3, [3]),
        (4, [4]),
        (5, [3, 2]),
        (6, [3, 3]),
        (7, [4, 3]),
        (8, [4, 4]),
        (9, [3, 3, 3]),
        (10, [4, 3, 3]),
        (11, [4, 4, 3]),
    ],
)
def test_threes_with_fours_taking_the_remainder(count, sizes):
    assert group_sizes(count) == sizes


def test_one_authority_cannot_be_grouped():
    with pytest.raises(TriadError):
        propose([Authority(1, "a")])


def test_authorities_of_one_region_are_spread():
    authorities = [
        Authority(i, "north" if i <= 3 else "south" if i <= 6 else "west") for i in range(1, 10)
    ]
    proposal = propose(authorities)
    assert proposal.same_region == []
    for group in proposal.groups:
        assert len({a.region for a in authorities if a.id in group}) == 3


def test_last_rounds_partners_are_kept_apart_where_asked():
    # Nine authorities: each new group takes one from each of last round's three.
    authorities = [Authority(i) for i in range(1, 10)]
    first = propose(authorities)
    previous = {pair for group in first.groups for pair in combinations(group, 2)}
    again = propose(authorities, previous_pairs=previous)
    assert again.repeats == []
    for group in again.groups:
        assert not any(pair in previous for pair in combinations(sorted(group), 2))
    # Not asked: the same groups as before are allowed.
    assert (
        propose(authorities, previous_pairs=previous, avoid_previous=False).groups == first.groups
    )


def test_a_repeat_that_cannot_be_avoided_is_named():
    # Three authorities make one group, whatever last round was.
    proposal = propose([Authority(i) for i in (1, 2, 3)], previous_pairs={(1, 2)})
    assert proposal.groups == [[1, 2, 3]]
    assert proposal.repeats == [(1, 2)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from("abcde"), min_size=2, max_size=40),
    st.randoms(use_true_random=False),
)
def test_every_authority_once_in_groups_of_the_rule(regions, rng):
    authorities = [Authority(i + 1, region) for i, region in enumerate(regions)]
    proposal = propose(authorities)
    placed = sorted(i for group in proposal.groups for i in group)
    assert placed == [a.id for a in authorities]
    assert sorted(len(g) for g in proposal.groups) == sorted(group_sizes(len(authorities)))
    # Deterministic, whatever order the authorities come in.
    shuffled = list(authorities)
    rng.shuffle(shuffled)
    assert propose(shuffled).groups == proposal.groups
