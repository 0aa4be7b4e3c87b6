"""Two changes to teams of one cycle at the same moment are checked one after the other:
services lock the cycle's row before asking the rules, so two coordinators inviting the same
person to two overlapping challenges get one invitation and one refusal.

The concurrent test needs two database connections holding real row locks, which SQLite does
not have: it runs on PostgreSQL, as CI does. The deterministic one runs everywhere."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections

from challenges import services
from challenges.enums import HOLDS_PLACE
from challenges.models import Challenge, TeamMember
from offers.enums import TeamRole
from tests import factories

from .world import challenge, pool_member, world

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def two_overlapping_challenges_and_one_person():
    w = world()
    first = challenge(w)
    second = Challenge.objects.create(
        programme=w["programme"],
        organisation=factories.OrganisationFactory(),
        review_type=w["review_type"],
        cycle=first.cycle,
        starts_on=first.starts_on,
        ends_on=first.ends_on,
        created_by=w["coordinator"],
    )
    return w, first, second, pool_member(w, qualified=False)


@pytest.mark.django_db
def test_the_second_invitation_to_overlapping_days_is_refused():
    w, first, second, person = two_overlapping_challenges_and_one_person()
    services.member_invite(
        challenge=first, reviewer=person, role=TeamRole.REVIEWER, by=w["coordinator"]
    )
    with pytest.raises(ValidationError, match="overlaps the on-site days"):
        services.member_invite(
            challenge=second, reviewer=person, role=TeamRole.REVIEWER, by=w["coordinator"]
        )


@pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="needs two real connections with row locks: runs on PostgreSQL, as CI does",
)
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_inviting_one_person_at_once_make_one_invitation():
    w, first, second, person = two_overlapping_challenges_and_one_person()
    barrier = threading.Barrier(2, timeout=10)
    refusals: list[ValidationError] = []
    errors: list[BaseException] = []

    def invite(target) -> None:
        try:
            barrier.wait()
            services.member_invite(
                challenge=target, reviewer=person, role=TeamRole.REVIEWER, by=w["coordinator"]
            )
        except ValidationError as refusal:
            refusals.append(refusal)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=invite, args=[target]) for target in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    assert len(refusals) == 1
    assert TeamMember.objects.filter(reviewer=person, status__in=sorted(HOLDS_PLACE)).count() == 1
