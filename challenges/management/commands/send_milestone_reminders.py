"""Send today's milestone reminders: the sweep Celery beat runs each morning, for an
installation without beat (the embedded default), e.g. from cron. Safe to run again."""

from django.core.management.base import BaseCommand

from challenges.reminders import milestone_reminders_send


class Command(BaseCommand):
    help = (
        "Email milestone owners before a due date and once it has passed (each reminder once "
        "per due date). The same sweep Celery beat runs each morning."
    )

    def handle(self, *args, **options) -> None:
        sent = milestone_reminders_send()
        self.stdout.write(f"Milestone reminders sent: {sent} email(s).")
