"""Cached HTML under a generation token (core.caching): built once, served from the cache
until the generation changes, and kept apart by key and by language."""

import pytest
from django.utils import translation

from core.caching import cached_html, generation_bump
from core.models import CacheGeneration

pytestmark = pytest.mark.django_db


class Builder:
    """Counts how often the HTML is built, and says which build it is."""

    def __init__(self) -> None:
        self.builds = 0

    def __call__(self) -> str:
        self.builds += 1
        return f"<p>Build {self.builds}</p>"


def test_html_is_built_once_and_served_from_the_cache_until_the_generation_changes():
    build = Builder()

    assert cached_html(generation="things", key=("a",), build=build) == "<p>Build 1</p>"
    assert cached_html(generation="things", key=("a",), build=build) == "<p>Build 1</p>"
    assert build.builds == 1

    generation_bump("things")

    assert cached_html(generation="things", key=("a",), build=build) == "<p>Build 2</p>"
    assert build.builds == 2


def test_the_html_is_safe_to_put_in_a_page_unescaped():
    html = cached_html(generation="things", key=("a",), build=Builder())

    assert getattr(html, "__html__", None) is not None


def test_other_keys_languages_and_generations_are_kept_apart():
    build = Builder()
    cached_html(generation="things", key=("a",), build=build)

    cached_html(generation="things", key=("b",), build=build)
    cached_html(generation="other-things", key=("a",), build=build)
    with translation.override("cy"):
        cached_html(generation="things", key=("a",), build=build)
    generation_bump("other-things")
    cached_html(generation="things", key=("a",), build=build)

    # Changing "other-things" left the first copy of "things" in place.
    assert build.builds == 4


def test_every_change_writes_a_new_token_and_the_first_creates_the_row():
    assert not CacheGeneration.objects.filter(name="things").exists()

    tokens = {generation_bump("things") for _ in range(3)}

    assert len(tokens) == 3
    assert CacheGeneration.objects.get(name="things").token in tokens
