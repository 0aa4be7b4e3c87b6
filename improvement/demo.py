"""The demo world's improvement plans.

Northdale has two plans: one after an HM Inspectorate of Probation inspection, shaped like a
real post-inspection plan (eight recommendations, six now green and two amber), and a smaller
one after its YJSIP peer review. Westmere has one plan after its peer review, with measures
(a baseline, a target and monthly actual values). The peer-review plans hold the report's
areas for consideration and strengths beside its recommendations, each item under its line
of enquiry. Severnside's plan after its inspection is tracked, as many are at first, on its
recommendations alone (RAG on each, no actions), with the inspection's overall and domain
ratings, dates known only to the month, and a next review already past. Ashburn, a service
of the accounts demo with its own lead, has no plan yet, so that starting one can be shown.
The services, people and narratives are invented. Progress updates are written through the
services, dated month by month over the past year, so that each item's history reads as the
product would have recorded it; plan dates are worked out from today, so the demo stays valid
whenever it is built. Actions complete or signed off have the status history that got them
there: marked complete by the service with what shows it, signed off by the plan's signer
(Northdale's improvement board chair; for Westmere, the YJSIP coordinator), and for some, once
sent back before being marked complete again."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, Programme, User
from accounts.services import members_join

from . import services
from .enums import (
    ActionEventKind,
    ActionStatus,
    Inspectorate,
    ItemKind,
    OverallRating,
    PlanSource,
    Rag,
)
from .models import (
    Action,
    ActionEvent,
    DesiredOutcome,
    ImprovementPlan,
    Measure,
    MeasureValue,
    PlanRating,
    Recommendation,
)

R, A, G = Rag.RED, Rag.AMBER, Rag.GREEN
NOT_STARTED = ActionStatus.NOT_STARTED
IN_PROGRESS = ActionStatus.IN_PROGRESS
AWAITING = ActionStatus.AWAITING_SIGN_OFF
SIGNED_OFF = ActionStatus.SIGNED_OFF

BOARD = "The management board"
CHAIR = "The chair of the management board"
HEAD = "The head of service"
YJS = "Youth justice service"


@dataclass(frozen=True)
class _Action:
    reference: str
    text: str
    lead_officer: str
    agency: str
    due_in_days: int  # negative: already due
    status: str
    # (months ago, RAG, narrative), oldest first
    updates: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True)
class _Measure:
    name: str
    unit: str
    baseline: str
    target: str
    values: tuple[tuple[int, str], ...]  # (months ago, value)


@dataclass(frozen=True)
class _Recommendation:
    reference: str
    addressee: str
    text: str
    outcomes: tuple[str, ...]
    # (RAG, number of monthly updates, narrative), oldest first; the counts add up to the
    # plan's months of updates.
    phases: tuple[tuple[str, int, str], ...]
    actions: tuple[_Action, ...]
    measures: tuple[_Measure, ...] = ()
    kind: str = ItemKind.RECOMMENDATION
    # The line of enquiry or inspection domain.
    domain: str = ""


@dataclass(frozen=True)
class _Plan:
    organisation: str
    title: str
    source: str
    owner: str
    board_author: str
    months: int
    published_days_ago: int
    submitted_days_ago: int
    next_review_in_days: int
    recommendations: tuple[_Recommendation, ...]
    programme: str | None = None
    inspectorate: str = ""
    inspected_days_ago: int | None = None
    inspection_days: int = 0
    overall_rating: str = ""
    # The inspection's dates are known only to the month (stored as the first of each month).
    inspected_month_only: bool = False
    # (domain, rating): the inspection's rating of each of its domains.
    ratings: tuple[tuple[str, str], ...] = ()
    due_days_ago: int | None = None
    endorsed_by: str = ""
    endorsed_days_ago: int | None = None
    # Who signs off the plan's actions: the service's improvement board, or the programme's
    # coordinator (never the service's lead).
    signer: str = "improvement@example.org"


# --- Northdale: after the inspection -----------------------------------------------------------

NORTHDALE_INSPECTION = (
    _Recommendation(
        "1",
        BOARD,
        "Make sure that board members understand what the children known to the service need, "
        "and speak up for them inside their own agencies.",
        (
            "A board data set is agreed and reported to every meeting.",
            "Board members lead the Youth Justice Plan and hold its priorities.",
            "The board sets local priorities for practice, including on disproportionality.",
            "Partners report how their work with the service reduces offending and reoffending.",
            "A quality assurance framework is in place and reported on.",
        ),
        (
            (
                R,
                2,
                "No agreed board data set yet. The interim head of service is drafting one "
                "with the police and health analysts.",
            ),
            (
                A,
                4,
                "A first data set went to the board in draft. Partners asked for ethnicity and "
                "care status to be added before it is agreed.",
            ),
            (
                G,
                5,
                "The data set, now with ethnicity and care status, is agreed and reported "
                "each quarter. Members used it to set three local priorities in the Youth Justice "
                "Plan.",
            ),
        ),
        (
            _Action(
                "1a",
                "Agree a board data set covering offending, ETE, health, care status and "
                "ethnicity, reported quarterly.",
                "Head of service",
                YJS,
                -240,
                SIGNED_OFF,
                (
                    (9, A, "Draft data set shared with partners for comment."),
                    (7, G, "Data set agreed at the board and first report presented."),
                ),
            ),
            _Action(
                "1b",
                "Write a quality assurance framework and report its findings to the board.",
                "Operations manager",
                YJS,
                -20,
                AWAITING,
                (
                    (5, A, "Framework drafted; audit tools tested on ten cases."),
                    (
                        1,
                        G,
                        "Framework finished and first quarterly findings written. Awaiting "
                        "the board's sign-off at its next meeting.",
                    ),
                ),
            ),
        ),
        domain="Organisational delivery",
    ),
    _Recommendation(
        "2",
        BOARD,
        "Build board members' knowledge of their role and of the service's work, so that they "
        "can challenge partner agencies effectively.",
        (
            "Every new member has an induction that includes meeting the management team.",
            "Board members take part in overseeing practice and new initiatives.",
            "Members sit on the working groups that touch their own agency.",
            "Members spend time in the service during a practice week.",
            "Training is offered to new and existing members.",
        ),
        (
            (
                A,
                4,
                "An induction pack is being written. Two members have not attended since "
                "the inspection.",
            ),
            (
                G,
                7,
                "All members have had an induction and training. Attendance is recorded and "
                "followed up by the chair.",
            ),
        ),
        (
            _Action(
                "2a",
                "Agree and deliver an induction for every board member.",
                "Chair of the management board",
                "Northdale Council",
                -200,
                SIGNED_OFF,
                (
                    (8, A, "Induction pack drafted with the head of service."),
                    (6, G, "All current members inducted; new members booked on arrival."),
                ),
            ),
            _Action(
                "2b",
                "Invite every board member to spend a day in the service during practice week.",
                "Head of service",
                YJS,
                60,
                IN_PROGRESS,
                (
                    (3, A, "Practice week held; five of eleven members took part."),
                    (0, G, "Two more members have visited. The rest are booked for the spring."),
                ),
            ),
        ),
        domain="Organisational delivery",
    ),
    _Recommendation(
        "3",
        BOARD,
        "Review the service's management capacity, so that there are enough managers to "
        "oversee the work well.",
        (
            "The management team puts restructure options to the board.",
            "The board has the information it needs to challenge and improve practice.",
            "Resources are used flexibly to deliver effective interventions.",
        ),
        (
            (
                R,
                3,
                "The service has one operational manager for all casework. No options paper yet.",
            ),
            (
                A,
                4,
                "A costed options appraisal went to the board, which chose a structure "
                "with a second team manager.",
            ),
            (
                G,
                4,
                "The permanent head of service is in post and the new team manager has "
                "started. Performance reports go to each board.",
            ),
        ),
        (
            _Action(
                "3a",
                "Present a costed options appraisal for the management structure.",
                "Head of service",
                YJS,
                -230,
                SIGNED_OFF,
                (
                    (9, R, "Appraisal delayed while the head of service post is filled."),
                    (7, G, "Appraisal presented; the board agreed the recommended option."),
                ),
            ),
            _Action(
                "3b",
                "Recruit a second team manager.",
                "Head of service",
                "Northdale Council human resources",
                -45,
                AWAITING,
                (
                    (5, A, "Post advertised twice without an appointment."),
                    (1, G, "Team manager appointed and started. Ready for sign-off."),
                ),
            ),
        ),
        domain="Organisational delivery",
    ),
    _Recommendation(
        "4",
        CHAIR,
        "Make sure that the partnership understands why children working with the service are "
        "much less often in education, training or employment than other children, and plan "
        "to close the gap.",
        (
            "The service works towards an education quality mark.",
            "Good practice from other services is looked at and adopted where it fits.",
            "Education, training and employment data is shared and monitored monthly.",
        ),
        (
            (R, 2, "ETE figures are not collected consistently; the gap cannot be explained yet."),
            (
                A,
                6,
                "The education board member and head of service found that part of the gap "
                "comes from counting rules and the number of over-16s on the caseload. A post-16 "
                "offer is being agreed with the college.",
            ),
            (
                G,
                3,
                "ETE engagement is monitored monthly, with a named lead for each child not "
                "in education. Engagement has risen steadily since the baseline.",
            ),
        ),
        (
            _Action(
                "4a",
                "Share and monitor a monthly ETE data set with the education board member.",
                "Education lead",
                "Northdale Council education services",
                -180,
                SIGNED_OFF,
                (
                    (8, A, "Data sharing agreement signed; first monthly figures produced."),
                    (5, G, "Monthly figures reviewed with the virtual school and college."),
                ),
            ),
            _Action(
                "4b",
                "Work towards an education quality mark for the service.",
                "Education lead",
                YJS,
                -30,
                IN_PROGRESS,
                (
                    (4, A, "Self-assessment for the quality mark started."),
                    (
                        0,
                        A,
                        "Portfolio two-thirds complete; the assessor's visit has moved to "
                        "next term, so the due date has passed.",
                    ),
                ),
            ),
        ),
        (
            _Measure(
                "Children on orders in suitable education, training or employment",
                "%",
                "54",
                "75",
                ((10, "56"), (7, "61"), (4, "66"), (1, "71")),
            ),
        ),
        domain="Organisational delivery",
    ),
    _Recommendation(
        "5",
        HEAD,
        "Update the policies, procedures and guidance for out-of-court disposals, so that "
        "decisions are made jointly and managers oversee them well.",
        (
            "Every policy and procedure is reviewed and updated.",
            "Policies are reviewed each year and reported to the board for sign-off.",
            "Board members own and help review the policies in their own areas.",
        ),
        (
            (
                A,
                5,
                "The out-of-court policy is being rewritten with the police. Decisions are "
                "still made without the victim's views in some cases.",
            ),
            (
                G,
                6,
                "The joint decision-making panel sees the victim's views, risk to others and "
                "the offence before it meets. Policies are on a review schedule reported to the "
                "board.",
            ),
        ),
        (
            _Action(
                "5a",
                "Rewrite the out-of-court disposal policy with the police.",
                "Operations manager",
                "Northdale Police",
                -150,
                SIGNED_OFF,
                (
                    (8, A, "First draft agreed with the police diversion lead."),
                    (5, G, "Policy ratified by the board."),
                ),
            ),
            _Action(
                "5b",
                "Run a weekly joint decision-making panel with the police, health and "
                "children's social care.",
                "Operations manager",
                YJS,
                -10,
                AWAITING,
                (
                    (6, A, "Panel meets weekly; health attendance is patchy."),
                    (
                        0,
                        G,
                        "Health now attends every panel. Terms of reference ready for sign-off.",
                    ),
                ),
            ),
        ),
        (
            _Measure(
                "First-time entrants to the youth justice system",
                "per 100,000 children aged 10 to 17",
                "212",
                "170",
                ((10, "208"), (7, "197"), (4, "186"), (1, "179")),
            ),
        ),
        domain="Out-of-court disposals",
    ),
    _Recommendation(
        "6",
        HEAD,
        "Make sure that every child given an out-of-court disposal is assessed, with equal "
        "attention to desistance, safety and wellbeing, and risk of harm to others.",
        (
            "Every child has an assessment before the panel, including the victim's views.",
            "Board members observe the panel every six months.",
            "Assessments are audited each quarter and the findings reported to the board.",
        ),
        (
            (R, 1, "A third of children given a community resolution had no assessment."),
            (
                A,
                5,
                "Pre-panel assessments are now required; the first audit found safety and "
                "wellbeing sections thin.",
            ),
            (
                G,
                5,
                "Every child is assessed before the panel. The latest audit rated nine in "
                "ten assessments good or better, and four board members have observed a panel.",
            ),
        ),
        (
            _Action(
                "6a",
                "Require a pre-panel assessment for every child considered for an "
                "out-of-court disposal.",
                "Operations manager",
                YJS,
                -270,
                SIGNED_OFF,
                (
                    (10, R, "Assessments not yet required before the panel."),
                    (8, G, "Requirement in place and checked by the panel chair."),
                ),
            ),
            _Action(
                "6b",
                "Audit out-of-court assessments each quarter and report to the board.",
                "Head of service",
                YJS,
                90,
                IN_PROGRESS,
                (
                    (6, A, "First audit done; practice guidance issued on safety and wellbeing."),
                    (0, G, "Third quarterly audit reported; quality improving each quarter."),
                ),
            ),
        ),
        domain="Out-of-court disposals",
    ),
    _Recommendation(
        "7",
        HEAD,
        "Make sure that staff have the buildings and facilities they need to see children and "
        "families.",
        (
            "The head of service and board members find places where staff can do "
            "trauma-informed and restorative work with children, and cost the options.",
        ),
        (
            (
                A,
                2,
                "The service shares open-plan space at the civic centre with no private "
                "rooms. A joint report to the board is planned.",
            ),
            (
                R,
                3,
                "The lease on the only interview room ended; children are being seen in "
                "cafes and libraries.",
            ),
            (
                A,
                6,
                "Several community buildings have been visited and two are being costed. "
                "Interview rooms are borrowed from the family hub in the meantime.",
            ),
        ),
        (
            _Action(
                "7a",
                "Visit and cost community buildings that could host the service's work with "
                "children.",
                "Head of service",
                "Northdale Council property services",
                -60,
                IN_PROGRESS,
                (
                    (8, A, "List of possible buildings drawn up with property services."),
                    (5, R, "Property services paused visits during their restructure."),
                    (4, A, "Four buildings visited; costings requested for two."),
                ),
            ),
            _Action(
                "7b",
                "Agree a room-booking arrangement with the family hubs until a base is found.",
                "Operations manager",
                "Northdale Council early help",
                -15,
                NOT_STARTED,
            ),
        ),
        domain="Organisational delivery",
    ),
    _Recommendation(
        "8",
        HEAD,
        "Build in ways of hearing from children, parents and carers, and victims, and use what "
        "they say to shape the service.",
        (
            "A working group led by the head of service is set up.",
            "A feedback report goes to the board every quarter.",
            "Children's views are heard at board meetings.",
        ),
        (
            (R, 3, "Feedback is collected only at the end of some orders and is not analysed."),
            (
                A,
                8,
                "The service has joined a national pathfinder on children's participation, "
                "and case studies go to each board. Analysis is limited until the analyst's "
                "hours are increased.",
            ),
        ),
        (
            _Action(
                "8a",
                "Set up a participation working group with children, parents and victim workers.",
                "Head of service",
                YJS,
                -120,
                AWAITING,
                (
                    (7, A, "Working group formed; two young people have joined."),
                    (1, G, "Group meets monthly and has agreed its terms of reference."),
                ),
            ),
            _Action(
                "8b",
                "Run a feedback survey at the start and end of every order and report it "
                "quarterly.",
                "Performance analyst",
                YJS,
                -40,
                IN_PROGRESS,
                (
                    (7, R, "No analyst time for the survey."),
                    (4, A, "Survey live on tablets; analyst hours still under review."),
                ),
            ),
            _Action(
                "8c",
                "Invite children to present their views at a board meeting twice a year.",
                "Chair of the management board",
                YJS,
                75,
                NOT_STARTED,
            ),
        ),
        domain="Organisational delivery",
    ),
)

# --- Northdale: after the YJSIP peer review ----------------------------------------------------

NORTHDALE_PEER_REVIEW = (
    _Recommendation(
        "1",
        BOARD,
        "Plan resettlement for children in custody from the first day of their sentence, so "
        "that accommodation, education and health are ready on release.",
        (
            "Every child in custody has a resettlement plan within ten days of sentence.",
            "Suitable accommodation is confirmed at least four weeks before release.",
        ),
        (
            (
                A,
                2,
                "Resettlement planning starts late; two children were released without "
                "confirmed accommodation.",
            ),
            (
                R,
                2,
                "A third child was released to emergency accommodation. Housing has not "
                "yet joined the resettlement panel.",
            ),
        ),
        (
            _Action(
                "1a",
                "Set up a monthly resettlement panel with housing, education and health.",
                "Team manager",
                "Northdale Council housing",
                -14,
                IN_PROGRESS,
                ((2, A, "Terms of reference drafted."), (0, R, "Housing yet to nominate.")),
            ),
        ),
        domain="Resettlement and transitions",
    ),
    _Recommendation(
        "2",
        BOARD,
        "Understand why Black and mixed-heritage children are over-represented at each stage "
        "of the youth justice system locally, and act on it.",
        (
            "Disproportionality is analysed at every stage, from arrest to custody.",
            "Each partner agency agrees an action of its own.",
        ),
        (
            (R, 1, "Ethnicity is recorded for only part of the caseload."),
            (
                A,
                3,
                "Recording is now complete and a first analysis went to the board; "
                "partners' actions are still being agreed.",
            ),
        ),
        (
            _Action(
                "2a",
                "Analyse disproportionality at each stage and report to the board.",
                "Performance analyst",
                YJS,
                -5,
                AWAITING,
                ((3, A, "Data cleansed."), (1, G, "Analysis reported to the board.")),
            ),
            _Action(
                "2b",
                "Agree one action per partner agency to reduce disproportionality.",
                "Chair of the management board",
                "Northdale Police",
                45,
                IN_PROGRESS,
                ((0, A, "Police and education have agreed actions; health to follow."),),
            ),
        ),
        domain="Partnership working",
    ),
    _Recommendation(
        "3",
        HEAD,
        "Screen every child for speech, language and communication needs, and adapt "
        "interventions to what the screening finds.",
        (
            "Every child is screened at the start of their order.",
            "Case workers adapt sessions to each child's communication profile.",
        ),
        (
            (R, 2, "No speech and language therapist in the service."),
            (
                A,
                2,
                "A therapist from the health trust now works with the service two days a "
                "week; screening has started.",
            ),
        ),
        (
            _Action(
                "3a",
                "Agree speech and language therapy time with the health trust.",
                "Health lead",
                "Northdale Health Trust",
                -30,
                SIGNED_OFF,
                ((2, G, "Two days a week agreed and started."),),
            ),
        ),
        domain="Quality of assessment and planning",
    ),
    _Recommendation(
        "4",
        HEAD,
        "Record management oversight on each case, so that decisions and their reasons can be "
        "followed.",
        ("Managers record oversight at each key decision.",),
        (
            (A, 1, "Oversight happens but is rarely recorded."),
            (
                G,
                3,
                "A recording template is in use; the latest audit found oversight recorded "
                "in nine cases in ten.",
            ),
        ),
        (
            _Action(
                "4a",
                "Introduce a management oversight template in the case management system.",
                "Operations manager",
                YJS,
                -60,
                SIGNED_OFF,
                ((3, G, "Template live and used."),),
            ),
        ),
        domain="Quality of assessment and planning",
    ),
    _Recommendation(
        "C1",
        HEAD,
        "Consider a training plan in trauma-informed practice for the whole team, including "
        "the volunteers on referral order panels.",
        ("Every member of staff and every panel volunteer has been trained.",),
        (
            (A, 2, "Training is booked for staff; volunteers are not yet included."),
            (G, 2, "Staff and volunteers have been trained; refresher sessions are booked."),
        ),
        (
            _Action(
                "C1a",
                "Commission trauma-informed practice training for staff and panel volunteers.",
                "Operations manager",
                YJS,
                -20,
                IN_PROGRESS,
                ((2, A, "Training commissioned."), (0, G, "Training delivered to everyone.")),
            ),
        ),
        kind=ItemKind.AREA_FOR_CONSIDERATION,
        domain="Workforce development",
    ),
    _Recommendation(
        "S1",
        "",
        "Police, health and children's social care share information quickly, and each "
        "child's case worker knows who to call in every agency.",
        (),
        (),
        (),
        kind=ItemKind.STRENGTH,
        domain="Partnership working",
    ),
    _Recommendation(
        "S2",
        "",
        "Children diverted from court are offered interventions that reflect what they told "
        "their case worker, and most finish them.",
        (),
        (),
        (),
        kind=ItemKind.STRENGTH,
        domain="Out-of-court disposals",
    ),
)

# --- Westmere: after the YJSIP peer review -----------------------------------------------------

WESTMERE_PEER_REVIEW = (
    _Recommendation(
        "1",
        BOARD,
        "Widen the post-16 education and training offer for children working with the "
        "service, including in the summer months.",
        (
            "Every child over 16 has an education or training place or a plan for one.",
            "A summer programme runs with the college and local employers.",
        ),
        (
            (R, 2, "Post-16 places are scarce and summer provision stops in July."),
            (
                A,
                3,
                "The college has agreed a rolling start for children referred by the "
                "service; a summer programme is being planned with two employers.",
            ),
        ),
        (
            _Action(
                "1a",
                "Agree a rolling-start course with the college.",
                "Education lead",
                "Westmere College",
                -20,
                AWAITING,
                ((3, A, "Course outline agreed."), (1, G, "First six children enrolled.")),
            ),
            _Action(
                "1b",
                "Plan a summer programme with local employers.",
                "Team manager",
                YJS,
                120,
                IN_PROGRESS,
                ((0, A, "Two employers signed up; funding bid submitted."),),
            ),
        ),
        (
            _Measure(
                "Children over 16 in education, training or employment",
                "%",
                "38",
                "65",
                ((4, "39"), (3, "41"), (2, "46"), (1, "50"), (0, "53")),
            ),
        ),
        domain="Partnership working",
    ),
    _Recommendation(
        "2",
        CHAIR,
        "Make sure that every partner agency sends a senior representative to the "
        "management board.",
        ("Attendance by each agency is at least three meetings in four.",),
        (
            (A, 2, "Health and probation missed most meetings last year."),
            (
                G,
                3,
                "Named senior representatives and deputies agreed; attendance has been "
                "full for three meetings.",
            ),
        ),
        (
            _Action(
                "2a",
                "Agree named representatives and deputies with each agency.",
                "Chair of the management board",
                "Westmere Council",
                -90,
                SIGNED_OFF,
                ((3, G, "All agencies have named a representative and a deputy."),),
            ),
        ),
        domain="Governance and leadership",
    ),
    _Recommendation(
        "3",
        HEAD,
        "Contact every victim and offer restorative justice, and record their views for the "
        "decision on each case.",
        (
            "Every victim is contacted within ten working days.",
            "Victims' views inform every out-of-court decision.",
        ),
        (
            (A, 2, "Victim contact depends on one part-time worker."),
            (
                R,
                3,
                "The victim worker has left and the post is vacant; contact is now falling behind.",
            ),
        ),
        (
            _Action(
                "3a",
                "Recruit a full-time victim and restorative justice worker.",
                "Head of service",
                YJS,
                -25,
                IN_PROGRESS,
                ((4, A, "Post regraded to full time."), (1, R, "No suitable applicants.")),
            ),
        ),
        (
            _Measure(
                "Victims contacted within ten working days",
                "%",
                "62",
                "95",
                ((4, "70"), (3, "68"), (2, "59"), (1, "52"), (0, "47")),
            ),
        ),
        domain="Out-of-court disposals",
    ),
    _Recommendation(
        "C1",
        HEAD,
        "Consider asking children and their parents to help write their plans, and record "
        "what they said in the plan.",
        ("Every plan records the child's and their parents' views in their own words.",),
        (
            (R, 1, "Few plans show the child's views."),
            (A, 4, "A new plan template asks for the child's views; audits show slow progress."),
        ),
        (),
        kind=ItemKind.AREA_FOR_CONSIDERATION,
        domain="Quality of assessment and planning",
    ),
    _Recommendation(
        "S1",
        "",
        "The management board knows the service well: members visit the team and use the "
        "performance report to challenge their own agencies.",
        (),
        (),
        (),
        kind=ItemKind.STRENGTH,
        domain="Governance and leadership",
    ),
    _Recommendation(
        "S2",
        "",
        "Staff are skilled and committed, and children said they trusted their case workers.",
        (),
        (),
        (),
        kind=ItemKind.STRENGTH,
        domain="Workforce development",
    ),
)

# --- Severnside: after the inspection, tracked on its recommendations --------------------------

# As many plans are straight after an inspection: the report's numbered recommendations, each
# addressed to someone, with the outcomes wanted and a RAG rating on each recommendation, and no
# actions under them yet.
SEVERNSIDE_INSPECTION = (
    _Recommendation(
        "1",
        CHAIR,
        "Make sure that every partner agency is represented on the management board by someone "
        "senior enough to commit their agency's staff and money to the service.",
        (
            "Each agency names a senior member and a deputy.",
            "Attendance by each agency is reported to every board meeting.",
            "Partners' contributions to the service are agreed in writing each year.",
        ),
        (
            (
                A,
                2,
                "Health and children's social care have sent different officers to each "
                "meeting. The chair has written to each director.",
            ),
            (
                G,
                4,
                "Every agency has named a senior member and a deputy. Attendance is reported "
                "at each meeting and has been full at the last three. Partners' contributions "
                "for next year are agreed.",
            ),
        ),
        (),
        domain="Organisational delivery",
    ),
    _Recommendation(
        "2",
        BOARD,
        "Agree a workforce plan that keeps caseloads manageable, fills vacancies and gives "
        "staff the training they need.",
        (
            "No case worker holds more than twelve cases.",
            "Vacancies are filled within three months.",
            "Every member of staff has a training plan agreed at supervision.",
        ),
        (
            (
                R,
                2,
                "Three of nine case worker posts are vacant. Caseloads average sixteen and "
                "agency staff cover the gap.",
            ),
            (
                A,
                4,
                "Two posts are filled and the third is out to advert. Caseloads now average "
                "thirteen. The training plan is agreed; trauma-informed practice training is "
                "booked for the whole team.",
            ),
        ),
        (),
        domain="Organisational delivery",
    ),
    _Recommendation(
        "3",
        HEAD,
        "Make sure that plans for children on court orders address the risk they may pose to "
        "others, and are reviewed whenever their circumstances change.",
        (
            "Every plan has a section on keeping other people safe.",
            "Plans are reviewed after any significant change, and at least every three months.",
        ),
        (
            (
                A,
                1,
                "The case management system has no prompt for a review after a change in "
                "circumstances.",
            ),
            (
                G,
                5,
                "The plan template now has a section on keeping other people safe, and reviews "
                "are prompted. The latest audit found plans reviewed on time in nine cases in "
                "ten.",
            ),
        ),
        (),
        domain="Court disposals",
    ),
    _Recommendation(
        "4",
        HEAD,
        "Make sure that every child considered for an out-of-court disposal has a timely "
        "assessment that gives equal weight to their safety and wellbeing and to the risk of "
        "harm to others.",
        (
            "Every child is assessed before the joint decision-making panel.",
            "Assessments are audited each quarter and the findings reported to the board.",
            "Managers countersign every assessment before the panel.",
        ),
        (
            (
                R,
                3,
                "A quarter of children reached the panel without an assessment. The audit tool "
                "is being agreed with the police.",
            ),
            (
                A,
                3,
                "Assessments are now required before the panel and countersigned by a manager. "
                "The latest audit rated two thirds of them good or better; the safety and "
                "wellbeing sections are still thin.",
            ),
        ),
        (),
        (
            _Measure(
                "Out-of-court assessments audited as good or better",
                "%",
                "40",
                "80",
                ((5, "42"), (4, "45"), (3, "51"), (2, "58"), (1, "63"), (0, "67")),
            ),
        ),
        domain="Out-of-court disposals",
    ),
    _Recommendation(
        "5",
        BOARD,
        "Agree with the police a written policy for out-of-court disposals that says who "
        "decides, on what information, and how decisions are checked.",
        (
            "A joint policy is signed by the police and the board.",
            "A sample of decisions is scrutinised by an independent panel each quarter.",
        ),
        (
            (
                A,
                4,
                "A draft policy is with the police. Its legal team has asked for changes to "
                "the section on community resolutions.",
            ),
            (
                R,
                2,
                "The police have paused the policy while the force reviews diversion across "
                "the county. Decisions are still made without an agreed policy.",
            ),
        ),
        (),
        domain="Out-of-court disposals",
    ),
    _Recommendation(
        "6",
        HEAD,
        "Start planning a child's resettlement at the start of their custodial sentence, so "
        "that their accommodation and education are confirmed before release.",
        (
            "A resettlement plan within ten working days of sentence.",
            "Accommodation confirmed at least four weeks before release.",
            "An education or training place arranged for the day after release.",
        ),
        (
            (
                R,
                2,
                "Both children released this year went to emergency accommodation.",
            ),
            (
                A,
                4,
                "Housing now sits on the resettlement panel and a plan is made within ten "
                "days of sentence. Accommodation is still confirmed late.",
            ),
        ),
        (),
        domain="Resettlement",
    ),
)

PLANS = (
    _Plan(
        organisation="Northdale Youth Justice Service",
        title="Improvement plan after the HM Inspectorate of Probation inspection",
        source=PlanSource.INSPECTION,
        owner="lead@example.org",
        board_author="improvement@example.org",
        months=11,
        inspectorate=Inspectorate.HMIP,
        inspected_days_ago=425,
        inspection_days=11,
        overall_rating=OverallRating.REQUIRES_IMPROVEMENT,
        ratings=(
            ("Organisational delivery", OverallRating.REQUIRES_IMPROVEMENT),
            ("Court disposals", OverallRating.GOOD),
            ("Out-of-court disposals", OverallRating.REQUIRES_IMPROVEMENT),
            ("Resettlement", OverallRating.GOOD),
        ),
        published_days_ago=365,
        due_days_ago=330,
        endorsed_by="Northdale Youth Justice Management Board",
        endorsed_days_ago=338,
        submitted_days_ago=335,
        next_review_in_days=21,
        recommendations=NORTHDALE_INSPECTION,
    ),
    _Plan(
        organisation="Northdale Youth Justice Service",
        title="Improvement plan after the YJSIP peer review",
        source=PlanSource.PEER_REVIEW,
        programme="YJSIP",
        owner="lead@example.org",
        board_author="improvement@example.org",
        months=4,
        published_days_ago=150,
        due_days_ago=120,
        endorsed_by="Northdale Youth Justice Management Board",
        endorsed_days_ago=128,
        submitted_days_ago=125,
        next_review_in_days=42,
        recommendations=NORTHDALE_PEER_REVIEW,
    ),
    _Plan(
        organisation="Westmere Youth Justice Service",
        title="Improvement plan after the YJSIP peer review",
        source=PlanSource.PEER_REVIEW,
        programme="YJSIP",
        owner="lead.westmere@example.org",
        board_author="lead.westmere@example.org",
        signer="coordinator@example.org",
        months=5,
        published_days_ago=190,
        due_days_ago=150,
        endorsed_by="Westmere Youth Justice Management Board",
        endorsed_days_ago=165,
        submitted_days_ago=160,
        next_review_in_days=28,
        recommendations=WESTMERE_PEER_REVIEW,
    ),
    _Plan(
        organisation="Severnside Youth Justice Service",
        title="Post-inspection improvement plan",
        source=PlanSource.INSPECTION,
        owner="lead.severnside@example.org",
        board_author="lead.severnside@example.org",
        # Its recommendations have no actions, so no one has anything to sign off yet.
        signer="",
        months=6,
        inspectorate=Inspectorate.HMIP,
        inspected_days_ago=270,
        inspection_days=7,
        inspected_month_only=True,
        overall_rating=OverallRating.REQUIRES_IMPROVEMENT,
        ratings=(
            ("Organisational delivery", OverallRating.REQUIRES_IMPROVEMENT),
            ("Court disposals", OverallRating.GOOD),
            ("Out-of-court disposals", OverallRating.INADEQUATE),
            ("Resettlement", OverallRating.REQUIRES_IMPROVEMENT),
        ),
        published_days_ago=215,
        due_days_ago=180,
        endorsed_by="Severnside Youth Justice Partnership Board",
        endorsed_days_ago=190,
        submitted_days_ago=185,
        # Past: the plan shows "Review overdue".
        next_review_in_days=-14,
        recommendations=SEVERNSIDE_INSPECTION,
    ),
)


@transaction.atomic
def seed(*, password: str) -> list:
    """Create (once per plan) the demo improvement plans with their recommendations, actions,
    measures and dated progress updates. Returns no demo sign-ins of its own."""
    today = timezone.localdate()
    for plan in PLANS:
        organisation = Organisation.objects.get(name=plan.organisation)
        if ImprovementPlan.objects.filter(organisation=organisation, title=plan.title).exists():
            continue
        _seed_plan(plan, organisation, today)
    members_join(
        ImprovementPlan.objects.filter(programme__isnull=False)
        .order_by()
        .values_list("programme_id", "organisation_id")
    )
    return []


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _months_ago(today: datetime.date, months: int, offset: int) -> datetime.date:
    return today - datetime.timedelta(days=30 * months + offset)


def _seed_plan(plan: _Plan, organisation: Organisation, today: datetime.date) -> None:
    days = datetime.timedelta
    owner = User.objects.get(email=plan.owner)
    board_author = User.objects.get(email=plan.board_author)
    signer = User.objects.get(email=plan.signer) if plan.signer else None
    inspected_from = inspected_to = None
    if plan.inspected_days_ago is not None:
        inspected_from = today - days(plan.inspected_days_ago)
        inspected_to = inspected_from + days(plan.inspection_days)
        if plan.inspected_month_only:
            inspected_from = inspected_from.replace(day=1)
            inspected_to = inspected_to.replace(day=1)
    submitted_on = today - days(plan.submitted_days_ago)
    record = ImprovementPlan.objects.create(
        organisation=organisation,
        title=plan.title,
        source=plan.source,
        programme=Programme.objects.get(short_name=plan.programme) if plan.programme else None,
        inspectorate=plan.inspectorate,
        inspected_from=inspected_from,
        inspected_to=inspected_to,
        inspected_month_only=plan.inspected_month_only,
        overall_rating=plan.overall_rating,
        published_on=today - days(plan.published_days_ago),
        due_on=today - days(plan.due_days_ago) if plan.due_days_ago is not None else None,
        submitted_on=submitted_on,
        endorsed_by=plan.endorsed_by,
        endorsed_on=(
            today - days(plan.endorsed_days_ago) if plan.endorsed_days_ago is not None else None
        ),
        next_review_on=today + days(plan.next_review_in_days),
        owner=owner,
        stale_after_days=90,
    )
    PlanRating.objects.bulk_create(
        PlanRating(plan=record, domain=domain, rating=rating, position=position)
        for position, (domain, rating) in enumerate(plan.ratings)
    )
    created = _at(submitted_on)
    for position, rec in enumerate(plan.recommendations):
        if rec.kind == ItemKind.STRENGTH:
            # A strength is kept and shown, with no RAG and no actions.
            if rec.phases or rec.actions:
                raise ValueError(f"{plan.title} {rec.reference}: a strength has no RAG or actions")
        elif sum(count for _rag, count, _text in rec.phases) != plan.months:
            raise ValueError(f"{plan.title} {rec.reference}: phases do not cover the months")
        recommendation = Recommendation.objects.create(
            plan=record,
            kind=rec.kind,
            reference=rec.reference,
            text=rec.text,
            addressee=rec.addressee,
            domain=rec.domain,
            position=position,
        )
        DesiredOutcome.objects.bulk_create(
            DesiredOutcome(recommendation=recommendation, text=text, position=index)
            for index, text in enumerate(rec.outcomes)
        )
        for measure in rec.measures:
            _seed_measure(recommendation, measure, today)
        for index, act in enumerate(rec.actions):
            action = Action.objects.create(
                recommendation=recommendation,
                reference=act.reference,
                text=act.text,
                lead_officer=act.lead_officer,
                agency=act.agency,
                due_on=today + days(act.due_in_days),
                status=act.status,
                position=index,
            )
            last = created
            for months, rag, narrative in act.updates:
                on = _months_ago(today, months, 9)
                author = owner if months % 3 else board_author
                last = _update(action, rag, narrative, on, author)
            _seed_status_history(action, act, owner, signer, today)
            Action.objects.filter(pk=action.pk).update(created_at=created, updated_at=last)
        last = created
        month = 0
        for rag, count, narrative in rec.phases:
            for repeat in range(count):
                months_ago = plan.months - 1 - month
                on = _months_ago(today, months_ago, 6)
                text = narrative if repeat == 0 else _unchanged(on, narrative)
                author = board_author if month % 3 == 2 else owner
                last = _update(recommendation, rag, text, on, author)
                month += 1
        Recommendation.objects.filter(pk=recommendation.pk).update(
            created_at=created, updated_at=last
        )
    ImprovementPlan.objects.filter(pk=record.pk).update(created_at=created, updated_at=created)


SENT_BACK_REASON = (
    "Not yet: the board wants to see this working for a full quarter before it is signed off."
)
SIGNED_OFF_NOTE = "Agreed at the management board."


def _seed_status_history(
    action: Action, act: _Action, owner: User, signer: User | None, today: datetime.date
) -> None:
    """How an action complete or signed off got there: the service marked it complete after
    its latest update, saying so; one with earlier updates was first marked complete after
    the one before and sent back; one signed off was signed off two weeks later."""
    if act.status not in (AWAITING, SIGNED_OFF) or not act.updates:
        return
    if signer is None:
        raise ValueError(f"{act.reference}: a plan with finished actions names its signer")
    events = []  # (when, kind, from, to, note, by)
    if act.status == AWAITING and len(act.updates) >= 2:
        months, _rag, narrative = act.updates[-2]
        on = _months_ago(today, months, 9)
        events += [
            (_at(on, 11), ActionEventKind.COMPLETION_PROPOSED, IN_PROGRESS, AWAITING, narrative,
             owner),
            (_at(on + datetime.timedelta(days=3)), ActionEventKind.SENT_BACK, AWAITING,
             IN_PROGRESS, SENT_BACK_REASON, signer),
        ]  # fmt: skip
    months, _rag, narrative = act.updates[-1]
    on = _months_ago(today, months, 9)
    events.append(
        (_at(on, 11), ActionEventKind.COMPLETION_PROPOSED, IN_PROGRESS, AWAITING, narrative, owner)
    )
    if act.status == SIGNED_OFF:
        signed_on = min(on + datetime.timedelta(days=14), today)
        events.append(
            (_at(signed_on, 12), ActionEventKind.SIGNED_OFF, AWAITING, SIGNED_OFF,
             SIGNED_OFF_NOTE, signer)
        )  # fmt: skip
    for when, kind, before, after, note, by in events:
        event = ActionEvent.objects.create(
            action=action, kind=kind, from_status=before, to_status=after, note=note, by=by
        )
        ActionEvent.objects.filter(pk=event.pk).update(created_at=when)


def _unchanged(on: datetime.date, narrative: str) -> str:
    return (
        f"Reviewed at the {on:%B %Y} management board; rating unchanged. As last reported: "
        f"{narrative}"
    )


def _update(item, rag: str, narrative: str, on: datetime.date, author: User):
    update = services.progress_update_add(
        item=item,
        seen_version=item.version,
        rag=rag,
        narrative=narrative,
        by=author,
        recorded_on=on,
    )
    when = _at(on)
    type(update).objects.filter(pk=update.pk).update(created_at=when)
    return when


def _seed_measure(recommendation: Recommendation, measure: _Measure, today) -> None:
    record = Measure.objects.create(
        recommendation=recommendation,
        name=measure.name,
        unit=measure.unit,
        baseline=Decimal(measure.baseline),
        target=Decimal(measure.target),
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(
            measure=record, recorded_on=_months_ago(today, months, 12), value=Decimal(value)
        )
        for months, value in measure.values
    )
