"""Pages for the reviewer pool: the coordinators' directory, joining a pool and the answer to
a request, and a reviewer's record with its changes. Views fetch through selectors scoped to
the user, check permissions on the reviewer, and call one service per change."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.rules import coordinated_programme_ids
from accounts.selectors import programmes_published
from core.http import posted, require_permission, show_errors, table_download
from documents.selectors import document_latest

from . import documents, forms, selectors, services, start_page
from .enums import ChangeStatus, PoolStatus
from .models import PoolMembership, Reviewer

PAGE_SIZE = 25


# --- The directory ---------------------------------------------------------------------------


def _filter_form(request: HttpRequest) -> forms.DirectoryFilterForm:
    require_permission(request, "reviewers.view_directory")
    form = forms.DirectoryFilterForm(
        request.GET, programme_ids=coordinated_programme_ids(request.user)
    )
    form.is_valid()
    return form


def _entries(request: HttpRequest, form: forms.DirectoryFilterForm) -> list[selectors.PoolEntry]:
    """The people the filters select; a filter typed wrongly is left out (and its error
    shown) rather than emptying the list."""
    return selectors.pool_entries(user=request.user, **form.selection())


@login_required
@require_http_methods(["GET"])
def reviewer_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    page = Paginator(_entries(request, form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reviewers/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "REQUESTED": PoolStatus.REQUESTED},
    )


@login_required
@require_http_methods(["GET"])
def reviewer_export(request: HttpRequest, kind: str) -> HttpResponseBase:
    """The filtered directory as CSV (streamed) or an Excel workbook, by `kind`; with a
    filter typed wrongly, the directory with its error instead."""
    form = _filter_form(request)
    if form.errors:
        return redirect(f"{reverse('reviewers:list')}?{request.GET.urlencode()}")
    entries = _entries(request, form)

    columns = [
        (_("Name"), lambda e: e.reviewer.user.full_name),
        (_("Email"), lambda e: e.reviewer.user.email),
        (_("Telephone"), lambda e: e.reviewer.user.phone),
        (_("Home organisation"), lambda e: e.reviewer.organisation.name),
        (_("Region"), lambda e: e.reviewer.organisation.region.name),
        (_("Job role"), lambda e: e.reviewer.get_job_role_display()),
        (_("Pool"), lambda e: e.membership.programme.short_name),
        (_("Status in the pool"), lambda e: e.membership.get_status_display()),
        (_("Qualification"), lambda e: e.standing.label),
        (_("Next step"), lambda e: e.standing.next_step),
        (_("Asked for training"), lambda e: _("Yes") if e.membership.needs_training else _("No")),
        (_("Most reviews in a cycle"), lambda e: e.reviewer.max_reviews_per_cycle),
    ]
    return table_download(
        kind,
        entries,
        columns,
        name=f"reviewers-{timezone.localdate().isoformat()}",
        title=_("Reviewers"),
    )


# --- Joining a pool, and the coordinator's answer --------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_join(request: HttpRequest) -> HttpResponse:
    """Anyone signed in may ask to join a programme's pool; the page shows where the requests
    they have made stand."""
    own = selectors.own_reviewer(user=request.user)
    programmes = list(programmes_published())
    form = forms.JoinForm(
        posted(request),
        initial=_details_last_given(own, request.user) if own else {},
        programmes=programmes,
        rules=selectors.qualifying_roles({p.pk for p in programmes}),
        lines=forms.key_lines(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reviewer_join(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            return redirect("reviewers:join_sent")
    return render(
        request,
        "reviewers/join.html",
        {"form": form, "requests": start_page.pool_requests(request.user)},
    )


@login_required
@require_http_methods(["GET"])
def reviewer_join_sent(request: HttpRequest) -> HttpResponse:
    own = selectors.own_reviewer(user=request.user)
    membership = (
        own.pools.filter(status=PoolStatus.REQUESTED)
        .select_related("programme")
        .order_by("-updated_at")
        .first()
        if own
        else None
    )
    if membership is None:
        return redirect("reviewers:join")
    return render(request, "reviewers/join_sent.html", {"membership": membership})


@login_required
@require_http_methods(["GET", "POST"])
def pool_decide(request: HttpRequest, membership_pk: int) -> HttpResponse:
    membership = selectors.membership_for_coordinator(user=request.user, pk=membership_pk)
    if request.method == "GET" and membership.status != PoolStatus.REQUESTED:
        messages.info(request, _("This request has already been answered."))
        return redirect(membership.reviewer)
    rules = selectors.qualifying_roles({membership.programme_id})
    form = forms.DecideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        try:
            services.pool_decide(
                membership=membership,
                accept=accept,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ReviewerError as error:
            form.add_error(None, str(error))
        else:
            names = {"person": membership.reviewer, "pool": membership.programme.short_name}
            messages.success(
                request,
                (
                    _("%(person)s has been accepted into the %(pool)s pool.")
                    if accept
                    else _("%(person)s's request to join the %(pool)s pool has been declined.")
                )
                % names,
            )
            return redirect(f"{reverse('reviewers:list')}?status={PoolStatus.REQUESTED}")
    return render(
        request,
        "reviewers/decide.html",
        {
            "form": form,
            "membership": membership,
            "reviewer": membership.reviewer,
            "standing": selectors.standing_of(membership, rules),
            "rule": forms.rule_hint(rules.get(membership.programme_id, frozenset())),
            # A change of their details waiting: the standing above does not count it yet.
            "pending": selectors.pending_change(reviewer=membership.reviewer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pool_leave(request: HttpRequest, membership_pk: int) -> HttpResponse:
    """Leave a pool (the person themself) or record that someone has left it (its
    coordinators), after a confirmation page. 404 for those who may not see the record."""
    membership = get_object_or_404(
        PoolMembership.objects.select_related("programme"), pk=membership_pk
    )
    membership.reviewer = selectors.reviewer_for_user(user=request.user, pk=membership.reviewer_id)
    require_permission(request, "reviewers.leave_pool", membership)
    reviewer = membership.reviewer
    by_themself = reviewer.user_id == request.user.pk
    names = {"person": reviewer, "pool": membership.programme.short_name}
    if membership.status != PoolStatus.ACCEPTED:
        messages.info(
            request,
            _("%(person)s is not in the %(pool)s pool (status: %(status)s).")
            % {**names, "status": membership.get_status_display().lower()},
        )
        return redirect(reviewer)
    form = forms.LeaveForm(posted(request), by_themself=by_themself, programme=membership.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.pool_leave(
                membership=membership, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ReviewerError as error:
            messages.info(request, str(error))
            return redirect(reviewer)
        else:
            messages.success(
                request,
                (
                    _("You have left the %(pool)s reviewer pool.")
                    if by_themself
                    else _("%(person)s has been recorded as having left the %(pool)s pool.")
                )
                % names,
            )
            return redirect(reviewer)
    return render(
        request,
        "reviewers/leave.html",
        {
            "form": form,
            "membership": membership,
            "reviewer": reviewer,
            "by_themself": by_themself,
        },
    )


# --- A reviewer's record ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def reviewer_me(request: HttpRequest) -> HttpResponse:
    own = selectors.own_reviewer(user=request.user)
    if own is None:
        raise Http404
    return redirect(own)


def _employers_in_conflict(reviewer: Reviewer, employers) -> list[tuple]:
    """Each previous employer, and whether it is a conflict of interest today."""
    conflicted = selectors.conflicted_organisation_ids(reviewer=reviewer, on=timezone.localdate())
    return [(employer, employer.organisation_id in conflicted) for employer in employers]


@login_required
@require_http_methods(["GET"])
def reviewer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reviewer = selectors.reviewer_for_user(user=request.user, pk=pk)
    record = selectors.record_for(reviewer=reviewer)
    coordinated = coordinated_programme_ids(request.user)
    return render(
        request,
        "reviewers/detail.html",
        {
            "reviewer": reviewer,
            "record": record,
            "expertise": list(reviewer.expertise.select_related("programme")),
            "conflicts": record.conflicts,
            "employers": _employers_in_conflict(reviewer, record.employers),
            "employer_years": settings.CONFLICT_PREVIOUS_EMPLOYER_YEARS,
            "decidable": {
                entry.membership.pk
                for entry in record.pools
                if entry.membership.status == PoolStatus.REQUESTED
                and (coordinated is None or entry.membership.programme_id in coordinated)
            },
            "leavable": {
                entry.membership.pk
                for entry in record.pools
                if entry.membership.status == PoolStatus.ACCEPTED
                and request.user.has_perm("reviewers.leave_pool", entry.membership)
            },
            "is_self": reviewer.user_id == request.user.pk,
            "can_change": request.user.has_perm("reviewers.change_reviewer", reviewer),
            "can_confirm": request.user.has_perm("reviewers.confirm_change", reviewer),
            "can_record_past_review": request.user.has_perm(
                "reviewers.record_past_review", reviewer
            ),
            # The last CPD record this person asked for: linked straight to its file once
            # ready, so that only making a new one goes through the CPD record's page.
            "cpd_record": document_latest(
                kind=documents.CPD_RECORD, subject=reviewer, requested_by=request.user
            ),
        },
    )


def _reviewer_to_change(request: HttpRequest, pk: int) -> Reviewer:
    reviewer = selectors.reviewer_for_user(user=request.user, pk=pk)
    require_permission(request, "reviewers.change_reviewer", reviewer)
    return reviewer


def _details_last_given(reviewer: Reviewer, user) -> dict:
    """The home organisation and job role to offer `user` on a form: the ones they asked
    for, while that change waits for a coordinator, else the confirmed ones."""
    pending = selectors.pending_change(reviewer=reviewer)
    if pending is not None and pending.asked_by_id == user.pk:
        return {"organisation": pending.organisation, "job_role": pending.job_role}
    return {"organisation": reviewer.organisation, "job_role": reviewer.job_role}


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a reviewer's details. A change of home organisation or job role by someone
    who may not confirm it waits for a coordinator (services.reviewer_update)."""
    reviewer = _reviewer_to_change(request, pk)
    expertise = list(reviewer.expertise.all())
    form = forms.ReviewerForm(
        posted(request),
        initial={
            **_details_last_given(reviewer, request.user),
            "max_reviews_per_cycle": reviewer.max_reviews_per_cycle,
            "expertise": [str(line.pk) for line in expertise],
        },
        lines=forms.key_lines(include=expertise),
    )
    is_self = reviewer.user_id == request.user.pk
    can_confirm = request.user.has_perm("reviewers.confirm_change", reviewer)
    if request.method == "POST" and form.is_valid():
        try:
            waiting = services.reviewer_update(
                reviewer=reviewer, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            if waiting is None:
                messages.success(request, _("The details have been saved."))
            elif is_self:
                messages.success(
                    request,
                    _(
                        "The details have been saved. Your new home organisation and job role "
                        "count once a coordinator of your pool has confirmed them."
                    ),
                )
            else:
                messages.success(
                    request,
                    _(
                        "The details have been saved. The new home organisation and job role "
                        "count once a coordinator of a pool the person is in has confirmed them."
                    ),
                )
            return redirect(reviewer)
    return render(
        request,
        "reviewers/edit.html",
        {
            "form": form,
            "reviewer": reviewer,
            "is_self": is_self,
            "pending": selectors.pending_change(reviewer=reviewer),
            "can_confirm": can_confirm,
            # Whether a change of home organisation or job role made here waits for a
            # coordinator (as services.reviewer_update decides).
            "change_waits": not can_confirm
            and any(pool.status == PoolStatus.ACCEPTED for pool in reviewer.pools.all()),
        },
    )


# --- Changes to a reviewer's home organisation and job role ----------------------------------


@login_required
@require_http_methods(["GET"])
def reviewer_changes(request: HttpRequest) -> HttpResponse:
    """The changes to people's details waiting for this coordinator to confirm."""
    require_permission(request, "reviewers.view_directory")
    return render(
        request,
        "reviewers/changes.html",
        {"changes": selectors.changes_to_confirm(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_change_decide(request: HttpRequest, change_pk: int) -> HttpResponse:
    """Confirm or reject a change to a reviewer's home organisation and job role: for the
    coordinators of a pool the person is in or asking to join. 404 for those who may not see
    the record, 403 for those who see it but may not answer."""
    change = selectors.change_for_user(user=request.user, pk=change_pk)
    reviewer = change.reviewer
    require_permission(request, "reviewers.confirm_change", reviewer)
    if request.method == "GET" and change.status != ChangeStatus.PENDING:
        messages.info(request, _("This change has already been answered."))
        return redirect(reviewer)
    form = forms.ChangeDecideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.reviewer_change_decide(
                change=change, confirm=confirm, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.ReviewerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                (
                    _("The change to %(person)s's details has been confirmed.")
                    if confirm
                    else _("The change to %(person)s's details has not been confirmed.")
                )
                % {"person": reviewer},
            )
            return redirect("reviewers:changes")
    return render(
        request,
        "reviewers/change_decide.html",
        {"form": form, "change": change, "reviewer": reviewer},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_away(request: HttpRequest, pk: int) -> HttpResponse:
    """Dates away: a list, and a form to add some."""
    reviewer = _reviewer_to_change(request, pk)
    form = forms.AwayForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            away = services.unavailability_add(reviewer=reviewer, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("Dates away added: %(start)s to %(end)s.")
                % {
                    "start": date_format(away.starts_on, "j F Y"),
                    "end": date_format(away.ends_on, "j F Y"),
                },
            )
            return redirect("reviewers:away", pk=reviewer.pk)
    return render(
        request,
        "reviewers/away.html",
        {"form": form, "reviewer": reviewer, "away": reviewer.away.order_by("starts_on")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_away_remove(request: HttpRequest, pk: int, away_pk: int) -> HttpResponse:
    reviewer = _reviewer_to_change(request, pk)
    away = get_object_or_404(reviewer.away, pk=away_pk)
    if request.method == "POST":
        services.unavailability_remove(unavailability=away)
        messages.success(request, _("The dates away have been removed."))
        return redirect("reviewers:away", pk=reviewer.pk)
    return render(request, "reviewers/away_remove.html", {"reviewer": reviewer, "away": away})


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_conflicts(request: HttpRequest, pk: int) -> HttpResponse:
    """Two forms: declare a conflict of interest, or add a previous employer (each a
    conflict for some years after leaving). The button pressed says which was sent."""
    reviewer = _reviewer_to_change(request, pk)
    adding_employer = "add_employer" in request.POST
    conflict_form = forms.ConflictForm(
        posted(request) if not adding_employer else None, prefix="conflict"
    )
    employer_form = forms.EmployerForm(
        posted(request) if adding_employer else None, prefix="employer"
    )
    form = employer_form if adding_employer else conflict_form
    if request.method == "POST" and form.is_valid():
        try:
            if adding_employer:
                employment = services.employment_add(reviewer=reviewer, **form.cleaned_data)
                message = _("%(organisation)s has been added as a previous employer.") % {
                    "organisation": employment.organisation
                }
            else:
                conflict = services.conflict_add(reviewer=reviewer, **form.cleaned_data)
                message = _("The conflict of interest with %(organisation)s has been declared.") % {
                    "organisation": conflict.organisation
                }
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("reviewers:conflicts", pk=reviewer.pk)
    return render(
        request,
        "reviewers/conflicts.html",
        {
            "reviewer": reviewer,
            "conflict_form": conflict_form,
            "employer_form": employer_form,
            "conflicts": reviewer.conflicts.select_related("organisation"),
            "employers": _employers_in_conflict(
                reviewer, reviewer.employers.select_related("organisation")
            ),
            "employer_years": settings.CONFLICT_PREVIOUS_EMPLOYER_YEARS,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_past_reviews(request: HttpRequest, pk: int) -> HttpResponse:
    """Reviews done before the system held them, recorded by a coordinator of one of the
    person's pools (to migrate an existing pool)."""
    reviewer = selectors.reviewer_for_user(user=request.user, pk=pk)
    require_permission(request, "reviewers.record_past_review", reviewer)
    coordinated = coordinated_programme_ids(request.user)
    pool_ids = {
        pool.programme_id
        for pool in reviewer.pools.all()
        if coordinated is None or pool.programme_id in coordinated
    }
    # A superuser may record one for someone in no pool yet: any programme.
    programmes = programmes_published()
    if pool_ids:
        programmes = programmes.filter(pk__in=pool_ids)
    form = forms.PastReviewForm(posted(request), programmes=programmes)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.completed_review_record(
                reviewer=reviewer, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The review of %(organisation)s has been recorded.")
                % {"organisation": review.organisation},
            )
            return redirect(reviewer)
    return render(
        request,
        "reviewers/past_reviews.html",
        {
            "form": form,
            "reviewer": reviewer,
            "past_reviews": reviewer.completed_reviews.select_related("programme", "organisation"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reviewer_cpd_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The CPD record as a PDF: the page says what it holds and offers the latest one; the
    button asks for a fresh one and goes to its page, which shows when it is ready."""
    reviewer = selectors.reviewer_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        return redirect(documents.cpd_record_request(reviewer=reviewer, by=request.user))
    return render(
        request,
        "reviewers/cpd_record.html",
        {
            "reviewer": reviewer,
            "latest": document_latest(
                kind=documents.CPD_RECORD, subject=reviewer, requested_by=request.user
            ),
        },
    )
