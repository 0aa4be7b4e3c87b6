"""Dates away become once per person and dates (reviewers 0004): a database holding the same
dates away recorded more than once (issue 11: twenty identical submits made twenty rows)
migrates to one row of them, the oldest, keeping the reason given; nothing else is touched."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reviewers.models import Unavailability
from tests import factories

BEFORE = [("reviewers", "0003_completed_reviews")]
JULY_14 = datetime.date(2031, 7, 14)
JULY_21 = datetime.date(2031, 7, 21)


def migrate_to(targets) -> None:
    MigrationExecutor(connection).migrate(targets)


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_dates_away_recorded_more_than_once_are_kept_once_the_oldest_with_its_reason():
    priya, sam = (factories.PoolMembershipFactory().reviewer for _ in range(2))
    migrate_to(BEFORE)
    away = (
        MigrationExecutor(connection)
        .loader.project_state(BEFORE)
        .apps.get_model("reviewers", "Unavailability")
    )

    def add(reviewer, starts_on, reason=""):
        return away.objects.create(
            reviewer_id=reviewer.pk, starts_on=starts_on, ends_on=starts_on, reason=reason
        ).pk

    oldest = add(priya, JULY_14)
    add(priya, JULY_14, "Annual leave")
    add(priya, JULY_14, "Holiday")
    other_dates = add(priya, JULY_21, "Training")
    someone_else = add(sam, JULY_14, "Annual leave")
    add(sam, JULY_14)

    migrate_to(latest())

    assert list(
        Unavailability.objects.order_by("pk").values_list("pk", "reviewer", "starts_on", "reason")
    ) == [
        (oldest, priya.pk, JULY_14, "Annual leave"),
        (other_dates, priya.pk, JULY_21, "Training"),
        (someone_else, sam.pk, JULY_14, "Annual leave"),
    ]
