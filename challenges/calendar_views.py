"""The calendar pages: a person's dates by month and as a list, a programme's dates for its
coordinators with clashes named, the page that makes and replaces a person's secret feed
address, and the feed itself (no sign-in: the address is the secret)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import require_permission

from . import calendar_selectors as selectors
from . import calendar_services as services
from .calendar_ics import calendar_feed
from .calendar_selectors import Month

PAGE_SIZE = 50


def _month_asked(request: HttpRequest) -> tuple[Month, str, str]:
    """The month in `?month=` (this month without one), the error to show when it is not a
    month (this month is shown instead), and what was typed, to show again."""
    typed = request.GET.get("month", "")
    this_month = Month.of(timezone.localdate())
    if not typed.strip():
        return this_month, "", ""
    month = Month.parse(typed)
    if month is None:
        return this_month, _("Enter a month as its year and number, like 2027-03"), typed
    return month, "", typed


def _month_context(request: HttpRequest) -> dict:
    month, error, typed = _month_asked(request)
    return {
        "month": month,
        "month_error": error,
        "month_typed": typed,
        "this_month": Month.of(timezone.localdate()),
    }


@login_required
@require_http_methods(["GET"])
def calendar_month(request: HttpRequest) -> HttpResponse:
    context = _month_context(request)
    entries = selectors.person_month(
        user=request.user, month=context["month"], today=timezone.localdate()
    )
    return render(
        request,
        "challenges/calendar/month.html",
        {
            **context,
            "entries": entries,
            "programmes": selectors.programmes_to_show(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def calendar_list(request: HttpRequest) -> HttpResponse:
    entries = selectors.person_upcoming(user=request.user, today=timezone.localdate())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "challenges/calendar/list.html",
        {
            "page": page,
            "overdue": sum(1 for entry in entries if entry.overdue),
            "programmes": selectors.programmes_to_show(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def calendar_programme(request: HttpRequest, programme_pk: int) -> HttpResponse:
    # People who coordinate nothing are refused (403); another programme is not found (404).
    require_permission(request, "challenges.coordinate")
    programme = selectors.programme_to_show(user=request.user, pk=programme_pk)
    context = _month_context(request)
    shown = selectors.programme_month(
        user=request.user,
        programme=programme,
        month=context["month"],
        today=timezone.localdate(),
    )
    return render(
        request,
        "challenges/calendar/programme.html",
        {**context, "programme": programme, "entries": shown.entries, "clashing": shown.clashing},
    )


# --- The feed --------------------------------------------------------------------------------


def _feed_address(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("calendar:ics", args=[token])


@login_required
@require_http_methods(["GET", "POST"])
def feed(request: HttpRequest) -> HttpResponse:
    """The person's feed address, or the button that makes one. Replacing an address that
    exists is asked for on its own page, so a stray POST never breaks a subscription."""
    current = selectors.feed_of(user=request.user)
    if request.method == "POST":
        if current is not None:
            return redirect("calendar:feed_replace")
        services.calendar_feed_renew(user=request.user)
        messages.success(request, _("Your calendar address is ready."))
        return redirect("calendar:feed")
    return render(
        request,
        "challenges/calendar/feed.html",
        {"address": _feed_address(current.token) if current else ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def feed_replace(request: HttpRequest) -> HttpResponse:
    if selectors.feed_of(user=request.user) is None:
        return redirect("calendar:feed")
    if request.method == "POST":
        services.calendar_feed_renew(user=request.user)
        messages.success(
            request, _("Your calendar has a new address. The old address no longer works.")
        )
        return redirect("calendar:feed")
    return render(request, "challenges/calendar/feed_replace.html")


@require_http_methods(["GET", "HEAD"])
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The feed of the person whose secret address this is. An address that is unknown,
    replaced, or belongs to someone who can no longer sign in is not found, and says no more."""
    found = selectors.feed_for_token(token=token)
    if found is None:
        raise Http404
    entries = selectors.person_feed(user=found.user, today=timezone.localdate())
    response = HttpResponse(
        calendar_feed(entries, name=_("Peer review dates")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = 'inline; filename="peer-review.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
