"""A kind of document whose render waits, for the worker-death test, until the test lets it go
(a key in Redis): so the test knows the render is under way when it kills the worker. A worker
started for that test imports this module (celery worker --include)."""

import time

import redis
from django.conf import settings

from documents.registry import register_document

HELD = "test_held_document"


def release_key(document_id: int) -> str:
    return f"peerreview-test:release-document:{document_id}"


def _held_context(document) -> dict:
    server = redis.Redis.from_url(settings.CELERY_RESULT_BACKEND or "redis://127.0.0.1:6379/0")
    deadline = time.monotonic() + settings.DOCUMENTS_RENDER_SOFT_TIME_LIMIT
    while not server.exists(release_key(document.pk)):
        if time.monotonic() > deadline:
            raise TimeoutError("the test never let the render go")
        time.sleep(0.1)
    programme = document.subject
    return {"programme": programme, "summary": f"Reviews planned by {programme.short_name}"}


register_document(
    HELD,
    template="pdf/test_document.html",
    context=_held_context,
    can_view=lambda user, document: user.pk == document.requested_by_id,
)
