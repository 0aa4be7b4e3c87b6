"""A challenge (the scheduled peer review) with its timeline, milestones and team; what its
team does on site (activities, evidence notes, findings); the matcher's runs; calendar feeds;
and the cycle planner's proposals."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from accounts.models import Organisation, Programme
from core.models import CreatedOnce, TimeStampedModel
from offers.enums import DeliveryMode, TeamRole
from offers.models import Cycle, LineOfEnquiry, ReviewType
from reviewers.models import Reviewer

from . import rules
from .enums import (
    HOLDS_PLACE,
    ActivityKind,
    ChallengeAction,
    FindingKind,
    MemberStatus,
    MilestoneKind,
    Owner,
    Phase,
    PlanStatus,
    ReportState,
    RunStatus,
    SourceType,
)


class Challenge(RulesModel, CreatedOnce, TimeStampedModel):
    """A peer review scheduled for a receiving organisation: created from an approved
    application (which it carries over: offer, lines of enquiry, agreed window, allocation) or
    planned for a cycle by the cycle planner."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("programme")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("receiving service"),
    )
    review_type = models.ForeignKey(
        ReviewType, on_delete=models.PROTECT, related_name="challenges", verbose_name=_("offer")
    )
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        related_name="challenges",
        null=True,
        blank=True,
        verbose_name=_("cycle"),
    )
    application = models.OneToOneField(
        "applications.Application",
        on_delete=models.PROTECT,
        related_name="challenge",
        null=True,
        blank=True,
        verbose_name=_("application"),
    )
    phase = models.CharField(
        _("phase"), max_length=20, choices=Phase.choices, default=Phase.SCHEDULING
    )
    lines_of_enquiry = models.ManyToManyField(
        LineOfEnquiry,
        related_name="challenges",
        blank=True,
        verbose_name=_("key lines of enquiry and golden threads"),
    )
    window_starts_on = models.DateField(_("agreed window starts"), null=True, blank=True)
    window_ends_on = models.DateField(_("agreed window ends"), null=True, blank=True)
    reviewer_days = models.PositiveIntegerField(_("reviewer-days allocated"), default=0)
    starts_on = models.DateField(_("first on-site day"), null=True, blank=True)
    ends_on = models.DateField(_("last on-site day"), null=True, blank=True)
    delivery_mode = models.CharField(
        _("how it is delivered"),
        max_length=20,
        choices=DeliveryMode.choices,
        default=DeliveryMode.ON_SITE,
    )
    shadowing_place = models.BooleanField(
        _("a shadowing place for a trainee"),
        default=False,
        help_text=_("A place for a trained reviewer who is not yet fully qualified."),
    )
    # The cycle planner's choice of the organisation whose people review this one.
    delivering_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="challenges_delivered",
        null=True,
        blank=True,
        verbose_name=_("reviewed by people from"),
    )
    notes_for_service = models.TextField(
        _("what is asked of the service"),
        blank=True,
        help_text=_("Shown to the receiving service with the dates and the team."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(starts_on__isnull=True, ends_on__isnull=True)
                    | Q(starts_on__isnull=False, ends_on__gte=F("starts_on"))
                ),
                name="challenges_challenge_on_site_order",
                violation_error_message=_("The last on-site day must be on or after the first."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(window_starts_on__isnull=True)
                    | Q(window_ends_on__isnull=True)
                    | Q(window_ends_on__gte=F("window_starts_on"))
                ),
                name="challenges_challenge_window_order",
                violation_error_message=_("The window must end on or after the day it starts."),
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "phase"]),
            models.Index(fields=["organisation", "phase"]),
            models.Index(fields=["cycle", "phase"]),
        ]
        rules_permissions = {"view": rules.can_view_challenge, "change": rules.coordinates_it}

    def __str__(self) -> str:
        return _("%(reference)s: %(offer)s for %(service)s") % {
            "reference": self.reference,
            "offer": self.review_type.name,
            "service": self.organisation.name,
        }

    def get_absolute_url(self) -> str:
        return reverse("challenges:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"PC-{self.pk:05d}" if self.pk else ""

    @property
    def phase_enum(self) -> Phase:
        return Phase(self.phase)


class ChallengeEvent(models.Model):
    """One line of a challenge's timeline: who did what, when and why."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30, choices=ChallengeAction.choices)
    from_phase = models.CharField(_("from"), max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("to"), max_length=20, choices=Phase.choices)
    # Nobody for what the service does by itself on schedule (deleting evidence when it is due).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # The team member an invitation, answer or removal is about.
    member = models.ForeignKey(
        "TeamMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(_("reason or message"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("challenge event")
        verbose_name_plural = _("challenge events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class Milestone(CreatedOnce, TimeStampedModel):
    """A step of a challenge with a due date and an owner: a person, or, when none is named,
    everyone who answers for `owner_party` (the service's leads, the programme's coordinators,
    the team or its lead)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("milestone"), max_length=30, choices=MilestoneKind.choices)
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("Only for a milestone of your own.")
    )
    due_on = models.DateField(_("due"))
    owner_party = models.CharField(_("who it is for"), max_length=20, choices=Owner.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("owner"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # A due date someone typed stays put when the on-site dates move.
    due_set_by_hand = models.BooleanField(default=False, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # When the reminders went (each is sent once for a due date: changing it sends them again).
    reminded_before_on = models.DateField(null=True, blank=True, editable=False)
    reminded_after_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["challenge", "due_on", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "kind"],
                condition=~Q(kind=MilestoneKind.OTHER),
                name="challenges_milestone_once_per_kind",
                violation_error_message=_("The challenge already has this milestone."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=MilestoneKind.OTHER) | ~Q(name=""),
                name="challenges_milestone_other_named",
                violation_error_message=_("Give a milestone of your own a name."),
            ),
        ]
        indexes = [models.Index(fields=["due_on", "done_on"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name or str(MilestoneKind(self.kind).label)


class TeamMember(TimeStampedModel):
    """A place on a challenge's team: proposed (invited), then accepted or declined by the
    reviewer, or taken off by a coordinator. Rows are never deleted, so a decline is remembered
    (the matcher does not propose the person for that challenge again)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="members")
    reviewer = models.ForeignKey(
        Reviewer, on_delete=models.PROTECT, related_name="team_places", verbose_name=_("reviewer")
    )
    role = models.CharField(_("role on the team"), max_length=30, choices=TeamRole.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The matcher's run that proposed the person, when it did; its reasons are kept there.
    run = models.ForeignKey(
        "MatchRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reasons = models.JSONField(_("why the matcher chose them"), default=list, blank=True)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reason = models.TextField(_("reason given"), blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["challenge", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "reviewer"],
                condition=Q(status__in=sorted(HOLDS_PLACE)),
                name="challenges_teammember_once_per_team",
                violation_error_message=_("This person is already on the team."),
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "status"])]

    def __str__(self) -> str:
        return f"{self.reviewer} ({self.get_role_display()})"

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_PLACE

    @property
    def status_colour(self) -> str:
        return MemberStatus(self.status).tag_colour


class MatchRun(TimeStampedModel):
    """One run of the matcher: the problem exported from the database (the JSON form of
    challenges.matching), its answer, and how far it has got. A coordinator accepts it (its
    assignments become invitations) or runs it again with someone left out."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_runs")
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, null=True, blank=True, related_name="match_runs"
    )
    # The one challenge a "propose a team" run is for (None: every unstaffed challenge).
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, null=True, blank=True, related_name="match_runs"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    problem = models.JSONField(_("problem"), default=dict)
    answer = models.JSONField(_("answer"), null=True, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("matcher run")
        verbose_name_plural = _("matcher runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.programme.short_name} run {self.pk} ({self.get_status_display()})"


class CalendarFeed(models.Model):
    """A person's secret calendar address (/calendar/<token>.ics). Making a new one revokes
    the old: the token is replaced."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} calendar feed"


class CyclePlan(TimeStampedModel):
    """The cycle planner's proposal for a regional programme: who reviews whom across a cycle,
    with no reciprocal pairs, optionally in triads, spread over the cycle's months."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="plans")
    review_type = models.ForeignKey(ReviewType, on_delete=models.PROTECT, related_name="+")
    triads = models.BooleanField(_("in triads"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cycle plan")
        verbose_name_plural = _("cycle plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cycle} plan {self.pk}"


class PlannedReview(models.Model):
    """One line of a cycle plan: `reviewing` organisation's people review `reviewed` in the
    month starting `month`; organisations in the same `group` form a triad."""

    plan = models.ForeignKey(CyclePlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reviewing = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    group = models.PositiveSmallIntegerField(_("group"), default=0)
    challenge = models.OneToOneField(
        Challenge, on_delete=models.SET_NULL, null=True, blank=True, related_name="planned_by"
    )

    class Meta:
        verbose_name = _("planned review")
        verbose_name_plural = _("planned reviews")
        ordering = ["plan", "month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reviewed"], name="challenges_plannedreview_once_per_plan"
            ),
            models.CheckConstraint(
                condition=~Q(reviewed=F("reviewing")),
                name="challenges_plannedreview_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewing} reviews {self.reviewed} ({self.month:%B %Y})"


class MatchingWeights(TimeStampedModel):
    """How much a programme's matcher counts each soft preference (challenges.matching's
    `Weights`); a programme without a row uses the defaults."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="matching_weights"
    )
    expertise = models.DecimalField(
        _("expertise in the chosen key lines of enquiry"), max_digits=5, decimal_places=2, default=3
    )
    load = models.DecimalField(
        _("an even spread of reviews"), max_digits=5, decimal_places=2, default=1
    )
    region = models.DecimalField(
        _("region"),
        max_digits=5,
        decimal_places=2,
        default=1,
        help_text=_("Above 0 prefers reviewers from the same region; below 0, from elsewhere."),
    )
    experience = models.DecimalField(
        _("a mix of experience"), max_digits=5, decimal_places=2, default=1
    )
    repeat = models.DecimalField(
        _("few repeat pairings"), max_digits=5, decimal_places=2, default=1
    )

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return f"{self.programme} matching weights"


class Activity(CreatedOnce, TimeStampedModel):
    """One thing the team does on site: a discussion, a focus group, an observation, an audit
    of case files... Who was met is described by role or group and a number ("4 case
    managers"): interviews are confidential and notes non-attributable, so there is no field
    for anyone's name."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("activity"), max_length=30, choices=ActivityKind.choices)
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("starts"))
    ends_at = models.TimeField(_("ends"))
    reviewers = models.ManyToManyField(
        TeamMember, related_name="activities", verbose_name=_("reviewers taking part")
    )
    met_description = models.CharField(
        _("who was met or what was read"),
        max_length=200,
        help_text=_("By role or group, never by name: for example, case managers."),
    )
    met_count = models.PositiveSmallIntegerField(_("how many"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("on-site activity")
        verbose_name_plural = _("on-site activities")
        ordering = ["challenge", "day", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="challenges_activity_ends_after_start",
                violation_error_message=_("The end time must be after the start time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.day:%Y-%m-%d} {self.starts_at:%H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("challenges:activity", args=[self.challenge_id, self.pk])


class EvidenceNote(TimeStampedModel):
    """What one reviewer saw, heard or read in an activity, tagged with where it came from and
    the key line of enquiry or golden thread it speaks to. Seen by the challenge's team only.

    `key` is made by the form when it is shown: saving with a key the author has used before
    changes that note rather than adding another, so a note sent twice (a double click, a
    retry on a poor connection, a form sent again after signing in) is one note."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="notes", verbose_name=_("activity")
    )
    author = models.ForeignKey(
        TeamMember,
        on_delete=models.PROTECT,
        related_name="evidence_notes",
        verbose_name=_("reviewer"),
    )
    text = models.TextField(_("evidence"))
    source_type = models.CharField(_("source"), max_length=20, choices=SourceType.choices)
    line_of_enquiry = models.ForeignKey(
        LineOfEnquiry,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("key line of enquiry or golden thread"),
    )
    key = models.UUIDField(editable=False)

    class Meta:
        verbose_name = _("evidence note")
        verbose_name_plural = _("evidence notes")
        ordering = ["activity", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "key"], name="challenges_evidencenote_once_per_key"
            ),
        ]

    def __str__(self) -> str:
        # Never the text: a note's name may be shown where its text may not.
        return _("Evidence note %(pk)s") % {"pk": self.pk}


class Finding(CreatedOnce, TimeStampedModel):
    """A strength, area for development, recommendation or area for consideration, tied to a
    key line of enquiry or golden thread and to the evidence behind it. The lead orders them,
    and merges duplicates: a merged finding is kept (`merged_into` the one that stands) but
    no longer listed. How well it is triangulated is worked out from its evidence each time
    (challenges.triangulation), never stored."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind of finding"), max_length=30, choices=FindingKind.choices)
    text = models.TextField(_("finding"))
    line_of_enquiry = models.ForeignKey(
        LineOfEnquiry,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("key line of enquiry or golden thread"),
    )
    evidence = models.ManyToManyField(
        EvidenceNote, related_name="findings", blank=True, verbose_name=_("evidence")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["challenge", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")),
                name="challenges_finding_not_merged_into_itself",
            ),
        ]
        indexes = [models.Index(fields=["challenge", "merged_into", "order"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def kind_colour(self) -> str:
        return FindingKind(self.kind).tag_colour


class Report(TimeStampedModel):
    """A challenge's report. Its text is in versions (`ReportVersion`, never changed: each save
    adds one), drafted by the lead from the findings; `state` moves through ReportState and
    each step is on the challenge's timeline. Public at `/reports/<slug>/` once published, from
    the latest version; never before."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="report")
    state = models.CharField(
        _("state"), max_length=20, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # Set when the report is published: the public address, unique and never reused.
    slug = models.SlugField(_("address"), max_length=120, unique=True, null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    # The receiving service's consent, where the offer leaves publication to it.
    consent_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent given by"),
    )
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The final report's PDF (documents pipeline, kind "peer_review_report").
    document = models.ForeignKey(
        "documents.GeneratedDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PDF"),
    )
    # The service's improvement plan, created from the final report's recommendations.
    improvement_plan = models.OneToOneField(
        "improvement.ImprovementPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("improvement plan"),
    )
    # When the evidence notes were deleted, EVIDENCE_KEEP_DAYS after publication.
    evidence_deleted_at = models.DateTimeField(_("evidence deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-published_at", "pk"]
        indexes = [models.Index(fields=["state", "published_at"])]

    def __str__(self) -> str:
        return f"Report for {self.challenge.reference}"

    @property
    def state_enum(self) -> ReportState:
        return ReportState(self.state)


class ReportVersion(models.Model):
    """One saved version of a report's text, never changed. `sections` is a list of
    {"key": str, "heading": str, "text": str}: the sections generated from what the service
    knows (context, key lines of enquiry, methodology, findings by line, recommendations) and
    the lead's narrative, all editable; their order is the report's."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    sections = models.JSONField(_("sections"))
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="challenges_reportversion_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"


class ReportComment(TimeStampedModel):
    """The receiving service's comment on a section's factual accuracy, on the version it
    read, and the lead's answer."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="comments")
    section = models.CharField(_("section"), max_length=50)
    text = models.TextField(_("comment"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("factual-accuracy comment")
        verbose_name_plural = _("factual-accuracy comments")
        ordering = ["report", "created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.section}"


class IdentifyingTerm(models.Model):
    """A word or phrase the lead marked as identifying someone: the publication check blocks
    the report while its text contains one (as it does the names of the service's people the
    service knows)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="identifying_terms")
    term = models.CharField(_("identifying word or phrase"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identifying term")
        verbose_name_plural = _("identifying terms")
        ordering = ["report", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "term"], name="challenges_identifyingterm_once"
            ),
        ]

    def __str__(self) -> str:
        return self.term
