"""Factories for offers, cycles and applications."""

import datetime
import uuid
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.enums import ApplicationState, PublicationRule, TeamRequirement, TeamRole
from applications.models import Application, Cycle, ReviewType, TeamPlace


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


class ApplicationFactory(DjangoModelFactory):
    """A complete application (every answer given), by default still a draft."""

    class Meta:
        model = Application

    review_type = factory.SubFactory(ReviewTypeFactory)
    programme = factory.SelfAttribute("review_type.programme")
    organisation = factory.SubFactory("tests.factories.OrganisationFactory")
    cycle = factory.SubFactory(CycleFactory, programme=factory.SelfAttribute("..programme"))
    created_by = factory.SubFactory("tests.factories.UserFactory")
    state = ApplicationState.DRAFT
    other_focus = "Out-of-court disposals"
    context = "A partnership across two local authorities, after a change of head of service."
    reasons = "To test our new prevention offer before the next inspection."
    window_starts_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=60)
    )
    window_ends_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=90)
    )
    publication_consent = True
    contact_name = "Grace Okafor"
    contact_email = "grace.okafor@example.org"
    reviewer_days_requested = factory.SelfAttribute("review_type.reviewer_days")
    funding_requested = factory.SelfAttribute("review_type.funding")
    creation_token = factory.LazyFunction(uuid.uuid4)
    submitted_at = factory.LazyAttribute(
        lambda application: None if application.state == ApplicationState.DRAFT else timezone.now()
    )
