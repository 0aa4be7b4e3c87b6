"""Send the emails waiting in the outbox that are due (and delete those kept long enough): the
sweep Celery beat runs every minute, for an installation without beat (the embedded default),
e.g. from cron. Safe to run again, or beside beat: no email is sent twice."""

from django.core.management.base import BaseCommand

from core import outbox


class Command(BaseCommand):
    help = (
        "Send the outbox's waiting emails that are due (their delivery could not be queued, or "
        "failed and is to be tried again), and delete those kept past OUTBOX_KEEP_DAYS."
    )

    def handle(self, *args, **options) -> None:
        sent = outbox.deliver_due()
        deleted = outbox.purge()
        self.stdout.write(f"Emails sent: {sent}. Old emails deleted: {deleted}.")
