"""Late self-assessments are reminded by email once a day, to their service leads; a
submitted one, or one not yet late, is not."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from selfassessment.reminders import self_assessment_reminders_send
from tests.factories.selfassessment import PAST_DEADLINE, round_world, submitted

pytestmark = pytest.mark.django_db

DAY_AFTER = PAST_DEADLINE + datetime.timedelta(days=1)


def test_one_reminder_a_day_for_each_late_self_assessment(django_capture_on_commit_callbacks):
    world = round_world(authorities=3, late=True)
    submitted(world, world.authorities[0])
    with django_capture_on_commit_callbacks(execute=True):
        assert self_assessment_reminders_send(DAY_AFTER) == 2
        assert self_assessment_reminders_send(DAY_AFTER) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        world.leads[o.pk].email for o in world.authorities[1:]
    )
    assert "overdue" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert self_assessment_reminders_send(DAY_AFTER + datetime.timedelta(days=1)) == 2


def test_the_subject_writes_the_round_as_it_is_written(django_capture_on_commit_callbacks):
    """A subject is plain text: an apostrophe is not escaped as a web page escapes it."""
    world = round_world(authorities=1, late=True)
    world.round.title = "Children's services self-assessment"
    world.round.save(update_fields=["title"])
    with django_capture_on_commit_callbacks(execute=True):
        assert self_assessment_reminders_send(DAY_AFTER) == 1
    assert [m.subject for m in mail.outbox] == [
        "Your self-assessment for Children's services self-assessment is overdue"
    ]


def test_nothing_before_the_deadline(django_capture_on_commit_callbacks):
    round_world(authorities=3, late=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert self_assessment_reminders_send(PAST_DEADLINE) == 0
    assert mail.outbox == []


def test_the_command_runs_the_same_sweep():
    round_world(authorities=2)  # deadline far ahead: nothing to send
    call_command("send_self_assessment_reminders")
