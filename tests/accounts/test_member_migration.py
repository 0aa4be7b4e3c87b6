"""The migrations that brought in member organisations make every organisation that had
applied to a programme, or follows a plan after its peer review, a member of it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_MEMBERS = [
    ("accounts", "0001_initial"),
    ("applications", "0003_board_governance"),
    ("improvement", "0003_action_events"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(
        [(app, name) for app, name in targets if name is not None]
    ).apps


def test_services_that_applied_or_follow_a_programmes_plan_become_its_members(demo_world):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    old = _migrate(BEFORE_MEMBERS)
    applied = set(
        old.get_model("applications", "Application").objects.values_list(
            "programme_id", "organisation_id"
        )
    )
    followed = set(
        old.get_model("improvement", "ImprovementPlan")
        .objects.filter(programme__isnull=False)
        .values_list("programme_id", "organisation_id")
    )
    members = set(
        _migrate(latest)
        .get_model("accounts", "MemberOrganisation")
        .objects.values_list("programme_id", "organisation_id")
    )

    assert applied, "the demo world has applications"
    assert followed, "the demo world has plans after a programme's review"
    assert members == applied | followed
