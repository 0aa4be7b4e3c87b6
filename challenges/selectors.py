"""Reads for the challenge pages, scoped to the person and shaped for a fixed number of
queries whatever the number of challenges."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from applications.enums import ApplicationState
from applications.models import Application
from applications.visibility import application_scope
from offers.models import TeamPlace

from .enums import FINISHED, HOLDS_PLACE, MemberStatus
from .export import PlaceLine, places_of
from .models import Challenge, ChallengeEvent, Milestone, TeamMember
from .visibility import challenge_scope


def places_total():
    """The team's places: the offer's composition, and the shadowing place if there is one."""
    shadow = Case(When(shadowing_place=True, then=Value(1)), default=Value(0))
    return shadow + Coalesce(
        Subquery(
            TeamPlace.objects.filter(review_type_id=OuterRef("review_type_id"))
            .values("review_type_id")
            .annotate(n=Sum("count"))
            .values("n")
        ),
        0,
    )


def challenges_for_user(*, user: User) -> QuerySet[Challenge]:
    """The challenges `user` may see, with what the list shows joined and counted: places,
    members who accepted, members holding a place, and milestones overdue."""
    today = timezone.localdate()
    return (
        Challenge.objects.filter(challenge_scope(user).q())
        .select_related("programme", "organisation__region", "review_type", "cycle")
        .annotate(
            places=places_total(),
            accepted=Count(
                "members", filter=Q(members__status=MemberStatus.ACCEPTED), distinct=True
            ),
            holding=Count(
                "members", filter=Q(members__status__in=sorted(HOLDS_PLACE)), distinct=True
            ),
            overdue=Count(
                "milestones",
                filter=Q(milestones__done_on__isnull=True, milestones__due_on__lt=today)
                & ~Q(phase__in=sorted(FINISHED)),
                distinct=True,
            ),
        )
    )


def unstaffed(queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
    """Challenges still being staffed whose places are not all held (the shadowing place
    counts when the challenge has one)."""
    return queryset.exclude(phase__in=sorted(FINISHED)).filter(holding__lt=F("places"))


def challenge_for_user(*, user: User, pk: int) -> Challenge:
    """The challenge, if `user` may see it; 404 otherwise (whether or not it exists)."""
    challenge = (
        Challenge.objects.filter(challenge_scope(user).q(), pk=pk)
        .select_related(
            "programme",
            "organisation__region",
            "review_type",
            "cycle",
            "application",
            "delivering_organisation",
        )
        .prefetch_related("review_type__team_places", "lines_of_enquiry")
        .first()
    )
    if challenge is None:
        raise Http404
    return challenge


def events_for(*, challenge: Challenge) -> QuerySet[ChallengeEvent]:
    return challenge.events.select_related("actor", "member__reviewer__user")


def milestones_for(*, challenge: Challenge) -> list[Milestone]:
    return list(challenge.milestones.select_related("owner").order_by("due_on", "position", "pk"))


@dataclass
class Seat:
    """One place of the team as the team page shows it: its role and requirement, and who
    holds it (None while open)."""

    line: PlaceLine
    member: TeamMember | None


def members_of(*, challenge: Challenge) -> list[TeamMember]:
    """Everyone ever proposed for the team, holding a place first, in the order invited."""
    members = list(
        challenge.members.select_related("reviewer__user", "reviewer__organisation").order_by("pk")
    )
    return sorted(members, key=lambda m: (not m.holds_place, m.pk))


def seats_of(*, challenge: Challenge, members: list[TeamMember]) -> list[Seat]:
    """The team's places, each with the member holding it (by role, in the order invited)."""
    holders: dict[str, list[TeamMember]] = {}
    for member in members:
        if member.holds_place:
            holders.setdefault(member.role, []).append(member)
    seats = []
    for line in places_of(challenge):
        for _index in range(line.count):
            queue = holders.get(line.role, [])
            seats.append(Seat(line, queue.pop(0) if queue else None))
    # Members in a role the offer no longer has keep their row on the page.
    for queue in holders.values():
        for member in queue:
            seats.append(Seat(PlaceLine(member.role, "none", 1), member))
    return seats


def approved_without_challenge(*, user: User) -> QuerySet[Application]:
    """Approved applications of the programmes `user` coordinates that are not yet a
    challenge: what a coordinator turns into one."""
    scope = challenge_scope(user)
    applications = Application.objects.filter(application_scope(user).q()).filter(
        state=ApplicationState.APPROVED, challenge__isnull=True
    )
    if not scope.everything:
        applications = applications.filter(programme_id__in=scope.programme_ids)
    return applications.select_related("organisation", "review_type", "programme").order_by(
        "window_starts_on", "pk"
    )


def application_to_schedule(*, user: User, pk: int) -> Application:
    """An approved application a coordinator may make a challenge from; 404 for one they do
    not coordinate (or cannot see)."""
    scope = challenge_scope(user)
    application = (
        Application.objects.filter(application_scope(user).q(), pk=pk)
        .select_related("organisation", "review_type", "programme", "cycle")
        .first()
    )
    if application is None or not (
        scope.everything or application.programme_id in scope.programme_ids
    ):
        raise Http404
    return application


def invitations_for(*, user: User) -> QuerySet[TeamMember]:
    """The person's invitations waiting for an answer."""
    return (
        TeamMember.objects.filter(reviewer__user=user, status=MemberStatus.INVITED)
        .exclude(challenge__phase__in=sorted(FINISHED))
        .select_related("challenge__organisation", "challenge__review_type")
        .order_by("challenge__starts_on", "pk")
    )


def own_member(*, user: User, challenge: Challenge) -> TeamMember | None:
    """The person's latest place on the challenge's team (any status), or None."""
    return (
        challenge.members.filter(reviewer__user=user)
        .select_related("reviewer__user")
        .order_by("-pk")
        .first()
    )
