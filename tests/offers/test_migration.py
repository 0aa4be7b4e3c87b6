"""Offers, team places, lines of enquiry and cycles moved from `applications` to `offers` by
their migrations' picture alone: a database holding the demo world migrates across the move,
backwards and forwards, without a row lost or a link broken."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

# The last migrations before the move, and the apps' picture there.
BEFORE_THE_MOVE = [
    ("applications", "0001_initial"),
    ("reviewers", "0001_initial"),
    ("offers", None),
]
MOVED = ["ReviewType", "TeamPlace", "LineOfEnquiry", "Cycle"]


def _migrate(targets) -> object:
    """Migrate to `targets` and return the apps as the migrations then picture them."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    nodes = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(nodes).apps


def _facts(apps, label: str) -> dict[str, object]:
    """What must survive the move: every moved row, with what points at it."""
    facts: dict[str, object] = {
        name: sorted(apps.get_model(label, name).objects.values_list("pk", flat=True))
        for name in MOVED
    }
    application = apps.get_model("applications", "Application")
    facts["applications"] = sorted(
        application.objects.values_list("pk", "review_type_id", "cycle_id")
    )
    facts["chosen lines"] = sorted(
        application.lines_of_enquiry.through.objects.values_list(
            "application_id", "lineofenquiry_id"
        )
    )
    reviewer = apps.get_model("reviewers", "Reviewer")
    facts["expertise"] = sorted(
        reviewer.expertise.through.objects.values_list("reviewer_id", "lineofenquiry_id")
    )
    facts["team places per offer"] = sorted(
        apps.get_model(label, "TeamPlace").objects.values_list("review_type_id", "count")
    )
    facts["offer history"] = apps.get_model(label, "HistoricalReviewType").objects.count()
    return facts


def test_a_database_with_the_demo_world_migrates_across_the_move_both_ways(demo_world):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    moved_types = ContentType.objects.filter(
        app_label="offers", model__in=[m.lower() for m in MOVED]
    )
    type_ids = dict(moved_types.values_list("model", "pk"))
    after = _facts(_migrate(latest), "offers")
    assert all(after[name] for name in MOVED), "the demo world has offers, lines and cycles"
    assert after["chosen lines"]
    assert after["expertise"]

    back = _facts(_migrate(BEFORE_THE_MOVE), "applications")
    assert back == after
    assert (
        dict(
            ContentType.objects.filter(app_label="applications", model__in=type_ids).values_list(
                "model", "pk"
            )
        )
        == type_ids
    )

    again = _facts(_migrate(latest), "offers")
    assert again == after
    assert dict(moved_types.values_list("model", "pk")) == type_ids
