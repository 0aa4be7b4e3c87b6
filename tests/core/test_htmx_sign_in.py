"""A page that htmx updates, whose session has ended, is sent to sign in as a whole page
(HX-Redirect) and comes back to itself afterwards; nothing else about redirects changes."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

STATUS = "/documents/5/status/"
PAGE = "http://testserver/documents/5/"


def htmx_get(client, url, current_url=PAGE):
    return client.get(url, headers={"HX-Request": "true", "HX-Current-URL": current_url})


def test_a_polling_page_whose_session_ended_goes_to_sign_in_and_back_to_itself(client):
    response = htmx_get(client, STATUS)

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('accounts:login')}?next=/documents/5/"
    assert response.content == b""


def test_the_page_to_come_back_to_keeps_its_query(client):
    response = htmx_get(client, STATUS, current_url=f"{PAGE}?tab=history")

    assert response["HX-Redirect"] == (
        f"{reverse('accounts:login')}?next=/documents/5/%3Ftab%3Dhistory"
    )


def test_a_page_on_another_site_is_not_come_back_to(client):
    response = htmx_get(client, STATUS, current_url="https://elsewhere.example/documents/5/")

    assert response["HX-Redirect"] == reverse("accounts:login")


def test_requests_not_from_htmx_are_redirected_as_before(client):
    response = client.get(STATUS)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={STATUS}"
    assert "HX-Redirect" not in response


def test_signed_in_htmx_requests_are_left_alone(client):
    client.force_login(factories.UserFactory())

    response = htmx_get(client, STATUS)

    assert response.status_code == 404
    assert "HX-Redirect" not in response
