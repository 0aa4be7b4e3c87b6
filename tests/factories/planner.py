"""A regional programme ready for the cycle planner: member organisations in a region, an
18-month cycle with fixed dates (so no test depends on today) and a three-day offer."""

import datetime
from dataclasses import dataclass, field

from accounts.enums import ProgrammeScope
from accounts.models import MemberOrganisation, Organisation, Programme, Region, User
from offers.models import Cycle, ReviewType

# An 18-month round, as in the Yorkshire and the Humber programme (domain 001).
CYCLE_STARTS = datetime.date(2027, 9, 1)
CYCLE_ENDS = datetime.date(2029, 2, 28)


@dataclass
class RegionalProgramme:
    programme: Programme
    region: Region
    cycle: Cycle
    offer: ReviewType
    coordinator: User
    members: list[Organisation] = field(default_factory=list)


def regional_programme(*, members: int = 6, region: Region | None = None) -> RegionalProgramme:
    """A regional programme with `members` member organisations, its coordinator, a cycle
    from 1 September 2027 for 18 months and an offer of three days on site."""
    from tests import factories

    region = region or factories.RegionFactory()
    programme = factories.ProgrammeFactory(scope=ProgrammeScope.REGIONAL, region=region)
    cycle = factories.CycleFactory(programme=programme, starts_on=CYCLE_STARTS, ends_on=CYCLE_ENDS)
    offer = factories.ReviewTypeFactory(
        programme=programme, name="Peer challenge", days_on_site=3, reviewer_days=9
    )
    world = RegionalProgramme(
        programme=programme,
        region=region,
        cycle=cycle,
        offer=offer,
        coordinator=factories.coordinator(programme=programme),
    )
    for _ in range(members):
        world.members.append(member_of(programme, region=region))
    return world


def member_of(programme: Programme, *, region: Region | None = None) -> Organisation:
    """A new organisation, made a member of `programme`."""
    from tests import factories

    organisation = factories.OrganisationFactory(
        **({"region": region} if region is not None else {})
    )
    MemberOrganisation.objects.create(programme=programme, organisation=organisation)
    return organisation
