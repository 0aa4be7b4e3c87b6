"""What a programme offers and plans with: offers (`ReviewType`) and their team composition
(`TeamPlace`), key lines of enquiry and golden threads (`LineOfEnquiry`), and cycles.

Services apply for them (`applications`), reviewers are matched against them (`reviewers`), and
challenges are planned with them. The tables kept the names they had when these models lived in
`applications`, so that existing databases moved without copying a row."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from accounts import rules as accounts_rules
from accounts.models import Programme
from core.models import CreatedOnce, TimeStampedModel

from .enums import EnquiryKind, PublicationRule, TeamRequirement, TeamRole

# A programme's own data (offers, lines of enquiry, cycles): any coordinator may add and read;
# only the programme's coordinators change or delete it.
PROGRAMME_DATA_PERMISSIONS = {
    "add": accounts_rules.is_any_coordinator,
    "view": accounts_rules.is_any_coordinator,
    "change": accounts_rules.coordinates_its_programme,
    "delete": accounts_rules.coordinates_its_programme,
}
MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class ReviewType(RulesModel, CreatedOnce, TimeStampedModel):
    """An offer: what a service can ask a programme for, with its defaults."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="review_types",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"))
    days_on_site = models.PositiveSmallIntegerField(
        _("days on site"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    virtual_allowed = models.BooleanField(_("a virtual model is allowed"), default=False)
    reviewer_days = models.PositiveIntegerField(
        _("resource cost in reviewer-days"),
        help_text=_("Reviewer-days one review of this kind uses, preparation included."),
    )
    funding = models.DecimalField(
        _("funding per review (£)"),
        default=Decimal(0),
        help_text=_("What one review costs the programme, when it pays for it."),
        **MONEY,
    )
    publication_rule = models.CharField(
        _("publication of the report"), max_length=20, choices=PublicationRule.choices
    )
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    is_active = models.BooleanField(
        _("open to applications"),
        default=True,
        help_text=_("Services can apply only for offers that are open."),
    )

    history = HistoricalRecords(
        table_name="applications_historicalreviewtype", excluded_fields=["creation_token"]
    )

    class Meta:
        db_table = "applications_reviewtype"
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["programme__name", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="applications_reviewtype_unique_name",
                violation_error_message=_("The programme already has an offer with this name."),
            ),
        ]
        rules_permissions = PROGRAMME_DATA_PERMISSIONS

    def __str__(self) -> str:
        return self.name

    @property
    def team_size(self) -> int:
        return sum(place.count for place in self.team_places.all())


class TeamPlace(models.Model):
    """One line of an offer's team composition: so many people in a role, each meeting a
    requirement (for example 2 co-leads, fully qualified)."""

    review_type = models.ForeignKey(
        ReviewType, on_delete=models.CASCADE, related_name="team_places", verbose_name=_("offer")
    )
    role = models.CharField(_("role on the team"), max_length=30, choices=TeamRole.choices)
    count = models.PositiveSmallIntegerField(
        _("how many"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    requirement = models.CharField(
        _("requirement"),
        max_length=30,
        choices=TeamRequirement.choices,
        default=TeamRequirement.NONE,
    )

    history = HistoricalRecords(table_name="applications_historicalteamplace")

    class Meta:
        db_table = "applications_teamplace"
        verbose_name = _("team place")
        verbose_name_plural = _("team composition")
        ordering = ["review_type", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["review_type", "role", "requirement"],
                name="applications_teamplace_unique_role",
                violation_error_message=_("This role and requirement is already in the team."),
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1), name="applications_teamplace_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.get_role_display()} ({self.get_requirement_display()})"


class LineOfEnquiry(RulesModel, CreatedOnce, TimeStampedModel):
    """A key line of enquiry a service can choose for its review, or a golden thread that
    every review of the programme covers."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="lines_of_enquiry",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EnquiryKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords(
        table_name="applications_historicallineofenquiry", excluded_fields=["creation_token"]
    )

    class Meta:
        db_table = "applications_lineofenquiry"
        verbose_name = _("key line of enquiry or golden thread")
        verbose_name_plural = _("key lines of enquiry and golden threads")
        ordering = ["programme__name", "kind", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="applications_lineofenquiry_unique_name",
                violation_error_message=_("The programme already has one with this name."),
            ),
        ]
        rules_permissions = PROGRAMME_DATA_PERMISSIONS

    def __str__(self) -> str:
        return self.name


class Cycle(RulesModel, CreatedOnce, TimeStampedModel):
    """A programme period with a finite resource: funding and reviewer-days."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example 2026 to 2027."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    funding = models.DecimalField(_("funding available (£)"), **MONEY)
    reviewer_days = models.PositiveIntegerField(_("reviewer-days available"))
    is_open = models.BooleanField(
        _("open for applications"),
        default=True,
        help_text=_("Services can ask for a review window in open cycles only."),
    )

    history = HistoricalRecords(
        table_name="applications_historicalcycle", excluded_fields=["creation_token"]
    )

    class Meta:
        db_table = "applications_cycle"
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["programme__name", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="applications_cycle_unique_name",
                violation_error_message=_("The programme already has a cycle with this name."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="applications_cycle_ends_after_start",
                violation_error_message=_("The cycle must end after it starts."),
            ),
        ]
        rules_permissions = PROGRAMME_DATA_PERMISSIONS

    def __str__(self) -> str:
        return f"{self.programme.short_name} {self.name}"
