"""Writes for people and their memberships."""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template import loader
from django.urls import reverse
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
