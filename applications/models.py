"""Applications for a programme's offers, and the programme board's meetings and decisions."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from accounts import rules as accounts_rules
from accounts.models import Organisation, Programme
from core.models import CreatedOnce, TimeStampedModel
from offers.enums import DeliveryMode
from offers.models import MONEY, Cycle, LineOfEnquiry, ReviewType

from . import rules
from .enums import (
    ApplicationAction,
    ApplicationState,
    DecisionChangeKind,
    DecisionOutcome,
    DecisionRoute,
    SubsidyLevel,
    SupportingDocumentKind,
)


class Application(RulesModel, CreatedOnce, TimeStampedModel):
    """A service's request for an offer, from draft to the board's decision. The start page's
    form carries a creation token (core.once), so a double click starts one draft."""

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
    kind = models.CharField(
        _("type of document"), max_length=20, choices=SupportingDocumentKind.choices
    )
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
    action = models.CharField(_("action"), max_length=30, choices=ApplicationAction.choices)
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
    # How the board took a decision this event records (blank for other events).
    route = models.CharField(
        _("how the board decided"), max_length=20, choices=DecisionRoute.choices, blank=True
    )
    route_reason = models.TextField(_("why it could not wait for a meeting"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class BoardTerms(RulesModel, TimeStampedModel):
    """A programme board's terms of reference, as far as the rules enforce them: its quorum
    and whether (and by whom) it may decide between meetings."""

    programme = models.OneToOneField(
        Programme,
        on_delete=models.CASCADE,
        related_name="board_terms",
        verbose_name=_("programme"),
    )
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many board members without an interest must take part for a decision to "
            "stand: the quorum new meetings start with, and how many must agree in a written "
            "procedure."
        ),
    )
    chairs_action_allowed = models.BooleanField(_("chair's action allowed"), default=False)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    written_procedure_allowed = models.BooleanField(_("written procedure allowed"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board's terms of reference")
        verbose_name_plural = _("boards' terms of reference")
        constraints = [
            models.CheckConstraint(
                condition=Q(chairs_action_allowed=False) | Q(chair__isnull=False),
                name="applications_boardterms_chairs_action_has_chair",
                violation_error_message=_("Chair's action needs the board's chair."),
            ),
        ]
        rules_permissions = {"change": accounts_rules.coordinates_its_programme}

    def __str__(self) -> str:
        return _("%(programme)s board's terms of reference") % {
            "programme": self.programme.short_name
        }

    def allows(self, route: str) -> bool:
        """Whether the board may take a decision by `route`."""
        return {
            DecisionRoute.MEETING: True,
            DecisionRoute.CHAIRS_ACTION: self.chairs_action_allowed,
            DecisionRoute.WRITTEN_PROCEDURE: self.written_procedure_allowed,
        }[DecisionRoute(route)]

    @property
    def between_meetings_routes(self) -> list[DecisionRoute]:
        return [
            route
            for route in (DecisionRoute.CHAIRS_ACTION, DecisionRoute.WRITTEN_PROCEDURE)
            if self.allows(route)
        ]


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
            "change": accounts_rules.coordinates_its_programme,
        }

    def __str__(self) -> str:
        return _("%(programme)s board, %(date)s") % {
            "programme": self.programme.short_name,
            "date": date_format(self.held_on, "j F Y"),
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
    resource allocated and the agreed window. Taken at the item's meeting, or between
    meetings (chair's action, written procedure) where the board's terms allow it. Amended
    in place, each change kept as a DecisionChange with what it was before; a rescinded
    decision stays, marked, and allocates nothing."""

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
    route = models.CharField(
        _("how the board decided"),
        max_length=20,
        choices=DecisionRoute.choices,
        default=DecisionRoute.MEETING,
    )
    route_reason = models.TextField(_("why it could not wait for a meeting"), blank=True)
    written_agreement = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="decisions_agreed_in_writing",
        verbose_name=_("members who agreed in writing"),
    )
    rescinded = models.BooleanField(_("rescinded"), default=False)

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
            models.CheckConstraint(
                condition=Q(route=DecisionRoute.MEETING) | ~Q(route_reason=""),
                name="applications_decision_between_meetings_has_reason",
                violation_error_message=_("Say why the decision could not wait for a meeting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application}"

    @property
    def outcome_enum(self) -> DecisionOutcome:
        return DecisionOutcome(self.outcome)

    @property
    def between_meetings(self) -> bool:
        return self.route != DecisionRoute.MEETING


class DecisionChange(models.Model):
    """An amendment or a rescission of a decision: why, how the board agreed it, who
    recorded it and when, and what the decision was before, so that nothing is lost."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(_("change"), max_length=10, choices=DecisionChangeKind.choices)
    reason = models.TextField(_("reason for the change"))
    route = models.CharField(
        _("how the board agreed it"), max_length=20, choices=DecisionRoute.choices
    )
    meeting = models.ForeignKey(
        BoardMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    written_agreement = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="decision_changes_agreed_in_writing",
        verbose_name=_("members who agreed in writing"),
    )
    previous_outcome = models.CharField(
        _("decision before"), max_length=20, choices=DecisionOutcome.choices
    )
    previous_rationale = models.TextField(_("rationale before"), blank=True)
    previous_reviewer_days = models.PositiveIntegerField(_("reviewer-days before"), default=0)
    previous_funding = models.DecimalField(_("funding before (£)"), default=Decimal(0), **MONEY)
    previous_subsidy_level = models.CharField(
        _("subsidy level before"), max_length=10, choices=SubsidyLevel.choices, blank=True
    )
    previous_window_starts_on = models.DateField(_("window start before"), null=True, blank=True)
    previous_window_ends_on = models.DateField(_("window end before"), null=True, blank=True)
    previous_over_capacity = models.BooleanField(_("beyond capacity before"), default=False)
    previous_override_reason = models.TextField(_("capacity override before"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("change to a decision")
        verbose_name_plural = _("changes to decisions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="applications_decisionchange_has_reason",
                violation_error_message=_("Say why the decision changes."),
            ),
            models.CheckConstraint(
                condition=~Q(route=DecisionRoute.MEETING) | Q(meeting__isnull=False),
                name="applications_decisionchange_meeting_named",
                violation_error_message=_("Name the meeting that agreed the change."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.decision}"

    @property
    def previous_outcome_enum(self) -> DecisionOutcome:
        return DecisionOutcome(self.previous_outcome)
