"""The training pages: demand for each course, its sessions, bookings with a waiting list, and
attendance. For coordinators (of the course's programme) and superusers; views fetch through
selectors scoped to the user and change state through services."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.models import Programme
from accounts.selectors import last_change, programme_to_set_up, programmes_coordinated
from core.http import posted, require_permission, show_errors

from . import selectors, services
from . import training_forms as forms
from .enums import BookingStatus, PoolStatus
from .models import Booking, Course, TrainingSession

PERMISSION = "reviewers.manage_training"

# The tag each booking status is shown with (its text is always shown too).
TAG_COLOURS = {
    BookingStatus.BOOKED: "blue",
    BookingStatus.WAITING: "yellow",
    BookingStatus.ATTENDED: "green",
    BookingStatus.DID_NOT_ATTEND: "red",
    BookingStatus.CANCELLED: "grey",
}
CANCELLABLE = (BookingStatus.BOOKED, BookingStatus.WAITING)


def _course(request: HttpRequest, pk: int) -> Course:
    """A course of a programme the user coordinates, with its demand and sessions; 404 for
    any other."""
    require_permission(request, PERMISSION)
    return get_object_or_404(selectors.courses_with_demand(user=request.user), pk=pk)


def _session(request: HttpRequest, pk: int) -> TrainingSession:
    require_permission(request, PERMISSION)
    return selectors.session_for_user(user=request.user, pk=pk)


def _upcoming(sessions, today: datetime.date) -> list[TrainingSession]:
    return [session for session in sessions if session.ends_on >= today]


@dataclass
class BookingRow:
    booking: Booking
    tag_colour: str
    can_cancel: bool


def _rows(bookings) -> list[BookingRow]:
    return [
        BookingRow(booking, TAG_COLOURS[booking.status], booking.status in CANCELLABLE)
        for booking in bookings
    ]


# --- Demand and courses ----------------------------------------------------------------------


@dataclass
class CourseDemand:
    course: Course
    upcoming: list[TrainingSession]


def _courses_page(request: HttpRequest, programme: Programme | None) -> HttpResponse:
    today = timezone.localdate()
    courses = selectors.courses_with_demand(user=request.user)
    if programme is not None:
        courses = courses.filter(programme=programme)
    return render(
        request,
        "training/courses.html",
        {
            "courses": [
                CourseDemand(course, _upcoming(course.sessions.all(), today)) for course in courses
            ],
            "programme": programme,
            "can_add_course": request.user.has_perm("reviewers.add_course"),
        },
    )


@login_required
@require_http_methods(["GET"])
def course_list(request: HttpRequest) -> HttpResponse:
    """Each course of the user's programmes: how many people wait for it, and its sessions to
    come."""
    require_permission(request, PERMISSION)
    return _courses_page(request, None)


@login_required
@require_http_methods(["GET"])
def programme_courses(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The same for one programme the user coordinates: its set-up page's "Courses and
    sessions" (404 for a programme they do not coordinate)."""
    require_permission(request, PERMISSION)
    return _courses_page(request, programme_to_set_up(user=request.user, pk=programme_pk))


@login_required
@require_http_methods(["GET"])
def course_detail(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = _course(request, course_pk)
    today = timezone.localdate()
    sessions = list(course.sessions.all())
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "waiting": list(selectors.waiting_requests(course=course)),
            "upcoming": _upcoming(sessions, today),
            "past": [session for session in reversed(sessions) if session.ends_on < today],
        },
    )


# --- Adding, changing and removing a course ---------------------------------------------------


def _course_form(
    request: HttpRequest,
    course: Course,
    *,
    programmes=None,
    message: str,
    button: str,
    back: str,
) -> HttpResponse:
    changing = course.pk is not None
    initial = (
        {
            "name": course.name,
            "kind": course.kind,
            "days": course.days,
            "description": course.description,
            "is_active": "yes" if course.is_active else "no",
        }
        if changing
        else {}
    )
    form = forms.CourseForm(
        posted(request), initial=initial, programmes=programmes, changing=changing, button=button
    )
    if request.method == "POST" and form.is_valid():
        details = dict(form.cleaned_data)
        if "programme" in details:
            course.programme = details.pop("programme")
        try:
            course = services.course_save(course=course, **details)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("training:course", course_pk=course.pk)
    return render(
        request,
        "training/course_form.html",
        {
            "form": form,
            "course": course,
            "back": back,
            "last_change": last_change(record=course) if changing else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    """Add a course to one of the user's programmes: the one in `?programme=` (404 if it is
    not theirs), their only one, or the one they choose."""
    require_permission(request, PERMISSION)
    require_permission(request, "reviewers.add_course")
    programmes = list(programmes_coordinated(user=request.user).order_by("name"))
    chosen = request.GET.get("programme")
    if chosen is not None:
        try:
            programme = programme_to_set_up(user=request.user, pk=int(chosen))
        except ValueError:
            raise Http404 from None
        programmes = None
        back = reverse("training:programme_courses", args=[programme.pk])
    elif len(programmes) == 1:
        [programme] = programmes
        programmes = None
        back = reverse("training:courses")
    elif programmes:
        programme = None
        back = reverse("training:courses")
    else:
        raise Http404
    return _course_form(
        request,
        Course(programme=programme),
        programmes=programmes,
        message=_("The course has been added."),
        button=_("Add the course"),
        back=back,
    )


def _course_to_change(request: HttpRequest, pk: int, permission: str) -> Course:
    course = _course(request, pk)
    require_permission(request, permission, course)
    return course


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = _course_to_change(request, course_pk, "reviewers.change_course")
    return _course_form(
        request,
        course,
        message=_("The course has been changed."),
        button=_("Save changes"),
        back=reverse("training:course", args=[course.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_remove(request: HttpRequest, course_pk: int) -> HttpResponse:
    """Remove a course added by mistake, after asking. A course with sessions or people who
    asked for it is kept: the page says so, and how to stop offering it instead."""
    course = _course_to_change(request, course_pk, "reviewers.delete_course")
    if request.method == "POST":
        try:
            services.course_remove(course=course)
        except services.ReviewerError as error:
            messages.error(request, str(error))
            return redirect("training:course_remove", course_pk=course.pk)
        messages.success(
            request, _("The course %(course)s has been removed.") % {"course": course.name}
        )
        return redirect("training:programme_courses", programme_pk=course.programme_id)
    return render(
        request,
        "training/course_remove.html",
        {"course": course, "in_use": selectors.course_in_use(course=course)},
    )


# --- Sessions --------------------------------------------------------------------------------


def _session_form(
    request: HttpRequest, session: TrainingSession, *, message: str, button: str
) -> HttpResponse:
    initial = (
        {
            "starts_on": session.starts_on,
            "ends_on": session.ends_on,
            "is_virtual": "yes" if session.is_virtual else "no",
            "venue": session.venue,
            "capacity": session.capacity,
        }
        if session.pk
        else {}
    )
    form_class = forms.SessionForm if session.pk else forms.NewSessionForm
    form = form_class(posted(request), initial=initial, button=button)
    if request.method == "POST" and form.is_valid():
        try:
            # A new session's form sent again gives back the session it set up.
            session = services.session_save(session=session, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(session)
    return render(
        request,
        "training/session_form.html",
        {"form": form, "session": session, "course": session.course},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, course_pk: int) -> HttpResponse:
    course = _course(request, course_pk)
    return _session_form(
        request,
        TrainingSession(course=course),
        message=_("The session has been set up."),
        button=_("Set up the session"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_form(
        request,
        _session(request, pk),
        message=_("The session has been changed."),
        button=_("Save changes"),
    )


@login_required
@require_http_methods(["GET"])
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    bookings = selectors.bookings_for(session=session)
    return render(
        request,
        "training/session.html",
        {
            "session": session,
            "course": session.course,
            "taken": selectors.places_taken(session=session),
            "places": _rows(b for b in bookings if b.status != BookingStatus.WAITING),
            "waiting_list": _rows(b for b in bookings if b.status == BookingStatus.WAITING),
            "people_waiting": selectors.requests_an_invitation_books(session=session).count(),
            "started": session.starts_on <= timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Book everyone waiting for the course: places first, then the waiting list. GET asks
    first."""
    session = _session(request, pk)
    if request.method == "POST":
        bookings = services.session_invite_waiting(session=session)
        if not bookings:
            messages.info(request, _("Nobody is waiting for this course."))
            return redirect(session)
        booked = sum(booking.status == BookingStatus.BOOKED for booking in bookings)
        people = ngettext("%(count)d person booked", "%(count)d people booked", booked) % {
            "count": booked
        }
        messages.success(
            request,
            _("%(people)s, %(waiting)d on the waiting list")
            % {"people": people, "waiting": len(bookings) - booked},
        )
        return redirect(session)
    taken = selectors.places_taken(session=session)
    return render(
        request,
        "training/invite.html",
        {
            "session": session,
            "course": session.course,
            "waiting": list(selectors.requests_an_invitation_books(session=session)),
            "free": max(session.capacity - taken, 0),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_new(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    entries = selectors.pool_entries(
        user=request.user,
        programme_ids=[session.course.programme_id],
        statuses=(PoolStatus.ACCEPTED,),
    )
    form = forms.BookingForm(posted(request), entries=entries)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(session=session, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            # The booking this form made: just now, or when it was first sent (since changed,
            # perhaps: it says how the booking stands).
            if booking.status == BookingStatus.BOOKED:
                message = _("%(person)s has a place on the session.")
            elif booking.status == BookingStatus.WAITING:
                message = _("The session is full: %(person)s is on the waiting list.")
            else:
                message = _("%(person)s's booking: %(status)s.")
            messages.success(
                request,
                message % {"person": booking.reviewer, "status": booking.get_status_display()},
            )
            return redirect(session)
    return render(
        request,
        "training/book.html",
        {"form": form, "session": session, "course": session.course},
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, pk: int, booking_pk: int) -> HttpResponse:
    """Cancel a booking, after asking: the first on the waiting list takes the place."""
    session = _session(request, pk)
    booking = get_object_or_404(
        session.bookings.select_related("reviewer__user", "reviewer__organisation"),
        pk=booking_pk,
    )
    if booking.status not in CANCELLABLE:
        messages.info(
            request,
            _("Only a booking or a place on the waiting list can be cancelled."),
        )
        return redirect(session)
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking)
        except services.ReviewerError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(person)s's booking has been cancelled.") % {"person": booking.reviewer},
            )
        return redirect(session)
    next_in_line = (
        session.bookings.filter(status=BookingStatus.WAITING)
        .select_related("reviewer__user")
        .order_by("created_at", "pk")
        .first()
        if booking.status == BookingStatus.BOOKED
        else None
    )
    return render(
        request,
        "training/cancel.html",
        {
            "session": session,
            "course": session.course,
            "booking": booking,
            "next_in_line": next_in_line,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who attended, for each person with a place. Refused before the session starts."""
    session = _session(request, pk)
    bookings = [
        booking
        for booking in selectors.bookings_for(session=session)
        if booking.status in services.ATTENDANCE
    ]
    form = forms.SessionAttendanceForm(posted(request), bookings=bookings)
    if request.method == "POST" and bookings and form.is_valid():
        try:
            services.attendance_record(session=session, outcomes=form.outcomes())
        except ValidationError as error:
            show_errors(form, error)
        except services.ReviewerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Attendance has been saved."))
            return redirect(session)
    return render(
        request,
        "training/attendance.html",
        {
            "form": form,
            "session": session,
            "course": session.course,
            "has_bookings": bool(bookings),
            "started": session.starts_on <= timezone.localdate(),
        },
    )
