"""Settings of the fault script's processes (tests/perf/faults.py: itself, its Celery worker and
beat): the service's own, plus the tests' templates, so that a worker can render the held
document (tests/documents/held_document.py), and the static files read from their folders, as
the report PDF bench does (no collectstatic)."""

from peerreview.settings import *  # noqa: F403
from peerreview.settings import BASE_DIR, STORAGES, TEMPLATES

TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]}]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
