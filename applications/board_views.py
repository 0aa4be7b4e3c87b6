"""The programme board's pages: meetings, agendas, declarations of interest, decisions and
capacity. Like the applying pages, they fetch through selectors scoped to the user and change
state through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import programmes_coordinated
from core.http import posted, require_permission, show_errors

from . import forms, selectors, services
from .models import BoardMeeting

# --- Board meetings --------------------------------------------------------------------------


def _meeting(request: HttpRequest, pk: int, *, change: bool = False) -> BoardMeeting:
    meeting = selectors.meeting_for_user(user=request.user, pk=pk)
    if change:
        require_permission(request, "applications.change_boardmeeting", meeting)
    return meeting


@login_required
@require_http_methods(["GET"])
def meeting_list(request: HttpRequest) -> HttpResponse:
    require_permission(request, "applications.view_board")
    today = timezone.localdate()
    meetings = list(selectors.meetings_for_user(user=request.user))
    return render(
        request,
        "applications/meetings.html",
        {
            "upcoming": sorted(
                (m for m in meetings if m.held_on >= today), key=lambda m: m.held_on
            ),
            "past": [m for m in meetings if m.held_on < today],
            "can_add": request.user.has_perm("applications.add_boardmeeting"),
        },
    )


def _coordinated_programmes(request: HttpRequest):
    return programmes_coordinated(user=request.user).filter(is_active=True)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        require_permission(request, "applications.add_boardmeeting")
        programme = _coordinated_programmes(request).order_by("name").first()
        if programme is None:
            raise PermissionDenied
        if chosen := request.GET.get("programme") or request.POST.get("programme"):
            if not chosen.isdigit():
                raise Http404
            programme = get_object_or_404(_coordinated_programmes(request), pk=chosen)
        meeting = BoardMeeting(programme=programme)
    else:
        meeting = _meeting(request, pk, change=True)
    board = selectors.board_members_for(programme_id=meeting.programme_id)
    initial = (
        {
            "held_on": meeting.held_on,
            "location": meeting.location,
            "quorum": meeting.quorum,
            "expected_members": list(meeting.expected_members.all()),
        }
        if meeting.pk
        else {"quorum": 3, "expected_members": list(board)}
    )
    form = forms.MeetingForm(posted(request), initial=initial, board_members=board)
    if request.method == "POST" and form.is_valid():
        meeting.held_on = form.cleaned_data["held_on"]
        meeting.location = form.cleaned_data["location"]
        meeting.quorum = form.cleaned_data["quorum"]
        try:
            services.meeting_save(
                meeting=meeting, expected_members=list(form.cleaned_data["expected_members"])
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(meeting)
    return render(
        request,
        "applications/meeting_form.html",
        {"form": form, "meeting": meeting, "programmes": _coordinated_programmes(request)},
    )


@login_required
@require_http_methods(["GET"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    agenda = selectors.agenda_for(meeting=meeting)
    present = list(meeting.present_members.all())
    can_change = request.user.has_perm("applications.change_boardmeeting", meeting)
    cycles = {entry.item.application.cycle for entry in agenda if entry.item.application.cycle}
    return render(
        request,
        "applications/meeting.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "expected": list(meeting.expected_members.all()),
            "present": present,
            "quorate": len(present) >= meeting.quorum,
            "can_change": can_change,
            "can_decide": request.user.has_perm("applications.decide", meeting),
            "undecided": [entry for entry in agenda if not hasattr(entry.item, "decision")],
            "capacities": selectors.capacities_for(
                cycles=sorted(cycles, key=lambda cycle: cycle.starts_on)
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, change=True)
    board = selectors.board_members_for(programme_id=meeting.programme_id)
    form = forms.MeetingAttendanceForm(
        posted(request),
        initial={
            "present_members": list(meeting.present_members.all()),
            "minutes": meeting.minutes,
        },
        board_members=board,
    )
    if request.method == "POST" and form.is_valid():
        services.meeting_record_attendance(
            meeting=meeting,
            present=list(form.cleaned_data["present_members"]),
            minutes=form.cleaned_data["minutes"],
        )
        messages.success(request, _("Attendance and minutes have been saved."))
        return redirect(meeting)
    return render(request, "applications/attendance.html", {"form": form, "meeting": meeting})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, change=True)
    ready = selectors.applications_ready_for(meeting=meeting)
    form = forms.AgendaAddForm(posted(request), ready=ready)
    if request.method == "POST" and form.is_valid():
        try:
            items = services.agenda_add(
                meeting=meeting,
                applications=list(form.cleaned_data["applications"]),
                by=request.user,
            )
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d application added to the agenda.",
                    "%(count)d applications added to the agenda.",
                    len(items),
                )
                % {"count": len(items)},
            )
            return redirect(meeting)
    return render(
        request,
        "applications/agenda_add.html",
        {"form": form, "meeting": meeting, "has_ready": ready.exists()},
    )


def _item(meeting: BoardMeeting, item_pk: int):
    return get_object_or_404(
        meeting.items.select_related("application__organisation", "application__review_type"),
        pk=item_pk,
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, change=True)
    services.agenda_move(item=_item(meeting, item_pk), up=request.POST.get("direction") == "up")
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, change=True)
    item = _item(meeting, item_pk)
    if request.method == "POST":
        try:
            services.agenda_remove(item=item, by=request.user)
        except services.ApplicationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The application has been taken off the agenda."))
        return redirect(meeting)
    return render(request, "applications/agenda_remove.html", {"meeting": meeting, "item": item})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_declare(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    require_permission(request, "applications.decide", meeting)
    item = _item(meeting, item_pk)
    board = selectors.board_members_for(programme_id=meeting.programme_id)
    initial = {"member": request.user} if board.filter(pk=request.user.pk).exists() else {}
    form = forms.DeclarationForm(posted(request), initial=initial, board_members=board)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_record(
                item=item,
                member=form.cleaned_data["member"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The declaration of interest has been recorded."))
            return redirect(meeting)
    return render(
        request, "applications/declare.html", {"form": form, "meeting": meeting, "item": item}
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_decide(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    require_permission(request, "applications.decide", meeting)
    item = _item(meeting, item_pk)
    application = item.application
    if hasattr(item, "decision"):
        messages.info(request, _("This application has already been decided."))
        return redirect(meeting)
    conflict = selectors.conflict_reason(item=item, user=request.user)
    form = forms.DecisionForm(
        posted(request),
        initial={
            "reviewer_days": application.reviewer_days_requested,
            "funding": application.funding_requested,
            "window_starts_on": application.window_starts_on,
            "window_ends_on": application.window_ends_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(item=item, by=request.user, **data)
        except ValidationError as error:
            show_errors(form, error)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Decision recorded for %(reference)s.") % {"reference": application.reference},
            )
            return redirect(meeting)
    capacity = selectors.capacity_for(cycle=application.cycle) if application.cycle else None
    return render(
        request,
        "applications/decide.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "application": application,
            "conflict": conflict,
            "capacity": capacity,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_decide_batch(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    require_permission(request, "applications.decide", meeting)
    undecided = meeting.items.filter(decision__isnull=True).select_related(
        "application__organisation", "application__review_type"
    )
    form = forms.BatchDecisionForm(posted(request), items=undecided)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decisions = services.decisions_record_batch(
                items=list(data["items"]),
                by=request.user,
                outcome=data["outcome"],
                rationale=data["rationale"],
                subsidy_level=data["subsidy_level"],
                override_reason=data["override_reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d decision recorded.", "%(count)d decisions recorded.", len(decisions)
                )
                % {"count": len(decisions)},
            )
            return redirect(meeting)
    return render(
        request,
        "applications/decide_batch.html",
        {"form": form, "meeting": meeting, "has_items": undecided.exists()},
    )


@login_required
@require_http_methods(["GET"])
def capacity(request: HttpRequest) -> HttpResponse:
    require_permission(request, "applications.view_board")
    cycles = list(selectors.cycles_for_user(user=request.user))
    return render(
        request,
        "applications/capacity.html",
        {"capacities": selectors.capacities_for(cycles=cycles)},
    )
