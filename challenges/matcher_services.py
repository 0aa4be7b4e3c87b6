"""Writes of the matcher's pages: starting a run (for one challenge, or every unstaffed
challenge of a cycle, as one problem), solving it (the body of `tasks.run_matcher`),
swapping someone in a proposal, and accepting it (each proposal becomes an invitation through
`services.member_invite`, which asks the rule engine again). Only these functions change a
`MatchRun`."""

import logging
from collections.abc import Iterable
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Programme, User
from offers.models import Cycle
from reviewers.models import Reviewer

from . import export, services
from .enums import ChallengeAction, RunStatus
from .matching import Assignment, ProblemError, candidate_breaches, parse_problem, solve
from .matching.problem import parse_assignments
from .models import Challenge, ChallengeEvent, MatchingWeights, MatchRun, TeamMember
from .services import ChallengeError

logger = logging.getLogger(__name__)

# A run that may still change, or be looked at again instead of starting the same one twice.
LIVE = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.DONE)


def open_places(problem: dict) -> dict:
    """Per challenge the run is to fill (those the export made targets: they need a fully
    qualified member), how many places are still open."""
    held: dict = {}
    for challenge_id, _reviewer, _role in problem.get("fixed", []):
        held[challenge_id] = held.get(challenge_id, 0) + 1
    return {
        c["id"]: sum(p["count"] for p in c["places"]) - held.get(c["id"], 0)
        for c in problem.get("challenges", [])
        if c.get("needs_fully_qualified", True)
    }


def problem_of(
    *, programme: Programme, cycle: Cycle | None, challenge: Challenge | None, excluded=()
) -> dict:
    """The problem a run is about: one challenge's open places, or every challenge of the
    cycle whose team is still open, with everyone else's teams as they stand."""
    return export.problem_for(
        programme=programme,
        cycle=cycle,
        targets=[challenge.pk] if challenge is not None else None,
        excluded=excluded,
    )


@transaction.atomic
def match_run_start(
    *,
    programme: Programme,
    cycle: Cycle | None,
    challenge: Challenge | None,
    by: User,
    excluded: Iterable[tuple[int, int]] = (),
) -> MatchRun:
    """Export the problem and queue the matcher on it (after commit). The same person asking
    again for the same problem (a double click, the back button) gets the run already made
    for it, unless it failed or was accepted."""
    # One start at a time per programme, so that two clicks cannot both miss each other's run.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    problem = problem_of(programme=programme, cycle=cycle, challenge=challenge, excluded=excluded)
    if sum(max(n, 0) for n in open_places(problem).values()) == 0:
        raise ChallengeError(
            _("There are no open places to fill: every team is full, or no challenge has dates.")
        )
    for run in MatchRun.objects.filter(
        programme=programme,
        cycle=cycle,
        challenge=challenge,
        created_by=by,
        status__in=LIVE,
    ).order_by("-pk")[:1]:
        if run.problem == problem:
            return run
    places = sum(max(n, 0) for n in open_places(problem).values())
    run = MatchRun.objects.create(
        programme=programme,
        cycle=cycle,
        challenge=challenge,
        problem=problem,
        created_by=by,
        progress=ngettext(
            "Waiting for the matcher to start on %(places)d open place.",
            "Waiting for the matcher to start on %(places)d open places.",
            places,
        )
        % {"places": places},
    )
    transaction.on_commit(partial(_enqueue, run.pk))
    return run


def _enqueue(run_id: int) -> None:
    """Send the task. Never raises: a broker that is down must not fail the request; the run
    stays queued and its page offers to start it again."""
    from .tasks import run_matcher  # tasks imports this module

    try:
        run_matcher.delay(run_id=run_id)
    except Exception:
        logger.exception("Could not queue matcher run %s", run_id)


def match_run_again(*, run: MatchRun, by: User, without: tuple[int, int] | None = None):
    """A new run over the same challenges with the same people left out as `run` (and
    `without`, a (reviewer, challenge) pair, besides), exported afresh from the database."""
    excluded = {tuple(pair) for pair in run.problem.get("excluded", [])}
    if without is not None:
        excluded.add(without)
    return match_run_start(
        programme=run.programme,
        cycle=run.cycle,
        challenge=run.challenge,
        by=by,
        excluded=sorted(excluded),
    )


# --- Solving (the body of tasks.run_matcher) ---------------------------------------------------


def match_run_solve(*, run_id: int) -> str:
    """Solve a queued run's problem and store the answer; returns the run's status afterwards
    ("skipped" when there was nothing to do).

    Idempotent: a run that is done, failed or accepted is left alone; one left running (its
    worker died and the message came back) is solved again, to the same answer. A problem that
    cannot be read, a solve that takes too long or fails ends the run failed, in words."""
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status not in (RunStatus.QUEUED, RunStatus.RUNNING):
            return "skipped"
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.progress = _working(run.problem)
        run.save(update_fields=["status", "started_at", "progress", "updated_at"])
    try:
        answer = solve(parse_problem(run.problem)).to_json()
    except ProblemError as error:
        return _fail(
            run, _("The matcher could not read the problem (%(error)s).") % {"error": error}
        )
    except SoftTimeLimitExceeded:
        return _fail(
            run,
            _(
                "The matcher took too long. Try again; if it happens again, run it "
                "for fewer challenges."
            ),
        )
    except Exception:
        logger.exception("Matcher run %s failed", run_id)
        return _fail(
            run,
            _(
                "Something went wrong while working out the teams. Try again. If it "
                "happens again, contact the technical team."
            ),
        )
    with transaction.atomic():
        run = MatchRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.RUNNING:
            return "skipped"
        proposed, unfilled = (
            len(answer["assignments"]),
            sum(u["missing"] for u in answer["unfilled"]),
        )
        run.answer = answer
        run.status = RunStatus.DONE
        run.finished_at = timezone.now()
        run.progress = _("%(proposed)s; %(unfilled)s.") % {
            "proposed": ngettext("Proposed %d member", "Proposed %d members", proposed) % proposed,
            "unfilled": ngettext("%d place not filled", "%d places not filled", unfilled)
            % unfilled,
        }
        run.save(update_fields=["answer", "status", "finished_at", "progress", "updated_at"])
    return RunStatus.DONE.value


def _working(problem: dict) -> str:
    """What the matcher is doing, in words, with the size of the problem."""
    try:
        targets = open_places(problem)
        reviewers = len(problem["reviewers"])
    except (KeyError, TypeError, AttributeError):
        return _("Working out teams.")
    places = sum(max(n, 0) for n in targets.values())
    return _(
        "Working out teams: %(places)s across %(challenges)s, from %(reviewers)s in the "
        "pool. The matcher checks every hard rule for each person, then weighs the "
        "preferences over all the teams at once."
    ) % {
        "places": ngettext("%d open place", "%d open places", places) % places,
        "challenges": ngettext("%d challenge", "%d challenges", len(targets)) % len(targets),
        "reviewers": ngettext("%d reviewer", "%d reviewers", reviewers) % reviewers,
    }


def _fail(run: MatchRun, message: str) -> str:
    with transaction.atomic():
        locked = MatchRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != RunStatus.RUNNING:
            return "skipped"
        locked.status = RunStatus.FAILED
        locked.error = message
        locked.progress = ""
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "error", "progress", "finished_at", "updated_at"])
    return RunStatus.FAILED.value


# --- Changing and accepting a proposal ---------------------------------------------------------


def _assignments(run: MatchRun) -> list[Assignment]:
    return list(parse_assignments((run.answer or {}).get("assignments", [])))


def swap_refusals(
    *, run: MatchRun, challenge: Challenge, reviewer: Reviewer, role: str, replacing: int
) -> list[str]:
    """Why `reviewer` may not take `replacing`'s proposed place on `challenge`: the rule
    engine asked of the team as it stands (`services.candidate_refusals`), then of the rest of
    the run's proposal (clashes, caps and reciprocal pairs with the other proposed members)."""
    try:
        refusals = services.candidate_refusals(challenge=challenge, reviewer=reviewer, role=role)
    except ProblemError as error:
        return [_("The team as it stands does not fit its places (%(error)s).") % {"error": error}]
    if refusals:
        return [breach.reason for breach in refusals]
    rest = [
        a
        for a in _assignments(run)
        if not (a.challenge == challenge.pk and a.reviewer == replacing)
    ]
    problem = parse_problem(
        problem_of(programme=run.programme, cycle=run.cycle, challenge=run.challenge)
    )
    if problem.challenge(challenge.pk) is None:
        return [_("The challenge is no longer open for its team.")]
    return [
        breach.reason
        for breach in candidate_breaches(problem, reviewer.pk, challenge.pk, role, others=rest)
    ]


@transaction.atomic
def match_run_swap(
    *, run: MatchRun, challenge: Challenge, replacing: int, reviewer: Reviewer, by: User
) -> MatchRun:
    """Put `reviewer` in the place the run proposed `replacing` for, if the rule engine
    allows it (ValidationError on `reviewer` with its reasons otherwise)."""
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.DONE:
        raise ChallengeError(_("Only a run waiting to be accepted can change."))
    answer = dict(locked.answer)
    index = next(
        (
            i
            for i, (c, r, _role) in enumerate(answer["assignments"])
            if c == challenge.pk and r == replacing
        ),
        None,
    )
    if index is None:
        raise ChallengeError(_("That person is no longer proposed for this challenge."))
    role = answer["assignments"][index][2]
    refusals = swap_refusals(
        run=locked, challenge=challenge, reviewer=reviewer, role=role, replacing=replacing
    )
    if refusals:
        raise ValidationError({"reviewer": refusals})
    answer["assignments"] = [list(a) for a in answer["assignments"]]
    answer["assignments"][index] = [challenge.pk, reviewer.pk, role]
    answer["reasons"] = [dict(r) for r in answer["reasons"]]
    answer["reasons"][index] = {
        "challenge": challenge.pk,
        "reviewer": reviewer.pk,
        "role": role,
        "reasons": [
            {
                "code": "swap",
                "text": f"Chosen by hand in place of reviewer {replacing}.",
                "cost": 0,
                "replaced": replacing,
                "by": by.pk,
            }
        ],
    }
    locked.answer = answer
    locked.save(update_fields=["answer", "updated_at"])
    return locked


@transaction.atomic
def match_run_accept(*, run: MatchRun, by: User) -> list[TeamMember]:
    """Invite everyone the run proposes (`services.accept_assignments`: each checked by the
    rule engine again against the teams as they are now), all or none, and mark the run
    accepted, on each challenge's timeline too. A run already accepted changes nothing."""
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if locked.status == RunStatus.ACCEPTED:
        return []
    if locked.status != RunStatus.DONE:
        raise ChallengeError(
            _("Only a finished run can be accepted: this one is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    assignments = _assignments(locked)
    if not assignments:
        raise ChallengeError(_("The matcher proposed nobody, so there is nothing to accept."))
    reasons = {
        (row["challenge"], row["reviewer"]): row["reasons"]
        for row in locked.answer.get("reasons", [])
    }
    try:
        invited = services.accept_assignments(
            run=locked, assignments=assignments, reasons=reasons, by=by
        )
    except services.AssignmentRefusedError as error:
        refused = error.assignment
        name = (
            Reviewer.objects.filter(pk=refused.reviewer)
            .values_list("user__full_name", flat=True)
            .first()
        )
        challenge = Challenge.objects.filter(pk=refused.challenge).first()
        raise ChallengeError(
            _(
                "%(name)s can no longer be invited to %(challenge)s: %(why)s Nothing has "
                "been sent. Run the matcher again, or swap them."
            )
            % {
                "name": name,
                "challenge": challenge.reference if challenge else refused.challenge,
                "why": error.reason,
            }
        ) from error
    except ProblemError as error:
        raise ChallengeError(
            _("The teams could not be read (%(why)s). Nothing has been sent.") % {"why": error}
        ) from error
    phases = dict(
        Challenge.objects.filter(pk__in={a.challenge for a in assignments}).values_list(
            "pk", "phase"
        )
    )
    ChallengeEvent.objects.bulk_create(
        ChallengeEvent(
            challenge_id=challenge_id,
            action=ChallengeAction.MATCH,
            to_phase=phase,
            actor=by,
            message=_("Matcher run %(run)d") % {"run": locked.pk},
        )
        for challenge_id, phase in sorted(phases.items())
    )
    locked.status = RunStatus.ACCEPTED
    locked.accepted_by = by
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["status", "accepted_by", "accepted_at", "updated_at"])
    return invited


# --- The programme's weights -------------------------------------------------------------------


@transaction.atomic
def matching_weights_save(*, programme: Programme, **weights) -> MatchingWeights:
    """Store how much the programme's matcher counts each preference (the next run uses
    them: a run keeps the weights it was exported with)."""
    row, _created = MatchingWeights.objects.select_for_update().update_or_create(
        programme=programme, defaults=weights
    )
    return row
