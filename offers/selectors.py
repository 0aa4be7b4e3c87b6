"""Reads of what programmes offer and plan with: for the apps that build on them, and for
the programme's set-up pages."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Programme

from .enums import EnquiryKind
from .models import Cycle, LineOfEnquiry, ReviewType


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


# --- The programme's set-up pages ------------------------------------------------------------


def offers_to_set_up(*, programme: Programme) -> QuerySet[ReviewType]:
    """The programme's offers, open and closed, in their order, with their team composition."""
    return (
        ReviewType.objects.filter(programme=programme)
        .prefetch_related("team_places")
        .order_by("position", "name")
    )


def lines_to_set_up(*, programme: Programme) -> dict[str, list[LineOfEnquiry]]:
    """The programme's key lines of enquiry and golden threads, in use or not, by kind (key
    lines first), each kind in its order."""
    lines: dict[str, list[LineOfEnquiry]] = {kind: [] for kind in EnquiryKind.values}
    for line in LineOfEnquiry.objects.filter(programme=programme).order_by("position", "name"):
        lines[line.kind].append(line)
    return lines


def cycles_to_set_up(*, programme: Programme) -> QuerySet[Cycle]:
    """The programme's cycles, open or closed, latest first."""
    return Cycle.objects.filter(programme=programme).order_by("-starts_on", "name")


@dataclass(frozen=True)
class Use:
    """So many rows of one kind elsewhere in the service that refer to an offer, a line of
    enquiry or a cycle."""

    count: int
    what: str


def uses_of(*, obj: ReviewType | LineOfEnquiry | Cycle) -> list[Use]:
    """What in the apps built on offers refers to `obj` (applications of an offer or a cycle,
    applications and reviewers that chose a line of enquiry), counted by kind. Read through the
    model's reverse relations, so that offers knows none of the apps that use it; its own
    parts (an offer's team places) go with it and are not counted."""
    uses = []
    for relation in type(obj)._meta.related_objects:
        related = relation.related_model._meta
        if related.app_label == obj._meta.app_label:
            continue
        count = getattr(obj, relation.get_accessor_name()).count()
        if count:
            what = related.verbose_name if count == 1 else related.verbose_name_plural
            uses.append(Use(count=count, what=str(what)))
    return uses


def offer_to_set_up(*, programme: Programme, pk: int) -> ReviewType:
    """One offer of the programme, with its team; 404 for any other."""
    return get_object_or_404(offers_to_set_up(programme=programme), pk=pk)


def line_to_set_up(*, programme: Programme, pk: int) -> LineOfEnquiry:
    """One key line of enquiry or golden thread of the programme; 404 for any other."""
    return get_object_or_404(LineOfEnquiry.objects.filter(programme=programme), pk=pk)


def cycle_to_set_up(*, programme: Programme, pk: int) -> Cycle:
    """One cycle of the programme; 404 for any other."""
    return get_object_or_404(cycles_to_set_up(programme=programme), pk=pk)
