"""Demo data: a self-assessment round in progress in YJSIP, through the same services the
pages use. The programme's youth justice services are its member authorities; the round
opened ten weeks ago and its deadline passed a week ago; every authority but Ashburn has
submitted (Ashburn is late, one section drafted); the triads are proposed, adjusted so that
Northdale, Harrowgate Vale and Fenmouth (whose leads can sign in) are together, and
confirmed; Northdale's self-assessment is scrutinised by Harrowgate Vale (a comment and a
challenge question, which Northdale has answered) and Fenmouth (a question not yet answered).
Seeding again changes nothing."""

import datetime

from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from accounts.models import MemberOrganisation, Organisation, Programme, User

from . import services
from .enums import NoteKind, Rating
from .models import Round, TriadMember

TITLE = "Annual self-assessment 2026"
SECTIONS = [
    "Governance and leadership",
    "Partnerships and resources",
    "Reducing first-time entrants",
    "Reducing re-offending",
    "Use of custody and constructive resettlement",
]
TOGETHER = (
    "Northdale Youth Justice Service",
    "Harrowgate Vale Youth Justice Service",
    "Fenmouth Youth Justice Service",
)
LATE = "Ashburn Youth Justice Service"
RATINGS = [Rating.GOOD, Rating.REQUIRES_IMPROVEMENT, Rating.GOOD, Rating.OUTSTANDING, Rating.GOOD]


def seed(*, password: str) -> list:
    programme = Programme.objects.filter(short_name="YJSIP").first()
    if programme is None or Round.objects.filter(programme=programme, title=TITLE).exists():
        return []
    coordinator = User.objects.get(email="coordinator@example.org")
    for organisation in Organisation.objects.filter(kind=OrganisationKind.YOUTH_JUSTICE_SERVICE):
        MemberOrganisation.objects.get_or_create(programme=programme, organisation=organisation)
    today = timezone.localdate()
    lines = list(
        programme.lines_of_enquiry.filter(is_active=True, kind="key_line").values_list(
            "name", flat=True
        )
    )
    round = services.round_create(
        programme=programme,
        title=TITLE,
        opens_on=today - datetime.timedelta(days=70),
        deadline=today - datetime.timedelta(days=7),
        sections=lines[:5] or SECTIONS,
        avoid_previous_partners=True,
        by=coordinator,
    )
    sections = list(round.sections.all())
    for index, assessment in enumerate(round.assessments.select_related("organisation")):
        late = assessment.organisation.name == LATE
        # The service's demo lead where it has one (the others have no demo sign-in).
        anyone = (
            User.objects.filter(
                memberships__role=Role.SERVICE_LEAD,
                memberships__organisation=assessment.organisation,
            ).first()
            or coordinator
        )
        for position, section in enumerate(sections[:1] if late else sections):
            services.answer_save(
                assessment=assessment,
                section=section,
                seen_version=assessment.version,
                rating=RATINGS[(index + position) % len(RATINGS)],
                evidence=(
                    f"{section.title}: the management board's quarterly performance report, "
                    "case audits this year and what children and families told us."
                ),
                by=anyone,
            )
        if not late:
            services.assessment_submit(
                assessment=assessment, seen_version=assessment.version, by=anyone
            )
    _triads(round, coordinator)
    _scrutiny(round, sections)
    return []


def _triads(round: Round, coordinator: User) -> None:
    """Propose, then adjust as a coordinator would: the three together, sizes kept."""
    services.triads_propose(round=round, by=coordinator)
    member = {
        m.organisation.name: m
        for m in TriadMember.objects.filter(round=round).select_related("organisation", "triad")
    }
    home = member[TOGETHER[0]].triad
    for name in TOGETHER[1:]:
        current = TriadMember.objects.select_related("triad").get(
            round=round, organisation=member[name].organisation
        )
        if current.triad_id == home.pk:
            continue
        displaced = (
            TriadMember.objects.filter(triad=home)
            .exclude(organisation__name__in=TOGETHER)
            .select_related("organisation")
            .first()
        )
        services.triad_move(
            round=round, organisation=displaced.organisation, triad=current.triad, by=coordinator
        )
        services.triad_move(
            round=round, organisation=current.organisation, triad=home, by=coordinator
        )
    services.triads_confirm(round=round, by=coordinator)


def _scrutiny(round: Round, sections) -> None:
    northdale = round.assessments.get(organisation__name=TOGETHER[0])
    harrowgate = Organisation.objects.get(name=TOGETHER[1])
    fenmouth = Organisation.objects.get(name=TOGETHER[2])
    lead = User.objects.get(email="lead@example.org")
    harrowgate_lead = User.objects.get(email="harrowgate@example.org")
    fenmouth_lead = User.objects.get(email="fenmouth@example.org")
    services.note_add(
        assessment=northdale,
        section=sections[0],
        kind=NoteKind.COMMENT,
        text="The board's oversight of the plan is clear from its minutes.",
        by=harrowgate_lead,
        organisation=harrowgate,
    )
    question = services.note_add(
        assessment=northdale,
        section=sections[0],
        kind=NoteKind.QUESTION,
        text="How does the board hear from children directly?",
        by=harrowgate_lead,
        organisation=harrowgate,
    )
    services.note_answer(
        note=question,
        answer="Two young people sit on the board's participation group and report each quarter.",
        by=lead,
    )
    services.note_add(
        assessment=northdale,
        section=sections[min(2, len(sections) - 1)],
        kind=NoteKind.QUESTION,
        text="Your rating rests on last year's figures: what do the live tracker's show?",
        by=fenmouth_lead,
        organisation=fenmouth,
    )
