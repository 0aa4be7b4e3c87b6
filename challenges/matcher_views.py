"""The matcher's pages: "propose a team" for one challenge and "propose teams" for every
unstaffed challenge of a cycle (one problem, solved by the Celery task `run_matcher`), the
run's page (polled with htmx while it works, a "check again" link without JavaScript), and
what a coordinator does with a proposal: accept it, swap someone, or run it again without
someone. A programme's matching weights are a set-up section (`weights`).

For the programme's coordinators: a challenge someone may not see is 404, one they see but
do not coordinate (the service, the team) 403; cycles and runs are 403 for people who
coordinate nothing and 404 for another programme's."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Programme
from accounts.selectors import programme_to_set_up
from core.http import posted, require_permission, show_errors
from reviewers.models import Reviewer

from . import matcher_selectors as selectors
from . import matcher_services as services
from .enums import HOLDS_PLACE, TEAM_OPEN, RunStatus
from .export import places_of
from .matcher_forms import MatchingWeightsForm, SwapForm
from .models import MatchingWeights, MatchRun
from .services import ChallengeError

# --- Starting a run ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def propose_team(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a team for one challenge: what is open on it, then a run of the matcher."""
    challenge = selectors.challenge_to_match(user=request.user, pk=pk)
    errors = []
    if request.method == "POST":
        try:
            run = services.match_run_start(
                programme=challenge.programme,
                cycle=challenge.cycle,
                challenge=challenge,
                by=request.user,
            )
        except ChallengeError as error:
            errors.append(str(error))
        else:
            return redirect("challenges:run", run_pk=run.pk)
    members = list(challenge.members.filter(status__in=sorted(HOLDS_PLACE)))
    places = places_of(challenge)
    refusal = None
    if challenge.phase not in TEAM_OPEN:
        refusal = _("The team cannot change once the challenge is %(phase)s.") % {
            "phase": challenge.get_phase_display().lower()
        }
    elif not challenge.starts_on:
        refusal = _("Set the on-site dates before proposing a team.")
    return render(
        request,
        "challenges/matcher/propose_team.html",
        {
            "challenge": challenge,
            "places": places,
            "open": sum(p.count for p in places) - len(members),
            "held": len(members),
            "refusal": refusal,
            "errors": errors,
            "runs": challenge.match_runs.order_by("-pk")[:5],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def propose_teams(request: HttpRequest, cycle_pk: int) -> HttpResponse:
    """Propose teams for every unstaffed challenge of a cycle, solved as one problem."""
    cycle = selectors.cycle_to_match(user=request.user, pk=cycle_pk)
    errors = []
    if request.method == "POST":
        try:
            run = services.match_run_start(
                programme=cycle.programme, cycle=cycle, challenge=None, by=request.user
            )
        except ChallengeError as error:
            errors.append(str(error))
        else:
            return redirect("challenges:run", run_pk=run.pk)
    return render(
        request,
        "challenges/matcher/propose_teams.html",
        {
            "cycle": cycle,
            "programme": cycle.programme,
            "counts": selectors.unstaffed_in_cycle(cycle=cycle),
            "errors": errors,
            "runs": MatchRun.objects.filter(cycle=cycle, challenge__isnull=True).order_by("-pk")[
                :5
            ],
        },
    )


# --- A run -------------------------------------------------------------------------------------


# A run still queued after this long lost its message (the broker was down): offer to start
# it again.
STALE_AFTER = datetime.timedelta(minutes=2)


def _run_context(run: MatchRun, **more) -> dict:
    return {
        "run": run,
        "page": selectors.run_page(run),
        "active": run.status in (RunStatus.QUEUED, RunStatus.RUNNING),
        "stale": run.status == RunStatus.QUEUED and run.created_at < timezone.now() - STALE_AFTER,
        **more,
    }


@never_cache
@login_required
@require_GET
def run(request: HttpRequest, run_pk: int) -> HttpResponse:
    """A run: its progress in words while the matcher works (the status part polls), then
    the proposal with its reasons, the places left open and why, and what to do next."""
    found = selectors.run_for_user(user=request.user, pk=run_pk)
    return render(request, "challenges/matcher/run.html", _run_context(found))


@never_cache
@login_required
@require_GET
def run_status(request: HttpRequest, run_pk: int) -> HttpResponse:
    """The status part of the run's page, which htmx polls while the matcher works. Once
    the run is finished, the whole page is loaded again (HX-Refresh) to show the proposal."""
    found = selectors.run_for_user(user=request.user, pk=run_pk)
    response = render(request, "challenges/matcher/run.html#run_status", _run_context(found))
    if found.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def run_accept(request: HttpRequest, run_pk: int) -> HttpResponse:
    """Accept the proposal: every proposed member is invited (all or none). A second click
    does nothing more."""
    found = selectors.run_for_user(user=request.user, pk=run_pk)
    if found.status == RunStatus.ACCEPTED:
        messages.info(request, _("This proposal has already been accepted."))
        return redirect("challenges:run", run_pk=found.pk)
    try:
        invited = services.match_run_accept(run=found, by=request.user)
    except ChallengeError as error:
        found.refresh_from_db()
        return render(
            request,
            "challenges/matcher/run.html",
            _run_context(found, errors=[str(error)]),
        )
    messages.success(
        request,
        _("The proposal has been accepted: %(count)d people have been invited.")
        % {"count": len(invited)},
    )
    return redirect("challenges:run", run_pk=found.pk)


@login_required
@require_POST
def run_again(request: HttpRequest, run_pk: int) -> HttpResponse:
    """Run the matcher again on the same challenges (after a failure, or once the data has
    changed), leaving out the same people."""
    found = selectors.run_for_user(user=request.user, pk=run_pk)
    try:
        again = services.match_run_again(run=found, by=request.user)
    except ChallengeError as error:
        return render(
            request,
            "challenges/matcher/run.html",
            _run_context(found, errors=[str(error)]),
        )
    return redirect("challenges:run", run_pk=again.pk)


def _proposed(run: MatchRun, challenge_pk: int, reviewer_pk: int) -> tuple[str, Reviewer]:
    """The role a run proposes the reviewer for on the challenge, and the reviewer; 404 when
    the run proposes no such thing."""
    for c, r, role in (run.answer or {}).get("assignments", []):
        if c == challenge_pk and r == reviewer_pk:
            reviewer = get_object_or_404(
                Reviewer.objects.select_related("user", "organisation"), pk=r
            )
            return role, reviewer
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def run_swap(request: HttpRequest, run_pk: int, challenge_pk: int, reviewer_pk: int):
    """Put someone else in a proposed member's place; the rule engine checks them, and its
    refusals are shown as the form's error."""
    found = selectors.run_for_user(user=request.user, pk=run_pk)
    role, reviewer = _proposed(found, challenge_pk, reviewer_pk)
    challenge = selectors.challenge_to_match(user=request.user, pk=challenge_pk)
    if found.status != RunStatus.DONE:
        messages.info(request, _("Only a proposal waiting to be accepted can change."))
        return redirect("challenges:run", run_pk=found.pk)
    form = SwapForm(
        posted(request), choices=selectors.swap_choices(run=found, challenge_id=challenge.pk)
    )
    if request.method == "POST" and form.is_valid():
        chosen = get_object_or_404(
            Reviewer.objects.select_related("user"), pk=form.cleaned_data["reviewer"]
        )
        try:
            services.match_run_swap(
                run=found,
                challenge=challenge,
                replacing=reviewer.pk,
                reviewer=chosen,
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except ChallengeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(new)s is proposed for %(challenge)s instead of %(old)s.")
                % {
                    "new": chosen.user.full_name,
                    "old": reviewer.user.full_name,
                    "challenge": challenge.reference,
                },
            )
            return redirect("challenges:run", run_pk=found.pk)
    return render(
        request,
        "challenges/matcher/swap.html",
        {
            "form": form,
            "run": found,
            "challenge": challenge,
            "reviewer": reviewer,
            "role": role,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_without(request: HttpRequest, run_pk: int, challenge_pk: int, reviewer_pk: int):
    """Run the matcher again without a proposed member on that challenge (after asking)."""
    found = selectors.run_for_user(user=request.user, pk=run_pk)
    _role, reviewer = _proposed(found, challenge_pk, reviewer_pk)
    challenge = selectors.challenge_to_match(user=request.user, pk=challenge_pk)
    errors = []
    if request.method == "POST":
        try:
            again = services.match_run_again(
                run=found, by=request.user, without=(reviewer.pk, challenge.pk)
            )
        except ChallengeError as error:
            errors.append(str(error))
        else:
            return redirect("challenges:run", run_pk=again.pk)
    return render(
        request,
        "challenges/matcher/without.html",
        {"run": found, "challenge": challenge, "reviewer": reviewer, "errors": errors},
    )


# --- The programme's matching weights (a set-up section) ---------------------------------------

SETUP_PERMISSION = "accounts.set_up_programmes"
WEIGHT_FIELDS = ("expertise", "load", "region", "experience", "repeat")


@login_required
@require_http_methods(["GET", "POST"])
def weights(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """How much the programme's matcher counts each preference."""
    require_permission(request, SETUP_PERMISSION)
    programme: Programme = programme_to_set_up(user=request.user, pk=programme_pk)
    current = MatchingWeights.objects.filter(programme=programme).first() or MatchingWeights(
        programme=programme
    )
    form = MatchingWeightsForm(
        posted(request), initial={name: getattr(current, name) for name in WEIGHT_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        services.matching_weights_save(programme=programme, **form.cleaned_data)
        messages.success(request, _("The matching weights have been saved."))
        return redirect(reverse("matching:weights", kwargs={"programme_pk": programme.pk}))
    return render(
        request,
        "challenges/matcher/weights.html",
        {"form": form, "programme": programme, "saved": current.pk is not None},
    )
