"""Running Celery tasks in tests: through a real worker on the broker when CELERY_BROKER_URL is
set (CI runs Redis), eagerly in-process otherwise (the embedded default); and a broker that is
down. The service keeps no task results (CELERY_TASK_IGNORE_RESULT): a test that waits for one
sends its task with `apply_async(kwargs=..., ignore_result=False)`."""

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from celery.contrib.testing.worker import start_worker

from peerreview.celery import app as celery_app

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# Nothing listens on port 1: publishing there fails at once, as when the broker is down.
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@contextmanager
def running_tasks() -> Iterator[str]:
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


def _forget_broker_connections() -> None:
    # Celery keeps its connection and producer pools for the app's lifetime; after the broker
    # address changes, drop them as Celery itself does in a forked child (Celery._after_fork).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tasks are sent to a broker that does not answer (Celery reads these environment
    variables before its configuration); on leaving, the real broker is back."""
    always_eager = celery_app.conf.task_always_eager
    with monkeypatch.context() as patch:
        patch.setenv("CELERY_BROKER_URL", UNREACHABLE_BROKER)
        patch.setenv("CELERY_BROKER_WRITE_URL", UNREACHABLE_BROKER)
        celery_app.conf.task_always_eager = False
        _forget_broker_connections()
        try:
            yield
        finally:
            celery_app.conf.task_always_eager = always_eager
    _forget_broker_connections()
