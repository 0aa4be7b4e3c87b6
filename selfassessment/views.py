"""The self-assessment pages (`/self-assessment/`). A round's pages (its statuses, its triads)
are for the programme's coordinators: 403 for people who coordinate nothing, 404 for another
programme's round. A self-assessment's pages answer 404 to whoever may not see it (scope.py);
completing, scrutinising and answering are asked of the rules on the object (403)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.enums import Role
from accounts.roles import roles_for
from accounts.selectors import programme_to_set_up, programmes_coordinated
from core.forms import error_elsewhere
from core.http import posted, require_permission, show_errors
from performance.selectors import service_summary

from . import selectors, services
from .forms import (
    AnswerForm,
    AnswerQuestionForm,
    ConfirmForm,
    MoveForm,
    NoteForm,
    ProposeForm,
    RoundForm,
    SubmitForm,
)
from .models import Round, ScrutinyNote, SelfAssessment

SET_UP = "accounts.set_up_programmes"


def _round(request: HttpRequest, pk: int) -> Round:
    require_permission(request, SET_UP)
    return get_object_or_404(
        Round.objects.select_related("programme").filter(
            programme__in=programmes_coordinated(user=request.user)
        ),
        pk=pk,
    )


def _assessment(request: HttpRequest, pk: int) -> SelfAssessment:
    return selectors.assessment_for_user(user=request.user, pk=pk)


def _may(request: HttpRequest, permission: str, assessment: SelfAssessment) -> bool:
    """Asked of rules itself: Django's has_perm lets superusers through, and technical staff
    neither scrutinise, nor answer for a service, nor change a submitted self-assessment."""
    return rules.has_perm(permission, request.user, assessment)


def _require(request: HttpRequest, permission: str, assessment: SelfAssessment) -> None:
    if not _may(request, permission, assessment):
        raise PermissionDenied


# --- For everyone with self-assessments ------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """The self-assessments the user may see: their own authority's, those of their triad
    partners to scrutinise, and (for coordinators) their programmes' rounds."""
    leads = roles_for(request.user).organisation_ids(Role.SERVICE_LEAD)
    visible = selectors.assessments_for_user(user=request.user)
    own_ids = roles_for(request.user).organisation_ids(Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD)
    return render(
        request,
        "selfassessment/index.html",
        {
            "own": [a for a in visible if a.organisation_id in own_ids],
            "partners": list(selectors.to_scrutinise(leads)) if leads else [],
            "programmes": list(programmes_coordinated(user=request.user))
            if request.user.has_perm(SET_UP)
            else [],
        },
    )


# --- Rounds (a programme set-up section) -----------------------------------------------------


@login_required
@require_http_methods(["GET"])
def rounds(request: HttpRequest, programme_pk: int) -> HttpResponse:
    require_permission(request, SET_UP)
    programme = programme_to_set_up(user=request.user, pk=programme_pk)
    return render(
        request,
        "selfassessment/rounds.html",
        {"programme": programme, "rounds": selectors.rounds_of(programme)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """Set a round: the sections start from the programme's key lines of enquiry."""
    require_permission(request, SET_UP)
    programme = programme_to_set_up(user=request.user, pk=programme_pk)
    lines = programme.lines_of_enquiry.filter(is_active=True).order_by("kind", "position", "name")
    form = RoundForm(posted(request), initial={"sections": "\n".join(line.name for line in lines)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.round_create(
                programme=programme,
                title=data["title"],
                opens_on=data["opens_on"],
                deadline=data["deadline"],
                sections=form.section_titles(),
                avoid_previous_partners=data["avoid_previous_partners"],
                by=request.user,
                token=data["token"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The self-assessment round has been set."))
            return redirect("selfassessment:round", pk=new.pk)
    return render(request, "selfassessment/round_new.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET"])
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Each authority's status, late ones tagged overdue, and the round's triads."""
    round = _round(request, pk)
    rows = selectors.round_statuses(round)
    return render(
        request,
        "selfassessment/round.html",
        {
            "round": round,
            "programme": round.programme,
            "rows": rows,
            "overdue": sum(1 for row in rows if row.overdue),
            "sections": list(round.sections.all()),
            "triads": selectors.triads_of(round),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def triads(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposed triads: propose (again), move an authority between groups."""
    round = _round(request, pk)
    groups = selectors.triads_of(round)
    members = sorted(
        (member.organisation for triad in groups for member in triad.members.all()),
        key=lambda organisation: organisation.name,
    )
    propose = ProposeForm(label=_("Propose again") if groups else _("Propose triads"))
    move = MoveForm(
        request.POST if "move" in request.POST else None, organisations=members, triads=groups
    )
    if request.method == "POST":
        if round.triads_confirmed:
            return redirect("selfassessment:round", pk=round.pk)
        try:
            if "propose" in request.POST:
                proposal = services.triads_propose(round=round, by=request.user)
                if proposal.repeats:
                    messages.warning(
                        request,
                        _(
                            "Some authorities could not be kept apart from one they were "
                            "grouped with last round: check the groups."
                        ),
                    )
                messages.success(request, _("Triads have been proposed."))
                return redirect("selfassessment:triads", pk=round.pk)
            if "move" in request.POST and move.is_valid():
                organisation = next(o for o in members if o.pk == move.cleaned_data["organisation"])
                triad = next(t for t in groups if t.pk == move.cleaned_data["triad"])
                services.triad_move(
                    round=round, organisation=organisation, triad=triad, by=request.user
                )
                messages.success(
                    request,
                    _("%(organisation)s has been moved to group %(number)s.")
                    % {"organisation": organisation.name, "number": triad.number},
                )
                return redirect("selfassessment:triads", pk=round.pk)
        except ValidationError as error:
            show_errors(move, error)
    return render(
        request,
        "selfassessment/triads.html",
        {
            "round": round,
            "programme": round.programme,
            "triads": groups,
            "propose": propose,
            "move": move,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def triads_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    if round.triads_confirmed:
        return redirect("selfassessment:round", pk=round.pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.triads_confirm(round=round, by=request.user)
        except ValidationError as error:
            form.add_error(None, error_elsewhere(error.messages[0], "#groups"))
        else:
            messages.success(request, _("The triads have been confirmed."))
            return redirect("selfassessment:round", pk=round.pk)
    return render(
        request,
        "selfassessment/triads_confirm.html",
        {"round": round, "triads": selectors.triads_of(round), "form": form},
    )


# --- A self-assessment -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment with its scrutiny, beside the service's improvement-plan RAG and
    its performance indicators (the triangulation)."""
    assessment = _assessment(request, pk)
    return render(
        request,
        "selfassessment/assessment.html",
        {
            "assessment": assessment,
            "round": assessment.round,
            "sections": selectors.sections_with_answers(assessment),
            "partners": selectors.partners(assessment),
            "overdue": selectors.is_overdue(assessment),
            "not_open": assessment.round.opens_on > timezone.localdate(),
            "triangulation": selectors.triangulation(assessment.organisation_id),
            "performance": service_summary(assessment.organisation),
            "can_complete": _may(request, "selfassessment.complete_assessment", assessment),
            "can_scrutinise": _may(request, "selfassessment.scrutinise_assessment", assessment),
            "can_answer": _may(request, "selfassessment.answer_assessment", assessment),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """One section's question page: a self-rating and its evidence."""
    assessment = _assessment(request, pk)
    _require(request, "selfassessment.complete_assessment", assessment)
    sections = list(assessment.round.sections.all())
    section = next((s for s in sections if s.pk == section_pk), None)
    if section is None:
        raise Http404
    answer = assessment.answers.filter(section=section).first()
    initial = {"rating": answer.rating, "evidence": answer.evidence} if answer else {}
    form = AnswerForm(
        posted(request),
        initial=initial,
        seen_version=assessment.version,
        saving_draft="draft" in request.POST,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_save(
                assessment=assessment,
                section=section,
                seen_version=data["seen_version"],
                rating=data["rating"],
                evidence=data["evidence"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.StaleVersionError as error:
            fresh = request.POST.copy()
            fresh["seen_version"] = str(error.item.version)
            form = AnswerForm(fresh, seen_version=error.item.version, saving_draft=True)
            form.is_valid()
            form.add_error(None, str(error))
        else:
            if "draft" in request.POST:
                messages.success(request, _("Your answers have been saved as a draft."))
                return redirect("selfassessment:assessment", pk=assessment.pk)
            later = [s for s in sections if s.position > section.position]
            if later:
                return redirect("selfassessment:section", pk=assessment.pk, section_pk=later[0].pk)
            return redirect("selfassessment:check", pk=assessment.pk)
    position = sections.index(section) + 1
    return render(
        request,
        "selfassessment/section.html",
        {
            "assessment": assessment,
            "section": section,
            "form": form,
            "position": position,
            "count": len(sections),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit."""
    assessment = _assessment(request, pk)
    _require(request, "selfassessment.complete_assessment", assessment)
    form = SubmitForm(posted(request), seen_version=assessment.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_submit(
                assessment=assessment,
                seen_version=form.cleaned_data["seen_version"],
                by=request.user,
            )
        except ValidationError as error:
            missing = services.unanswered_sections(assessment)
            href = f"#section-{missing[0].pk}" if missing else "#answers"
            form.add_error(None, error_elsewhere(error.messages[0], href))
        except services.StaleVersionError as error:
            form = SubmitForm(None, seen_version=error.item.version)
            form.add_error(None, str(error))
            assessment.version = error.item.version
        else:
            messages.success(request, _("Your self-assessment has been submitted."))
            return redirect("selfassessment:assessment", pk=assessment.pk)
    return render(
        request,
        "selfassessment/check.html",
        {
            "assessment": assessment,
            "sections": selectors.sections_with_answers(assessment),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def scrutinise(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    """A triad partner's comment or challenge question on one section."""
    assessment = _assessment(request, pk)
    _require(request, "selfassessment.scrutinise_assessment", assessment)
    section = get_object_or_404(assessment.round.sections, pk=section_pk)
    partner_ids = {o.pk for o in selectors.partners(assessment)}
    leads = roles_for(request.user).organisation_ids(Role.SERVICE_LEAD) & partner_ids
    if not leads:
        raise PermissionDenied
    from accounts.models import Organisation

    organisation = Organisation.objects.get(pk=min(leads))
    form = NoteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_add(
                assessment=assessment,
                section=section,
                kind=data["kind"],
                text=data["text"],
                by=request.user,
                organisation=organisation,
                token=data["token"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your scrutiny has been added."))
            return redirect("selfassessment:assessment", pk=assessment.pk)
    return render(
        request,
        "selfassessment/scrutinise.html",
        {
            "assessment": assessment,
            "section": section,
            "answer": assessment.answers.filter(section=section).first(),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer_question(request: HttpRequest, pk: int, note_pk: int) -> HttpResponse:
    """The scrutinised service answers a challenge question."""
    assessment = _assessment(request, pk)
    _require(request, "selfassessment.answer_assessment", assessment)
    note = get_object_or_404(
        ScrutinyNote.objects.select_related("section", "author_organisation").filter(
            assessment=assessment, kind="question"
        ),
        pk=note_pk,
    )
    form = AnswerQuestionForm(posted(request), initial={"answer": note.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_answer(note=note, answer=form.cleaned_data["answer"], by=request.user)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your answer has been saved."))
            return redirect("selfassessment:assessment", pk=assessment.pk)
    return render(
        request,
        "selfassessment/answer.html",
        {"assessment": assessment, "note": note, "form": form},
    )
