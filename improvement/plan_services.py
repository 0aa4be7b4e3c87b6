"""Writes for a plan's details: starting a plan (once per form, core.once), changing what it
responds to, its dates, ratings, owner and next review, and closing, reopening and archiving
it. The rules on dates are plain functions here, which the question pages' forms also call so
that each page says what is wrong with its own answers. A change of an existing plan's details
or ratings carries the version the person saw: one based on an older version is refused
(services.StaleVersionError) and changes nothing; every change raises it, closing, reopening
and archiving too. Who changed what is kept in the plan's history (simple_history records the
request's user)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organisation, Programme, User
from core.once import create_once

from . import selectors
from .enums import PlanSource, PlanState
from .models import ImprovementPlan, PlanRating
from .scope import is_overseen, plan_scope
from .services import _lock_current

MAX_DOMAIN_RATINGS = 10

# The details set on the question pages (besides the service, ratings and state).
DETAIL_FIELDS = (
    "source",
    "programme",
    "overseen_by_programme",
    "inspectorate",
    "title",
    "inspected_from",
    "inspected_to",
    "inspected_month_only",
    "published_on",
    "overall_rating",
    "due_on",
    "submitted_on",
    "endorsed_by",
    "endorsed_on",
    "owner",
    "next_review_on",
)


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


# --- Rules -----------------------------------------------------------------------------------


def check_dates(values: dict, *, today: datetime.date) -> None:
    """The plan's dates are in order: the inspection or review ends on or after it started;
    the report, the plan's due date, its submission, endorsement and next review are not
    before the inspection or review started; it was not submitted or endorsed in the future,
    and an endorsement names the board. Raises a ValidationError naming the fields."""
    errors: dict[str, str] = {}
    started, ended = values.get("inspected_from"), values.get("inspected_to")
    if started and ended and ended < started:
        errors["inspected_to"] = _("The end date must be the same as or after the start date")
    later = {
        "published_on": _("The date the report was published"),
        "due_on": _("The date the plan is due"),
        "submitted_on": _("The date the plan was submitted"),
        "endorsed_on": _("The date the plan was endorsed"),
        "next_review_on": _("The next review date"),
    }
    for field, what in later.items():
        value = values.get(field)
        if value and started and value < started:
            errors[field] = _("%(what)s must be on or after the plan started (%(started)s)") % {
                "what": what,
                "started": _day(started),
            }
    for field in ("submitted_on", "endorsed_on"):
        value = values.get(field)
        if field not in errors and value and value > today:
            errors[field] = _("%(what)s must be today or in the past") % {"what": later[field]}
    if values.get("endorsed_on") and not values.get("endorsed_by"):
        errors["endorsed_by"] = _("Enter the board that endorsed the plan")
    if errors:
        raise ValidationError(errors)


def check_ratings(ratings: list[tuple[str, str]]) -> None:
    """Domain ratings: at most MAX_DOMAIN_RATINGS, each domain once."""
    if len(ratings) > MAX_DOMAIN_RATINGS:
        raise ValidationError(
            _("A plan has at most %(count)d domain ratings") % {"count": MAX_DOMAIN_RATINGS}
        )
    seen = set()
    for domain, _rating in ratings:
        if domain.casefold() in seen:
            raise ValidationError(
                _("%(domain)s is rated twice: rate each domain once") % {"domain": domain}
            )
        seen.add(domain.casefold())


def _check_owner(owner: User | None, organisation: Organisation) -> None:
    if owner is not None and not selectors.plan_owner_choices(organisation=organisation).contains(
        owner
    ):
        raise ValidationError(
            {"owner": _("Select someone who leads the service or sits on its improvement board")}
        )


def source_fields(
    *,
    by: User,
    organisation: Organisation,
    source: str,
    programme: Programme | None,
    inspectorate: str,
    current: ImprovementPlan | None = None,
) -> dict:
    """What the plan responds to, and which programme's board oversees it. A plan after a
    peer review names the programme that ran it. Another plan is overseen by a programme's
    board when it already was (so that changing its source does not take it from the
    coordinators who follow it), or when a coordinator who does not lead the service starts
    it (their programme, first by name, so they keep seeing it)."""
    if source == PlanSource.PEER_REVIEW:
        if programme is None:
            raise ValidationError({"programme": _("Select the peer review programme")})
        return {
            "source": source,
            "programme": programme,
            "overseen_by_programme": False,
            "inspectorate": "",
        }
    if source == PlanSource.INSPECTION and not inspectorate:
        raise ValidationError({"inspectorate": _("Select the inspectorate")})
    fields = {
        "source": source,
        "programme": None,
        "overseen_by_programme": False,
        "inspectorate": inspectorate if source == PlanSource.INSPECTION else "",
    }
    if current is not None and is_overseen(current):
        fields.update(programme=current.programme, overseen_by_programme=True)
        return fields
    scope = plan_scope(by)
    if not scope.everything and organisation.pk not in scope.led_service_ids:
        overseeing = selectors.programmes_for_new_plan(user=by, organisation=organisation).first()
        if overseeing is not None:
            fields.update(programme=overseeing, overseen_by_programme=True)
    return fields


# --- Starting a plan -------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    organisation: Organisation,
    details: dict,
    ratings: list[tuple[str, str]],
    token,
    by: User,
    today: datetime.date,
) -> tuple[ImprovementPlan, bool]:
    """Start a plan of the service with `details` (DETAIL_FIELDS; which programme oversees it
    follows from its source and who starts it: source_fields) and its domain `ratings`, once
    per form (`token`): returns (the plan, whether it was made now). Only those who may start
    a plan of the service do (selectors.services_for_new_plan): PermissionDenied otherwise."""
    if not selectors.services_for_new_plan(user=by).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    details = details | source_fields(
        by=by,
        organisation=organisation,
        source=details.get("source", ""),
        programme=details.get("programme"),
        inspectorate=details.get("inspectorate", ""),
    )
    check_dates(details, today=today)
    check_ratings(ratings)
    _check_owner(details.get("owner"), organisation)
    plan = ImprovementPlan(
        organisation=organisation,
        **{field: value for field, value in details.items() if field in DETAIL_FIELDS},
    )
    plan.full_clean(exclude=["creation_token"])
    plan, created = create_once(plan, token=token, owner=["organisation"])
    if created:
        PlanRating.objects.bulk_create(
            PlanRating(plan=plan, domain=domain, rating=rating, position=position)
            for position, (domain, rating) in enumerate(ratings)
        )
    return plan, created


# --- Changing its details --------------------------------------------------------------------


@transaction.atomic
def plan_details_change(
    *,
    plan: ImprovementPlan,
    seen_version: int,
    changes: dict,
    by: User,
    today: datetime.date,
) -> ImprovementPlan:
    """Change some of the plan's details (DETAIL_FIELDS), if it is still at `seen_version`
    (StaleVersionError otherwise); its history records who did."""
    plan = _lock_current(plan, seen_version)
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not a plan detail: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(plan, field, value)
    check_dates({field: getattr(plan, field) for field in DETAIL_FIELDS}, today=today)
    if "owner" in changes:
        _check_owner(plan.owner, plan.organisation)
    plan.full_clean(exclude=["creation_token"])
    plan.version += 1
    plan.save()
    return plan


@transaction.atomic
def plan_ratings_change(
    *,
    plan: ImprovementPlan,
    seen_version: int,
    overall_rating: str,
    ratings: list[tuple[str, str]],
    by: User,
) -> ImprovementPlan:
    """Set the plan's overall rating and replace its domain ratings with `ratings`, keeping
    the rows of domains still rated (so their history runs on) and deleting the rest, if the
    plan is still at `seen_version` (StaleVersionError otherwise)."""
    check_ratings(ratings)
    plan = _lock_current(plan, seen_version)
    plan.overall_rating = overall_rating
    plan.full_clean(exclude=["creation_token"])
    plan.version += 1
    plan.save()
    existing = {rating.domain.casefold(): rating for rating in plan.ratings.all()}
    kept = set()
    for position, (domain, value) in enumerate(ratings):
        row = existing.get(domain.casefold())
        if row is None:
            PlanRating.objects.create(plan=plan, domain=domain, rating=value, position=position)
        else:
            kept.add(row.pk)
            if (row.domain, row.rating, row.position) != (domain, value, position):
                row.domain, row.rating, row.position = domain, value, position
                row.save()
    for row in existing.values():
        if row.pk not in kept:
            row.delete()
    return plan


# --- Closing, reopening, archiving -----------------------------------------------------------


@dataclass(frozen=True)
class StateChange:
    """A change of a plan's state: from which states it may be made, and to which."""

    sources: frozenset[PlanState]
    target: PlanState


# Closing says the plan is finished; archiving (closing it, if open) also leaves it off the
# lists unless they are asked for archived plans; reopening undoes either.
STATE_CHANGES: dict[str, StateChange] = {
    "close": StateChange(frozenset({PlanState.OPEN}), PlanState.CLOSED),
    "reopen": StateChange(frozenset({PlanState.CLOSED, PlanState.ARCHIVED}), PlanState.OPEN),
    "archive": StateChange(frozenset({PlanState.OPEN, PlanState.CLOSED}), PlanState.ARCHIVED),
}


@transaction.atomic
def plan_state_change(
    *, plan: ImprovementPlan, change: str, by: User, today: datetime.date
) -> ImprovementPlan:
    """Make `change` (one of STATE_CHANGES) to the plan if the table allows it from its
    current state: its `closed_on` is today when it closes, kept when a closed plan is
    archived, and cleared when it reopens."""
    transition = STATE_CHANGES[change]
    # Locked: two people closing and archiving at once see each other's change.
    locked = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.state not in transition.sources:
        raise ValidationError(
            _("You cannot do this: the plan is %(state)s.")
            % {"state": locked.get_state_display().lower()}
        )
    if transition.target == PlanState.OPEN:
        locked.closed_on = None
    elif not (transition.target == PlanState.ARCHIVED and locked.state == PlanState.CLOSED):
        locked.closed_on = today
    locked.state = transition.target
    # A details page opened before the change is now stale.
    locked.version += 1
    locked.save(update_fields=["state", "closed_on", "version", "updated_at"])
    return locked
