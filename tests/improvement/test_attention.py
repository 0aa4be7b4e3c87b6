"""The one rule for what needs attention (improvement.attention): overdue once the due date
has passed and until the board signs the action off; stale after more than the plan's
stale_after_days without an update, counted from when the action was added if it never had
one; a signed-off action is neither. First on plain facts, then through every page that shows
it (the plan, each action, the plan's dashboard and its board pack) from one plan."""

import datetime
import re
import zoneinfo

import pytest
from django.urls import reverse

from documents.rendering import document_html
from improvement import services
from improvement.attention import Attention, Facts, attention
from improvement.documents import board_pack_request
from improvement.enums import ActionStatus, Rag
from tests import factories

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


# --- Through the pages -----------------------------------------------------------------------

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at_noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=LONDON)


@pytest.fixture
def plan_needing_attention(time_machine):
    """A plan (stale after 30 days) seen on 31 March 2026, with one action of each kind:

    1a  in progress, due yesterday, last updated 31 days ago     overdue 1 day, stale 31 days
    1b  in progress, due today, last updated 30 days ago         neither
    1c  not started, no due date, never updated, added 34 days ago   stale 34 days
    1d  not started, never updated, added 30 days ago            neither
    1e  signed off, due and last updated long ago                neither
    1f  complete awaiting sign-off, due 10 days ago, updated 5 days ago   overdue 10 days
    """
    plan = factories.ImprovementPlanFactory(stale_after_days=30)
    recommendation = factories.RecommendationFactory(plan=plan, reference="1")
    actions = {
        # reference: (added on, due on, status, last update on)
        "1a": ("2026-02-01", "2026-03-30", ActionStatus.IN_PROGRESS, "2026-02-28"),
        "1b": ("2026-02-01", "2026-03-31", ActionStatus.IN_PROGRESS, "2026-03-01"),
        "1c": ("2026-02-25", None, ActionStatus.NOT_STARTED, None),
        "1d": ("2026-03-01", "2026-06-30", ActionStatus.NOT_STARTED, None),
        "1e": ("2025-09-01", "2025-12-31", ActionStatus.SIGNED_OFF, "2025-10-01"),
        "1f": ("2026-02-01", "2026-03-21", ActionStatus.AWAITING_SIGN_OFF, "2026-03-26"),
    }
    created = []
    for position, (reference, (added_on, due_on, status, _updated)) in enumerate(actions.items()):
        time_machine.move_to(at_noon(datetime.date.fromisoformat(added_on)), tick=False)
        created.append(
            factories.ActionFactory(
                recommendation=recommendation,
                reference=reference,
                position=position,
                due_on=datetime.date.fromisoformat(due_on) if due_on else None,
                status=status,
            )
        )
    time_machine.move_to(at_noon(datetime.date(2026, 3, 31)), tick=False)
    author = factories.UserFactory()
    for action, (_added, _due, _status, updated_on) in zip(created, actions.values(), strict=True):
        if updated_on:
            services.progress_update_add(
                item=action,
                seen_version=action.version,
                rag=Rag.AMBER,
                narrative="Progress.",
                recorded_on=datetime.date.fromisoformat(updated_on),
                by=author,
            )
    return plan, created


def flagged(items: list[str], reference: str) -> tuple[list[str], dict[str, int]]:
    """From a page's HTML items (table rows, list items or whole pages), the references of
    those marked overdue and, for those marked stale, the days without an update each shows."""
    overdue, stale = [], {}
    for item in items:
        found = re.search(reference, item)
        if not found:
            continue
        if ">Overdue</strong>" in item:
            overdue.append(found.group(1))
        days = re.search(r"[Nn]o update for (\d+) days?", item)
        if days:
            stale[found.group(1)] = int(days.group(1))
    return overdue, stale


def items_of(page: str, list_id: str, item_start: str, list_end: str) -> list[str]:
    """The items (split at `item_start`) of the list or table with this id; none if absent."""
    if f'id="{list_id}"' not in page:
        return []
    section = page[page.index(f'id="{list_id}"') :]
    return section[: section.index(list_end)].split(item_start)[1:]


def references(items: list[str], reference: str) -> list[str]:
    return [re.search(reference, item).group(1) for item in items]


@pytest.mark.django_db
def test_attention_is_the_same_on_the_plan_action_dashboard_and_board_pack_pages(
    client, plan_needing_attention
):
    plan, actions = plan_needing_attention
    user = factories.improvement_board_member(organisation=plan.organisation)
    client.force_login(user)

    plan_page = client.get(reverse("improvement:plan", args=[plan.pk])).content.decode()
    action_pages = [
        client.get(reverse("improvement:action", args=[plan.pk, action.pk])).content.decode()
        for action in actions
    ]
    dashboard = client.get(reverse("dashboards:plan", args=[plan.pk])).content.decode()
    pack = document_html(board_pack_request(plan=plan, by=user))

    expected_overdue, expected_stale = ["1a", "1f"], {"1a": 31, "1c": 34}
    # The plan: a table row per action, marked in its "Due" and "Last update" cells.
    plan_rows = plan_page.split('<tr class="govuk-table__row">')[1:]
    assert flagged(plan_rows, r">(\w+)<span class=\"govuk-visually-hidden\">") == (
        expected_overdue,
        expected_stale,
    )
    # Each action's own page, marked the same way.
    assert flagged(action_pages, r"Action (\w+)</h1>") == (expected_overdue, expected_stale)
    # The dashboard: its overdue list (by due date) and its stale list (longest first).
    link = r'/actions/\d+/">(\w+)</a>'
    overdue = items_of(dashboard, "overdue", "<li>", "</ul>")
    stale = items_of(dashboard, "stale", "<li>", "</ul>")
    assert references(overdue, link) == ["1f", "1a"]
    assert references(stale, link) == ["1c", "1a"]
    assert flagged(stale, link)[1] == expected_stale
    # The board pack: the same two lists, in the same order.
    cell = r"<td>(\w+) "
    overdue = items_of(pack, "overdue", "<tr>", "</table>")[1:]  # after the heading row
    stale = items_of(pack, "stale", "<tr>", "</table>")[1:]
    assert references(overdue, cell) == ["1f", "1a"]
    assert references(stale, cell) == ["1c", "1a"]
    assert flagged(stale, cell)[1] == expected_stale
