import re

import pytest
from django.db import connection
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import EmailState, OutboxEmail
from core.tasks import deliver_outbox
from tests.factories import UserFactory
from tests.tasks import broker_down
from tests.wsgi import close_as_a_server, post_as_a_server

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


# The page's time must not tell whether an address has an account: the page does the same
# work either way, and the email is looked up, written and sent only after the response.


@pytest.mark.django_db(transaction=True)
def test_the_reset_email_is_sent_once_the_response_has_been_sent(mailoutbox):
    UserFactory(email="daniel.evans@example.org")

    response = post_as_a_server(
        reverse("accounts:password_reset"), {"email": "daniel.evans@example.org"}
    )

    assert response.status_code == 302
    assert mailoutbox == []
    close_as_a_server(response)
    assert [message.to for message in mailoutbox] == [["daniel.evans@example.org"]]


MOMENT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:?\d\d)?")


def _work_of_the_reset_page(address: str) -> tuple:
    """What the reset page does for `address` until its response is ready: the response, the
    SQL it runs (the address written as <address>) and the templates it renders."""
    rendered = []

    def record(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(record)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = post_as_a_server(reverse("accounts:password_reset"), {"email": address})
    finally:
        template_rendered.disconnect(record)
    close_as_a_server(response)
    return (
        (response.status_code, response["Location"], response.content),
        [
            # The outbox row's times are when it was recorded.
            MOMENT.sub("<time>", query["sql"].replace(address, "<address>"))
            for query in queries.captured_queries
        ],
        rendered,
    )


@pytest.mark.django_db(transaction=True)
def test_the_reset_page_does_the_same_work_whether_or_not_the_address_has_an_account(
    mailoutbox,
):
    UserFactory(email="daniel.evans@example.org")

    with_an_account = _work_of_the_reset_page("daniel.evans@example.org")
    without_one = _work_of_the_reset_page("nobody@example.org")

    assert with_an_account == without_one
    assert [message.to for message in mailoutbox] == [["daniel.evans@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_reset_waits_in_the_outbox_without_its_link(
    client, monkeypatch, caplog, mailoutbox
):
    """Never written in the request; with the broker down, the email waits in the outbox,
    holding the address asked for and no token, and the sweep sends it once the broker is
    back. The person is told the same as ever."""
    UserFactory(email="daniel.evans@example.org")

    with broker_down(monkeypatch):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "daniel.evans@example.org"}, follow=True
        )

    assert "Check your email" in response.content.decode()
    assert "the outbox sweep will send it" in caplog.text
    assert mailoutbox == []
    [waiting] = OutboxEmail.objects.values()
    assert waiting["state"] == EmailState.PENDING
    assert "password-reset" not in str(waiting)
    assert waiting["params"] == {
        "email": "daniel.evans@example.org",
        "base_url": "http://testserver/",
    }

    deliver_outbox.apply()

    [email] = mailoutbox
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", email.body).group(1)
    assert "Choose a new password" in client.get(link, follow=True).content.decode()
    sent = OutboxEmail.objects.get()
    assert sent.state == EmailState.SENT
    assert sent.to == ["daniel.evans@example.org"]
    assert link.split("/")[-2] not in str(OutboxEmail.objects.values().get())
