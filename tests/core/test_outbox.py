"""The email outbox (core.outbox): recorded with the change, sent once after it commits, tried
again with backoff when the mail server fails, never holding a sign-in link's token, and kept
for a while for support."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from core import outbox
from core.models import EmailState, OutboxEmail
from core.tasks import deliver_email, deliver_outbox, purge_outbox
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Nothing listens on port 1 of the loopback address: a send fails at once, as when the mail
# server is down.
MAIL_SERVER_DOWN = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 5},
    }
}


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Runs what the block leaves for after its commit, at its end (as a committed request
    would: the test's own transaction never commits)."""
    return django_capture_on_commit_callbacks


def _stored_text() -> str:
    """Everything the outbox table holds, as text."""
    return str(list(OutboxEmail.objects.values()))


def test_an_email_of_a_change_rolled_back_is_neither_recorded_nor_sent(
    django_capture_on_commit_callbacks, mailoutbox
):
    class RefusedError(Exception):
        pass

    def refused_change():
        with transaction.atomic():
            outbox.email_later(subject="Approved", body="Your application.", to=["a@example.org"])
            raise RefusedError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RefusedError):
        refused_change()

    assert not OutboxEmail.objects.exists()
    assert mailoutbox == []


def test_an_email_with_no_address_is_not_recorded():
    assert outbox.email_later(subject="Approved", body="Body.", to=["", ""]) is None
    assert not OutboxEmail.objects.exists()


def test_an_email_is_sent_once_however_often_its_delivery_is_asked_for(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        email = outbox.email_later(subject="Approved", body="Body.", to=["a@example.org"])

    assert deliver_email.apply(kwargs={"pk": email.pk}).get() is None
    assert deliver_outbox.apply().get() == 0

    assert [message.subject for message in mailoutbox] == ["Approved"]
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 1)


def test_a_failed_send_is_tried_again_later_with_backoff_then_given_up(
    commits, settings, mailoutbox
):
    settings.MAILERS = MAIL_SERVER_DOWN
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with commits(execute=True):
        email = outbox.email_later(subject="Approved", body="Body.", to=["a@example.org"])
    email.refresh_from_db()
    assert email.state == EmailState.PENDING
    assert email.attempts == 1
    assert email.last_error.startswith("ConnectionRefusedError")
    first_retry = email.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < first_retry <= datetime.timedelta(minutes=1)

    # Not due yet: the sweep leaves it.
    assert deliver_outbox.apply().get() == 0
    email.refresh_from_db()
    assert email.attempts == 1

    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    deliver_outbox.apply()
    email.refresh_from_db()
    assert email.attempts == 2
    assert datetime.timedelta(minutes=1) < email.next_attempt_at - timezone.now()

    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    deliver_outbox.apply()
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.FAILED, 3)
    assert mailoutbox == []


def test_once_the_mail_server_is_back_the_waiting_email_is_sent(commits, settings, mailoutbox):
    mailers = settings.MAILERS
    settings.MAILERS = MAIL_SERVER_DOWN
    with commits(execute=True):
        email = outbox.email_later(subject="Approved", body="Body.", to=["a@example.org"])
    settings.MAILERS = mailers
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

    assert deliver_outbox.apply().get() == 1

    assert [message.to for message in mailoutbox] == [["a@example.org"]]
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 2)


def _link_token(body: str) -> str:
    return re.search(r"/([0-9a-z]+-[0-9a-f]+)/", body).group(1)


def test_no_sign_in_link_is_ever_stored(commits, client, mailoutbox):
    """An account's confirmation, an invitation, a password reset and a change of address are
    written at delivery: the outbox holds who and where, never the link."""
    inviter = UserFactory(full_name="Priya Shah")
    invited = UserFactory(email="new.reviewer@example.org")
    changing = UserFactory(email="old@example.org")
    base_url = "https://peer-review.example.org/"

    with commits(execute=True):
        account_services.user_register(
            full_name="Sam Jones", email="sam.jones@example.org", base_url=base_url
        )
        account_services.user_send_invitation(user=invited, invited_by=inviter, base_url=base_url)
        account_services.user_send_password_reset(email=invited.email, base_url=base_url)
        account_services.user_email_change_request(
            user=changing, new_email="new@example.org", base_url=base_url
        )

    kinds = set(OutboxEmail.objects.exclude(kind="").values_list("kind", flat=True))
    assert kinds == {
        "accounts.confirm_account",
        "accounts.invitation",
        "accounts.password_reset",
        "accounts.email_change_confirm",
    }
    assert OutboxEmail.objects.filter(state=EmailState.SENT).count() == 5
    by_subject = {message.subject: message for message in mailoutbox}
    registered = by_subject["Confirm your email address for the peer review programme manager"]
    assert "Sam Jones" in registered.body
    # The notice to the old address is written when asked for, and carries no sign-in link.
    for message in [message for message in mailoutbox if message.to != ["old@example.org"]]:
        for link in re.findall(r"https://peer-review\.example\.org(\S+)", message.body):
            assert link not in _stored_text()
    token = _link_token(registered.body)
    assert default_token_generator.check_token(
        account_services.User.objects.get(email="sam.jones@example.org"), token
    )
    assert token not in _stored_text()
    assert "Sign in" not in _stored_text()


def test_a_link_email_is_not_sent_once_its_link_would_have_expired(commits, mailoutbox):
    user = UserFactory(email="daniel.evans@example.org")
    with commits(execute=True):
        account_services.user_send_password_reset(email=user.email, base_url="http://x/")
    mailoutbox.clear()
    email = OutboxEmail.objects.get()
    OutboxEmail.objects.filter(pk=email.pk).update(
        state=EmailState.PENDING,
        created_at=timezone.now() - settings.OUTBOX_LINK_EMAIL_AGE - datetime.timedelta(minutes=1),
    )

    deliver_outbox.apply()

    email.refresh_from_db()
    assert email.state == EmailState.EXPIRED
    assert mailoutbox == []


def test_a_reset_for_an_address_with_no_account_sends_nothing_and_says_so(commits):
    with commits(execute=True):
        account_services.user_send_password_reset(email="nobody@example.org", base_url="http://x/")

    assert OutboxEmail.objects.get().state == EmailState.NOTHING_TO_SEND


def test_emails_are_kept_for_support_then_deleted(commits, settings):
    settings.OUTBOX_KEEP_DAYS = 30
    now = timezone.now()
    with commits(execute=True):
        old = outbox.email_later(subject="Old", body="Body.", to=["a@example.org"])
        outbox.email_later(subject="Recent", body="Body.", to=["a@example.org"])
        waiting = outbox.email_later(subject="Waiting", body="Body.", to=["a@example.org"])
    OutboxEmail.objects.filter(pk__in=[old.pk, waiting.pk]).update(
        created_at=now - datetime.timedelta(days=31)
    )
    OutboxEmail.objects.filter(pk=waiting.pk).update(state=EmailState.PENDING)

    assert purge_outbox.apply().get() == 1

    assert set(OutboxEmail.objects.values_list("subject", flat=True)) == {"Recent", "Waiting"}


def test_the_sweep_and_the_purge_are_on_the_beat_schedule():
    tasks = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert tasks["core.tasks.deliver_outbox"] == datetime.timedelta(minutes=1)
    assert tasks["core.tasks.purge_outbox"] == datetime.timedelta(days=1)


def test_technical_staff_see_whether_an_email_was_sent_but_not_its_body(commits, client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    with commits(execute=True):
        email = outbox.email_later(
            subject="Your application was approved",
            body="Confidential detail of the decision.",
            to=["lead@example.org"],
        )
    client.force_login(admin)

    listing = client.get(reverse("admin:core_outboxemail_changelist")).content.decode()
    page = client.get(reverse("admin:core_outboxemail_change", args=[email.pk])).content.decode()

    assert "Your application was approved" in listing
    assert "lead@example.org" in listing
    assert "Sent" in listing
    assert "Confidential detail" not in page


def test_without_beat_a_command_sends_what_is_waiting(commits, settings, mailoutbox):
    mailers = settings.MAILERS
    settings.MAILERS = MAIL_SERVER_DOWN
    with commits(execute=True):
        email = outbox.email_later(subject="Approved", body="Body.", to=["a@example.org"])
    settings.MAILERS = mailers
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    output = io.StringIO()

    call_command("deliver_outbox", stdout=output)
    call_command("deliver_outbox", stdout=output)

    assert output.getvalue().splitlines() == [
        "Emails sent: 1. Old emails deleted: 0.",
        "Emails sent: 0. Old emails deleted: 0.",
    ]
    assert [message.subject for message in mailoutbox] == ["Approved"]
