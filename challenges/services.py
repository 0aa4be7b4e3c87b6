"""Changes to challenges, one function per use case, each in a transaction, raising
`ChallengeError` (or a ValidationError naming the field) with words a person can act on."""

import datetime
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import Programme, User
from accounts.selectors import coordinator_emails
from applications.enums import ApplicationState, DecisionOutcome
from applications.models import Application
from core.once import create_once
from core.tasks import send_templated_email_after_commit
from offers.enums import DeliveryMode, EnquiryKind, TeamRole
from offers.models import Cycle, LineOfEnquiry
from reviewers.models import Reviewer
from reviewers.services import completed_reviews_record_team

from . import export
from .enums import (
    FINISHED,
    HOLDS_PLACE,
    MILESTONE_DEFAULTS,
    MOVES,
    TEAM_OPEN,
    ChallengeAction,
    MemberStatus,
    MilestoneKind,
    Owner,
    Phase,
)
from .matching import Assignment, candidate_breaches, parse_problem
from .matching.rules import Breach, RuleBook
from .models import Challenge, ChallengeEvent, Milestone, TeamMember
from .visibility import LEAD_ROLES, challenge_scope, forget_team_places


class ChallengeError(Exception):
    """A change the challenge's state or rules do not allow; the message says why."""


def _link(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _event(challenge: Challenge, action: ChallengeAction, by: User, *, from_phase="", **extra):
    return ChallengeEvent.objects.create(
        challenge=challenge,
        action=action,
        from_phase=from_phase,
        to_phase=challenge.phase,
        actor=by,
        **extra,
    )


# --- Dates -------------------------------------------------------------------------------------


def last_on_site_day(first: datetime.date, days: int) -> datetime.date:
    """The last of `days` working days on site from `first` (weekends are not counted)."""
    day, left = first, days - 1
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def _anchor(challenge: Challenge) -> tuple[datetime.date, datetime.date]:
    """The days milestones are counted from: the on-site days, or, before they are set, the
    start of the agreed window (or of the cycle) as a provisional first day."""
    if challenge.starts_on:
        return challenge.starts_on, challenge.ends_on
    first = (
        challenge.window_starts_on
        or (challenge.cycle.starts_on if challenge.cycle else None)
        or timezone.localdate() + datetime.timedelta(days=90)
    )
    return first, last_on_site_day(first, challenge.review_type.days_on_site)


def _default_due(default, first: datetime.date, last: datetime.date) -> datetime.date:
    """A generated due date, counted from the on-site days; for a challenge still to come, never
    before today (a milestone is not overdue the moment it is made)."""
    due = (last if default.after_end else first) + datetime.timedelta(days=default.offset)
    today = timezone.localdate()
    return max(due, today) if first >= today else due


def _milestones_create(challenge: Challenge) -> None:
    first, last = _anchor(challenge)
    Milestone.objects.bulk_create(
        Milestone(
            challenge=challenge,
            kind=default.kind,
            due_on=_default_due(default, first, last),
            owner_party=default.owner,
            position=position,
        )
        for position, default in enumerate(MILESTONE_DEFAULTS)
    )


def _milestones_follow(challenge: Challenge) -> None:
    """Move the generated due dates with the on-site days; dates typed by hand stay."""
    first, last = _anchor(challenge)
    defaults = {default.kind: default for default in MILESTONE_DEFAULTS}
    for milestone in challenge.milestones.filter(due_set_by_hand=False, done_on__isnull=True):
        default = defaults.get(milestone.kind)
        if default is None:
            continue
        due = _default_due(default, first, last)
        if due != milestone.due_on:
            milestone.due_on = due
            milestone.reminded_before_on = milestone.reminded_after_on = None
            milestone.save(
                update_fields=["due_on", "reminded_before_on", "reminded_after_on", "updated_at"]
            )


# --- Creating ----------------------------------------------------------------------------------


def _golden_threads(programme_id: int):
    return LineOfEnquiry.objects.filter(
        programme_id=programme_id, kind=EnquiryKind.GOLDEN_THREAD, is_active=True
    )


@transaction.atomic
def challenge_from_application(
    *, application: Application, by: User, token: uuid.UUID | None = None
) -> Challenge:
    """Turn an approved application into a challenge, carrying over its offer, key lines of
    enquiry and the programme's golden threads, the standing decision's agreed window and
    allocation, and how the service asked for it to be delivered. One challenge per
    application: asked again, it answers with the one already made."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    existing = Challenge.objects.filter(application=locked).first()
    if existing is not None:
        return existing
    if locked.state != ApplicationState.APPROVED:
        raise ChallengeError(
            _("Only an approved application becomes a challenge: this one is %(state)s.")
            % {"state": locked.get_state_display().lower()}
        )
    decision = (
        locked.decisions.filter(outcome=DecisionOutcome.APPROVED, rescinded=False)
        .order_by("-pk")
        .first()
    )
    if decision is None:
        raise ChallengeError(_("The application has no standing approval."))
    offer = locked.review_type
    challenge, created = create_once(
        Challenge(
            programme_id=locked.programme_id,
            organisation_id=locked.organisation_id,
            review_type=offer,
            cycle_id=locked.cycle_id,
            application=locked,
            window_starts_on=decision.window_starts_on or locked.window_starts_on,
            window_ends_on=decision.window_ends_on or locked.window_ends_on,
            reviewer_days=decision.reviewer_days,
            delivery_mode=locked.delivery_mode
            if offer.virtual_allowed and locked.delivery_mode
            else DeliveryMode.ON_SITE,
            created_by=by,
        ),
        token=token,
    )
    if not created:
        return challenge
    challenge.lines_of_enquiry.set(
        [*locked.lines_of_enquiry.all(), *_golden_threads(locked.programme_id)]
    )
    _milestones_create(challenge)
    _event(challenge, ChallengeAction.CREATE, by, message=locked.reference)
    return challenge


@transaction.atomic
def challenge_plan(
    *,
    programme,
    organisation,
    review_type,
    cycle,
    window_starts_on: datetime.date,
    window_ends_on: datetime.date,
    by: User,
    delivering_organisation=None,
) -> Challenge:
    """Plan a challenge for a cycle directly (the cycle planner: a regional programme in which
    every member authority receives one), with the offer's allocation and every golden
    thread; the service's key lines of enquiry are chosen later."""
    challenge = Challenge.objects.create(
        programme=programme,
        organisation=organisation,
        review_type=review_type,
        cycle=cycle,
        window_starts_on=window_starts_on,
        window_ends_on=window_ends_on,
        reviewer_days=review_type.reviewer_days,
        delivering_organisation=delivering_organisation,
        created_by=by,
    )
    # Rows of the through table rather than .set(), which reads the (new, empty) set first:
    # the cycle planner plans many challenges in one request, and that read is an N+1.
    Challenge.lines_of_enquiry.through.objects.bulk_create(
        Challenge.lines_of_enquiry.through(challenge=challenge, lineofenquiry=line)
        for line in _golden_threads(programme.pk)
    )
    _milestones_create(challenge)
    _event(challenge, ChallengeAction.PLAN, by)
    return challenge


def _lock_teams_of(challenge: Challenge) -> None:
    """Lock what every team of the challenge's cycle is checked against (the cycle's row, or
    the programme's for a challenge with no cycle), before the rules are asked: two changes to
    teams of one cycle at once (two coordinators inviting the same person to overlapping
    challenges, a manual invitation and a matcher's acceptance) are then checked one after the
    other, each seeing the other's members, so neither can break a cap, a clash or a
    reciprocal pair. Taken before the challenge's own row, always in that order."""
    if challenge.cycle_id:
        Cycle.objects.select_for_update().filter(pk=challenge.cycle_id).first()
    else:
        Programme.objects.select_for_update().filter(pk=challenge.programme_id).first()


def _locked(challenge: Challenge) -> Challenge:
    return (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("review_type", "cycle", "organisation", "programme")
        .get(pk=challenge.pk)
    )


# --- Dates on site -----------------------------------------------------------------------------


@transaction.atomic
def challenge_set_dates(
    *,
    challenge: Challenge,
    starts_on: datetime.date,
    delivery_mode: str,
    by: User,
) -> Challenge:
    """Set the on-site days: the offer's number of working days from `starts_on`, inside the
    agreed window, virtual only where the offer allows it. Members already on the team must
    still be free on the new days; the milestones' generated due dates follow."""
    _lock_teams_of(challenge)
    locked = _locked(challenge)
    if locked.phase not in TEAM_OPEN:
        raise ChallengeError(
            _("The dates cannot change once the challenge is %(phase)s.")
            % {"phase": locked.get_phase_display().lower()}
        )
    if starts_on.weekday() >= 5:
        raise ValidationError({"starts_on": _("The first on-site day must be a weekday")})
    days = locked.review_type.days_on_site
    earliest, latest = _date_bounds(locked)
    if not earliest <= starts_on <= latest:
        raise ValidationError(
            {
                "starts_on": _("The first on-site day must be between %(start)s and %(end)s")
                % {
                    "start": date_format(earliest, "j F Y"),
                    "end": date_format(latest, "j F Y"),
                }
            }
        )
    if (
        locked.window_starts_on
        and locked.window_ends_on
        and _latest_start(locked.window_ends_on, days) < locked.window_starts_on
    ):
        raise ValidationError(
            {
                "starts_on": _(
                    "The agreed window is too short for the offer's %(days)d working days on "
                    "site: ask the board to widen it"
                )
                % {"days": days}
            }
        )
    ends_on = last_on_site_day(starts_on, days)
    if locked.window_starts_on and starts_on < locked.window_starts_on:
        raise ValidationError(
            {
                "starts_on": _("The on-site days must start on or after %(date)s, in the window")
                % {"date": date_format(locked.window_starts_on, "j F Y")}
            }
        )
    if locked.window_ends_on and ends_on > locked.window_ends_on:
        raise ValidationError(
            {
                "starts_on": _(
                    "The %(days)d on-site days must end by %(date)s, the end of the window: "
                    "start by %(latest)s"
                )
                % {
                    "days": locked.review_type.days_on_site,
                    "date": date_format(locked.window_ends_on, "j F Y"),
                    "latest": date_format(
                        _latest_start(locked.window_ends_on, locked.review_type.days_on_site),
                        "j F Y",
                    ),
                }
            }
        )
    if delivery_mode == DeliveryMode.VIRTUAL and not locked.review_type.virtual_allowed:
        raise ValidationError(
            {"delivery_mode": _("This offer is delivered on site: it has no virtual model")}
        )
    previous = (locked.starts_on, locked.ends_on)
    locked.starts_on, locked.ends_on, locked.delivery_mode = starts_on, ends_on, delivery_mode
    locked.save(update_fields=["starts_on", "ends_on", "delivery_mode", "updated_at"])
    if previous != (starts_on, ends_on):
        breaches = team_breaches(challenge=locked)
        if breaches:
            raise ValidationError(
                {
                    "starts_on": [
                        _("%(name)s: %(reason)s") % {"name": name, "reason": breach.reason}
                        for name, breach in breaches
                    ]
                }
            )
        _milestones_follow(locked)
        _event(
            locked,
            ChallengeAction.SET_DATES,
            by,
            message=_("%(start)s to %(end)s, %(mode)s")
            % {
                "start": date_format(starts_on, "j F Y"),
                "end": date_format(ends_on, "j F Y"),
                "mode": locked.get_delivery_mode_display().lower(),
            },
        )
        _notify_team_and_service(locked, "dates", by=by)
    return locked


def _date_bounds(challenge: Challenge) -> tuple[datetime.date, datetime.date]:
    """The days a first on-site day may be chosen from at all (the window is checked after):
    from a year ago to five years ahead, widened to take in the cycle and the window."""
    today = timezone.localdate()
    earliest = min(
        d
        for d in (
            today - datetime.timedelta(days=366),
            challenge.window_starts_on,
            challenge.cycle.starts_on if challenge.cycle else None,
        )
        if d
    )
    latest = max(
        d
        for d in (
            today + datetime.timedelta(days=5 * 366),
            challenge.window_ends_on,
            challenge.cycle.ends_on if challenge.cycle else None,
        )
        if d
    )
    # Room for the on-site days and the milestones after them in the calendar.
    return earliest, min(latest, datetime.date.max - datetime.timedelta(days=400))


def _latest_start(window_end: datetime.date, days: int) -> datetime.date:
    day = window_end
    while last_on_site_day(day, days) > window_end or day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


@transaction.atomic
def challenge_shadowing_set(*, challenge: Challenge, wanted: bool, by: User) -> Challenge:
    """Add or take away the team's shadowing place (for a trained reviewer not yet fully
    qualified). Taken away only while nobody holds it."""
    locked = _locked(challenge)
    if locked.phase not in TEAM_OPEN:
        raise ChallengeError(
            _("The team cannot change once the challenge is %(phase)s.")
            % {"phase": locked.get_phase_display().lower()}
        )
    if locked.shadowing_place == wanted:
        return locked
    if not wanted:
        holder = (
            locked.members.filter(role=TeamRole.SHADOW, status__in=sorted(HOLDS_PLACE))
            .select_related("reviewer__user")
            .first()
        )
        if holder is not None:
            raise ChallengeError(
                _("Take %(name)s off the team before taking the shadowing place away.")
                % {"name": holder.reviewer}
            )
    locked.shadowing_place = wanted
    locked.save(update_fields=["shadowing_place", "updated_at"])
    return locked


@transaction.atomic
def challenge_notes_update(*, challenge: Challenge, notes: str, by: User) -> Challenge:
    """What is asked of the receiving service, shown to them with the dates and the team."""
    locked = _locked(challenge)
    locked.notes_for_service = notes.strip()
    locked.save(update_fields=["notes_for_service", "updated_at"])
    return locked


# --- Phases ------------------------------------------------------------------------------------


def available_moves(*, user: User, challenge: Challenge) -> list[ChallengeAction]:
    scope = challenge_scope(user)
    coordinator = scope.coordinates(challenge)
    lead = scope.leads(challenge)
    return [
        move.action
        for move in MOVES.values()
        if challenge.phase in move.sources and (coordinator or (lead and move.lead_may))
    ]


def confirm_refusal(challenge: Challenge) -> str | None:
    """Why the dates and team cannot be confirmed yet, or None."""
    if not challenge.starts_on:
        return _("Set the on-site dates first.")
    open_places = sum(line.count for line in export.places_of(challenge)) - (
        challenge.members.filter(status=MemberStatus.ACCEPTED).count()
    )
    if open_places > 0:
        return _(
            "Every place must be filled by someone who has accepted: %(count)d still to fill "
            "or waiting for an answer."
        ) % {"count": open_places}
    breaches = team_breaches(challenge=challenge)
    if breaches:
        name, breach = breaches[0]
        return _("%(name)s: %(reason)s") % {"name": name, "reason": breach.reason}
    return None


def move_refusal(challenge: Challenge, action: ChallengeAction) -> str | None:
    """Why the challenge cannot take this step yet, or None: confirming needs the dates and
    every place accepted under the rules; going on site needs that still (someone may have
    been taken off since) and the first on-site day to have come."""
    if action in (ChallengeAction.CONFIRM, ChallengeAction.START_ON_SITE) and (
        refusal := confirm_refusal(challenge)
    ):
        return refusal
    if action == ChallengeAction.START_ON_SITE and challenge.starts_on > timezone.localdate():
        return _("The on-site days start on %(date)s.") % {
            "date": date_format(challenge.starts_on, "j F Y")
        }
    return None


@transaction.atomic
def challenge_move(
    *, challenge: Challenge, action: ChallengeAction, by: User, reason: str = ""
) -> Challenge:
    """Move the challenge to its next phase (or cancel it), if its phase and the person allow
    it; record it on the timeline. Completing it counts the review for every member who took
    part (reviewers.services.completed_review_record)."""
    move = MOVES[action]
    locked = _locked(challenge)
    if action not in available_moves(user=by, challenge=locked):
        if locked.phase not in move.sources:
            raise ChallengeError(
                _("You cannot do this: the challenge is %(phase)s.")
                % {"phase": locked.get_phase_display().lower()}
            )
        raise PermissionDenied
    if move.reason_required and not reason.strip():
        raise ValidationError({"reason": _("Say why the challenge is cancelled")})
    if refusal := move_refusal(locked, action):
        raise ChallengeError(refusal)
    from_phase = locked.phase
    locked.phase = move.target
    locked.save(update_fields=["phase", "updated_at"])
    _event(locked, action, by, from_phase=from_phase, message=reason.strip())
    if action == ChallengeAction.COMPLETE:
        members = locked.members.filter(status=MemberStatus.ACCEPTED).select_related("reviewer")
        completed_reviews_record_team(
            people=[(member.reviewer, member.role) for member in members],
            programme=locked.programme,
            organisation=locked.organisation,
            completed_on=min(locked.ends_on or timezone.localdate(), timezone.localdate()),
            by=by,
            reference=locked.reference,
        )
    if action in (ChallengeAction.CONFIRM, ChallengeAction.CANCEL):
        _notify_team_and_service(locked, action.value, by=by, reason=reason.strip())
    return locked


# --- The team ----------------------------------------------------------------------------------


def problem_for(
    challenge: Challenge,
    *,
    excluded: Iterable[tuple[int, int]] = (),
    unseated: list[tuple[int, int, str]] | None = None,
):
    """The matcher's problem over the challenge's cycle, with this challenge's places open."""
    return parse_problem(
        export.problem_for(
            programme=challenge.programme,
            cycle=challenge.cycle,
            targets=[challenge.pk],
            excluded=excluded,
            unseated=unseated,
        )
    )


def _names(ids) -> dict[int, str]:
    return dict(Reviewer.objects.filter(pk__in=ids).values_list("pk", "user__full_name"))


def candidate_refusals(*, challenge: Challenge, reviewer: Reviewer, role: str) -> list[Breach]:
    """The hard rules putting `reviewer` on the team in `role` breaks (one rule engine,
    challenges.matching.rules, asked of the same problem the matcher solves); empty when the
    person may take the place."""
    if not challenge.starts_on:
        return [Breach("dates", _("Set the on-site dates before building the team."))]
    problem = problem_for(challenge)
    if problem.reviewer(reviewer.pk) is None:
        return [
            Breach(
                "pool",
                _(
                    "Is not an accepted member of the programme's pool able to take a place "
                    "(eligible or beyond)."
                ),
            )
        ]
    return candidate_breaches(problem, reviewer.pk, challenge.pk, role)


def team_breaches(*, challenge: Challenge) -> list[tuple[str, Breach]]:
    """The hard rules the members holding places break now (after the dates changed, or a
    member's circumstances did), each with the member's name; whole-team rules named by the
    team."""
    if not challenge.starts_on:
        return []
    unseated: list[tuple[int, int, str]] = []
    problem = problem_for(challenge, unseated=unseated)
    names = _names([a.reviewer for a in problem.fixed] + [r for _c, r, _role in unseated])
    cannot = [
        (
            names.get(reviewer, ""),
            Breach(
                "requirement",
                _(
                    "Can no longer fill their place (they left the pool, or no longer meet its "
                    "requirement): take them off the team."
                ),
            ),
        )
        for _challenge, reviewer, _role in unseated
    ]
    mine = [a for a in problem.fixed if a.challenge == challenge.pk]
    if not mine:
        return cannot
    others = tuple(a for a in problem.fixed if a.challenge != challenge.pk)
    # Ask of the problem with this team's members as proposals rather than fixed members.
    book = RuleBook(
        type(problem)(
            challenges=problem.challenges,
            reviewers=problem.reviewers,
            weights=problem.weights,
            fixed=others,
            excluded=frozenset(),
            past_pairs=problem.past_pairs,
            names=problem.names,
        )
    )
    out = cannot
    for challenge_id, member, breach in book.solution_breaches(mine):
        if challenge_id != challenge.pk:
            continue
        name = names.get(member.reviewer, "") if member else _("The team")
        out.append((name, breach))
    return out


@transaction.atomic
def member_invite(
    *,
    challenge: Challenge,
    reviewer: Reviewer,
    role: str,
    by: User,
    run=None,
    reasons: list | None = None,
) -> TeamMember:
    """Invite `reviewer` to a place on the team, if the rule engine allows it; they accept or
    decline from their start page."""
    _lock_teams_of(challenge)
    locked = _locked(challenge)
    if locked.phase not in TEAM_OPEN:
        raise ChallengeError(
            _("The team cannot change once the challenge is %(phase)s.")
            % {"phase": locked.get_phase_display().lower()}
        )
    holding = locked.members.filter(reviewer=reviewer, status__in=sorted(HOLDS_PLACE)).first()
    if holding is not None:
        return holding
    refusals = candidate_refusals(challenge=locked, reviewer=reviewer, role=role)
    if refusals:
        raise ValidationError({"reviewer": [breach.reason for breach in refusals]})
    member = TeamMember.objects.create(
        challenge=locked,
        reviewer=reviewer,
        role=role,
        invited_by=by,
        run=run,
        reasons=reasons or [],
    )
    _event(locked, ChallengeAction.INVITE, by, member=member, message=str(reviewer))
    forget_team_places(reviewer.user)
    send_templated_email_after_commit(
        template="challenges/email/invited",
        context={
            "challenge": locked,
            "member": member,
            "link": _link("challenges:detail", locked.pk),
        },
        to=[reviewer.user.email],
    )
    return member


@transaction.atomic
def member_respond(*, member: TeamMember, accept: bool, by: User, reason: str = "") -> TeamMember:
    """The invited person accepts or declines their place (a decline says why, frees the place
    and is remembered: the matcher does not propose them for this challenge again)."""
    locked = TeamMember.objects.select_for_update().select_related("challenge").get(pk=member.pk)
    if locked.reviewer.user_id != by.pk:
        raise PermissionDenied
    if locked.status != MemberStatus.INVITED:
        raise ChallengeError(
            _("You have already answered this invitation: %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    if locked.challenge.phase in FINISHED:
        raise ChallengeError(_("This challenge is no longer going ahead."))
    if locked.challenge.phase not in TEAM_OPEN:
        raise ChallengeError(
            _("The team is settled: the challenge is %(phase)s. Contact the coordinator.")
            % {"phase": locked.challenge.get_phase_display().lower()}
        )
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Say why you cannot take the place")})
    locked.status = MemberStatus.ACCEPTED if accept else MemberStatus.DECLINED
    locked.responded_at = timezone.now()
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "responded_at", "reason", "updated_at"])
    _event(
        locked.challenge,
        ChallengeAction.ACCEPT if accept else ChallengeAction.DECLINE,
        by,
        member=locked,
        message=reason.strip(),
    )
    forget_team_places(by)
    send_templated_email_after_commit(
        template="challenges/email/answered",
        context={
            "challenge": locked.challenge,
            "member": locked,
            "link": _link("challenges:team", locked.challenge_id),
        },
        to=coordinator_emails(programme_id=locked.challenge.programme_id),
    )
    return locked


@transaction.atomic
def member_remove(*, member: TeamMember, by: User, reason: str) -> TeamMember:
    """A coordinator takes someone off the team (remembered like a decline)."""
    locked = TeamMember.objects.select_for_update().select_related("challenge").get(pk=member.pk)
    if locked.challenge.phase not in TEAM_OPEN:
        raise ChallengeError(
            _("The team cannot change once the challenge is %(phase)s.")
            % {"phase": locked.challenge.get_phase_display().lower()}
        )
    if locked.status not in HOLDS_PLACE:
        return locked
    if not reason.strip():
        raise ValidationError({"reason": _("Say why they are taken off the team")})
    locked.status = MemberStatus.REMOVED
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "reason", "updated_at"])
    # Milestones given to them by name go back to their party.
    locked.challenge.milestones.filter(owner_id=locked.reviewer.user_id).update(owner=None)
    _event(locked.challenge, ChallengeAction.REMOVE, by, member=locked, message=reason.strip())
    send_templated_email_after_commit(
        template="challenges/email/removed",
        context={"challenge": locked.challenge, "member": locked},
        to=[locked.reviewer.user.email],
    )
    return locked


class AssignmentRefusedError(ChallengeError):
    """A proposed member the rule engine no longer allows (the teams changed since the
    proposal was made)."""

    def __init__(self, assignment: Assignment, reason: str) -> None:
        super().__init__(reason)
        self.assignment = assignment
        self.reason = reason


@transaction.atomic
def accept_assignments(
    *, run, assignments: Iterable[Assignment], reasons: dict, by: User
) -> list[TeamMember]:
    """Invite everyone a matcher run proposed, all or none: the rule engine checks the whole
    proposal again, at once, against the teams as they are now (the challenges' rows locked),
    and the first member it refuses is an `AssignmentRefusedError`. A fixed number of queries
    however many are invited."""
    assignments = list(assignments)
    if not assignments:
        return []
    ids = sorted({a.challenge for a in assignments})
    _lock_teams_of(Challenge.objects.only("cycle_id", "programme_id").get(pk=ids[0]))
    challenges = {
        c.pk: c
        for c in Challenge.objects.select_for_update(of=("self",))
        .select_related("programme", "cycle", "organisation", "review_type")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    for assignment in assignments:
        challenge = challenges.get(assignment.challenge)
        if challenge is None or challenge.phase not in TEAM_OPEN:
            raise AssignmentRefusedError(
                assignment, _("The challenge's team can no longer change.")
            )
    first = challenges[ids[0]]
    problem = parse_problem(
        export.problem_for(programme=first.programme, cycle=first.cycle, targets=ids)
    )
    for assignment in assignments:
        if problem.reviewer(assignment.reviewer) is None:
            raise AssignmentRefusedError(
                assignment,
                _("Is no longer an accepted member of the programme's pool able to take a place."),
            )
    for _challenge, member, breach in RuleBook(problem).solution_breaches(assignments):
        raise AssignmentRefusedError(member or assignments[0], breach.reason)
    reviewers = Reviewer.objects.select_related("user").in_bulk([a.reviewer for a in assignments])
    members = TeamMember.objects.bulk_create(
        TeamMember(
            challenge=challenges[a.challenge],
            reviewer=reviewers[a.reviewer],
            role=a.role,
            invited_by=by,
            run=run,
            reasons=reasons.get((a.challenge, a.reviewer), []),
        )
        for a in assignments
    )
    ChallengeEvent.objects.bulk_create(
        ChallengeEvent(
            challenge=member.challenge,
            action=ChallengeAction.INVITE,
            to_phase=member.challenge.phase,
            actor=by,
            member=member,
            message=str(member.reviewer),
        )
        for member in members
    )
    for member in members:
        send_templated_email_after_commit(
            template="challenges/email/invited",
            context={
                "challenge": member.challenge,
                "member": member,
                "link": _link("challenges:detail", member.challenge_id),
            },
            to=[member.reviewer.user.email],
        )
    return members


# --- Milestones --------------------------------------------------------------------------------


@transaction.atomic
def milestone_update(
    *,
    milestone: Milestone,
    due_on: datetime.date,
    owner: User | None,
    done_on: datetime.date | None,
    by: User,
    name: str = "",
) -> Milestone:
    """Change a milestone's due date, owner or when it was done. A due date typed here stays
    put when the on-site dates move; a new due date sends its reminders again."""
    if done_on and done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date it was done must be today or in the past")})
    if milestone.kind == MilestoneKind.OTHER and not name.strip():
        raise ValidationError({"name": _("Enter the milestone's name")})
    # Locked and saved field by field: the reminder sweep may have claimed a reminder since
    # the page was read, which a due date left as it was must keep.
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    fields = ["owner", "done_on", "updated_at"]
    if due_on != locked.due_on:
        locked.due_set_by_hand = True
        locked.reminded_before_on = locked.reminded_after_on = None
        fields += ["due_on", "due_set_by_hand", "reminded_before_on", "reminded_after_on"]
    locked.due_on = due_on
    locked.owner = owner
    locked.done_on = done_on
    if locked.kind == MilestoneKind.OTHER:
        locked.name = name.strip()
        fields.append("name")
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def milestone_add(
    *,
    challenge: Challenge,
    name: str,
    due_on: datetime.date,
    owner: User | None,
    by: User,
    token: uuid.UUID | None = None,
) -> Milestone:
    if not name.strip():
        raise ValidationError({"name": _("Enter the milestone's name")})
    milestone, _created = create_once(
        Milestone(
            challenge=challenge,
            kind=MilestoneKind.OTHER,
            name=name.strip(),
            due_on=due_on,
            owner=owner,
            owner_party=Owner.COORDINATOR,
            due_set_by_hand=True,
            position=len(MILESTONE_DEFAULTS),
        ),
        token=token,
        owner=["challenge"],
    )
    return milestone


def parties_of(*, user: User, challenge: Challenge) -> set[str]:
    """The milestone owners (`Owner`) `user` answers as on this challenge."""
    scope = challenge_scope(user)
    parties = set()
    if scope.coordinates(challenge):
        parties.add(Owner.COORDINATOR)
    if scope.receives(challenge):
        parties.add(Owner.SERVICE)
    if scope.leads(challenge):
        parties.update({Owner.LEAD, Owner.TEAM})
    elif (
        scope.on_team(challenge)
        and challenge.members.filter(reviewer__user=user, status=MemberStatus.ACCEPTED).exists()
    ):
        parties.add(Owner.TEAM)
    return parties


def answers_for(*, user: User, milestone: Milestone, parties: set[str] | None = None) -> bool:
    """Whether `user` answers for the milestone: its named owner, or, when none is named,
    anyone of its party; and those who may change it (the programme's coordinators, the
    team's lead). `parties`: parties_of, when asked of many milestones."""
    if parties is None:
        parties = parties_of(user=user, challenge=milestone.challenge)
    if Owner.COORDINATOR in parties or Owner.LEAD in parties:
        return True
    if milestone.owner_id:
        return milestone.owner_id == user.pk
    return milestone.owner_party in parties


def may_mark_done(*, user: User, milestone: Milestone, parties: set[str] | None = None) -> bool:
    """Whoever answers for a milestone still to do marks it done (the reminders ask them to)."""
    if milestone.done_on or milestone.challenge.phase in FINISHED:
        return False
    return answers_for(user=user, milestone=milestone, parties=parties)


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, by: User) -> Milestone:
    """Mark a milestone done today, by someone who answers for it."""
    locked = Milestone.objects.select_for_update().select_related("challenge").get(pk=milestone.pk)
    if not answers_for(user=by, milestone=locked):
        raise PermissionDenied
    if locked.done_on:
        return locked
    if locked.challenge.phase in FINISHED:
        raise ChallengeError(_("The challenge is over: its milestones no longer change."))
    locked.done_on = timezone.localdate()
    locked.save(update_fields=["done_on", "updated_at"])
    return locked


def milestone_owners(milestone: Milestone) -> list[User]:
    """Who answers for a milestone: its named owner, or everyone of its party."""
    if milestone.owner_id:
        return [milestone.owner] if milestone.owner.is_active else []
    challenge = milestone.challenge
    party = milestone.owner_party
    people = User.objects.filter(is_active=True)
    if party == Owner.SERVICE:
        people = people.filter(
            memberships__role=Role.SERVICE_LEAD,
            memberships__organisation_id=challenge.organisation_id,
        )
    elif party == Owner.COORDINATOR:
        people = people.filter(
            memberships__role=Role.COORDINATOR, memberships__programme_id=challenge.programme_id
        )
    else:
        roles = sorted(LEAD_ROLES) if party == Owner.LEAD else None
        members = TeamMember.objects.filter(challenge=challenge, status=MemberStatus.ACCEPTED)
        if roles:
            members = members.filter(role__in=roles)
        people = people.filter(reviewer__team_places__in=members)
    return list(people.distinct().order_by("full_name"))


# --- Email -------------------------------------------------------------------------------------


def _notify_team_and_service(challenge: Challenge, what: str, *, by: User, reason: str = ""):
    team = list(
        User.objects.filter(
            is_active=True,
            reviewer__team_places__challenge=challenge,
            reviewer__team_places__status__in=sorted(HOLDS_PLACE),
        ).values_list("email", flat=True)
    )
    service = list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.SERVICE_LEAD,
            memberships__organisation_id=challenge.organisation_id,
        ).values_list("email", flat=True)
    )
    if challenge.phase == Phase.CANCELLED:
        what = "cancel"
    send_templated_email_after_commit(
        template=f"challenges/email/{what}",
        context={
            "challenge": challenge,
            "reason": reason,
            "link": _link("challenges:detail", challenge.pk),
        },
        to=[*team, *service],
    )
