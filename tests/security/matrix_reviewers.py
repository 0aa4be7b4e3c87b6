"""Access cases for the reviewer pool (/reviewers/): merged into the main MATRIX.

The directory is for coordinators. A reviewer's record, and its changes, are for the person
themselves and the coordinators of a pool they are in or asked to join; everyone else gets
404. Recording past reviews is for those coordinators only; the person gets 403. Leaving a
pool is for the person and that pool's coordinators: a coordinator of another of the person's
pools sees the record but gets 403. The changes of details waiting are listed for
coordinators; answering one is for the coordinators of a pool the person is in or asking to
join (a coordinator of a pool they left sees the record but gets 403), never the person."""

import datetime
import re
from types import SimpleNamespace

from django.utils import timezone

from tests import factories

from .matrix import COORDINATORS, LOGIN, REDIRECT, SIGNED_IN, VISIBLE_TO, Case, answers


class RedirectMatching:
    """An expected redirect whose path holds an id the cases cannot know in advance (the
    access matrix compares answers with ==)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(f"redirect:{pattern}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and self.pattern.fullmatch(other) is not None

    def __hash__(self) -> int:
        return hash(self.pattern.pattern)

    def __repr__(self) -> str:
        return self.pattern.pattern


# The person themselves, their pool's coordinator and superusers.
ON_THEIR_RECORD = VISIBLE_TO(reviewer=200, coordinator=200, superuser=200)

CASES: dict[str, Case] = {
    "reviewers:list": Case(COORDINATORS),
    "reviewers:export": Case(COORDINATORS),
    "reviewers:export_xlsx": Case(COORDINATORS),
    "reviewers:join": Case(SIGNED_IN),
    # The confirmation shows the person's open request; without one, the form to make one.
    "reviewers:join_sent": Case(
        answers(REDIRECT("/reviewers/join/"), anonymous=LOGIN, reviewer=200)
    ),
    # Only users["reviewer"] has a reviewer record of their own.
    "reviewers:me": Case(
        answers(404, anonymous=LOGIN, reviewer=RedirectMatching(r"/reviewers/\d+/"))
    ),
    "reviewers:detail": Case(ON_THEIR_RECORD, args=lambda w: [w.pool_member.pk]),
    "reviewers:edit": Case(ON_THEIR_RECORD, args=lambda w: [w.pool_member.pk]),
    "reviewers:away": Case(ON_THEIR_RECORD, args=lambda w: [w.pool_member.pk]),
    "reviewers:away_remove": Case(
        ON_THEIR_RECORD, args=lambda w: [w.pool_member.pk, w.pool_away.pk]
    ),
    # Someone only in another programme's pool: not this coordinator's to see (404).
    "reviewers:conflicts": Case(VISIBLE_TO(superuser=200), args=lambda w: [w.pool_outsider.pk]),
    "reviewers:cpd_record": Case(ON_THEIR_RECORD, args=lambda w: [w.pool_member.pk]),
    "reviewers:past_reviews": Case(
        VISIBLE_TO(reviewer=403, coordinator=200, superuser=200),
        args=lambda w: [w.pool_member.pk],
    ),
    # Another person's request to join the coordinator's pool.
    "reviewers:decide": Case(
        VISIBLE_TO(coordinator=200, superuser=200), args=lambda w: [w.pool_request.pk]
    ),
    # users["reviewer"]'s place in the programme's pool: the confirmation page (a GET changes
    # nothing).
    "reviewers:leave": Case(ON_THEIR_RECORD, args=lambda w: [w.pool_place.pk]),
    # Their request to join the other programme's pool: not the coordinator's pool (403, as
    # they see the record); for the person, nothing to leave (back to the record).
    "reviewers:leave#request": Case(
        VISIBLE_TO(
            reviewer=RedirectMatching(r"/reviewers/\d+/"),
            coordinator=403,
            superuser=RedirectMatching(r"/reviewers/\d+/"),
        ),
        args=lambda w: [w.pool_other_request.pk],
    ),
    "reviewers:changes": Case(COORDINATORS),
    # users["reviewer"] asked to change their details: not theirs to confirm (403).
    "reviewers:change_decide": Case(
        VISIBLE_TO(reviewer=403, coordinator=200, superuser=200),
        args=lambda w: [w.pool_change.pk],
    ),
    # Someone only in the other programme's pool.
    "reviewers:change_decide#outsider": Case(
        VISIBLE_TO(superuser=200), args=lambda w: [w.pool_outsider_change.pk]
    ),
    # Someone who left the coordinator's pool and is in the other programme's.
    "reviewers:change_decide#left": Case(
        VISIBLE_TO(coordinator=403, superuser=200), args=lambda w: [w.pool_leaver_change.pk]
    ),
}


def world(base: SimpleNamespace) -> dict:
    """users["reviewer"]'s record (in the programme's pool, asking to join the other
    programme's, with dates away); another person asking to join the programme's pool; and
    someone only in the other programme's pool; a change of details each of them, and someone
    who left the programme's pool, asked for."""
    from reviewers.enums import ChangeStatus, JobRole, PoolStatus
    from reviewers.models import PoolMembership, Reviewer, ReviewerChange, Unavailability

    def change_asked(reviewer: Reviewer) -> ReviewerChange:
        return ReviewerChange.objects.get_or_create(
            reviewer=reviewer,
            status=ChangeStatus.PENDING,
            defaults={
                "organisation": factories.OrganisationFactory(),
                "job_role": JobRole.OPERATIONAL_MANAGER,
                "asked_by": reviewer.user,
            },
        )[0]

    member = Reviewer.objects.filter(user=base.users["reviewer"]).first() or (
        factories.ReviewerFactory(user=base.users["reviewer"])
    )
    place, other_request = (
        PoolMembership.objects.get_or_create(
            reviewer=member, programme=programme, defaults={"status": status}
        )[0]
        for programme, status in (
            (base.programme, PoolStatus.ACCEPTED),
            (base.other_programme, PoolStatus.REQUESTED),
        )
    )
    starts_on = timezone.localdate() + datetime.timedelta(days=30)
    outsider = factories.PoolMembershipFactory(programme=base.other_programme).reviewer
    leaver = factories.PoolMembershipFactory(programme=base.other_programme).reviewer
    factories.PoolMembershipFactory(
        reviewer=leaver, programme=base.programme, status=PoolStatus.LEFT
    )
    return {
        "pool_member": member,
        "pool_place": place,
        "pool_other_request": other_request,
        "pool_away": Unavailability.objects.create(
            reviewer=member, starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=4)
        ),
        "pool_request": factories.PoolMembershipFactory(
            programme=base.programme, status=PoolStatus.REQUESTED
        ),
        "pool_outsider": outsider,
        "pool_change": change_asked(member),
        "pool_outsider_change": change_asked(outsider),
        "pool_leaver_change": change_asked(leaver),
    }
