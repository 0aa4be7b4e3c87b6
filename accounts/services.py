"""Writes for people and their memberships."""

import datetime
import enum
import uuid

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import loader
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.once import create_once, created_with
from core.outbox import Email, email_built_later, register_builder, written_email
from core.tasks import send_email_after_commit, send_templated_email_after_commit

from .enums import Role
from .models import MemberOrganisation, Membership, Organisation, Programme, User
from .roles import forget_roles


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, job_title: str, phone: str) -> User:
    """Change the details a person keeps about themselves (history records the change)."""
    user.full_name = full_name
    user.job_title = job_title
    user.phone = phone
    user.full_clean()
    user.save(update_fields=["full_name", "job_title", "phone"])
    return user


def _confirmation_link(user: User, base_url: str, name: str, next_path: str = "") -> str:
    path = reverse(
        name,
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + _with_next(path, next_path)


def _with_next(path: str, next_path: str) -> str:
    return f"{path}?{urlencode({'next': next_path})}" if next_path else path


# --- Emails carrying a sign-in link ---------------------------------------------------------
#
# Recorded in the outbox by kind and what they are written from (core.outbox), and written at
# delivery: the token in their link is never stored.

CONFIRM_ACCOUNT_EMAIL = "accounts.confirm_account"
INVITATION_EMAIL = "accounts.invitation"
PASSWORD_RESET_EMAIL = "accounts.password_reset"  # noqa: S105 (a kind of email, not a secret)
EMAIL_CHANGE_CONFIRM_EMAIL = "accounts.email_change_confirm"


def _confirm_account_emails(params: dict) -> list[Email]:
    # An account confirmed (or removed) since it was asked for needs no link.
    user = User.objects.filter(pk=params["user"], is_active=False).first()
    if user is None:
        return []
    link = _confirmation_link(user, params["base_url"], "accounts:activate", params["next_path"])
    return [
        Email(
            subject=_("Confirm your email address for the peer review programme manager"),
            body=loader.render_to_string(
                "accounts/email/confirm_account.txt", {"user": user, "link": link}
            ),
            to=[user.email],
        )
    ]


def _invitation_emails(params: dict) -> list[Email]:
    user = User.objects.filter(pk=params["user"]).first()
    if user is None:
        return []
    invited_by = User.objects.filter(pk=params["invited_by"]).first()
    link = _confirmation_link(user, params["base_url"], "accounts:password_reset_confirm")
    return [
        Email(
            subject=_("You have been invited to the peer review programme manager"),
            body=loader.render_to_string(
                "accounts/email/invitation.txt",
                {"user": user, "invited_by": invited_by, "link": link},
            ),
            to=[user.email],
        )
    ]


def _password_reset_emails(params: dict) -> list[Email]:
    return [
        written_email(
            template="accounts/email/password_reset",
            context={
                "user": user,
                "link": _confirmation_link(
                    user, params["base_url"], "accounts:password_reset_confirm"
                ),
            },
            to=[user.email],
        )
        for user in PasswordResetForm().get_users(params["email"])
    ]


def _email_change_confirm_emails(params: dict) -> list[Email]:
    user = User.objects.filter(pk=params["user"]).first()
    if user is None:
        return []
    new_email = params["new_email"]
    path = reverse(
        "accounts:email_change_confirm",
        kwargs={"token": email_change_token(user=user, new_email=new_email)},
    )
    return [
        written_email(
            template="accounts/email/email_change_confirm",
            context={
                "user": user,
                "new_email": new_email,
                "link": params["base_url"].rstrip("/") + path,
            },
            to=[new_email],
        )
    ]


def register_emails() -> None:
    """The outbox's builders for the emails that carry a sign-in link (AppConfig.ready)."""
    register_builder(CONFIRM_ACCOUNT_EMAIL, _confirm_account_emails)
    register_builder(INVITATION_EMAIL, _invitation_emails)
    register_builder(PASSWORD_RESET_EMAIL, _password_reset_emails)
    register_builder(EMAIL_CHANGE_CONFIRM_EMAIL, _email_change_confirm_emails)


@transaction.atomic
def user_register(*, full_name: str, email: str, base_url: str, next_path: str = "") -> None:
    """Start a new account: an inactive user with no password, and an email with a link to
    confirm the address and choose a password. If the address already has an account, the
    email says so instead, so the page never tells anyone which addresses are registered.

    `next_path` is the page of this site the person set out for (the caller checks that it is
    one): the links carry it, so that the person gets there even when they open the email in
    another browser."""
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        user.is_active = False
        user.save(update_fields=["is_active"])
        email_built_later(
            CONFIRM_ACCOUNT_EMAIL, user=user.pk, base_url=base_url, next_path=next_path
        )
        return
    base = base_url.rstrip("/")
    body = loader.render_to_string(
        "accounts/email/account_exists.txt",
        {
            "user": existing,
            "sign_in_link": base + _with_next(reverse("accounts:login"), next_path),
            "link": base + reverse("accounts:password_reset"),
        },
    )
    subject = _("Confirm your email address for the peer review programme manager")
    send_email_after_commit(subject=subject, body=body, to=[existing.email])


def user_send_invitation(*, user: User, invited_by: User, base_url: str) -> None:
    """Email a new person a link to choose their password, once the current transaction
    commits. The link is a password-reset token, so it expires like one."""
    email_built_later(INVITATION_EMAIL, user=user.pk, invited_by=invited_by.pk, base_url=base_url)


# --- Setting up programmes: programmes, their people and their member organisations ---------


@transaction.atomic
def programme_create(*, by: User, token: uuid.UUID | None = None, **fields) -> Programme:
    """Start a programme, once per form (core.once). A national coordinator who starts one
    becomes its first coordinator, to add its people; technical staff act in every programme
    already."""
    if earlier := created_with(Programme, token=token, owner={}):
        return earlier
    programme = Programme(**fields)
    programme.slug = _free_slug(fields.get("short_name", ""))
    programme.full_clean()
    programme, _created = create_once(programme, token=token)
    if not by.is_superuser:
        Membership.objects.create(user=by, role=Role.COORDINATOR, programme=programme)
        forget_roles(by)
    return programme


def _free_slug(short_name: str) -> str:
    base = slugify(short_name)[:50] or "programme"
    slug, number = base, 1
    while Programme.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def programme_update(*, programme: Programme, **fields) -> Programme:
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    programme.save()
    return programme


@transaction.atomic
def role_grant(
    *,
    by: User,
    role: Role,
    email: str,
    full_name: str,
    job_title: str = "",
    programme: Programme | None = None,
    organisation: Organisation | None = None,
    base_url: str,
    token: uuid.UUID | None = None,
) -> tuple[Membership, bool]:
    """Give the person with this email address a role in the programme or organisation,
    adding them (and emailing them a link to choose a password) if they have no account.
    Returns the membership and whether the person was added. The person is told by email
    either way. Refused (ValidationError) when they hold the role there already, and when
    `by` would be giving a role to themself. The same form sent again (core.once) gives back
    the role it gave."""
    owner = {"programme": programme, "organisation": organisation}
    if earlier := created_with(Membership, token=token, owner=owner):
        return earlier, False
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.pk == by.pk and not by.is_superuser:
        raise ValidationError(
            {"email": _("You cannot give yourself a role. Ask another coordinator.")}
        )
    created = user is None
    if created:
        user = User.objects.create_user(
            email=email, password=None, full_name=full_name.strip(), job_title=job_title.strip()
        )
    membership = Membership(user=user, role=role, programme=programme, organisation=organisation)
    try:
        membership.validate_constraints()
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from error
    membership, _created = create_once(membership, token=token)
    forget_roles(user)
    base = base_url.rstrip("/")
    if created:
        user_send_invitation(user=user, invited_by=by, base_url=base_url)
    else:
        send_templated_email_after_commit(
            template="accounts/email/role_given",
            context={"user": user, "membership": membership, "by": by, "link": base + "/"},
            to=[user.email],
        )
    return membership, created


@transaction.atomic
def role_take_away(*, membership: Membership, by: User) -> None:
    """End a role. A reviewer leaves a pool on the reviewer pages instead, where their
    bookings are cancelled with it."""
    if membership.role == Role.REVIEWER:
        raise ValidationError(
            _("Reviewers leave the pool on their reviewer page, which cancels their bookings.")
        )
    user = membership.user
    membership.delete()
    forget_roles(user)


@transaction.atomic
def member_organisation_add(
    *, programme: Programme, organisation: Organisation, by: User
) -> MemberOrganisation:
    """Make an organisation a member of the programme (once: asking again changes nothing)."""
    link, _created = MemberOrganisation.objects.get_or_create(
        programme=programme, organisation=organisation, defaults={"added_by": by}
    )
    return link


@transaction.atomic
def member_organisation_create(
    *, programme: Programme, by: User, token: uuid.UUID | None = None, **fields
) -> Organisation:
    """Record an organisation the service does not know yet, as a member of the programme,
    once per form (core.once)."""
    if earlier := created_with(Organisation, token=token, owner={}):
        return earlier
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation, _created = create_once(organisation, token=token)
    member_organisation_add(programme=programme, organisation=organisation, by=by)
    return organisation


@transaction.atomic
def member_organisation_remove(*, link: MemberOrganisation) -> None:
    """The organisation stops being a member. Its applications and plans stay where they
    are; the programme's coordinators no longer look after its record or its people."""
    link.delete()


@transaction.atomic
def organisation_update(*, organisation: Organisation, **fields) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def person_update(
    *, person: User, full_name: str, job_title: str, phone: str, is_active: bool
) -> User:
    """A coordinator corrects the details of a person they look after (never their sign-in
    address: that is the person's own to change)."""
    person.full_name = full_name
    person.job_title = job_title
    person.phone = phone
    person.is_active = is_active
    person.full_clean()
    person.save(update_fields=["full_name", "job_title", "phone", "is_active"])
    return person


def members_join(pairs) -> None:
    """Make each (programme id, organisation id) pair's organisation a member of the
    programme, leaving existing members as they are: a service that applies to a programme,
    or follows a plan after its peer review, takes part in it."""
    MemberOrganisation.objects.bulk_create(
        [
            MemberOrganisation(programme_id=programme_id, organisation_id=organisation_id)
            for programme_id, organisation_id in set(pairs)
        ],
        ignore_conflicts=True,
    )


def user_send_password_reset(*, email: str, base_url: str) -> None:
    """Email a link to choose a new password to each account that signs in with `email` and
    may reset it (active, with a usable password: Django's rule); send nothing when there is
    none. The reset page records this in the outbox and nothing more, and the accounts are
    looked up at delivery, so neither the page's words nor its time tell anyone whether the
    address has an account."""
    email_built_later(PASSWORD_RESET_EMAIL, email=email, base_url=base_url)


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
        email_built_later(
            EMAIL_CHANGE_CONFIRM_EMAIL, user=user.pk, new_email=new_email, base_url=base_url
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
