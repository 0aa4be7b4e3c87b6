"""Money and times as GOV.UK writes them, for templates (core.templatetags.peerreview), emails,
PDFs and anything else that shows them to people: one way each, everywhere."""

import datetime
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def format_money(amount: Decimal | int | float | str | None, *, symbol: bool = True) -> str:
    """An amount in pounds with thousands separated and pence only where there are any:
    "£6,000", "£6,000.50", "-£250". Without `symbol`, the number alone ("6,000"), as a money
    input shows it. None (no amount) is ""."""
    if amount is None or amount == "":
        return ""
    amount = Decimal(str(amount))
    number = str(floatformat(abs(amount), "-2g"))
    sign = "-" if amount < 0 and number.strip("0.,") else ""
    return f"{sign}{'£' if symbol else ''}{number}"


def format_time(value: datetime.time | datetime.datetime | None) -> str:
    """A time of day as GOV.UK writes it: "9am", "10:45pm", and "midday" and "midnight" in
    words. A datetime is taken as it is: make it local first (the template filters do)."""
    if value is None or value == "":
        return ""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    hour = value.hour % 12 or 12
    morning = value.hour < 12
    if value.minute:
        text = _("%(hour)s:%(minute)02dam") if morning else _("%(hour)s:%(minute)02dpm")
    else:
        text = _("%(hour)sam") if morning else _("%(hour)spm")
    return text % {"hour": hour, "minute": value.minute}


def format_datetime(value: datetime.datetime | None) -> str:
    """A moment as "3 December 2026, 10:45pm", in local time."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return _("%(date)s, %(time)s") % {
        "date": date_format(value, "j F Y"),
        "time": format_time(value),
    }
