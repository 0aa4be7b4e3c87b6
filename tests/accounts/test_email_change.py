"""Changing the address a person signs in with: confirmed from the new address by a signed,
expiring link that works only for that person, signed in; the old address is told; until
then, sign-in stays on the old address."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.pages import errors_of, messages_of

pytestmark = pytest.mark.django_db

OLD = "grace.okafor@example.org"
NEW = "grace.okafor@northdale.example.org"


@pytest.fixture
def person(client) -> User:
    user = UserFactory(email=OLD, full_name="Grace Okafor")
    client.force_login(user)
    return user


@pytest.fixture
def ask(client, django_capture_on_commit_callbacks):
    """Ask, as the signed-in person, to sign in with `email` instead; the emails sent."""

    def ask(email: str = NEW, password: str = PASSWORD):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("accounts:email_change"),
                {"email": email, "password": password},
                follow=True,
            )

    return ask


def sent_to(outbox, address: str) -> list:
    return [message for message in outbox if message.to == [address]]


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/profile/email/confirm/\S+/)", message.body)[1]


def signs_in(email: str) -> bool:
    response = Client().post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    return response.status_code == 302


def test_asking_for_a_new_address_changes_nothing_until_the_link_is_opened(person, ask, mailoutbox):
    response = ask(NEW)

    assert response.redirect_chain == [(reverse("accounts:email_change_sent"), 302)]
    assert f"We will email a link to <strong>{NEW}</strong>." in response.content.decode()
    person.refresh_from_db()
    assert person.email == OLD
    assert (signs_in(OLD), signs_in(NEW)) == (True, False)
    [confirmation] = sent_to(mailoutbox, NEW)
    assert confirmation.subject == (
        "Confirm your new email address for the peer review programme manager"
    )
    assert link_in(confirmation)
    [notice] = sent_to(mailoutbox, OLD)
    assert notice.subject == "A change to the email address you sign in with"
    assert f"asked to sign in with {NEW} instead of this address" in notice.body
    assert "If it was not you, change your password now: that cancels the change." in (notice.body)
    assert "http://testserver/accounts/profile/password/" in notice.body


def test_the_profile_edit_page_does_not_change_the_address(person, client):
    client.post(
        reverse("accounts:profile_edit"),
        {"full_name": "Grace Okafor", "job_title": "", "phone": "", "email": NEW},
    )

    person.refresh_from_db()
    assert person.email == OLD


def test_the_link_moves_the_account_to_the_new_address_and_tells_the_old_one(
    person, ask, client, mailoutbox, django_capture_on_commit_callbacks
):
    ask(NEW)
    link = link_in(sent_to(mailoutbox, NEW)[0])
    mailoutbox.clear()

    page = client.get(link)
    assert "Confirm your new email address" in page.content.decode()
    assert f"You will sign in with <strong>{NEW}</strong> instead of {OLD}" in (
        page.content.decode()
    )
    person.refresh_from_db()
    assert person.email == OLD  # opening the link changes nothing by itself
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, follow=True)

    assert response.redirect_chain == [(reverse("accounts:profile"), 302)]
    assert messages_of(response) == [f"You now sign in with {NEW}."]
    person.refresh_from_db()
    assert person.email == NEW
    latest = person.history.latest()
    assert (latest.email, latest.history_user) == (NEW, person)
    assert (signs_in(NEW), signs_in(OLD)) == (True, False)
    [notice] = mailoutbox
    assert notice.to == [OLD]
    assert notice.subject == "The email address you sign in with has changed"
    assert f"You now sign in to the peer review programme manager with {NEW}" in notice.body
    assert "If you did not make this change, tell your programme coordinator" in notice.body


def test_a_link_works_once(person, ask, client, mailoutbox):
    ask(NEW)
    link = link_in(sent_to(mailoutbox, NEW)[0])
    client.post(link)

    again = client.get(link)

    assert "This link has already been used" in again.content.decode()


def test_changing_the_password_cancels_the_link(person, ask, client, mailoutbox):
    ask(NEW)
    link = link_in(sent_to(mailoutbox, NEW)[0])
    person.set_password("a-new-long-passphrase")
    person.save()
    client.force_login(person)

    response = client.post(link)

    assert "This link has already been used" in response.content.decode()
    person.refresh_from_db()
    assert person.email == OLD


def test_an_expired_link_says_so_and_changes_nothing(person, ask, client, mailoutbox):
    ask(NEW)
    link = link_in(sent_to(mailoutbox, NEW)[0])

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=1)):
        client.force_login(person)  # the session itself has timed out by then
        page = client.get(link).content.decode()
        client.post(link)

    assert "This link has expired" in page
    assert "A link to confirm a new email address works for 24 hours." in page
    person.refresh_from_db()
    assert person.email == OLD


def _tampered(link: str, how: str) -> str:
    token = link.split("/")[-2]
    payload, timestamp, signature = token.split(":")
    if how == "signature":
        token = f"{payload}:{timestamp}:{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    elif how == "timestamp":
        token = f"{payload}:{'0' + timestamp}:{signature}"
    else:
        token = token[: len(token) // 2]
    return reverse("accounts:email_change_confirm", args=[token])


@pytest.mark.parametrize("how", ["signature", "timestamp", "cut short"])
def test_a_tampered_link_does_not_work(person, ask, client, mailoutbox, how):
    ask(NEW)
    link = _tampered(link_in(sent_to(mailoutbox, NEW)[0]), how)

    page = client.get(link).content.decode()
    client.post(link)

    assert "This link does not work" in page
    person.refresh_from_db()
    assert person.email == OLD


def test_someone_elses_link_does_not_work_for_another_signed_in_person(
    person, ask, client, mailoutbox
):
    ask(NEW)
    link = link_in(sent_to(mailoutbox, NEW)[0])
    someone_else = UserFactory(email="tom.hughes@example.org")
    client.force_login(someone_else)

    page = client.get(link)
    posted = client.post(link)

    assert (page.status_code, posted.status_code) == (403, 403)
    assert "This link is for another account" in page.content.decode()
    person.refresh_from_db()
    someone_else.refresh_from_db()
    assert (person.email, someone_else.email) == (OLD, "tom.hughes@example.org")


def test_the_link_asks_to_sign_in_first(person, ask, client, mailoutbox):
    ask(NEW)
    link = link_in(sent_to(mailoutbox, NEW)[0])
    client.logout()

    response = client.get(link)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_an_address_with_an_account_is_not_given_and_the_page_says_the_same(
    person, ask, mailoutbox
):
    UserFactory(email=NEW)

    response = ask(NEW.upper())

    assert f"We will email a link to <strong>{NEW}</strong>." in response.content.decode()
    [note] = sent_to(mailoutbox, NEW)
    assert "It already has an account on the service" in note.body
    assert "/accounts/profile/email/confirm/" not in note.body
    assert len(sent_to(mailoutbox, OLD)) == 1
    person.refresh_from_db()
    assert person.email == OLD


def test_an_address_taken_after_the_link_was_sent_is_refused(person, ask, client, mailoutbox):
    ask(NEW)
    link = link_in(sent_to(mailoutbox, NEW)[0])
    UserFactory(email=NEW)

    page = client.post(link).content.decode()

    assert "You cannot use this email address" in page
    assert (
        "This email address already has an account on the service, so it cannot be yours "
        "too. Sign in with it instead, or ask your programme coordinator."
    ) in page
    person.refresh_from_db()
    assert person.email == OLD


@pytest.mark.parametrize(
    ("email", "password", "error"),
    [
        ("", PASSWORD, "Enter your new email address"),
        ("not an address", PASSWORD, "Enter an email address in the correct format"),
        (OLD.upper(), PASSWORD, "This is already the email address you sign in with"),
        (NEW, "", "Enter your password"),
        (NEW, "not-the-password", "Your password is not correct. Enter it again."),
    ],
)
def test_the_request_needs_a_new_address_and_the_password(
    person, client, mailoutbox, email, password, error
):
    response = client.post(reverse("accounts:email_change"), {"email": email, "password": password})

    assert any(message.startswith(error) for message in errors_of(response))
    if email:
        assert f'value="{email}"' in response.content.decode()
    assert mailoutbox == []
    person.refresh_from_db()
    assert person.email == OLD


def test_the_profile_offers_to_change_the_address(person, client):
    page = client.get(reverse("accounts:profile")).content.decode()

    assert f'href="{reverse("accounts:email_change")}"' in page
