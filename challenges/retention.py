"""Evidence retention: a challenge's evidence notes are deleted EVIDENCE_KEEP_DAYS after its
report was published; its findings and its report stay.

A daily sweep (Celery beat runs `challenges.tasks.delete_old_evidence`; with the embedded
default, `manage.py delete_old_evidence`) finds the published reports whose evidence is due for
deletion and not yet deleted; for each, in its own transaction with the report's row locked,
it deletes the notes, sets `evidence_deleted_at` and adds a line to the challenge's timeline.
Running it again, or twice at once, deletes nothing twice (the second finds the date set)."""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import ChallengeAction, ReportState
from .models import ChallengeEvent, EvidenceNote, Report

logger = logging.getLogger(__name__)


def evidence_keep_days() -> int:
    return settings.EVIDENCE_KEEP_DAYS


def evidence_deletion_due(report: Report) -> datetime.datetime | None:
    """When the report's evidence notes are (or were) due to be deleted: EVIDENCE_KEEP_DAYS
    after publication; None before the report is published."""
    if report.published_at is None:
        return None
    return report.published_at + datetime.timedelta(days=evidence_keep_days())


def evidence_retention_sweep(*, now: datetime.datetime | None = None) -> int:
    """Delete the evidence notes of every challenge whose report was published more than
    EVIDENCE_KEEP_DAYS ago and whose evidence is still kept. Returns how many reports had
    their evidence deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=evidence_keep_days())
    due = list(
        Report.objects.filter(
            state=ReportState.PUBLISHED,
            published_at__lt=cutoff,
            evidence_deleted_at__isnull=True,
        )
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for report_id in due:
        done += _delete_evidence(report_id, now=now)
    if done:
        logger.info("Evidence retention: evidence notes of %d challenge(s) deleted", done)
    return done


@transaction.atomic
def _delete_evidence(report_id: int, *, now: datetime.datetime) -> int:
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("challenge")
        .filter(pk=report_id, evidence_deleted_at__isnull=True)
        .first()
    )
    if report is None:
        return 0  # deleted meanwhile by another sweep
    challenge = report.challenge
    deleted, _by_model = EvidenceNote.objects.filter(activity__challenge=challenge).delete()
    report.evidence_deleted_at = now
    report.save(update_fields=["evidence_deleted_at", "updated_at"])
    # Nobody did it: the timeline says the service did, on schedule.
    ChallengeEvent.objects.create(
        challenge=challenge,
        action=ChallengeAction.DELETE_EVIDENCE,
        to_phase=challenge.phase,
        actor=None,
        message=_(
            "Deleted %(days)s days after the report was published: the "
            "findings and the report are kept."
        )
        % {"days": evidence_keep_days()},
    )
    logger.info("Evidence retention: %d note rows deleted for %s", deleted, challenge.reference)
    return 1
