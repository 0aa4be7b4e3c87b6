"""The embedded SQLite default copes with a handful of people at once: write-ahead logging, a
writer that waits for the lock, and transactions that take it when they start."""

from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


def test_the_sqlite_default_logs_ahead_and_waits_for_the_lock(tmp_path, django_db_blocker):
    database = DatabaseWrapper(
        {
            **settings.DATABASES["default"],
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(tmp_path / "embedded.sqlite3"),
            "OPTIONS": settings.SQLITE_OPTIONS,
            "TEST": {},
        },
        alias="embedded",
    )
    # A database of its own beside the test database, which pytest-django guards.
    with django_db_blocker.unblock():
        try:
            with database.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode")
                journal_mode = cursor.fetchone()[0]
                cursor.execute("PRAGMA busy_timeout")
                busy_timeout = cursor.fetchone()[0]
        finally:
            database.close()

    assert journal_mode == "wal"
    assert busy_timeout == 20_000
    assert database.transaction_mode == "IMMEDIATE"
