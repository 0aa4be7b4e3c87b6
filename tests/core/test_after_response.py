"""Work a request leaves for after its response (core.middleware.after_response) is done once
the server closes the response, in the order it was left; a failure is logged, not raised."""

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from core.middleware import AfterResponseMiddleware, after_response


def test_work_left_for_after_the_response_is_done_when_the_response_is_closed(caplog):
    done = []

    def fail() -> None:
        raise RuntimeError("the mail server is away")

    def view(request: HttpRequest) -> HttpResponse:
        after_response(lambda: done.append("first"))
        after_response(fail)
        after_response(lambda: done.append("last"))
        return HttpResponse("Sent")

    response = AfterResponseMiddleware(view)(RequestFactory().get("/"))

    assert done == []
    response.close()
    assert done == ["first", "last"]
    assert "Work left for after the response failed" in caplog.text
    assert "the mail server is away" in caplog.text


def test_outside_a_request_the_work_is_done_at_once():
    done = []

    after_response(lambda: done.append("now"))

    assert done == ["now"]
