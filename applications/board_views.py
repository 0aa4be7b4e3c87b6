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

from accounts.models import Programme
from accounts.selectors import programmes_coordinated
from core.http import posted, require_permission, show_errors

from . import forms, governance, selectors, services
from .enums import DecisionOutcome, DecisionRoute
from .models import AgendaItem, BoardMeeting, Decision

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
    terms = selectors.terms_for_programmes(
        programmes=selectors.board_programmes_for(user=request.user)
    )
    return render(
        request,
        "applications/meetings.html",
        {
            "upcoming": sorted(
                (m for m in meetings if m.held_on >= today), key=lambda m: m.held_on
            ),
            "past": [m for m in meetings if m.held_on < today],
            "can_add": request.user.has_perm("applications.add_boardmeeting"),
            "terms": [
                (board_terms, request.user.has_perm("applications.change_boardterms", board_terms))
                for board_terms in terms
            ],
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
        else {
            "quorum": selectors.terms_for(programme=meeting.programme).quorum,
            "expected_members": list(board),
        }
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
    can_decide_between = request.user.has_perm(
        "applications.decide_between_meetings", meeting
    ) and bool(selectors.between_meetings_routes(programme=meeting.programme, user=request.user))
    undecided = [entry for entry in agenda if not hasattr(entry.item, "decision")]
    return render(
        request,
        "applications/meeting.html",
        {
            "meeting": meeting,
            "agenda": agenda,
            "expected": list(meeting.expected_members.all()),
            "present": present,
            "quorate": len(present) >= meeting.quorum,
            "not_held": governance.not_held_refusal(
                held_on=meeting.held_on, today=timezone.localdate()
            ),
            "can_change": can_change,
            "can_decide": request.user.has_perm("applications.decide", meeting),
            "can_decide_between": can_decide_between,
            "undecided": undecided,
            "decidable": [
                entry
                for entry in undecided
                if entry.refusal is None and request.user.pk not in entry.conflicted_ids
            ],
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
        try:
            services.meeting_record_attendance(
                meeting=meeting,
                present=list(form.cleaned_data["present_members"]),
                minutes=form.cleaned_data["minutes"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Attendance and minutes have been saved."))
            return redirect(meeting)
    return render(request, "applications/attendance.html", {"form": form, "meeting": meeting})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, change=True)
    ready = selectors.applications_ready_for(meeting=meeting)
    # Reached from an application's page ("Add it to the agenda of the meeting on ..."): that
    # application ticked, when it is one of those ready.
    asked = request.GET.get("application", "")
    form = forms.AgendaAddForm(
        posted(request),
        ready=ready,
        initial={"applications": [int(asked)] if asked.isascii() and asked.isdigit() else []},
    )
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


def _interest_refusal(item: AgendaItem, user) -> str | None:
    if conflict := selectors.conflict_reason(item=item, user=user):
        return _(
            "You have an interest in this application (%(reason)s). You cannot record the "
            "decision on it."
        ) % {"reason": conflict}
    return None


def _decision_initial(application) -> dict:
    """The decision form starts from what the application asked for."""
    return {
        "reviewer_days": application.reviewer_days_requested,
        "funding": application.funding_requested,
        "window_starts_on": application.window_starts_on,
        "window_ends_on": application.window_ends_on,
    }


def _decision_values(data: dict) -> dict:
    """The decision's own answers from a form's cleaned data."""
    names = ("outcome", "rationale", *forms.ALLOCATION)
    return {name: data[name] for name in names}


def _decision_page(request, template: str, context: dict, application) -> HttpResponse:
    capacity = selectors.capacity_for(cycle=application.cycle) if application.cycle else None
    return render(request, template, {"application": application, "capacity": capacity, **context})


@login_required
@require_http_methods(["GET", "POST"])
def agenda_decide(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """The board's decision on an item, taken at this meeting: offered only once the meeting
    has been held, when it is quorate for the item and the person has no interest in it;
    otherwise the page says why."""
    meeting = _meeting(request, pk)
    require_permission(request, "applications.decide", meeting)
    item = _item(meeting, item_pk)
    application = item.application
    if hasattr(item, "decision"):
        messages.info(request, _("This application has already been decided."))
        return redirect(meeting)
    refusal = _interest_refusal(item, request.user) or selectors.decision_refusal(
        meeting=meeting, item=item
    )
    form = forms.DecisionForm(posted(request), initial=_decision_initial(application))
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                item=item, by=request.user, **_decision_values(form.cleaned_data)
            )
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
    return _decision_page(
        request,
        "applications/decide.html",
        {"form": form, "meeting": meeting, "item": item, "refusal": refusal},
        application,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_decide_between(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """A decision on an item before its meeting, by chair's action or written procedure,
    where the board's terms of reference allow it."""
    meeting = _meeting(request, pk)
    require_permission(request, "applications.decide_between_meetings", meeting)
    item = _item(meeting, item_pk)
    application = item.application
    if hasattr(item, "decision"):
        messages.info(request, _("This application has already been decided."))
        return redirect(meeting)
    routes = selectors.between_meetings_routes(programme=meeting.programme, user=request.user)
    refusal = _interest_refusal(item, request.user) or (
        None
        if routes
        else selectors.between_meetings_explanation(programme=meeting.programme, user=request.user)
    )
    form = forms.BetweenMeetingsForm(
        posted(request),
        initial=_decision_initial(application),
        routes=routes,
        members=selectors.board_members_for(programme_id=meeting.programme_id),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record_between_meetings(
                item=item,
                by=request.user,
                route=data["route"],
                route_reason=data["route_reason"],
                written_agreement=list(data["written_agreement"]),
                **_decision_values(data),
            )
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
    return _decision_page(
        request,
        "applications/decide_between.html",
        {"form": form, "meeting": meeting, "item": item, "refusal": refusal},
        application,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_decide_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The same decision on several items: offered once the meeting has been held, for the
    items it is quorate for and the person has no interest in; the others are listed with
    the reason."""
    meeting = _meeting(request, pk)
    require_permission(request, "applications.decide", meeting)
    not_held = governance.not_held_refusal(held_on=meeting.held_on, today=timezone.localdate())
    entries = [
        entry
        for entry in selectors.agenda_for(meeting=meeting)
        if not hasattr(entry.item, "decision")
    ]
    left_out = []
    decidable = []
    for entry in entries:
        reason = (
            _("You have an interest in this application: you take no part.")
            if request.user.pk in entry.conflicted_ids
            else entry.refusal
        )
        if reason:
            left_out.append((entry.item, reason))
        else:
            decidable.append(entry.item.pk)
    undecided = meeting.items.filter(pk__in=decidable).select_related(
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
        {
            "form": form,
            "meeting": meeting,
            "has_items": bool(decidable),
            "not_held": not_held,
            "left_out": [] if not_held else left_out,
        },
    )


# --- Changing a decision ---------------------------------------------------------------------


def _changeable_decision(request: HttpRequest, pk: int) -> Decision:
    decision = selectors.decision_for_user(user=request.user, pk=pk)
    require_permission(request, "applications.decide", decision.agenda_item.meeting)
    return decision


def _agreement_options(request: HttpRequest, decision: Decision) -> dict:
    """What an amendment or rescission form offers: the meetings that may have agreed it, the
    routes between meetings open to this person, and the board's members."""
    programme = decision.agenda_item.meeting.programme
    return {
        "routes": [
            DecisionRoute.MEETING,
            *selectors.between_meetings_routes(programme=programme, user=request.user),
        ],
        "meetings": selectors.meetings_held(
            programme_id=programme.pk, since=selectors.decided_on(decision=decision)
        ),
        "members": selectors.board_members_for(programme_id=programme.pk),
    }


def _decision_change_page(
    request: HttpRequest,
    pk: int,
    *,
    make_form,
    change,
    done: str,
    template: str,
) -> HttpResponse:
    """An amendment or rescission of the standing decision: refused (with why) when the
    decision cannot be changed; otherwise the form, sent to `change(decision, by, agreement,
    data)` with how the board agreed it. `done` is the success message, with %(reference)s."""
    decision = _changeable_decision(request, pk)
    application = decision.application
    if reason := selectors.change_refusal(decision=decision):
        messages.info(request, reason)
        return redirect(application)
    refusal = _interest_refusal(decision.agenda_item, request.user)
    form = make_form(decision, _agreement_options(request, decision))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agreement = {
            "reason": data["reason"],
            "route": data["route"],
            "meeting": data["meeting"],
            "written_agreement": list(data["written_agreement"]),
        }
        try:
            change(decision=decision, by=request.user, **agreement, data=data)
        except ValidationError as error:
            show_errors(form, error)
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done % {"reference": application.reference})
            return redirect(application)
    return _decision_page(
        request, template, {"form": form, "decision": decision, "refusal": refusal}, application
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the standing decision on an application, saying why and how the board agreed."""

    def make_form(decision: Decision, options: dict):
        application = decision.application
        return forms.DecisionAmendForm(
            posted(request),
            initial={
                "outcome": decision.outcome,
                "rationale": decision.rationale,
                "reviewer_days": decision.reviewer_days
                if decision.outcome == DecisionOutcome.APPROVED
                else application.reviewer_days_requested,
                "funding": decision.funding
                if decision.outcome == DecisionOutcome.APPROVED
                else application.funding_requested,
                "subsidy_level": decision.subsidy_level,
                "window_starts_on": decision.window_starts_on or application.window_starts_on,
                "window_ends_on": decision.window_ends_on or application.window_ends_on,
                "override_reason": decision.override_reason,
            },
            **options,
        )

    return _decision_change_page(
        request,
        pk,
        make_form=make_form,
        change=lambda data, **agreed: services.decision_amend(**agreed, **_decision_values(data)),
        done=_("The decision on %(reference)s has been amended."),
        template="applications/decision_amend.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_rescind(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw the standing approval or decline, saying why and how the board agreed."""
    return _decision_change_page(
        request,
        pk,
        make_form=lambda decision, options: forms.DecisionRescindForm(posted(request), **options),
        change=lambda data, **agreed: services.decision_rescind(**agreed),
        done=_("The decision on %(reference)s has been rescinded."),
        template="applications/decision_rescind.html",
    )


# --- The board's terms of reference ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def board_terms(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """The board's quorum, chair, and how it may decide between meetings: set by the
    programme's coordinators."""
    programme = get_object_or_404(Programme, pk=programme_pk)
    terms = selectors.terms_for(programme=programme)
    require_permission(request, "applications.change_boardterms", terms)
    board = selectors.board_members_for(programme_id=programme.pk)
    form = forms.BoardTermsForm(
        posted(request),
        initial={
            "quorum": terms.quorum,
            "routes": [route.value for route in terms.between_meetings_routes],
            "chair": terms.chair,
        },
        board_members=board,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.board_terms_save(
                programme=programme,
                quorum=data["quorum"],
                chairs_action_allowed=DecisionRoute.CHAIRS_ACTION in data["routes"],
                chair=data["chair"],
                written_procedure_allowed=DecisionRoute.WRITTEN_PROCEDURE in data["routes"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The %(board)s board's terms of reference have been saved.")
                % {"board": programme.short_name},
            )
            return redirect("board:meetings")
    return render(
        request,
        "applications/terms.html",
        {"form": form, "programme": programme, "terms": terms},
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
