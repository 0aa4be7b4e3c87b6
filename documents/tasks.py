"""The generated documents' tasks: rendering one, and Celery beat's sweep and purge."""

from celery import shared_task
from django.conf import settings

from . import services

RENDER_OPTIONS = {
    "bind": True,
    "acks_late": True,
    # A worker that dies mid-render (out of memory, killed) gives the message back to the
    # broker, and the redelivered task carries on with the same row.
    "reject_on_worker_lost": True,
    "autoretry_for": services.TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 60,
    # With the first try, as many as a document gets (the sweep counts the same attempts).
    "max_retries": settings.DOCUMENTS_MAX_ATTEMPTS - 1,
    "soft_time_limit": settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT,
    "time_limit": settings.DOCUMENTS_RENDER_TIME_LIMIT,
}
SWEEP_OPTIONS = {"acks_late": True, "time_limit": 120, "soft_time_limit": 100}
PURGE_OPTIONS = {"acks_late": True, "time_limit": 600, "soft_time_limit": 540}


def _render(task, document_id: int) -> str:
    return services.document_render(
        document_id=document_id,
        task_id=task.request.id or "",
        # Run eagerly (no broker), a task is not retried: its first attempt is its last.
        final_attempt=task.request.is_eager or task.request.retries >= task.max_retries,
    )


@shared_task(**RENDER_OPTIONS)
def render_document(self, document_id: int) -> str:
    """Render one generated document to PDF and store it on its row.

    Idempotent: a row that is already ready, or that another task is rendering, is left
    alone. Transient faults (database, storage) are retried with backoff; a failing template
    ends the row "failed" with a plain message, without retrying."""
    return _render(self, document_id)


@shared_task(**SWEEP_OPTIONS)
def sweep_documents() -> dict[str, int]:
    """Queue again the generated documents a lost message or a dead worker left behind; run
    every minute by Celery beat (CELERY_BEAT_SCHEDULE)."""
    return services.documents_sweep()


@shared_task(**PURGE_OPTIONS)
def purge_documents() -> int:
    """Delete generated documents older than DOCUMENTS_KEEP_DAYS, with their files; run daily
    by Celery beat (CELERY_BEAT_SCHEDULE)."""
    return services.documents_purge()


# The same tasks under the names they had while generated documents were part of core.
# Messages sent by the release before (still in the broker during a deploy, or from a beat
# not yet restarted) carry those names; a worker of this release takes them. Nothing sends
# them any more: remove these once no earlier release runs anywhere.


@shared_task(name="core.tasks.render_document", **RENDER_OPTIONS)
def render_document_sent_as_core(self, document_id: int) -> str:
    return _render(self, document_id)


@shared_task(name="core.tasks.sweep_documents", **SWEEP_OPTIONS)
def sweep_documents_sent_as_core() -> dict[str, int]:
    return services.documents_sweep()


@shared_task(name="core.tasks.purge_documents", **PURGE_OPTIONS)
def purge_documents_sent_as_core() -> int:
    return services.documents_purge()
