"""Celery tasks of challenges (autodiscovered by the Celery app from this module)."""

from celery import shared_task
from django.db import DatabaseError, OperationalError

from . import matcher_services
from .reminders import milestone_reminders_send
from .retention import evidence_retention_sweep

# A national cycle solves in a few seconds; the polish's own ceiling is 30 s of wall clock.
RUN_MATCHER_SOFT_TIME_LIMIT = 120
RUN_MATCHER_TIME_LIMIT = 150


@shared_task(
    acks_late=True,
    # A worker that dies mid-solve gives the message back; the run is solved again (a run left
    # running is taken up again, to the same answer).
    reject_on_worker_lost=True,
    # The database briefly unreachable: try again with backoff.
    autoretry_for=(OperationalError, DatabaseError),
    retry_backoff=True,
    retry_backoff_max=60,
    max_retries=3,
    soft_time_limit=RUN_MATCHER_SOFT_TIME_LIMIT,
    time_limit=RUN_MATCHER_TIME_LIMIT,
)
def run_matcher(run_id: int) -> str:
    """Solve one matcher run's stored problem and store its answer on the row (done), or say
    in words why it failed. Idempotent: a run already finished is left alone."""
    return matcher_services.match_run_solve(run_id=run_id)


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_milestone_reminders() -> int:
    """Send today's milestone reminders (challenges.reminders); run each morning by Celery
    beat (CELERY_BEAT_SCHEDULE). Safe to run again or twice at once: each reminder is claimed
    once. Returns the number of emails queued."""
    return milestone_reminders_send()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def delete_old_evidence() -> int:
    """Delete the evidence notes of challenges whose report was published more than
    EVIDENCE_KEEP_DAYS ago (challenges.retention); run daily by Celery beat
    (CELERY_BEAT_SCHEDULE). Idempotent. Returns the number of challenges."""
    return evidence_retention_sweep()
