"""The run_matcher task through a real Celery worker on the broker when CELERY_BROKER_URL is
set (CI runs Redis and PostgreSQL), eagerly in-process otherwise. These tests need
`transactional_db`: the worker has its own database connection, and the run is queued once
the page's transaction commits."""

import gc
from collections.abc import Iterator

import pytest
from django.urls import reverse

from challenges.enums import RunStatus
from challenges.models import MatchRun
from challenges.tasks import run_matcher
from tests import factories
from tests.factories.challenges import ChallengeFactory, offer, pool_member
from tests.tasks import running_tasks

ONE_PLACE = (("reviewer", "trained", 1),)


@pytest.fixture
def tasks(transactional_db) -> Iterator[str]:
    with running_tasks() as runner:
        yield runner
    gc.collect()


def settle(run: MatchRun) -> tuple[MatchRun, list[str]]:
    """Wait for the run to finish: each probe is one more message for it, behind those
    already queued; the solo worker takes them in order and the task is idempotent, so once a
    probe is done the page's message is done too. Eagerly, it is done already."""
    found = []
    for _ in range(5):
        found.append(
            run_matcher.apply_async(kwargs={"run_id": run.pk}, ignore_result=False).get(timeout=60)
        )
        run.refresh_from_db()
        if run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return run, found
    pytest.fail(f"run {run.pk} still {run.status} after {found}")


def test_proposed_team_is_worked_out_by_the_task_and_shown(tasks, client):
    programme = factories.ProgrammeFactory()
    coordinator = factories.coordinator(programme=programme)
    challenge = ChallengeFactory(programme=programme, review_type=offer(programme, *ONE_PLACE))
    reviewer = pool_member(programme, full_name="Ana Fairweather")
    client.force_login(coordinator)

    response = client.post(reverse("challenges:propose_team", args=[challenge.pk]))
    run, probes = settle(MatchRun.objects.get())

    assert response["Location"] == reverse("challenges:run", args=[run.pk])
    assert probes == ["skipped"]  # the page's own message had solved it
    assert run.status == RunStatus.DONE
    assert run.answer["assignments"] == [[challenge.pk, reviewer.pk, "reviewer"]]
    assert run.progress == "Proposed 1 member; 0 places not filled."
    assert run.started_at <= run.finished_at
    html = client.get(reverse("challenges:run", args=[run.pk])).content.decode()
    assert "Ana Fairweather" in html
