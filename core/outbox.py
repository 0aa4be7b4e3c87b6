"""The email outbox: nothing the service decides to email is lost when the broker or the mail
server is down, and nothing is sent twice.

An email is recorded (`OutboxEmail`) in the same transaction as the change that causes it, so
it exists exactly when the change does. Once that transaction commits, its delivery is queued
(`core.tasks.deliver_email`, run by a worker, or in-process with the embedded default); if the
broker cannot be reached, the row waits, and the sweep (`core.tasks.deliver_outbox`, every
minute from Celery beat, or `manage.py deliver_outbox`) sends it when it can. Delivery takes
the row's lock and sends only a row still waiting, so a row queued twice (by the commit and
the sweep) is sent once; a failed send is tried again with backoff, up to OUTBOX_MAX_ATTEMPTS.

An email carrying a sign-in link (a password reset, an account's confirmation, an invitation,
a change of address) is recorded by its kind and what it is written from (the person, the
site's address); its builder, registered by the app that owns it (`register_builder`), writes
it at delivery, so the link's token is never stored. Such an email is not sent once it is
older than OUTBOX_LINK_EMAIL_AGE (its link would have expired): it is marked so.

Sent rows are kept for OUTBOX_KEEP_DAYS, for technical staff to answer "was it sent?" in the
admin, then deleted (`core.tasks.purge_outbox`)."""

import dataclasses
import datetime
import logging
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader
from django.utils import timezone

from .middleware import after_response
from .models import EmailState, OutboxEmail

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Email:
    """One email, as a builder writes it."""

    subject: str
    body: str
    to: list[str]


def written_email(*, template: str, context: dict, to: list[str]) -> Email:
    """The email written by `<template>_subject.txt` (on one line) and `<template>.txt`."""
    subject = "".join(loader.render_to_string(f"{template}_subject.txt", context).splitlines())
    return Email(subject=subject, body=loader.render_to_string(f"{template}.txt", context), to=to)


# kind -> the function writing its emails from the row's params (none: nothing to send).
_BUILDERS: dict[str, Callable[[dict], Iterable[Email]]] = {}


def register_builder(kind: str, build: Callable[[dict], Iterable[Email]]) -> None:
    """Declare how emails of `kind` are written at delivery. Registering the same builder
    again changes nothing; another one under the same kind is a mistake."""
    if _BUILDERS.get(kind, build) is not build:
        raise ValueError(f"Email kind {kind!r} is registered twice")
    _BUILDERS[kind] = build


def _queue_delivery(pk: int) -> None:
    """Send the email to a worker; with no broker, deliver it in-process once the response
    has been sent (core.middleware.after_response), so that writing it (an account looked up,
    say) never shows in the response's time."""
    from .tasks import deliver_email

    if deliver_email.app.conf.task_always_eager:
        after_response(partial(deliver_email.apply, kwargs={"pk": pk}, throw=True))
        return
    try:
        deliver_email.delay(pk=pk)
    except Exception:
        # The email is safe in the outbox: the sweep sends it once the broker is back.
        logger.warning("Could not queue email %s for delivery; the outbox sweep will send it", pk)


def _record(**fields) -> OutboxEmail:
    email = OutboxEmail.objects.create(**fields)
    transaction.on_commit(partial(_queue_delivery, email.pk))
    return email


def email_later(*, subject: str, body: str, to: list[str]) -> OutboxEmail | None:
    """Record a written email in the current transaction, to be sent once it commits (a
    rolled-back change sends nothing). Nothing is recorded when there is no address."""
    to = [address for address in to if address]
    if not to:
        return None
    return _record(subject=subject, body=body, to=to)


def email_built_later(kind: str, **params) -> OutboxEmail:
    """Record an email that the builder registered for `kind` writes from `params` (plain
    JSON: ids, addresses, paths) at delivery."""
    if kind not in _BUILDERS:
        raise ValueError(f"No builder is registered for email kind {kind!r}")
    return _record(kind=kind, params=params)


def _retry_delay(attempts: int) -> datetime.timedelta:
    # 1, 2, 4, 8 ... minutes, at most an hour.
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 60))


def _messages(email: OutboxEmail) -> list[Email]:
    if not email.kind:
        return [Email(subject=email.subject, body=email.body, to=list(email.to))]
    return list(_BUILDERS[email.kind](email.params))


def deliver(pk: int) -> str | None:
    """Send the outbox email `pk` if it is still waiting, and record what happened; return
    its state then (None when another delivery has it, or it is gone)."""
    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, state=EmailState.PENDING)
            .first()
        )
        if email is None:
            return None
        now = timezone.now()
        if email.kind and email.created_at < now - settings.OUTBOX_LINK_EMAIL_AGE:
            email.state = EmailState.EXPIRED
            email.save(update_fields=["state"])
            return email.state
        try:
            messages = _messages(email)
            for message in messages:
                EmailMultiAlternatives(
                    subject=message.subject, body=message.body, to=message.to
                ).send()
        except Exception as error:
            email.attempts += 1
            email.last_error = f"{type(error).__name__}: {error}"[:300]
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.state = EmailState.FAILED
                logger.error("Gave up sending email %s after %s attempts", pk, email.attempts)
            else:
                email.next_attempt_at = now + _retry_delay(email.attempts)
            email.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
            return email.state
        email.attempts += 1
        email.sent_at = timezone.now()
        if email.kind:
            # What was sent, for support; the built body (with its link) is not kept.
            email.subject = "; ".join(message.subject for message in messages)[:300]
            email.to = sorted({address for message in messages for address in message.to})
        email.state = EmailState.SENT if messages else EmailState.NOTHING_TO_SEND
        email.save(update_fields=["attempts", "sent_at", "subject", "to", "state"])
        return email.state


def deliver_due(*, limit: int = 500) -> int:
    """Send the waiting emails that are due (the sweep); return how many were sent."""
    due = OutboxEmail.objects.filter(
        state=EmailState.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")
    sent = 0
    for pk in due.values_list("pk", flat=True)[:limit]:
        if deliver(pk) == EmailState.SENT:
            sent += 1
    return sent


def purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the emails that were sent, or will never be, more than OUTBOX_KEEP_DAYS ago;
    return how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _by_model = (
        OutboxEmail.objects.exclude(state=EmailState.PENDING).filter(created_at__lt=cutoff).delete()
    )
    return deleted
