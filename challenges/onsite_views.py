"""The team's on-site pages (/challenges/<pk>/on-site/, evidence/, findings/): the schedule
of activities, an activity with its evidence notes, the team's evidence, and the findings.

For the challenge's accepted team members only: someone who may see the challenge but is not
on its team (its coordinators, the receiving service, a reviewer only invited, technical
staff) gets 403; anyone else 404, as for the challenge itself. Evidence is never shown
anywhere else.

Poor connections: the note form carries a key made when it is shown, so sending it twice saves
one note (`onsite_services.evidence_note_save`). A note sent after the session has ended is
not thrown away: the page says so and gives the text back (`_keeping_what_was_sent`), and
static/js/evidence_draft.js keeps a copy in the browser until the server shows it saved."""

from functools import wraps

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import posted, show_errors

from . import onsite_forms as forms
from . import onsite_selectors as onsite
from . import onsite_services, selectors
from .models import Challenge, Report
from .services import ChallengeError

PAGE_SIZE = 25


def _keeping_what_was_sent(view):
    """Like login_required, except for a note sent by someone whose session has ended (signed
    out for being idle while writing it): instead of a redirect that drops what they typed, a
    page that gives the text back and a link to sign in and return to the form."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST" and request.POST.get("text", "").strip():
            return render(
                request,
                "challenges/onsite/signed_out.html",
                {
                    "text": request.POST["text"],
                    "sign_in": redirect_to_login(request.get_full_path())["Location"],
                },
            )
        return redirect_to_login(request.get_full_path())

    return wrapped


def _may(request: HttpRequest, permission: str, challenge: Challenge) -> bool:
    """The on-site permissions asked of `rules` itself, not `user.has_perm`: Django gives an
    active superuser every permission, and evidence is the team's alone."""
    return rules.has_perm(permission, request.user, challenge)


def _require(request: HttpRequest, permission: str, challenge: Challenge) -> None:
    if not _may(request, permission, challenge):
        raise PermissionDenied


def _team_challenge(request: HttpRequest, pk: int) -> Challenge:
    """The challenge, for a member of its team: 404 for those who may not see it at all, 403
    for those who see it but are not on the team."""
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    _require(request, "challenges.view_evidence", challenge)
    return challenge


def _closed(request: HttpRequest, challenge: Challenge) -> bool:
    """Whether the challenge no longer takes on-site work (a message says why)."""
    if _may(request, "challenges.record_evidence", challenge):
        return False
    messages.error(
        request,
        _("The challenge is %(phase)s: the team cannot record on-site work now.")
        % {"phase": challenge.get_phase_display().lower()},
    )
    return True


def _saved(form, save):
    """What `save()` returns, or None with its refusal shown on the form (a ValidationError on
    the fields it names, a ChallengeError above them): nothing typed is lost."""
    try:
        return save()
    except ValidationError as error:
        show_errors(form, error)
    except ChallengeError as error:
        form.add_error(None, str(error))
    return None


def _common(request: HttpRequest, challenge: Challenge) -> dict:
    return {
        "challenge": challenge,
        "can_record": _may(request, "challenges.record_evidence", challenge),
        "leading": _may(request, "challenges.lead_findings", challenge),
    }


# --- The schedule ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _team_challenge(request, pk)
    return render(
        request,
        "challenges/onsite/schedule.html",
        _common(request, challenge)
        | {
            "days": onsite.schedule_of(user=request.user, challenge=challenge),
            "counts": onsite.activity_counts(challenge=challenge),
        },
    )


def _activity_page(request: HttpRequest, challenge: Challenge, activity=None) -> HttpResponse:
    if _closed(request, challenge):
        return redirect("challenges:onsite", pk=challenge.pk)
    form = forms.ActivityForm(
        posted(request),
        creating=activity is None,
        days=onsite_services.on_site_days(challenge),
        members=onsite.accepted_members(challenge=challenge),
        initial={}
        if activity is None
        else {
            "kind": activity.kind,
            "day": activity.day.isoformat(),
            "starts_at": activity.starts_at.strftime("%H:%M"),
            "ends_at": activity.ends_at.strftime("%H:%M"),
            "reviewers": list(activity.reviewers.all()),
            "met_description": activity.met_description,
            "met_count": activity.met_count,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("token", None)
        saved = _saved(
            form,
            lambda: (
                onsite_services.activity_add(
                    challenge=challenge, by=request.user, token=token, **data
                )
                if activity is None
                else onsite_services.activity_update(activity=activity, by=request.user, **data)
            ),
        )
        if saved is not None:
            messages.success(request, _("Activity saved."))
            return redirect(saved)
    return render(
        request,
        "challenges/onsite/activity_form.html",
        {"form": form, "challenge": challenge, "activity": activity},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_page(request, _team_challenge(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    challenge = _team_challenge(request, pk)
    activity = onsite.activity_for(user=request.user, challenge=challenge, pk=activity_pk)
    return _activity_page(request, challenge, activity)


# --- An activity and its evidence --------------------------------------------------------------


@_keeping_what_was_sent
@require_http_methods(["GET", "POST"])
def activity(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    """An activity with the team's notes on it, and the form for the person's next note."""
    challenge = _team_challenge(request, pk)
    shown = onsite.activity_for(user=request.user, challenge=challenge, pk=activity_pk)
    member = onsite.team_member(user=request.user, challenge=challenge)
    form = forms.EvidenceNoteForm(posted(request), lines=challenge.lines_of_enquiry.all())
    if request.method == "POST":
        if _closed(request, challenge):
            return redirect(shown)
        if form.is_valid():
            data = form.cleaned_data
            saved = _saved(
                form,
                lambda: onsite_services.evidence_note_save(
                    activity=shown,
                    by=request.user,
                    key=data["key"],
                    text=data["text"],
                    source_type=data["source_type"],
                    line_of_enquiry=data["line_of_enquiry"],
                ),
            )
            if saved is not None:
                note, _created = saved
                messages.success(request, _("Evidence note saved."))
                return redirect(f"{shown.get_absolute_url()}#note-{note.pk}")
    notes = list(onsite.notes_for(user=request.user, challenge=challenge).filter(activity=shown))
    return render(
        request,
        "challenges/onsite/activity.html",
        _common(request, challenge)
        | {
            "activity": shown,
            "notes": notes,
            "member": member,
            "form": form,
            # The browser's draft is cleared once its key is among these.
            "saved_keys": " ".join(str(n.key) for n in notes if n.author_id == member.pk),
        },
    )


@_keeping_what_was_sent
@require_http_methods(["GET", "POST"])
def evidence_edit(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    """Change one's own note (others on the team read it, but only its author changes it)."""
    challenge = _team_challenge(request, pk)
    note = get_object_or_404(onsite.notes_for(user=request.user, challenge=challenge), pk=note_pk)
    member = onsite.team_member(user=request.user, challenge=challenge)
    if note.author_id != member.pk:
        raise PermissionDenied
    if _closed(request, challenge):
        return redirect(note.activity)
    form = forms.EvidenceNoteForm(
        posted(request),
        lines=challenge.lines_of_enquiry.all(),
        initial={
            "key": note.key,
            "text": note.text,
            "source_type": note.source_type,
            "line_of_enquiry": note.line_of_enquiry_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _saved(
            form,
            lambda: onsite_services.evidence_note_save(
                activity=note.activity,
                by=request.user,
                # Always the note's own key: this form changes this note.
                key=note.key,
                text=data["text"],
                source_type=data["source_type"],
                line_of_enquiry=data["line_of_enquiry"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Evidence note saved."))
            return redirect(f"{note.activity.get_absolute_url()}#note-{note.pk}")
    return render(
        request,
        "challenges/onsite/note_form.html",
        {"form": form, "challenge": challenge, "note": note},
    )


@login_required
@require_http_methods(["GET"])
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's evidence, filtered by line of enquiry, source and reviewer, a page at a time."""
    challenge = _team_challenge(request, pk)
    filters = forms.EvidenceFilterForm(
        request.GET or None,
        lines=challenge.lines_of_enquiry.all(),
        members=onsite.accepted_members(challenge=challenge),
    )
    notes = onsite.notes_for(user=request.user, challenge=challenge)
    if filters.is_valid():
        chosen = filters.cleaned_data
        if chosen["line"]:
            notes = notes.filter(line_of_enquiry=chosen["line"])
        if chosen["source"]:
            notes = notes.filter(source_type=chosen["source"])
        if chosen["reviewer"]:
            notes = notes.filter(author=chosen["reviewer"])
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "challenges/onsite/evidence.html",
        _common(request, challenge)
        | {
            "filters": filters,
            "page": Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "member": onsite.team_member(user=request.user, challenge=challenge),
        },
    )


# --- Findings ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def findings(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = _team_challenge(request, pk)
    groups = onsite.findings_by_line(user=request.user, challenge=challenge)
    # Once the evidence is deleted (challenges.retention), triangulation has nothing left to
    # count: the page says when it was deleted rather than "single source".
    deleted = (
        Report.objects.filter(challenge=challenge)
        .values_list("evidence_deleted_at", flat=True)
        .first()
    )
    return render(
        request,
        "challenges/onsite/findings.html",
        _common(request, challenge)
        | {
            "groups": groups,
            "total": sum(len(group.findings) for group in groups),
            "single": 0
            if deleted
            else sum(
                1 for group in groups for f in group.findings if f.triangulation.single_source
            ),
            "evidence_deleted_at": deleted,
        },
    )


def _finding_page(request: HttpRequest, challenge: Challenge, finding=None) -> HttpResponse:
    if _closed(request, challenge):
        return redirect("challenges:findings", pk=challenge.pk)
    form = forms.FindingForm(
        posted(request),
        creating=finding is None,
        lines=challenge.lines_of_enquiry.all(),
        notes=onsite.notes_for(user=request.user, challenge=challenge),
        initial={}
        if finding is None
        else {
            "kind": finding.kind,
            "line_of_enquiry": finding.line_of_enquiry_id,
            "text": finding.text,
            "evidence": list(finding.evidence.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        token = data.pop("token", None)
        saved = _saved(
            form,
            lambda: (
                onsite_services.finding_add(
                    challenge=challenge, by=request.user, token=token, **data
                )
                if finding is None
                else onsite_services.finding_update(finding=finding, by=request.user, **data)
            ),
        )
        if saved is not None:
            messages.success(request, _("Finding saved."))
            return redirect(f"{_findings_url(challenge)}#finding-{saved.pk}")
    return render(
        request,
        "challenges/onsite/finding_form.html",
        {"form": form, "challenge": challenge, "finding": finding},
    )


def _findings_url(challenge: Challenge) -> str:
    return reverse("challenges:findings", args=[challenge.pk])


def _standing_finding(request: HttpRequest, challenge: Challenge, finding_pk: int):
    """One of the challenge's findings still listed (404 for a merged one or any other)."""
    return get_object_or_404(
        onsite.findings_for(user=request.user, challenge=challenge), pk=finding_pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _finding_page(request, _team_challenge(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    challenge = _team_challenge(request, pk)
    return _finding_page(request, challenge, _standing_finding(request, challenge, finding_pk))


@login_required
@require_http_methods(["GET", "POST"])
def finding_merge(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    """The lead merges a duplicate into another finding, after saying which (and being told
    what merging does)."""
    challenge = _team_challenge(request, pk)
    _require(request, "challenges.lead_findings", challenge)
    finding = _standing_finding(request, challenge, finding_pk)
    others = onsite.findings_for(user=request.user, challenge=challenge).exclude(pk=finding.pk)
    form = forms.MergeForm(posted(request), findings=others)
    if request.method == "POST" and form.is_valid():
        try:
            kept = onsite_services.finding_merge(
                finding=finding, into=form.cleaned_data["into"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        except ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The findings are merged."))
            return redirect(f"{_findings_url(challenge)}#finding-{kept.pk}")
    finding.triangulation = onsite.triangulation_of(finding)
    return render(
        request,
        "challenges/onsite/finding_merge.html",
        {"form": form, "challenge": challenge, "finding": finding, "others": others.exists()},
    )


@login_required
@require_http_methods(["POST"])
def finding_move(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    """Move a finding up or down its line of enquiry (the lead's buttons on the findings page)."""
    challenge = _team_challenge(request, pk)
    _require(request, "challenges.lead_findings", challenge)
    finding = _standing_finding(request, challenge, finding_pk)
    try:
        onsite_services.finding_move(
            finding=finding, direction=request.POST.get("direction", ""), by=request.user
        )
    except (ValidationError, ChallengeError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(f"{_findings_url(challenge)}#finding-{finding.pk}")
