"""A person's calendar entries as an iCalendar feed (RFC 5545), made with `icalendar`.

Every event is all-day: on-site days run from the first day to the day after the last (DTEND
is exclusive), a milestone is its due day. UIDs are built from the rows' ids and the site's
host, so a calendar app updates an event when its dates move instead of adding another. Only
what the calendar page shows goes in: the challenge's reference, offer, receiving service and
phase, and a link; never notes, evidence or anything typed for the team alone."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils.translation import gettext as _

from .calendar_selectors import Entry

PRODID = "-//Peer review programme manager//Calendar//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "peerreview"


def _uid(entry: Entry) -> str:
    if entry.milestone is None:
        return f"challenge-{entry.challenge.pk}-on-site@{_host()}"
    return f"milestone-{entry.milestone.pk}@{_host()}"


def _summary(entry: Entry) -> str:
    names = {
        "reference": entry.challenge.reference,
        "offer": entry.challenge.review_type.name,
        "service": entry.challenge.organisation.name,
    }
    if entry.milestone is None:
        return _("%(reference)s on site: %(offer)s for %(service)s") % names
    return _("%(reference)s %(milestone)s: %(offer)s for %(service)s") % {
        **names,
        "milestone": entry.milestone.label,
    }


def _description(entry: Entry) -> str:
    lines = [str(entry.challenge.get_phase_display())]
    if entry.part:
        lines.append(entry.part)
    if entry.done:
        lines.append(_("Done"))
    elif entry.overdue:
        lines.append(_("Overdue"))
    if entry.invited:
        lines.append(_("Your invitation to the team is not answered yet"))
    return "\n".join(lines)


def calendar_feed(entries: Iterable[Entry], *, name: str) -> bytes:
    """The entries as an iCalendar file."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    site = settings.SITE_URL.rstrip("/")
    for entry in entries:
        row = entry.milestone or entry.challenge
        event = icalendar.Event()
        event.add("uid", _uid(entry))
        # When the row last changed, so the same feed read twice is the same file.
        event.add("dtstamp", row.updated_at.astimezone(datetime.UTC))
        event.add("last-modified", row.updated_at.astimezone(datetime.UTC))
        event.add("dtstart", entry.starts_on)
        event.add("dtend", entry.ends_on + datetime.timedelta(days=1))
        event.add("summary", _summary(entry))
        event.add("description", _description(entry))
        event.add("url", site + entry.challenge.get_absolute_url())
        event.add("transp", "OPAQUE" if entry.is_on_site else "TRANSPARENT")
        if entry.invited:
            event.add("status", "TENTATIVE")
        calendar.add_component(event)
    return calendar.to_ical()
