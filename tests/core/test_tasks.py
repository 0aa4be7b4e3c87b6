"""Celery: a real worker against the broker when CELERY_BROKER_URL is set (CI runs Redis),
tasks run eagerly in-process otherwise (the embedded default)."""

import pytest
from django.db import transaction
from django.urls import reverse

from core.tasks import send_email, send_email_after_commit, send_templated_email_after_commit
from peerreview.celery import app as celery_app
from tests import factories
from tests.tasks import BROKER_URL, broker_down, running_tasks


@pytest.fixture
def task_runner():
    """'worker' with a real Celery worker consuming from the broker, or 'eager'."""
    with running_tasks() as runner:
        yield runner


def test_send_email_task_delivers_through_the_configured_runner(task_runner, mailoutbox):
    result = send_email.apply_async(
        kwargs={
            "subject": "Board meeting on 3 December",
            "body": "The agenda is ready.",
            "to": ["board@example.org"],
            "html_body": "<p>The agenda is ready.</p>",
        },
        ignore_result=False,
    )

    assert result.get(timeout=30) == 1
    assert task_runner == ("worker" if BROKER_URL else "eager")
    assert [message.subject for message in mailoutbox] == ["Board meeting on 3 December"]
    assert mailoutbox[0].to == ["board@example.org"]
    assert mailoutbox[0].alternatives[0].mimetype == "text/html"


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
def test_an_email_that_cannot_be_queued_does_not_fail_the_saved_change(
    monkeypatch, caplog, mailoutbox
):
    """The change is committed before the email is queued: with the broker down, the email is
    logged as not sent and the person's request carries on."""
    with broker_down(monkeypatch), transaction.atomic():
        send_email_after_commit(
            subject="Your application was received", body="Thank you.", to=["lead@example.org"]
        )

    assert "Could not queue the email 'Your application was received' to 1 recipients" in (
        caplog.text
    )
    assert "lead@example.org" not in caplog.text
    assert mailoutbox == []


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
