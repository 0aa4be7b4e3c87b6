"""Tasks every app uses."""

import logging
from functools import partial

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader

from .middleware import after_response

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
    and the body from `<template>.txt`, e.g. template="<app>/email/<event>". Each
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
