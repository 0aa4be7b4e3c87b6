import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client

from tests.dates import TODAY_VARIABLE, pinned_moment, pinned_today

# Where the pinned day is kept for the session (read from the environment once, at start).
PINNED_TODAY = pytest.StashKey[datetime.date]()


def pytest_configure(config: pytest.Config) -> None:
    try:
        config.stash[PINNED_TODAY] = pinned_today()
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


@pytest.fixture
def pinned_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """The rest of the test runs on the pinned day (tests/dates.py), from 10:00 London time,
    with the clock running: the live server, sessions and timeouts need time to pass, and what
    is recorded one after another keeps its order. A test that travels further itself still
    may (time-machine nests). Tests marked `dates` get it first of all (below); a fixture that
    builds what depends on today (the demo world) asks for it, so that a test using it runs on
    the pinned day even when its own assertions do not depend on the day."""
    with time_machine.travel(pinned_moment(request.config.stash[PINNED_TODAY]), tick=True):
        yield


@pytest.fixture(autouse=True)
def _pinned_clock_for_tests_marked_dates(request: pytest.FixtureRequest) -> None:
    # Autouse, so that the clock is set before the test's own fixtures build anything.
    if request.node.get_closest_marker("dates") is not None:
        request.getfixturevalue("pinned_clock")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as the migrations leave it, even when it is reused (--reuse-db): the
    browser tests' flush deletes what a data migration wrote (the youth justice indicators),
    and a later run on the same database would start without them."""
    from performance.indicators import youth_justice_indicators_ensure

    with django_db_blocker.unblock():
        youth_justice_indicators_ensure()


@pytest.fixture(scope="session")
def demo_snapshot(request: pytest.FixtureRequest, django_db_setup, django_db_blocker):
    """The demo world, seeded once for the session on the pinned day (tests/demo_snapshot.py)."""
    from tests.demo_snapshot import snapshot_for_session

    moment = pinned_moment(request.config.stash[PINNED_TODAY])
    yield from snapshot_for_session(django_db_blocker, moment)


@pytest.fixture
def demo_world(demo_snapshot, db, pinned_clock) -> str:
    """The database holds the demo world as `manage.py seed_demo` builds it on the pinned day
    (the test runs on that day too); returns the demo people's password. Put back from the
    session's copy in a moment, where seeding takes seconds."""
    return demo_snapshot.put_back()


@pytest.fixture(autouse=True)
def _media_in_temp_dir(settings, tmp_path):
    """Uploaded and generated files go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    """django-axes and others keep state in the cache: start every test clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def csrf_client() -> Client:
    """A client that enforces CSRF, as a browser meets it."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def programme():
    """A programme; test modules that need a particular one define their own."""
    from tests import factories

    return factories.ProgrammeFactory()


@pytest.fixture
def coordinator_client(client, programme):
    """The test client, signed in as a coordinator of `programme`."""
    from tests import factories

    client.force_login(factories.coordinator(programme=programme))
    return client


def pytest_report_header(config) -> list[str]:
    """Say which real services this run uses, so a CI log shows it."""
    import os

    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = os.environ.get("CELERY_BROKER_URL") or "none (tasks run eagerly)"
    today = config.stash[PINNED_TODAY]
    source = TODAY_VARIABLE if os.environ.get(TODAY_VARIABLE, "").strip() else "the default"
    return [
        f"database: {engine}",
        f"celery broker: {broker.split('@')[-1]}",
        f"tests marked dates run on: {today:%A} {today.isoformat()} ({source})",
    ]
