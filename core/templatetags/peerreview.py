from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(duration: timedelta | None) -> int:
    """A duration in whole minutes, rounded up: "30" rather than "0:30:00"."""
    if not duration:
        return 0
    return -(-int(duration.total_seconds()) // 60)
