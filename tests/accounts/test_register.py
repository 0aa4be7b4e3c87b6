"""Creating an account to join a reviewer pool: confirmed by a link sent to the address,
which never tells anyone whether an address is already registered."""

import re

import pytest
from django.core import mail
from django.urls import reverse

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
