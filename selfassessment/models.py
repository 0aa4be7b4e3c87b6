"""The annual self-assessment: a programme's round (its sections, opening date and deadline),
each member authority's self-assessment with a self-rating and evidence per section, the
round's triads, and the scrutiny notes (comments and challenge questions, with the answers)
that the other two authorities of a triad write on each other's submitted self-assessment."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, Programme, User
from core.models import CreatedOnce, TimeStampedModel

from .enums import NoteKind, Rating, Status


class Round(CreatedOnce, TimeStampedModel):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="self_assessment_rounds",
        verbose_name=_("programme"),
    )
    title = models.CharField(_("title"), max_length=200)
    opens_on = models.DateField(_("opening date"))
    deadline = models.DateField(_("deadline"))
    avoid_previous_partners = models.BooleanField(
        _("keep apart authorities grouped together last round"), default=True
    )
    triads_confirmed_at = models.DateTimeField(_("triads confirmed"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        verbose_name = _("self-assessment round")
        ordering = ["programme_id", "-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")),
                name="selfassessment_round_deadline_after_opening",
                violation_error_message=_("The deadline must be on or after the opening date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def triads_confirmed(self) -> bool:
        return self.triads_confirmed_at is not None


class Section(TimeStampedModel):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["round_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "position"], name="selfassessment_section_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SelfAssessment(TimeStampedModel):
    """One member authority's self-assessment in a round. `version` goes up with each save,
    so a save based on an older one is refused (services.StaleVersionError)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assessments")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="self_assessments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=0)
    # The day the last reminder was sent: one a day at most.
    reminded_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["round_id", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="selfassessment_unique_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.round}"

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED

    @property
    def is_overdue(self) -> bool:
        """Still a draft after its round's deadline."""
        return not self.is_submitted and self.round.deadline < timezone.localdate()


class Answer(TimeStampedModel):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="answers")
    rating = models.CharField(_("self-rating"), max_length=30, choices=Rating.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "section"], name="selfassessment_answer_unique"
            ),
        ]


class Triad(TimeStampedModel):
    """A group (of three, or of four or two where the count asks it) of a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="triads")
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta:
        ordering = ["round_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="selfassessment_triad_unique"),
        ]

    def __str__(self) -> str:
        return f"Triad {self.number}"


class TriadMember(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    triad = models.ForeignKey(Triad, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="selfassessment_one_triad_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.triad}"


class ScrutinyNote(CreatedOnce, TimeStampedModel):
    """A triad partner's comment or challenge question on one section of a submitted
    self-assessment; a question gets the scrutinised service's answer."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="notes")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices)
    text = models.TextField(_("text"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["creation_token"])

    class Meta:
        ordering = ["section__position", "created_at", "pk"]

    @property
    def is_question(self) -> bool:
        return self.kind == NoteKind.QUESTION
