"""Celery tasks of challenges (autodiscovered by the Celery app from this module)."""
