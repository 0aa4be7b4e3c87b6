"""The reviewer pool: people, the pools they belong to and the rules for joining them,
training courses, sessions and bookings, availability, conflicts and past reviews.

A reviewer's qualification is never stored: reviewers.qualification derives it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, Programme
from core.models import CreatedOnce, TimeStampedModel
from offers.enums import TeamRole
from offers.models import PROGRAMME_DATA_PERMISSIONS, LineOfEnquiry

from . import rules
from .enums import BookingStatus, ChangeStatus, CourseKind, JobRole, PoolStatus, ReviewSource


class Reviewer(RulesModel, TimeStampedModel):
    """A person in one or more programmes' pools: a serving manager, a specialist, a parent or
    carer, or a young ambassador. Contact details are their account's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewer",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="reviewers",
        verbose_name=_("home organisation"),
    )
    job_role = models.CharField(_("job role"), max_length=30, choices=JobRole.choices)
    expertise = models.ManyToManyField(
        LineOfEnquiry, blank=True, related_name="reviewers", verbose_name=_("areas of expertise")
    )
    max_reviews_per_cycle = models.PositiveSmallIntegerField(
        _("most reviews in a cycle"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(12)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["user__full_name"]
        rules_permissions = {
            "view": rules.can_view_reviewer,
            "change": rules.can_change_reviewer,
        }

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("reviewers:detail", args=[self.pk])


class PoolMembership(TimeStampedModel):
    """A reviewer's place in one programme's pool, from their request to the coordinator's
    answer. The request says whether they need training."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="pools")
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="pool", verbose_name=_("pool")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PoolStatus.choices, default=PoolStatus.REQUESTED
    )
    needs_training = models.BooleanField(_("asked for training"), default=False)
    reason = models.TextField(_("reason given"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pool membership")
        verbose_name_plural = _("pool memberships")
        ordering = ["programme__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "programme"],
                name="reviewers_poolmembership_once_per_pool",
                violation_error_message=_("This person has already asked to join this pool."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PoolStatus.DECLINED) | ~Q(reason=""),
                name="reviewers_poolmembership_decline_has_reason",
                violation_error_message=_("Give the reason for not accepting."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}, {self.programme.short_name}"


class ReviewerChange(TimeStampedModel):
    """A change to the facts a reviewer's eligibility and matching rest on (their home
    organisation and job role) asked for by someone who may not make it count alone: the
    person themself, while they are in a pool. The reviewer's own fields keep the confirmed
    values until a coordinator of one of their pools confirms the change; a rejection carries
    the reason the person is sent. At most one change waits per person."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="changes")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home organisation"),
    )
    job_role = models.CharField(_("job role"), max_length=30, choices=JobRole.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason given"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change of details")
        verbose_name_plural = _("changes of details")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer"],
                condition=Q(status=ChangeStatus.PENDING),
                name="reviewers_reviewerchange_one_pending",
                violation_error_message=_("A change to this person's details is already waiting."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ChangeStatus.REJECTED) | ~Q(reason=""),
                name="reviewers_reviewerchange_rejection_has_reason",
                violation_error_message=_("Give the reason for not confirming the change."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}: {self.organisation}, {self.get_job_role_display()}"


class EligibilityRule(RulesModel, CreatedOnce, TimeStampedModel):
    """One job role that qualifies a person for a programme's pool. A pool's rule is the set of
    its rows; a pool without rows is open to every role."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="eligibility_rules"
    )
    job_role = models.CharField(_("job role"), max_length=30, choices=JobRole.choices)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For example, a current post.")
    )

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["programme__name", "job_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "job_role"],
                name="reviewers_eligibilityrule_unique_role",
                violation_error_message=_("This job role already qualifies for the pool."),
            ),
        ]
        rules_permissions = PROGRAMME_DATA_PERMISSIONS

    def __str__(self) -> str:
        return f"{self.programme.short_name}: {self.get_job_role_display()}"


class Course(RulesModel, CreatedOnce, TimeStampedModel):
    """A training course of a programme: the core course that makes a reviewer trained, or
    specialist training (mentoring and coaching)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="courses")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=CourseKind.choices)
    days = models.PositiveSmallIntegerField(
        _("length in days"), default=1, validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("offered"), default=True)

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["programme__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="reviewers_course_unique_name",
                violation_error_message=_("The programme already has a course with this name."),
            ),
        ]
        rules_permissions = PROGRAMME_DATA_PERMISSIONS

    def __str__(self) -> str:
        return self.name


class TrainingSession(CreatedOnce, TimeStampedModel):
    """One running of a course: dates, venue or virtual, and how many places. Set up by a form
    that carries a creation token (core.once), so sending it twice sets up one session."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    is_virtual = models.BooleanField(_("virtual"), default=False)
    capacity = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="reviewers_session_ends_after_start",
                violation_error_message=_("The session must end on or after the day it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="reviewers_session_has_places"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.name}, {self.starts_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("training:session", args=[self.pk])


class Booking(CreatedOnce, TimeStampedModel):
    """A reviewer's place on a session, or on its waiting list, and whether they came. One per
    person and session; the form that books carries a creation token (core.once), so sending
    it twice answers as the first time did rather than that the person is already booked."""

    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="bookings")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices)

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "reviewer"],
                name="reviewers_booking_once_per_session",
                violation_error_message=_("This person is already booked on this session."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}, {self.session} ({self.get_status_display()})"


class TrainingRequest(TimeStampedModel):
    """A reviewer waiting for a course to be run. Closed when they are booked on a session."""

    reviewer = models.ForeignKey(
        Reviewer, on_delete=models.CASCADE, related_name="training_requests"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="requests")
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "course"],
                condition=Q(closed_at__isnull=True),
                name="reviewers_trainingrequest_one_open",
                violation_error_message=_("This person is already waiting for this course."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer}, {self.course}"


class Unavailability(CreatedOnce, TimeStampedModel):
    """Dates a reviewer is away: once per person and dates (a second row of the same dates
    would mean nothing), added by a form that carries a creation token (core.once)."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="away")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    reason = models.CharField(_("reason (optional)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("dates away")
        verbose_name_plural = _("dates away")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="reviewers_unavailability_order",
                violation_error_message=_("The end date must be the same as or after the start."),
            ),
            models.UniqueConstraint(
                fields=["reviewer", "starts_on", "ends_on"],
                name="reviewers_unavailability_once",
                violation_error_message=_("These dates away have already been added."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} to {self.ends_on}"


class ConflictOfInterest(CreatedOnce, TimeStampedModel):
    """An organisation a reviewer must not review, for a reason and a period (open-ended
    when it has no end). Declared by a form that carries a creation token (core.once)."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="conflicts")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="reviewers_conflict_period_order",
                violation_error_message=_("The end date must be the same as or after the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.reason}"


class PreviousEmployment(CreatedOnce, TimeStampedModel):
    """Where a reviewer worked before: a conflict for CONFLICT_PREVIOUS_EMPLOYER_YEARS after
    they left. Added by a form that carries a creation token (core.once)."""

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="employers")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    left_on = models.DateField(_("left on"))

    class Meta:
        verbose_name = _("previous employer")
        verbose_name_plural = _("previous employers")
        ordering = ["-left_on"]

    def __str__(self) -> str:
        return f"{self.organisation} (left {self.left_on})"


class CompletedReview(CreatedOnce, TimeStampedModel):
    """A peer review a reviewer took part in, which counts towards their qualification: one
    done before the system held it (recorded by a coordinator, to migrate an existing pool),
    or one the service ran (recorded by the app that ran it, with its own reference, through
    `services.completed_review_record`). The coordinator's form carries a creation token
    (core.once), so sending it twice records one review."""

    reviewer = models.ForeignKey(
        Reviewer, on_delete=models.CASCADE, related_name="completed_reviews"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("service reviewed")
    )
    completed_on = models.DateField(_("completed on"))
    role = models.CharField(_("role on the team"), max_length=30, choices=TeamRole.choices)
    source = models.CharField(
        _("recorded from"),
        max_length=20,
        choices=ReviewSource.choices,
        default=ReviewSource.RECORDED,
    )
    # What the review is in the app that recorded it (a challenge's number), so that
    # recording it again changes nothing. Empty for reviews a coordinator typed in.
    reference = models.CharField(_("reference"), max_length=64, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("completed review")
        verbose_name_plural = _("completed reviews")
        ordering = ["-completed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["reviewer", "source", "reference"],
                condition=~Q(reference=""),
                name="reviewers_completedreview_once",
                violation_error_message=_("This review is already recorded for this person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}, {self.completed_on}"
