"""`in` on an integer column leaves out the values the column cannot hold (core.lookups):
they match no row, so they are never sent to the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from tests import factories

BEYOND_64_BITS = [2**63, -(2**63) - 1, 10**23]


@pytest.mark.django_db
def test_an_id_list_keeps_the_ids_a_column_can_hold():
    person = factories.UserFactory()

    with CaptureQueriesContext(connection) as queries:
        found = list(User.objects.filter(pk__in=[*BEYOND_64_BITS, person.pk]))

    assert found == [person]
    assert [str(value) in queries.captured_queries[0]["sql"] for value in BEYOND_64_BITS] == [
        False,
        False,
        False,
    ]


@pytest.mark.django_db
def test_an_id_list_of_nothing_a_column_can_hold_matches_nothing_without_a_query(
    django_assert_num_queries,
):
    factories.UserFactory()

    with django_assert_num_queries(0):
        assert list(User.objects.filter(pk__in=BEYOND_64_BITS)) == []
    assert User.objects.exclude(pk__in=BEYOND_64_BITS).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("value", BEYOND_64_BITS)
def test_a_foreign_key_beyond_what_its_column_holds_matches_nothing(value):
    from accounts.models import Membership

    factories.MembershipFactory()

    assert not Membership.objects.filter(user_id=value).exists()
    assert not Membership.objects.filter(programme=value).exists()
    assert Membership.objects.exclude(user_id=value).count() == 1
