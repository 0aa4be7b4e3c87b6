"""Writes for people and their memberships."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.tasks import send_email_after_commit

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


# --- Setting up programmes: programmes, their people and their member organisations ---------


@transaction.atomic
def programme_create(*, by: User, **fields) -> Programme:
    """Start a programme. A national coordinator who starts one becomes its first
    coordinator, to add its people; technical staff act in every programme already."""
    programme = Programme(**fields)
    programme.slug = _free_slug(fields.get("short_name", ""))
    programme.full_clean()
    programme.save()
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
) -> tuple[Membership, bool]:
    """Give the person with this email address a role in the programme or organisation,
    adding them (and emailing them a link to choose a password) if they have no account.
    Returns the membership and whether the person was added. The person is told by email
    either way. Refused (ValidationError) when they hold the role there already, and when
    `by` would be giving a role to themself."""
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
    membership.save()
    forget_roles(user)
    base = base_url.rstrip("/")
    if created:
        user_send_invitation(user=user, invited_by=by, base_url=base_url)
    else:
        body = loader.render_to_string(
            "accounts/email/role_given.txt",
            {"user": user, "membership": membership, "by": by, "link": base + "/"},
        )
        send_email_after_commit(
            subject=_("You have a new role in the peer review programme manager"),
            body=body,
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
def member_organisation_create(*, programme: Programme, by: User, **fields) -> Organisation:
    """Record an organisation the service does not know yet, as a member of the programme."""
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
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
