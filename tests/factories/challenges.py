"""Factories for challenges and for a pool to build their teams from: a challenge with its
on-site days, an offer with the places asked for, and pool members of a given standing."""

import datetime

import factory
from factory.django import DjangoModelFactory

from challenges.models import Challenge, TeamMember
from offers.enums import TeamRequirement, TeamRole
from offers.models import TeamPlace
from reviewers.enums import BookingStatus, JobRole, PoolStatus, Qualification
from reviewers.models import Booking, CompletedReview, PoolMembership, Reviewer

from . import OrganisationFactory, UserFactory
from .offers import CycleFactory, ReviewTypeFactory
from .reviewers import CourseFactory, TrainingSessionFactory

# Days far from any test's today, so that nothing here depends on it.
FIRST_DAY = datetime.date(2031, 3, 4)  # a Tuesday


class ChallengeFactory(DjangoModelFactory):
    """A challenge in scheduling with three on-site days from FIRST_DAY."""

    class Meta:
        model = Challenge

    programme = factory.SubFactory("tests.factories.ProgrammeFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    review_type = factory.SubFactory(
        ReviewTypeFactory, programme=factory.SelfAttribute("..programme"), team=False
    )
    cycle = factory.SubFactory(
        CycleFactory,
        programme=factory.SelfAttribute("..programme"),
        starts_on=datetime.date(2031, 1, 1),
        ends_on=datetime.date(2032, 6, 30),
    )
    starts_on = FIRST_DAY
    ends_on = factory.LazyAttribute(lambda c: c.starts_on + datetime.timedelta(days=2))
    created_by = factory.SubFactory(UserFactory)


def offer(programme, *places: tuple[str, str, int], **fields):
    """An offer of `programme` whose team is `places`: (role, requirement, count) each."""
    review_type = ReviewTypeFactory(programme=programme, team=False, **fields)
    for role, requirement, count in places:
        TeamPlace.objects.create(
            review_type=review_type, role=role, requirement=requirement, count=count
        )
    return review_type


# A lead who is fully qualified and a peer reviewer who is trained.
LEAD_AND_REVIEWER = (
    (TeamRole.LEAD, TeamRequirement.FULLY_QUALIFIED, 1),
    (TeamRole.REVIEWER, TeamRequirement.TRAINED, 1),
)


def pool_member(
    programme,
    *,
    standing: str = Qualification.FULLY_QUALIFIED,
    organisation=None,
    job_role: str = JobRole.HEAD_OF_SERVICE,
    cap: int = 2,
    status: str = PoolStatus.ACCEPTED,
    **user_fields,
) -> Reviewer:
    """A reviewer accepted into `programme`'s pool (or with `status`) at `standing`: trained
    (the core course attended), fully qualified (and a review completed), or eligible."""
    reviewer = Reviewer.objects.create(
        user=UserFactory(**user_fields),
        organisation=organisation or OrganisationFactory(),
        job_role=job_role,
        max_reviews_per_cycle=cap,
    )
    PoolMembership.objects.create(reviewer=reviewer, programme=programme, status=status)
    if standing in (Qualification.TRAINED, Qualification.FULLY_QUALIFIED):
        course = programme.courses.filter(kind="core").first() or CourseFactory(programme=programme)
        session = course.sessions.first() or TrainingSessionFactory(
            course=course,
            starts_on=datetime.date(2024, 5, 1),
            ends_on=datetime.date(2024, 5, 2),
        )
        Booking.objects.create(session=session, reviewer=reviewer, status=BookingStatus.ATTENDED)
    if standing == Qualification.FULLY_QUALIFIED:
        CompletedReview.objects.create(
            reviewer=reviewer,
            programme=programme,
            organisation=OrganisationFactory(),
            completed_on=datetime.date(2025, 1, 1),
            role=TeamRole.REVIEWER,
            recorded_by=reviewer.user,
        )
    return reviewer


def member(challenge, reviewer, role=TeamRole.REVIEWER, **fields) -> TeamMember:
    """A place on the team (invited unless `status` says otherwise)."""
    return TeamMember.objects.create(
        challenge=challenge,
        reviewer=reviewer,
        role=role,
        invited_by=challenge.created_by,
        **fields,
    )
