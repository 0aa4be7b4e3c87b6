"""Writes for self-assessment rounds, self-assessments, triads and scrutiny: one function per
use case, each in a transaction. A self-assessment's saves carry the version the person saw:
a save based on an older one is refused (improvement's StaleVersionError), so two service
leads never overwrite each other silently."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import MemberOrganisation, Organisation, Programme, User
from core.once import create_once
from improvement.services import StaleVersionError

from . import selectors, triads
from .enums import NoteKind, Rating, Status
from .models import (
    Answer,
    Round,
    ScrutinyNote,
    Section,
    SelfAssessment,
    Triad,
    TriadMember,
)

__all__ = ["StaleVersionError"]


@transaction.atomic
def round_create(
    *,
    programme: Programme,
    title: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    sections: list[str],
    avoid_previous_partners: bool,
    by: User | None,
    token: uuid.UUID | None = None,
) -> Round:
    """A round with its sections, and a draft self-assessment for each member authority."""
    errors = {}
    if deadline < opens_on:
        errors["deadline"] = _("The deadline must be the same as or after the opening date")
    if not [s for s in sections if s.strip()]:
        errors["sections"] = _("Enter at least one section")
    if errors:
        raise ValidationError(errors)
    new, made = create_once(
        Round(
            programme=programme,
            title=title,
            opens_on=opens_on,
            deadline=deadline,
            avoid_previous_partners=avoid_previous_partners,
            created_by=by,
        ),
        token=token,
        owner=["programme"],
    )
    if not made:
        return new
    Section.objects.bulk_create(
        Section(round=new, position=position, title=text.strip()[:200])
        for position, text in enumerate((s for s in sections if s.strip()), start=1)
    )
    SelfAssessment.objects.bulk_create(
        SelfAssessment(round=new, organisation_id=organisation_id)
        for organisation_id in MemberOrganisation.objects.filter(programme=programme)
        .order_by("organisation__name")
        .values_list("organisation_id", flat=True)
    )
    return new


def _lock(assessment: SelfAssessment, seen_version: int) -> SelfAssessment:
    locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.version != seen_version:
        raise StaleVersionError(locked)
    return locked


def _bump(locked: SelfAssessment, assessment: SelfAssessment) -> None:
    locked.version += 1
    locked.save(update_fields=["version", "status", "submitted_at", "submitted_by", "updated_at"])
    assessment.version, assessment.status = locked.version, locked.status
    assessment.submitted_at, assessment.submitted_by = locked.submitted_at, locked.submitted_by


@transaction.atomic
def answer_save(
    *,
    assessment: SelfAssessment,
    section: Section,
    seen_version: int,
    rating: str,
    evidence: str,
    by: User,
) -> Answer:
    """Save one section's self-rating and evidence (a draft may leave either empty)."""
    locked = _lock(assessment, seen_version)
    if locked.is_submitted:
        raise ValidationError(_("This self-assessment has been submitted and cannot be changed"))
    if section.round_id != locked.round_id:
        raise ValidationError(_("Select a section of this round"))
    if rating and rating not in Rating.values:
        raise ValidationError({"rating": _("Select a self-rating")})
    answer, _made = Answer.objects.update_or_create(
        assessment=locked, section=section, defaults={"rating": rating, "evidence": evidence}
    )
    _bump(locked, assessment)
    return answer


def unanswered_sections(assessment: SelfAssessment) -> list[Section]:
    answered = {
        answer.section_id: answer
        for answer in assessment.answers.all()
        if answer.rating and answer.evidence.strip()
    }
    return [section for section in assessment.round.sections.all() if section.pk not in answered]


@transaction.atomic
def assessment_submit(*, assessment: SelfAssessment, seen_version: int, by: User) -> None:
    """Submit: every section needs a self-rating and evidence."""
    locked = _lock(assessment, seen_version)
    if locked.is_submitted:
        return
    missing = unanswered_sections(locked)
    if missing:
        raise ValidationError(
            _("Give a self-rating and evidence for every section: %(sections)s")
            % {"sections": ", ".join(section.title for section in missing)}
        )
    locked.status = Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.submitted_by = by
    _bump(locked, assessment)


# --- Triads ---------------------------------------------------------------------------------


def _previous_pairs(round: Round) -> set[tuple[int, int]]:
    """The pairs of authorities grouped together in the programme's round before this one."""
    previous = (
        Round.objects.filter(programme_id=round.programme_id, triads_confirmed_at__isnull=False)
        .exclude(pk=round.pk)
        .filter(opens_on__lte=round.opens_on)
        .order_by("-opens_on", "-pk")
        .first()
    )
    if previous is None:
        return set()
    groups: dict[int, list[int]] = {}
    for triad_id, organisation_id in TriadMember.objects.filter(round=previous).values_list(
        "triad_id", "organisation_id"
    ):
        groups.setdefault(triad_id, []).append(organisation_id)
    return {
        (min(a, b), max(a, b))
        for members in groups.values()
        for a in members
        for b in members
        if a != b
    }


def _refuse_if_confirmed(round: Round) -> Round:
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if locked.triads_confirmed:
        raise ValidationError(_("The triads of this round have been confirmed"))
    return locked


@transaction.atomic
def triads_propose(*, round: Round, by: User) -> triads.Proposal:
    """Replace the round's groups with the proposer's (the round's authorities, spread across
    regions, last round's partners kept apart where the round asks)."""
    locked = _refuse_if_confirmed(round)
    authorities = [
        triads.Authority(organisation.pk, organisation.region.code if organisation.region else "")
        for organisation in Organisation.objects.filter(self_assessments__round=locked)
        .select_related("region")
        .order_by("pk")
    ]
    try:
        proposal = triads.propose(
            authorities,
            previous_pairs=_previous_pairs(locked),
            avoid_previous=locked.avoid_previous_partners,
        )
    except triads.TriadError as error:
        raise ValidationError(
            _("At least two member authorities are needed to form triads")
        ) from error
    locked.triads.all().delete()
    for number, group in enumerate(proposal.groups, start=1):
        triad = Triad.objects.create(round=locked, number=number)
        TriadMember.objects.bulk_create(
            TriadMember(round=locked, triad=triad, organisation_id=organisation_id)
            for organisation_id in group
        )
    return proposal


@transaction.atomic
def triad_move(*, round: Round, organisation: Organisation, triad: Triad, by: User) -> None:
    """Move an authority to another group of the round."""
    _refuse_if_confirmed(round)
    if triad.round_id != round.pk:
        raise ValidationError({"triad": _("Select a group of this round")})
    moved = TriadMember.objects.filter(round=round, organisation=organisation).update(triad=triad)
    if not moved:
        raise ValidationError({"organisation": _("Select an authority of this round")})


@transaction.atomic
def triads_confirm(*, round: Round, by: User) -> None:
    locked = _refuse_if_confirmed(round)
    sizes = [len(triad.members.all()) for triad in locked.triads.prefetch_related("members")]
    if not sizes:
        raise ValidationError(_("Propose the triads before confirming them"))
    if any(size == 1 for size in sizes):
        raise ValidationError(_("Each group needs at least two authorities: move one into it"))
    locked.triads.filter(members__isnull=True).delete()
    locked.triads_confirmed_at = timezone.now()
    locked.save(update_fields=["triads_confirmed_at", "updated_at"])
    round.triads_confirmed_at = locked.triads_confirmed_at


# --- Scrutiny --------------------------------------------------------------------------------


@transaction.atomic
def note_add(
    *,
    assessment: SelfAssessment,
    section: Section,
    kind: str,
    text: str,
    by: User,
    organisation: Organisation,
    token: uuid.UUID | None = None,
) -> ScrutinyNote:
    """A triad partner's comment or challenge question on one section; a question is emailed
    to the scrutinised authority's service leads."""
    if section.round_id != assessment.round_id:
        raise ValidationError(_("Select a section of this round"))
    note, made = create_once(
        ScrutinyNote(
            assessment=assessment,
            section=section,
            kind=kind,
            text=text,
            author=by,
            author_organisation=organisation,
        ),
        token=token,
        owner=["assessment"],
    )
    if made and kind == NoteKind.QUESTION:
        from core.tasks import send_templated_email_after_commit

        send_templated_email_after_commit(
            template="selfassessment/email/question",
            context={
                "assessment": assessment,
                "section": section,
                "from_organisation": organisation,
                "link": selectors.site_link(
                    reverse("selfassessment:assessment", args=[assessment.pk])
                ),
            },
            to=selectors.lead_emails(assessment.organisation_id),
        )
    return note


@transaction.atomic
def note_answer(*, note: ScrutinyNote, answer: str, by: User) -> ScrutinyNote:
    if not note.is_question:
        raise ValidationError(_("Only a challenge question is answered"))
    if not answer.strip():
        raise ValidationError({"answer": _("Enter your answer")})
    locked = ScrutinyNote.objects.select_for_update().get(pk=note.pk)
    locked.answer = answer
    locked.answered_by = by
    locked.answered_at = timezone.now()
    locked.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    return locked
