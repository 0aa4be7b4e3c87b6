"""The one rule for what needs attention (improvement.attention): overdue once the due date
has passed and until the board signs the action off; stale after more than the plan's
stale_after_days without an update, counted from when the action was added if it never had
one; a signed-off action is neither. Plain facts in, no database."""

import datetime

import pytest

from improvement.attention import Attention, Facts, attention
from improvement.enums import ActionStatus

TODAY = datetime.date(2026, 3, 31)
STALE_AFTER = 90


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def facts(**overrides) -> Facts:
    """An action in progress, added a week ago, updated yesterday, due in a month."""
    values = {
        "status": ActionStatus.IN_PROGRESS,
        "due_on": TODAY + datetime.timedelta(days=30),
        "last_update_on": days_ago(1),
        "added_on": days_ago(7),
        "stale_after_days": STALE_AFTER,
    }
    values.update(overrides)
    return Facts(**values)


def test_attention_on_track_is_neither_overdue_nor_stale():
    result = attention(facts(), today=TODAY)

    assert result == Attention(days_overdue=None, days_without_update=None)
    assert (result.is_overdue, result.is_stale) == (False, False)


def test_attention_past_its_due_date_is_overdue_by_the_days_since():
    result = attention(facts(due_on=days_ago(3)), today=TODAY)

    assert result == Attention(days_overdue=3, days_without_update=None)
    assert result.is_overdue


def test_attention_due_today_is_not_overdue():
    result = attention(facts(due_on=TODAY), today=TODAY)

    assert result.is_overdue is False


def test_attention_due_yesterday_is_overdue_by_one_day():
    result = attention(facts(due_on=days_ago(1)), today=TODAY)

    assert result.days_overdue == 1


def test_attention_without_a_due_date_is_never_overdue():
    result = attention(facts(due_on=None, added_on=days_ago(400)), today=TODAY)

    assert result.is_overdue is False


def test_attention_updated_exactly_stale_after_days_ago_is_not_stale():
    result = attention(facts(last_update_on=days_ago(STALE_AFTER)), today=TODAY)

    assert result.is_stale is False


def test_attention_updated_a_day_more_than_stale_after_days_ago_is_stale():
    result = attention(facts(last_update_on=days_ago(STALE_AFTER + 1)), today=TODAY)

    assert result == Attention(days_overdue=None, days_without_update=STALE_AFTER + 1)
    assert result.is_stale


def test_attention_never_updated_counts_from_when_it_was_added():
    stale = attention(facts(last_update_on=None, added_on=days_ago(STALE_AFTER + 10)), today=TODAY)
    not_yet = attention(facts(last_update_on=None, added_on=days_ago(STALE_AFTER)), today=TODAY)

    assert stale.days_without_update == STALE_AFTER + 10
    assert not_yet.is_stale is False


def test_attention_an_old_update_on_a_newly_added_action_is_stale():
    # A tracker imported today brings its history: the latest update is what counts.
    result = attention(facts(last_update_on=days_ago(STALE_AFTER + 5), added_on=TODAY), today=TODAY)

    assert result.days_without_update == STALE_AFTER + 5


def test_attention_signed_off_is_never_overdue_or_stale():
    result = attention(
        facts(
            status=ActionStatus.SIGNED_OFF,
            due_on=days_ago(200),
            last_update_on=None,
            added_on=days_ago(400),
        ),
        today=TODAY,
    )

    assert result == Attention(days_overdue=None, days_without_update=None)


def test_attention_complete_awaiting_sign_off_is_still_overdue_and_can_be_stale():
    result = attention(
        facts(
            status=ActionStatus.AWAITING_SIGN_OFF,
            due_on=days_ago(10),
            last_update_on=days_ago(STALE_AFTER + 2),
        ),
        today=TODAY,
    )

    assert result == Attention(days_overdue=10, days_without_update=STALE_AFTER + 2)


@pytest.mark.parametrize("status", [ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS])
def test_attention_not_finished_is_overdue_and_stale_alike(status):
    result = attention(
        facts(status=status, due_on=days_ago(5), last_update_on=None, added_on=days_ago(100)),
        today=TODAY,
    )

    assert result == Attention(days_overdue=5, days_without_update=100)


def test_attention_stale_after_zero_days_makes_yesterdays_update_stale():
    result = attention(facts(stale_after_days=0, last_update_on=days_ago(1)), today=TODAY)
    today = attention(facts(stale_after_days=0, last_update_on=TODAY), today=TODAY)

    assert result.days_without_update == 1
    assert today.is_stale is False


def test_attention_across_a_leap_day_counts_calendar_days():
    leap_today = datetime.date(2028, 3, 1)

    result = attention(
        facts(due_on=datetime.date(2028, 2, 28), last_update_on=datetime.date(2027, 12, 1)),
        today=leap_today,
    )

    assert result == Attention(days_overdue=2, days_without_update=91)
