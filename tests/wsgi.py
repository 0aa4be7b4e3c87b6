"""Requests as a WSGI server makes them, for tests of what happens between the response
being ready and the server closing it once sent (Django's test client closes it at once)."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.crypto import get_random_string


@contextmanager
def _test_connection_kept() -> Iterator[None]:
    # Both signals would close the test's database connection: Django's test client
    # disconnects close_old_connections around them, as here.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def post_as_a_server(path: str, data: dict) -> HttpResponse:
    """POST `data` (with a CSRF token, as the page's form sends it) through Django's WSGI
    handler: the response as the server gets it to send, not yet closed."""
    token = get_random_string(32)
    factory = RequestFactory()
    factory.cookies["csrftoken"] = token
    environ = factory.post(path, {**data, "csrfmiddlewaretoken": token}).environ
    with _test_connection_kept():
        return WSGIHandler()(environ, lambda status, headers: None)


def close_as_a_server(response: HttpResponse) -> None:
    """What the server does once it has sent the response."""
    with _test_connection_kept():
        response.close()
