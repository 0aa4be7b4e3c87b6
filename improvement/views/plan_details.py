"""Starting a plan: a run of GOV.UK question pages, one topic a page, whose answers are kept in
the session until the check-answers page creates the plan (once per form: core.once). Service
leads start plans for their services, coordinators for the member services of their
programmes, superusers for any: nobody else (403). The same questions, and the summary of the
answers, serve changing an existing plan's details (plan_state)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Programme, User
from core.http import posted, show_errors

from .. import plan_services, selectors
from ..enums import Inspectorate, OverallRating, PlanSource
from ..forms.plan_dates import DatesForm, GovernanceForm
from ..forms.plan_details import (
    CreatePlanForm,
    PlanStepForm,
    RatingsForm,
    ServiceForm,
    SourceForm,
    TitleForm,
)
from ..models import ImprovementPlan

SESSION_KEY = "improvement_new_plan"

FORMS: dict[str, type[PlanStepForm]] = {
    "service": ServiceForm,
    "source": SourceForm,
    "title": TitleForm,
    "dates": DatesForm,
    "ratings": RatingsForm,
    "governance": GovernanceForm,
}
NEW_STEPS = list(FORMS)
EDIT_STEPS = NEW_STEPS[1:]
# The answer that shows a step has been answered.
ANSWERED_BY = {
    "service": "organisation",
    "source": "source",
    "title": "title",
    "dates": "inspected_month_only",
    "ratings": "overall_rating",
    "governance": "next_review_on",
}
DATE_FIELDS = (
    "inspected_from",
    "inspected_to",
    "published_on",
    "due_on",
    "submitted_on",
    "endorsed_on",
    "next_review_on",
)


# --- Answers: the plan's details as plain values (ids for rows, dates as dates) -------------


def plan_values(plan: ImprovementPlan) -> dict:
    """The plan's details as the question pages' answers."""
    values = {field: getattr(plan, field) for field in plan_services.DETAIL_FIELDS}
    values["programme"] = plan.programme_id
    values["owner"] = plan.owner_id
    values["organisation"] = plan.organisation_id
    values["ratings"] = [(rating.domain, rating.rating) for rating in plan.ratings.all()]
    return values


def _to_session(values: dict) -> dict:
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in values.items()
    }


def _from_session(stored: dict) -> dict:
    values = dict(stored)
    for name in DATE_FIELDS:
        if values.get(name):
            values[name] = datetime.date.fromisoformat(values[name])
    values["ratings"] = [tuple(pair) for pair in values.get("ratings", [])]
    return values


def resolved(values: dict, *, programmes) -> dict:
    """The answers with rows for ids, as the services take them."""
    details = {name: value for name, value in values.items() if name in plan_services.DETAIL_FIELDS}
    if "programme" in values:
        details["programme"] = (
            programmes.filter(pk=values["programme"]).first() if values["programme"] else None
        )
    if "owner" in values:
        details["owner"] = (
            User.objects.filter(pk=values["owner"]).first() if values["owner"] else None
        )
    return details


def default_title(values: dict) -> str:
    """A title from what the plan responds to, for the title page to offer."""
    source = values.get("source")
    if source == PlanSource.PEER_REVIEW and values.get("programme"):
        programme = Programme.objects.filter(pk=values["programme"]).first()
        if programme is not None:
            return _("Improvement plan after the %(programme)s peer review") % {
                "programme": programme.name
            }
    if source == PlanSource.INSPECTION and values.get("inspectorate"):
        return _("Improvement plan after the %(inspectorate)s inspection") % {
            "inspectorate": Inspectorate(values["inspectorate"]).label
        }
    if source == PlanSource.SELF_ASSESSMENT:
        return _("Improvement plan after self-assessment")
    return _("Improvement plan")


# --- The summary of the details --------------------------------------------------------------


def _day(value) -> str:
    return date_format(value, "j F Y") if value else _("Not given")


def _when(values: dict) -> str:
    started, ended = values.get("inspected_from"), values.get("inspected_to")
    if not started:
        return _("Not given")
    if values.get("inspected_month_only"):
        return date_format(started, "F Y")
    if ended and ended != started:
        return _("%(start)s to %(end)s") % {"start": _day(started), "end": _day(ended)}
    return _day(started)


def detail_rows(values: dict, *, change) -> list[dict]:
    """The plan's details as summary list rows (key, value or lines, the `step` that changes
    it and its address from `change(step)`, None for none)."""
    source = values.get("source")
    responds = PlanSource(source).label if source else _("Not given")
    programme = (
        Programme.objects.filter(pk=values["programme"]).first()
        if values.get("programme")
        else None
    )
    if source == PlanSource.INSPECTION and values.get("inspectorate"):
        responds = f"{responds}: {Inspectorate(values['inspectorate']).label}"
    if programme is not None:
        responds = (
            f"{responds}: {programme.name}"
            if source == PlanSource.PEER_REVIEW
            else _("%(source)s (overseen by the %(programme)s board)")
            % {"source": responds, "programme": programme.name}
        )
    owner = User.objects.filter(pk=values["owner"]).first() if values.get("owner") else None
    endorsed = values.get("endorsed_by") or ""
    if values.get("endorsed_on"):
        endorsed = _("%(board)s on %(day)s") % {
            "board": endorsed,
            "day": _day(values["endorsed_on"]),
        }
    rating = values.get("overall_rating")

    def row(key, step, value="", lines=None, **extra):
        return {
            "key": key,
            "value": value,
            "lines": lines,
            "step": step,
            "url": change(step),
            **extra,
        }

    return [
        row(_("Responds to"), "source", responds),
        row(_("Title"), "title", values.get("title", "")),
        row(_("Inspection or review"), "dates", _when(values)),
        row(_("Report published"), "dates", _day(values.get("published_on"))),
        row(
            _("Overall rating"),
            "ratings",
            OverallRating(rating).label if rating else _("Not given"),
        ),
        row(
            _("Domain ratings"),
            "ratings",
            _("None") if not values.get("ratings") else "",
            lines=[
                f"{domain}: {OverallRating(value).label}"
                for domain, value in values.get("ratings", [])
            ],
        ),
        row(_("Plan due"), "governance", _day(values.get("due_on"))),
        row(_("Plan submitted"), "governance", _day(values.get("submitted_on"))),
        row(_("Endorsed by"), "governance", endorsed or _("Not given")),
        row(_("Owner"), "governance", owner.full_name if owner else _("Not given")),
        row(_("Next review"), "governance", _day(values.get("next_review_on")), next_review=True),
    ]


# --- Starting a plan -------------------------------------------------------------------------


def _starter_services(request: HttpRequest):
    """The services the user may start a plan for; 403 when there are none."""
    services = selectors.services_for_new_plan(user=request.user)
    if not services.exists():
        raise PermissionDenied
    return services


def _answers(request: HttpRequest) -> dict:
    return _from_session(request.session.get(SESSION_KEY, {}).get("answers", {}))


def _store(request: HttpRequest, answers: dict, **flags) -> None:
    state = request.session.get(SESSION_KEY, {})
    state["answers"] = _to_session(answers)
    state.update(flags)
    request.session[SESSION_KEY] = state


def _step_url(step: str) -> str:
    return reverse("improvement:plan_new_step", args=[step])


@login_required
@require_http_methods(["GET"])
def plan_new(request: HttpRequest) -> HttpResponse:
    """The start of a new plan: forget any earlier answers and ask which service (unless the
    user can choose only one)."""
    services = list(_starter_services(request)[:2])
    request.session[SESSION_KEY] = {"answers": {}, "checking": False}
    if len(services) == 1:
        _store(request, {"organisation": services[0].pk}, single_service=True)
        return redirect(_step_url("source"))
    return redirect(_step_url("service"))


@login_required
@require_http_methods(["GET", "POST"])
def plan_new_step(request: HttpRequest, step: str) -> HttpResponse:
    """One question page of a new plan: its answers go into the session; then the next page,
    or the check-answers page when changing an answer from it."""
    if step not in NEW_STEPS:
        raise Http404
    services = _starter_services(request)
    answers = _answers(request)
    state = request.session.get(SESSION_KEY, {})
    organisation = None
    if step != "service":
        organisation = services.filter(pk=answers.get("organisation")).first()
        if organisation is None:
            return redirect("improvement:plan_new")
        for earlier in NEW_STEPS[: NEW_STEPS.index(step)]:
            if ANSWERED_BY[earlier] not in answers:
                return redirect(_step_url(earlier))
    today = timezone.localdate()
    form_class = FORMS[step]
    initial = form_class.initial_from(answers)
    if step == "title" and not initial.get("title"):
        initial["title"] = default_title(answers)
    kwargs = {
        "user": request.user,
        "organisation": organisation,
        "answers": answers,
        "today": today,
    }
    if form_class is RatingsForm:
        kwargs["rows"] = rating_rows(request, answers)
    form = form_class(posted(request), initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if step == "source" and values["source"] != answers.get("source"):
            answers.pop("title", None)  # offer the title that fits the new source
        answers |= values
        _store(request, answers)
        if RatingsForm.ADD_ANOTHER in request.POST:
            return redirect(f"{_step_url(step)}?rows={form.rows + 1}")
        later = NEW_STEPS[NEW_STEPS.index(step) + 1 :]
        missing = [later_step for later_step in later if ANSWERED_BY[later_step] not in answers]
        if state.get("checking") and not missing:
            return redirect("improvement:plan_new_check")
        return redirect(_step_url(later[0]) if later else reverse("improvement:plan_new_check"))
    position = NEW_STEPS.index(step)
    if state.get("checking"):
        back = reverse("improvement:plan_new_check")
    elif position > 1 or (position == 1 and not state.get("single_service")):
        back = _step_url(NEW_STEPS[position - 1])
    else:
        back = reverse("improvement:plans")
    return render(
        request,
        "improvement/plan_question.html",
        {"form": form, "back": back, "caption": _("Start an improvement plan")},
    )


def rating_rows(request: HttpRequest, answers: dict) -> int:
    """How many domain ratings the ratings page asks for: those given, or those sent, or
    (after "Add another domain") the number asked for; at least one."""
    if request.method == "POST":
        return sum(1 for name in request.POST if name.startswith("domain_"))
    try:
        asked = int(request.GET.get("rows", 0))
    except ValueError:
        asked = 0
    return max(1, len(answers.get("ratings", [])), asked)


@login_required
@require_http_methods(["GET", "POST"])
def plan_new_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, each with its "Change" link, then create the plan (once per form,
    however often it is sent)."""
    services = _starter_services(request)
    answers = _answers(request)
    organisation = services.filter(pk=answers.get("organisation")).first()
    if organisation is None:
        return redirect("improvement:plan_new")
    for step in NEW_STEPS:
        if ANSWERED_BY[step] not in answers:
            return redirect(_step_url(step))
    state = request.session.get(SESSION_KEY, {})
    if request.method == "GET" and state.get("created"):
        # Made already (the answers stay, so that the form sent again answers as the first
        # did): back to the plan rather than a fresh form that would make another.
        return redirect("improvement:plan", pk=state["created"])
    if not state.get("checking"):
        _store(request, answers, checking=True)
    form = CreatePlanForm(posted(request))
    if request.method == "POST" and form.is_valid():
        details = resolved(
            answers,
            programmes=selectors.programmes_for_new_plan(
                user=request.user, organisation=organisation
            ),
        )
        try:
            plan, created = plan_services.plan_create(
                organisation=organisation,
                details=details,
                ratings=answers.get("ratings", []),
                token=form.cleaned_data["token"],
                by=request.user,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            _store(request, answers, created=plan.pk)
            if created:
                messages.success(
                    request, _("The plan %(title)s has been created.") % {"title": plan.title}
                )
            return redirect(plan)
    single = state.get("single_service")
    rows = detail_rows(answers, change=_step_url)
    rows.insert(
        0,
        {
            "key": _("Service"),
            "value": organisation.name,
            "url": None if single else _step_url("service"),
        },
    )
    return render(
        request,
        "improvement/plan_check.html",
        {"form": form, "rows": rows, "back": _step_url(NEW_STEPS[-1])},
    )
