"""Emails asked for while Redis is down are delivered, each once, when it is back (issue 17):
a password reset, a request for more information and a board decision. In CI (with
CELERY_BROKER_URL set) a real worker consumes from a Redis of the test's own, which the test
stops and starts; with the embedded default, the broker is one that does not answer."""

import re
from contextlib import contextmanager

import pytest
from django.urls import reverse

from applications import services as application_services
from applications.enums import ApplicationAction
from core.models import EmailState, OutboxEmail
from core.tasks import deliver_outbox
from tests import factories
from tests.applications.board import approve, board_world, on_agenda
from tests.tasks import BROKER_URL, broker_down, worker_on_private_redis

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def redis_down_then_back(monkeypatch):
    """While inside, the broker is down; on leaving, it is back and the sweep has run (as beat
    runs it every minute). The dict yielded then holds how many emails the sweep sent
    ("sent") and a function running the sweep again ("sweep")."""
    state = {}
    if BROKER_URL:
        with worker_on_private_redis(monkeypatch) as server:
            server.stop()
            yield state
            server.start()
            state["sweep"] = lambda: deliver_outbox.apply_async(ignore_result=False).get(
                timeout=120
            )
            state["sent"] = state["sweep"]()
    else:
        with broker_down(monkeypatch):
            yield state
        state["sweep"] = lambda: deliver_outbox.apply().get()
        state["sent"] = state["sweep"]()


def test_emails_asked_for_while_redis_is_down_are_each_delivered_once_it_is_back(
    client, monkeypatch, mailoutbox
):
    factories.UserFactory(email="daniel.evans@example.org")
    board = board_world()
    asked = factories.ApplicationFactory(
        review_type=board["review_type"],
        cycle=board["cycle"],
        state="submitted",
        contact_email="asked@example.org",
    )
    decided = on_agenda(board, contact_email="decided@example.org")
    mailoutbox.clear()

    with redis_down_then_back(monkeypatch) as state:
        reset_page = client.post(
            reverse("accounts:password_reset"), {"email": "daniel.evans@example.org"}, follow=True
        )
        application_services.application_transition(
            application=asked,
            action=ApplicationAction.REQUEST_INFORMATION,
            by=board["coordinator"],
            reason="Send us your latest inspection report.",
        )
        approve(board, decided)

        # Said once the email is recorded, and true: it is sent when Redis is back.
        assert "we will email it a link to reset your password" in reset_page.content.decode()
        assert mailoutbox == []
        assert set(OutboxEmail.objects.values_list("state", flat=True)) == {EmailState.PENDING}

    assert state["sent"] == 3
    assert sorted(message.to[0] for message in mailoutbox) == [
        "asked@example.org",
        "daniel.evans@example.org",
        "decided@example.org",
    ]
    assert state["sweep"]() == 0
    assert len(mailoutbox) == 3
    assert set(OutboxEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}
    # No sign-in token is readable in the database.
    [reset] = [message for message in mailoutbox if message.to == ["daniel.evans@example.org"]]
    token = re.search(r"/accounts/password-reset/[^/]+/([^/]+)/", reset.body).group(1)
    assert token not in str(list(OutboxEmail.objects.values()))
