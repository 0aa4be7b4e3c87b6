"""The demo world's challenges (challenges.demo), built by seed_demo on the pinned day and on a
few days chosen for their edges: a weekend (no on-site day is today) and a Monday in a
financial year's last weeks (the approved applications' window is in the next cycle, the one
the unstaffed challenges are in)."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from challenges import export, onsite_selectors, services
from challenges.enums import FINISHED, MemberStatus, Phase, PlanStatus, ReportState
from challenges.matching import parse_problem, solve, violations
from challenges.models import (
    Challenge,
    ChallengeEvent,
    CyclePlan,
    EvidenceNote,
    Finding,
    Milestone,
    PlannedReview,
    Report,
    ReportComment,
    ReportVersion,
    TeamMember,
)
from challenges.onsite_selectors import triangulation_of
from challenges.publication_check import publication_check
from offers.enums import TeamRole
from reviewers.enums import Qualification, ReviewSource
from reviewers.models import CompletedReview, PoolMembership
from reviewers.selectors import qualifying_roles, standing_of, with_facts
from tests.dates import pinned_moment

PASSWORD = "x-demo-password-123"
# Phases in which the team is complete: every place taken by someone who accepted.
STAFFED = {Phase.PREPARING, Phase.ON_SITE, Phase.REPORTING, Phase.COMPLETED}


def _seed() -> None:
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())


def _counts() -> dict[str, int]:
    models = [
        Challenge,
        ChallengeEvent,
        TeamMember,
        Milestone,
        CyclePlan,
        PlannedReview,
        CompletedReview,
        EvidenceNote,
        Finding,
        Report,
        ReportVersion,
        ReportComment,
    ]
    return {model.__name__: model.objects.count() for model in models}


def _standing(email: str, programme) -> Qualification:
    membership = with_facts(
        PoolMembership.objects.filter(reviewer__user__email=email, programme=programme)
    ).get()
    return standing_of(membership, qualifying_roles([programme.pk])).qualification


def _check_world() -> None:
    """What the demo holds whatever the day it is built on."""
    today = timezone.localdate()
    challenges = list(Challenge.objects.select_related("programme", "review_type"))

    # Every phase, each team complete where the phase needs one, and every team within the
    # hard rules.
    assert {c.phase for c in challenges} == set(Phase)
    for challenge in challenges:
        assert services.team_breaches(challenge=challenge) == []
        if challenge.phase in STAFFED:
            places = sum(line.count for line in export.places_of(challenge))
            accepted = challenge.members.filter(status=MemberStatus.ACCEPTED)
            assert accepted.count() == places, challenge
            assert not challenge.members.filter(status=MemberStatus.INVITED).exists()
        if challenge.starts_on:
            assert challenge.starts_on.weekday() < 5
    [on_site] = [c for c in challenges if c.phase == Phase.ON_SITE]
    assert on_site.starts_on < today <= on_site.ends_on

    # Its team's work on site: a schedule, evidence notes on it, and findings, some
    # triangulated and one at least resting on a single source.
    assert on_site.activities.count() >= 3
    assert EvidenceNote.objects.filter(activity__challenge=on_site).count() >= 5
    lead = on_site.members.get(status=MemberStatus.ACCEPTED, role=TeamRole.LEAD).reviewer.user
    single = [
        triangulation_of(finding).single_source
        for finding in onsite_selectors.findings_for(user=lead, challenge=on_site)
    ]
    assert True in single
    assert False in single

    # The demo reviewer's invitation waits for an answer on their start page; he is still
    # trained.
    [waiting] = TeamMember.objects.filter(
        status=MemberStatus.INVITED, reviewer__user__email="reviewer@example.org"
    )
    assert waiting.challenge.phase == Phase.SCHEDULING
    trained = _standing("reviewer@example.org", waiting.challenge.programme)
    assert trained == Qualification.TRAINED
    assert TeamMember.objects.filter(status=MemberStatus.DECLINED).exclude(reason="").exists()

    # Overdue milestones stand out on a challenge going ahead.
    overdue = Milestone.objects.filter(done_on__isnull=True, due_on__lt=today).exclude(
        challenge__phase__in=sorted(FINISHED)
    )
    assert overdue.filter(challenge__phase=Phase.REPORTING).exists()

    # Reports: one in the service's factual-accuracy check, a comment answered and one
    # waiting; two published, of completed challenges, passing the publication check; no
    # evidence note's words in any version.
    [checking] = Report.objects.filter(state=ReportState.FACTUAL_CHECK)
    assert checking.challenge.phase == Phase.REPORTING
    assert sorted(bool(c.answer) for c in checking.comments.all()) == [False, True]
    published = list(Report.objects.filter(state=ReportState.PUBLISHED))
    assert len(published) == 2
    assert len({r.slug for r in published}) == 2
    for report in published:
        assert report.challenge.phase == Phase.COMPLETED
        assert report.published_at <= timezone.now()
        assert publication_check(report) == []
    texts = [
        section["text"] for version in ReportVersion.objects.all() for section in version.sections
    ]
    for note in EvidenceNote.objects.all():
        assert not any(note.text in text for text in texts)

    # The completed full review counts as a completed review for each of its members.
    [completed] = [
        c for c in challenges if c.phase == Phase.COMPLETED and c.review_type.days_on_site > 2
    ]
    members = completed.members.filter(status=MemberStatus.ACCEPTED)
    recorded = CompletedReview.objects.filter(
        source=ReviewSource.CHALLENGE, reference=completed.reference
    )
    assert recorded.count() == members.count() == 6
    assert completed.milestones.filter(done_on__isnull=True).count() == 0
    assert _standing("aisha.begum@example.org", completed.programme) == (
        Qualification.FULLY_QUALIFIED
    )

    # A cycle of challenges with on-site dates and nobody on their teams yet, which the
    # matcher fills completely within the hard rules.
    unstaffed = [
        c
        for c in challenges
        if c.phase == Phase.SCHEDULING and c.starts_on and not c.members.exists()
    ]
    [cycle] = {c.cycle for c in unstaffed}
    assert len(unstaffed) >= 3
    problem = parse_problem(export.problem_for(programme=cycle.programme, cycle=cycle))
    answer = solve(problem)
    assert list(answer.unfilled) == []
    assert violations(problem, answer.assignments) == []
    assert {a.challenge for a in answer.assignments} >= {c.pk for c in unstaffed}

    # The regional round planned by the cycle planner: every line a planned challenge for
    # the reviewed authority, delivered by the reviewing one, with no reciprocal pair.
    [plan] = CyclePlan.objects.filter(status=PlanStatus.ACCEPTED)
    lines = list(plan.reviews.select_related("challenge"))
    assert len(lines) >= 3
    pairs = {(line.reviewed_id, line.reviewing_id) for line in lines}
    assert not {(b, a) for a, b in pairs} & pairs
    for line in lines:
        assert line.challenge.cycle == plan.cycle
        assert line.challenge.organisation_id == line.reviewed_id
        assert line.challenge.delivering_organisation_id == line.reviewing_id
        assert line.challenge.phase == Phase.SCHEDULING
        assert line.challenge.window_starts_on >= plan.cycle.starts_on
        assert line.challenge.window_ends_on <= plan.cycle.ends_on


@pytest.mark.dates
@pytest.mark.usefixtures("demo_world")
def test_seed_demo_holds_challenges_in_every_phase_an_unstaffed_cycle_and_a_planned_round():
    _check_world()
    # Challenges from the approved applications carry them over.
    from_applications = Challenge.objects.filter(application__isnull=False)
    assert {c.phase for c in from_applications} == {Phase.SCHEDULING, Phase.PREPARING}
    # Each timeline reads as history, in order.
    for challenge in Challenge.objects.all():
        moments = list(challenge.events.values_list("created_at", flat=True))
        assert moments == sorted(moments)
        assert moments[-1] <= timezone.now()


@pytest.mark.dates
def test_seed_demo_twice_changes_no_challenge_counts(demo_world):
    counts = _counts()

    _seed()

    assert _counts() == counts


# Not marked `dates`: it chooses its own days, whichever day the others run on.
@pytest.mark.parametrize(
    "day",
    [
        datetime.date(2027, 7, 17),  # a Saturday
        datetime.date(2027, 3, 29),  # a Monday in the financial year's last weeks
    ],
    ids=str,
)
def test_seed_demo_works_on_any_day(db, day):
    with time_machine.travel(pinned_moment(day), tick=True):
        _seed()

        _check_world()
