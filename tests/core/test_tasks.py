"""Celery: a real worker against the broker when CELERY_BROKER_URL is set (CI runs Redis),
tasks run eagerly in-process otherwise (the embedded default)."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from core.tasks import send_email
from peerreview.celery import app as celery_app

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")


@pytest.fixture
def task_runner():
    """'worker' with a real Celery worker consuming from the broker, or 'eager'."""
    if not BROKER_URL:
        yield "eager"
        return
    celery_app.conf.task_always_eager = False
    # Start from an empty queue: a message left by an interrupted run would be consumed too.
    celery_app.control.purge()
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield "worker"
    finally:
        celery_app.conf.task_always_eager = True


def test_send_email_task_delivers_through_the_configured_runner(task_runner, mailoutbox):
    result = send_email.delay(
        subject="Board meeting on 3 December",
        body="The agenda is ready.",
        to=["board@example.org"],
        html_body="<p>The agenda is ready.</p>",
    )

    assert result.get(timeout=30) == 1
    assert task_runner == ("worker" if BROKER_URL else "eager")
    assert [message.subject for message in mailoutbox] == ["Board meeting on 3 December"]
    assert mailoutbox[0].to == ["board@example.org"]
    assert mailoutbox[0].alternatives[0].mimetype == "text/html"


@pytest.mark.django_db
def test_healthz_broker_state_matches_configuration(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = not BROKER_URL

    body = client.get(reverse("core:healthz")).json()

    assert body["checks"]["broker"] == ("ok" if BROKER_URL else "eager")
