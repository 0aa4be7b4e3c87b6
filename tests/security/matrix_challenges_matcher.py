"""Access cases for the team matcher's pages (`/challenges/<pk>/team/propose/`,
`/challenges/cycles/<pk>/propose/`, `/challenges/runs/<pk>/...`) and the programme's
matching weights (`/programmes/<pk>/matching/`). Merged into the main MATRIX.

Everything is for the programme's coordinators and superusers. A challenge is 404 to whoever
may not see it, and 403 to those who see it without coordinating it (the receiving service's
lead, a reviewer on its team). Cycles, runs and the weights are 403 for people who
coordinate nothing, and 404 to a coordinator of another programme (OTHER_PROGRAMME_CASES), so
they cannot tell it exists. Accepting and running again are POSTs (answered with the run's
page); swapping and running again without someone have GET pages, checked here with a GET
that changes nothing."""

from types import SimpleNamespace

from .matrix import COORDINATORS, LOGIN, VISIBLE_TO, Case, answers
from .matrix_reviewers import RedirectMatching

TO_A_RUN = RedirectMatching(r"/challenges/runs/\d+/")
# Coordinators of the challenge's programme; the service and the team see it, and get 403.
ITS_COORDINATORS = VISIBLE_TO(coordinator=200, superuser=200, service_lead=403, reviewer=403)
POSTED = answers(403, anonymous=LOGIN, coordinator=TO_A_RUN, superuser=TO_A_RUN)

CASES: dict[str, Case] = {
    "challenges:propose_team": Case(ITS_COORDINATORS, args=lambda w: [w.match_challenge.pk]),
    "challenges:propose_teams": Case(COORDINATORS, args=lambda w: [w.match_challenge.cycle_id]),
    "challenges:run": Case(COORDINATORS, args=lambda w: [w.match_run.pk]),
    "challenges:run_status": Case(COORDINATORS, args=lambda w: [w.match_run.pk]),
    # The coordinator accepts (invitations sent); the superuser after them finds it accepted.
    "challenges:run_accept": Case(POSTED, args=lambda w: [w.match_run.pk], method="post"),
    "challenges:run_again": Case(POSTED, args=lambda w: [w.match_run.pk], method="post"),
    "challenges:run_swap": Case(
        COORDINATORS,
        args=lambda w: [w.match_run.pk, w.match_challenge.pk, w.match_proposed.pk],
    ),
    "challenges:run_without": Case(
        COORDINATORS,
        args=lambda w: [w.match_run.pk, w.match_challenge.pk, w.match_proposed.pk],
    ),
    "matching:weights": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
}

# Another programme's challenge, cycle, run and weights.
NOT_THEIRS = answers(403, anonymous=LOGIN, coordinator=404, superuser=200)
OTHER_PROGRAMME_CASES: dict[str, Case] = {
    "challenges:propose_team#other": Case(
        VISIBLE_TO(superuser=200), args=lambda w: [w.other_match_challenge.pk]
    ),
    "challenges:propose_teams#other": Case(
        NOT_THEIRS, args=lambda w: [w.other_match_challenge.cycle_id]
    ),
    "challenges:run#other": Case(NOT_THEIRS, args=lambda w: [w.other_match_run.pk]),
    "challenges:run_status#other": Case(NOT_THEIRS, args=lambda w: [w.other_match_run.pk]),
    "challenges:run_accept#other": Case(
        answers(403, anonymous=LOGIN, coordinator=404, superuser=TO_A_RUN),
        args=lambda w: [w.other_match_run.pk],
        method="post",
    ),
    "challenges:run_again#other": Case(
        answers(403, anonymous=LOGIN, coordinator=404, superuser=TO_A_RUN),
        args=lambda w: [w.other_match_run.pk],
        method="post",
    ),
    "challenges:run_swap#other": Case(
        NOT_THEIRS,
        args=lambda w: [
            w.other_match_run.pk,
            w.other_match_challenge.pk,
            w.other_match_proposed.pk,
        ],
    ),
    "challenges:run_without#other": Case(
        NOT_THEIRS,
        args=lambda w: [
            w.other_match_run.pk,
            w.other_match_challenge.pk,
            w.other_match_proposed.pk,
        ],
    ),
    # The other programme's challenge in this programme's run: proposed by nobody.
    "challenges:run_swap#mismatched": Case(
        answers(403, anonymous=LOGIN, coordinator=404, superuser=404),
        args=lambda w: [w.match_run.pk, w.other_match_challenge.pk, w.match_proposed.pk],
    ),
    "matching:weights#other": Case(NOT_THEIRS, args=lambda w: [w.other_programme.pk]),
}


def world(base: SimpleNamespace) -> dict:
    """In each programme, a challenge with dates and one open place, a pool member able to
    take it, and a finished run proposing them (its answer written here, not solved, to keep
    the matrix quick). The programme's challenge is received by the service lead's
    organisation, and users["reviewer"] holds a place on it."""
    from challenges.enums import RunStatus
    from challenges.matcher_services import problem_of
    from challenges.models import MatchRun
    from offers.enums import TeamRequirement, TeamRole
    from reviewers.enums import JobRole
    from reviewers.models import Reviewer
    from tests import factories
    from tests.factories.challenges import ChallengeFactory, member, offer, pool_member

    places = (
        (TeamRole.LEAD, TeamRequirement.FULLY_QUALIFIED, 1),
        # users["reviewer"] holds this place: eligible, not yet trained.
        (TeamRole.REVIEWER, TeamRequirement.NONE, 1),
    )

    def proposal(programme, **fields):
        challenge = ChallengeFactory(
            programme=programme, review_type=offer(programme, *places), **fields
        )
        # The job role the other worlds' eligibility rules let into the pool.
        proposed = pool_member(programme, job_role=JobRole.SEND_LEAD)
        creator = factories.UserFactory()
        run = MatchRun.objects.create(
            programme=programme,
            cycle=challenge.cycle,
            challenge=challenge,
            problem=problem_of(programme=programme, cycle=challenge.cycle, challenge=challenge),
            created_by=creator,
            status=RunStatus.DONE,
            answer={
                "assignments": [[challenge.pk, proposed.pk, "lead"]],
                "reasons": [
                    {
                        "challenge": challenge.pk,
                        "reviewer": proposed.pk,
                        "role": "lead",
                        "reasons": [{"code": "load", "text": "", "cost": 0}],
                    }
                ],
                "unfilled": [],
                "shortfall": [],
                "objective": 0,
                "bound": 0,
                "gap": 0,
                "method": "",
                "seconds": 0,
            },
        )
        return challenge, proposed, run

    challenge, proposed, run = proposal(base.programme, organisation=base.organisation)
    on_team = Reviewer.objects.filter(user=base.users["reviewer"]).first() or (
        factories.ReviewerFactory(user=base.users["reviewer"])
    )
    member(challenge, on_team)
    other_challenge, other_proposed, other_run = proposal(base.other_programme)
    return {
        "match_challenge": challenge,
        "match_proposed": proposed,
        "match_run": run,
        "other_match_challenge": other_challenge,
        "other_match_proposed": other_proposed,
        "other_match_run": other_run,
    }
