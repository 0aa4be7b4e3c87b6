"""The challenge pages: the list, a challenge, its dates, team, milestones and phases, and a
reviewer's invitation. Views fetch through selectors scoped to the user, check permissions
on the object, and call one service per change."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.enums import Role
from accounts.models import User
from accounts.roles import roles_for
from accounts.rules import coordinates
from core.http import posted, require_permission, show_errors, table_download
from offers.enums import DeliveryMode, EnquiryKind
from reviewers.enums import PoolStatus
from reviewers.models import Reviewer

from . import datapack_views, forms, onsite_selectors, selectors, services
from .enums import MOVES, TEAM_OPEN, ChallengeAction, MemberStatus, MilestoneKind, Owner
from .export import places_of
from .filters import ChallengeFilter
from .models import Challenge, Milestone, Report
from .visibility import challenge_scope

PAGE_SIZE = 25
# Approved applications listed above the challenges; the rest are counted.
SCHEDULE_SHOWN = 20
# Timeline lines the receiving service and the team see; the team's invitations and answers
# (with reasons for declining) are for coordinators.
SHARED_ACTIONS = frozenset(
    {
        ChallengeAction.CREATE,
        ChallengeAction.PLAN,
        ChallengeAction.SET_DATES,
        *MOVES,
        # The report's steps the service takes part in (the draft's versions are the team's).
        ChallengeAction.SEND_FOR_CHECK,
        ChallengeAction.COMMENT_REPORT,
        ChallengeAction.ANSWER_COMMENT,
        ChallengeAction.FINALISE_REPORT,
        ChallengeAction.CONSENT_REPORT,
        ChallengeAction.PUBLISH_REPORT,
        # And what follows it: the service's plan, and the evidence deleted when due.
        ChallengeAction.CREATE_PLAN,
        ChallengeAction.DELETE_EVIDENCE,
        ChallengeAction.DATA_PACK_READY,
    }
)


# --- The list ----------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> ChallengeFilter:
    require_permission(request, "challenges.view_challenge_list")
    return ChallengeFilter(
        request.GET or None, queryset=selectors.challenges_for_user(user=request.user)
    )


@login_required
@require_http_methods(["GET"])
def challenge_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = Paginator(filterset.qs.order_by("starts_on", "window_starts_on", "pk"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    coordinating = request.user.has_perm("challenges.coordinate")
    cycle = filterset.form.cleaned_data.get("cycle") if filterset.is_bound else None
    to_schedule = (
        list(selectors.approved_without_challenge(user=request.user)) if coordinating else []
    )
    return render(
        request,
        "challenges/list.html",
        {
            # A cycle chosen that the person coordinates: its teams can be proposed at once.
            "cycle": cycle if cycle and coordinates(request.user, cycle.programme_id) else None,
            "coordinating": coordinating,
            "filter": filterset,
            "page": page.get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "to_schedule": to_schedule[:SCHEDULE_SHOWN],
            "more_to_schedule": max(len(to_schedule) - SCHEDULE_SHOWN, 0),
            "today": timezone.localdate(),
            # A reviewer's way to their own record (training, reviews done, pools to join).
            "is_reviewer": roles_for(request.user).has(Role.REVIEWER),
        },
    )


@login_required
@require_http_methods(["GET"])
def challenge_export(request: HttpRequest, kind: str) -> HttpResponseBase:
    """The filtered list as CSV (streamed) or an Excel workbook, by `kind`: no team member's
    answers, nothing confidential."""
    filterset = _filtered(request)
    columns = [
        (_("Reference"), lambda c: c.reference),
        (_("Service"), lambda c: c.organisation.name),
        (_("Region"), lambda c: c.organisation.region.name),
        (_("Programme"), lambda c: c.programme.short_name),
        (_("Offer"), lambda c: c.review_type.name),
        (_("Cycle"), lambda c: c.cycle.name if c.cycle else ""),
        (_("Phase"), lambda c: c.get_phase_display()),
        (_("Window starts"), lambda c: c.window_starts_on),
        (_("Window ends"), lambda c: c.window_ends_on),
        (_("First on-site day"), lambda c: c.starts_on),
        (_("Last on-site day"), lambda c: c.ends_on),
        (_("Delivered"), lambda c: c.get_delivery_mode_display()),
        (_("Places"), lambda c: c.places),
        (_("Places accepted"), lambda c: c.accepted),
        (_("Milestones overdue"), lambda c: c.overdue),
    ]
    return table_download(
        kind,
        filterset.qs.order_by("pk").iterator(chunk_size=500),
        columns,
        name=f"challenges-{timezone.localdate().isoformat()}",
        title=_("Challenges"),
    )


# --- Creating ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def challenge_new(request: HttpRequest, application_pk: int) -> HttpResponse:
    application = selectors.application_to_schedule(user=request.user, pk=application_pk)
    existing = Challenge.objects.filter(application=application).first()
    if existing is not None and request.method == "GET":
        return redirect(existing)
    form = forms.CreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_from_application(
                application=application, by=request.user, token=form.cleaned_data["token"]
            )
        except services.ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Challenge %(ref)s created.") % {"ref": challenge.reference}
            )
            return redirect("challenges:dates", pk=challenge.pk)
    decision = application.decisions.filter(rescinded=False).order_by("-pk").first()
    return render(
        request,
        "challenges/new.html",
        {
            "form": form,
            "application": application,
            "decision": decision,
            "lines": application.lines_of_enquiry.all(),
            "threads": application.programme.lines_of_enquiry.filter(
                kind=EnquiryKind.GOLDEN_THREAD, is_active=True
            ),
            "places": places_of(Challenge(review_type=application.review_type)),
        },
    )


# --- A challenge -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    scope = challenge_scope(request.user)
    coordinating = scope.coordinates(challenge)
    members = selectors.members_of(challenge=challenge)
    events = list(selectors.events_for(challenge=challenge))
    if not coordinating:
        events = [event for event in events if event.action in SHARED_ACTIONS]
    milestones = selectors.milestones_for(challenge=challenge)
    parties = services.parties_of(user=request.user, challenge=challenge)
    receiving = scope.receives(challenge) and not coordinating
    # Asked of `rules` itself: Django's has_perm says yes to a superuser, who is not the team.
    works_on = rules.has_perm("challenges.view_evidence", request.user, challenge)
    # One query for the report, kept on the challenge for the `view_report` rule too.
    report = Report.objects.filter(challenge=challenge).first()
    Challenge.report.related.set_cached_value(challenge, report)
    return render(
        request,
        "challenges/detail.html",
        {
            "challenge": challenge,
            "coordinating": coordinating,
            "receiving": receiving,
            # The service and the team see who has accepted; coordinators see every answer.
            "seats": selectors.seats_of(challenge=challenge, members=members),
            "members_shown": [
                m
                for m in members
                if (m.status == MemberStatus.ACCEPTED or (coordinating and m.holds_place))
            ],
            "milestones": milestones,
            "may_mark_done": {
                m.pk
                for m in milestones
                if services.may_mark_done(user=request.user, milestone=m, parties=parties)
            },
            "asked_of_service": [m for m in milestones if m.owner_party == Owner.SERVICE],
            "events": events,
            "moves": services.available_moves(user=request.user, challenge=challenge),
            "own": selectors.own_member(user=request.user, challenge=challenge),
            "can_edit_milestones": request.user.has_perm("challenges.change_milestones", challenge),
            "team_open": challenge.phase in TEAM_OPEN,
            "today": timezone.localdate(),
            # The team's on-site pages; its coordinators see how much was done, not what.
            "works_on": works_on,
            "activity_counts": onsite_selectors.activity_counts(challenge=challenge)
            if works_on or coordinating
            else None,
            # The report: the team sees it from the draft, the service and the coordinators
            # once it is sent for the factual-accuracy check.
            "report": report,
            "sees_report": rules.has_perm("challenges.view_report", request.user, challenge),
            "data_pack": datapack_views.datapack_panel(request.user, challenge),
        },
    )


def _managed(request: HttpRequest, pk: int) -> Challenge:
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    require_permission(request, "challenges.manage_challenge", challenge)
    return challenge


@login_required
@require_http_methods(["GET", "POST"])
def challenge_dates(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _managed(request, pk)
    if challenge.phase not in TEAM_OPEN:
        messages.error(
            request,
            _("The dates cannot change once the challenge is %(phase)s.")
            % {"phase": challenge.get_phase_display().lower()},
        )
        return redirect(challenge)
    virtual = challenge.review_type.virtual_allowed
    form = forms.DatesForm(
        posted(request),
        virtual_allowed=virtual,
        initial={"starts_on": challenge.starts_on, "delivery_mode": challenge.delivery_mode},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_set_dates(
                challenge=challenge,
                starts_on=form.cleaned_data["starts_on"],
                delivery_mode=form.cleaned_data["delivery_mode"] or DeliveryMode.ON_SITE,
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("On-site dates saved."))
            return redirect(challenge)
    return render(request, "challenges/dates.html", {"form": form, "challenge": challenge})


@login_required
@require_http_methods(["POST"])
def challenge_shadowing(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or take away the shadowing place (a button on the team page)."""
    challenge = _managed(request, pk)
    wanted = request.POST.get("shadowing") == "yes"
    try:
        services.challenge_shadowing_set(challenge=challenge, wanted=wanted, by=request.user)
    except services.ChallengeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The team has a shadowing place.")
            if wanted
            else _("The team no longer has a shadowing place."),
        )
    return redirect("challenges:team", pk=challenge.pk)


@login_required
@require_http_methods(["GET", "POST"])
def challenge_notes(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _managed(request, pk)
    form = forms.NotesForm(
        posted(request), initial={"notes_for_service": challenge.notes_for_service}
    )
    if request.method == "POST" and form.is_valid():
        services.challenge_notes_update(
            challenge=challenge, notes=form.cleaned_data["notes_for_service"], by=request.user
        )
        messages.success(request, _("What is asked of the service is saved."))
        return redirect(challenge)
    return render(request, "challenges/notes.html", {"form": form, "challenge": challenge})


# --- The team ----------------------------------------------------------------------------------


def _pool_choices(challenge: Challenge) -> list[tuple[int, str]]:
    people = (
        Reviewer.objects.filter(
            pools__programme_id=challenge.programme_id,
            pools__status=PoolStatus.ACCEPTED,
            user__is_active=True,
        )
        .select_related("user", "organisation")
        .order_by("user__full_name", "pk")
    )
    return [(r.pk, f"{r.user.full_name} ({r.organisation.name})") for r in people]


@login_required
@require_http_methods(["GET", "POST"])
def challenge_team(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _managed(request, pk)
    members = selectors.members_of(challenge=challenge)
    roles = list(dict.fromkeys(line.role for line in places_of(challenge)))
    form = forms.MemberForm(posted(request), reviewers=_pool_choices(challenge), roles=roles)
    if request.method == "POST":
        if challenge.phase not in TEAM_OPEN:
            raise PermissionDenied
        if form.is_valid():
            reviewer = get_object_or_404(
                Reviewer.objects.select_related("user"), pk=form.cleaned_data["reviewer"]
            )
            try:
                member = services.member_invite(
                    challenge=challenge,
                    reviewer=reviewer,
                    role=form.cleaned_data["role"],
                    by=request.user,
                )
            except ValidationError as error:
                show_errors(form, error)
            except services.ChallengeError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s is invited as %(role)s, and answers from their start page.")
                    % {"name": member.reviewer, "role": member.get_role_display().lower()},
                )
                return redirect("challenges:team", pk=challenge.pk)
    return render(
        request,
        "challenges/team.html",
        {
            "challenge": challenge,
            "form": form,
            "seats": selectors.seats_of(challenge=challenge, members=members),
            "former": [m for m in members if not m.holds_place],
            "team_open": challenge.phase in TEAM_OPEN,
            "breaches": services.team_breaches(challenge=challenge),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    challenge = _managed(request, pk)
    member = get_object_or_404(challenge.members.select_related("reviewer__user"), pk=member_pk)
    if not member.holds_place or challenge.phase not in TEAM_OPEN:
        messages.info(request, _("%(name)s no longer holds a place.") % {"name": member.reviewer})
        return redirect("challenges:team", pk=challenge.pk)
    form = forms.ReasonForm(
        posted(request),
        label=_("Why are you taking them off the team?"),
        button=_("Take them off the team"),
        required_message=_("Say why they are taken off the team"),
        warning=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_remove(
                member=member, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is off the team.") % {"name": member.reviewer})
            return redirect("challenges:team", pk=challenge.pk)
    return render(
        request,
        "challenges/member_remove.html",
        {"form": form, "challenge": challenge, "member": member},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed-in reviewer's invitation to this challenge: accept or decline."""
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    member = selectors.own_member(user=request.user, challenge=challenge)
    if member is None:
        raise Http404
    if member.status != MemberStatus.INVITED:
        messages.info(
            request,
            _("You have answered this invitation: %(status)s.")
            % {"status": member.get_status_display().lower()},
        )
        return redirect(challenge)
    form = forms.AnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == forms.AnswerForm.ACCEPT
        try:
            services.member_respond(
                member=member, accept=accept, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ChallengeError as error:
            messages.error(request, str(error))
            return redirect(challenge)
        else:
            messages.success(
                request,
                _("You have accepted your place on the team.")
                if accept
                else _("You have declined the place. The coordinator has been told."),
            )
            return redirect(challenge) if accept else redirect("start")
    return render(
        request,
        "challenges/invitation.html",
        {
            "form": form,
            "challenge": challenge,
            "member": member,
            "lines": challenge.lines_of_enquiry.all(),
        },
    )


# --- Milestones --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def milestones(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    milestones = selectors.milestones_for(challenge=challenge)
    parties = services.parties_of(user=request.user, challenge=challenge)
    return render(
        request,
        "challenges/milestones.html",
        {
            "challenge": challenge,
            "milestones": milestones,
            "may_mark_done": {
                m.pk
                for m in milestones
                if services.may_mark_done(user=request.user, milestone=m, parties=parties)
            },
            "can_edit": request.user.has_perm("challenges.change_milestones", challenge),
            "today": timezone.localdate(),
        },
    )


def _owner_choices(challenge: Challenge) -> list[tuple[int, str]]:
    """People a milestone can be given to: the programme's coordinators, the service's leads
    and the team's members."""
    people = (
        User.objects.filter(is_active=True)
        .filter(
            (
                Q(
                    memberships__role=Role.COORDINATOR,
                    memberships__programme_id=challenge.programme_id,
                )
            )
            | Q(
                memberships__role=Role.SERVICE_LEAD,
                memberships__organisation_id=challenge.organisation_id,
            )
            | Q(
                reviewer__team_places__challenge=challenge,
                reviewer__team_places__status=MemberStatus.ACCEPTED,
            )
        )
        .distinct()
        .order_by("full_name", "pk")
    )
    return [(person.pk, person.full_name) for person in people]


def _milestone_page(
    request: HttpRequest, challenge: Challenge, milestone: Milestone | None
) -> HttpResponse:
    require_permission(request, "challenges.change_milestones", challenge)
    owners = _owner_choices(challenge)
    creating = milestone is None
    party = Owner(milestone.owner_party if milestone else Owner.COORDINATOR)
    form = forms.MilestoneForm(
        posted(request),
        owners=owners,
        party_label=party.label,
        named=creating or milestone.kind == MilestoneKind.OTHER,
        creating=creating,
        initial={}
        if creating
        else {
            "name": milestone.name,
            "due_on": milestone.due_on,
            "owner": milestone.owner_id,
            "done_on": milestone.done_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = User.objects.filter(pk=data["owner"]).first() if data["owner"] else None
        try:
            if creating:
                services.milestone_add(
                    challenge=challenge,
                    name=data["name"],
                    due_on=data["due_on"],
                    owner=owner,
                    by=request.user,
                    token=data["token"],
                )
            else:
                services.milestone_update(
                    milestone=milestone,
                    due_on=data["due_on"],
                    owner=owner,
                    done_on=data["done_on"],
                    by=request.user,
                    name=data.get("name", ""),
                )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Milestone saved."))
            return redirect("challenges:milestones", pk=challenge.pk)
    return render(
        request,
        "challenges/milestone_form.html",
        {"form": form, "challenge": challenge, "milestone": milestone},
    )


@login_required
@require_http_methods(["POST"])
def milestone_done(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    """Mark a milestone done (a button on the milestones page, for whoever answers for it)."""
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    milestone = get_object_or_404(challenge.milestones.select_related("owner"), pk=milestone_pk)
    if not services.answers_for(user=request.user, milestone=milestone):
        raise PermissionDenied
    if milestone.done_on:
        messages.info(request, _("%(name)s is already done.") % {"name": milestone.label})
    else:
        try:
            services.milestone_mark_done(milestone=milestone, by=request.user)
        except services.ChallengeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(name)s is marked done.") % {"name": milestone.label})
    return redirect("challenges:milestones", pk=challenge.pk)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    return _milestone_page(request, challenge, None)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int, milestone_pk: int) -> HttpResponse:
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    milestone = get_object_or_404(challenge.milestones.select_related("owner"), pk=milestone_pk)
    return _milestone_page(request, challenge, milestone)


# --- Phases ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def challenge_move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    if action not in MOVES:
        raise Http404
    move = MOVES[ChallengeAction(action)]
    if move.action not in services.available_moves(user=request.user, challenge=challenge):
        scope = challenge_scope(request.user)
        if not (scope.coordinates(challenge) or (move.lead_may and scope.leads(challenge))):
            raise PermissionDenied
        messages.error(
            request,
            _("You cannot do this: the challenge is %(phase)s.")
            % {"phase": challenge.get_phase_display().lower()},
        )
        return redirect(challenge)
    form = forms.ReasonForm(
        posted(request),
        label=move.reason_label or _("Anything to add (optional)"),
        button=str(move.action.label),
        required_message=_("Say why the challenge is cancelled"),
        warning=move.action == ChallengeAction.CANCEL,
    )
    form.fields["reason"].required = move.reason_required
    refusal = services.move_refusal(challenge, move.action)
    if request.method == "POST" and form.is_valid() and refusal is None:
        try:
            services.challenge_move(
                challenge=challenge,
                action=move.action,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, str(move.action.label))
            return redirect(challenge)
    return render(
        request,
        "challenges/move.html",
        {"form": form, "challenge": challenge, "move": move, "refusal": refusal},
    )
