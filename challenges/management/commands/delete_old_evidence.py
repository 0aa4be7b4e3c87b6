"""Delete the evidence notes past their retention period: the sweep Celery beat runs each
night, for an installation without beat (the embedded default), e.g. from cron. Safe to run
again."""

from django.conf import settings
from django.core.management.base import BaseCommand

from challenges.retention import evidence_retention_sweep


class Command(BaseCommand):
    help = (
        "Delete the evidence notes of challenges whose report was published more than "
        "EVIDENCE_KEEP_DAYS days ago, keeping their findings and report. The same sweep "
        "Celery beat runs each night."
    )

    def handle(self, *args, **options) -> None:
        done = evidence_retention_sweep()
        self.stdout.write(
            f"Evidence deleted for {done} challenge(s) (kept {settings.EVIDENCE_KEEP_DAYS} days "
            "after publication)."
        )
