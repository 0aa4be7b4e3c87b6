from datetime import timedelta

from django import template

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
