"""Factories for challenges, their milestones and team places, as the calendar tests need them
(rows made directly, without the challenge services' rules)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from challenges.enums import MemberStatus, MilestoneKind, Owner, Phase
from challenges.models import Challenge, Milestone, TeamMember
from offers.enums import TeamRole


class CalendarChallengeFactory(DjangoModelFactory):
    """A challenge preparing, with three on-site days a month from today."""

    class Meta:
        model = Challenge

    programme = factory.SubFactory("tests.factories.ProgrammeFactory")
    organisation = factory.SubFactory("tests.factories.OrganisationFactory")
    review_type = factory.SubFactory(
        "tests.factories.ReviewTypeFactory", programme=factory.SelfAttribute("..programme")
    )
    phase = Phase.PREPARING
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda c: c.starts_on + datetime.timedelta(days=2))
    created_by = factory.SubFactory("tests.factories.UserFactory")


class CalendarMilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    challenge = factory.SubFactory(CalendarChallengeFactory)
    kind = MilestoneKind.DRAFT_REPORT
    due_on = factory.LazyAttribute(lambda m: m.challenge.ends_on + datetime.timedelta(days=21))
    owner_party = Owner.LEAD


class CalendarTeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = TeamMember

    challenge = factory.SubFactory(CalendarChallengeFactory)
    reviewer = factory.SubFactory("tests.factories.ReviewerFactory")
    role = TeamRole.REVIEWER
    status = MemberStatus.ACCEPTED
    invited_by = factory.SubFactory("tests.factories.UserFactory")
