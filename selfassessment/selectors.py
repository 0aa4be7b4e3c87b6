"""Reads shaped for the self-assessment pages, each scoped to the user (scope.py)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Organisation, User
from improvement.enums import NO_UPDATE, PlanState, Rag
from improvement.models import ImprovementPlan
from improvement.selectors import rag_counts_for_plans

from .enums import NoteKind, Status
from .models import Answer, Round, ScrutinyNote, SelfAssessment, Triad, TriadMember
from .scope import assessment_scope


def site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def lead_emails(organisation_id: int) -> list[str]:
    return sorted(
        set(
            User.objects.filter(
                memberships__role=Role.SERVICE_LEAD,
                memberships__organisation_id=organisation_id,
                is_active=True,
            ).values_list("email", flat=True)
        )
    )


def assessments_for_user(*, user: User) -> QuerySet[SelfAssessment]:
    return (
        SelfAssessment.objects.filter(assessment_scope(user).readable())
        .select_related("round__programme", "organisation")
        .order_by("-round__opens_on", "round_id", "organisation__name")
    )


def assessment_for_user(*, user: User, pk: int) -> SelfAssessment:
    """One self-assessment the user may see, or 404 (which does not say it exists)."""
    assessment = assessments_for_user(user=user).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


def rounds_of(programme) -> QuerySet[Round]:
    return programme.self_assessment_rounds.annotate(
        authorities=Count("assessments", distinct=True),
        submitted=Count("assessments", filter=Q(assessments__status=Status.SUBMITTED)),
    ).order_by("-opens_on", "-pk")


def is_overdue(assessment: SelfAssessment, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return not assessment.is_submitted and assessment.round.deadline < today


@dataclass
class StatusRow:
    assessment: SelfAssessment
    overdue: bool
    sections_answered: int
    triad: Triad | None


def round_statuses(round: Round) -> list[StatusRow]:
    """Each authority of the round with its status, late ones tagged overdue. Three queries."""
    today = timezone.localdate()
    triad_of = {
        member.organisation_id: member.triad
        for member in TriadMember.objects.filter(round=round).select_related("triad")
    }
    assessments = (
        round.assessments.select_related("organisation", "round")
        .annotate(
            answered=Count("answers", filter=~Q(answers__rating="") & ~Q(answers__evidence=""))
        )
        .order_by("organisation__name")
    )
    return [
        StatusRow(
            assessment=assessment,
            overdue=is_overdue(assessment, today),
            sections_answered=assessment.answered,
            triad=triad_of.get(assessment.organisation_id),
        )
        for assessment in assessments
    ]


def triads_of(round: Round) -> list[Triad]:
    return list(
        round.triads.prefetch_related(
            Prefetch(
                "members",
                queryset=TriadMember.objects.select_related("organisation__region"),
            )
        )
    )


def partners(assessment: SelfAssessment) -> list[Organisation]:
    """The other authorities of its triad for the round (none before the triads are made)."""
    triad_ids = TriadMember.objects.filter(
        round_id=assessment.round_id, organisation_id=assessment.organisation_id
    ).values("triad_id")
    return list(
        Organisation.objects.filter(
            pk__in=TriadMember.objects.filter(triad_id__in=triad_ids).values("organisation_id")
        )
        .exclude(pk=assessment.organisation_id)
        .order_by("name")
    )


@dataclass
class SectionView:
    section: object
    answer: Answer | None
    notes: list[ScrutinyNote] = field(default_factory=list)


def sections_with_answers(assessment: SelfAssessment) -> list[SectionView]:
    """Each section with its answer and its scrutiny notes. Three queries."""
    answers = {answer.section_id: answer for answer in assessment.answers.all()}
    notes: dict[int, list[ScrutinyNote]] = {}
    for note in assessment.notes.select_related("author", "author_organisation", "answered_by"):
        notes.setdefault(note.section_id, []).append(note)
    return [
        SectionView(section, answers.get(section.pk), notes.get(section.pk, []))
        for section in assessment.round.sections.all()
    ]


@dataclass
class Triangulation:
    """The service's current improvement-plan RAG (its open plans' tracked items, counted
    where improvement counts them)."""

    plans: int
    counts: list[tuple[str, object, int]]  # (label, Rag or "", count)


def triangulation(organisation_id: int) -> Triangulation:
    plan_ids = list(
        ImprovementPlan.objects.filter(
            organisation_id=organisation_id, state=PlanState.OPEN
        ).values_list("pk", flat=True)
    )
    total: Counter = Counter()
    for counts in rag_counts_for_plans(plan_ids=plan_ids).values():
        total.update(counts)
    rows = [(rag.label, rag, total[rag.value]) for rag in Rag]
    rows.append(("No update yet", "", total[NO_UPDATE]))
    return Triangulation(plans=len(plan_ids), counts=rows)


# --- The summary that feeds the next peer challenge -----------------------------------------


@dataclass
class SectionSummary:
    title: str
    rating: str
    rating_label: str
    comments: list[str]
    questions: list[tuple[str, str]]  # (question, answer or "")


@dataclass
class ScrutinySummary:
    assessment: SelfAssessment
    sections: list[SectionSummary]


def latest_scrutiny_summary(organisation) -> ScrutinySummary | None:
    """The organisation's latest submitted self-assessment whose round's triads are
    confirmed, summarised per section (self-rating, partners' comments, challenge questions
    with the answers): what the key lines of enquiry of its next peer challenge start from.
    None when there is none. Four queries."""
    organisation_id = getattr(organisation, "pk", organisation)
    assessment = (
        SelfAssessment.objects.filter(
            organisation_id=organisation_id,
            status=Status.SUBMITTED,
            round__triads_confirmed_at__isnull=False,
        )
        .select_related("round", "organisation")
        .order_by("-round__opens_on", "-round_id")
        .first()
    )
    if assessment is None:
        return None
    sections = []
    for view in sections_with_answers(assessment):
        answer = view.answer
        sections.append(
            SectionSummary(
                title=view.section.title,
                rating=answer.rating if answer else "",
                rating_label=answer.get_rating_display() if answer and answer.rating else "",
                comments=[n.text for n in view.notes if n.kind == NoteKind.COMMENT],
                questions=[(n.text, n.answer) for n in view.notes if n.kind == NoteKind.QUESTION],
            )
        )
    return ScrutinySummary(assessment=assessment, sections=sections)


# --- Start-page counts -----------------------------------------------------------------------


def open_rounds_assessments(organisation_ids) -> QuerySet[SelfAssessment]:
    """Self-assessments of these organisations in rounds that have opened."""
    return SelfAssessment.objects.filter(
        organisation_id__in=organisation_ids, round__opens_on__lte=timezone.localdate()
    ).select_related("round", "organisation")


def to_scrutinise(organisation_ids) -> QuerySet[SelfAssessment]:
    """Submitted self-assessments of these organisations' confirmed triad partners."""
    in_their_triad = TriadMember.objects.filter(
        round=OuterRef("round"),
        organisation=OuterRef("organisation"),
        triad__members__organisation_id__in=organisation_ids,
    )
    return (
        SelfAssessment.objects.filter(
            Exists(in_their_triad),
            status=Status.SUBMITTED,
            round__triads_confirmed_at__isnull=False,
        )
        .exclude(organisation_id__in=organisation_ids)
        .select_related("round", "organisation")
    )
