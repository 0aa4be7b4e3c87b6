import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_500_page_renders_without_any_context():
    response = server_error(RequestFactory().get("/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert 'href="/accessibility/"' in page
    assert 'href="/privacy/"' in page
    assert "Peer review programme manager</a>" in page
    assert "<script" not in page


def test_unknown_page_is_a_gov_uk_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.urls("tests.naive_urls")
def test_500_page_renders_even_when_the_site_urls_cannot_be_reversed():
    response = server_error(RequestFactory().get("/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert 'href="/accessibility/"' in page
    assert 'href="/"' in page
