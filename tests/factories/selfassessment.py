"""A programme's self-assessment round: member authorities (each with a service lead), a
round with two sections and fixed dates (so that no test depends on today: the deadline is
long past, or, asked for, far ahead), triads where asked."""

import datetime
from dataclasses import dataclass, field

from accounts.models import MemberOrganisation, Organisation, Programme, User

OPENS_ON = datetime.date(2025, 1, 6)
PAST_DEADLINE = datetime.date(2025, 3, 31)
FUTURE_DEADLINE = datetime.date(2099, 3, 31)
SECTIONS = ("Governance and leadership", "Partnerships")


@dataclass
class RoundWorld:
    programme: Programme
    coordinator: User
    round: object
    authorities: list[Organisation] = field(default_factory=list)
    leads: dict[int, User] = field(default_factory=dict)

    def assessment(self, organisation: Organisation):
        return self.round.assessments.get(organisation=organisation)


def round_world(
    *,
    authorities: int = 3,
    programme: Programme | None = None,
    late: bool = False,
    triads: bool = False,
    regions: list | None = None,
) -> RoundWorld:
    """A round of `authorities` member authorities; `late` puts its deadline in the past;
    `triads` proposes and confirms the triads."""
    from selfassessment import services
    from tests import factories

    programme = programme or factories.ProgrammeFactory()
    coordinator = factories.coordinator(programme=programme)
    organisations, leads = [], {}
    for index in range(authorities):
        region = regions[index] if regions else None
        organisation = (
            factories.OrganisationFactory(region=region)
            if region
            else factories.OrganisationFactory()
        )
        MemberOrganisation.objects.create(programme=programme, organisation=organisation)
        leads[organisation.pk] = factories.service_lead(organisation=organisation)
        organisations.append(organisation)
    new = services.round_create(
        programme=programme,
        title="Annual self-assessment 2025",
        opens_on=OPENS_ON,
        deadline=PAST_DEADLINE if late else FUTURE_DEADLINE,
        sections=list(SECTIONS),
        avoid_previous_partners=True,
        by=coordinator,
    )
    if triads:
        services.triads_propose(round=new, by=coordinator)
        services.triads_confirm(round=new, by=coordinator)
    return RoundWorld(programme, coordinator, new, organisations, leads)


def submitted(world: RoundWorld, organisation: Organisation, *, rating: str = "good"):
    """The organisation's self-assessment answered in every section and submitted."""
    from selfassessment import services

    assessment = world.assessment(organisation)
    lead = world.leads[organisation.pk]
    for section in world.round.sections.all():
        services.answer_save(
            assessment=assessment,
            section=section,
            seen_version=assessment.version,
            rating=rating,
            evidence=f"Evidence for {section.title}",
            by=lead,
        )
    services.assessment_submit(assessment=assessment, seen_version=assessment.version, by=lead)
    return assessment
