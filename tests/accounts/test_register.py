"""Creating an account to join a reviewer pool: confirmed by a link sent to the address,
which never tells anyone whether an address is already registered."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def register(client, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("accounts:register") + "?next=/reviewers/join/",
            {"full_name": "Aisha Rahman", "email": "Aisha.Rahman@example.org", **data},
        )


def link_in(body: str) -> str:
    return re.search(r"https?://[^/]+(/\S+)", body).group(1)


def test_new_account_is_confirmed_by_email_then_signed_in(
    client, django_capture_on_commit_callbacks
):
    response = register(client, django_capture_on_commit_callbacks)

    assert response["Location"] == reverse("accounts:register_sent")
    user = User.objects.get(email="aisha.rahman@example.org")
    assert (user.is_active, user.has_usable_password(), user.full_name) == (
        False,
        False,
        "Aisha Rahman",
    )
    [email] = mail.outbox
    assert email.to == ["aisha.rahman@example.org"]

    form_page = client.get(link_in(email.body), follow=True)
    assert "Choose your password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-42"},
    )

    assert done["Location"] == "/reviewers/join/"
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password("a-long-new-password-42")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_an_existing_address_gets_a_different_email_and_no_new_account(
    client, django_capture_on_commit_callbacks
):
    factories.UserFactory(email="aisha.rahman@example.org")

    response = register(client, django_capture_on_commit_callbacks)

    assert response["Location"] == reverse("accounts:register_sent")
    assert User.objects.filter(email__iexact="aisha.rahman@example.org").count() == 1
    [email] = mail.outbox
    assert "you already have one" in email.body


def test_a_bad_address_is_refused_and_kept(client, django_capture_on_commit_callbacks):
    response = register(client, django_capture_on_commit_callbacks, email="aisha at example")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Enter an email address in the correct format, like name@example.org"]
    }
    assert 'value="aisha at example"' in response.content.decode()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_an_unconfirmed_account_cannot_sign_in(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)

    response = client.post(
        reverse("accounts:login"), {"username": "aisha.rahman@example.org", "password": "x"}
    )

    assert response.status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 302


def set_password(client, link: str):
    """Open the confirmation link and choose a password: the response to the form."""
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-long-new-password-42", "new_password2": "a-long-new-password-42"},
    )


def test_the_sign_in_page_sends_next_on_to_create_an_account(client):
    page = client.get(reverse("accounts:login") + "?next=/reviewers/join/").content.decode()

    assert f'href="{reverse("accounts:register")}?next=/reviewers/join/"' in page


def test_the_link_takes_next_to_another_browser(client, django_capture_on_commit_callbacks):
    register(client, django_capture_on_commit_callbacks)
    [email] = mail.outbox
    other_browser = Client()

    done = set_password(other_browser, link_in(email.body))

    assert link_in(email.body).endswith("/?next=%2Freviewers%2Fjoin%2F")
    assert done["Location"] == "/reviewers/join/"
    assert other_browser.get("/reviewers/join/").status_code == 200


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example.com/reviewers/join/", "//evil.example.com/", "javascript:x"]
)
def test_a_next_on_another_site_is_ignored(client, django_capture_on_commit_callbacks, elsewhere):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register") + "?" + urlencode({"next": elsewhere}),
            {"full_name": "Aisha Rahman", "email": "aisha.rahman@example.org"},
        )
    [email] = mail.outbox

    done = set_password(client, link_in(email.body))

    assert "next" not in email.body
    assert done["Location"] == reverse("start")


def test_a_next_on_another_site_added_to_the_link_is_ignored(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register"),
            {"full_name": "Aisha Rahman", "email": "aisha.rahman@example.org"},
        )
    [email] = mail.outbox

    done = set_password(Client(), link_in(email.body) + "?next=https://evil.example.com/")

    assert done["Location"] == reverse("start")


def test_an_expired_link_offers_to_start_again_keeping_next(client):
    response = client.get(
        reverse("accounts:activate", args=["MQ", "no-such-token"]) + "?next=/reviewers/join/"
    )

    assert response.context["validlink"] is False
    assert f'href="{reverse("accounts:register")}?next=/reviewers/join/"' in (
        response.content.decode()
    )


def test_an_existing_account_is_sent_a_sign_in_link_keeping_next(
    client, django_capture_on_commit_callbacks
):
    factories.UserFactory(email="aisha.rahman@example.org")

    register(client, django_capture_on_commit_callbacks)

    [email] = mail.outbox
    assert f"{reverse('accounts:login')}?next=%2Freviewers%2Fjoin%2F" in email.body


def test_someone_signed_in_goes_on_to_next(client):
    client.force_login(factories.UserFactory())

    assert client.get(reverse("accounts:register") + "?next=/reviewers/join/")["Location"] == (
        "/reviewers/join/"
    )
    assert client.get(reverse("accounts:register") + "?next=https://evil.example.com/")[
        "Location"
    ] == reverse("start")
