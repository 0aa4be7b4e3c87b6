"""Tasks every app uses."""

import logging
from functools import partial

from celery import shared_task

from . import outbox
from .middleware import after_response

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def deliver_email(pk: int) -> str | None:
    """Send the outbox email `pk` (core.outbox.deliver): queued once the change that recorded
    it has committed. A row already sent, or being sent by another worker, is left alone."""
    return outbox.deliver(pk)


@shared_task(acks_late=True)
def deliver_outbox() -> int:
    """Send every outbox email that is due: those whose delivery could not be queued (the
    broker was down) and those waiting to be tried again. Run every minute by Celery beat."""
    return outbox.deliver_due()


@shared_task(acks_late=True)
def purge_outbox() -> int:
    """Delete the outbox emails kept for longer than OUTBOX_KEEP_DAYS. Run daily by beat."""
    return outbox.purge()


def send_email_after_commit(*, subject: str, body: str, to: list[str]) -> None:
    """Record the email in the outbox, in the current transaction, to be sent once it commits
    (core.outbox): a rolled-back change sends nothing, and a broker that is down delays the
    email, never loses it, and never fails the person's request."""
    outbox.email_later(subject=subject, body=body, to=to)


def send_templated_email_after_commit(*, template: str, context: dict, to: list[str]) -> None:
    """send_email_after_commit with the subject from `<template>_subject.txt` (on one line)
    and the body from `<template>.txt`, e.g. template="<app>/email/<event>". Each
    address gets one copy; nothing is sent when there is no address."""
    to = sorted(set(to) - {""})
    if not to:
        return
    email = outbox.written_email(template=template, context=context, to=to)
    send_email_after_commit(subject=email.subject, body=email.body, to=email.to)


def queue_after_response(task, **kwargs) -> None:
    """Send `task` with `kwargs` to the workers. When tasks run in-process (no broker), run
    it instead once the current response has been sent (core.middleware.after_response), so
    that the work it does, or whether it does any, never shows in the time the response
    takes. Like the emails, never fails the request: a broker that is down is logged."""
    if task.app.conf.task_always_eager:
        after_response(partial(task.apply, kwargs=kwargs, throw=True))
        return
    try:
        task.delay(**kwargs)
    except Exception:
        logger.exception("Could not queue the task %s", task.name)
