"""Factories for applications."""

import datetime
import uuid

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from applications.enums import ApplicationState
from applications.models import Application

from .offers import CycleFactory, ReviewTypeFactory


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
