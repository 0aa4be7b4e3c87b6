"""A programme ready to schedule challenges: an approved application with its agreed window,
an offer of 3 working days on site with a team of a lead (fully qualified) and two reviewers
(trained), and helpers that add pool members at a chosen qualification."""

import datetime
import itertools

from django.utils import timezone

from accounts.models import Organisation
from applications.enums import ApplicationState
from challenges import services
from challenges.models import Challenge
from offers.enums import TeamRequirement, TeamRole
from offers.models import TeamPlace
from reviewers.enums import BookingStatus, CourseKind, JobRole, PoolStatus
from reviewers.models import Booking, CompletedReview, PoolMembership, Reviewer
from tests import factories
from tests.applications.board import approve, board_world, on_agenda

_names = itertools.count(1)


def next_monday(after: datetime.date) -> datetime.date:
    return after + datetime.timedelta(days=7 - after.weekday())


def world() -> dict:
    board = board_world()
    offer = factories.ReviewTypeFactory(
        programme=board["programme"], days_on_site=3, team=False, virtual_allowed=True
    )
    TeamPlace.objects.create(
        review_type=offer, role=TeamRole.LEAD, count=1, requirement=TeamRequirement.FULLY_QUALIFIED
    )
    TeamPlace.objects.create(
        review_type=offer, role=TeamRole.REVIEWER, count=2, requirement=TeamRequirement.TRAINED
    )
    board["review_type"] = offer
    course = factories.CourseFactory(programme=board["programme"], kind=CourseKind.CORE)
    session = factories.TrainingSessionFactory(
        course=course,
        starts_on=timezone.localdate() - datetime.timedelta(days=400),
        ends_on=timezone.localdate() - datetime.timedelta(days=399),
    )
    item = on_agenda(board)
    approve(board, item)
    application = item.application
    application.refresh_from_db()
    assert application.state == ApplicationState.APPROVED
    receiving = application.organisation
    board |= {
        "application": application,
        "receiving": receiving,
        "service_lead": factories.service_lead(organisation=receiving),
        "session": session,
    }
    return board


def pool_member(
    w: dict,
    *,
    qualified: bool = True,
    trained: bool = True,
    organisation: Organisation | None = None,
    job_role: str = JobRole.HEAD_OF_SERVICE,
    cap: int = 2,
) -> Reviewer:
    """An accepted member of the programme's pool, trained (the core course attended) and, with
    `qualified`, fully qualified (a review completed), with a reviewer role in the programme."""
    n = next(_names)
    user = factories.reviewer(programme=w["programme"], full_name=f"Reviewer {n:03d}")
    reviewer = Reviewer.objects.create(
        user=user,
        organisation=organisation or factories.OrganisationFactory(),
        job_role=job_role,
        max_reviews_per_cycle=cap,
    )
    PoolMembership.objects.create(
        reviewer=reviewer, programme=w["programme"], status=PoolStatus.ACCEPTED
    )
    if trained:
        Booking.objects.create(
            session=w["session"], reviewer=reviewer, status=BookingStatus.ATTENDED
        )
    if qualified:
        CompletedReview.objects.create(
            reviewer=reviewer,
            programme=w["programme"],
            organisation=factories.OrganisationFactory(),
            completed_on=timezone.localdate() - datetime.timedelta(days=200),
            role=TeamRole.REVIEWER,
            recorded_by=w["coordinator"],
        )
    return reviewer


def challenge(w: dict, *, dated: bool = True) -> Challenge:
    """The application's challenge, with its on-site days on the first Monday of its window."""
    made = services.challenge_from_application(application=w["application"], by=w["coordinator"])
    if dated:
        made = services.challenge_set_dates(
            challenge=made,
            starts_on=next_monday(made.window_starts_on - datetime.timedelta(days=1)),
            delivery_mode="on_site",
            by=w["coordinator"],
        )
    return made


def staffed(w: dict, made: Challenge) -> list:
    """Fill every place with people who accepted."""
    people = [
        (pool_member(w), TeamRole.LEAD),
        (pool_member(w, qualified=False), TeamRole.REVIEWER),
        (pool_member(w, qualified=False), TeamRole.REVIEWER),
    ]
    members = []
    for reviewer, role in people:
        member = services.member_invite(
            challenge=made, reviewer=reviewer, role=role, by=w["coordinator"]
        )
        members.append(services.member_respond(member=member, accept=True, by=reviewer.user))
    return members


def on_site(w: dict) -> dict:
    """The application's challenge with its team accepted and confirmed (preparing: the team
    records its work from now), a key line of enquiry and a golden thread, and a member of the
    pool who is not on the team. Adds to `w`: challenge, lead, reviewers (the two reviewers'
    TeamMembers), key_line, thread, outsider (a reviewer of the programme off the team)."""
    from challenges.enums import ChallengeAction
    from offers.enums import EnquiryKind
    from offers.models import LineOfEnquiry

    made = challenge(w)
    key_line = LineOfEnquiry.objects.create(
        programme=w["programme"], kind=EnquiryKind.KEY_LINE, name="Out-of-court disposals"
    )
    thread = LineOfEnquiry.objects.create(
        programme=w["programme"], kind=EnquiryKind.GOLDEN_THREAD, name="Voice of the child"
    )
    made.lines_of_enquiry.add(key_line, thread)
    lead, *reviewers = staffed(w, made)
    made = services.challenge_move(
        challenge=made, action=ChallengeAction.CONFIRM, by=w["coordinator"]
    )
    return w | {
        "challenge": made,
        "lead": lead,
        "reviewers": reviewers,
        "key_line": key_line,
        "thread": thread,
        "outsider": pool_member(w, qualified=False).user,
    }
