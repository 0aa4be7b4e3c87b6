"""Reminder emails for late self-assessments: a daily sweep (Celery beat runs
`selfassessment.tasks.send_self_assessment_reminders`; without beat, `manage.py
send_self_assessment_reminders`) emails the service leads of each authority whose
self-assessment is still a draft after its round's deadline.

One reminder a day at most: each is claimed by setting `reminded_on` to today with an update
that succeeds only while it is not today already, in the transaction that queues the emails
(sent after it commits). Running the sweep again the same day, or twice at once, sends
nothing more."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.tasks import send_templated_email_after_commit

from .enums import Status
from .models import SelfAssessment
from .selectors import lead_emails, site_link


@transaction.atomic
def self_assessment_reminders_send(today: datetime.date | None = None) -> int:
    """Claim today's reminders and queue one email per late self-assessment to its
    authority's service leads. Returns the number of emails queued."""
    today = today or timezone.localdate()
    late = (
        SelfAssessment.objects.filter(status=Status.DRAFT, round__deadline__lt=today)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("round", "organisation")
        .order_by("pk")
    )
    sent = 0
    for assessment in late:
        won = (
            SelfAssessment.objects.filter(pk=assessment.pk, status=Status.DRAFT)
            .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
            .update(reminded_on=today)
        )
        to = lead_emails(assessment.organisation_id)
        if not won or not to:
            continue
        send_templated_email_after_commit(
            template="selfassessment/email/reminder",
            context={
                "assessment": assessment,
                "link": site_link(reverse("selfassessment:assessment", args=[assessment.pk])),
            },
            to=to,
        )
        sent += 1
    return sent
