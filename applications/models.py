"""Offers, cycles, applications and the programme board's meetings and decisions."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from accounts import rules as accounts_rules
from accounts.models import Organisation, Programme
from core.models import TimeStampedModel

from . import rules
from .enums import (
    Action,
    ApplicationState,
    DecisionOutcome,
    DeliveryMode,
    DocumentKind,
    EnquiryKind,
    PublicationRule,
    SubsidyLevel,
    TeamRequirement,
    TeamRole,
)

# A programme's own data (offers, lines of enquiry, cycles): any coordinator may add and read;
# only the programme's coordinators change or delete it.
PROGRAMME_DATA_PERMISSIONS = {
    "add": accounts_rules.is_any_coordinator,
    "view": accounts_rules.is_any_coordinator,
    "change": rules.coordinates_its_programme,
    "delete": rules.coordinates_its_programme,
}
MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class ReviewType(RulesModel, TimeStampedModel):
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

    history = HistoricalRecords()

    class Meta:
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

    history = HistoricalRecords()

    class Meta:
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


class LineOfEnquiry(RulesModel, TimeStampedModel):
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

    history = HistoricalRecords()

    class Meta:
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


class Cycle(RulesModel, TimeStampedModel):
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

    history = HistoricalRecords()

    class Meta:
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


class Application(RulesModel, TimeStampedModel):
    """A service's request for an offer, from draft to the board's decision."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("service"),
    )
    review_type = models.ForeignKey(
        ReviewType, on_delete=models.PROTECT, related_name="applications", verbose_name=_("offer")
    )
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("cycle"),
    )
    state = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
        editable=False,
    )
    lines_of_enquiry = models.ManyToManyField(
        LineOfEnquiry,
        blank=True,
        related_name="applications",
        verbose_name=_("key lines of enquiry"),
    )
    other_focus = models.TextField(_("other areas of focus"), blank=True)
    context = models.TextField(_("context"), blank=True)
    reasons = models.TextField(_("reasons for applying"), blank=True)
    window_starts_on = models.DateField(_("preferred window starts"), null=True, blank=True)
    window_ends_on = models.DateField(_("preferred window ends"), null=True, blank=True)
    delivery_mode = models.CharField(
        _("on site or virtual"), max_length=10, choices=DeliveryMode.choices, blank=True
    )
    publication_consent = models.BooleanField(_("consent to publish"), null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    reviewer_days_requested = models.PositiveIntegerField(_("reviewer-days requested"), default=0)
    funding_requested = models.DecimalField(_("funding requested (£)"), default=Decimal(0), **MONEY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    # The start page's form carries a fresh token, so a double click creates one draft.
    creation_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(window_starts_on__isnull=True)
                    | Q(window_ends_on__isnull=True)
                    | Q(window_ends_on__gte=F("window_starts_on"))
                ),
                name="applications_application_window_order",
                violation_error_message=_("The window must end on or after the day it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "state"]),
            models.Index(fields=["organisation", "state"]),
        ]
        rules_permissions = {
            "view": rules.can_view_application,
            "change": rules.can_edit_application,
        }

    def __str__(self) -> str:
        return _("%(reference)s: %(offer)s for %(service)s") % {
            "reference": self.reference,
            "offer": self.review_type.name,
            "service": self.organisation.name,
        }

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"APP-{self.pk:05d}" if self.pk else ""

    @property
    def state_enum(self) -> ApplicationState:
        return ApplicationState(self.state)


def _document_path(document: "ApplicationDocument", filename: str) -> str:
    # The stored name is random: what the user called the file is kept in original_name.
    return f"applications/{document.application_id}/{uuid.uuid4().hex}"


class ApplicationDocument(TimeStampedModel):
    """A supporting document (self-assessment, data pack), its type read from its content."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type of document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """One line of an application's timeline: who did what, when and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    from_state = models.CharField(
        _("from"), max_length=20, choices=ApplicationState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=ApplicationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    message = models.TextField(_("reason or message"), blank=True)
    meeting = models.ForeignKey(
        "BoardMeeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class BoardMeeting(RulesModel, TimeStampedModel):
    """A meeting of a programme board, with its agenda of applications and its minutes."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("programme")
    )
    held_on = models.DateField(_("date"))
    location = models.CharField(
        _("where"), max_length=200, blank=True, help_text=_("A room, or 'Online'.")
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("How many board members must be present for decisions to stand."),
    )
    expected_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_expected",
        verbose_name=_("members expected"),
    )
    present_members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("members present"),
    )
    minutes = models.TextField(_("minutes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board meeting")
        verbose_name_plural = _("board meetings")
        ordering = ["-held_on", "-pk"]
        rules_permissions = {
            "view": rules.can_view_meeting,
            "change": rules.coordinates_its_programme,
        }

    def __str__(self) -> str:
        return _("%(programme)s board, %(date)s") % {
            "programme": self.programme.short_name,
            "date": self.held_on.strftime("%-d %B %Y"),
        }

    def get_absolute_url(self) -> str:
        return reverse("board:meeting", args=[self.pk])


class AgendaItem(TimeStampedModel):
    """An application placed on a meeting's agenda, in the coordinator's order."""

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.PROTECT, related_name="items")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "application"],
                name="applications_agendaitem_once_per_meeting",
                violation_error_message=_("The application is already on this agenda."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)


class DeclarationOfInterest(TimeStampedModel):
    """A board member's conflict of interest on one agenda item: they take no part in it."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="declarations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="declarations_of_interest",
        verbose_name=_("board member"),
    )
    reason = models.TextField(_("nature of the interest"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declaration of interest")
        verbose_name_plural = _("declarations of interest")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "member"],
                name="applications_declaration_once_per_item",
                violation_error_message=_("This member has already declared an interest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.reason}"


class Decision(TimeStampedModel):
    """The board's decision on one agenda item, with its rationale and, on approval, the
    resource allocated and the agreed window."""

    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.PROTECT, related_name="decision"
    )
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices)
    rationale = models.TextField(_("rationale"), blank=True)
    reviewer_days = models.PositiveIntegerField(_("reviewer-days allocated"), default=0)
    funding = models.DecimalField(_("funding allocated (£)"), default=Decimal(0), **MONEY)
    subsidy_level = models.CharField(
        _("subsidy level"), max_length=10, choices=SubsidyLevel.choices, blank=True
    )
    window_starts_on = models.DateField(_("agreed window starts"), null=True, blank=True)
    window_ends_on = models.DateField(_("agreed window ends"), null=True, blank=True)
    over_capacity = models.BooleanField(_("approved beyond the cycle's capacity"), default=False)
    override_reason = models.TextField(_("reason for going beyond capacity"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=DecisionOutcome.APPROVED) | ~Q(rationale=""),
                name="applications_decision_rationale_when_not_approved",
                violation_error_message=_("Give the reason for declining or deferring."),
            ),
            models.CheckConstraint(
                condition=Q(over_capacity=False) | ~Q(override_reason=""),
                name="applications_decision_override_has_reason",
                violation_error_message=_("Say why the board approves beyond capacity."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome=DecisionOutcome.APPROVED)
                | Q(
                    window_starts_on__isnull=False,
                    window_ends_on__isnull=False,
                    window_ends_on__gte=F("window_starts_on"),
                ),
                name="applications_decision_approval_has_window",
                violation_error_message=_("An approval needs the agreed window."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application}"
