"""Celery: a real worker against the broker when CELERY_BROKER_URL is set (CI runs Redis),
tasks run eagerly in-process otherwise (the embedded default)."""

import pytest
from django.db import transaction
from django.urls import reverse

from core import outbox
from core.models import EmailState, OutboxEmail
from core.tasks import (
    deliver_email,
    deliver_outbox,
    send_email_after_commit,
    send_templated_email_after_commit,
)
from peerreview.celery import app as celery_app
from tests import factories
from tests.tasks import BROKER_URL, broker_down, running_tasks


@pytest.fixture
def task_runner():
    """'worker' with a real Celery worker consuming from the broker, or 'eager'."""
    with running_tasks() as runner:
        yield runner


@pytest.mark.django_db(transaction=True)
def test_an_outbox_email_is_delivered_through_the_configured_runner(task_runner, mailoutbox):
    email = outbox.email_later(
        subject="Board meeting on 3 December", body="The agenda is ready.", to=["board@example.org"]
    )
    mailoutbox.clear()  # with no broker, the commit above has sent it already

    result = deliver_email.apply_async(kwargs={"pk": email.pk}, ignore_result=False)

    # Sent once, whichever delivery got there first (the one queued on commit, on the one
    # worker, before this one): asking again sends nothing.
    assert result.get(timeout=30) in (None, EmailState.SENT)
    assert task_runner == ("worker" if BROKER_URL else "eager")
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert [message.subject for message in mailoutbox] in ([], ["Board meeting on 3 December"])


@pytest.mark.django_db
def test_healthz_broker_state_matches_configuration(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = not BROKER_URL

    body = client.get(reverse("core:healthz")).json()

    assert body["checks"]["broker"] == ("ok" if BROKER_URL else "eager")


def test_the_service_keeps_no_task_results():
    """Nothing reads them; keeping them would make every message sent subscribe for its result
    on Redis, and a request wait about 20 s whenever Redis is down."""
    assert celery_app.conf.task_ignore_result is True


@pytest.mark.django_db(transaction=True)
def test_an_email_that_cannot_be_queued_waits_in_the_outbox_and_the_sweep_sends_it(
    monkeypatch, caplog, mailoutbox
):
    """The email is recorded with the change: with the broker down, the request carries on,
    the email waits, and the sweep sends it once the broker is back."""
    with broker_down(monkeypatch), transaction.atomic():
        send_email_after_commit(
            subject="Your application was received", body="Thank you.", to=["lead@example.org"]
        )

    assert "the outbox sweep will send it" in caplog.text
    assert "lead@example.org" not in caplog.text
    assert mailoutbox == []
    [email] = OutboxEmail.objects.all()
    assert email.state == EmailState.PENDING

    assert deliver_outbox.apply().get() == 1
    assert deliver_outbox.apply().get() == 0

    assert [message.to for message in mailoutbox] == [["lead@example.org"]]
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert email.sent_at is not None


@pytest.mark.django_db
def test_an_email_is_queued_only_once_the_change_is_committed(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        send_email_after_commit(subject="Accepted", body="Welcome.", to=["new@example.org"])
        assert mailoutbox == []

    assert [message.subject for message in mailoutbox] == ["Accepted"]


@pytest.mark.django_db
def test_a_templated_email_goes_once_to_each_address_and_not_at_all_to_none(
    django_capture_on_commit_callbacks, mailoutbox
):
    """Subject and body come from <template>_subject.txt and <template>.txt."""
    template = "reviewers/email/pool_left"
    # A name with an apostrophe: an email is text, never HTML-escaped.
    membership = factories.PoolMembershipFactory(reviewer__user__full_name="Owen O'Sullivan")
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email_after_commit(
            template=template,
            context={"membership": membership, "cancelled": []},
            to=["b@example.org", "", "a@example.org", "b@example.org"],
        )
        send_templated_email_after_commit(template=template, context={}, to=[""])

    [message] = mailoutbox
    assert message.to == ["a@example.org", "b@example.org"]
    assert "\n" not in message.subject
    assert message.subject.startswith("Owen O'Sullivan has left the ")
    assert "Owen O'Sullivan (" in message.body
