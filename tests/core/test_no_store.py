"""A signed-in person's pages are kept by no cache (a shared computer's Back button, a proxy);
public pages, and responses that say how they may be cached, are left alone."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("url_name", ["start", "accounts:profile", "core:accessibility"])
def test_signed_in_pages_are_kept_by_no_cache(client, url_name):
    client.force_login(factories.UserFactory())

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert {"no-store", "private"} <= directives(response)


def test_a_public_page_seen_signed_out_may_be_cached(client):
    response = client.get(reverse("core:accessibility"))

    assert "no-store" not in directives(response)
