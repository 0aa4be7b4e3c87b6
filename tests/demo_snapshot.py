"""The demo world, built once per test session by the real `manage.py seed_demo` and put back
into the database for each test that needs it by copying rows, in well under a second, where
seeding takes twenty (more on PostgreSQL). The browser journeys and the demo's own tests use
it; the tests of seeding itself (idempotency, other days) still run the command.

How: when a test first needs it, the demo is seeded on the pinned day (tests/dates.py), half an
hour before the moment each test's clock starts from, in the test database as the migrations
leave it. Every table of the project's models is then copied into a table of its own
(`demo_snapshot_<n>`, plain SQL that PostgreSQL and SQLite both run), and the database is put
back as it was (its rows were copied the same way first). Putting the demo back empties those
tables and copies the rows in again, inside one transaction (foreign keys are checked at its
end), then moves the primary-key sequences past the copied ids and forgets Django's cached
content types. The copies live as long as the session's database; a run with --reuse-db drops
the last run's before making its own."""

import datetime
import io
from collections.abc import Iterator

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

PASSWORD = "x-demo-password-123"
PREFIX = "demo_snapshot_"


class DemoSnapshot:
    """Copies of every model table: the database as the migrations leave it, and with the
    demo seeded."""

    def __init__(self) -> None:
        self.tables = sorted(connection.introspection.django_table_names(only_existing=True))
        with connection.cursor() as cursor:
            for stale in connection.introspection.table_names(cursor):
                if stale.startswith(PREFIX):
                    cursor.execute(f"DROP TABLE {connection.ops.quote_name(stale)}")
        self.empty = self._copy("empty")
        call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())
        self.demo = self._copy("demo")
        self._put(self.empty)

    def put_back(self) -> str:
        """The database holds the demo world, as seed_demo left it; returns its password."""
        self._put(self.demo)
        return PASSWORD

    # The SQL below is put together from table names only: Django's own, and the copies'
    # names made here, each quoted by the database's own rules (hence the noqa: S608).

    def _copy(self, name: str) -> dict[str, tuple[str, str]]:
        """Each table's copy and its columns, named (a migration test may rebuild a table
        with its columns in another order)."""
        quote = connection.ops.quote_name
        copies = {}
        with transaction.atomic(), connection.cursor() as cursor:
            for number, table in enumerate(self.tables):
                copy = f"{PREFIX}{name}_{number}"
                cursor.execute(f"CREATE TABLE {quote(copy)} AS SELECT * FROM {quote(table)}")  # noqa: S608
                described = connection.introspection.get_table_description(cursor, copy)
                copies[table] = (copy, ", ".join(quote(column.name) for column in described))
        return copies

    def _put(self, copies: dict[str, tuple[str, str]]) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
            for table, (copy, columns) in copies.items():
                cursor.execute(
                    f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {quote(copy)}"  # noqa: S608
                )
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
        ContentType.objects.clear_cache()


# The demo is seeded this long before the pinned moment the tests start from, on the same day:
# what it records (timelines, sign-ins) is then in the past for every test that puts it back.
SEEDED_BEFORE = datetime.timedelta(minutes=30)


def snapshot_for_session(django_db_blocker, moment: datetime.datetime) -> Iterator[DemoSnapshot]:
    """The session's snapshot, seeded shortly before `moment` (a session fixture's body)."""
    import time_machine

    # The clock travels only while the demo is seeded: tests not marked `dates` keep the real one.
    with django_db_blocker.unblock(), time_machine.travel(moment - SEEDED_BEFORE, tick=True):
        snapshot = DemoSnapshot()
    yield snapshot
