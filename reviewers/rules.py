"""Who may see and change reviewers' records and the training pages.

A reviewer sees and edits their own record; coordinators see and manage the people in (or
asking to join) their programmes' pools. A person may leave a pool they are in; its
coordinators may record that they have left.

A change to a reviewer's home organisation or job role made by someone else than a
coordinator of a pool they are in (or asking to join) waits for such a coordinator to confirm
it: never the person themself, even if they coordinate that pool."""

import rules

from accounts.rules import coordinates, is_coordinator, is_superuser

from .enums import PoolStatus

# The places in a pool whose coordinators vouch for a person's details: they are in the pool,
# or asking to join it (the answer to the request checks them).
VOUCHING = (PoolStatus.ACCEPTED, PoolStatus.REQUESTED)


@rules.predicate
def is_self(user, reviewer) -> bool:
    return reviewer is not None and reviewer.user_id == user.pk


@rules.predicate
def coordinates_their_pool(user, reviewer) -> bool:
    """A coordinator of a programme whose pool the reviewer is in or asked to join. Uses the
    reviewer's prefetched pools when there are (pages fetch them anyway)."""
    return reviewer is not None and any(
        coordinates(user, pool.programme_id) for pool in reviewer.pools.all()
    )


@rules.predicate
def coordinates_a_pool_they_are_in(user, reviewer) -> bool:
    """A coordinator of a programme whose pool the reviewer is in or asking to join (not
    one they left or were not accepted into). Uses the prefetched pools, as above."""
    return reviewer is not None and any(
        pool.status in VOUCHING and coordinates(user, pool.programme_id)
        for pool in reviewer.pools.all()
    )


@rules.predicate
def is_own_place(user, membership) -> bool:
    """The pool membership is the user's own."""
    return membership is not None and membership.reviewer.user_id == user.pk


@rules.predicate
def coordinates_the_pool(user, membership) -> bool:
    """A coordinator of the programme whose pool the membership is in."""
    return membership is not None and coordinates(user, membership.programme_id)


can_view_reviewer = is_superuser | is_self | coordinates_their_pool
can_change_reviewer = can_view_reviewer

rules.add_perm("reviewers.view_directory", is_superuser | is_coordinator)
rules.add_perm("reviewers.manage_training", is_superuser | is_coordinator)
# Past reviews are records of work done: coordinators enter them when migrating a pool.
rules.add_perm("reviewers.record_past_review", is_superuser | coordinates_their_pool)
# Leaving a pool: the person themself, or the pool's coordinators recording it.
rules.add_perm("reviewers.leave_pool", is_superuser | is_own_place | coordinates_the_pool)
# Changing a person's home organisation or job role so that it counts at once, and confirming
# or rejecting a change someone else asked for: never for the person themself.
rules.add_perm(
    "reviewers.confirm_change", ~is_self & (is_superuser | coordinates_a_pool_they_are_in)
)
