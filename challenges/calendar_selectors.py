"""Reads for the calendars: a person's on-site days and milestones, a programme's with its
clashes, and the secret feed addresses. Each page runs the same few queries whatever the number
of challenges (tests/challenges/test_calendar.py counts them).

Whose dates a person's calendar holds:
- on-site days of the challenges they may see (`visibility.challenge_scope`: their programmes'
  as a coordinator, their service's as its lead, those they hold a place on), never a
  cancelled one;
- milestones they answer for, as `services.milestone_owners` reads them (so the calendar and
  the reminder emails agree): the ones named for them, and, where no one is named, those for
  their party: the service's for its leads, the programme coordinator's for its coordinators,
  the team's for its accepted members and the team lead's for its accepted (co-)leads.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Programme, User
from accounts.selectors import programmes_coordinated
from offers.enums import TeamRole
from reviewers.models import Unavailability

from . import clashes
from .enums import FINISHED, HOLDS_PLACE, MemberStatus, Owner, Phase
from .models import CalendarFeed, Challenge, Milestone, TeamMember
from .visibility import LEAD_ROLES, ChallengeScope, challenge_scope

# How far back a feed reaches: calendar apps keep what they have already read.
FEED_DAYS_BACK = 400

_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")


# --- Months ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    first: datetime.date

    @classmethod
    def of(cls, day: datetime.date) -> "Month":
        return cls(day.replace(day=1))

    @classmethod
    def parse(cls, value: str) -> "Month | None":
        """`2027-03` as a month; None for anything else."""
        match = _MONTH.fullmatch(value.strip())
        if not match:
            return None
        year, month = int(match["year"]), int(match["month"])
        if not (1 <= year <= datetime.MAXYEAR and 1 <= month <= 12):
            return None
        return cls(datetime.date(year, month, 1))

    @property
    def last(self) -> datetime.date:
        following = self.following
        return following.first - datetime.timedelta(days=1) if following else datetime.date.max

    @property
    def previous(self) -> "Month | None":
        if self.first == datetime.date.min:
            return None
        return Month.of(self.first - datetime.timedelta(days=1))

    @property
    def following(self) -> "Month | None":
        if self.first.year == datetime.MAXYEAR and self.first.month == 12:
            return None
        return Month.of(self.first + datetime.timedelta(days=31))

    @property
    def param(self) -> str:
        return f"{self.first.year:04d}-{self.first.month:02d}"

    @property
    def label(self) -> str:
        return date_format(self.first, "F Y")


# --- Entries -----------------------------------------------------------------------------------


@dataclass
class Entry:
    """One line of a calendar: a challenge's on-site days, or one of its milestones."""

    challenge: Challenge
    starts_on: datetime.date
    ends_on: datetime.date
    milestone: Milestone | None = None
    overdue: bool = False
    # The person's place on the team is an invitation not yet answered.
    invited: bool = False
    # Why this is in the person's calendar, or who a milestone is for.
    part: str = ""
    clashes: list[str] = field(default_factory=list)

    @property
    def is_on_site(self) -> bool:
        return self.milestone is None

    @property
    def done(self) -> bool:
        return self.milestone is not None and self.milestone.done_on is not None

    @property
    def what(self) -> str:
        return _("On-site days") if self.milestone is None else self.milestone.label

    @property
    def sort_key(self) -> tuple:
        # On-site days before a milestone on the same day; then in the challenge's order.
        return (
            self.starts_on,
            self.milestone is not None,
            self.challenge.pk,
            self.milestone.position if self.milestone else 0,
            self.milestone.pk if self.milestone else 0,
        )


def _is_overdue(milestone: Milestone, today: datetime.date) -> bool:
    """Past its due date and not done (one due today is not overdue yet), on a challenge still
    running (a completed or cancelled one has nothing left to chase)."""
    return (
        milestone.done_on is None
        and milestone.due_on < today
        and milestone.challenge.phase not in FINISHED
    )


def _visible_challenges(scope: ChallengeScope, user: User) -> QuerySet[Challenge]:
    return (
        Challenge.objects.filter(scope.q(), starts_on__isnull=False)
        .exclude(phase=Phase.CANCELLED)
        .select_related("organisation", "review_type")
        .annotate(
            invited=Exists(
                TeamMember.objects.filter(
                    challenge=OuterRef("pk"), reviewer__user=user, status=MemberStatus.INVITED
                )
            )
        )
    )


def _owned_milestones(scope: ChallengeScope, user: User) -> QuerySet[Milestone]:
    """The milestones `user` answers for (see the module's docstring)."""
    accepted = TeamMember.objects.filter(
        challenge=OuterRef("challenge_id"), reviewer__user=user, status=MemberStatus.ACCEPTED
    )
    coordinated = Q() if scope.everything else Q(challenge__programme_id__in=scope.programme_ids)
    by_party = (
        Q(owner_party=Owner.SERVICE, challenge__organisation_id__in=scope.organisation_ids)
        | (Q(owner_party=Owner.COORDINATOR) & coordinated)
        | Q(Exists(accepted), owner_party=Owner.TEAM)
        | Q(Exists(accepted.filter(role__in=sorted(LEAD_ROLES))), owner_party=Owner.LEAD)
    )
    return (
        Milestone.objects.filter(Q(owner=user) | (Q(owner__isnull=True) & by_party))
        .exclude(challenge__phase=Phase.CANCELLED)
        .select_related("challenge__organisation", "challenge__review_type")
    )


def _part(scope: ChallengeScope, challenge: Challenge) -> str:
    role = scope.places.get(challenge.pk)
    if role:
        return _("On the team: %(role)s") % {"role": TeamRole(role).label}
    if scope.receives(challenge):
        return _("Your service receives it")
    return _("Your programme")


def _milestone_part(milestone: Milestone, user: User) -> str:
    if milestone.owner_id == user.pk:
        return _("You")
    return str(Owner(milestone.owner_party).label)


def _person_entries(
    user: User,
    *,
    challenges: Iterable[Challenge],
    milestones: Iterable[Milestone],
    scope: ChallengeScope,
    today: datetime.date,
) -> list[Entry]:
    entries = [
        Entry(
            challenge=challenge,
            starts_on=challenge.starts_on,
            ends_on=challenge.ends_on,
            invited=challenge.invited,
            part=_part(scope, challenge),
        )
        for challenge in challenges
    ]
    entries += [
        Entry(
            challenge=milestone.challenge,
            starts_on=milestone.due_on,
            ends_on=milestone.due_on,
            milestone=milestone,
            overdue=_is_overdue(milestone, today),
            part=_milestone_part(milestone, user),
        )
        for milestone in milestones
    ]
    return sorted(entries, key=lambda entry: entry.sort_key)


def person_month(*, user: User, month: Month, today: datetime.date) -> list[Entry]:
    """The person's on-site days that touch `month` and milestones due in it, by date."""
    scope = challenge_scope(user)
    return _person_entries(
        user,
        challenges=_visible_challenges(scope, user).filter(
            starts_on__lte=month.last, ends_on__gte=month.first
        ),
        milestones=_owned_milestones(scope, user).filter(
            due_on__gte=month.first, due_on__lte=month.last
        ),
        scope=scope,
        today=today,
    )


def person_upcoming(*, user: User, today: datetime.date) -> list[Entry]:
    """What is still to come for the person: overdue milestones first (whenever they were
    due), then on-site days not yet over and milestones due from today, by date."""
    scope = challenge_scope(user)
    entries = _person_entries(
        user,
        challenges=_visible_challenges(scope, user).filter(ends_on__gte=today),
        milestones=_owned_milestones(scope, user).filter(
            Q(due_on__gte=today) | Q(done_on__isnull=True)
        ),
        scope=scope,
        today=today,
    )
    return sorted(entries, key=lambda entry: (not entry.overdue, *entry.sort_key))


def person_feed(*, user: User, today: datetime.date) -> list[Entry]:
    """The person's entries for their calendar feed: everything from FEED_DAYS_BACK ago on."""
    scope = challenge_scope(user)
    since = today - datetime.timedelta(days=FEED_DAYS_BACK)
    return _person_entries(
        user,
        challenges=_visible_challenges(scope, user).filter(ends_on__gte=since),
        milestones=_owned_milestones(scope, user).filter(due_on__gte=since),
        scope=scope,
        today=today,
    )


# --- A programme's calendar --------------------------------------------------------------------


def programme_to_show(*, user: User, pk: int) -> Programme:
    """A programme this user coordinates; 404 for any other, so a coordinator of another
    programme cannot tell whether it exists."""
    return get_object_or_404(programmes_coordinated(user=user), pk=pk)


def programmes_to_show(*, user: User) -> list[Programme]:
    return list(programmes_coordinated(user=user).order_by("name"))


@dataclass(frozen=True)
class ProgrammeMonth:
    entries: list[Entry]
    # The on-site entries with at least one clash, in date order.
    clashing: list[Entry]


def _days(starts_on: datetime.date, ends_on: datetime.date) -> str:
    if starts_on == ends_on:
        return date_format(starts_on, "j F Y")
    return _("%(start)s to %(end)s") % {
        "start": date_format(starts_on, "j F Y"),
        "end": date_format(ends_on, "j F Y"),
    }


def _clash_words(
    clash: clashes.Clash,
    *,
    names: dict[int, str],
    challenges: dict[int, Challenge],
    scope: ChallengeScope,
) -> str:
    days = _days(clash.starts_on, clash.ends_on)
    other = challenges.get(clash.other_challenge_id)
    # Another programme's challenge is named only to those who may see it.
    other_name = (
        f"{other.reference} ({other.organisation.name})"
        if other is not None and scope.allows(other)
        else _("a challenge of another programme")
    )
    if clash.kind == clashes.ClashKind.REVIEWER_ON_TWO:
        return _("%(reviewer)s is also on the team of %(other)s on %(days)s") % {
            "reviewer": names.get(clash.reviewer_id, ""),
            "other": other_name,
            "days": days,
        }
    if clash.kind == clashes.ClashKind.REVIEWER_AWAY:
        return _("%(reviewer)s is away on %(days)s") % {
            "reviewer": names.get(clash.reviewer_id, ""),
            "days": days,
        }
    return _("The service also receives %(other)s on %(days)s") % {
        "other": other_name,
        "days": days,
    }


def _live(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return challenges.filter(starts_on__isnull=False).exclude(phase=Phase.CANCELLED)


def programme_month(
    *, user: User, programme: Programme, month: Month, today: datetime.date
) -> ProgrammeMonth:
    """Every challenge of `programme` on site in `month` (its clashes named) and every
    milestone due in it, by date. Clashes are checked against every challenge, of any
    programme, that the same reviewers or the same service have on overlapping days."""
    scope = challenge_scope(user)
    shown = list(
        _live(Challenge.objects.filter(programme=programme))
        .filter(starts_on__lte=month.last, ends_on__gte=month.first)
        .select_related("organisation", "review_type")
    )
    milestones = list(
        Milestone.objects.filter(
            challenge__programme=programme, due_on__gte=month.first, due_on__lte=month.last
        )
        .exclude(challenge__phase=Phase.CANCELLED)
        .select_related("challenge__organisation", "challenge__review_type", "owner")
    )
    found: dict[int, list[str]] = {}
    if shown:
        found = _clashes_of(shown, scope=scope)
    entries = [
        Entry(
            challenge=challenge,
            starts_on=challenge.starts_on,
            ends_on=challenge.ends_on,
            part=str(challenge.get_phase_display()),
            clashes=found.get(challenge.pk, []),
        )
        for challenge in shown
    ] + [
        Entry(
            challenge=milestone.challenge,
            starts_on=milestone.due_on,
            ends_on=milestone.due_on,
            milestone=milestone,
            overdue=_is_overdue(milestone, today),
            part=(
                milestone.owner.full_name
                if milestone.owner
                else str(Owner(milestone.owner_party).label)
            ),
        )
        for milestone in milestones
    ]
    entries.sort(key=lambda entry: entry.sort_key)
    return ProgrammeMonth(entries=entries, clashing=[entry for entry in entries if entry.clashes])


def _clashes_of(shown: list[Challenge], *, scope: ChallengeScope) -> dict[int, list[str]]:
    """The clashes of each challenge in `shown`, in words: three queries whatever the number."""
    first = min(challenge.starts_on for challenge in shown)
    last = max(challenge.ends_on for challenge in shown)
    ids = [challenge.pk for challenge in shown]
    overlapping = Q(challenge__starts_on__lte=last, challenge__ends_on__gte=first)
    # Every place the shown teams' reviewers hold on challenges within the shown days.
    places = list(
        TeamMember.objects.filter(
            overlapping,
            status__in=sorted(HOLDS_PLACE),
            reviewer_id__in=TeamMember.objects.filter(
                challenge_id__in=ids, status__in=sorted(HOLDS_PLACE)
            ).values("reviewer_id"),
            challenge__starts_on__isnull=False,
        )
        .exclude(challenge__phase=Phase.CANCELLED)
        .select_related("challenge__organisation", "reviewer__user")
    )
    same_service = list(
        _live(Challenge.objects.filter(organisation_id__in={c.organisation_id for c in shown}))
        .filter(starts_on__lte=last, ends_on__gte=first)
        .select_related("organisation")
    )
    reviewer_ids = {place.reviewer_id for place in places if place.challenge_id in ids}
    away = list(
        Unavailability.objects.filter(
            reviewer_id__in=reviewer_ids, starts_on__lte=last, ends_on__gte=first
        ).values_list("reviewer_id", "starts_on", "ends_on")
    )
    challenges = {challenge.pk: challenge for challenge in shown}
    challenges |= {place.challenge_id: place.challenge for place in places}
    challenges |= {challenge.pk: challenge for challenge in same_service}
    names = {place.reviewer_id: place.reviewer.user.full_name for place in places}
    found = clashes.clashes_for(
        challenge_ids=ids,
        visits=[
            clashes.Visit(c.pk, c.organisation_id, c.starts_on, c.ends_on)
            for c in challenges.values()
        ],
        places=[clashes.Place(place.challenge_id, place.reviewer_id) for place in places],
        away=[clashes.Away(*row) for row in away],
    )
    return {
        challenge_id: [
            _clash_words(clash, names=names, challenges=challenges, scope=scope)
            for clash in challenge_clashes
        ]
        for challenge_id, challenge_clashes in found.items()
    }


# --- Feeds -------------------------------------------------------------------------------------


def feed_of(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_for_token(*, token: str) -> CalendarFeed | None:
    """The feed with this secret address, when its person can still sign in; else None."""
    return (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
