"""The report's pages, under /challenges/<pk>/report/: the report, the lead's editing, its
versions and the difference between two, the service's comments and the lead's answers, the
identifying words, and a confirmation page before each step of the workflow.

Who sees the report: the team at every stage; the programme's coordinators and the receiving
service's leads once it is sent for the factual-accuracy check. Someone who may see the
challenge but not the report (or not do what the page does) gets 403; anyone else 404, as for
the challenge itself. Permissions are asked of `rules` itself, never `user.has_perm`: Django
gives an active superuser every permission, and a superuser is not the team."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import posted, show_errors

from . import report_forms as forms
from . import report_services as reports
from . import selectors
from .enums import ReportState
from .models import Challenge, Report
from .publication_check import publication_check
from .report_difference import version_difference
from .services import ChallengeError


def _may(request: HttpRequest, permission: str, challenge: Challenge) -> bool:
    return rules.has_perm(permission, request.user, challenge)


def _require(request: HttpRequest, permission: str, challenge: Challenge) -> None:
    if not _may(request, permission, challenge):
        raise PermissionDenied


def _challenge(request: HttpRequest, pk: int, permission: str = "challenges.view_report"):
    """The challenge (404 for those who may not see it) and its report, for those who may
    read it (and hold `permission`): 403 otherwise."""
    challenge = selectors.challenge_for_user(user=request.user, pk=pk)
    _require(request, "challenges.view_report", challenge)
    if permission != "challenges.view_report":
        _require(request, permission, challenge)
    try:
        report = challenge.report
    except ObjectDoesNotExist:
        report = None
    return challenge, report


def _require_report(report: Report | None) -> None:
    """404 for a page of a report not started yet (the report page itself says so)."""
    if report is None:
        raise Http404


def _report_url(challenge: Challenge) -> str:
    return reverse("challenges:report", args=[challenge.pk])


def _error_text(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


def _common(request: HttpRequest, challenge: Challenge, report: Report | None) -> dict:
    return {
        "challenge": challenge,
        "report": report,
        "leading": _may(request, "challenges.lead_report", challenge),
        "team": _may(request, "challenges.view_evidence", challenge),
        "receiving": _may(request, "challenges.comment_report", challenge),
        "coordinating": _may(request, "challenges.publish_report", challenge),
    }


# --- The report --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    challenge, shown = _challenge(request, pk)
    context = _common(request, challenge, shown)
    if shown is None:
        return render(request, "challenges/report/not_started.html", context)
    version = reports.latest_version(shown)
    comments = list(shown.comments.select_related("created_by", "answered_by", "version"))
    by_section: dict[str, list] = {}
    for comment in comments:
        by_section.setdefault(comment.section, []).append(comment)
    sections = [
        section | {"comments": by_section.get(section["key"], [])} for section in version.sections
    ]
    # What names and identifying words stop publication: for the lead and the coordinators,
    # not the service (the words may themselves identify someone).
    checking = context["leading"] or context["coordinating"]
    context |= {
        "version": version,
        "sections": sections,
        "comment_count": len(comments),
        "unanswered": sum(1 for c in comments if not c.answer),
        "problems": publication_check(shown) if checking else None,
        "terms": list(shown.identifying_terms.all()) if context["leading"] else None,
        "term_form": forms.TermForm() if context["leading"] else None,
        "consent_needed": reports.consent_needed(shown),
        "consent_on_application": reports.consent_on_application(shown),
        "States": ReportState,
    }
    return render(request, "challenges/report/report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest, pk: int) -> HttpResponse:
    """The lead's confirmation page before the draft is generated from the findings."""
    challenge, shown = _challenge(request, pk, "challenges.lead_report")
    if shown is not None:
        return redirect(_report_url(challenge))
    error = None
    if request.method == "POST":
        try:
            reports.report_start(challenge=challenge, by=request.user)
        except ChallengeError as refused:
            error = str(refused)
        else:
            messages.success(request, _("The draft report is started: version 1."))
            return redirect(_report_url(challenge))
    return render(
        request,
        "challenges/report/start.html",
        _common(request, challenge, shown) | {"error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge, shown = _challenge(request, pk, "challenges.lead_report")
    _require_report(shown)
    latest = reports.latest_version(shown)
    form = forms.ReportEditForm(
        posted(request), sections=latest.sections, initial={"seen_number": latest.number}
    )
    stale = seen = None
    if request.method == "POST" and form.is_valid():
        try:
            version = reports.report_revise(
                report=shown,
                sections_text=form.sections_text(),
                note=form.cleaned_data["note"],
                by=request.user,
                seen_number=form.cleaned_data["seen_number"],
            )
        except reports.StaleReportError as error:
            # Nothing saved. The text sent stays in the form, now based on the newer version
            # (so saving again, once read, is a deliberate choice); the page links to it.
            stale, seen = error.latest, form.cleaned_data["seen_number"]
            data = request.POST.copy()
            data["seen_number"] = str(stale.number)
            form = forms.ReportEditForm(data, sections=stale.sections)
            form.is_valid()
            form.add_error(None, str(error))
        except ValidationError as error:
            show_errors(form, error)
        except ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Version %(n)s is saved.") % {"n": version.number})
            return redirect(_report_url(challenge))
    return render(
        request,
        "challenges/report/edit.html",
        _common(request, challenge, shown)
        | {
            "form": form,
            "version": latest,
            "stale": stale,
            "seen": seen,
            "editable": _editable(shown),
        },
    )


def _editable(report: Report) -> bool:
    return report.state in (ReportState.DRAFT, ReportState.FACTUAL_CHECK)


# --- Versions ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def report_versions(request: HttpRequest, pk: int) -> HttpResponse:
    challenge, shown = _challenge(request, pk)
    _require_report(shown)
    versions = list(shown.versions.select_related("created_by").order_by("-number"))
    numbers = [v.number for v in versions]
    form = forms.CompareForm(
        numbers=numbers,
        initial={"older": numbers[1] if len(numbers) > 1 else numbers[0], "newer": numbers[0]},
    )
    return render(
        request,
        "challenges/report/versions.html",
        _common(request, challenge, shown) | {"versions": versions, "form": form},
    )


@login_required
@require_http_methods(["GET"])
def report_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    challenge, shown = _challenge(request, pk)
    _require_report(shown)
    version = get_object_or_404(shown.versions.select_related("created_by"), number=number)
    return render(
        request,
        "challenges/report/version.html",
        _common(request, challenge, shown)
        | {"version": version, "latest": reports.latest_version(shown)},
    )


@login_required
@require_http_methods(["GET"])
def report_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The difference between the two versions chosen (by default the last two)."""
    challenge, shown = _challenge(request, pk)
    _require_report(shown)
    by_number = {v.number: v for v in shown.versions.select_related("created_by")}
    numbers = sorted(by_number, reverse=True)
    default = {"older": numbers[1] if len(numbers) > 1 else numbers[0], "newer": numbers[0]}
    form = forms.CompareForm(request.GET or default, numbers=numbers)
    differences = older = newer = None
    if form.is_valid():
        a, b = sorted([form.cleaned_data["older"], form.cleaned_data["newer"]])
        older, newer = by_number[a], by_number[b]
        differences = version_difference(older, newer)
    return render(
        request,
        "challenges/report/compare.html",
        _common(request, challenge, shown)
        | {"form": form, "differences": differences, "older": older, "newer": newer},
    )


# --- Comments and answers ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """A service lead's comment on a section of the version they read."""
    challenge, shown = _challenge(request, pk, "challenges.comment_report")
    _require_report(shown)
    version = reports.latest_version(shown)
    form = forms.CommentForm(
        posted(request),
        sections=version.sections,
        initial={"section": request.GET.get("section", "")},
    )
    if shown.state != ReportState.FACTUAL_CHECK:
        messages.error(request, _("Comments are taken during the factual-accuracy check only."))
        return redirect(_report_url(challenge))
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_comment(
                report=shown,
                version=version,
                section=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your comment is sent to the team's lead."))
            return redirect(_report_url(challenge))
    return render(
        request,
        "challenges/report/comment_form.html",
        _common(request, challenge, shown) | {"form": form, "version": version},
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_answer(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    challenge, shown = _challenge(request, pk, "challenges.lead_report")
    _require_report(shown)
    comment = get_object_or_404(shown.comments.select_related("version"), pk=comment_pk)
    form = forms.AnswerForm(posted(request), initial={"answer": comment.answer})
    if shown.state != ReportState.FACTUAL_CHECK:
        messages.error(request, _("Comments are answered during the factual-accuracy check only."))
        return redirect(_report_url(challenge))
    if request.method == "POST" and form.is_valid():
        try:
            reports.report_answer(
                comment=comment, text=form.cleaned_data["answer"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        except ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your answer is saved and sent to the service."))
            return redirect(f"{_report_url(challenge)}#comment-{comment.pk}")
    heading = next(
        (s["heading"] for s in comment.version.sections if s["key"] == comment.section), ""
    )
    return render(
        request,
        "challenges/report/answer_form.html",
        _common(request, challenge, shown) | {"form": form, "comment": comment, "heading": heading},
    )


# --- Identifying words -------------------------------------------------------------------------


@login_required
@require_http_methods(["POST"])
def report_term_add(request: HttpRequest, pk: int) -> HttpResponse:
    challenge, shown = _challenge(request, pk, "challenges.lead_report")
    _require_report(shown)
    form = forms.TermForm(request.POST)
    if form.is_valid():
        try:
            reports.identifying_term_add(
                report=shown, term=form.cleaned_data["term"], by=request.user
            )
        except (ValidationError, ChallengeError) as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The word is added to the publication check."))
    else:
        messages.error(request, " ".join(form.errors["term"]))
    return redirect(f"{_report_url(challenge)}#identifying")


@login_required
@require_http_methods(["POST"])
def report_term_remove(request: HttpRequest, pk: int, term_pk: int) -> HttpResponse:
    challenge, shown = _challenge(request, pk, "challenges.lead_report")
    _require_report(shown)
    term = get_object_or_404(shown.identifying_terms, pk=term_pk)
    try:
        reports.identifying_term_remove(term=term, by=request.user)
    except ChallengeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The word is taken off the publication check."))
    return redirect(f"{_report_url(challenge)}#identifying")


# --- The workflow's steps ----------------------------------------------------------------------

STEPS = {
    "send": (
        "challenges.lead_report",
        reports.report_send_for_check,
        _("Send the report for the factual-accuracy check"),
        _("The receiving service's leads are emailed and can comment on each section."),
        _("The report is sent to the service for the factual-accuracy check."),
    ),
    "finalise": (
        "challenges.lead_report",
        reports.report_finalise,
        _("Sign off the final report"),
        _(
            "The report's text no longer changes once signed off. The service and the "
            "programme's coordinators are emailed."
        ),
        _("The final report is signed off."),
    ),
    "consent": (
        "challenges.consent_report",
        reports.report_consent,
        _("Give consent to publish the report"),
        _(
            "Once published, anyone can read the report on the programme's public pages. "
            "Consent cannot be taken back here."
        ),
        _("Thank you: your consent to publish is recorded."),
    ),
    "publish": (
        "challenges.publish_report",
        reports.report_publish,
        _("Publish the report"),
        _("Anyone can read a published report. Publishing cannot be undone."),
        _("The report is published."),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def report_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """A confirmation page before a step of the workflow, and the step itself."""
    if step not in STEPS:
        raise Http404
    permission, service, title, warning, done = STEPS[step]
    challenge, shown = _challenge(request, pk, permission)
    _require_report(shown)
    error = None
    if request.method == "POST":
        try:
            service(report=shown, by=request.user)
        except ChallengeError as refused:
            error = str(refused)
        else:
            messages.success(request, done)
            return redirect(_report_url(challenge))
    context = _common(request, challenge, shown) | {
        "step": step,
        "title": title,
        "warning": warning,
        "error": error,
    }
    if step == "finalise":
        context["unanswered"] = reports.unanswered(shown)
    if step == "publish":
        context["refusal"] = reports.publish_refusal(shown)
        context["problems"] = publication_check(shown)
    return render(request, "challenges/report/step.html", context)
