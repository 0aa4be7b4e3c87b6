"""Writes for people and their memberships."""

import datetime
import enum

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import loader
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.tasks import send_email_after_commit, send_templated_email_after_commit

from .models import User


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, job_title: str, phone: str) -> User:
    """Change the details a person keeps about themselves (history records the change)."""
    user.full_name = full_name
    user.job_title = job_title
    user.phone = phone
    user.full_clean()
    user.save(update_fields=["full_name", "job_title", "phone"])
    return user


def _confirmation_link(user: User, base_url: str, name: str) -> str:
    path = reverse(
        name,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


@transaction.atomic
def user_register(*, full_name: str, email: str, base_url: str) -> None:
    """Start a new account: an inactive user with no password, and an email with a link to
    confirm the address and choose a password. If the address already has an account, the
    email says so instead, so the page never tells anyone which addresses are registered."""
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        body = loader.render_to_string(
            "accounts/email/account_exists.txt",
            {"user": existing, "link": base_url.rstrip("/") + reverse("accounts:password_reset")},
        )
        to = existing.email
    else:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        user.is_active = False
        user.save(update_fields=["is_active"])
        body = loader.render_to_string(
            "accounts/email/confirm_account.txt",
            {"user": user, "link": _confirmation_link(user, base_url, "accounts:activate")},
        )
        to = user.email
    subject = _("Confirm your email address for the peer review programme manager")
    send_email_after_commit(subject=subject, body=body, to=[to])


def user_send_invitation(*, user: User, invited_by: User, base_url: str) -> None:
    """Email a new person a link to choose their password, once the current transaction
    commits. The link is a password-reset token, so it expires like one."""
    body = loader.render_to_string(
        "accounts/email/invitation.txt",
        {
            "user": user,
            "invited_by": invited_by,
            "link": _confirmation_link(user, base_url, "accounts:password_reset_confirm"),
        },
    )
    subject = _("You have been invited to the peer review programme manager")
    send_email_after_commit(subject=subject, body=body, to=[user.email])


def user_send_password_reset(*, email: str, base_url: str) -> None:
    """Email a link to choose a new password to each account that signs in with `email` and
    may reset it (active, with a usable password: Django's rule); send nothing when there is
    none. Run by a task once the reset page has answered, which says the same either way, so
    neither its words nor its time tell anyone whether the address has an account."""
    for user in PasswordResetForm().get_users(email):
        send_templated_email_after_commit(
            template="accounts/email/password_reset",
            context={
                "user": user,
                "link": _confirmation_link(user, base_url, "accounts:password_reset_confirm"),
            },
            to=[user.email],
        )


# --- Changing the address a person signs in with -------------------------------------------
#
# The person asks on their profile; the new address gets a link, the old one a notice. The
# link is signed (it cannot be made or changed without the secret key), names the account and
# the new address, and works for EMAIL_CHANGE_LINK_AGE while the account's address and
# password are what they were when it was sent: so it works once, and changing the password
# cancels it. Until it is opened, by the person, signed in, the old address signs in.

EMAIL_CHANGE_SALT = "accounts.email_change"
EMAIL_CHANGE_LINK_AGE = datetime.timedelta(hours=24)


class EmailChangeLinkProblem(enum.Enum):
    EXPIRED = "expired"
    NOT_VALID = "not_valid"
    USED = "used"
    NOT_YOURS = "not_yours"


class EmailChangeLinkError(Exception):
    """Why an email-change link does not work for this person."""

    def __init__(self, problem: EmailChangeLinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _account_state(user: User) -> str:
    # Changes when the account's address or password does, which ends the links sent before.
    return salted_hmac(
        EMAIL_CHANGE_SALT, f"{user.pk}|{user.email}|{user.password}", algorithm="sha256"
    ).hexdigest()


def email_change_token(*, user: User, new_email: str) -> str:
    """The signed part of the link that moves `user` to `new_email`."""
    return signing.dumps(
        {"user": user.pk, "email": new_email, "state": _account_state(user)},
        salt=EMAIL_CHANGE_SALT,
    )


def email_change_address(*, token: str, user: User) -> str:
    """The new address the link `token` moves `user` to, or EmailChangeLinkError saying why
    it does not: too old, not a link we made, already used (or the password has changed since),
    or another person's."""
    try:
        asked = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_LINK_AGE)
    except signing.SignatureExpired as error:
        raise EmailChangeLinkError(EmailChangeLinkProblem.EXPIRED) from error
    except signing.BadSignature as error:
        raise EmailChangeLinkError(EmailChangeLinkProblem.NOT_VALID) from error
    if asked["user"] != user.pk:
        raise EmailChangeLinkError(EmailChangeLinkProblem.NOT_YOURS)
    if not constant_time_compare(asked["state"], _account_state(user)):
        raise EmailChangeLinkError(EmailChangeLinkProblem.USED)
    return asked["email"]


def _address_taken(email: str, *, by_other_than: User) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=by_other_than.pk).exists()


def user_email_change_request(*, user: User, new_email: str, base_url: str) -> None:
    """Start moving `user` to `new_email`: the new address gets the link to confirm it, or, if
    it already has an account, a note that it cannot be used (so the page, which says the same
    either way, tells nobody which addresses have accounts); the old address gets a notice
    saying what to do if the person did not ask. Nothing about the account changes yet."""
    context = {"user": user, "new_email": new_email}
    if _address_taken(new_email, by_other_than=user):
        send_templated_email_after_commit(
            template="accounts/email/email_change_taken", context=context, to=[new_email]
        )
    else:
        path = reverse(
            "accounts:email_change_confirm",
            kwargs={"token": email_change_token(user=user, new_email=new_email)},
        )
        send_templated_email_after_commit(
            template="accounts/email/email_change_confirm",
            context={**context, "link": base_url.rstrip("/") + path},
            to=[new_email],
        )
    send_templated_email_after_commit(
        template="accounts/email/email_change_requested",
        context={
            **context,
            "password_link": base_url.rstrip("/") + reverse("accounts:password_change"),
        },
        to=[user.email],
    )


@transaction.atomic
def user_email_change(*, user: User, token: str) -> User:
    """Move `user` to the address their link `token` names (EmailChangeLinkError if it does not
    work; ValidationError if the address has an account by now), tell the old address, and
    return the user. History records the change and who made it."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    new_email = email_change_address(token=token, user=locked)
    if _address_taken(new_email, by_other_than=locked):
        raise ValidationError(_address_taken_message())
    old_email = locked.email
    locked.email = new_email
    try:
        with transaction.atomic():
            locked.save(update_fields=["email"])
    except IntegrityError as error:
        # Taken since the check, by an account made at the same moment.
        raise ValidationError(_address_taken_message()) from error
    send_templated_email_after_commit(
        template="accounts/email/email_changed",
        context={"user": locked, "old_email": old_email},
        to=[old_email],
    )
    user.email = new_email
    return locked


def _address_taken_message() -> str:
    return _(
        "This email address already has an account on the service, so it cannot be yours "
        "too. Sign in with it instead, or ask your programme coordinator."
    )
