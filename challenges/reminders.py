"""Reminder emails for milestones: one before a due date and one once it has passed.

A daily sweep (Celery beat runs `challenges.tasks.send_milestone_reminders`; with the embedded
default, `manage.py send_milestone_reminders`) finds every milestone not done, of a challenge
still going ahead, that is due within `MILESTONE_REMINDER_DAYS_BEFORE` days (and not yet
reminded of it) or past due (and not yet told it is overdue). Each person who answers for any
of them (`services.milestone_owners`) gets one email listing all of theirs.

Each reminder is sent once per due date: it is claimed by setting `reminded_before_on` or
`reminded_after_on` with an update that only succeeds while the field is still empty, in the
transaction that queues the emails (sent after it commits). Two sweeps running at once
therefore never send the same reminder twice: the second finds it claimed (on PostgreSQL it
skips the rows the first has locked). Changing a due date clears both fields, so the new date
is reminded of again."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.tasks import send_templated_email_after_commit

from .enums import FINISHED
from .models import Milestone
from .services import milestone_owners

BEFORE, AFTER = "before", "after"
# The field that records each kind of reminder.
_FIELD = {BEFORE: "reminded_before_on", AFTER: "reminded_after_on"}


@dataclass(frozen=True)
class Reminder:
    """One milestone someone is reminded of: coming up (`BEFORE`) or overdue (`AFTER`)."""

    milestone: Milestone
    kind: str
    link: str

    @property
    def challenge(self):
        return self.milestone.challenge


def _due(today: datetime.date) -> dict[str, Q]:
    """Which milestones need each kind of reminder on `today`."""
    soon = today + datetime.timedelta(days=settings.MILESTONE_REMINDER_DAYS_BEFORE)
    return {
        BEFORE: Q(due_on__gte=today, due_on__lte=soon, reminded_before_on__isnull=True),
        AFTER: Q(due_on__lt=today, reminded_after_on__isnull=True),
    }


def _link(challenge_id: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("challenges:milestones", args=[challenge_id])


def _claim(today: datetime.date) -> dict[User, list[Reminder]]:
    """Mark today's reminders as sent and return them by the person they are for. Runs inside
    the sweep's transaction: a row locked by another sweep is skipped, and each claim is a
    conditional update, so a reminder another sweep has already claimed is never claimed
    again. A milestone nobody answers for yet (a lead's, before the team has one) is left
    unclaimed, so that its reminder goes once someone does."""
    open_milestones = Milestone.objects.filter(done_on__isnull=True).exclude(
        challenge__phase__in=sorted(FINISHED)
    )
    # A milestone's party is looked up once per challenge.
    owners: dict[tuple, list[User]] = {}
    by_person: dict[User, list[Reminder]] = defaultdict(list)
    for kind, condition in _due(today).items():
        candidates = (
            open_milestones.filter(condition)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("challenge__review_type", "challenge__organisation", "owner")
            .order_by("due_on", "challenge_id", "position", "pk")
        )
        for milestone in candidates:
            key = (milestone.challenge_id, milestone.owner_party, milestone.owner_id)
            if key not in owners:
                owners[key] = milestone_owners(milestone)
            if not owners[key]:
                continue
            won = (
                Milestone.objects.filter(
                    pk=milestone.pk, due_on=milestone.due_on, done_on__isnull=True
                )
                .filter(**{f"{_FIELD[kind]}__isnull": True})
                .update(**{_FIELD[kind]: today})
            )
            if won:
                reminder = Reminder(milestone, kind, _link(milestone.challenge_id))
                for person in owners[key]:
                    by_person[person].append(reminder)
    return by_person


@transaction.atomic
def milestone_reminders_send(today: datetime.date | None = None) -> int:
    """Claim the reminders due on `today` (default: today) and queue one email to each person
    they are for, listing their overdue milestones and those coming up, each with a link to
    the challenge's milestones. Returns the number of emails queued."""
    today = today or timezone.localdate()
    by_person = _claim(today)
    for person, reminders in sorted(by_person.items(), key=lambda item: item[0].email):
        send_templated_email_after_commit(
            template="challenges/email/reminder",
            context={
                "person": person,
                "overdue": [r for r in reminders if r.kind == AFTER],
                "upcoming": [r for r in reminders if r.kind == BEFORE],
                "days_before": settings.MILESTONE_REMINDER_DAYS_BEFORE,
            },
            to=[person.email],
        )
    return len(by_person)
