"""Celery tasks of selfassessment (autodiscovered by the Celery app from this module)."""

from celery import shared_task

from .reminders import self_assessment_reminders_send


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_self_assessment_reminders() -> int:
    """Remind the service leads of late self-assessments (selfassessment.reminders); run each
    morning by Celery beat. Safe to run again: one reminder a day at most."""
    return self_assessment_reminders_send()
