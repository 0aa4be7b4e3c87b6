"""Factories for what a programme offers and plans with: offers and cycles."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from offers.enums import PublicationRule, TeamRequirement, TeamRole
from offers.models import Cycle, ReviewType, TeamPlace


class ReviewTypeFactory(DjangoModelFactory):
    class Meta:
        model = ReviewType
        skip_postgeneration_save = True

    programme = factory.SubFactory("tests.factories.ProgrammeFactory")
    name = factory.Sequence(lambda n: f"Full peer review {n}")
    description = "A full peer review of the youth justice partnership."
    days_on_site = 4
    reviewer_days = 30
    funding = Decimal("6000.00")
    publication_rule = PublicationRule.SERVICE_DECIDES

    @factory.post_generation
    def team(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted is not False:
            TeamPlace.objects.create(
                review_type=obj,
                role=TeamRole.CO_LEAD,
                count=2,
                requirement=TeamRequirement.FULLY_QUALIFIED,
            )
            TeamPlace.objects.create(
                review_type=obj,
                role=TeamRole.REVIEWER,
                count=4,
                requirement=TeamRequirement.TRAINED,
            )


def _this_year() -> datetime.date:
    return timezone.localdate().replace(month=1, day=1)


class CycleFactory(DjangoModelFactory):
    """A cycle open for applications, running from this January for two years."""

    class Meta:
        model = Cycle

    programme = factory.SubFactory("tests.factories.ProgrammeFactory")
    name = factory.Sequence(lambda n: f"Cycle {n}")
    starts_on = factory.LazyFunction(_this_year)
    ends_on = factory.LazyAttribute(
        lambda cycle: cycle.starts_on.replace(year=cycle.starts_on.year + 2)
    )
    funding = Decimal("60000.00")
    reviewer_days = 240
    is_open = True
