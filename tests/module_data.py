"""Data built once for a whole test module, as Django's TestCase.setUpTestData builds it once
for a class: the module's tests run inside one outer transaction holding the data, each test in
a savepoint of its own (pytest-django's `db` nests inside it), and the outer transaction is
rolled back after the module's last test. For modules whose every test needs the same large
world and leaves the database as it found it (the access matrix builds ~1,000 rows and visits
one URL per test); a test that needs committed data (`transactional_db`, `live_server`) does
not belong in such a module.

The data's files go to a directory of the module's own, which its tests keep as MEDIA_ROOT
(conftest.py gives every other test a fresh one). The Python objects are shared: a test reads
them and acts through requests and services, and does not change them in place."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings


def module_data(build: Callable[[], Any], name: str) -> tuple[Any, Any]:
    """Two fixtures to bind at module level, `module_data_built, world = module_data(build,
    "world")`: `name` gives every test asking for it `build()`'s result, built once for the
    module (by `module_data_built`, which pytest sets up before any test's `db`)."""

    @pytest.fixture(scope="module")
    def module_data_built(
        django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[tuple[Any, Path]]:
        media = tmp_path_factory.mktemp("media")
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=media),
            transaction.atomic(),
        ):
            try:
                yield build(), media
            finally:
                transaction.set_rollback(True)

    @pytest.fixture(name=name)
    def fixture(module_data_built: tuple[Any, Path], db: None, settings: Any) -> Any:
        built, media = module_data_built
        settings.MEDIA_ROOT = media
        return built

    return module_data_built, fixture
