"""Improvement plans: recommendations, desired outcomes, actions, measures and dated progress
updates with a RAG rating. The current RAG is the latest update's; every update is kept."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, Programme
from core.models import CreatedOnce, TimeStampedModel

from . import rules
from .enums import (
    ActionEventKind,
    ActionStatus,
    Inspectorate,
    ItemKind,
    OverallRating,
    PlanSource,
    PlanState,
    Rag,
)


class ImprovementPlan(RulesModel, CreatedOnce, TimeStampedModel):
    """A service's plan after a peer review, an inspection, a self-assessment or another
    source."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="improvement_plans",
        verbose_name=_("service"),
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=20, choices=PlanSource.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_plans",
        verbose_name=_("peer review programme"),
        help_text=_(
            "For a plan after a peer review: the programme that ran it. For another plan: the "
            "programme whose board oversees it, if any (see overseen_by_programme)."
        ),
    )
    # A plan from another source (an inspection, say) that the programme's board oversees as
    # well: on its dashboard beside the plans from its own peer reviews.
    overseen_by_programme = models.BooleanField(
        _("the programme's board oversees this plan"), default=False
    )
    inspectorate = models.CharField(
        _("inspectorate"), max_length=20, choices=Inspectorate.choices, blank=True
    )
    inspected_from = models.DateField(_("inspection started"), null=True, blank=True)
    inspected_to = models.DateField(_("inspection ended"), null=True, blank=True)
    # Where the source gives only the month of the inspection or review: the dates are the
    # first of their months and are shown as months.
    inspected_month_only = models.BooleanField(_("only the month is known"), default=False)
    overall_rating = models.CharField(
        _("overall rating"), max_length=30, choices=OverallRating.choices, blank=True
    )
    published_on = models.DateField(_("report published"), null=True, blank=True)
    due_on = models.DateField(_("plan due"), null=True, blank=True)
    submitted_on = models.DateField(_("plan submitted"), null=True, blank=True)
    endorsed_by = models.CharField(
        _("endorsed by"),
        max_length=200,
        blank=True,
        help_text=_("The board that endorsed the plan, for example the management board."),
    )
    endorsed_on = models.DateField(_("endorsed"), null=True, blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("an item is stale after this many days without an update"), default=90
    )
    state = models.CharField(
        _("state"), max_length=10, choices=PlanState.choices, default=PlanState.OPEN
    )
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    # Raised by every change of its details, ratings and state: a save based on an older one
    # is refused.
    version = models.PositiveIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("improvement plan")
        verbose_name_plural = _("improvement plans")
        ordering = ["organisation__name", "-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=PlanSource.PEER_REVIEW) | Q(programme__isnull=False),
                name="improvement_plan_peer_review_names_programme",
                violation_error_message=_("A plan after a peer review names its programme."),
            ),
            models.CheckConstraint(
                condition=Q(source=PlanSource.INSPECTION) | Q(inspectorate=""),
                name="improvement_plan_inspectorate_only_for_inspections",
                violation_error_message=_("Only a plan after an inspection has an inspectorate."),
            ),
            models.CheckConstraint(
                condition=Q(inspected_from__isnull=True)
                | Q(inspected_to__isnull=True)
                | Q(inspected_to__gte=F("inspected_from")),
                name="improvement_plan_inspection_dates_order",
                violation_error_message=_("The inspection must end on or after it started."),
            ),
            models.CheckConstraint(
                condition=Q(state=PlanState.OPEN) | Q(closed_on__isnull=False),
                name="improvement_plan_closed_has_date",
                violation_error_message=_("A closed or archived plan has the date it closed."),
            ),
            models.CheckConstraint(
                condition=Q(overseen_by_programme=False) | Q(programme__isnull=False),
                name="improvement_plan_overseen_names_programme",
                violation_error_message=_("A plan overseen by a programme's board names it."),
            ),
        ]
        rules_permissions = {
            "view": rules.can_view_plan,
            "change": rules.can_update_plan,
            "sign_off": rules.can_sign_off_plan,
            "manage": rules.can_manage_plan,
        }

    def __str__(self) -> str:
        return f"{self.organisation}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("improvement:plan", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == PlanState.OPEN

    def is_review_overdue(self, today) -> bool:
        """Whether the plan's next review date has passed (an open plan's only): it stands out
        on the plan, the list and every dashboard (templates/improvement/_next_review.html)."""
        return self.is_open and self.next_review_on is not None and self.next_review_on < today


class PlanRating(models.Model):
    """A rating the inspection gave one of its domains (for example "Organisational
    delivery: Good"), beside the plan's overall rating."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="ratings")
    domain = models.CharField(_("domain"), max_length=200)
    rating = models.CharField(_("rating"), max_length=30, choices=OverallRating.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("domain rating")
        verbose_name_plural = _("domain ratings")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "domain"],
                name="improvement_planrating_unique_domain",
                violation_error_message=_("The plan already has a rating for this domain."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.get_rating_display()}"


class ImportBatch(models.Model):
    """One import of a file into a plan: who, when, from which file, and what it added. Every
    row it created points at it, so that it can be undone as a whole by whoever made it, until
    anything is added on top of it (importing.import_undo)."""

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(_("file"), max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("imported"), auto_now_add=True)
    recommendations = models.PositiveIntegerField(_("items added"), default=0)
    actions = models.PositiveIntegerField(_("actions added"), default=0)
    updates = models.PositiveIntegerField(_("progress updates added"), default=0)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("undone by"),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(undone_at__isnull=True, undone_by__isnull=True)
                | Q(undone_at__isnull=False, undone_by__isnull=False),
                name="improvement_importbatch_undone_by_someone",
                violation_error_message=_("An undone import says who undid it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"


def _batch_field():
    """The import that created the row, if one did (SET_NULL: an import is never deleted, only
    undone, which deletes what it created)."""
    return models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("imported by"),
    )


class CurrentRag(models.Model):
    """The RAG rating and date of the item's latest progress update, kept by
    services.current_rag_refresh whenever updates are added, so that lists and dashboards read
    them from the row instead of searching the history."""

    current_rag = models.CharField(
        _("current RAG rating"), max_length=10, choices=Rag.choices, blank=True, editable=False
    )
    last_update_on = models.DateField(_("last update"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def rag(self) -> Rag | None:
        """The current RAG as a Rag (its word and tag colour), or None before any update."""
        return Rag(self.current_rag) if self.current_rag else None


# Derived from the updates, which are their own history.
_NOT_IN_HISTORY = ["current_rag", "last_update_on"]


class Recommendation(CurrentRag, TimeStampedModel):
    """An item of the plan: what the review or inspection recommended (or an area for
    consideration, or a strength, by `kind`), to whom it is addressed, and the line of enquiry
    or inspection domain it belongs to. Strengths carry no actions and no RAG."""

    plan = models.ForeignKey(
        ImprovementPlan, on_delete=models.CASCADE, related_name="recommendations"
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=ItemKind.choices, default=ItemKind.RECOMMENDATION
    )
    reference = models.CharField(_("reference"), max_length=20, help_text=_("For example 1."))
    text = models.TextField(_("recommendation"))
    addressee = models.CharField(
        _("addressed to"),
        max_length=200,
        blank=True,
        help_text=_("For example, the management board, its chair, or the service manager."),
    )
    domain = models.CharField(
        _("line of enquiry or inspection domain"),
        max_length=200,
        blank=True,
        help_text=_("For example, Governance and leadership."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Raised by every change and progress update: a save based on an older one is refused.
    version = models.PositiveIntegerField(default=0, editable=False)
    import_batch = _batch_field()

    history = HistoricalRecords(excluded_fields=_NOT_IN_HISTORY)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"],
                name="improvement_recommendation_unique_reference",
                violation_error_message=_(
                    "The plan already has a recommendation with this reference."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}. {self.text[:60]}"

    @property
    def is_strength(self) -> bool:
        return self.kind == ItemKind.STRENGTH


class DesiredOutcome(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.TextField(_("desired outcome"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    import_batch = _batch_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("desired outcome")
        verbose_name_plural = _("desired outcomes")
        ordering = ["recommendation", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Action(CurrentRag, TimeStampedModel):
    """An action towards a recommendation: who leads it, by when, and where it stands."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    reference = models.CharField(_("reference"), max_length=20, help_text=_("For example 1a."))
    text = models.TextField(_("action"))
    lead_officer = models.CharField(_("lead officer"), max_length=150, blank=True)
    agency = models.CharField(_("agency"), max_length=150, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(default=0, editable=False)
    import_batch = _batch_field()

    history = HistoricalRecords(excluded_fields=_NOT_IN_HISTORY)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["recommendation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "reference"],
                name="improvement_action_unique_reference",
                violation_error_message=_(
                    "The recommendation already has an action with this reference."
                ),
            ),
        ]
        indexes = [models.Index(fields=["due_on", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:60]}"

    @property
    def is_awaiting_sign_off(self) -> bool:
        return self.status == ActionStatus.AWAITING_SIGN_OFF

    @property
    def is_signed_off(self) -> bool:
        return self.status == ActionStatus.SIGNED_OFF


class ActionEvent(models.Model):
    """One line of an action's status history: who changed its status, when, from what to
    what, and what they said (the evidence of completion, the reason for sending it back).
    Never changed."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=30, choices=ActionEventKind.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=ActionStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    # Made by importing a file (the status was the file's), not on the action's pages.
    by_import = models.BooleanField(_("by importing a file"), default=False)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("action status change")
        verbose_name_plural = _("action status changes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["action", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d %H:%M})"


# Which update is current: the latest "as at" date, then the most recently recorded.
LATEST_FIRST = ["-recorded_on", "-created_at", "-pk"]


class ProgressUpdate(models.Model):
    """A dated narrative with a RAG rating, by a named person, on an action or on a
    recommendation as a whole. A new update supersedes it; corrections and deletions are kept
    in its history."""

    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="updates"
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, null=True, blank=True, related_name="updates"
    )
    rag = models.CharField(_("RAG rating"), max_length=10, choices=Rag.choices)
    narrative = models.TextField(_("progress"))
    recorded_on = models.DateField(_("as at"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    # The original author as the imported file names them, shown instead of whoever imported
    # it (who stays `author`, for the record).
    author_name = models.CharField(_("by (as named in the file)"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    import_batch = _batch_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = LATEST_FIRST
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False, recommendation__isnull=True)
                | Q(action__isnull=True, recommendation__isnull=False),
                name="improvement_update_on_one_thing",
                violation_error_message=_("An update is on an action or a recommendation."),
            ),
        ]
        indexes = [
            models.Index(fields=["action", "-recorded_on", "-created_at"]),
            models.Index(fields=["recommendation", "-recorded_on", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_rag_display()} ({self.recorded_on})"


class Measure(models.Model):
    """A measure of progress towards a recommendation: baseline, target and dated values."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="measures"
    )
    name = models.CharField(_("measure"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("For example %."))
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    import_batch = _batch_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["recommendation", "pk"]

    def __str__(self) -> str:
        return self.name


class MeasureValue(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    recorded_on = models.DateField(_("as at"))
    value = models.DecimalField(_("actual"), max_digits=12, decimal_places=2)
    import_batch = _batch_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure value")
        verbose_name_plural = _("measure values")
        ordering = ["measure", "recorded_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "recorded_on"],
                name="improvement_measurevalue_one_per_date",
                violation_error_message=_("The measure already has a value for this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.recorded_on})"
