"""A pool member's qualification is derived, never typed: applicant → eligible → trained →
fully qualified → mentor, from the pool's eligibility rule, training attended and reviews
completed. Each step, and why someone is not at the next one."""

import datetime

import pytest
from django.utils import timezone

from offers.enums import TeamRequirement, TeamRole
from reviewers import selectors, services
from reviewers.enums import (
    BookingStatus,
    CourseKind,
    JobRole,
    PoolStatus,
    Qualification,
    ReviewSource,
)
from reviewers.models import Booking, CompletedReview, EligibilityRule
from reviewers.qualification import (
    JOB_ROLES,
    LEAST_QUALIFICATION,
    Facts,
    meets_requirement,
    standing,
)
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


# --- Whether a person may fill a place on a team -------------------------------------------

R = TeamRequirement


@pytest.mark.parametrize(
    ("requirement", "qualification", "job_role", "expected"),
    [
        (R.NONE, Q.ELIGIBLE, JobRole.HEAD_OF_SERVICE, (True, "")),
        (
            R.NONE,
            Q.APPLICANT,
            JobRole.HEAD_OF_SERVICE,
            (False, "Needs to be eligible for this place; this person is applicant."),
        ),
        (
            R.TRAINED,
            Q.ELIGIBLE,
            JobRole.HEAD_OF_SERVICE,
            (False, "Needs to be trained for this place; this person is eligible."),
        ),
        (R.TRAINED, Q.TRAINED, JobRole.HEAD_OF_SERVICE, (True, "")),
        (R.TRAINED, Q.MENTOR, JobRole.OPERATIONAL_MANAGER, (True, "")),
        (
            R.FULLY_QUALIFIED,
            Q.TRAINED,
            JobRole.HEAD_OF_SERVICE,
            (False, "Needs to be fully qualified for this place; this person is trained."),
        ),
        (R.FULLY_QUALIFIED, Q.FULLY_QUALIFIED, JobRole.HEAD_OF_SERVICE, (True, "")),
        (R.DIRECTOR_LEVEL, Q.TRAINED, JobRole.SAFEGUARDING_CHAIR, (True, "")),
        (
            R.DIRECTOR_LEVEL,
            Q.MENTOR,
            JobRole.SENIOR_MANAGER,
            (
                False,
                "This place is for director of children's services or safeguarding "
                "partnership chair; this person is senior manager in children's services.",
            ),
        ),
        (R.SENIOR_MANAGER, Q.ELIGIBLE, JobRole.DIRECTOR, (True, "")),
        (R.SEND_PROFESSIONAL, Q.ELIGIBLE, JobRole.EDUCATIONAL_PSYCHOLOGIST, (True, "")),
        (R.LIVED_EXPERIENCE, Q.ELIGIBLE, JobRole.YOUNG_AMBASSADOR, (True, "")),
        (
            R.LIVED_EXPERIENCE,
            Q.ELIGIBLE,
            JobRole.SEND_LEAD,
            (
                False,
                "This place is for parent or carer or young ambassador; this person is SEND lead.",
            ),
        ),
        # Who the person is does not make up for not being in the pool.
        (
            R.LIVED_EXPERIENCE,
            Q.APPLICANT,
            JobRole.PARENT_CARER,
            (False, "Needs to be eligible for this place; this person is applicant."),
        ),
    ],
)
def test_a_place_requirement_is_met_or_says_why_not(requirement, qualification, job_role, expected):
    assert (
        meets_requirement(requirement, qualification=qualification, job_role=job_role) == expected
    )


def test_every_requirement_is_decided():
    decided = {TeamRequirement.NONE, *LEAST_QUALIFICATION, *JOB_ROLES}

    assert decided == set(TeamRequirement)


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


def past_review(pool, programme=None, **source) -> CompletedReview:
    return services.completed_review_record(
        reviewer=pool["reviewer"],
        programme=programme or pool["programme"],
        organisation=factories.OrganisationFactory(),
        completed_on=datetime.date(2023, 5, 18),
        role=TeamRole.REVIEWER,
        by=pool["coordinator"],
        **source,
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


def test_a_review_run_in_the_service_counts_once_however_often_it_is_recorded(pool):
    attend(pool, pool["core"])
    organisation = factories.OrganisationFactory()
    recorded = [
        services.completed_review_record(
            reviewer=pool["reviewer"],
            programme=pool["programme"],
            organisation=organisation,
            completed_on=datetime.date(2026, 6, day),
            role=TeamRole.CO_LEAD,
            by=pool["coordinator"],
            source=ReviewSource.CHALLENGE,
            reference="challenge-17",
        )
        for day in (11, 12)
    ]

    assert recorded[0].pk == recorded[1].pk
    assert list(
        CompletedReview.objects.filter(reviewer=pool["reviewer"]).values_list(
            "source", "reference", "completed_on", "role"
        )
    ) == [(ReviewSource.CHALLENGE, "challenge-17", datetime.date(2026, 6, 12), TeamRole.CO_LEAD)]
    assert qualification_of(pool) == Q.FULLY_QUALIFIED


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
