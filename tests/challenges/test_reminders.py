"""Milestone reminders (challenges.reminders): who is told, when, and only once per due date;
the management command and the Celery task run the same sweep, which Celery beat runs each
morning."""

import datetime
import gc
import io

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from challenges import services
from challenges.enums import ChallengeAction, MemberStatus, MilestoneKind, Phase
from challenges.models import Challenge, Milestone, TeamMember
from challenges.reminders import milestone_reminders_send
from challenges.tasks import send_milestone_reminders
from offers.enums import TeamRole
from peerreview.celery import app as celery_app
from tests import factories
from tests.tasks import running_tasks

# Due dates are counted from the day the test runs on.
pytestmark = pytest.mark.dates

K = MilestoneKind


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


class World:
    """A planned challenge with a coordinator, the service's lead, a team lead, a reviewer who
    accepted and one still invited; every milestone due far ahead until a test moves it."""

    def __init__(self, *, service_name: str = "Northdale Youth Justice Service") -> None:
        self.programme = factories.ProgrammeFactory(short_name="YJSIP")
        self.coordinator = factories.coordinator(
            programme=self.programme, email="coordinator@example.org", full_name="Priya Shah"
        )
        self.service = factories.OrganisationFactory(name=service_name)
        self.service_lead = factories.service_lead(
            organisation=self.service, email="lead@example.org", full_name="Grace Okafor"
        )
        self.offer = factories.ReviewTypeFactory(programme=self.programme, name="Full peer review")
        self.challenge = self.new_challenge(self.service)
        self.team_lead = self.member(self.challenge, "team.lead@example.org", TeamRole.CO_LEAD)
        self.reviewer = self.member(self.challenge, "reviewer@example.org", TeamRole.REVIEWER)
        self.invited = self.member(
            self.challenge, "invited@example.org", TeamRole.REVIEWER, MemberStatus.INVITED
        )

    def new_challenge(self, service) -> Challenge:
        challenge = services.challenge_plan(
            programme=self.programme,
            organisation=service,
            review_type=self.offer,
            cycle=None,
            window_starts_on=_days(200),
            window_ends_on=_days(230),
            by=self.coordinator,
        )
        challenge.milestones.update(due_on=_days(150))
        return challenge

    def member(self, challenge, email, role, status=MemberStatus.ACCEPTED):
        # A team as the invitation service leaves it: the rule engine is tested on its own.
        reviewer = factories.ReviewerFactory(user=factories.UserFactory(email=email))
        TeamMember.objects.create(
            challenge=challenge,
            reviewer=reviewer,
            role=role,
            status=status,
            invited_by=self.coordinator,
        )
        return reviewer.user

    def due(self, kind: str, days: int, challenge=None, **fields) -> Milestone:
        milestone = (challenge or self.challenge).milestones.get(kind=kind)
        Milestone.objects.filter(pk=milestone.pk).update(due_on=_days(days), **fields)
        milestone.refresh_from_db()
        return milestone


@pytest.fixture
def world(db) -> World:
    return World()


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the sweep (on `today` when given), sending its emails as a commit would."""

    def run(today: datetime.date | None = None) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return milestone_reminders_send(today)

    return run


def sent(mailoutbox) -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mailoutbox)


def test_reminders_go_a_week_before_to_the_owners_of_each_milestone(world, mailoutbox, sweep):
    named = factories.UserFactory(email="named@example.org")
    world.due(K.PLANNING_MEETING, 7)  # the programme's coordinators
    world.due(K.DATA_PACK_REQUESTED, 5, owner=named)  # a person named as its owner
    world.due(K.DATA_PACK_RECEIVED, 3)  # the service's leads
    world.due(K.ANALYSIS, 7)  # the team: members who accepted
    world.due(K.FEEDBACK_MEETING, 0)  # the team lead, on the day it is due
    world.due(K.ON_SITE, 8)  # not yet: more than a week away

    assert sweep() == 5

    assert sent(mailoutbox) == [
        ("coordinator@example.org", "A peer review milestone is coming up"),
        ("lead@example.org", "A peer review milestone is coming up"),
        ("named@example.org", "A peer review milestone is coming up"),
        ("reviewer@example.org", "A peer review milestone is coming up"),
        ("team.lead@example.org", "2 peer review milestones are coming up"),
    ]
    to_lead = next(m for m in mailoutbox if m.to == ["team.lead@example.org"])
    link = f"{settings.SITE_URL.rstrip('/')}/challenges/{world.challenge.pk}/milestones/"
    assert "Analysis of the data pack, due" in to_lead.body
    assert "Feedback meeting, due" in to_lead.body
    assert str(world.challenge) in to_lead.body
    assert to_lead.body.count(link) == 2
    assert "On-site days" not in to_lead.body
    planning = world.challenge.milestones.get(kind=K.PLANNING_MEETING)
    on_site = world.challenge.milestones.get(kind=K.ON_SITE)
    assert (planning.reminded_before_on, planning.reminded_after_on) == (_days(0), None)
    assert on_site.reminded_before_on is None


def test_overdue_milestones_are_reminded_the_day_after_in_one_email_per_person(
    world, mailoutbox, sweep
):
    overdue = world.due(K.PLANNING_MEETING, -1)
    world.due(K.DATA_PACK_REQUESTED, -20)
    world.due(K.PUBLICATION, 2)
    world.due(K.DATA_PACK_RECEIVED, 0)  # due today: not yet overdue

    assert sweep() == 2

    assert sent(mailoutbox) == [
        ("coordinator@example.org", "Peer review milestones: 2 overdue, 1 coming up"),
        ("lead@example.org", "A peer review milestone is coming up"),
    ]
    body = next(m for m in mailoutbox if m.to == ["coordinator@example.org"]).body
    assert body.index("past their due date") < body.index("Planning meeting, due")
    assert body.index("Data pack requested, due") < body.index("due within the next 7 days")
    assert body.index("due within the next 7 days") < body.index("Publication, due")
    overdue.refresh_from_db()
    assert overdue.reminded_after_on == _days(0)
    # Overdue when it was first seen: there is no reminder to send before it any more.
    assert overdue.reminded_before_on is None


def test_the_team_lead_is_reminded_of_the_leads_milestones_and_the_reviewer_is_not(
    world, mailoutbox, sweep
):
    world.due(K.DRAFT_REPORT, -3)

    sweep()

    assert sent(mailoutbox) == [("team.lead@example.org", "A peer review milestone is overdue")]


def test_nothing_for_done_milestones_or_challenges_no_longer_going_ahead(world, mailoutbox, sweep):
    world.due(K.PLANNING_MEETING, -2, done_on=_days(-3))
    world.due(K.DATA_PACK_REQUESTED, 3, done_on=_days(0))
    cancelled = world.new_challenge(factories.OrganisationFactory())
    world.due(K.PLANNING_MEETING, -2, challenge=cancelled)
    services.challenge_move(
        challenge=cancelled,
        action=ChallengeAction.CANCEL,
        by=world.coordinator,
        reason="The service asked to wait until after its inspection.",
    )
    completed = world.new_challenge(factories.OrganisationFactory())
    world.due(K.PUBLICATION, 1, challenge=completed)
    Challenge.objects.filter(pk=completed.pk).update(phase=Phase.COMPLETED)
    mailoutbox.clear()

    assert sweep() == 0

    assert mailoutbox == []
    assert not Milestone.objects.exclude(reminded_before_on=None, reminded_after_on=None).exists()


def test_a_reminder_is_sent_once_however_often_the_sweep_runs(world, mailoutbox, sweep):
    world.due(K.PLANNING_MEETING, 2)

    assert sweep() == 1
    assert sweep() == 0
    # The next days: already reminded before the due date, and not yet overdue.
    assert sweep(_days(1)) == 0
    assert sweep(_days(2)) == 0
    # The day after it was due, once.
    assert sweep(_days(3)) == 1
    assert sweep(_days(3)) == 0
    assert sweep(_days(10)) == 0

    assert sent(mailoutbox) == [
        ("coordinator@example.org", "A peer review milestone is coming up"),
        ("coordinator@example.org", "A peer review milestone is overdue"),
    ]


def test_a_changed_due_date_is_reminded_again(world, mailoutbox, sweep):
    planning = world.due(K.PLANNING_MEETING, 4)
    assert sweep() == 1

    services.milestone_update(
        milestone=planning,
        due_on=_days(6),
        owner=None,
        done_on=None,
        by=world.coordinator,
    )
    assert sweep() == 1
    assert sweep() == 0

    planning.refresh_from_db()
    assert planning.reminded_before_on == _days(0)
    assert len(mailoutbox) == 2
    assert "Planning meeting, due " in mailoutbox[1].body


def test_a_milestone_nobody_answers_for_yet_waits_for_someone_who_does(db, mailoutbox, sweep):
    world = World()
    TeamMember.objects.filter(role=TeamRole.CO_LEAD).update(status=MemberStatus.DECLINED)
    feedback = world.due(K.FEEDBACK_MEETING, 3)

    assert sweep() == 0
    feedback.refresh_from_db()
    assert feedback.reminded_before_on is None

    world.member(world.challenge, "new.lead@example.org", TeamRole.CO_LEAD)
    assert sweep() == 1
    assert sent(mailoutbox) == [("new.lead@example.org", "A peer review milestone is coming up")]


def test_the_days_before_come_from_the_settings(world, mailoutbox, sweep, settings):
    settings.MILESTONE_REMINDER_DAYS_BEFORE = 3
    world.due(K.PLANNING_MEETING, 4)
    world.due(K.DATA_PACK_RECEIVED, 3)

    assert sweep() == 1

    assert sent(mailoutbox) == [("lead@example.org", "A peer review milestone is coming up")]
    assert "due within the next 3 days" in mailoutbox[0].body


def test_inactive_owners_are_not_emailed(world, mailoutbox, sweep):
    world.team_lead.is_active = False
    world.team_lead.save(update_fields=["is_active"])
    world.due(K.ANALYSIS, 1)

    assert sweep() == 1

    assert sent(mailoutbox) == [("reviewer@example.org", "A peer review milestone is coming up")]


# --- The command, the task and the schedule ----------------------------------------------------


@pytest.fixture
def tasks(transactional_db):
    with running_tasks() as runner:
        yield runner
    # As the generated documents' task tests do: collect a retried task's result now, while
    # its connection is still open.
    gc.collect()


def _outbox(mailoutbox) -> list[tuple[list[str], str, str]]:
    return sorted((message.to, message.subject, message.body) for message in mailoutbox)


def test_the_command_and_the_task_send_the_same_reminders(tasks, mailoutbox):
    world = World()
    world.due(K.PLANNING_MEETING, -1)
    world.due(K.DATA_PACK_RECEIVED, 5)
    world.due(K.ANALYSIS, 6)
    output = io.StringIO()

    call_command("send_milestone_reminders", stdout=output)
    # With a real worker the command's emails are messages of their own too: a sweep run
    # through the worker after them (finding nothing left to send) sees them delivered.
    assert send_milestone_reminders.apply_async(ignore_result=False).get(timeout=60) == 0
    by_command = _outbox(mailoutbox)
    Milestone.objects.update(reminded_before_on=None, reminded_after_on=None)
    mailoutbox.clear()
    emails = send_milestone_reminders.apply_async(ignore_result=False).get(timeout=60)
    # The emails are messages of their own: once a second sweep (which finds nothing left to
    # send) is done, a worker taking messages in order has sent them.
    again = send_milestone_reminders.apply_async(ignore_result=False).get(timeout=60)
    by_task = _outbox(mailoutbox)

    assert output.getvalue() == "Milestone reminders sent: 4 email(s).\n"
    assert (emails, again) == (4, 0)
    assert by_task == by_command
    assert [to for to, _subject, _body in by_task] == [
        ["coordinator@example.org"],
        ["lead@example.org"],
        ["reviewer@example.org"],
        ["team.lead@example.org"],
    ]


def test_celery_beat_sends_the_reminders_each_morning_in_london():
    [entry] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "challenges.tasks.send_milestone_reminders"
    ]

    assert entry["schedule"] == crontab(hour=7, minute=0)
    assert settings.CELERY_TIMEZONE == "Europe/London"
    assert "challenges.tasks.send_milestone_reminders" in celery_app.tasks
