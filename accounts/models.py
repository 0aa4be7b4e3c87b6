from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from core.models import CreatedOnce, TimeStampedModel

from . import rules as accounts_rules
from .enums import Nation, OrganisationKind, ProgrammeScope, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> "User":
        # Email addresses are stored lower-case, so sign-in is case-insensitive.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address. Their rights come from memberships."""

    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Technical staff who may use the admin site for every programme."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    # Passwords and sign-in times are not history anyone needs to read.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Region(models.Model):
    """One of the nine English regions, or Wales."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.CharField(
        _("ONS code"), max_length=9, unique=True, help_text=_("For example E12000003.")
    )
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Organisation(RulesModel, CreatedOnce, TimeStampedModel):
    """A youth justice service, a local authority's children's services, or another body."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("region")
    )
    email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        rules_permissions = {
            "add": accounts_rules.is_any_coordinator,
            "view": accounts_rules.is_any_coordinator,
            # Its record is looked after by the coordinators of the programmes it belongs to.
            "change": accounts_rules.coordinates_a_programme_of,
            "delete": accounts_rules.is_superuser,
        }

    def __str__(self) -> str:
        return self.name


class Programme(RulesModel, CreatedOnce, TimeStampedModel):
    """A peer review programme with its own board, reviewer pool, offers and cycles."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=40, unique=True, help_text=_("For example YJSIP.")
    )
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    scope = models.CharField(_("scope"), max_length=20, choices=ProgrammeScope.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("region"),
        help_text=_("Only for a regional programme."),
    )
    description = models.TextField(_("description"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        Organisation,
        through="MemberOrganisation",
        related_name="programmes",
        blank=True,
        verbose_name=_("member organisations"),
    )

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope=ProgrammeScope.NATIONAL, region__isnull=True)
                    | Q(scope=ProgrammeScope.REGIONAL, region__isnull=False)
                ),
                name="accounts_programme_region_matches_scope",
                violation_error_message=_(
                    "A regional programme needs a region; a national one has none."
                ),
            ),
        ]
        rules_permissions = {
            "add": accounts_rules.may_start_programmes,
            "view": accounts_rules.is_any_coordinator,
            "change": accounts_rules.coordinates_programme,
            "delete": accounts_rules.is_superuser,
        }

    def __str__(self) -> str:
        return self.name


class Membership(RulesModel, CreatedOnce, TimeStampedModel):
    """Gives a user a role in a programme (coordinator, board member, reviewer) or in an
    organisation (service lead, improvement board member)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user__full_name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        role__in=[r.value for r in Role.programme_roles()],
                        programme__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in Role.organisation_roles()],
                        organisation__isnull=False,
                        programme__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in Role.service_roles()],
                        organisation__isnull=True,
                        programme__isnull=True,
                    )
                ),
                name="accounts_membership_scope_matches_role",
                violation_error_message=_(
                    "Coordinators, board members and reviewers belong to a programme; service "
                    "leads and improvement board members belong to an organisation; a national "
                    "coordinator belongs to neither."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(programme__isnull=True, organisation__isnull=True),
                name="accounts_membership_unique_service_role",
                violation_error_message=_("This person already has this role."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "programme"],
                condition=Q(programme__isnull=False),
                name="accounts_membership_unique_programme_role",
                violation_error_message=_("This person already has this role in the programme."),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="accounts_membership_unique_organisation_role",
                violation_error_message=_("This person already has this role in the organisation."),
            ),
        ]
        indexes = [models.Index(fields=["role", "programme"])]
        rules_permissions = {
            "add": accounts_rules.is_any_coordinator,
            "view": accounts_rules.is_any_coordinator,
            "change": accounts_rules.can_manage_membership,
            "delete": accounts_rules.can_manage_membership,
        }

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.scope_object}"

    @property
    def scope_object(self) -> Programme | Organisation | None:
        return self.programme if self.programme_id else self.organisation


class MemberOrganisation(TimeStampedModel):
    """An organisation taking part in a programme: its services apply to it, and its
    coordinators look after the organisation's record and its service leads."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="member_links",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_links",
        verbose_name=_("organisation"),
    )
    added_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"],
                name="accounts_memberorganisation_unique",
                violation_error_message=_(
                    "This organisation is already a member of the programme."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.programme}"
