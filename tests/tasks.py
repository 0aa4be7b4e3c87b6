"""Running Celery tasks in tests: through a real worker on the broker when CELERY_BROKER_URL is
set (CI runs Redis), eagerly in-process otherwise (the embedded default); and a broker that is
down. The service keeps no task results (CELERY_TASK_IGNORE_RESULT): a test that waits for one
sends its task with `apply_async(kwargs=..., ignore_result=False)`."""

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import redis
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A Redis server of the test's own, on a free port, that the test may stop and start
    again (the shared one, which other tests use, is left alone)."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed (.ci/run installs it)")
        self._process = subprocess.Popen(
            [
                executable,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 30
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                # Waiting for the server to listen: a condition, polled.
                time.sleep(0.05)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)
            self._process = None


@contextmanager
def worker_on_private_redis(monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateRedis]:
    """A real Celery worker consuming from a Redis of the test's own (PrivateRedis), which the
    test may stop and start. Results still go to the configured result backend."""
    server = PrivateRedis()
    server.start()
    with monkeypatch.context() as patch:
        patch.setenv("CELERY_BROKER_URL", server.url)
        patch.setenv("CELERY_BROKER_WRITE_URL", server.url)
        patch.setenv("CELERY_BROKER_READ_URL", server.url)
        celery_app.conf.task_always_eager = False
        _forget_broker_connections()
        try:
            with start_worker(
                celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"
            ):
                yield server
        finally:
            celery_app.conf.task_always_eager = True
            server.stop()
    _forget_broker_connections()
