"""Celery tasks of challenges (autodiscovered by the Celery app from this module)."""


# --- Milestone reminders -------------------------------------------------------------------

from celery import shared_task

from .reminders import milestone_reminders_send


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def send_milestone_reminders() -> int:
    """Send today's milestone reminders (challenges.reminders); run each morning by Celery
    beat (CELERY_BEAT_SCHEDULE). Safe to run again or twice at once: each reminder is claimed
    once. Returns the number of emails queued."""
    return milestone_reminders_send()
