"""Send today's reminders of late self-assessments: the sweep Celery beat runs each morning,
for an installation without beat. Safe to run again the same day: it sends nothing more."""

from django.core.management.base import BaseCommand

from selfassessment.reminders import self_assessment_reminders_send


class Command(BaseCommand):
    help = "Email the service leads of each overdue self-assessment, once a day at most."

    def handle(self, *args, **options) -> None:
        sent = self_assessment_reminders_send()
        self.stdout.write(f"Self-assessment reminders sent: {sent} email(s).")
