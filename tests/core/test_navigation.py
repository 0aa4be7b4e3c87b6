"""The service navigation: apps register their entries from AppConfig.ready(); core shows
them in their order to whoever may follow them."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.navigation import SERVICE_NAVIGATION, NavEntry, Navigation
from tests import factories


def entry(url_name: str, order: int, label: str = "Somewhere") -> NavEntry:
    return NavEntry(label=label, url_name=url_name, order=order)


def test_entries_stand_in_their_order_whatever_order_they_were_registered_in():
    navigation = Navigation()

    navigation.register(entry("c:last", 90))
    navigation.register(entry("b:middle", 20), entry("a:first", 10))

    assert [found.url_name for found in navigation.entries()] == ["a:first", "b:middle", "c:last"]


def test_entries_with_the_same_number_stand_by_url_name():
    navigation = Navigation()

    navigation.register(entry("zebra:list", 50), entry("aardvark:list", 50))

    assert [found.url_name for found in navigation.entries()] == ["aardvark:list", "zebra:list"]


def test_the_same_entry_registered_again_appears_once():
    navigation = Navigation()

    navigation.register(entry("a:first", 10, label="First"))
    navigation.register(entry("a:first", 10, label="First"))

    assert navigation.entries() == [entry("a:first", 10, label="First")]


def test_a_different_entry_for_a_url_name_already_taken_is_refused():
    navigation = Navigation()
    navigation.register(entry("a:first", 10, label="First"))

    with pytest.raises(ImproperlyConfigured, match="'a:first' is registered twice"):
        navigation.register(entry("a:first", 20, label="First"))
    assert navigation.entries() == [entry("a:first", 10, label="First")]


def test_every_app_made_ready_again_leaves_the_service_navigation_as_it_was():
    before = SERVICE_NAVIGATION.entries()

    for config in apps.get_app_configs():
        if Path(config.path).parent == settings.BASE_DIR:  # the project's own apps
            config.ready()

    assert SERVICE_NAVIGATION.entries() == before
    assert [found.url_name for found in before] == [
        "applications:list",
        "board:meetings",
        "challenges:list",
        "reviewers:list",
        "improvement:plans",
        "programmes:programmes",
        "admin:index",
        "accounts:profile",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/challenges/", "Challenges"),
        ("/calendar/", "Challenges"),
        ("/reviewers/", "Reviewers"),
        ("/training/", "Reviewers"),
        ("/plans/", "Plans"),
        ("/dashboards/rag/", "Plans"),
        ("/programmes/", "Set up"),
    ],
)
def test_a_section_is_the_current_one_under_each_of_its_prefixes(client, path, section):
    client.force_login(factories.coordinator())

    response = client.get(path)

    assert response.status_code == 200
    assert [item.label for item in response.context["service_navigation"] if item.current] == [
        section
    ]
