"""Figures as the indicator writes them: `{{ value|indicator_value:indicator }}` gives
'1,234' for a rate per 100,000 with no decimals, '34.5%' for a percentage, '1.23' for a
number with two decimal places."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

from ..enums import Unit
from ..selectors import period_words

register = template.Library()


def format_indicator_value(value, indicator) -> str:
    if value is None or value == "":
        return ""
    places = indicator.decimal_places
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    if indicator.unit == Unit.PERCENTAGE:
        return f"{text}%"
    return text


def unit_words(indicator) -> str:
    """'per 100,000 of the 10 to 17 population', 'percentage', or ''."""
    if indicator.unit == Unit.RATE and indicator.rate_base:
        words = f"per {indicator.rate_base:,}"
        return f"{words} of {indicator.population}" if indicator.population else words
    if indicator.unit == Unit.PERCENTAGE:
        return "percentage"
    return ""


@register.filter
def indicator_value(value, indicator) -> str:
    return format_indicator_value(value, indicator)


@register.filter
def indicator_unit(indicator) -> str:
    return unit_words(indicator)


@register.filter(name="period_words")
def period_words_filter(value) -> str:
    return period_words(value)
