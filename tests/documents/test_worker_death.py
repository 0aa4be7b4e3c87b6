"""A whole worker dies mid-render (issue 17): the document is ready soon after a new worker is
up, with one row and one file. Needs a real broker and a database other processes can reach
(CI: Redis and PostgreSQL); the workers are processes of their own, killed as the kernel kills
one out of memory (SIGKILL to the worker and its children)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from documents import services
from documents.models import DocumentStatus, GeneratedDocument
from peerreview.celery import app as celery_app
from tests import factories
from tests.documents.held_document import HELD, release_key
from tests.tasks import BROKER_URL

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not BROKER_URL or connection.vendor != "postgresql",
        reason="needs a real broker and a database a worker process can reach (CI has both)",
    ),
]

HEARTBEAT_SECONDS = 1


def _database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def _start_worker() -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peerreview.settings_test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "PEERREVIEW_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DOCUMENTS_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "peerreview",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--include=tests.documents.held_document",
        ],
        env=environment,
        start_new_session=True,
    )


def _kill(worker: subprocess.Popen) -> None:
    """The whole worker, its children with it, with no chance to clean up."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)


def _wait_for(condition, *, within: float, doing=lambda: None) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not done within {within} s")
        doing()
        # Polling a condition another process changes.
        time.sleep(0.2)


def _status(document: GeneratedDocument) -> str:
    document.refresh_from_db()
    return document.status


def test_a_document_whose_worker_died_is_ready_soon_after_a_new_worker_is_up(settings):
    settings.DOCUMENTS_HEARTBEAT_SECONDS = HEARTBEAT_SECONDS
    settings.DOCUMENTS_STUCK_AFTER_SECONDS = 3 * HEARTBEAT_SECONDS
    server = redis.Redis.from_url(BROKER_URL)
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    programme = factories.ProgrammeFactory()
    requester = factories.coordinator(programme=programme)
    workers = [_start_worker()]
    try:
        document = services.document_request(
            kind=HELD, subject=programme, requested_by=requester, title="Held"
        )
        _wait_for(lambda: _status(document) == DocumentStatus.RENDERING, within=120)

        _kill(workers[0])
        server.set(release_key(document.pk), "1", ex=600)
        workers.append(_start_worker())

        # Recovered by the sweep (beat sends it every minute; here, as often as it can be):
        # within the time a render may be silent, a minute for the sweep, and the render.
        bound = settings.DOCUMENTS_STUCK_AFTER_SECONDS + 60 + 60
        _wait_for(
            lambda: _status(document) == DocumentStatus.READY,
            within=bound,
            doing=services.documents_sweep,
        )
    finally:
        for worker in workers:
            if worker.poll() is None:
                _kill(worker)
        celery_app.conf.task_always_eager = True
        server.delete(release_key(document.pk))

    assert GeneratedDocument.objects.filter(kind=HELD).count() == 1
    assert document.attempts == 2
    stored = Path(settings.MEDIA_ROOT, document.file.name)
    assert list(stored.parent.glob("*.pdf")) == [stored]
    assert stored.read_bytes().startswith(b"%PDF")
