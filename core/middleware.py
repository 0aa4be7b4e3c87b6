"""Session lifetime: an idle timeout and an absolute one; sending a page that htmx updates
to sign in as a whole page when its session has ended; no caching of signed-in pages; and work
a request leaves until its response has been sent."""

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

SESSION_STARTED_KEY = "peerreview_signed_in_at"
SESSION_LAST_SEEN_KEY = "peerreview_last_seen_at"
# Activity is recorded at most once a minute: a page read within a minute of the last recorded
# one writes nothing, and the idle limit is exact to within that minute.
ACTIVITY_RESOLUTION_SECONDS = 60


def session_clock_start(sender, request: HttpRequest, **kwargs) -> None:
    """On sign-in (the user_logged_in signal): both limits run from now. Written with the
    session the sign-in saves, so the first page after it has nothing to record."""
    now = time.time()
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_LAST_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Signs a person out after SESSION_IDLE_MINUTES without a request, and in any case
    SESSION_ABSOLUTE_HOURS after they signed in.

    The idle limit is also the session cookie's age, so an idle session expires in the store
    too; the timestamps here make both limits exact and let us tell the person why they were
    signed out. Recording activity saves the session, which also refreshes the cookie's age;
    it happens at most once every ACTIVITY_RESOLUTION_SECONDS, so reading pages does not write
    to the session store on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            last_seen = request.session.get(SESSION_LAST_SEEN_KEY, now)
            idle_limit = settings.SESSION_IDLE_MINUTES * 60
            absolute_limit = settings.SESSION_ABSOLUTE_HOURS * 3600
            if now - last_seen > idle_limit or now - started > absolute_limit:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out to keep your information safe. Sign in again."),
                )
            elif (
                SESSION_LAST_SEEN_KEY not in request.session
                or now - last_seen >= ACTIVITY_RESOLUTION_SECONDS
            ):
                request.session[SESSION_LAST_SEEN_KEY] = now
        return self.get_response(request)


class HtmxSignInMiddleware:
    """A request from htmx (a page polling for a document, say) that is sent to sign in, because
    the session ended while the page was open, would otherwise have the sign-in page put inside
    the part of the page htmx updates: the browser follows the redirect within the request.
    Instead htmx is told to load the sign-in page as a whole page (HX-Redirect), and signing in
    comes back to the page the person was on, not to the fragment it was polling."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") != "true"
            or response.status_code != 302
            or urlsplit(response["Location"]).path != resolve_url(settings.LOGIN_URL)
        ):
            return response
        page = request.headers.get("HX-Current-URL", "")
        if url_has_allowed_host_and_scheme(
            page, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(page)
            sign_in = redirect_to_login(parts.path + (f"?{parts.query}" if parts.query else ""))
            location = sign_in["Location"]
        else:
            location = resolve_url(settings.LOGIN_URL)
        return HttpResponse(headers={"HX-Redirect": location})


class SignedInNoStoreMiddleware:
    """What a signed-in person is shown is theirs, often confidential: no browser or proxy
    cache keeps it (a shared computer's Back button, a proxy's disk). Responses that already
    say how they may be cached (downloads, cached public pages) are left as they say."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


# The work the current request leaves for after its response (AfterResponseMiddleware).
_after_response: ContextVar[list[Callable[[], object]] | None] = ContextVar(
    "after_response", default=None
)


def after_response(work: Callable[[], object]) -> None:
    """Do `work` once the current request's response has been sent; outside a request (a
    command, a worker, a test calling a service) do it now."""
    pending = _after_response.get()
    if pending is None:
        work()
    else:
        pending.append(work)


def _do(pending: list[Callable[[], object]]) -> None:
    for work in pending:
        try:
            work()
        except Exception:
            # Nobody is waiting for the response any more: the log is the only place to say.
            logger.exception("Work left for after the response failed")


class AfterResponseMiddleware:
    """Does what the request left with `after_response` once the server has sent the response
    and closes it (as WSGI and ASGI servers do after the last byte, and Django's test client
    at once), so that work never adds to the time the response takes. First in MIDDLEWARE:
    the response it holds is the one the server sends, whatever the others return."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pending: list[Callable[[], object]] = []
        token = _after_response.set(pending)
        try:
            response = self.get_response(request)
        finally:
            _after_response.reset(token)
        if pending:
            # What HttpResponseBase.close() calls before it sends request_finished (which
            # closes the database connection this work may still need); a closer's exception
            # is swallowed there, so _do logs its own.
            response._resource_closers.append(lambda: _do(pending))
        return response
