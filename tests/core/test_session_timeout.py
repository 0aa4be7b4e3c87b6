import time

import pytest
from django.urls import reverse

from core.middleware import SESSION_LAST_SEEN_KEY, SESSION_STARTED_KEY
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
    client.get(reverse("core:start"))
    _shift_session(client, **{SESSION_LAST_SEEN_KEY: settings.SESSION_IDLE_MINUTES * 60 + 1})

    response = client.get(reverse("accounts:profile"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "You were signed out to keep your information safe" in response.content.decode()


def test_session_ends_after_absolute_limit_however_active(client, settings):
    client.force_login(UserFactory())
    client.get(reverse("core:start"))
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
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
