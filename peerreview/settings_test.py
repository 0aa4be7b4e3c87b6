"""Settings for the test suite: the real settings, plus the N+1 detector raising, fast password
hashing and mail kept in memory. DATABASE_URL and CELERY_BROKER_URL still come from the
environment, so CI runs the suite against PostgreSQL and Redis."""

import os
import tempfile

# The real settings insist on a SECRET_KEY when DEBUG is off; tests use a throwaway one.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-with-enough-length-0123456789abcdefghij")

from .settings import *  # noqa: F403
from .settings import BASE_DIR, DATABASES, INSTALLED_APPS, MIDDLEWARE, TEMPLATES

DEBUG = False
DEMO_DATA_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A worker a test starts as a process of its own (tests/documents/test_worker_death.py) is given
# the test's folder.
MEDIA_ROOT = os.environ.get("PEERREVIEW_TEST_MEDIA_ROOT") or tempfile.mkdtemp(
    prefix="peerreview-test-media-"
)

# On SQLite the test database is a file (git-ignored) rather than in memory, so that
# `pytest --reuse-db` (make test) can keep it between runs and skip the migrations. PostgreSQL
# test databases are kept by the server.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES = {
        **DATABASES,
        "default": {
            **DATABASES["default"],
            "TEST": {
                **DATABASES["default"].get("TEST", {}),
                "NAME": str(BASE_DIR / "test-db.sqlite3"),
            },
        },
    }

# django-zeal: an N+1 query in any request raises, so a naive view fails its test.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = [*MIDDLEWARE, "tests.n_plus_one.zeal_outside_admin_middleware"]
ZEAL_RAISE = True
ZEAL_NPLUSONE_THRESHOLD = 2

# Templates only tests use (a document kind that shows typed markup unescaped, to prove it
# loads nothing) live with the tests, out of the service's own templates.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]}]

# Tasks run eagerly unless a test starts a real worker (tests/core/test_tasks.py does, against
# the broker in CELERY_BROKER_URL when one is set, as in CI).
CELERY_TASK_ALWAYS_EAGER = True

# Static files straight from the source folders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
