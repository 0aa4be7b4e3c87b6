"""`make bench`, faults (issue 17): nothing is lost when Redis or a worker dies. Real processes,
as in production: PostgreSQL, a Redis of the script's own (tests.tasks.PrivateRedis, on a free
port, stopped and started on purpose), a prefork Celery worker and Celery beat as subprocesses,
emails written to files (EMAIL_URL=filemail://) so they can be counted from outside.

1. Emails while Redis is down: with Redis stopped, FAULTS_EMAILS (default 20) actions that
   email, each in its own transaction, through the real services (password resets for
   existing accounts, built at delivery; written emails for others); Redis is started again,
   and beat's outbox sweep delivers them. Reports the emails asked for, delivered, lost
   (target 0) and sent twice (target 0), and the seconds from Redis back to all delivered.
2. Documents after a worker death: FAULTS_DOCUMENTS (default 5) documents of the held kind
   (tests/documents/held_document.py: a render waits until the script lets it go), the whole
   worker SIGKILLed (its process group, as the kernel kills one out of memory) while it is
   rendering, the renders let go, a new worker started. Reports documents stuck (not ready
   within 180 s of the new worker answering a ping; target 0), documents without exactly one
   row and one file (target 0), and the recovery time from the new worker answering until
   every document is ready (target under 60 s).

Its own database (FAULTS_DATABASE, default peerreview_faults, on FAULTS_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432) is dropped, created and migrated each run and dropped at
the end. Run alone with `python -m tests.perf.faults`. Prints a table and one JSON line and
exits non-zero when a target is missed. The processes run with tests/perf/faults_settings.py:
the service's settings, plus the tests' templates (for the held document).
"""

import email
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get("FAULTS_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("FAULTS_DATABASE", "peerreview_faults")
EMAILS = int(os.environ.get("FAULTS_EMAILS", "20"))
DOCUMENTS = int(os.environ.get("FAULTS_DOCUMENTS", "5"))
CONCURRENCY = 2
DEADLINE_SECONDS = 180.0
MAX_RECOVERY_SECONDS = 60.0
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in a filemail file


def _wait_for(condition, *, within: float, what: str, doing=lambda: None) -> bool:
    """Poll `condition` (changed by other processes) until it holds or `within` seconds pass."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            print(f"  ... not {what} within {within:.0f} s", flush=True)
            return False
        doing()
        time.sleep(0.2)
    return True


def _admin(sql: str) -> None:
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql)


class Processes:
    """The worker and beat subprocesses, each in a session of its own (so the whole worker,
    its pool's children with it, can be killed at once), logging to the work folder."""

    def __init__(self, workdir: Path, environment: dict) -> None:
        self.workdir = workdir
        self.environment = environment
        self.running: list[subprocess.Popen] = []
        self.workers = 0

    def _start(self, name: str, *args: str) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "wb")  # noqa: SIM115 (the process's own)
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "peerreview", *args],
            cwd=self.workdir,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.running.append(process)
        return process

    def worker(self) -> tuple[subprocess.Popen, str]:
        self.workers += 1
        name = f"faults-{self.workers}@localhost"
        process = self._start(
            f"worker-{self.workers}",
            "worker",
            "--pool=prefork",
            f"--concurrency={CONCURRENCY}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            f"--hostname={name}",
            "--include=tests.documents.held_document",
        )
        return process, name

    def beat(self) -> subprocess.Popen:
        return self._start(
            "beat",
            "beat",
            "--loglevel=WARNING",
            f"--schedule={self.workdir / 'beat-schedule'}",
        )

    @staticmethod
    def kill(process: subprocess.Popen) -> None:
        """The process and its children, with no chance to clean up."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for process in self.running:
            try:
                self.kill(process)
            except (ProcessLookupError, subprocess.TimeoutExpired) as error:
                print(f"  could not stop process {process.pid}: {error}", flush=True)


def _answers(redis_server) -> bool:
    import redis

    try:
        return redis.Redis.from_url(redis_server.url, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        return False


def _answers_ping(name: str) -> bool:
    from peerreview.celery import app

    try:
        return bool(app.control.ping(destination=[name], timeout=0.5))
    except Exception:  # the broker may still be coming back: not up yet
        return False


def _delivered(mail_folder: Path) -> Counter:
    """Addressee -> how many messages were written to it (one file per message)."""
    addressees: Counter = Counter()
    for path in mail_folder.glob("*.log"):
        for raw in path.read_bytes().split(SEPARATOR):
            if raw.strip():
                addressees[email.message_from_bytes(raw.lstrip(b"\n"))["To"]] += 1
    return addressees


def emails_while_redis_is_down(redis_server, mail_folder: Path) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import User
    from accounts.services import user_send_password_reset
    from core.models import EmailState, OutboxEmail
    from core.tasks import (
        deliver_outbox,
        send_email_after_commit,
        send_templated_email_after_commit,
    )

    resets = EMAILS // 2
    password = make_password("faults-only-password")
    for n in range(resets):
        User.objects.create(
            email=f"reset-{n}@example.org", full_name=f"Person {n}", password=password
        )
    expected = {f"reset-{n}@example.org" for n in range(resets)}

    redis_server.stop()
    slowest = 0.0
    for n in range(EMAILS):
        started = time.monotonic()
        with transaction.atomic():
            if n < resets:
                user_send_password_reset(
                    email=f"reset-{n}@example.org", base_url="http://127.0.0.1"
                )
            elif n % 2:
                address = f"written-{n}@example.org"
                send_email_after_commit(
                    subject="Your peer review", body="The dates are agreed.", to=[address]
                )
                expected.add(address)
            else:
                address = f"templated-{n}@example.org"
                send_templated_email_after_commit(
                    template="applications/email/more_information",
                    context={
                        "application": {
                            "reference": f"APP-{n}",
                            "review_type": {"name": "Full peer review"},
                            "programme": {"short_name": "YJSIP"},
                        },
                        "by": {"full_name": "A coordinator"},
                        "reason": "Send us your latest inspection report.",
                        "link": "http://127.0.0.1/applications/",
                    },
                    to=[address],
                )
                expected.add(address)
        slowest = max(slowest, time.monotonic() - started)
    recorded = OutboxEmail.objects.count()
    pending_while_down = OutboxEmail.objects.filter(state=EmailState.PENDING).count()
    delivered_while_down = sum(_delivered(mail_folder).values())

    redis_server.start()
    back = time.monotonic()
    all_delivered = _wait_for(
        lambda: expected <= set(_delivered(mail_folder)),
        within=DEADLINE_SECONDS,
        what="all delivered",
    )
    seconds = time.monotonic() - back if all_delivered else None
    # One more sweep, through the worker: nothing is left to send, nothing is sent again.
    swept_again = deliver_outbox.apply_async(ignore_result=False).get(timeout=120)
    delivered = _delivered(mail_folder)
    return {
        "asked": EMAILS,
        "recorded": recorded,
        "pending_while_down": pending_while_down,
        "delivered_while_down": delivered_while_down,
        "slowest_action_seconds": round(slowest, 2),
        "delivered": len(expected & set(delivered)),
        "lost": len(expected - set(delivered)),
        "sent_twice": sum(count - 1 for count in delivered.values() if count > 1),
        "unexpected": sorted(set(delivered) - expected),
        "sent_by_a_last_sweep": swept_again,
        "states": dict(Counter(OutboxEmail.objects.values_list("state", flat=True))),
        "seconds_to_all_delivered": None if seconds is None else round(seconds, 1),
    }


def documents_after_a_worker_death(redis_server, processes: Processes, worker) -> dict:
    import redis
    from django.conf import settings
    from django.db import transaction

    from documents import services
    from documents.models import DocumentStatus, GeneratedDocument
    from tests import factories
    from tests.documents.held_document import HELD, release_key

    programme = factories.ProgrammeFactory()
    documents = []
    for _ in range(DOCUMENTS):
        requester = factories.coordinator(programme=programme)
        with transaction.atomic():
            documents.append(
                services.document_request(
                    kind=HELD, subject=programme, requested_by=requester, title="Held"
                )
            )
    ids = [document.pk for document in documents]
    held = GeneratedDocument.objects.filter(pk__in=ids)

    def rendering() -> int:
        return held.filter(status=DocumentStatus.RENDERING).count()

    # As many renders under way as the worker has processes (at least one), then it dies.
    if not _wait_for(
        lambda: rendering() >= min(CONCURRENCY, DOCUMENTS), within=120, what="rendering"
    ):
        _wait_for(lambda: rendering() >= 1, within=60, what="rendering")
    rendering_when_killed = rendering()
    processes.kill(worker)
    killed_at = time.monotonic()
    server = redis.Redis.from_url(redis_server.url)
    for pk in ids:
        server.set(release_key(pk), "1", ex=600)

    started = time.monotonic()
    _new_worker, name = processes.worker()
    up = _wait_for(lambda: _answers_ping(name), within=120, what="answering")
    up_at = time.monotonic()
    all_ready = _wait_for(
        lambda: held.filter(status=DocumentStatus.READY).count() == DOCUMENTS,
        within=DEADLINE_SECONDS,
        what="all ready",
    )
    ready_at = time.monotonic()
    recovery = ready_at - up_at if (up and all_ready) else None

    statuses = Counter(held.values_list("status", flat=True))
    not_one_each = 0
    for document in held:
        rows = GeneratedDocument.objects.filter(
            kind=HELD, requested_by_id=document.requested_by_id
        ).count()
        files = (
            list(Path(settings.MEDIA_ROOT, document.file.name).parent.glob(f"{document.file_key}*"))
            if document.file
            else []
        )
        if rows != 1 or len(files) != 1:
            not_one_each += 1
    return {
        "asked": DOCUMENTS,
        "rendering_when_killed": rendering_when_killed,
        "attempts": sorted(held.values_list("attempts", flat=True)),
        "statuses": dict(statuses),
        "stuck": DOCUMENTS - statuses.get(DocumentStatus.READY, 0),
        "not_one_row_and_one_file": not_one_each,
        "seconds_to_worker_up": round(up_at - started, 1),
        "recovery_seconds": None if recovery is None else round(recovery, 1),
        "kill_to_all_ready_seconds": round(ready_at - killed_at, 1) if all_ready else None,
        "heartbeat_seconds": settings.DOCUMENTS_HEARTBEAT_SECONDS,
        "stuck_after_seconds": settings.DOCUMENTS_STUCK_AFTER_SECONDS,
    }


def main() -> int:
    from tests.tasks import PrivateRedis

    workdir = Path(tempfile.mkdtemp(prefix="peerreview-faults-"))
    mail_folder = workdir / "mail"
    mail_folder.mkdir()
    redis_server = PrivateRedis()
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.perf.faults_settings",
        "DEBUG": "off",
        "SECRET_KEY": "faults-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "off",
        "DATABASE_URL": f"{POSTGRES_URL}/{DATABASE}",
        "CELERY_BROKER_URL": redis_server.url,
        "CELERY_RESULT_BACKEND": redis_server.url,
        # An absolute path needs a fourth slash (django-environ drops the third).
        "EMAIL_URL": f"filemail:///{mail_folder}",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    for name in ("CELERY_BROKER_WRITE_URL", "CELERY_BROKER_READ_URL"):
        environment.pop(name, None)
    processes = Processes(workdir, environment)
    _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{DATABASE}"')
    emails, documents = {}, {}
    try:
        redis_server.start()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=environment,
            check=True,
        )
        os.environ.update(environment)
        import django

        django.setup()
        import tests.documents.held_document  # noqa: F401 (the held kind, registered)

        worker, name = processes.worker()
        processes.beat()
        _wait_for(lambda: _answers_ping(name), within=120, what="answering")
        # A scenario that breaks is reported as missed, and the other still runs.
        try:
            emails = emails_while_redis_is_down(redis_server, mail_folder)
        except Exception:
            traceback.print_exc()
            if not _answers(redis_server):
                redis_server.start()
        try:
            documents = documents_after_a_worker_death(redis_server, processes, worker)
        except Exception:
            traceback.print_exc()
    finally:
        processes.stop_all()
        redis_server.stop()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        _admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')

    email_seconds = emails.get("seconds_to_all_delivered")
    recovery = documents.get("recovery_seconds")
    rows = [
        ("emails asked for while Redis was down", emails.get("asked"), "", True),
        ("  recorded in the outbox", emails.get("recorded"), "", True),
        ("  slowest action while Redis was down (s)", emails.get("slowest_action_seconds"), "",
         True),
        ("  delivered", emails.get("delivered"), "", True),
        ("  lost", emails.get("lost"), "0", emails.get("lost") == 0),
        ("  sent twice", emails.get("sent_twice"), "0", emails.get("sent_twice") == 0),
        ("  sent to no one asked for", len(emails.get("unexpected", [0])), "0",
         emails.get("unexpected") == []),
        ("  Redis back to all delivered (s)", email_seconds, "", email_seconds is not None),
        ("documents asked for", documents.get("asked"), "", True),
        ("  rendering when the worker was killed", documents.get("rendering_when_killed"), "",
         True),
        ("  new worker started to answering (s)", documents.get("seconds_to_worker_up"), "",
         True),
        ("  stuck (not ready within 180 s)", documents.get("stuck"), "0",
         documents.get("stuck") == 0),
        ("  not exactly one row and one file", documents.get("not_one_row_and_one_file"), "0",
         documents.get("not_one_row_and_one_file") == 0),
        ("  worker killed to all ready (s)", documents.get("kill_to_all_ready_seconds"), "",
         True),
        ("  recovery, new worker up to all ready (s)", recovery, f"< {MAX_RECOVERY_SECONDS:.0f}",
         recovery is not None and recovery < MAX_RECOVERY_SECONDS),
    ]  # fmt: skip
    print(
        f"\nFaults (issue 17): a real prefork worker (concurrency {CONCURRENCY}) and beat on "
        f"Redis and PostgreSQL; render heartbeat every {documents.get('heartbeat_seconds')} s, "
        f"stuck after {documents.get('stuck_after_seconds')} s"
    )
    print(f"{'measure':<46} {'measured':>10} {'target':>7}  met")
    for label, measured, target, met in rows:
        shown = "-" if measured is None else str(measured)
        print(f"{label:<46} {shown:>10} {target:>7}  {'yes' if met else 'NO'}")
    print(json.dumps({"bench": "faults", "emails": emails, "documents": documents}))
    missed = not all(met for *_rest, met in rows)
    if missed:
        print(f"Logs of the worker and beat: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
