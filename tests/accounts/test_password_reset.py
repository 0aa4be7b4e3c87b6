import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_emails_a_link_that_sets_a_new_password(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="daniel.evans@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "daniel.evans@example.org"}
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["daniel.evans@example.org"]
    assert email.subject == "Reset your password for the peer review programme manager"
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", email.body).group(1)

    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_password_reset_for_unknown_address_sends_nothing_and_says_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "nobody@example.org"}, follow=True
        )

    assert mailoutbox == []
    assert "Check your email" in response.content.decode()


def test_password_reset_rejects_badly_formed_address(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "not an email"})

    page = response.content.decode()
    assert "Enter an email address in the correct format" in page
    assert 'value="not an email"' in page


def test_password_reset_link_with_bad_token_says_expired(client):
    user = UserFactory()
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.get(
        reverse("accounts:password_reset_confirm", args=[uid, "bad-token"]), follow=True
    )

    assert "This link has expired" in response.content.decode()


def test_new_password_must_match_and_be_strong(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"http://testserver(\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    mismatch = client.post(
        form_url, {"new_password1": "a-long-passphrase-1", "new_password2": "a-long-passphrase-2"}
    )
    short = client.post(form_url, {"new_password1": "short", "new_password2": "short"})

    assert "The passwords you entered do not match" in mismatch.content.decode()
    assert "This password is too short" in short.content.decode()
    user.refresh_from_db()
    assert not user.check_password("a-long-passphrase-1")
