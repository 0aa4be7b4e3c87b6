"""Writes for a programme's set-up: its offers with their team composition, its key lines of
enquiry and golden threads, and its cycles. One function per use case, each in a transaction,
raising ValidationError (naming the field at fault) or OffersError. simple-history records
who made each change."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.once import create_once, created_with

from . import selectors
from .models import Cycle, LineOfEnquiry, ReviewType, TeamPlace

# The field a person changes to put right what each constraint refuses, so that its message
# is shown on that field rather than above the form.
CONSTRAINT_FIELDS = {
    "applications_reviewtype_unique_name": "name",
    "applications_lineofenquiry_unique_name": "name",
    "applications_cycle_unique_name": "name",
    "applications_cycle_ends_after_start": "ends_on",
}


# What to do instead of deleting a row that is in use.
CLOSE_OFFER_INSTEAD = gettext_lazy(
    "Close it to applications instead: change the offer, and answer No to “Is the offer open "
    "to applications?”. Services will no longer be able to ask for it."
)
STOP_USING_LINE_INSTEAD = gettext_lazy(
    "Stop using it instead: change it, and answer No to “Is it in use?”. It stays where it "
    "was chosen, and is offered no more."
)
CLOSE_CYCLE_INSTEAD = gettext_lazy(
    "Close it instead: change the cycle, and answer No to “Is the cycle open for "
    "applications?”. Its figures stay for the board."
)


class OffersError(Exception):
    """A change the rules do not allow; its message is shown to the user as it is."""


class StaleEditError(ValidationError):
    """Someone else saved the row after the person opened it: saving theirs would undo it."""


@dataclass(frozen=True)
class Place:
    """A line of an offer's team composition as the coordinator wants it."""

    role: str
    count: int
    requirement: str


def _refuse_stale(instance: models.Model, seen: str | None) -> None:
    """Lock the row and refuse the save if it changed since it was read (`seen` is its
    `updated_at` then, as `edit_token` wrote it); a new row has nothing to compare."""
    if instance.pk is None or seen is None:
        return
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if edit_token(current) != seen:
        raise StaleEditError(
            _(
                "Someone else has changed this since you opened it. Your changes are below: "
                "check them against theirs, then save again."
            ),
            code="stale",
        )


def edit_token(instance: ReviewType | LineOfEnquiry | Cycle) -> str:
    """What a change form carries to tell, when it is saved, whether the row has changed
    since it was opened."""
    return instance.updated_at.isoformat() if instance.updated_at else ""


def _check(instance: models.Model) -> None:
    """The model's own rules (field validators, unique names, check constraints), each
    refusal on the field to change."""
    errors: dict[str, list] = {}
    try:
        instance.clean_fields(exclude=["programme"])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for constraint in instance._meta.constraints:
        try:
            constraint.validate(type(instance), instance)
        except ValidationError as error:
            field = CONSTRAINT_FIELDS.get(constraint.name, NON_FIELD_ERRORS)
            errors.setdefault(field, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)


def _save[Row: ReviewType | LineOfEnquiry | Cycle](row: Row, token: uuid.UUID | None) -> Row:
    """Save, the constraints checked first; a row saved by someone else between the check
    and the save still gets the constraint's message, not a server error. A new row is made
    once per form (core.once): the same form sent again gives back the row it made."""
    creating = row.pk is None
    owner = {"programme": row.programme_id}
    if creating and (earlier := created_with(type(row), token=token, owner=owner)):
        return earlier
    _check(row)
    try:
        if creating:
            row, _created = create_once(row, token=token, owner=["programme"])
        else:
            with transaction.atomic():
                row.save()
    except IntegrityError:
        _check(row)
        raise
    return row


def _delete(instance: ReviewType | LineOfEnquiry | Cycle, *, instead: str) -> None:
    uses = selectors.uses_of(obj=instance)
    if uses:
        raise OffersError(
            _("%(name)s cannot be deleted: it is used by %(uses)s. %(instead)s")
            % {
                "name": instance.name,
                "uses": ", ".join(f"{use.count} {use.what}" for use in uses),
                "instead": instead,
            }
        )
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError as error:
        raise OffersError(
            _("%(name)s cannot be deleted: it is in use. %(instead)s")
            % {"name": instance.name, "instead": instead}
        ) from error


# --- Offers ----------------------------------------------------------------------------------


@transaction.atomic
def offer_save(
    *,
    offer: ReviewType,
    team: list[Place],
    seen: str | None = None,
    token: uuid.UUID | None = None,
    name: str,
    description: str,
    days_on_site: int,
    virtual_allowed: bool,
    reviewer_days: int,
    funding: Decimal,
    publication_rule: str,
    position: int,
    is_active: bool,
) -> ReviewType:
    """Create or change an offer of its programme, with its team composition: places of a role
    and requirement not in `team` are removed, the others take its numbers. Its name is unique
    in the programme; the team has at least one place and each role and requirement once."""
    _refuse_stale(offer, seen)
    wanted = {(place.role, place.requirement): place.count for place in team}
    if not wanted:
        raise ValidationError({NON_FIELD_ERRORS: _("Add at least one place to the team")})
    if len(wanted) < len(team):
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Each role and requirement can be in the team only once")}
        )
    offer.name, offer.description = name.strip(), description.strip()
    offer.days_on_site, offer.virtual_allowed = days_on_site, virtual_allowed
    offer.reviewer_days, offer.funding = reviewer_days, funding
    offer.publication_rule, offer.position, offer.is_active = publication_rule, position, is_active
    # Saved even when only the team changed, so the offer's history says who changed it last.
    saved = _save(offer, token)
    if saved is not offer:
        return saved  # the same form sent again: the offer it made the first time
    for place in offer.team_places.all():
        key = (place.role, place.requirement)
        if key not in wanted:
            place.delete()
        elif place.count != wanted[key]:
            place.count = wanted[key]
            place.full_clean()
            place.save()
        wanted.pop(key, None)
    for (role, requirement), count in wanted.items():
        place = TeamPlace(review_type=offer, role=role, count=count, requirement=requirement)
        place.full_clean()
        place.save()
    return offer


@transaction.atomic
def offer_delete(*, offer: ReviewType) -> None:
    """Delete an offer nothing uses (with its team); one that applications use is closed to
    applications instead, so that they keep it."""
    _delete(offer, instead=CLOSE_OFFER_INSTEAD)


# --- Key lines of enquiry and golden threads -------------------------------------------------


@transaction.atomic
def line_save(
    *,
    line: LineOfEnquiry,
    seen: str | None = None,
    token: uuid.UUID | None = None,
    kind: str,
    name: str,
    description: str,
    position: int,
    is_active: bool,
) -> LineOfEnquiry:
    """Create or change a key line of enquiry or golden thread; its name is unique in the
    programme. Taking it out of use keeps it on whatever already chose it."""
    _refuse_stale(line, seen)
    line.kind, line.name, line.description = kind, name.strip(), description.strip()
    line.position, line.is_active = position, is_active
    return _save(line, token)


@transaction.atomic
def line_delete(*, line: LineOfEnquiry) -> None:
    """Delete a line of enquiry nothing has chosen; one in use is taken out of use instead."""
    _delete(line, instead=STOP_USING_LINE_INSTEAD)


# --- Cycles ----------------------------------------------------------------------------------


@transaction.atomic
def cycle_save(
    *,
    cycle: Cycle,
    seen: str | None = None,
    token: uuid.UUID | None = None,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    funding: Decimal,
    reviewer_days: int,
    is_open: bool,
) -> Cycle:
    """Create or change a cycle: its name is unique in the programme, and it ends after it
    starts."""
    _refuse_stale(cycle, seen)
    cycle.name, cycle.starts_on, cycle.ends_on = name.strip(), starts_on, ends_on
    cycle.funding, cycle.reviewer_days, cycle.is_open = funding, reviewer_days, is_open
    return _save(cycle, token)


@transaction.atomic
def cycle_delete(*, cycle: Cycle) -> None:
    """Delete a cycle nothing uses; one that applications use is closed instead."""
    _delete(cycle, instead=CLOSE_CYCLE_INSTEAD)
