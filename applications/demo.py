"""The demo world's offers, cycles, applications and board meetings.

Offers and lines of enquiry follow the programmes' own descriptions; the applications are
invented and are moved through their lifecycle by the services, so that each timeline, email
and decision is what the product itself would have recorded. Their dates are set back over the
past weeks so that the timelines read as history, and cycles and windows are worked out from
today, so that the demo stays valid whenever it is built."""

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.enums import Role, Scope
from accounts.models import Membership, Organisation, Programme, User
from accounts.services import members_join
from offers import demo as offers_demo
from offers.demo import EM, KEY_LINES, OFFERS, YH, YJSIP
from offers.enums import DeliveryMode
from offers.models import Cycle, LineOfEnquiry, ReviewType

from . import services
from .enums import ApplicationAction, DecisionOutcome, DecisionRoute, SubsidyLevel
from .models import (
    AgendaItem,
    Application,
    ApplicationEvent,
    BoardMeeting,
    BoardTerms,
    Decision,
    DecisionChange,
    DeclarationOfInterest,
)

# --- People the demo applications need (beyond the accounts seeder's) ------------------------


@dataclass(frozen=True)
class _Person:
    email: str
    full_name: str
    job_title: str
    role: Role
    # A programme's short name or an organisation's name.
    where: str


PEOPLE = [
    _Person(
        "board.adeyemi@example.org",
        "Ruth Adeyemi",
        "Assistant director, youth justice and early help",
        Role.BOARD_MEMBER,
        YJSIP,
    ),
    _Person(
        "board.lloyd@example.org",
        "Mark Lloyd",
        "Head of youth justice service",
        Role.BOARD_MEMBER,
        YJSIP,
    ),
    _Person(
        "board.morris@example.org",
        "Alun Morris",
        "Director of children's services",
        Role.BOARD_MEMBER,
        YJSIP,
    ),
    _Person(
        "lead.westmere@example.org",
        "Fiona Brennan",
        "Head of Youth Justice Service",
        Role.SERVICE_LEAD,
        "Westmere Youth Justice Service",
    ),
    _Person(
        "lead.calderbrook@example.org",
        "Imran Hussain",
        "Youth Offending Team manager",
        Role.SERVICE_LEAD,
        "Calderbrook Youth Offending Team",
    ),
    _Person(
        "lead.fenmouth@example.org",
        "Claire Whitfield",
        "Head of Youth Justice Service",
        Role.SERVICE_LEAD,
        "Fenmouth Youth Justice Service",
    ),
    _Person(
        "lead.harrowgate@example.org",
        "Marcus Bell",
        "Head of Service, youth justice",
        Role.SERVICE_LEAD,
        "Harrowgate Vale Youth Justice Service",
    ),
    _Person(
        "lead.severnside@example.org",
        "Joanna Pryce",
        "Youth Justice Service manager",
        Role.SERVICE_LEAD,
        "Severnside Youth Justice Service",
    ),
    _Person(
        "lead.cwmtaran@example.org",
        "Rhys Llewellyn",
        "Head of Youth Justice Service",
        Role.SERVICE_LEAD,
        "Cwm Taran Youth Justice Service",
    ),
    _Person(
        "lead.ryeholme@example.org",
        "Naomi Fletcher",
        "Director of children's services",
        Role.SERVICE_LEAD,
        "Ryeholme Council children's services",
    ),
    _Person(
        "lead.ousefield@example.org",
        "Peter Dawson",
        "Assistant director, children's social care",
        Role.SERVICE_LEAD,
        "Ousefield Council children's services",
    ),
    _Person(
        "lead.trentlow@example.org",
        "Amira Haddad",
        "Head of SEND and inclusion",
        Role.SERVICE_LEAD,
        "Trentlow Council children's services",
    ),
    _Person(
        "lead.charnwick@example.org",
        "Lucy Marsh",
        "SEND service manager",
        Role.SERVICE_LEAD,
        "Charnwick Council children's services",
    ),
]

# The demo applications' creation tokens are derived from a name, so a second run finds them.
_TOKENS = uuid.UUID("5b0f3c0e-8d1a-4a57-9a49-2f3c8f1d0a11")


def _token(key: str) -> uuid.UUID:
    return uuid.uuid5(_TOKENS, key)


@transaction.atomic
def seed(*, password: str) -> list:
    """Create the people the demo applications need, and (once) the applications and board
    meetings, for the offers, lines of enquiry and cycles the offers seeder made. Returns no
    demo sign-ins of its own: the accounts seeder lists the ones to try the product with."""
    programmes = {p.short_name: p for p in Programme.objects.filter(short_name__in=OFFERS)}
    offers, lines, cycles = offers_demo.seeded(programmes)
    users = _seed_people(programmes, password=password)
    if not Application.objects.filter(creation_token=_token("northdale-full")).exists():
        _seed_yjsip(programmes[YJSIP], offers, lines, cycles, users)
        _seed_regional(offers, lines, cycles, users)
    members_join(Application.objects.order_by().values_list("programme_id", "organisation_id"))
    return []


def _seed_people(programmes: dict[str, Programme], *, password: str) -> dict[str, User]:
    users = {}
    for person in PEOPLE:
        user, _created = User.objects.update_or_create(
            email=person.email,
            defaults={"full_name": person.full_name, "job_title": person.job_title},
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        if person.role.scope == Scope.PROGRAMME:
            Membership.objects.get_or_create(
                user=user, role=person.role, programme=programmes[person.where]
            )
        else:
            Membership.objects.get_or_create(
                user=user,
                role=person.role,
                organisation=Organisation.objects.get(name=person.where),
            )
    for user in User.objects.filter(email__endswith="@example.org"):
        users[user.email.split("@")[0]] = user
    return users


# --- Applications and meetings ----------------------------------------------------------------


def _ago(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@contextmanager
def _dated(when: datetime.datetime) -> Iterator[None]:
    """Date what the block records to `when` (a time in the past), so that the demo's
    timelines read as weeks of history rather than one moment."""
    started = timezone.now()
    yield
    ApplicationEvent.objects.filter(created_at__gte=started).update(created_at=when)
    Application.objects.filter(submitted_at__gte=started).update(submitted_at=when)
    DecisionChange.objects.filter(created_at__gte=started).update(created_at=when)
    for model in (
        Application,
        BoardTerms,
        BoardMeeting,
        AgendaItem,
        DeclarationOfInterest,
        Decision,
    ):
        model.objects.filter(created_at__gte=started).update(created_at=when)
        model.objects.filter(updated_at__gte=started).update(updated_at=when)


def _window(cycles: list[Cycle], *, weeks: int, days: int) -> tuple[datetime.date, datetime.date]:
    """A preferred window starting on a Monday about `weeks` from now and lasting `days`, in
    the first of `cycles` with room for it."""
    today = timezone.localdate()
    for cycle in cycles:
        start = max(cycle.starts_on, today) + datetime.timedelta(weeks=weeks)
        start += datetime.timedelta(days=-start.weekday() % 7)
        while start + datetime.timedelta(days=days) > cycle.ends_on and start > today:
            start -= datetime.timedelta(weeks=1)
        if start > today and start + datetime.timedelta(days=days) <= cycle.ends_on:
            return start, start + datetime.timedelta(days=days)
    raise ValueError("No open cycle has room for a demo window")


def _apply(
    *,
    key: str,
    lead: User,
    offer: ReviewType,
    focus: list[LineOfEnquiry],
    context: str,
    reasons: str = "",
    other_focus: str = "",
    window: tuple[datetime.date, datetime.date] | None = None,
    delivery_mode: str = "",
    publication_consent: bool | None = None,
    phone: str = "",
) -> Application:
    """Start an application as its service lead would, and answer its questions."""
    organisation = lead.memberships.get(role=Role.SERVICE_LEAD).organisation
    application = services.application_create(
        organisation=organisation, review_type=offer, by=lead, token=_token(key)
    )
    services.application_update_focus(
        application=application, lines_of_enquiry=focus, other_focus=other_focus
    )
    services.application_update_answers(
        application=application,
        context=context,
        reasons=reasons,
        publication_consent=publication_consent,
        contact_phone=phone,
    )
    if window:
        services.application_update_window(
            application=application,
            window_starts_on=window[0],
            window_ends_on=window[1],
            delivery_mode=delivery_mode,
        )
    return application


def _act(application: Application, action: ApplicationAction, by: User, reason: str = "") -> None:
    services.application_transition(application=application, action=action, by=by, reason=reason)


def _seed_yjsip(
    programme: Programme,
    offers: dict[str, ReviewType],
    lines: dict[str, LineOfEnquiry],
    cycles: dict[str, list[Cycle]],
    users: dict[str, User],
) -> None:
    """Ten applications in every state; the board's terms of reference (chair's action and
    written procedure allowed); a past board meeting that decided four of them, one approval
    since amended by chair's action and one rescinded by written procedure; and an upcoming
    meeting with two on its agenda, one decided by chair's action before it."""
    full, bespoke, send = (
        offers["Full peer review"],
        offers["Bespoke peer support"],
        offers["SEND peer review"],
    )
    kloe = {name: lines[f"{YJSIP}: {name}"] for name, _description in KEY_LINES[YJSIP]}
    coordinator, chair = users["coordinator"], users["board"]
    board = [chair, users["board.adeyemi"], users["board.lloyd"], users["board.morris"]]
    with _dated(_ago(120)):
        services.board_terms_save(
            programme=programme,
            quorum=3,
            chairs_action_allowed=True,
            chair=chair,
            written_procedure_allowed=True,
        )
    # Services ask for windows in the current year, or in the next one once it is nearly over:
    # either way the board's approvals and the pending requests draw on the same cycle.
    current = cycles[YJSIP]
    if current[0].ends_on - timezone.localdate() < datetime.timedelta(weeks=6):
        current = current[1:]

    # Decided at the last meeting, six weeks ago.
    with _dated(_ago(95)):
        fenmouth = _apply(
            key="fenmouth-full",
            lead=users["lead.fenmouth"],
            offer=full,
            focus=[kloe["Governance and leadership"], kloe["Workforce development"]],
            context=(
                "Fenmouth is a largely rural service covering two districts, with a team of "
                "fourteen and long journeys between its two offices. Turnover among case "
                "managers has been high for two years."
            ),
            reasons=(
                "We want peers to test our workforce plan and our supervision arrangements, "
                "and to tell our management board how well it knows frontline practice."
            ),
            window=_window(current, weeks=9, days=18),
            publication_consent=True,
            phone="01632 960418",
        )
    with _dated(_ago(88)):
        _act(fenmouth, ApplicationAction.SUBMIT, users["lead.fenmouth"])

    with _dated(_ago(90, hour=14)):
        northdale = _apply(
            key="northdale-full",
            lead=users["lead"],
            offer=full,
            focus=[
                kloe["Governance and leadership"],
                kloe["Partnership working"],
                kloe["Quality of assessment and planning"],
            ],
            context=(
                "Northdale is a mixed urban and rural area with about 38,000 children aged 10 to "
                "17. The service works with around 120 children at any time. A new head of "
                "service started last spring, and the management board was re-formed after a "
                "rise in first-time entrants."
            ),
            reasons=(
                "Before we refresh our youth justice plan we want critical friends to tell us "
                "whether the board and our partners are driving improvement, and how well our "
                "assessments and plans reflect what children tell us."
            ),
            window=_window(current, weeks=10, days=18),
            publication_consent=True,
            phone="01632 960112",
        )
    with _dated(_ago(80)):
        _act(northdale, ApplicationAction.SUBMIT, users["lead"])
    with _dated(_ago(76, hour=11)):
        _act(
            northdale,
            ApplicationAction.REQUEST_INFORMATION,
            coordinator,
            "Please tell us which partners will take part in the on-site days, and when your "
            "management board last reviewed its own effectiveness.",
        )
    with _dated(_ago(71, hour=15)):
        _act(
            northdale,
            ApplicationAction.RESUBMIT,
            users["lead"],
            "Police, health, education and children's social care leads have agreed to take "
            "part. The board reviewed its effectiveness in the summer, with the chair's report.",
        )

    with _dated(_ago(85)):
        severnside = _apply(
            key="severnside-bespoke",
            lead=users["lead.severnside"],
            offer=bespoke,
            focus=[kloe["Out-of-court disposals"]],
            context=(
                "Severnside set up a joint decision-making panel with the police last year, and "
                "more children are now diverted from formal outcomes."
            ),
            reasons=(
                "We want peers to look at how consistent the panel's decisions are, and whether "
                "the interventions offered match children's needs."
            ),
            window=_window(current, weeks=5, days=11),
            publication_consent=False,
            phone="01632 960275",
        )
    with _dated(_ago(78)):
        _act(severnside, ApplicationAction.SUBMIT, users["lead.severnside"])

    with _dated(_ago(80, hour=16)):
        harrowgate = _apply(
            key="harrowgate-send",
            lead=users["lead.harrowgate"],
            offer=send,
            focus=[
                kloe["Quality of assessment and planning"],
                kloe["Resettlement and transitions"],
            ],
            context=(
                "Harrowgate Vale is an inner-city service. Nearly half of the children it works "
                "with have an education, health and care plan or receive SEN support."
            ),
            reasons=(
                "We want to know how well children's special educational needs shape our plans, "
                "and how well those children move on to adult services."
            ),
            window=_window(current, weeks=12, days=11),
            publication_consent=True,
            phone="01632 960733",
        )
    with _dated(_ago(72)):
        _act(harrowgate, ApplicationAction.SUBMIT, users["lead.harrowgate"])

    # Withdrawn before the board met.
    with _dated(_ago(100)):
        cwm_taran_full = _apply(
            key="cwm-taran-full",
            lead=users["lead.cwmtaran"],
            offer=full,
            focus=[kloe["Governance and leadership"], kloe["Partnership working"]],
            context=(
                "Cwm Taran works across two local authorities in the valleys, under one joint "
                "management board, since the two teams merged."
            ),
            reasons="The board wants an external view of joint governance since the merger.",
            window=_window(current, weeks=8, days=18),
            publication_consent=True,
            phone="01632 960590",
        )
    with _dated(_ago(92)):
        _act(cwm_taran_full, ApplicationAction.SUBMIT, users["lead.cwmtaran"])
    with _dated(_ago(65)):
        _act(
            cwm_taran_full,
            ApplicationAction.WITHDRAW,
            users["lead.cwmtaran"],
            "An inspection of the service has been announced for the spring. We will apply for "
            "a full review after it, and for bespoke support in the meantime.",
        )

    with _dated(_ago(60)):
        last = services.meeting_save(
            meeting=BoardMeeting(
                programme=programme,
                held_on=timezone.localdate() - datetime.timedelta(weeks=6),
                location="Committee room 2, Bridge House",
                quorum=3,
            ),
            expected_members=board,
        )
    with _dated(_ago(52)):
        items = services.agenda_add(
            meeting=last, applications=[northdale, severnside, fenmouth, harrowgate], by=coordinator
        )
    with _dated(_ago(42, hour=11)):
        services.declaration_record(
            item=items[1],
            member=users["board.lloyd"],
            reason="Was interim head of Severnside Youth Justice Service until last year.",
            by=coordinator,
        )
        services.meeting_record_attendance(
            meeting=last,
            present=board,
            minutes=(
                "Present: Tom Hughes (chair), Ruth Adeyemi, Mark Lloyd, Alun Morris. In "
                "attendance: Priya Shah, programme coordinator. The meeting was quorate.\n\n"
                "Mark Lloyd declared an interest in the Severnside application and took no part "
                "in that item.\n\n"
                "The coordinator reported that the current cycle has most of its reviewer-days "
                "still to allocate, with demand for full peer reviews rising. The board agreed "
                "to favour first reviews over repeat ones while demand exceeds supply.\n\n"
                "Decisions on the four applications are recorded against each item."
            ),
        )
        services.decision_record(
            item=items[0],
            by=coordinator,
            outcome=DecisionOutcome.APPROVED,
            rationale=(
                "A well-evidenced request with clear support from partners. The board will "
                "fund the review in full."
            ),
            reviewer_days=northdale.reviewer_days_requested,
            funding=northdale.funding_requested,
            subsidy_level=SubsidyLevel.FULL,
            window_starts_on=northdale.window_starts_on,
            window_ends_on=northdale.window_ends_on,
        )
        services.decision_record(
            item=items[1],
            by=coordinator,
            outcome=DecisionOutcome.APPROVED,
            rationale=(
                "A focused question the board supports. The service has agreed to meet half "
                "of the cost."
            ),
            reviewer_days=severnside.reviewer_days_requested,
            funding=severnside.funding_requested / 2,
            subsidy_level=SubsidyLevel.PARTIAL,
            window_starts_on=severnside.window_starts_on,
            window_ends_on=severnside.window_ends_on,
        )
        services.decision_record(
            item=items[2],
            by=coordinator,
            outcome=DecisionOutcome.DECLINED,
            rationale=(
                "The service had a full peer review last year and is still delivering its "
                "improvement plan. The board would welcome an application for bespoke peer "
                "support on workforce development instead."
            ),
        )
        services.decision_record(
            item=items[3],
            by=coordinator,
            outcome=DecisionOutcome.DEFERRED,
            rationale=(
                "The board wants to see the local area's SEND improvement plan first, so that "
                "the review adds to it rather than repeating it. To come back to a later "
                "meeting once the service has sent the plan."
            ),
        )

    # Changed since: Northdale's review moved a fortnight later by chair's action, and
    # Severnside's approval rescinded by written procedure (Mark Lloyd taking no part).
    with _dated(_ago(30, hour=12)):
        northdale_decision = northdale.decisions.get()
        services.decision_amend(
            decision=northdale_decision,
            by=chair,
            reason=(
                "The service asked to start a fortnight later, after the local elections, so "
                "that the management board's members can all take part."
            ),
            route=DecisionRoute.CHAIRS_ACTION,
            outcome=DecisionOutcome.APPROVED,
            rationale=northdale_decision.rationale,
            reviewer_days=northdale_decision.reviewer_days,
            funding=northdale_decision.funding,
            subsidy_level=northdale_decision.subsidy_level,
            window_starts_on=northdale_decision.window_starts_on + datetime.timedelta(weeks=2),
            window_ends_on=northdale_decision.window_ends_on + datetime.timedelta(weeks=2),
        )
    with _dated(_ago(24, hour=14)):
        services.decision_rescind(
            decision=severnside.decisions.get(),
            by=users["board.adeyemi"],
            reason=(
                "The joint decision-making panel the review was to look at is suspended while "
                "the police force reorganises. The board would rather give the reviewer-days "
                "to another service now; Severnside may come back to a later meeting."
            ),
            route=DecisionRoute.WRITTEN_PROCEDURE,
            written_agreement=[chair, users["board.adeyemi"], users["board.morris"]],
        )

    # On the agenda of the next meeting, in three weeks.
    with _dated(_ago(40)):
        calderbrook = _apply(
            key="calderbrook-full",
            lead=users["lead.calderbrook"],
            offer=full,
            focus=[
                kloe["Resettlement and transitions"],
                kloe["Partnership working"],
                kloe["Quality of assessment and planning"],
            ],
            context=(
                "More children from Calderbrook have been remanded to custody over the past two "
                "years, most of them aged 16 or 17."
            ),
            reasons=(
                "We want peers to look at resettlement planning and at transitions to adult "
                "probation, where we know practice varies between teams."
            ),
            window=_window(current, weeks=13, days=18),
            publication_consent=True,
            phone="01632 960846",
        )
    with _dated(_ago(28)):
        _act(calderbrook, ApplicationAction.SUBMIT, users["lead.calderbrook"])

    with _dated(_ago(30)):
        cwm_taran = _apply(
            key="cwm-taran-bespoke",
            lead=users["lead.cwmtaran"],
            offer=bespoke,
            focus=[kloe["Governance and leadership"]],
            context=(
                "Cwm Taran works across two local authorities in the valleys, under one joint "
                "management board. An inspection is due in the spring."
            ),
            reasons=(
                "The management board wants peers to look at how it uses performance "
                "information and holds partners to account, before the inspection."
            ),
            window=_window(current, weeks=6, days=11),
            publication_consent=False,
            phone="01632 960590",
        )
    with _dated(_ago(25)):
        _act(cwm_taran, ApplicationAction.SUBMIT, users["lead.cwmtaran"])

    with _dated(_ago(10)):
        upcoming = services.meeting_save(
            meeting=BoardMeeting(
                programme=programme,
                held_on=timezone.localdate() + datetime.timedelta(weeks=3),
                location="Online",
                quorum=3,
            ),
            expected_members=board,
        )
    with _dated(_ago(5)):
        _calderbrook_item, cwm_taran_item = services.agenda_add(
            meeting=upcoming, applications=[calderbrook, cwm_taran], by=coordinator
        )

    # Decided between meetings: the chair could not wait for the next one.
    with _dated(_ago(2, hour=15)):
        services.decision_record_between_meetings(
            item=cwm_taran_item,
            by=chair,
            route=DecisionRoute.CHAIRS_ACTION,
            route_reason=(
                "The inspection has been announced for the week after the board's next "
                "meeting. The management board needs the review's feedback before then."
            ),
            outcome=DecisionOutcome.APPROVED,
            rationale="A focused request, and the timing matters to the service.",
            reviewer_days=cwm_taran.reviewer_days_requested,
            funding=cwm_taran.funding_requested,
            subsidy_level=SubsidyLevel.FULL,
            window_starts_on=cwm_taran.window_starts_on,
            window_ends_on=cwm_taran.window_ends_on,
        )

    # Submitted and waiting for an agenda.
    with _dated(_ago(20)):
        westmere = _apply(
            key="westmere-full",
            lead=users["lead.westmere"],
            offer=full,
            focus=[kloe["Out-of-court disposals"], kloe["Workforce development"]],
            other_focus="How restorative justice is offered to victims.",
            context=(
                "Westmere is a coastal town service. Offending by children rises each summer "
                "with the visitor season, and the team has grown by a third in two years."
            ),
            reasons=(
                "A new head of service and a re-formed management board want a baseline of "
                "strengths and areas for development to plan the next three years from."
            ),
            window=_window(current, weeks=15, days=18),
            publication_consent=True,
            phone="01632 960301",
        )
    with _dated(_ago(9)):
        _act(westmere, ApplicationAction.SUBMIT, users["lead.westmere"])

    # Northdale's others: one waiting on the service's answer, one still a draft.
    with _dated(_ago(21)):
        northdale_send = _apply(
            key="northdale-send",
            lead=users["lead"],
            offer=send,
            focus=[kloe["Partnership working"], kloe["Quality of assessment and planning"]],
            other_focus=(
                "How speech, language and communication needs are picked up when children "
                "first come to the service."
            ),
            context=(
                "About two in five of the children we work with have an education, health and "
                "care plan or receive SEN support, and many more have needs nobody has "
                "identified."
            ),
            reasons=(
                "Our SEND partners have asked for an independent view of how we work together, "
                "ahead of the local area's own SEND improvement work."
            ),
            window=_window(cycles[YJSIP][1:], weeks=8, days=11),
            publication_consent=False,
            phone="01632 960112",
        )
    with _dated(_ago(14)):
        _act(northdale_send, ApplicationAction.SUBMIT, users["lead"])
    with _dated(_ago(7, hour=12)):
        _act(
            northdale_send,
            ApplicationAction.REQUEST_INFORMATION,
            coordinator,
            "Please say which SEND partners, for example your SEND lead or an educational "
            "psychologist, will join the planning meeting, and whether the local area SEND "
            "partnership supports the request.",
        )

    with _dated(_ago(3, hour=16)):
        _apply(
            key="northdale-bespoke",
            lead=users["lead"],
            offer=bespoke,
            focus=[kloe["Out-of-court disposals"]],
            context=(
                "We set up a joint decision-making panel with the police eighteen months ago."
            ),
        )


def _seed_regional(
    offers: dict[str, ReviewType],
    lines: dict[str, LineOfEnquiry],
    cycles: dict[str, list[Cycle]],
    users: dict[str, User],
) -> None:
    """A few applications to the two regional programmes."""
    challenge, send = offers["Children's services peer challenge"], offers["SEND peer challenge"]

    with _dated(_ago(34)):
        ryeholme = _apply(
            key="ryeholme-challenge",
            lead=users["lead.ryeholme"],
            offer=challenge,
            focus=[
                lines[f"{YH}: Front door: contact and referral"],
                lines[f"{YH}: Early help"],
            ],
            context=(
                "Ryeholme's front door handles about 1,100 contacts a month. A multi-agency "
                "safeguarding hub opened in the spring."
            ),
            reasons=(
                "We want challenge on our threshold decisions, and on whether early help is "
                "offered at the right time to families stepped down from social care."
            ),
            window=_window(cycles[YH], weeks=14, days=11),
            phone="01632 960954",
        )
    with _dated(_ago(30)):
        _act(ryeholme, ApplicationAction.SUBMIT, users["lead.ryeholme"])

    with _dated(_ago(26)):
        ousefield = _apply(
            key="ousefield-challenge",
            lead=users["lead.ousefield"],
            offer=challenge,
            focus=[lines[f"{YH}: Care leavers"]],
            context="Ousefield supports about 240 care leavers, a third of them out of area.",
            reasons=(
                "Our care leavers' forum says accommodation and help with money are what "
                "matters most to them; we want peers to test our offer against that."
            ),
            window=_window(cycles[YH], weeks=20, days=11),
            phone="01632 960167",
        )
    with _dated(_ago(22)):
        _act(ousefield, ApplicationAction.SUBMIT, users["lead.ousefield"])
    with _dated(_ago(18)):
        _act(
            ousefield,
            ApplicationAction.REQUEST_INFORMATION,
            users["multi"],
            "Please say which partners, such as housing and health, the team should meet, and "
            "whether care leavers from the forum can take part in a focus group.",
        )

    with _dated(_ago(2)):
        _apply(
            key="calderbrook-council-challenge",
            lead=users["multi"],
            offer=challenge,
            focus=[lines[f"{YH}: Children in care and permanence"]],
            context="Placement moves for children in care have risen over the past year.",
        )

    with _dated(_ago(16)):
        trentlow = _apply(
            key="trentlow-send",
            lead=users["lead.trentlow"],
            offer=send,
            focus=[
                lines[f"{EM}: Quality of EHC plans"],
                lines[f"{EM}: Preparation for adulthood"],
            ],
            context=(
                "Requests for EHC needs assessments in Trentlow have doubled in four years, and "
                "fewer plans are issued within 20 weeks."
            ),
            reasons=(
                "We want a mixed team, including a parent and a young ambassador, to tell us "
                "how our plans read to families and how well they prepare young people for "
                "adult life."
            ),
            window=_window(cycles[EM], weeks=10, days=11),
            delivery_mode=DeliveryMode.VIRTUAL,
            publication_consent=True,
            phone="01632 960682",
        )
    with _dated(_ago(12)):
        _act(trentlow, ApplicationAction.SUBMIT, users["lead.trentlow"])

    with _dated(_ago(6)):
        _apply(
            key="charnwick-send",
            lead=users["lead.charnwick"],
            offer=send,
            focus=[lines[f"{EM}: Identification of need"]],
            context="",
        )
