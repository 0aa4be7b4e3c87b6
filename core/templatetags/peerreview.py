from datetime import timedelta

from django import template

from core import formats

register = template.Library()


@register.filter
def minutes(duration: timedelta | None) -> int:
    """A duration in whole minutes, rounded up: "30" rather than "0:30:00"."""
    if not duration:
        return 0
    return -(-int(duration.total_seconds()) // 60)


@register.filter
def is_multivalue(bound_field) -> bool:
    """Whether a form field is made of several inputs (a GOV.UK date input)."""
    return hasattr(bound_field.field, "fields")


@register.filter
def tag_colour(state) -> str:
    """The GOV.UK tag colour of a state enum member (the state's text is shown with it)."""
    return getattr(state, "tag_colour", "grey")


@register.filter
def non_field_error_links(form) -> list[tuple[str, str]]:
    """The form's errors on the whole form, each with where its error-summary link goes: the
    place core.forms.error_elsewhere named, or "" (the summary links it to the first field)."""
    return [
        (str(message), getattr(error, "href", ""))
        for error, message in zip(
            form.non_field_errors().data, form.non_field_errors(), strict=True
        )
    ]


@register.filter
def money(amount) -> str:
    """An amount in pounds, one way everywhere: "£6,000", "£6,000.50" (core.formats)."""
    return formats.format_money(amount)


@register.filter(expects_localtime=True)
def time_of_day(value) -> str:
    """A time (or a datetime's time) as GOV.UK writes it: "9am", "10:45pm", "midday"."""
    return formats.format_time(value)


@register.filter(expects_localtime=True)
def date_and_time(value) -> str:
    """A moment as "3 December 2026, 10:45pm", in local time."""
    return formats.format_datetime(value)
