"""Lockout after repeated failed sign-ins (django-axes), and that a forged X-Forwarded-For
header can neither dodge it nor be used to lock someone else out."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.net import client_ip_address
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, email, password="wrong-password", *, REMOTE_ADDR="127.0.0.1", **headers):  # noqa: N803
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        headers=headers,
        REMOTE_ADDR=REMOTE_ADDR,
    )


def test_lockout_after_five_failures_refuses_even_the_right_password(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, user.email).status_code == 200

    locked = attempt(client, user.email)
    then_right = attempt(client, user.email, PASSWORD)

    assert locked.status_code == 429
    assert "You cannot sign in for now" in locked.content.decode()
    assert "Try again in 30 minutes." in locked.content.decode()
    assert then_right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_forged_forwarded_for_does_not_dodge_lockout(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()

    responses = [
        attempt(client, user.email, x_forwarded_for=f"203.0.113.{n}")
        for n in range(settings.AXES_FAILURE_LIMIT + 1)
    ]

    assert responses[-1].status_code == 429
    assert attempt(client, user.email, PASSWORD, x_forwarded_for="198.51.100.7").status_code == 429


def test_lockout_by_address_covers_guessing_across_many_accounts(client, settings):
    users = UserFactory.create_batch(settings.AXES_FAILURE_LIMIT + 1)

    statuses = [attempt(client, user.email).status_code for user in users]

    assert statuses[-1] == 429


def test_behind_one_proxy_only_the_proxy_written_address_counts(client, settings):
    """With one trusted proxy, the client may prepend anything: we read the last entry,
    which our proxy wrote. Varying the forged part changes nothing."""
    settings.TRUSTED_PROXY_COUNT = 1
    victims = UserFactory.create_batch(settings.AXES_FAILURE_LIMIT + 1)

    statuses = [
        attempt(client, victim.email, x_forwarded_for=f"10.0.0.{n}, 192.0.2.50").status_code
        for n, victim in enumerate(victims)
    ]

    assert statuses[-1] == 429


def test_client_ip_ignores_forwarded_for_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert client_ip_address(request) == "192.0.2.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "192.0.2.1"),
    ],
)
def test_client_ip_reads_only_as_deep_as_trusted_proxies(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip_address(request) == expected


# --- By account as well as by address: guesses spread over many addresses still lock the
# account, and one account's failures do not lock anyone else out. ---------------------------


def test_guesses_from_many_addresses_lock_the_account(client, settings):
    user = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, user.email, REMOTE_ADDR=f"192.0.2.{n + 1}")

    right = attempt(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.20")

    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_whatever_the_case_or_spaces_of_the_address_typed(client, settings):
    user = UserFactory(email="grace.okafor@example.org")
    typed = ["Grace.Okafor@example.org", " grace.okafor@example.org ", "GRACE.OKAFOR@EXAMPLE.ORG"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, typed[n % len(typed)], REMOTE_ADDR=f"192.0.2.{n + 1}")

    right = attempt(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.20")

    assert right.status_code == 429


def test_one_accounts_failures_do_not_lock_out_someone_else(client, settings):
    attacked = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        attempt(client, attacked.email, REMOTE_ADDR=f"192.0.2.{n + 1}")
    someone_else = UserFactory()

    typo = attempt(client, someone_else.email, REMOTE_ADDR="198.51.100.20")
    signed_in = attempt(client, someone_else.email, PASSWORD, REMOTE_ADDR="198.51.100.20")

    assert typo.status_code == 200
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(someone_else.pk)
