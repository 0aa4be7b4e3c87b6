import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.middleware import (
    ACTIVITY_RESOLUTION_SECONDS,
    SESSION_LAST_SEEN_KEY,
    SESSION_STARTED_KEY,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _shift_session(client, **offsets):
    session = client.session
    for key, seconds_ago in offsets.items():
        session[key] = time.time() - seconds_ago
    session.save()


def test_active_session_stays_signed_in(client):
    client.force_login(UserFactory())
    client.get(reverse("accounts:profile"))

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200


def test_idle_session_is_signed_out_with_a_message(client, settings):
    client.force_login(UserFactory())
    client.get(reverse("start"))
    _shift_session(client, **{SESSION_LAST_SEEN_KEY: settings.SESSION_IDLE_MINUTES * 60 + 1})

    response = client.get(reverse("accounts:profile"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "You were signed out to keep your information safe" in response.content.decode()


def test_session_ends_after_absolute_limit_however_active(client, settings):
    client.force_login(UserFactory())
    client.get(reverse("start"))
    _shift_session(
        client,
        **{
            SESSION_STARTED_KEY: settings.SESSION_ABSOLUTE_HOURS * 3600 + 1,
            SESSION_LAST_SEEN_KEY: 5,
        },
    )

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_idle_limit_is_the_session_cookie_age(settings):
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_MINUTES * 60


def session_writes(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(
        1
        for query in captured
        if "django_session" in query["sql"] and not query["sql"].startswith("SELECT")
    )


def test_activity_is_recorded_once_a_minute_not_on_every_page(client):
    """Reading pages within a minute of the last recorded activity writes nothing to the
    session store; the next page after that minute records it, which also moves the store's
    expiry, so the idle limit runs from there."""
    client.force_login(UserFactory())
    url = reverse("accounts:profile")
    client.get(url)
    assert session_writes(client, url) == 0

    _shift_session(client, **{SESSION_LAST_SEEN_KEY: ACTIVITY_RESOLUTION_SECONDS + 1})
    stored = Session.objects.get(session_key=client.session.session_key)
    assert session_writes(client, url) == 1

    assert time.time() - client.session[SESSION_LAST_SEEN_KEY] < ACTIVITY_RESOLUTION_SECONDS
    assert Session.objects.get(pk=stored.pk).expire_date > stored.expire_date
