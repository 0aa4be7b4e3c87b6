"""The demo world's challenges: a challenge in every phase with its team, a cycle of challenges
with dates and no team yet (for the matcher), and a regional round planned by the cycle
planner.

Everything goes through the services, as a coordinator and the reviewers would have done it, so
each timeline, invitation, answer and email is what the product itself records; the moments
are then set back so that timelines read as weeks of history. A team is built from a list of
people in order of preference: the rule engine refuses whoever does not fit (their own service,
a conflict, dates away or training, a cap, a reciprocal pair), and the next is asked, so the
teams obey every hard rule whatever day the demo is built on.

YJSIP (national):
- Northdale's full peer review (from its approved application): scheduling, its team partly
  built, with the demo reviewer's invitation waiting for an answer and one decline;
- Cwm Taran's bespoke peer support (from its approved application): dates and team confirmed;
- reviews the programme arranged directly: Calderbrook YOT's on site now (its schedule of
  activities, the team's evidence notes and findings, one resting on a single source:
  challenges.onsite_demo), Harrowgate Vale's
  reporting (its draft report came in late; the service is checking its factual accuracy, one
  comment answered and one waiting: challenges.report_demo), Fenmouth's full review completed
  months ago (which makes one trained reviewer fully qualified) and its bespoke support the
  year before, both reports published, Severnside's cancelled when the board rescinded its
  approval;
- the next cycle: four challenges with on-site dates and no team, for the matcher.

Yorkshire and the Humber: the current round planned by the cycle planner, each authority
reviewed by another's people, in a triad, over the round's months.

Dates are worked out from today, and on-site days always start on a weekday."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, Programme, User
from applications.enums import ApplicationState
from applications.models import Application
from offers import demo as offers_demo
from offers.demo import OFFERS, YH, YJSIP
from offers.enums import DeliveryMode, TeamRole
from offers.models import Cycle, ReviewType
from reviewers.models import Reviewer

from . import planner_services, services
from .datapack_demo import seed_data_pack
from .enums import ChallengeAction, MemberStatus, MilestoneKind
from .models import (
    Activity,
    Challenge,
    ChallengeEvent,
    CyclePlan,
    EvidenceNote,
    Finding,
    IdentifyingTerm,
    Milestone,
    Report,
    ReportComment,
    ReportVersion,
    TeamMember,
)
from .onsite_demo import seed_on_site
from .report_demo import seed_factual_check, seed_published

NORTHDALE = "Northdale Youth Justice Service"
WESTMERE = "Westmere Youth Justice Service"
CALDERBROOK_YOT = "Calderbrook Youth Offending Team"
FENMOUTH = "Fenmouth Youth Justice Service"
HARROWGATE = "Harrowgate Vale Youth Justice Service"
SEVERNSIDE = "Severnside Youth Justice Service"
CWM_TARAN = "Cwm Taran Youth Justice Service"

FULL, BESPOKE = "Full peer review", "Bespoke peer support"
YH_CHALLENGE = "Children's services peer challenge"

CO_LEAD, LEAD, REVIEWER = TeamRole.CO_LEAD, TeamRole.LEAD, TeamRole.REVIEWER

# People who may lead a YJSIP team (fully qualified), and who may fill a reviewer's place
# (trained at least), each in order of preference. The demo reviewer (Daniel Evans) is left
# out: he is only ever invited to Northdale's review, and stays trained.
LEADS = [
    "Tunde Bakare",
    "Nasreen Akhtar",
    "Gareth Pritchard",
    "Owen Jenkins",
    "Rachel Kowalski",
    "Zainab Mahmood",
    "Hannah Lewis",
    "Eilidh MacLeod",
    "Callum Fraser",
    "Deepak Sharma",
    "Bernadette Quinn",
    "Kwame Mensah",
]
TRAINED = ["Liam O'Connor", "Megan Price", "Chloe Baptiste", "Jack Whitaker"]


@transaction.atomic
def seed(*, password: str) -> list:
    """Create (once) the demo challenges, teams, milestones and the planned round, on the
    offers, applications and pools the seeders before this one made. Returns no demo sign-ins
    of its own."""
    programmes = {p.short_name: p for p in Programme.objects.filter(short_name__in=OFFERS)}
    if Challenge.objects.filter(programme__in=programmes.values()).exists():
        return []
    offers, lines, cycles = offers_demo.seeded(programmes)
    world = _World(programmes, offers, cycles, lines)
    _seed_history(world)
    _seed_from_applications(world)
    _seed_unstaffed(world)
    # The round with a few months still to plan in (the next one in the current's last weeks).
    round_ = next(
        (cycle for cycle in cycles[YH] if cycle.ends_on - world.today > _days(90)),
        cycles[YH][-1],
    )
    _planned_cycle(
        cycle=round_, review_type=offers[YH_CHALLENGE], by=world.user("multi@example.org")
    )
    return []


class _World:
    """What the challenges are built from, looked up once."""

    def __init__(self, programmes, offers, cycles, lines) -> None:
        self.programmes: dict[str, Programme] = programmes
        self.offers: dict[str, ReviewType] = offers
        self.cycles: dict[str, list[Cycle]] = cycles
        # YJSIP's lines of enquiry by name (the on-site work is tagged with them).
        self.lines = {
            name.split(": ", 1)[1]: line
            for name, line in lines.items()
            if name.startswith(f"{YJSIP}: ")
        }
        self.organisations = {o.name: o for o in Organisation.objects.all()}
        self.today = timezone.localdate()
        self.coordinator = self.user("coordinator@example.org")

    def user(self, email: str) -> User:
        return User.objects.get(email=email)

    def reviewer(self, name: str) -> Reviewer:
        return Reviewer.objects.select_related("user").get(user__full_name=name)


# --- Dates -------------------------------------------------------------------------------------


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(when, timezone.now())


@contextmanager
def _dated(day: datetime.date, hour: int = 10) -> Iterator[None]:
    """Date what the block records to `day` (never later than now), so that timelines read
    as history rather than one moment."""
    when = _moment(day, hour)
    started = timezone.now()
    yield
    ChallengeEvent.objects.filter(created_at__gte=started).update(created_at=when)
    TeamMember.objects.filter(responded_at__gte=started).update(responded_at=when)
    for model in (
        Challenge,
        TeamMember,
        Milestone,
        CyclePlan,
        Activity,
        EvidenceNote,
        Finding,
        Report,
        ReportComment,
    ):
        model.objects.filter(created_at__gte=started).update(created_at=when)
        model.objects.filter(updated_at__gte=started).update(updated_at=when)
    for model in (ReportVersion, IdentifyingTerm):
        model.objects.filter(created_at__gte=started).update(created_at=when)
    for field in ("signed_off_at", "consent_given_at", "published_at"):
        Report.objects.filter(**{f"{field}__gte": started}).update(**{field: when})
    ReportComment.objects.filter(answered_at__gte=started).update(answered_at=when)


def _weekday(day: datetime.date, weekday: int = 1) -> datetime.date:
    """The first `weekday` (Monday 0) on or after `day`."""
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _covering(today: datetime.date, days: int) -> datetime.date:
    """A first on-site day, before today, from which `days` working days on site take in
    today (today is their second day or later, or the weekend between them)."""
    for back in range(1, 8):
        start = today - datetime.timedelta(days=back)
        if start.weekday() < 5 and services.last_on_site_day(start, days) >= today:
            return start
    raise ValueError("No first on-site day takes in today")


def _first_start(challenge: Challenge) -> datetime.date:
    """The first weekday in the challenge's window from which its days on site fit."""
    day, days = challenge.window_starts_on, challenge.review_type.days_on_site
    while day.weekday() >= 5 or services.last_on_site_day(day, days) > challenge.window_ends_on:
        day += datetime.timedelta(days=1)
        if day > challenge.window_ends_on:
            raise ValueError(f"{challenge} has no room for its days on site")
    return day


def _cycle_of(programme: Programme, day: datetime.date) -> Cycle | None:
    return Cycle.objects.filter(programme=programme, starts_on__lte=day, ends_on__gte=day).first()


# --- Teams -------------------------------------------------------------------------------------


def _invite(
    world: _World, challenge: Challenge, role: str, candidates: list[str], *, by: User
) -> TeamMember:
    """Invite the first of `candidates` the rule engine lets take a place in `role` (and who
    is not on the team already)."""
    taken = set(
        challenge.members.filter(
            status__in=[MemberStatus.INVITED, MemberStatus.ACCEPTED]
        ).values_list("reviewer__user__full_name", flat=True)
    )
    refusals = []
    for name in candidates:
        if name in taken:
            continue
        try:
            return services.member_invite(
                challenge=challenge, reviewer=world.reviewer(name), role=role, by=by
            )
        except ValidationError as error:
            refusals.append(f"{name}: {error.messages}")
    raise ValueError(f"Nobody in the demo list can take a {role} place on {challenge}: {refusals}")


def _team(
    world: _World,
    challenge: Challenge,
    places: list[tuple[str, list[str]]],
    *,
    by: User,
    day: datetime.date,
) -> list[TeamMember]:
    """Invite someone to each place and have them accept, over the few days after `day`."""
    members = []
    for offset, (role, candidates) in enumerate(places):
        with _dated(day + datetime.timedelta(days=offset // 2), hour=9 + offset % 8):
            member = _invite(world, challenge, role, candidates, by=by)
        with _dated(day + datetime.timedelta(days=offset // 2 + 2), hour=14):
            services.member_respond(member=member, accept=True, by=member.reviewer.user)
        members.append(member)
    return members


def _milestones_done(challenge: Challenge, *, before: datetime.date, by: User, keep=()) -> None:
    """Mark done, on their due dates, the milestones due before `before` (except the kinds in
    `keep`, left overdue)."""
    for milestone in challenge.milestones.filter(due_on__lt=before, done_on__isnull=True):
        if milestone.kind in keep:
            continue
        services.milestone_update(
            milestone=milestone,
            due_on=milestone.due_on,
            owner=milestone.owner,
            done_on=min(milestone.due_on, timezone.localdate()),
            by=by,
        )


def _move(challenge: Challenge, action: ChallengeAction, by: User, day: datetime.date, **kw):
    with _dated(day, hour=16):
        return services.challenge_move(challenge=challenge, action=action, by=by, **kw)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _planned(
    world: _World, *, service: str, offer: str, start: datetime.date, by: User
) -> Challenge:
    """A challenge the programme arranged directly, with its on-site days from `start`."""
    programme = world.programmes[YJSIP]
    review_type = world.offers[offer]
    end = services.last_on_site_day(start, review_type.days_on_site)
    planned_on = min(start - _days(84), world.today)
    with _dated(planned_on):
        challenge = services.challenge_plan(
            programme=programme,
            organisation=world.organisations[service],
            review_type=review_type,
            cycle=_cycle_of(programme, start),
            window_starts_on=start - _days(28),
            window_ends_on=end + _days(14),
            by=by,
        )
    with _dated(min(planned_on + _days(7), world.today)):
        services.challenge_set_dates(
            challenge=challenge, starts_on=start, delivery_mode=DeliveryMode.ON_SITE, by=by
        )
    challenge.refresh_from_db()
    return challenge


# --- YJSIP: every phase ------------------------------------------------------------------------


def _seed_history(world: _World) -> None:
    """Reviews under way or done: completed months ago, reporting, on site today, and one
    cancelled. Built first, so that the teams of today's challenges respect them."""
    today, by = world.today, world.coordinator
    fenmouth_lead = world.user("fenmouth@example.org")

    # Completed the year before: Fenmouth's bespoke support on its out-of-court work, its
    # report published.
    start = _weekday(today - _days(430), 1)
    earlier = _planned(world, service=FENMOUTH, offer=BESPOKE, start=start, by=by)
    _team(
        world,
        earlier,
        [(LEAD, [*reversed(LEADS)]), (REVIEWER, [*reversed(LEADS)])],
        by=by,
        day=start - _days(60),
    )
    _move(earlier, ChallengeAction.CONFIRM, by, start - _days(40))
    _milestones_done(earlier, before=start, by=by)
    _move(earlier, ChallengeAction.START_ON_SITE, by, start)
    _move(earlier, ChallengeAction.START_REPORTING, by, earlier.ends_on)
    earlier.refresh_from_db()
    seed_published(
        challenge=earlier,
        lines=world.lines,
        service_lead=fenmouth_lead,
        coordinator=by,
        dated=_dated,
        day=earlier.ends_on,
        full=False,
    )
    _milestones_done(earlier, before=today, by=by)
    _move(earlier, ChallengeAction.COMPLETE, by, earlier.ends_on + _days(64))

    # Completed: Fenmouth's full review, about five months ago. Aisha Begum, trained in 2024,
    # is fully qualified by it.
    start = _weekday(today - _days(150), 0)
    fenmouth = _planned(world, service=FENMOUTH, offer=FULL, start=start, by=by)
    _team(
        world,
        fenmouth,
        [
            (CO_LEAD, LEADS),
            (CO_LEAD, LEADS),
            (REVIEWER, ["Aisha Begum"]),
            (REVIEWER, LEADS),
            (REVIEWER, LEADS),
            (REVIEWER, LEADS),
        ],
        by=by,
        day=start - _days(70),
    )
    _move(fenmouth, ChallengeAction.CONFIRM, by, start - _days(45))
    _milestones_done(fenmouth, before=start, by=by)
    _move(fenmouth, ChallengeAction.START_ON_SITE, by, start)
    _move(fenmouth, ChallengeAction.START_REPORTING, by, fenmouth.ends_on)
    fenmouth.refresh_from_db()
    seed_published(
        challenge=fenmouth,
        lines=world.lines,
        service_lead=fenmouth_lead,
        coordinator=by,
        dated=_dated,
        day=fenmouth.ends_on,
        full=True,
    )
    _milestones_done(fenmouth, before=today, by=by)
    _move(fenmouth, ChallengeAction.COMPLETE, by, fenmouth.ends_on + _days(64))

    # Reporting: Harrowgate Vale's bespoke support, five weeks ago. The lead's draft report
    # came in late (its milestone is still open); the service is checking its factual
    # accuracy.
    start = _weekday(today - _days(38), 1)
    harrowgate = _planned(world, service=HARROWGATE, offer=BESPOKE, start=start, by=by)
    _team(
        world,
        harrowgate,
        [(LEAD, ["Gareth Pritchard", *LEADS]), (REVIEWER, ["Megan Price", *TRAINED])],
        by=by,
        day=start - _days(60),
    )
    _move(harrowgate, ChallengeAction.CONFIRM, by, start - _days(40))
    _move(harrowgate, ChallengeAction.START_ON_SITE, by, start)
    _move(harrowgate, ChallengeAction.START_REPORTING, by, harrowgate.ends_on)
    _milestones_done(harrowgate, before=harrowgate.ends_on + _days(1), by=by)
    harrowgate.refresh_from_db()
    seed_factual_check(
        challenge=harrowgate,
        lines=world.lines,
        service_lead=world.user("harrowgate@example.org"),
        dated=_dated,
        day=harrowgate.ends_on + _days(3),
    )

    # On site: Calderbrook YOT's bespoke support, today among its days.
    start = _covering(today, world.offers[BESPOKE].days_on_site)
    calderbrook = _planned(world, service=CALDERBROOK_YOT, offer=BESPOKE, start=start, by=by)
    _team(
        world,
        calderbrook,
        [(LEAD, ["Rachel Kowalski", *LEADS]), (REVIEWER, ["Liam O'Connor", *TRAINED])],
        by=by,
        day=start - _days(56),
    )
    _move(calderbrook, ChallengeAction.CONFIRM, by, start - _days(30))
    _milestones_done(calderbrook, before=start, by=by)
    _move(calderbrook, ChallengeAction.START_ON_SITE, by, start)
    calderbrook.refresh_from_db()
    with _dated(start, hour=17):
        seed_on_site(challenge=calderbrook, lines=world.lines)

    # Cancelled: Severnside's bespoke support, when the board rescinded its approval.
    with _dated(today - _days(40)):
        severnside = services.challenge_plan(
            programme=world.programmes[YJSIP],
            organisation=world.organisations[SEVERNSIDE],
            review_type=world.offers[BESPOKE],
            cycle=_cycle_of(world.programmes[YJSIP], today),
            window_starts_on=today + _days(21),
            window_ends_on=today + _days(35),
            by=by,
        )
    _move(
        severnside,
        ChallengeAction.CANCEL,
        by,
        today - _days(24),
        reason=(
            "The board rescinded its approval: the joint decision-making panel the support "
            "was to look at is suspended while the police force reorganises."
        ),
    )


def _seed_from_applications(world: _World) -> None:
    """The approved applications become challenges: Cwm Taran's with its dates and team
    confirmed, Northdale's still building its team (the demo reviewer's invitation waiting)."""
    today, by = world.today, world.coordinator
    approved = {
        application.organisation.name: application
        for application in Application.objects.filter(
            programme=world.programmes[YJSIP], state=ApplicationState.APPROVED
        ).select_related("organisation")
    }

    # Preparing: Cwm Taran, its team confirmed; what fell due so far is done, bar the data
    # pack the coordinator has yet to ask for.
    with _dated(today - _days(3), hour=11):
        cwm_taran = services.challenge_from_application(application=approved[CWM_TARAN], by=by)
        services.challenge_set_dates(
            challenge=cwm_taran,
            starts_on=_first_start(cwm_taran),
            delivery_mode=DeliveryMode.ON_SITE,
            by=by,
        )
    cwm_taran.refresh_from_db()
    _team(
        world,
        cwm_taran,
        [(LEAD, ["Nasreen Akhtar", *LEADS]), (REVIEWER, ["Chloe Baptiste", *TRAINED])],
        by=by,
        day=today - _days(2),
    )
    _move(cwm_taran, ChallengeAction.CONFIRM, by, today)
    _milestones_done(cwm_taran, before=today, by=by, keep={MilestoneKind.DATA_PACK_REQUESTED})

    # Scheduling: Northdale, created three weeks ago. One co-lead and one reviewer have
    # accepted, a reviewer declined, and the demo reviewer and a second co-lead have yet to
    # answer.
    made = today - _days(21)
    with _dated(made):
        northdale = services.challenge_from_application(application=approved[NORTHDALE], by=by)
        services.challenge_set_dates(
            challenge=northdale,
            starts_on=_first_start(northdale),
            delivery_mode=DeliveryMode.ON_SITE,
            by=by,
        )
    northdale.refresh_from_db()
    _team(
        world,
        northdale,
        [(CO_LEAD, ["Owen Jenkins", *LEADS]), (REVIEWER, ["Jack Whitaker", *TRAINED, *LEADS])],
        by=by,
        day=made + _days(1),
    )
    with _dated(made + _days(3), hour=11):
        declined = _invite(world, northdale, REVIEWER, ["Megan Price", *TRAINED], by=by)
    with _dated(made + _days(6), hour=15):
        services.member_respond(
            member=declined,
            accept=False,
            by=declined.reviewer.user,
            reason=(
                "Our own service's inspection fieldwork is likely to fall in those weeks, and I "
                "will be needed here."
            ),
        )
    with _dated(today - _days(3), hour=10):
        _invite(world, northdale, CO_LEAD, ["Zainab Mahmood", *LEADS], by=by)
    with _dated(today - _days(1), hour=9):
        _invite(world, northdale, REVIEWER, ["Daniel Evans"], by=by)
    seed_data_pack(challenge=northdale, by=by)  # its on-site days are ahead


def _seed_unstaffed(world: _World) -> None:
    """The next cycle's challenges, their on-site days set weeks apart and no one invited:
    what the matcher's "propose teams" fills in one go."""
    by = world.coordinator
    cycle = world.cycles[YJSIP][-1]
    rows = [(FENMOUTH, BESPOKE), (SEVERNSIDE, BESPOKE), (HARROWGATE, FULL), (WESTMERE, BESPOKE)]
    first = _weekday(max(cycle.starts_on, world.today) + _days(49), 1)
    for position, (service, offer) in enumerate(rows):
        review_type = world.offers[offer]
        start = first + _days(21 * position)
        end = services.last_on_site_day(start, review_type.days_on_site)
        with _dated(world.today - _days(6 - position), hour=11):
            challenge = services.challenge_plan(
                programme=world.programmes[YJSIP],
                organisation=world.organisations[service],
                review_type=review_type,
                cycle=cycle,
                window_starts_on=start - _days(14),
                window_ends_on=min(end + _days(21), cycle.ends_on),
                by=by,
            )
            services.challenge_set_dates(
                challenge=challenge, starts_on=start, delivery_mode=DeliveryMode.ON_SITE, by=by
            )


# --- Yorkshire and the Humber: a round planned by the cycle planner ----------------------------


def _planned_cycle(*, cycle: Cycle, review_type: ReviewType, by: User) -> CyclePlan:
    """The cycle planner's plan for a regional round, proposed and accepted as a coordinator
    does on its pages (planner_services): every member authority without a challenge in the
    round reviews one and is reviewed by another, in triads, spread over the round's months."""
    today = timezone.localdate()
    with _dated(today - _days(30), hour=12):
        plan = planner_services.plan_propose(
            cycle=cycle, review_type=review_type, triads=True, by=by
        )
        return planner_services.plan_accept(plan=plan, by=by)
