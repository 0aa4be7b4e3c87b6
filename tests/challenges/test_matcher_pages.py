"""The matcher's pages (challenges.matcher_views): proposing a team for one challenge or
teams for a cycle (the run_matcher task, eagerly here), the run's page with its reasons and
its open places, accepting, swapping and running again without someone; every hard rule
through the matcher on a problem built from the database; and the export command.

Every date is fixed (tests.factories.challenges.FIRST_DAY, years from any today); the tests
that build cycles are marked `dates` all the same, as the factories read today."""

import datetime
import json
import subprocess
import sys

import pytest
from django.urls import reverse

from challenges import services
from challenges.enums import ChallengeAction, MemberStatus, Phase, RunStatus
from challenges.matcher_services import match_run_start
from challenges.models import ChallengeEvent, MatchingWeights, MatchRun, TeamMember
from challenges.tasks import run_matcher
from offers.enums import TeamRequirement, TeamRole
from reviewers.enums import JobRole, PoolStatus, Qualification
from reviewers.models import ConflictOfInterest, PreviousEmployment, Unavailability
from tests import factories
from tests.factories.challenges import (
    FIRST_DAY,
    LEAD_AND_REVIEWER,
    ChallengeFactory,
    member,
    offer,
    pool_member,
)
from tests.queries import queries_for_get

pytestmark = pytest.mark.dates

ONE_PLACE = ((TeamRole.REVIEWER, TeamRequirement.TRAINED, 1),)


@pytest.fixture
def programme(db):
    return factories.ProgrammeFactory(name="Northern peer challenge", short_name="NPC")


@pytest.fixture
def coordinator(programme):
    return factories.coordinator(programme=programme, full_name="Cora Ordinator")


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def challenge(programme):
    return ChallengeFactory(programme=programme, review_type=offer(programme, *ONE_PLACE))


def propose(client, challenge, capture) -> MatchRun:
    """ "Propose a team" on the page, the task run eagerly once the request commits."""
    with capture(execute=True):
        response = client.post(reverse("challenges:propose_team", args=[challenge.pk]))
    assert response.status_code == 302, response.content.decode()
    run = MatchRun.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert run.status == RunStatus.DONE, run.error
    return run


def page(client, run) -> str:
    response = client.get(reverse("challenges:run", args=[run.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- A proposal in words -----------------------------------------------------------------------


def test_propose_team_shows_each_member_with_names_role_and_reasons(
    signed_in, programme, challenge, django_capture_on_commit_callbacks
):
    ana = pool_member(
        programme,
        full_name="Ana Fairweather",
        organisation=factories.OrganisationFactory(
            name="Eastshire Youth Justice Service", region=challenge.organisation.region
        ),
    )

    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    assert run.answer["assignments"] == [[challenge.pk, ana.pk, "reviewer"]]
    assert run.answer["unfilled"] == []
    html = page(signed_in, run)
    assert "Ana Fairweather" in html
    assert "Eastshire Youth Justice Service" in html
    assert "Peer reviewer" in html
    assert f"From the same region ({challenge.organisation.region.name})." in html
    assert "Challenge 1 of at most 2 for them this cycle." in html
    assert "1 completed review; other places favour newer reviewers, for a mix." in html
    assert "Accept and send invitations" in html


def test_propose_team_page_says_what_is_open(signed_in, challenge):
    response = signed_in.get(reverse("challenges:propose_team", args=[challenge.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 place to fill" in html
    assert 'id="propose"' in html


def test_propose_team_without_dates_says_so_and_refuses(signed_in, programme):
    undated = ChallengeFactory(
        programme=programme, review_type=offer(programme, *ONE_PLACE), starts_on=None, ends_on=None
    )
    url = reverse("challenges:propose_team", args=[undated.pk])

    html = signed_in.get(url).content.decode()
    refused = signed_in.post(url)

    assert "Set the on-site dates before proposing a team." in html
    assert 'id="propose"' not in html
    assert refused.status_code == 200
    assert "There is a problem" in refused.content.decode()
    assert "There are no open places to fill" in refused.content.decode()
    assert not MatchRun.objects.exists()


def test_propose_twice_for_the_same_problem_makes_one_run(
    signed_in, programme, challenge, django_capture_on_commit_callbacks
):
    pool_member(programme)

    first = propose(signed_in, challenge, django_capture_on_commit_callbacks)
    second = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    assert second.pk == first.pk
    assert MatchRun.objects.count() == 1


# --- Every hard rule, through the matcher, on a problem from the database ----------------------


def _own_organisation(programme, challenge):
    return pool_member(programme, organisation=challenge.organisation)


def _declared_conflict(programme, challenge):
    reviewer = pool_member(programme)
    ConflictOfInterest.objects.create(
        reviewer=reviewer, organisation=challenge.organisation, reason="Partner is on its board"
    )
    return reviewer


def _employer_left_recently(programme, challenge):
    reviewer = pool_member(programme)
    PreviousEmployment.objects.create(
        reviewer=reviewer,
        organisation=challenge.organisation,
        left_on=FIRST_DAY.replace(year=FIRST_DAY.year - 2),
    )
    return reviewer


def _reciprocal(programme, challenge):
    """The candidates' organisation receives a challenge of the cycle on whose (confirmed)
    team someone from the challenge's organisation sits (who is kept out of their own
    organisation's team: two candidates, so that the reciprocal rule keeps out the most)."""
    reviewer = pool_member(programme)
    pool_member(programme, organisation=reviewer.organisation)
    theirs = ChallengeFactory(
        programme=programme,
        cycle=challenge.cycle,
        organisation=reviewer.organisation,
        review_type=challenge.review_type,
        starts_on=FIRST_DAY + datetime.timedelta(days=28),
        ends_on=FIRST_DAY + datetime.timedelta(days=30),
        phase=Phase.PREPARING,
    )
    member(
        theirs,
        pool_member(programme, organisation=challenge.organisation),
        status=MemberStatus.ACCEPTED,
    )
    return reviewer


def _away(programme, challenge):
    reviewer = pool_member(programme)
    Unavailability.objects.create(
        reviewer=reviewer, starts_on=challenge.ends_on, ends_on=challenge.ends_on
    )
    return reviewer


def _on_another_challenge_those_days(programme, challenge):
    reviewer = pool_member(programme)
    other = ChallengeFactory(
        programme=programme,
        cycle=challenge.cycle,
        review_type=challenge.review_type,
        starts_on=challenge.ends_on,
        ends_on=challenge.ends_on + datetime.timedelta(days=2),
        phase=Phase.PREPARING,
    )
    member(other, reviewer, status=MemberStatus.ACCEPTED)
    return reviewer


def _at_their_cap(programme, challenge):
    reviewer = pool_member(programme, cap=1)
    later = ChallengeFactory(
        programme=programme,
        cycle=challenge.cycle,
        review_type=challenge.review_type,
        starts_on=FIRST_DAY + datetime.timedelta(days=70),
        ends_on=FIRST_DAY + datetime.timedelta(days=72),
        phase=Phase.PREPARING,
    )
    member(later, reviewer, status=MemberStatus.ACCEPTED)
    return reviewer


def _not_accepted_into_the_pool(programme, challenge):
    return pool_member(programme, status=PoolStatus.REQUESTED)


def _place_requirement(programme, challenge):
    challenge.review_type.team_places.update(requirement=TeamRequirement.DIRECTOR_LEVEL)
    return pool_member(programme, job_role=JobRole.HEAD_OF_SERVICE)


def _nobody_fully_qualified(programme, challenge):
    return pool_member(programme, standing=Qualification.TRAINED)


HARD_RULES = {
    "own organisation": (_own_organisation, "own_organisation"),
    "declared conflict": (_declared_conflict, "conflict"),
    "employer left within the conflict years": (_employer_left_recently, "conflict"),
    "reciprocal pair counting confirmed teams": (_reciprocal, "reciprocal"),
    "away on an on-site day": (_away, "away"),
    "on another challenge those days": (_on_another_challenge_those_days, "clash"),
    "cap per cycle": (_at_their_cap, "cap"),
    "not an accepted pool member": (_not_accepted_into_the_pool, "pool"),
    "place requirement": (_place_requirement, "requirement"),
    "at least one fully qualified": (_nobody_fully_qualified, "fully_qualified"),
}
RULE_ON_PAGE = {
    "own_organisation": "works for the organisation receiving the challenge",
    "conflict": "has a conflict of interest with it",
    "reciprocal": "would make two organisations review each other this cycle",
    "away": "away on an on-site day",
    "clash": "on another challenge on those days",
    "cap": "already at their cap of challenges this cycle",
    "pool": "The programme&#x27;s pool has nobody who can take a place.",
    "requirement": "does not meet the place&#x27;s requirement",
    "fully_qualified": "Nobody fully qualified can join this team",
}


@pytest.mark.parametrize("rule", sorted(HARD_RULES))
def test_matcher_keeps_each_hard_rule(
    signed_in, programme, challenge, django_capture_on_commit_callbacks, rule
):
    breaking, code = HARD_RULES[rule]
    breaking(programme, challenge)

    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    assert run.answer["assignments"] == []
    [place] = run.answer["unfilled"]
    assert (place["challenge"], place["missing"], place["blocking"]) == (challenge.pk, 1, code)
    if code != "pool":
        assert place["excluded"][code] == (2 if code == "reciprocal" else 1)
    html = page(signed_in, run)
    assert "1 Peer reviewer place (" in html
    assert ") is not filled." in html
    assert RULE_ON_PAGE[code] in html
    assert "Accept and send invitations" not in html


def test_employer_left_longer_ago_than_the_conflict_years_is_proposed(
    signed_in, programme, challenge, django_capture_on_commit_callbacks, settings
):
    reviewer = pool_member(programme)
    PreviousEmployment.objects.create(
        reviewer=reviewer,
        organisation=challenge.organisation,
        left_on=FIRST_DAY.replace(year=FIRST_DAY.year - settings.CONFLICT_PREVIOUS_EMPLOYER_YEARS)
        - datetime.timedelta(days=1),
    )

    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    assert run.answer["assignments"] == [[challenge.pk, reviewer.pk, "reviewer"]]


def test_small_pool_gets_its_shortfall_per_role(
    signed_in, programme, django_capture_on_commit_callbacks
):
    review_type = offer(programme, (TeamRole.REVIEWER, TeamRequirement.TRAINED, 3))
    challenge = ChallengeFactory(programme=programme, review_type=review_type)
    pool_member(programme, cap=1)

    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    assert run.answer["shortfall"] == [
        {"role": "reviewer", "requirement": "trained", "places": 3, "capacity": 1, "shortfall": 2}
    ]
    html = page(signed_in, run)
    assert "The pool is too small" in html
    assert "2 Peer reviewer places (Trained) are not filled." in html


# --- Accepting ---------------------------------------------------------------------------------


def test_accept_invites_everyone_proposed_once(
    signed_in, programme, challenge, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    reviewer = pool_member(programme, email="ana@example.org")
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)
    url = reverse("challenges:run_accept", args=[run.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = signed_in.post(url)
    second = signed_in.post(url, follow=True)

    assert first.status_code == 302
    [invited] = TeamMember.objects.all()
    assert (invited.challenge, invited.reviewer, invited.role, invited.status) == (
        challenge,
        reviewer,
        "reviewer",
        MemberStatus.INVITED,
    )
    assert invited.run == run
    assert invited.reasons == run.answer["reasons"][0]["reasons"]
    run.refresh_from_db()
    assert (run.status, run.accepted_by) == (RunStatus.ACCEPTED, coordinator)
    assert (
        ChallengeEvent.objects.filter(challenge=challenge, action=ChallengeAction.MATCH).count()
        == 1
    )
    assert [m.to for m in mailoutbox] == [["ana@example.org"]]
    assert "This proposal has already been accepted." in second.content.decode()
    assert TeamMember.objects.count() == 1
    assert "Proposal accepted" in second.content.decode()


def test_accept_rechecks_the_rules_and_sends_nothing_when_one_fails(
    signed_in, programme, challenge, django_capture_on_commit_callbacks, mailoutbox
):
    reviewer = pool_member(programme, full_name="Ana Fairweather")
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)
    # Since the run, she has booked dates away over the on-site days.
    Unavailability.objects.create(
        reviewer=reviewer, starts_on=challenge.starts_on, ends_on=challenge.ends_on
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("challenges:run_accept", args=[run.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f"Ana Fairweather can no longer be invited to {challenge.reference}" in html
    assert "Is away" in html
    assert not TeamMember.objects.exists()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert mailoutbox == []


def test_decline_is_remembered_by_the_next_run(
    signed_in, programme, challenge, django_capture_on_commit_callbacks
):
    reviewer = pool_member(programme)
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(reverse("challenges:run_accept", args=[run.pk]))
    invitation = TeamMember.objects.get()
    services.member_respond(
        member=invitation, accept=False, by=reviewer.user, reason="On leave that week"
    )

    again = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    assert again.pk != run.pk
    assert [reviewer.pk, challenge.pk] in again.problem["excluded"]
    assert again.answer["assignments"] == []
    assert again.answer["unfilled"][0]["blocking"] == "excluded"


# --- Swapping ----------------------------------------------------------------------------------


@pytest.fixture
def two_candidates(programme, challenge):
    """Ana, who knows the challenge's region (the matcher's choice), and Ben, from away."""
    region = challenge.organisation.region
    ana = pool_member(
        programme,
        full_name="Ana Fairweather",
        organisation=factories.OrganisationFactory(region=region),
    )
    ben = pool_member(programme, full_name="Ben Holloway")
    return ana, ben


def test_swap_puts_someone_else_in_the_place(
    signed_in, challenge, two_candidates, django_capture_on_commit_callbacks
):
    ana, ben = two_candidates
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)
    assert run.answer["assignments"] == [[challenge.pk, ana.pk, "reviewer"]]
    url = reverse("challenges:run_swap", args=[run.pk, challenge.pk, ana.pk])

    form = signed_in.get(url).content.decode()
    response = signed_in.post(url, {"reviewer": str(ben.pk)})

    assert "Ben Holloway" in form
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.answer["assignments"] == [[challenge.pk, ben.pk, "reviewer"]]
    html = page(signed_in, run)
    assert "Chosen by hand in place of Ana Fairweather." in html


def test_swap_refused_by_the_rules_shows_why_and_keeps_the_choice(
    signed_in, programme, challenge, two_candidates, django_capture_on_commit_callbacks
):
    ana, _ben = two_candidates
    insider = pool_member(programme, full_name="Ida Insider", organisation=challenge.organisation)
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)
    url = reverse("challenges:run_swap", args=[run.pk, challenge.pk, ana.pk])

    response = signed_in.post(url, {"reviewer": str(insider.pk)})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "the organisation receiving this challenge." in html
    assert f'<option value="{insider.pk}" selected>' in html
    run.refresh_from_db()
    assert run.answer["assignments"] == [[challenge.pk, ana.pk, "reviewer"]]


def test_swap_with_nobody_chosen_asks_for_someone(
    signed_in, challenge, two_candidates, django_capture_on_commit_callbacks
):
    ana, _ben = two_candidates
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    response = signed_in.post(
        reverse("challenges:run_swap", args=[run.pk, challenge.pk, ana.pk]), {"reviewer": ""}
    )

    assert "Select who should take the place" in response.content.decode()


def test_swap_of_someone_not_proposed_is_not_found(
    signed_in, challenge, two_candidates, django_capture_on_commit_callbacks
):
    _ana, ben = two_candidates
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    response = signed_in.get(reverse("challenges:run_swap", args=[run.pk, challenge.pk, ben.pk]))

    assert response.status_code == 404


# --- Running again without someone -------------------------------------------------------------


def test_run_again_without_someone_leaves_them_out(
    signed_in, challenge, two_candidates, django_capture_on_commit_callbacks
):
    ana, ben = two_candidates
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)
    url = reverse("challenges:run_without", args=[run.pk, challenge.pk, ana.pk])

    confirm = signed_in.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url)

    assert "Run the matcher again without Ana Fairweather" in confirm
    again = MatchRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse("challenges:run", args=[again.pk])
    assert again.problem["excluded"] == [[ana.pk, challenge.pk]]
    assert again.answer["assignments"] == [[challenge.pk, ben.pk, "reviewer"]]


# --- Progress ----------------------------------------------------------------------------------


def _queued_run(programme, challenge, coordinator) -> MatchRun:
    """A run whose task has not been taken yet (its message is still on the broker)."""
    return MatchRun.objects.create(
        programme=programme,
        cycle=challenge.cycle,
        challenge=challenge,
        problem={"challenges": [], "reviewers": []},
        created_by=coordinator,
        progress="Waiting for the matcher to start on 1 open place.",
    )


def test_run_page_shows_progress_in_words_and_polls(signed_in, programme, challenge, coordinator):
    run = _queued_run(programme, challenge, coordinator)

    html = page(signed_in, run)
    status = signed_in.get(reverse("challenges:run_status", args=[run.pk]))

    assert "Waiting to start" in html
    assert "Waiting for the matcher to start on 1 open place." in html
    assert f'hx-get="{reverse("challenges:run_status", args=[run.pk])}"' in html
    # Without JavaScript, a link to look again.
    assert f'href="{reverse("challenges:run", args=[run.pk])}">Check again</a>' in html
    assert status.status_code == 200
    assert "Waiting for the matcher to start on 1 open place." in status.content.decode()
    assert "HX-Refresh" not in status


def test_run_status_reloads_the_page_once_done(
    signed_in, programme, challenge, django_capture_on_commit_callbacks
):
    pool_member(programme)
    run = propose(signed_in, challenge, django_capture_on_commit_callbacks)

    status = signed_in.get(reverse("challenges:run_status", args=[run.pk]))

    assert status["HX-Refresh"] == "true"
    assert "Proposed 1 member; 0 places not filled." in status.content.decode()
    assert "hx-get" not in page(signed_in, run)


def test_run_that_cannot_be_solved_fails_in_words(signed_in, programme, challenge, coordinator):
    run = _queued_run(programme, challenge, coordinator)
    MatchRun.objects.filter(pk=run.pk).update(problem={"challenges": [], "unknown": 1})

    assert run_matcher(run_id=run.pk) == "failed"

    html = page(signed_in, run)
    assert "The matcher could not propose teams" in html
    assert "The matcher could not read the problem" in html
    assert "Try again" in html


def test_run_matcher_twice_solves_once(programme, challenge, coordinator):
    pool_member(programme)
    run = match_run_start(
        programme=programme, cycle=challenge.cycle, challenge=challenge, by=coordinator
    )

    assert run_matcher(run_id=run.pk) == "done"
    run.refresh_from_db()
    answer, finished = run.answer, run.finished_at
    assert run_matcher(run_id=run.pk) == "skipped"

    run.refresh_from_db()
    assert (run.answer, run.finished_at) == (answer, finished)


# --- A cycle, and the export command -----------------------------------------------------------


@pytest.fixture
def cycle_with_teams_to_build(programme):
    """Three challenges of a cycle (two overlapping), a lead and a reviewer each, and a pool
    of six from four organisations."""
    review_type = offer(programme, *LEAD_AND_REVIEWER)
    first = ChallengeFactory(programme=programme, review_type=review_type)
    cycle = first.cycle
    ChallengeFactory(
        programme=programme,
        cycle=cycle,
        review_type=review_type,
        starts_on=FIRST_DAY + datetime.timedelta(days=1),
        ends_on=FIRST_DAY + datetime.timedelta(days=3),
    )
    ChallengeFactory(
        programme=programme,
        cycle=cycle,
        review_type=review_type,
        starts_on=FIRST_DAY + datetime.timedelta(days=42),
        ends_on=FIRST_DAY + datetime.timedelta(days=44),
    )
    organisations = [factories.OrganisationFactory() for _ in range(4)]
    for i in range(6):
        pool_member(
            programme,
            organisation=organisations[i % 4],
            standing=Qualification.FULLY_QUALIFIED if i % 2 == 0 else Qualification.TRAINED,
        )
    return cycle


def test_export_command_solves_to_the_same_assignments_as_the_page(
    signed_in, cycle_with_teams_to_build, django_capture_on_commit_callbacks, tmp_path
):
    from django.core.management import call_command

    cycle = cycle_with_teams_to_build
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("challenges:propose_teams", args=[cycle.pk]))
    run = MatchRun.objects.get()
    assert response["Location"] == reverse("challenges:run", args=[run.pk])
    path = tmp_path / "problem.json"

    call_command("export_matching_problem", str(cycle.pk), output=str(path))
    solved = subprocess.run(
        [sys.executable, "-m", "challenges.matching", "solve", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )

    assert json.loads(path.read_text()) == run.problem
    assert len(run.problem["challenges"]) == 3
    assert run.answer["assignments"]
    assert json.loads(solved.stdout)["assignments"] == run.answer["assignments"]


def test_export_command_writes_to_stdout_and_refuses_an_unknown_cycle(
    cycle_with_teams_to_build, capsys
):
    from django.core.management import CommandError, call_command

    call_command("export_matching_problem", str(cycle_with_teams_to_build.pk))
    with pytest.raises(CommandError, match="There is no cycle 0"):
        call_command("export_matching_problem", "0")

    assert len(json.loads(capsys.readouterr().out)["challenges"]) == 3


def test_propose_teams_page_counts_what_is_left_out(
    signed_in, programme, cycle_with_teams_to_build
):
    ChallengeFactory(
        programme=programme, cycle=cycle_with_teams_to_build, starts_on=None, ends_on=None
    )

    html = signed_in.get(
        reverse("challenges:propose_teams", args=[cycle_with_teams_to_build.pk])
    ).content.decode()

    assert "3 challenges of this cycle with on-site dates have teams still being built." in html
    assert "1 challenge has no on-site dates yet, so it is left out" in html


def test_run_page_queries_do_not_grow_with_the_run(
    signed_in, programme, challenge, cycle_with_teams_to_build, coordinator
):
    small = match_run_start(
        programme=programme, cycle=challenge.cycle, challenge=challenge, by=coordinator
    )
    large = match_run_start(
        programme=programme, cycle=cycle_with_teams_to_build, challenge=None, by=coordinator
    )
    run_matcher(run_id=small.pk)
    run_matcher(run_id=large.pk)
    large.refresh_from_db()
    assert len(large.answer["assignments"]) > 2

    assert queries_for_get(
        signed_in, reverse("challenges:run", args=[small.pk])
    ) == queries_for_get(signed_in, reverse("challenges:run", args=[large.pk]))


# --- The programme's weights -------------------------------------------------------------------


def test_weights_page_saves_weights_the_next_run_uses(signed_in, programme, challenge, coordinator):
    url = reverse("matching:weights", kwargs={"programme_pk": programme.pk})
    pool_member(programme)

    shown = signed_in.get(url).content.decode()
    response = signed_in.post(
        url, {"expertise": "2", "load": "1.5", "region": "-1", "experience": "0", "repeat": "1"}
    )
    run = match_run_start(
        programme=programme, cycle=challenge.cycle, challenge=challenge, by=coordinator
    )

    assert "The programme uses the defaults" in shown
    assert response.status_code == 302
    weights = MatchingWeights.objects.get(programme=programme)
    assert (weights.expertise, weights.region) == (2, -1)
    assert run.problem["weights"] == {
        "expertise": 2.0,
        "load": 1.5,
        "region": -1.0,
        "experience": 0.0,
        "repeat": 1.0,
    }


def test_weights_page_refuses_bad_numbers_and_keeps_them(signed_in, programme):
    url = reverse("matching:weights", kwargs={"programme_pk": programme.pk})

    response = signed_in.post(
        url, {"expertise": "lots", "load": "-1", "region": "-2", "experience": "1", "repeat": ""}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert (
        html.count("Enter a number from 0 to 999.99, like 1 or 2.5") == 6
    )  # 3 fields, each in the summary and inline
    assert 'value="lots"' in html
    assert not MatchingWeights.objects.exists()


def test_weights_are_a_set_up_section(signed_in, programme):
    html = signed_in.get(reverse("programmes:programme", args=[programme.pk])).content.decode()

    assert "Matching weights" in html
    assert reverse("matching:weights", kwargs={"programme_pk": programme.pk}) in html
