import pytest
from django.test import Client


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
    return [f"database: {engine}", f"celery broker: {broker.split('@')[-1]}"]
