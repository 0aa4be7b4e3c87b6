"""Whether an action needs the board's attention: overdue, stale, both or neither, derived in
one place from the facts that make it, so that the plan page, the action page, the plan's
dashboard and its board pack cannot disagree. A recommendation with no actions, where RAG is
tracked on the recommendation itself (selectors.tracked_items), is judged by the same rules:
it has no due date and no status, so it is never overdue, and stale as an action would be.

- Overdue: its due date has passed (an action due today is not overdue yet) and it is not
  signed off. An action that is complete but awaiting sign-off is still overdue: it is not
  finished until the board signs it off, and signing it off is the board's to do.
- Stale: not signed off, and more than the plan's `stale_after_days` days have passed since
  its latest progress update, or since it was added if it has never had one (so an action
  nobody ever reported on becomes stale, rather than never). Exactly `stale_after_days` days
  is not yet stale."""

import datetime
from dataclasses import dataclass

from .enums import ActionStatus

# The statuses after which an action asks nothing more of anyone.
FINISHED = frozenset({ActionStatus.SIGNED_OFF})


@dataclass(frozen=True)
class Facts:
    status: str
    due_on: datetime.date | None
    # The "as at" date of the latest progress update; None before the first.
    last_update_on: datetime.date | None
    # The (local) date the action was added to the plan.
    added_on: datetime.date
    # The plan's: how many days without an update an action may go before it is stale.
    stale_after_days: int


@dataclass(frozen=True)
class Attention:
    # Days past the due date, when overdue; None when not.
    days_overdue: int | None
    # Days without an update (since it was added, when it never had one), when stale; None
    # when not.
    days_without_update: int | None

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue is not None

    @property
    def is_stale(self) -> bool:
        return self.days_without_update is not None


def attention(facts: Facts, *, today: datetime.date) -> Attention:
    if facts.status in FINISHED:
        return Attention(days_overdue=None, days_without_update=None)
    days_overdue = None
    if facts.due_on is not None and facts.due_on < today:
        days_overdue = (today - facts.due_on).days
    since = facts.last_update_on or facts.added_on
    days = (today - since).days
    return Attention(
        days_overdue=days_overdue,
        days_without_update=days if days > facts.stale_after_days else None,
    )
