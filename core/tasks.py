"""Tasks every app uses."""

import logging
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader

from core.documents import services as documents

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def send_email(*, subject: str, body: str, to: list[str], html_body: str | None = None) -> int:
    """Send one email: a plain-text body, with an HTML alternative when given.

    Queued with transaction.on_commit by the service that decides to send it, so a rolled-back
    change sends nothing. Transient SMTP faults (OSError) are retried with backoff.
    """
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


def send_email_after_commit(*, subject: str, body: str, to: list[str]) -> None:
    """Queue send_email once the current transaction commits, so a rolled-back change sends
    nothing. Never fails the person's request: their change is already saved when the message
    is sent, so a broker that is down costs that email (logged as an error), not a 500."""
    transaction.on_commit(partial(_queue_email, subject=subject, body=body, to=to))


def send_templated_email_after_commit(*, template: str, context: dict, to: list[str]) -> None:
    """send_email_after_commit with the subject from `<template>_subject.txt` (on one line)
    and the body from `<template>.txt`, e.g. template="reviewers/email/pool_left". Each
    address gets one copy; nothing is sent when there is no address."""
    to = sorted(set(to) - {""})
    if not to:
        return
    subject = "".join(loader.render_to_string(f"{template}_subject.txt", context).splitlines())
    body = loader.render_to_string(f"{template}.txt", context)
    send_email_after_commit(subject=subject, body=body, to=to)


def _queue_email(*, subject: str, body: str, to: list[str]) -> None:
    try:
        send_email.delay(subject=subject, body=body, to=to)
    except Exception:
        # The subject says which email; the addresses stay out of the log.
        logger.exception("Could not queue the email %r to %d recipients", subject, len(to))


@shared_task(
    bind=True,
    acks_late=True,
    # A worker that dies mid-render (out of memory, killed) gives the message back to the
    # broker, and the redelivered task carries on with the same row.
    reject_on_worker_lost=True,
    autoretry_for=documents.TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=60,
    # With the first try, as many as a document gets (the sweep counts the same attempts).
    max_retries=settings.DOCUMENTS_MAX_ATTEMPTS - 1,
    soft_time_limit=settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.DOCUMENTS_RENDER_TIME_LIMIT,
)
def render_document(self, document_id: int) -> str:
    """Render one generated document to PDF and store it on its row (core.documents).

    Idempotent: a row that is already ready, or that another task is rendering, is left
    alone. Transient faults (database, storage) are retried with backoff; a failing template
    ends the row "failed" with a plain message, without retrying."""
    return documents.document_render(
        document_id=document_id,
        task_id=self.request.id or "",
        # Run eagerly (no broker), a task is not retried: its first attempt is its last.
        final_attempt=self.request.is_eager or self.request.retries >= self.max_retries,
    )


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def sweep_documents() -> dict[str, int]:
    """Queue again the generated documents a lost message or a dead worker left behind; run
    every minute by Celery beat (CELERY_BEAT_SCHEDULE)."""
    return documents.documents_sweep()


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def purge_documents() -> int:
    """Delete generated documents older than DOCUMENTS_KEEP_DAYS, with their files; run daily
    by Celery beat (CELERY_BEAT_SCHEDULE)."""
    return documents.documents_purge()
