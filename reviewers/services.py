"""Writes for the reviewer pool and training: one function per use case, each in a
transaction, raising ValidationError (with the field at fault) or ReviewerError. What a form
creates is created once per form (core.once): its `token` makes the row, and the same token
again returns that row."""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.enums import Role
from accounts.models import Membership, Organisation, Programme, User
from accounts.selectors import coordinator_emails
from core.once import create_once, created_with
from core.tasks import send_templated_email_after_commit
from offers.models import LineOfEnquiry

from . import selectors
from .enums import (
    HOLDS_A_PLACE,
    BookingStatus,
    ChangeStatus,
    CourseKind,
    JobRole,
    PoolStatus,
    ReviewSource,
)
from .models import (
    Booking,
    CompletedReview,
    ConflictOfInterest,
    Course,
    EligibilityRule,
    PoolMembership,
    PreviousEmployment,
    Reviewer,
    ReviewerChange,
    TrainingRequest,
    TrainingSession,
    Unavailability,
)
from .qualification import role_labels


class ReviewerError(Exception):
    """A change the rules do not allow; its message is shown to the user as it is."""


def _email(*, template: str, context: dict, to: list[str]) -> None:
    send_templated_email_after_commit(
        template=f"reviewers/email/{template}", context=context, to=to
    )


def _check_period(starts_on, ends_on, *, start_field="starts_on", end_field="ends_on") -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({end_field: _("The end date must be the same as or after the start")})


# --- Joining ---------------------------------------------------------------------------------


@transaction.atomic
def reviewer_join(
    *,
    user: User,
    programme: Programme,
    organisation: Organisation,
    job_role: str,
    needs_training: bool,
    expertise: list[LineOfEnquiry] = (),
) -> PoolMembership:
    """Ask to join `programme`'s pool. Creates the person's reviewer record (or updates their
    organisation and role), and a training request for the pool's core course when they need
    training. The programme's coordinators are told.

    A job role the pool's eligibility rule does not take is refused, so that the person
    knows at once. For someone already in a pool, a new organisation or job role waits for a
    coordinator to confirm it (see _details_change)."""
    if job_role not in JobRole.values:
        raise ValidationError({"job_role": _("Select your job role from the list")})
    qualifying = selectors.qualifying_roles([programme.pk]).get(programme.pk, frozenset())
    if qualifying and job_role not in qualifying:
        raise ValidationError(
            {
                "job_role": _("Only these job roles can join the %(pool)s pool: %(roles)s")
                % {"pool": programme.name, "roles": "; ".join(role_labels(qualifying))}
            }
        )
    reviewer = Reviewer.objects.filter(user=user).first()
    if reviewer is None:
        reviewer = Reviewer.objects.create(user=user, organisation=organisation, job_role=job_role)
    else:
        _details_change(reviewer=reviewer, organisation=organisation, job_role=job_role, by=user)
        reviewer.save()
    if expertise:
        reviewer.expertise.add(*expertise)
    existing = PoolMembership.objects.filter(reviewer=reviewer, programme=programme).first()
    if existing is not None and existing.status != PoolStatus.LEFT:
        raise ValidationError(
            {
                "programme": _("You are already on this pool's list. Your status: %(status)s")
                % {"status": existing.get_status_display().lower()}
            }
        )
    membership = existing or PoolMembership(reviewer=reviewer, programme=programme)
    membership.status = PoolStatus.REQUESTED
    membership.needs_training = needs_training
    membership.reason = ""
    membership.decided_by = None
    membership.decided_at = None
    membership.save()
    if needs_training:
        course = programme.courses.filter(kind=CourseKind.CORE, is_active=True).first()
        if course is not None:
            training_request(reviewer=reviewer, course=course)
    _email(
        template="join_requested",
        context={"membership": membership},
        to=coordinator_emails(programme_id=programme.pk),
    )
    return membership


@transaction.atomic
def pool_decide(
    *, membership: PoolMembership, accept: bool, reason: str, by: User
) -> PoolMembership:
    """Accept someone into a pool or decline them with a reason; they are told by email."""
    membership = PoolMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != PoolStatus.REQUESTED:
        raise ReviewerError(
            _("This request has already been answered (%(status)s).")
            % {"status": membership.get_status_display().lower()}
        )
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for not accepting")})
    membership.status = PoolStatus.ACCEPTED if accept else PoolStatus.DECLINED
    membership.reason = reason.strip()
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save()
    if accept:
        # A place in the pool is the person's reviewer role in the programme.
        Membership.objects.get_or_create(
            user=membership.reviewer.user, role=Role.REVIEWER, programme=membership.programme
        )
    _email(
        template="join_decided",
        context={"membership": membership},
        to=[membership.reviewer.user.email],
    )
    return membership


@transaction.atomic
def pool_leave(*, membership: PoolMembership, by: User, reason: str = "") -> PoolMembership:
    """Take someone out of a pool: they leave it themself, or a coordinator records that they
    have left (with a reason). Their reviewer role in the programme goes; their bookings on
    the programme's sessions still to come are cancelled (the waiting list moves up) and their
    requests for its training closed. The other side is told by email. They may ask to join
    again later (reviewer_join)."""
    membership = (
        PoolMembership.objects.select_for_update()
        .select_related("programme", "reviewer__user", "reviewer__organisation")
        .get(pk=membership.pk)
    )
    if membership.status != PoolStatus.ACCEPTED:
        raise ReviewerError(
            _("This person is not in the pool (status: %(status)s).")
            % {"status": membership.get_status_display().lower()}
        )
    person = membership.reviewer.user
    by_themself = by.pk == person.pk
    if not by_themself and not reason.strip():
        raise ValidationError({"reason": _("Give the reason they are leaving the pool")})
    membership.status = PoolStatus.LEFT
    membership.reason = reason.strip()
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save()
    Membership.objects.filter(
        user=person, role=Role.REVIEWER, programme=membership.programme
    ).delete()
    upcoming = Booking.objects.filter(
        reviewer=membership.reviewer,
        session__course__programme=membership.programme,
        session__starts_on__gt=timezone.localdate(),
        status__in=(BookingStatus.BOOKED, BookingStatus.WAITING),
    ).select_related("session__course")
    cancelled = [booking_cancel(booking=booking) for booking in upcoming.order_by("pk")]
    TrainingRequest.objects.filter(
        reviewer=membership.reviewer,
        course__programme=membership.programme,
        closed_at__isnull=True,
    ).update(closed_at=timezone.now())
    context = {"membership": membership, "cancelled": cancelled}
    if by_themself:
        _email(
            template="pool_left",
            context=context,
            to=coordinator_emails(programme_id=membership.programme_id),
        )
    else:
        _email(template="pool_left_recorded", context=context, to=[person.email])
    return membership


@transaction.atomic
def reviewer_update(
    *,
    reviewer: Reviewer,
    organisation: Organisation,
    job_role: str,
    max_reviews_per_cycle: int,
    expertise: list[LineOfEnquiry],
    by: User,
) -> ReviewerChange | None:
    """Change a reviewer's details. Their home organisation and job role change at once
    only when `by` may confirm such a change; otherwise they wait for a coordinator (see
    _details_change). Returns the change `by` asked for that is waiting, if any."""
    if job_role not in JobRole.values:
        raise ValidationError({"job_role": _("Select a job role from the list")})
    waiting = _details_change(
        reviewer=reviewer, organisation=organisation, job_role=job_role, by=by
    )
    reviewer.max_reviews_per_cycle = max_reviews_per_cycle
    reviewer.full_clean(exclude=["user"])
    reviewer.save()
    reviewer.expertise.set(expertise)
    return waiting


def _details_change(
    *, reviewer: Reviewer, organisation: Organisation, job_role: str, by: User
) -> ReviewerChange | None:
    """Make `organisation` and `job_role` the reviewer's (the caller saves the reviewer).

    They count at once when `by` may confirm a change (a coordinator of a pool the person
    is in or asking to join), or when no pool has accepted the person yet (the answer to
    their request checks them). Otherwise the confirmed values go on counting, and the new
    ones wait as a ReviewerChange; a change already waiting is replaced by it, or withdrawn
    when the person goes back to the confirmed values. Returns the change `by` asked for
    that is waiting, if any."""
    # The person's row is locked first (as reviewer_change_decide does), so that two saves
    # at once ask for one change; the confirmed values are read under the lock, and kept on
    # the object the caller saves.
    confirmed = (
        Reviewer.objects.select_for_update()
        .filter(pk=reviewer.pk)
        .values_list("organisation_id", "job_role")
        .get()
    )
    reviewer.organisation_id, reviewer.job_role = confirmed
    pending = ReviewerChange.objects.filter(reviewer=reviewer, status=ChangeStatus.PENDING).first()
    asked = (organisation.pk, job_role)
    matches_pending = pending is not None and asked == (pending.organisation_id, pending.job_role)
    if asked == confirmed:
        # Nothing to change. The person asking for the confirmed values again withdraws
        # what they asked for; anyone else saving other details leaves it to be answered.
        if pending is not None and pending.asked_by_id == by.pk:
            _change_close(pending, status=ChangeStatus.REPLACED, by=by)
        return None
    may_confirm = by.has_perm("reviewers.confirm_change", reviewer)
    accepted = reviewer.pools.filter(status=PoolStatus.ACCEPTED).exists()
    if accepted and not may_confirm:
        if matches_pending:
            return pending
        if pending is not None:
            _change_close(pending, status=ChangeStatus.REPLACED, by=by)
        return ReviewerChange.objects.create(
            reviewer=reviewer, organisation=organisation, job_role=job_role, asked_by=by
        )
    reviewer.organisation, reviewer.job_role = organisation, job_role
    if pending is not None:
        # A coordinator who makes the change the person asked for has confirmed it.
        answer = (
            ChangeStatus.CONFIRMED if matches_pending and may_confirm else ChangeStatus.REPLACED
        )
        _change_close(pending, status=answer, by=by)
    return None


def _change_close(change: ReviewerChange, *, status: ChangeStatus, by: User, reason="") -> None:
    change.status = status
    change.reason = reason
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save()


@transaction.atomic
def reviewer_change_decide(
    *, change: ReviewerChange, confirm: bool, reason: str, by: User
) -> ReviewerChange:
    """Confirm a change to a reviewer's home organisation and job role (it counts from now
    on), or reject it with a reason (the confirmed values stay). The person is told by email."""
    # The person's row first, then the change: the order _details_change locks them in.
    reviewer = Reviewer.objects.select_for_update().get(pk=change.reviewer_id)
    change = ReviewerChange.objects.select_for_update().get(pk=change.pk)
    change.reviewer = reviewer
    if change.status != ChangeStatus.PENDING:
        raise ReviewerError(
            _("This change has already been answered (%(status)s).")
            % {"status": change.get_status_display().lower()}
        )
    if not confirm and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for not confirming the change")})
    if confirm:
        reviewer.organisation, reviewer.job_role = change.organisation, change.job_role
        reviewer.save()
    _change_close(
        change,
        status=ChangeStatus.CONFIRMED if confirm else ChangeStatus.REJECTED,
        by=by,
        reason="" if confirm else reason.strip(),
    )
    _email(
        template="change_decided",
        context={"change": change},
        to=[change.reviewer.user.email],
    )
    return change


@transaction.atomic
def unavailability_add(
    *,
    reviewer: Reviewer,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
    token: uuid.UUID | None = None,
) -> Unavailability:
    """Add dates away. The same dates twice would mean nothing: from another form they are
    refused (the database keeps one row of them per person)."""
    _check_period(starts_on, ends_on)
    row = Unavailability(reviewer=reviewer, starts_on=starts_on, ends_on=ends_on, reason=reason)
    try:
        away, _created = create_once(row, token=token, owner=["reviewer"])
    except IntegrityError:
        if not reviewer.away.filter(starts_on=starts_on, ends_on=ends_on).exists():
            raise
        raise ValidationError(
            {"starts_on": _("These dates away have already been added")}
        ) from None
    return away


@transaction.atomic
def unavailability_remove(*, unavailability: Unavailability) -> None:
    """Delete dates away (the person is available after all)."""
    unavailability.delete()


@transaction.atomic
def conflict_add(
    *,
    reviewer: Reviewer,
    organisation: Organisation,
    reason: str,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    token: uuid.UUID | None = None,
) -> ConflictOfInterest:
    _check_period(starts_on, ends_on)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this is a conflict of interest")})
    conflict, _created = create_once(
        ConflictOfInterest(
            reviewer=reviewer,
            organisation=organisation,
            reason=reason.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
        ),
        token=token,
        owner=["reviewer"],
    )
    return conflict


@transaction.atomic
def employment_add(
    *,
    reviewer: Reviewer,
    organisation: Organisation,
    left_on: datetime.date,
    token: uuid.UUID | None = None,
) -> PreviousEmployment:
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": _("The date you left must be today or in the past")})
    employment, _created = create_once(
        PreviousEmployment(reviewer=reviewer, organisation=organisation, left_on=left_on),
        token=token,
        owner=["reviewer"],
    )
    return employment


@transaction.atomic
def completed_review_record(
    *,
    reviewer: Reviewer,
    programme: Programme,
    organisation: Organisation,
    completed_on: datetime.date,
    role: str,
    by: User,
    source: str = ReviewSource.RECORDED,
    reference: str = "",
    token: uuid.UUID | None = None,
) -> CompletedReview:
    """Record a peer review the reviewer completed, which counts towards their qualification
    in `programme`: typed by a coordinator (a review done before this service held it: the
    form's `token` records it once), or recorded by the app that ran it (`source` and its own
    `reference`). Recording the same reference again updates that record instead of adding
    another."""
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The review must have been completed already")})
    if organisation.pk == reviewer.organisation_id:
        raise ValidationError(
            {"organisation": _("A reviewer cannot have reviewed their own service")}
        )
    values = {
        "programme": programme,
        "organisation": organisation,
        "completed_on": completed_on,
        "role": role,
        "recorded_by": by,
    }
    if not reference:
        review, _created = create_once(
            CompletedReview(reviewer=reviewer, source=source, **values),
            token=token,
            owner=["reviewer"],
        )
        return review
    review, _created = CompletedReview.objects.update_or_create(
        reviewer=reviewer, source=source, reference=reference, defaults=values
    )
    return review


@transaction.atomic
def completed_reviews_record_team(
    *,
    people: list[tuple[Reviewer, str]],
    programme: Programme,
    organisation: Organisation,
    completed_on: datetime.date,
    by: User,
    reference: str,
) -> list[CompletedReview]:
    """Record a peer challenge the service ran as a completed review for each person who took
    part, with their role on the team (`people`), in a fixed number of queries however big the
    team. The challenge's `reference` makes it once per person: recording it again updates
    those records instead of adding more."""
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The review must have been completed already")})
    if any(reviewer.organisation_id == organisation.pk for reviewer, _role in people):
        raise ValidationError(
            {"organisation": _("A reviewer cannot have reviewed their own service")}
        )
    existing = {
        review.reviewer_id: review
        for review in CompletedReview.objects.filter(
            source=ReviewSource.CHALLENGE,
            reference=reference,
            reviewer_id__in=[reviewer.pk for reviewer, _role in people],
        )
    }
    values = {
        "programme": programme,
        "organisation": organisation,
        "completed_on": completed_on,
        "recorded_by": by,
    }
    changed, added = [], []
    for reviewer, role in people:
        review = existing.get(reviewer.pk)
        if review is None:
            added.append(
                CompletedReview(
                    reviewer=reviewer,
                    source=ReviewSource.CHALLENGE,
                    reference=reference,
                    role=role,
                    **values,
                )
            )
        else:
            for name, value in (values | {"role": role}).items():
                setattr(review, name, value)
            changed.append(review)
    if changed:
        bulk_update_with_history(
            changed,
            CompletedReview,
            ["programme", "organisation", "completed_on", "recorded_by", "role"],
            default_user=by,
        )
    if added:
        bulk_create_with_history(added, CompletedReview, default_user=by)
    return [*changed, *added]


# --- Training --------------------------------------------------------------------------------


@transaction.atomic
def training_request(*, reviewer: Reviewer, course: Course) -> TrainingRequest:
    """Put the reviewer on the list of people waiting for `course` (once)."""
    existing = course.requests.filter(reviewer=reviewer, closed_at__isnull=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return TrainingRequest.objects.create(reviewer=reviewer, course=course)
    except IntegrityError:
        return course.requests.get(reviewer=reviewer, closed_at__isnull=True)


@transaction.atomic
def session_save(
    *,
    session: TrainingSession,
    starts_on: datetime.date,
    ends_on: datetime.date,
    venue: str,
    is_virtual: bool,
    capacity: int,
    token: uuid.UUID | None = None,
) -> TrainingSession:
    """Create or change a session. Its dates must be in order and, for a new one, in the
    future; it cannot have fewer places than people already booked. A new one is set up once
    per form (its `token`)."""
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = _("The session must end on or after the day it starts")
    if session.pk is None and starts_on <= timezone.localdate():
        errors["starts_on"] = _("The session must start in the future")
    if not is_virtual and not venue.strip():
        errors["venue"] = _("Enter the venue, or say the session is virtual")
    if session.pk is not None:
        booked = session.bookings.filter(status__in=HOLDS_A_PLACE).count()
        if capacity < booked:
            errors["capacity"] = _(
                "%(booked)d people are booked: the session needs at least %(booked)d places"
            ) % {"booked": booked}
    if errors:
        raise ValidationError(errors)
    session.starts_on, session.ends_on = starts_on, ends_on
    session.venue, session.is_virtual, session.capacity = venue.strip(), is_virtual, capacity
    if session.pk is None:
        session, _created = create_once(session, token=token, owner=["course"])
    else:
        session.save()
    return session


@transaction.atomic
def booking_create(
    *, session: TrainingSession, reviewer: Reviewer, token: uuid.UUID | None = None
) -> Booking:
    """Book the reviewer on the session, or on its waiting list when it is full. The session
    row is locked, so two bookings for the last place cannot both take it. Closes the
    reviewer's request for the course. A person has one booking per session (a cancelled one
    is booked again); the booking form's `token` made at most one of them, which it returns
    when sent again, as it answered the first time."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if (earlier := created_with(Booking, token=token, owner={"session": session})) is not None:
        return earlier
    existing = session.bookings.filter(reviewer=reviewer).first()
    if existing is not None and existing.status != BookingStatus.CANCELLED:
        raise ValidationError(
            {
                "reviewer": _("%(person)s is already on this session (%(status)s)")
                % {"person": reviewer, "status": existing.get_status_display().lower()}
            }
        )
    taken = session.bookings.filter(status__in=HOLDS_A_PLACE).count()
    status = BookingStatus.BOOKED if taken < session.capacity else BookingStatus.WAITING
    booking = existing or Booking(session=session, reviewer=reviewer)
    booking.status = status
    if token is not None:
        booking.creation_token = token
    booking.save()
    TrainingRequest.objects.filter(
        reviewer=reviewer, course_id=session.course_id, closed_at__isnull=True
    ).update(closed_at=timezone.now())
    _email(
        template="booked",
        context={"booking": booking, "session": session},
        to=[reviewer.user.email],
    )
    return booking


@transaction.atomic
def session_invite_waiting(*, session: TrainingSession) -> list[Booking]:
    """Book everyone waiting for the session's course, in the order they asked (places
    first, then the waiting list), and close their requests. Like booking_create, it locks
    the session row before counting the places taken; but once for everyone, not once per
    person (a query per person would make the page's queries grow with the demand)."""
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    waiting = list(selectors.requests_an_invitation_books(session=session))
    free = session.capacity - session.bookings.filter(status__in=HOLDS_A_PLACE).count()
    bookings = []
    for position, request in enumerate(waiting):
        booking = Booking.objects.create(
            session=session,
            reviewer=request.reviewer,
            status=BookingStatus.BOOKED if position < free else BookingStatus.WAITING,
        )
        bookings.append(booking)
        _email(
            template="booked",
            context={"booking": booking, "session": session},
            to=[request.reviewer.user.email],
        )
    TrainingRequest.objects.filter(pk__in=[request.pk for request in waiting]).update(
        closed_at=timezone.now()
    )
    return bookings


@transaction.atomic
def booking_cancel(*, booking: Booking) -> Booking:
    """Cancel a booking; the first person on the waiting list takes the place."""
    session = TrainingSession.objects.select_for_update().get(pk=booking.session_id)
    booking.refresh_from_db()
    if booking.status not in (BookingStatus.BOOKED, BookingStatus.WAITING):
        raise ReviewerError(_("Only a booking or a place on the waiting list can be cancelled."))
    held_place = booking.status == BookingStatus.BOOKED
    booking.status = BookingStatus.CANCELLED
    booking.save()
    if held_place:
        first = session.bookings.filter(status=BookingStatus.WAITING).order_by("created_at", "pk")
        if (promoted := first.first()) is not None:
            promoted.status = BookingStatus.BOOKED
            promoted.save()
    return booking


ATTENDANCE = (BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND, BookingStatus.BOOKED)


@transaction.atomic
def attendance_record(*, session: TrainingSession, outcomes: dict[int, str]) -> int:
    """Mark who attended (by booking id); only booked places can be marked. Returns how many
    changed. Attendance of a session that has not started is refused."""
    if session.starts_on > timezone.localdate():
        raise ReviewerError(_("Attendance can be recorded once the session has started."))
    changed = 0
    bookings = {b.pk: b for b in session.bookings.select_for_update().filter(pk__in=outcomes)}
    for pk, status in outcomes.items():
        booking = bookings.get(pk)
        if booking is None or status not in ATTENDANCE:
            raise ValidationError({"attendance": _("Choose attended or did not attend")})
        if booking.status not in ATTENDANCE:
            raise ReviewerError(
                _("%(person)s is %(status)s, not booked on the session.")
                % {"person": booking.reviewer, "status": booking.get_status_display().lower()}
            )
        if booking.status != status:
            booking.status = status
            booking.save()
            changed += 1
    return changed


# --- Setting up a programme: its pool's eligibility rules and its courses ----------------------


@transaction.atomic
def eligibility_rule_save(
    *, rule: EligibilityRule, job_role: str, note: str, token: uuid.UUID | None = None
) -> EligibilityRule:
    """Add a job role to a pool's eligibility rule (once per form: core.once), or change one
    (its role or its note). A job role qualifies for a pool once. Who made the change is kept
    in the rule's history."""
    owner = {"programme": rule.programme_id}
    if rule.pk is None and (earlier := created_with(EligibilityRule, token=token, owner=owner)):
        return earlier
    if job_role not in JobRole.values:
        raise ValidationError({"job_role": _("Select a job role from the list")})
    taken = _("This job role can already join the pool")
    others = EligibilityRule.objects.filter(programme_id=rule.programme_id).exclude(pk=rule.pk)
    if others.filter(job_role=job_role).exists():
        raise ValidationError({"job_role": taken})
    rule.job_role, rule.note = job_role, note.strip()
    try:
        if rule.pk is None:
            rule, _created = create_once(rule, token=token, owner=["programme"])
        else:
            with transaction.atomic():
                rule.save()
    except IntegrityError as error:
        # Someone added the same job role since the check above.
        raise ValidationError({"job_role": taken}) from error
    return rule


@transaction.atomic
def eligibility_rule_remove(*, rule: EligibilityRule) -> None:
    """Take a job role out of a pool's eligibility rule. Nothing else refers to a rule: the
    people in that job role simply stop being eligible (unless it was the pool's only rule,
    which leaves the pool open to every job role). The history keeps the rule and who removed
    it."""
    rule.delete()


@transaction.atomic
def course_save(
    *,
    course: Course,
    name: str,
    kind: str,
    days: int,
    description: str,
    is_active: bool = True,
    token: uuid.UUID | None = None,
) -> Course:
    """Add a course to a programme (once per form: core.once), or change one. Its name is the
    programme's only course of that name (whatever the capitals), and its kind says what
    attending it counts towards."""
    owner = {"programme": course.programme_id}
    if course.pk is None and (earlier := created_with(Course, token=token, owner=owner)):
        return earlier
    name = name.strip()
    errors = {}
    if not name:
        errors["name"] = _("Enter the name of the course")
    if kind not in CourseKind.values:
        errors["kind"] = _("Select what kind of course it is")
    if days < 1:
        errors["days"] = _("The course must last at least 1 day")
    same_name = (
        Course.objects.filter(programme_id=course.programme_id, name__iexact=name)
        .exclude(pk=course.pk)
        .first()
    )
    if name and same_name is not None:
        errors["name"] = _("The programme already has a course called %(name)s") % {
            "name": same_name.name
        }
    if errors:
        raise ValidationError(errors)
    course.name, course.kind, course.days = name, kind, days
    course.description, course.is_active = description.strip(), is_active
    try:
        if course.pk is None:
            course, _created = create_once(course, token=token, owner=["programme"])
        else:
            with transaction.atomic():
                course.save()
    except IntegrityError as error:
        # Someone gave another course the same name since the check above.
        raise ValidationError(
            {"name": _("The programme already has a course called %(name)s") % {"name": name}}
        ) from error
    return course


@transaction.atomic
def course_remove(*, course: Course) -> None:
    """Delete a course added by mistake. One that has sessions or people who asked for it is
    kept, with its history: stop offering it instead (course_save with is_active=False)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    refused = ReviewerError(
        _(
            "%(course)s cannot be removed: it has sessions or people who asked for it. Stop "
            "offering it instead: change the course and say it is not offered now."
        )
        % {"course": course.name}
    )
    if selectors.course_in_use(course=course):
        raise refused
    try:
        with transaction.atomic():
            course.delete()
    except ProtectedError as error:
        # A session or a request was added since the check above.
        raise refused from error
