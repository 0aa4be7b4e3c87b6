"""Reads of what programmes offer and plan with, for the apps that build on them."""

from django.db.models import QuerySet

from .enums import EnquiryKind
from .models import Cycle, LineOfEnquiry


def lines_in_use(*, kind: EnquiryKind, programme_id: int | None = None) -> QuerySet[LineOfEnquiry]:
    """The key lines of enquiry (or golden threads) in use: one programme's in its order, or
    when no programme is given, every active programme's. A line taken out of use stays on
    whatever already chose it, but is offered to nobody new."""
    lines = LineOfEnquiry.objects.filter(kind=kind, is_active=True)
    if programme_id is not None:
        return lines.filter(programme_id=programme_id).order_by("position", "name")
    return (
        lines.filter(programme__is_active=True)
        .select_related("programme")
        .order_by("programme__name", "position", "name")
    )


def cycles_open(*, programme_id: int) -> QuerySet[Cycle]:
    """The programme's cycles open for applications, earliest first."""
    return Cycle.objects.filter(programme_id=programme_id, is_open=True).order_by("starts_on")
