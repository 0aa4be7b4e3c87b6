"""A pool member's qualification is derived, never typed: applicant → eligible → trained →
fully qualified → mentor, from the pool's eligibility rule, training attended and reviews
completed. Each step, and why someone is not at the next one."""

import datetime

import pytest
from django.utils import timezone

from applications.enums import TeamRole
from reviewers import selectors, services
from reviewers.enums import BookingStatus, CourseKind, JobRole, PoolStatus, Qualification
from reviewers.models import Booking, EligibilityRule, PastReview
from reviewers.qualification import Facts, standing
from tests import factories

pytestmark = pytest.mark.dates

Q = Qualification


def facts(**overrides) -> Facts:
    values = {
        "accepted": True,
        "job_role": JobRole.HEAD_OF_SERVICE,
        "qualifying_roles": frozenset({JobRole.HEAD_OF_SERVICE, JobRole.OPERATIONAL_MANAGER}),
        "core_attended": False,
        "reviews_completed": 0,
        "specialist_attended": False,
    }
    return Facts(**(values | overrides))


@pytest.mark.parametrize(
    ("overrides", "expected", "next_step"),
    [
        ({"job_role": JobRole.SENIOR_MANAGER}, Q.APPLICANT, "Not eligible: the pool is for"),
        ({"accepted": False}, Q.APPLICANT, "Waiting for a coordinator"),
        ({}, Q.ELIGIBLE, "Needs to attend the core reviewer training"),
        ({"qualifying_roles": frozenset()}, Q.ELIGIBLE, "Needs to attend"),
        ({"core_attended": True}, Q.TRAINED, "Needs to complete a peer review"),
        (
            {"core_attended": True, "reviews_completed": 1},
            Q.FULLY_QUALIFIED,
            "Needs the specialist training",
        ),
        (
            {"core_attended": True, "reviews_completed": 3, "specialist_attended": True},
            Q.MENTOR,
            "",
        ),
        # Each step needs the one before: reviews or a specialist course without the core
        # training make nobody fully qualified or a mentor.
        ({"reviews_completed": 2, "specialist_attended": True}, Q.ELIGIBLE, "Needs to attend"),
        ({"core_attended": True, "specialist_attended": True}, Q.TRAINED, "Needs to complete"),
    ],
)
def test_each_step_and_why_not_the_next(overrides, expected, next_step):
    result = standing(facts(**overrides))

    assert result.qualification == expected
    assert result.next_step.startswith(next_step) if next_step else result.next_step == ""


def test_not_eligible_says_which_roles_the_pool_is_for():
    result = standing(facts(job_role=JobRole.PARENT_CARER))

    assert result.next_step == (
        "Not eligible: the pool is for Head of service or YOT manager or Operational manager "
        "line managed directly by the head of service; this person is parent or carer."
    )


# --- From the database ------------------------------------------------------------------------


@pytest.fixture
def pool(db):
    programme = factories.ProgrammeFactory()
    EligibilityRule.objects.create(programme=programme, job_role=JobRole.HEAD_OF_SERVICE)
    EligibilityRule.objects.create(programme=programme, job_role=JobRole.OPERATIONAL_MANAGER)
    member = factories.PoolMembershipFactory(programme=programme)
    return {
        "programme": programme,
        "member": member,
        "reviewer": member.reviewer,
        "core": factories.CourseFactory(programme=programme, kind=CourseKind.CORE),
        "specialist": factories.CourseFactory(programme=programme, kind=CourseKind.SPECIALIST),
        "coordinator": factories.coordinator(programme=programme),
    }


def qualification_of(pool) -> Qualification:
    [entry] = selectors.record_for(reviewer=pool["reviewer"]).pools
    return entry.standing.qualification


def attend(pool, course, status=BookingStatus.ATTENDED) -> Booking:
    session = factories.TrainingSessionFactory(
        course=course,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() - datetime.timedelta(days=9),
    )
    return Booking.objects.create(session=session, reviewer=pool["reviewer"], status=status)


def past_review(pool, programme=None) -> PastReview:
    return services.past_review_add(
        reviewer=pool["reviewer"],
        programme=programme or pool["programme"],
        organisation=factories.OrganisationFactory(),
        completed_on=datetime.date(2023, 5, 18),
        role=TeamRole.REVIEWER,
        by=pool["coordinator"],
    )


def test_the_whole_path_from_applicant_to_mentor(pool):
    member = pool["member"]
    member.status = PoolStatus.REQUESTED
    member.save()
    assert qualification_of(pool) == Q.APPLICANT

    services.pool_decide(membership=member, accept=True, reason="", by=pool["coordinator"])
    assert qualification_of(pool) == Q.ELIGIBLE

    attend(pool, pool["core"])
    assert qualification_of(pool) == Q.TRAINED

    # A review done before the system existed, migrated with the pool, counts.
    past_review(pool)
    assert qualification_of(pool) == Q.FULLY_QUALIFIED

    attend(pool, pool["specialist"])
    assert qualification_of(pool) == Q.MENTOR


@pytest.mark.parametrize(
    "status", [BookingStatus.DID_NOT_ATTEND, BookingStatus.BOOKED, BookingStatus.CANCELLED]
)
def test_a_booking_not_attended_does_not_make_anyone_trained(pool, status):
    attend(pool, pool["core"], status=status)

    assert qualification_of(pool) == Q.ELIGIBLE


def test_training_and_reviews_count_only_in_their_own_programme(pool):
    other = factories.ProgrammeFactory()
    attend(pool, factories.CourseFactory(programme=other, kind=CourseKind.CORE))
    past_review(pool, programme=other)

    assert qualification_of(pool) == Q.ELIGIBLE


def test_an_ineligible_job_role_stays_an_applicant_whatever_their_training(pool):
    pool["reviewer"].job_role = JobRole.SENIOR_MANAGER
    pool["reviewer"].save()
    attend(pool, pool["core"])

    [entry] = selectors.record_for(reviewer=pool["reviewer"]).pools
    assert entry.standing.qualification == Q.APPLICANT
    assert entry.standing.next_step.startswith("Not eligible")


def test_directory_filters_by_derived_qualification(pool):
    trained = factories.PoolMembershipFactory(programme=pool["programme"])
    session = factories.TrainingSessionFactory(course=pool["core"])
    Booking.objects.create(
        session=session, reviewer=trained.reviewer, status=BookingStatus.ATTENDED
    )

    entries = selectors.pool_entries(user=pool["coordinator"], qualification=Q.TRAINED)

    assert [entry.reviewer for entry in entries] == [trained.reviewer]


def test_automatic_conflicts_are_home_declared_and_recent_employers(pool, settings):
    settings.CONFLICT_PREVIOUS_EMPLOYER_YEARS = 3
    reviewer = pool["reviewer"]
    today = datetime.date(2026, 11, 25)
    declared = factories.OrganisationFactory()
    recent = factories.OrganisationFactory()
    long_ago = factories.OrganisationFactory()
    expired = factories.OrganisationFactory()
    services.conflict_add(reviewer=reviewer, organisation=declared, reason="Partner is chair")
    services.conflict_add(
        reviewer=reviewer,
        organisation=expired,
        reason="Interim post",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
    )
    services.employment_add(
        reviewer=reviewer, organisation=recent, left_on=datetime.date(2024, 6, 1)
    )
    services.employment_add(
        reviewer=reviewer, organisation=long_ago, left_on=datetime.date(2020, 6, 1)
    )

    assert selectors.conflicted_organisation_ids(reviewer=reviewer, on=today) == {
        reviewer.organisation_id,
        declared.pk,
        recent.pk,
    }
