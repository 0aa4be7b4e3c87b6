"""Factories for the reviewer pool and training."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from reviewers.enums import CourseKind, JobRole, PoolStatus
from reviewers.models import Course, PoolMembership, Reviewer, TrainingSession


class ReviewerFactory(DjangoModelFactory):
    class Meta:
        model = Reviewer

    user = factory.SubFactory("tests.factories.UserFactory")
    organisation = factory.SubFactory("tests.factories.OrganisationFactory")
    job_role = JobRole.HEAD_OF_SERVICE


class PoolMembershipFactory(DjangoModelFactory):
    """An accepted place in a pool."""

    class Meta:
        model = PoolMembership

    reviewer = factory.SubFactory(ReviewerFactory)
    programme = factory.SubFactory("tests.factories.ProgrammeFactory")
    status = PoolStatus.ACCEPTED


class CourseFactory(DjangoModelFactory):
    class Meta:
        model = Course

    programme = factory.SubFactory("tests.factories.ProgrammeFactory")
    name = factory.Sequence(lambda n: f"Peer reviewer training {n}")
    kind = CourseKind.CORE
    days = 2


class TrainingSessionFactory(DjangoModelFactory):
    """A two-day session a month from now."""

    class Meta:
        model = TrainingSession

    course = factory.SubFactory(CourseFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda s: s.starts_on + datetime.timedelta(days=1))
    venue = "Cedar Court, Leeds"
    capacity = 12
