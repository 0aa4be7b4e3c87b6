"""Access cases for challenges (/challenges/): merged into the main MATRIX.

A challenge is seen by its programme's coordinators, the receiving service's leads and the
people holding a place on its team (an invitation not yet answered included); everyone else
gets 404. Changing its dates, team, milestones and phase is for the coordinators: the
service and the team see the challenge but get 403 (the team's lead also moves it on site
and changes milestones, which the reviewer here, in a reviewer's place, may not). Answering an
invitation is for the person invited."""

from types import SimpleNamespace

from tests import factories

from .matrix import LOGIN, VISIBLE_TO, Case, answers
from .matrix_reviewers import RedirectMatching

SEES_IT = VISIBLE_TO(coordinator=200, reviewer=200, service_lead=200, superuser=200)
RUNS_IT = VISIBLE_TO(coordinator=200, reviewer=403, service_lead=403, superuser=200)
REDIRECT_TO_TEAM = RedirectMatching(r"/challenges/\d+/team/")
LISTS = answers(
    403, anonymous=LOGIN, coordinator=200, reviewer=200, service_lead=200, superuser=200
)

CASES: dict[str, Case] = {
    "challenges:list": Case(LISTS),
    "challenges:export": Case(LISTS),
    "challenges:export_xlsx": Case(LISTS),
    # An approved application of the programme not yet a challenge: its coordinators make one.
    "challenges:new": Case(
        VISIBLE_TO(coordinator=200, superuser=200), args=lambda w: [w.to_schedule.pk]
    ),
    "challenges:detail": Case(SEES_IT, args=lambda w: [w.challenge.pk]),
    "challenges:dates": Case(RUNS_IT, args=lambda w: [w.challenge.pk]),
    "challenges:team": Case(RUNS_IT, args=lambda w: [w.challenge.pk]),
    "challenges:notes": Case(RUNS_IT, args=lambda w: [w.challenge.pk]),
    # A button on the team page: answered with the team page again.
    "challenges:shadowing": Case(
        VISIBLE_TO(
            coordinator=REDIRECT_TO_TEAM, reviewer=403, service_lead=403, superuser=REDIRECT_TO_TEAM
        ),
        args=lambda w: [w.challenge.pk],
        method="post",
        data={"shadowing": "no"},
    ),
    "challenges:member_remove": Case(
        RUNS_IT, args=lambda w: [w.challenge.pk, w.challenge_member.pk]
    ),
    "challenges:invitation": Case(VISIBLE_TO(reviewer=200), args=lambda w: [w.challenge.pk]),
    "challenges:milestones": Case(SEES_IT, args=lambda w: [w.challenge.pk]),
    "challenges:milestone_new": Case(RUNS_IT, args=lambda w: [w.challenge.pk]),
    "challenges:milestone_edit": Case(
        RUNS_IT, args=lambda w: [w.challenge.pk, w.challenge_milestone.pk]
    ),
    "challenges:move": Case(RUNS_IT, args=lambda w: [w.challenge.pk, "confirm"]),
    # The lead's milestone: the coordinator marks it done (back to the milestones); the
    # service and a reviewer who is not the lead may not.
    "challenges:milestone_done": Case(
        VISIBLE_TO(
            coordinator=RedirectMatching(r"/challenges/\d+/milestones/"),
            reviewer=403,
            service_lead=403,
            superuser=RedirectMatching(r"/challenges/\d+/milestones/"),
        ),
        args=lambda w: [w.challenge.pk, w.challenge_milestone.pk],
        method="post",
    ),
    # Producing the data pack (POST): the coordinator (and the team's accepted lead, not
    # here); the service and an invited reviewer see the challenge but may not.
    "challenges:data_pack_produce": Case(
        VISIBLE_TO(
            coordinator=RedirectMatching(r"/challenges/\d+/"),
            reviewer=403,
            service_lead=403,
            superuser=RedirectMatching(r"/challenges/\d+/"),
        ),
        args=lambda w: [w.challenge.pk],
        method="post",
    ),
}

OTHER_PROGRAMME_CASES: dict[str, Case] = {
    "challenges:data_pack_produce#other_programme": Case(
        VISIBLE_TO(superuser=RedirectMatching(r"/challenges/\d+/")),
        args=lambda w: [w.other_challenge.pk],
        method="post",
    ),
    # Another programme's challenge does not exist for this programme's people.
    "challenges:detail#other_programme": Case(
        VISIBLE_TO(superuser=200), args=lambda w: [w.other_challenge.pk]
    ),
    "challenges:team#other_programme": Case(
        VISIBLE_TO(superuser=200), args=lambda w: [w.other_challenge.pk]
    ),
    # Another service's challenge in the programme: its coordinators see it, the service not.
    "challenges:detail#other_service": Case(
        VISIBLE_TO(coordinator=200, superuser=200), args=lambda w: [w.other_service_challenge.pk]
    ),
    # A challenge users["reviewer"] declined: no longer theirs to see.
    "challenges:detail#declined": Case(
        VISIBLE_TO(coordinator=200, service_lead=200, superuser=200),
        args=lambda w: [w.declined_challenge.pk],
    ),
    "challenges:new#other_programme": Case(
        VISIBLE_TO(superuser=200), args=lambda w: [w.other_to_schedule.pk]
    ),
}


def world(base: SimpleNamespace) -> dict:
    """A challenge of the programme for the service lead's organisation, with users["reviewer"]
    invited to its team; an approved application of the programme still to schedule; and
    challenges of another service and of another programme."""
    from applications.enums import ApplicationState
    from challenges.enums import MemberStatus
    from challenges.models import Challenge, Milestone, TeamMember
    from offers.enums import TeamRole
    from reviewers.models import Reviewer

    coordinator = base.users["coordinator"]
    offer = factories.ReviewTypeFactory(programme=base.programme)
    other_offer = factories.ReviewTypeFactory(programme=base.other_programme)

    def challenge(offer, organisation):
        return Challenge.objects.create(
            programme=offer.programme,
            organisation=organisation,
            review_type=offer,
            created_by=coordinator,
        )

    made = challenge(offer, base.organisation)
    reviewer = Reviewer.objects.filter(user=base.users["reviewer"]).first() or (
        factories.ReviewerFactory(user=base.users["reviewer"])
    )
    member = TeamMember.objects.create(
        challenge=made,
        reviewer=reviewer,
        role=TeamRole.REVIEWER,
        status=MemberStatus.INVITED,
        invited_by=coordinator,
    )
    milestone = Milestone.objects.create(
        challenge=made, kind="planning_meeting", due_on=made.created_at.date(), owner_party="lead"
    )
    declined = challenge(offer, base.organisation)
    TeamMember.objects.create(
        challenge=declined,
        reviewer=reviewer,
        role=TeamRole.REVIEWER,
        status=MemberStatus.DECLINED,
        reason="On leave",
        invited_by=coordinator,
    )
    return {
        "declined_challenge": declined,
        "challenge": made,
        "challenge_member": member,
        "challenge_milestone": milestone,
        "to_schedule": factories.ApplicationFactory(
            review_type=offer, state=ApplicationState.APPROVED
        ),
        "other_to_schedule": factories.ApplicationFactory(
            review_type=other_offer, state=ApplicationState.APPROVED
        ),
        "other_challenge": challenge(other_offer, factories.OrganisationFactory()),
        "other_service_challenge": challenge(offer, factories.OrganisationFactory()),
    }
