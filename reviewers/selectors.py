"""Reads for the reviewer pool and training, shaped for a fixed number of queries per page."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import User
from accounts.rules import coordinated_programme_ids

from .enums import HOLDS_A_PLACE, BookingStatus, ChangeStatus, CourseKind, JobRole, PoolStatus
from .models import (
    Booking,
    CompletedReview,
    Course,
    EligibilityRule,
    PoolMembership,
    Reviewer,
    ReviewerChange,
    TrainingRequest,
    TrainingSession,
    Unavailability,
)
from .qualification import Facts, Standing, standing
from .rules import VOUCHING


def _attended(kind: CourseKind) -> Exists:
    return Exists(
        Booking.objects.filter(
            reviewer_id=OuterRef("reviewer_id"),
            status=BookingStatus.ATTENDED,
            session__course__programme_id=OuterRef("programme_id"),
            session__course__kind=kind,
        )
    )


def with_facts(queryset: QuerySet[PoolMembership]) -> QuerySet[PoolMembership]:
    """Pool memberships annotated with what their qualification is derived from."""
    reviews = (
        CompletedReview.objects.filter(
            reviewer_id=OuterRef("reviewer_id"), programme_id=OuterRef("programme_id")
        )
        .values("reviewer_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        core_attended=_attended(CourseKind.CORE),
        specialist_attended=_attended(CourseKind.SPECIALIST),
        reviews_completed=Coalesce(
            Subquery(reviews, output_field=IntegerField()), Value(0), output_field=IntegerField()
        ),
    )


def qualifying_roles(programme_ids) -> dict[int, frozenset[str]]:
    """Each programme's eligibility rule: the job roles that qualify (one query)."""
    roles: dict[int, set[str]] = {}
    for programme_id, job_role in EligibilityRule.objects.filter(
        programme_id__in=programme_ids
    ).values_list("programme_id", "job_role"):
        roles.setdefault(programme_id, set()).add(job_role)
    return {pk: frozenset(values) for pk, values in roles.items()}


def standing_of(membership: PoolMembership, rules: dict[int, frozenset[str]]) -> Standing:
    """The qualification of an annotated pool membership (see with_facts)."""
    return standing(
        Facts(
            accepted=membership.status == PoolStatus.ACCEPTED,
            job_role=membership.reviewer.job_role,
            qualifying_roles=rules.get(membership.programme_id, frozenset()),
            core_attended=membership.core_attended,
            reviews_completed=membership.reviews_completed,
            specialist_attended=membership.specialist_attended,
        )
    )


@dataclass
class PoolEntry:
    """One row of the directory: a person in a pool, with their derived standing."""

    membership: PoolMembership
    standing: Standing

    @property
    def reviewer(self) -> Reviewer:
        return self.membership.reviewer


def pool_entries(
    *,
    user: User,
    programme_ids: list[int] | None = None,
    qualification: str = "",
    region_id: int | None = None,
    job_role: str = "",
    expertise_id: int | None = None,
    available_from: datetime.date | None = None,
    available_to: datetime.date | None = None,
    statuses=(PoolStatus.ACCEPTED, PoolStatus.REQUESTED),
) -> list[PoolEntry]:
    """The directory: people in the pools `user` coordinates, filtered, each with their
    standing. Two queries however many people (the rows, and the pools' rules)."""
    queryset = PoolMembership.objects.filter(status__in=statuses).select_related(
        "programme", "reviewer__user", "reviewer__organisation__region"
    )
    allowed = coordinated_programme_ids(user)
    if allowed is not None:
        queryset = queryset.filter(programme_id__in=allowed)
    if programme_ids:
        queryset = queryset.filter(programme_id__in=programme_ids)
    if region_id:
        queryset = queryset.filter(reviewer__organisation__region_id=region_id)
    if job_role:
        queryset = queryset.filter(reviewer__job_role=job_role)
    if expertise_id:
        queryset = queryset.filter(reviewer__expertise__id=expertise_id)
    if available_from and available_to:
        queryset = queryset.exclude(
            Exists(
                Unavailability.objects.filter(
                    reviewer_id=OuterRef("reviewer_id"),
                    starts_on__lte=available_to,
                    ends_on__gte=available_from,
                )
            )
        )
    memberships = list(
        with_facts(queryset).order_by("reviewer__user__full_name", "programme__name")
    )
    rules = qualifying_roles({m.programme_id for m in memberships})
    entries = [PoolEntry(m, standing_of(m, rules)) for m in memberships]
    if qualification:
        entries = [e for e in entries if e.standing.qualification == qualification]
    return entries


def membership_for_coordinator(*, user: User, pk: int) -> PoolMembership:
    """A place in (or request to join) a pool the user coordinates, annotated with what its
    standing derives from; 404 for any other, so its existence is not told."""
    memberships = with_facts(
        PoolMembership.objects.select_related(
            "programme", "reviewer__user", "reviewer__organisation__region"
        )
    )
    allowed = coordinated_programme_ids(user)
    if allowed is not None:
        memberships = memberships.filter(programme_id__in=allowed)
    membership = memberships.filter(pk=pk).first()
    if membership is None:
        raise Http404
    return membership


def reviewer_for_user(*, user: User, pk: int) -> Reviewer:
    """A reviewer's record, or 404 for one the user may not see."""
    reviewer = (
        Reviewer.objects.select_related("user", "organisation__region")
        .prefetch_related("pools")
        .filter(pk=pk)
        .first()
    )
    if reviewer is None or not user.has_perm("reviewers.view_reviewer", reviewer):
        raise Http404
    return reviewer


def own_reviewer(*, user: User) -> Reviewer | None:
    return Reviewer.objects.filter(user=user).select_related("organisation").first()


@dataclass
class Record:
    """Everything a reviewer's record page (and their CPD record) shows."""

    reviewer: Reviewer
    pools: list[PoolEntry]
    bookings: list[Booking]
    completed_reviews: list[CompletedReview]
    away: list[Unavailability]
    conflicts: list
    employers: list
    open_requests: list[TrainingRequest]
    # Changes to the home organisation and job role asked for, the latest first.
    changes: list[ReviewerChange]

    @property
    def pending_change(self) -> ReviewerChange | None:
        return next((c for c in self.changes if c.status == ChangeStatus.PENDING), None)


def record_for(*, reviewer: Reviewer) -> Record:
    memberships = list(
        with_facts(reviewer.pools.select_related("programme", "reviewer__user")).order_by(
            "programme__name"
        )
    )
    rules = qualifying_roles({m.programme_id for m in memberships})
    return Record(
        reviewer=reviewer,
        pools=[PoolEntry(m, standing_of(m, rules)) for m in memberships],
        bookings=list(
            reviewer.bookings.select_related("session__course__programme").order_by(
                "-session__starts_on"
            )
        ),
        completed_reviews=list(
            reviewer.completed_reviews.select_related("programme", "organisation").order_by(
                "-completed_on"
            )
        ),
        away=list(reviewer.away.order_by("starts_on")),
        conflicts=list(reviewer.conflicts.select_related("organisation")),
        employers=list(reviewer.employers.select_related("organisation")),
        open_requests=list(
            reviewer.training_requests.filter(closed_at__isnull=True).select_related("course")
        ),
        changes=list(
            reviewer.changes.select_related("organisation", "asked_by", "decided_by").order_by(
                "-created_at", "-pk"
            )
        ),
    )


# --- Changes to a reviewer's details ---------------------------------------------------------


def pending_change(*, reviewer: Reviewer) -> ReviewerChange | None:
    """The change to the reviewer's home organisation and job role waiting, if any."""
    return (
        reviewer.changes.filter(status=ChangeStatus.PENDING)
        .select_related("organisation", "asked_by")
        .first()
    )


def changes_to_confirm(*, user: User) -> list[ReviewerChange]:
    """The changes waiting for this user to confirm: of people in (or asking to join) a pool
    the user coordinates, never their own, the longest waiting first. One query however many."""
    queryset = ReviewerChange.objects.filter(status=ChangeStatus.PENDING).exclude(
        reviewer__user=user
    )
    allowed = coordinated_programme_ids(user)
    if allowed is not None:
        queryset = queryset.filter(
            Exists(
                PoolMembership.objects.filter(
                    reviewer_id=OuterRef("reviewer_id"),
                    programme_id__in=allowed,
                    status__in=VOUCHING,
                )
            )
        )
    return list(
        queryset.select_related(
            "organisation", "reviewer__user", "reviewer__organisation"
        ).order_by("created_at", "pk")
    )


def change_for_user(*, user: User, pk: int) -> ReviewerChange:
    """A change to a reviewer's details, with the reviewer's record; 404 unless the user
    may see the record (whether they may answer it is asked of the record)."""
    change = (
        ReviewerChange.objects.select_related("organisation__region", "asked_by")
        .filter(pk=pk)
        .first()
    )
    if change is None:
        raise Http404
    change.reviewer = reviewer_for_user(user=user, pk=change.reviewer_id)
    return change


# --- Training --------------------------------------------------------------------------------


def courses_with_demand(*, user: User) -> QuerySet[Course]:
    """Courses of the user's programmes with how many people wait for each and the sessions
    to come (three queries whatever the number of courses)."""
    queryset = Course.objects.select_related("programme").annotate(
        waiting=Count("requests", filter=Q(requests__closed_at__isnull=True), distinct=True)
    )
    allowed = coordinated_programme_ids(user)
    if allowed is not None:
        queryset = queryset.filter(programme_id__in=allowed)
    sessions = TrainingSession.objects.annotate(
        taken=Count("bookings", filter=Q(bookings__status__in=HOLDS_A_PLACE))
    ).order_by("starts_on")
    return queryset.prefetch_related(Prefetch("sessions", queryset=sessions)).order_by(
        "programme__name", "name"
    )


def session_for_user(*, user: User, pk: int) -> TrainingSession:
    session = TrainingSession.objects.select_related("course__programme").filter(pk=pk).first()
    allowed = coordinated_programme_ids(user)
    if session is None or (allowed is not None and session.course.programme_id not in allowed):
        raise Http404
    return session


def bookings_for(*, session: TrainingSession) -> list[Booking]:
    return list(
        session.bookings.select_related("reviewer__user", "reviewer__organisation").order_by(
            "created_at", "pk"
        )
    )


def places_taken(*, session: TrainingSession) -> int:
    return session.bookings.filter(status__in=HOLDS_A_PLACE).count()


def waiting_requests(*, course: Course) -> QuerySet[TrainingRequest]:
    return (
        course.requests.filter(closed_at__isnull=True)
        .select_related("reviewer__user", "reviewer__organisation")
        .order_by("created_at", "pk")
    )


def requests_an_invitation_books(*, session: TrainingSession) -> QuerySet[TrainingRequest]:
    """The course's open requests from people not yet on `session`, in the order they asked:
    the people an invitation to the session books (services.session_invite_waiting)."""
    return waiting_requests(course=session.course).exclude(reviewer__bookings__session=session)


def conflicted_organisation_ids(*, reviewer: Reviewer, on: datetime.date) -> set[int]:
    """Organisations `reviewer` must not review on `on`: their own, those they declared a
    conflict with for a period covering the date, and employers they left within
    CONFLICT_PREVIOUS_EMPLOYER_YEARS years."""
    return conflicted_organisation_ids_between(reviewer=reviewer, start=on, end=on)


def conflicted_organisation_ids_between(
    *, reviewer: Reviewer, start: datetime.date, end: datetime.date
) -> set[int]:
    """Organisations `reviewer` must not review on some day from `start` to `end`: their own,
    those they declared a conflict with for a period touching those days, and employers they
    left within CONFLICT_PREVIOUS_EMPLOYER_YEARS years of any of them. Reads the reviewer's
    `conflicts` and `employers` (prefetch them for many reviewers)."""
    employer_years = settings.CONFLICT_PREVIOUS_EMPLOYER_YEARS
    ids = {reviewer.organisation_id}
    for conflict in reviewer.conflicts.all():
        if (conflict.starts_on is None or conflict.starts_on <= end) and (
            conflict.ends_on is None or start <= conflict.ends_on
        ):
            ids.add(conflict.organisation_id)
    # 29 February has no counterpart in most years: count from the 28th.
    cutoff = start.replace(
        day=min(start.day, 28) if start.month == 2 else start.day,
        year=start.year - employer_years,
    )
    ids.update(
        employment.organisation_id
        for employment in reviewer.employers.all()
        if employment.left_on >= cutoff
    )
    return ids


# --- Setting up a programme's pool -------------------------------------------------------------


def eligibility_rules_of(*, programme_id: int) -> list[EligibilityRule]:
    """The pool's eligibility rule, a row per job role, in the order job roles are listed."""
    order = {role: position for position, role in enumerate(JobRole.values)}
    rules = EligibilityRule.objects.filter(programme_id=programme_id)
    return sorted(rules, key=lambda rule: order.get(rule.job_role, len(order)))


def pool_job_roles(*, programme_id: int) -> dict[str, int]:
    """How many people are in the pool (accepted into it), by job role (one query)."""
    return dict(
        PoolMembership.objects.filter(programme_id=programme_id, status=PoolStatus.ACCEPTED)
        .order_by()
        .values_list("reviewer__job_role")
        .annotate(people=Count("pk"))
        .values_list("reviewer__job_role", "people")
    )


def course_in_use(*, course: Course) -> bool:
    """Whether the course has sessions or people who asked for it, and so must be kept."""
    return course.sessions.exists() or course.requests.exists()
