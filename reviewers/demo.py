"""The demo world's reviewer pools: who may join each pool, the training courses and their
sessions, and some seventy invented people at every step from asking to join to mentoring.

People ask to join, are accepted or declined, and are booked on and marked at training through
the services, so each record reads as the product would have kept it; those dates are set back
over the past years. Reviews done before the system held them are recorded as past reviews, as
a coordinator migrating an existing pool would. Sessions that have already run are created
directly (the service only schedules future ones); recent and coming sessions are dated from
today, so the demo stays valid whenever it is built."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Membership, Organisation, Programme, User
from core.models import TimeStampedModel
from offers.enums import TeamRole
from offers.models import LineOfEnquiry

from . import selectors, services
from .enums import BookingStatus, CourseKind, JobRole, PoolStatus
from .models import (
    Booking,
    CompletedReview,
    Course,
    EligibilityRule,
    PoolMembership,
    Reviewer,
    ReviewerChange,
    TrainingRequest,
    TrainingSession,
)

YJSIP, YH, EM = "YJSIP", "YH peer challenge", "EM SEND"

NORTHDALE = "Northdale Youth Justice Service"
WESTMERE = "Westmere Youth Justice Service"
CALDERBROOK_YOT = "Calderbrook Youth Offending Team"
FENMOUTH = "Fenmouth Youth Justice Service"
HARROWGATE = "Harrowgate Vale Youth Justice Service"
SEVERNSIDE = "Severnside Youth Justice Service"
CWM_TARAN = "Cwm Taran Youth Justice Service"
CALDERBROOK = "Calderbrook Council children's services"
RYEHOLME = "Ryeholme Council children's services"
OUSEFIELD = "Ousefield Council children's services"
TRENTLOW = "Trentlow Council children's services"
CHARNWICK = "Charnwick Council children's services"
RYEHOLME_SCP = "Ryeholme Safeguarding Children Partnership"

ATTENDED, DID_NOT_ATTEND = BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND
BOOKED, WAITING, CANCELLED = BookingStatus.BOOKED, BookingStatus.WAITING, BookingStatus.CANCELLED

# --- Who may join each pool ------------------------------------------------------------------

ELIGIBILITY = {
    YJSIP: [
        (JobRole.HEAD_OF_SERVICE, "A current post as YOT manager or head of service."),
        (
            JobRole.OPERATIONAL_MANAGER,
            "A current post, line managed directly by the head of service.",
        ),
    ],
    YH: [
        (JobRole.DIRECTOR, "Leads a peer challenge team."),
        (JobRole.SAFEGUARDING_CHAIR, "Leads a peer challenge team."),
        (JobRole.SENIOR_MANAGER, "A current post in children's services in the region."),
    ],
    EM: [
        (JobRole.SEND_LEAD, ""),
        (JobRole.EDUCATIONAL_PSYCHOLOGIST, ""),
        (JobRole.SENIOR_MANAGER, "For example, a head of inclusion."),
        (JobRole.PARENT_CARER, "A parent or carer of a child or young person with SEND."),
        (JobRole.YOUNG_AMBASSADOR, "A young person with SEND, aged 16 to 25."),
        (
            JobRole.OTHER_PROFESSIONAL,
            "For example, a designated clinical officer or a specialist teacher.",
        ),
    ],
}

# Who answers requests to join each pool and records the reviews done before the system.
# EM SEND has no coordinator among the demo people: its board member stands in.
DECIDERS = {YJSIP: "coordinator@example.org", YH: "multi@example.org", EM: "multi@example.org"}

# --- Courses and sessions --------------------------------------------------------------------

COURSES = {
    "yjsip-core": {
        "programme": YJSIP,
        "name": "Peer reviewer training (2-day residential)",
        "kind": CourseKind.CORE,
        "days": 2,
        "description": (
            "Two days, with an overnight stay, on the purpose of a youth justice peer review, "
            "acting as a critical friend, the key lines of enquiry, case-file audit, focus "
            "groups and feedback to the service. Every peer reviewer attends it."
        ),
    },
    "yjsip-mentoring": {
        "programme": YJSIP,
        "name": "Mentoring and coaching",
        "kind": CourseKind.SPECIALIST,
        "days": 1,
        "description": (
            "For fully qualified peer reviewers who will mentor or coach another service "
            "after its review or as bespoke peer support."
        ),
    },
    "yh-core": {
        "programme": YH,
        "name": "Peer challenge training",
        "kind": CourseKind.CORE,
        "days": 1,
        "description": (
            "A day run with the Local Government Association on the region's peer challenge: "
            "the self-assessment, the three days on site, and giving feedback that is both "
            "supportive and challenging."
        ),
    },
    "em-core": {
        "programme": EM,
        "name": "SEND reviewer training",
        "kind": CourseKind.CORE,
        "days": 1,
        "description": (
            "For professionals, parents, carers and young ambassadors joining the regional "
            "SEND peer challenge pool: the SEND framework, the peer challenge model, on site "
            "and virtual, and working as a mixed team."
        ),
    },
}


@dataclass(frozen=True)
class _Session:
    course: str
    # The first day: a date, or a number of weeks from today (negative for a session that has
    # run), moved on to the Tuesday of that week.
    starts: datetime.date | int
    # "Online" for a virtual session. A course's sessions are told apart by their venues.
    venue: str
    capacity: int
    # For a coming session: how many days ago its places were first offered.
    offered: int = 0


SESSIONS = {
    "yj-2018": _Session(
        "yjsip-core", datetime.date(2018, 11, 13), "Brackenfield Manor, Matlock", 16
    ),
    "yj-2021": _Session(
        "yjsip-core", datetime.date(2021, 9, 21), "Kingsmead Conference Centre, Warwick", 16
    ),
    "yj-2024": _Session("yjsip-core", datetime.date(2024, 3, 12), "Oakmere Hall, Stafford", 16),
    "yj-recent": _Session("yjsip-core", -10, "Highcliffe House, Harrogate", 14),
    # Full, with a waiting list.
    "yj-full": _Session("yjsip-core", 4, "Lowfield Park, Nottingham", 8, offered=42),
    "yj-next": _Session("yjsip-core", 16, "Castlegate Centre, York", 16, offered=20),
    "mc-2022": _Session("yjsip-mentoring", datetime.date(2022, 6, 8), "Online", 12),
    "mc-2025": _Session(
        "yjsip-mentoring", datetime.date(2025, 5, 14), "Kingsmead Conference Centre, Warwick", 12
    ),
    "mc-next": _Session("yjsip-mentoring", 7, "Brackenfield Manor, Matlock", 12, offered=15),
    "yh-2022": _Session("yh-core", datetime.date(2022, 5, 18), "Ryeholme Town Hall", 20),
    "yh-2025": _Session("yh-core", datetime.date(2025, 2, 26), "Online", 20),
    "yh-next": _Session("yh-core", 6, "Ousefield Civic Centre", 20, offered=12),
    # EM SEND has run no session since 2023: people wait until demand is enough for one.
    "em-2019": _Session("em-core", datetime.date(2019, 11, 6), "County Hall, Trentlow", 24),
    "em-2021": _Session("em-core", datetime.date(2021, 10, 13), "Online", 24),
    "em-2023": _Session("em-core", datetime.date(2023, 3, 22), "Charnwick Enterprise Centre", 20),
}

# --- People ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pool:
    programme: str
    status: PoolStatus = PoolStatus.ACCEPTED
    # Sessions (by key) the person was booked on, and how each booking ended.
    bookings: tuple[tuple[str, BookingStatus], ...] = ()
    # The years of reviews they took part in before the system held them.
    reviews: tuple[int, ...] = ()
    # The programme's lines of enquiry they know well.
    expertise: tuple[str, ...] = ()
    # Still waiting for the pool's core course at the end (a request left open).
    waiting_for_training: bool = False
    # Why they were not accepted, or why they left.
    reason: str = ""
    # How many days ago they asked to join; by default a while before their first booking.
    joined: int | None = None


@dataclass(frozen=True)
class _Person:
    full_name: str
    organisation: str
    job_role: JobRole
    job_title: str
    pools: tuple[_Pool, ...]
    # Their job role when they joined, for people whose post has changed since.
    joined_as: JobRole | None = None
    # Only for a person the accounts seeder owns; others are firstname.lastname@example.org.
    email: str = ""

    @property
    def address(self) -> str:
        if self.email:
            return self.email
        return ".".join(self.full_name.lower().replace("'", "").split()) + "@example.org"


HOS, OPS = JobRole.HEAD_OF_SERVICE, JobRole.OPERATIONAL_MANAGER

PEOPLE = [
    # --- YJSIP: mentors ---
    _Person(
        "Bernadette Quinn",
        NORTHDALE,
        HOS,
        "YOT manager, north area",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2018", ATTENDED), ("mc-2022", ATTENDED)),
                reviews=(2019, 2021, 2023, 2025),
                expertise=("Governance and leadership", "Workforce development"),
            ),
        ),
    ),
    _Person(
        "Tunde Bakare",
        HARROWGATE,
        HOS,
        "YOT manager, north area",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2018", ATTENDED), ("mc-2022", ATTENDED)),
                reviews=(2019, 2022, 2024),
                expertise=(
                    "Anti-racist practice, diversity and disproportionality",
                    "Partnership working",
                ),
            ),
        ),
    ),
    _Person(
        "Gareth Pritchard",
        CWM_TARAN,
        OPS,
        "Deputy head of service",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2018", ATTENDED), ("mc-2025", ATTENDED)),
                reviews=(2020, 2023),
                expertise=("Resettlement and transitions",),
            ),
        ),
    ),
    _Person(
        "Nasreen Akhtar",
        CALDERBROOK_YOT,
        HOS,
        "YOT manager",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2021", ATTENDED), ("mc-2025", ATTENDED)),
                reviews=(2022, 2024, 2025),
                expertise=("Out-of-court disposals", "Voice of the child"),
            ),
        ),
    ),
    # --- YJSIP: fully qualified ---
    _Person(
        "Callum Fraser",
        FENMOUTH,
        OPS,
        "Operational manager",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2021", ATTENDED), ("mc-next", BOOKED)),
                reviews=(2022, 2024),
                expertise=("Quality of assessment and planning",),
            ),
        ),
    ),
    _Person(
        "Zainab Mahmood",
        HARROWGATE,
        OPS,
        "Team manager, court and custody",
        (_Pool(YJSIP, bookings=(("yj-2021", ATTENDED), ("mc-next", BOOKED)), reviews=(2023,)),),
    ),
    _Person(
        "Owen Jenkins",
        SEVERNSIDE,
        OPS,
        "Operational lead, out-of-court disposals",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2021", ATTENDED), ("mc-2025", DID_NOT_ATTEND)),
                reviews=(2022, 2025),
                expertise=("Out-of-court disposals",),
            ),
        ),
    ),
    _Person(
        "Rachel Kowalski",
        WESTMERE,
        OPS,
        "Deputy head of service",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2021", ATTENDED), ("mc-next", BOOKED)),
                reviews=(2023,),
                expertise=("Workforce development", "Governance and leadership"),
            ),
        ),
    ),
    _Person(
        "Kwame Mensah",
        NORTHDALE,
        OPS,
        "Practice manager, prevention and diversion",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2024", ATTENDED),),
                reviews=(2024, 2025),
                expertise=("Out-of-court disposals", "Voice of the child"),
            ),
        ),
    ),
    _Person(
        "Eilidh MacLeod",
        FENMOUTH,
        OPS,
        "Team manager, resettlement",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2024", ATTENDED),),
                reviews=(2025,),
                expertise=("Resettlement and transitions",),
            ),
        ),
    ),
    _Person(
        "Hannah Lewis",
        CWM_TARAN,
        OPS,
        "Operational manager",
        (_Pool(YJSIP, bookings=(("yj-2024", ATTENDED),), reviews=(2025,)),),
    ),
    _Person(
        "Deepak Sharma",
        CALDERBROOK_YOT,
        OPS,
        "Operational manager, court and custody",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2024", ATTENDED),),
                reviews=(2024, 2025),
                expertise=("Quality of assessment and planning",),
            ),
        ),
    ),
    # --- YJSIP: trained, no review yet ---
    _Person(
        "Daniel Evans",
        CWM_TARAN,
        HOS,
        "Youth Justice Service manager",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-recent", ATTENDED),),
                expertise=("Partnership working", "Voice of the child"),
            ),
        ),
        email="reviewer@example.org",
    ),
    _Person(
        "Chloe Baptiste",
        HARROWGATE,
        OPS,
        "Team manager, early intervention",
        (_Pool(YJSIP, bookings=(("yj-recent", ATTENDED),)),),
    ),
    _Person(
        "Liam O'Connor",
        WESTMERE,
        OPS,
        "Team manager, court and custody",
        (_Pool(YJSIP, bookings=(("yj-recent", ATTENDED),)),),
    ),
    _Person(
        "Aisha Begum",
        NORTHDALE,
        OPS,
        "Operational manager",
        (
            _Pool(
                YJSIP,
                bookings=(("yj-2024", ATTENDED),),
                expertise=("Anti-racist practice, diversity and disproportionality",),
            ),
        ),
    ),
    _Person(
        "Jack Whitaker",
        CALDERBROOK_YOT,
        OPS,
        "Practice manager",
        (_Pool(YJSIP, bookings=(("yj-recent", ATTENDED),)),),
    ),
    _Person(
        "Megan Price",
        SEVERNSIDE,
        OPS,
        "Team manager, case management",
        (_Pool(YJSIP, bookings=(("yj-recent", ATTENDED),)),),
    ),
    # --- YJSIP: eligible, booked on the full session (two of them missed the last one) ---
    _Person(
        "Femi Adebayo",
        FENMOUTH,
        OPS,
        "Team manager, east team",
        (_Pool(YJSIP, bookings=(("yj-recent", DID_NOT_ATTEND), ("yj-full", BOOKED))),),
    ),
    _Person(
        "Sophie Turner",
        NORTHDALE,
        OPS,
        "Operational manager, partnerships",
        (_Pool(YJSIP, bookings=(("yj-full", BOOKED),), expertise=("Partnership working",)),),
    ),
    _Person(
        "Ravi Chauhan",
        HARROWGATE,
        OPS,
        "Team manager, south team",
        (_Pool(YJSIP, bookings=(("yj-full", BOOKED),)),),
    ),
    _Person(
        "Niamh Doherty",
        WESTMERE,
        OPS,
        "Operational manager",
        (_Pool(YJSIP, bookings=(("yj-full", BOOKED),)),),
    ),
    _Person(
        "Emma Richardson",
        SEVERNSIDE,
        OPS,
        "Practice manager, victims and restorative justice",
        (_Pool(YJSIP, bookings=(("yj-recent", DID_NOT_ATTEND), ("yj-full", BOOKED))),),
    ),
    _Person(
        "Ioan Griffiths",
        CWM_TARAN,
        OPS,
        "Team manager",
        (_Pool(YJSIP, bookings=(("yj-full", BOOKED),)),),
    ),
    _Person(
        "Gemma Holt",
        CALDERBROOK_YOT,
        OPS,
        "Team manager, prevention",
        (_Pool(YJSIP, bookings=(("yj-full", BOOKED),)),),
    ),
    _Person(
        "Marek Nowak",
        FENMOUTH,
        OPS,
        "Operational manager, west office",
        (_Pool(YJSIP, bookings=(("yj-full", BOOKED),)),),
    ),
    # --- YJSIP: eligible, on the full session's waiting list ---
    _Person(
        "Bethan Rees",
        CWM_TARAN,
        OPS,
        "Team manager",
        (_Pool(YJSIP, bookings=(("yj-full", WAITING),)),),
    ),
    _Person(
        "Yusuf Osman",
        HARROWGATE,
        HOS,
        "YOT manager, south area",
        (_Pool(YJSIP, bookings=(("yj-full", WAITING),)),),
    ),
    _Person(
        "Laura McKenzie",
        NORTHDALE,
        OPS,
        "Team manager, court",
        (_Pool(YJSIP, bookings=(("yj-full", WAITING),)),),
    ),
    # --- YJSIP: eligible, booked on the next session, one cancelled ---
    _Person(
        "Simon Ashworth",
        CALDERBROOK_YOT,
        OPS,
        "Operational manager",
        (_Pool(YJSIP, bookings=(("yj-next", BOOKED),)),),
    ),
    _Person(
        "Priyanka Nair",
        WESTMERE,
        OPS,
        "Practice manager, health and wellbeing",
        (_Pool(YJSIP, bookings=(("yj-next", BOOKED),)),),
    ),
    _Person(
        "Connor Byrne",
        SEVERNSIDE,
        OPS,
        "Team manager, court and custody",
        (_Pool(YJSIP, bookings=(("yj-next", BOOKED),)),),
    ),
    _Person(
        "Kirsty Hamilton",
        FENMOUTH,
        OPS,
        "Team manager, prevention",
        (_Pool(YJSIP, bookings=(("yj-next", CANCELLED),)),),
    ),
    # --- YJSIP: eligible, waiting for training (joined after the places were offered) ---
    _Person(
        "Mohammed Iqbal",
        CALDERBROOK_YOT,
        HOS,
        "YOT manager, east team",
        (_Pool(YJSIP, waiting_for_training=True, joined=10),),
    ),
    _Person(
        "Catrin Powell",
        CWM_TARAN,
        OPS,
        "Operational manager",
        (_Pool(YJSIP, waiting_for_training=True, joined=7),),
    ),
    # --- YJSIP: applicants ---
    _Person(
        "Olivia Bennett",
        HARROWGATE,
        OPS,
        "Operational manager, out-of-court disposals",
        (
            _Pool(
                YJSIP,
                PoolStatus.REQUESTED,
                waiting_for_training=True,
                joined=6,
                expertise=("Out-of-court disposals",),
            ),
        ),
    ),
    _Person(
        "Ashok Kumar",
        NORTHDALE,
        OPS,
        "Deputy head of service",
        (_Pool(YJSIP, PoolStatus.REQUESTED, joined=3),),
    ),
    _Person(
        "Jessica Moore",
        WESTMERE,
        JobRole.OTHER_PROFESSIONAL,
        "Senior practitioner",
        (_Pool(YJSIP, PoolStatus.REQUESTED, waiting_for_training=True, joined=12),),
    ),
    # Accepted, trained and reviewed as an operational manager; the post went in a restructure.
    _Person(
        "Paul Henderson",
        SEVERNSIDE,
        JobRole.OTHER_PROFESSIONAL,
        "Practice development lead",
        (_Pool(YJSIP, bookings=(("yj-2021", ATTENDED),), reviews=(2022,)),),
        joined_as=OPS,
    ),
    # --- YJSIP: not accepted, and one who left ---
    _Person(
        "Ben Carter",
        HARROWGATE,
        JobRole.OTHER_PROFESSIONAL,
        "Youth justice practitioner",
        (
            _Pool(
                YJSIP,
                PoolStatus.DECLINED,
                joined=40,
                reason=(
                    "Peer reviewers are serving heads of service and operational managers line "
                    "managed by the head of service. Ben is welcome to ask again on taking up "
                    "such a post."
                ),
            ),
        ),
    ),
    _Person(
        "Karen Willis",
        NORTHDALE,
        JobRole.OTHER_PROFESSIONAL,
        "Senior practitioner, court",
        (
            _Pool(
                YJSIP,
                PoolStatus.DECLINED,
                joined=75,
                reason=(
                    "Karen starts as an operational manager in the spring. Please ask again once "
                    "in post, and we will offer a place on the next residential."
                ),
            ),
        ),
    ),
    _Person(
        "Graham Stokes",
        CALDERBROOK_YOT,
        HOS,
        "YOT manager",
        (
            _Pool(
                YJSIP,
                PoolStatus.LEFT,
                bookings=(("yj-2018", ATTENDED),),
                reviews=(2019, 2021),
                reason="Retired from the service in March 2025.",
            ),
        ),
    ),
    # --- Yorkshire and the Humber: fully qualified ---
    _Person(
        "Margaret Oyelaran",
        OUSEFIELD,
        JobRole.DIRECTOR,
        "Director of children's services",
        (
            _Pool(
                YH,
                bookings=(("yh-2022", ATTENDED),),
                reviews=(2022, 2024),
                expertise=("Children in care and permanence", "Management oversight"),
            ),
            _Pool(
                EM,
                PoolStatus.DECLINED,
                joined=150,
                reason=(
                    "Our SEND teams are drawn from SEND professionals, parents, carers and young "
                    "ambassadors in the East Midlands. Thank you: we have passed your interest "
                    "to the Yorkshire and the Humber SEND network."
                ),
            ),
        ),
    ),
    _Person(
        "Andrew Sutcliffe",
        RYEHOLME_SCP,
        JobRole.SAFEGUARDING_CHAIR,
        "Independent chair",
        (
            _Pool(
                YH,
                bookings=(("yh-2022", ATTENDED),),
                reviews=(2023,),
                expertise=("Child protection", "Quality assurance and learning"),
            ),
        ),
    ),
    # Helps the East Midlands too: the regions lend each other reviewers.
    _Person(
        "Farah Siddiqui",
        CALDERBROOK,
        JobRole.SENIOR_MANAGER,
        "Head of service, children in care",
        (
            _Pool(
                YH,
                bookings=(("yh-2022", ATTENDED),),
                reviews=(2023, 2025),
                expertise=("Children in care and permanence", "Care leavers"),
            ),
            _Pool(
                EM,
                bookings=(("em-2023", ATTENDED),),
                expertise=("Preparation for adulthood",),
            ),
        ),
    ),
    _Person(
        "Joanne Barraclough",
        RYEHOLME,
        JobRole.SENIOR_MANAGER,
        "Head of quality assurance",
        (
            _Pool(
                YH,
                bookings=(("yh-2025", ATTENDED),),
                reviews=(2025,),
                expertise=("Quality assurance and learning",),
            ),
        ),
    ),
    # --- Yorkshire and the Humber: trained ---
    _Person(
        "David Ackroyd",
        OUSEFIELD,
        JobRole.SENIOR_MANAGER,
        "Service manager, front door",
        (
            _Pool(
                YH,
                bookings=(("yh-2025", ATTENDED),),
                expertise=("Front door: contact and referral",),
            ),
        ),
    ),
    _Person(
        "Shabana Rashid",
        CALDERBROOK,
        JobRole.SENIOR_MANAGER,
        "Head of early help",
        (_Pool(YH, bookings=(("yh-2025", ATTENDED),), expertise=("Early help",)),),
    ),
    _Person(
        "Christopher Lund",
        RYEHOLME,
        JobRole.SENIOR_MANAGER,
        "Head of safeguarding and review",
        (_Pool(YH, bookings=(("yh-2025", ATTENDED),)),),
    ),
    # --- Yorkshire and the Humber: eligible ---
    _Person(
        "Victoria Hirst",
        CALDERBROOK,
        JobRole.DIRECTOR,
        "Director of children's services",
        (_Pool(YH, bookings=(("yh-next", BOOKED),)),),
    ),
    _Person(
        "Adebola Okonkwo",
        RYEHOLME,
        JobRole.SENIOR_MANAGER,
        "Service manager, care leavers",
        (
            _Pool(
                YH,
                bookings=(("yh-2025", DID_NOT_ATTEND), ("yh-next", BOOKED)),
                expertise=("Care leavers",),
            ),
        ),
    ),
    _Person(
        "Ian Mitchell",
        OUSEFIELD,
        JobRole.SENIOR_MANAGER,
        "Head of service, fostering and adoption",
        (_Pool(YH, joined=60),),
    ),
    _Person(
        "Rebecca Dyson",
        RYEHOLME_SCP,
        JobRole.SENIOR_MANAGER,
        "Partnership business manager",
        (_Pool(YH, waiting_for_training=True, joined=8),),
    ),
    # --- Yorkshire and the Humber: applicants and one not accepted ---
    _Person(
        "Stephen Hartley",
        OUSEFIELD,
        JobRole.SENIOR_MANAGER,
        "Head of service, children with disabilities",
        (_Pool(YH, PoolStatus.REQUESTED, waiting_for_training=True, joined=4),),
    ),
    _Person(
        "Kofi Asante",
        RYEHOLME,
        JobRole.SENIOR_MANAGER,
        "Principal social worker",
        (_Pool(YH, PoolStatus.REQUESTED, joined=2),),
    ),
    # Accepted into both pools as a senior manager; now the SEND lead, which the Yorkshire
    # and the Humber pool does not take.
    _Person(
        "Nicola Brearley",
        RYEHOLME,
        JobRole.SEND_LEAD,
        "SEND lead",
        (
            _Pool(YH, joined=700),
            _Pool(
                EM,
                waiting_for_training=True,
                joined=150,
                expertise=("Co-production with parents and carers",),
            ),
        ),
        joined_as=JobRole.SENIOR_MANAGER,
    ),
    _Person(
        "Lorraine Pickering",
        RYEHOLME_SCP,
        JobRole.OTHER_PROFESSIONAL,
        "Designated nurse for safeguarding children",
        (
            _Pool(
                YH,
                PoolStatus.DECLINED,
                joined=30,
                reason=(
                    "Teams in this region are led by a director and made up of senior managers "
                    "in children's services. We would welcome Lorraine as an expert adviser to "
                    "a team's planning instead."
                ),
            ),
        ),
    ),
    # --- East Midlands SEND: fully qualified ---
    _Person(
        "Rukhsana Ali",
        TRENTLOW,
        JobRole.SEND_LEAD,
        "SEND casework manager",
        (
            _Pool(
                EM,
                bookings=(("em-2019", ATTENDED),),
                reviews=(2022, 2024),
                expertise=("Quality of EHC plans", "Identification of need"),
            ),
        ),
    ),
    _Person(
        "Philip Naylor",
        CHARNWICK,
        JobRole.EDUCATIONAL_PSYCHOLOGIST,
        "Principal educational psychologist",
        (
            _Pool(
                EM,
                bookings=(("em-2019", ATTENDED),),
                reviews=(2022, 2023),
                expertise=("Identification of need",),
            ),
        ),
    ),
    _Person(
        "Janet Corby",
        CHARNWICK,
        JobRole.PARENT_CARER,
        "Parent carer forum member",
        (
            _Pool(
                EM,
                bookings=(("em-2021", ATTENDED),),
                reviews=(2022, 2024),
                expertise=("Co-production with parents and carers",),
            ),
        ),
    ),
    _Person(
        "Jordan Fisher",
        TRENTLOW,
        JobRole.YOUNG_AMBASSADOR,
        "Young ambassador",
        (
            _Pool(
                EM,
                bookings=(("em-2021", ATTENDED),),
                reviews=(2023,),
                expertise=("Voice of children and young people", "Preparation for adulthood"),
            ),
        ),
    ),
    # --- East Midlands SEND: trained ---
    _Person(
        "Anjali Mistry",
        TRENTLOW,
        JobRole.EDUCATIONAL_PSYCHOLOGIST,
        "Senior educational psychologist",
        (_Pool(EM, bookings=(("em-2023", ATTENDED),)),),
    ),
    _Person(
        "Colin Brewster",
        CHARNWICK,
        JobRole.SENIOR_MANAGER,
        "Head of inclusion",
        (
            _Pool(
                EM,
                bookings=(("em-2023", ATTENDED),),
                expertise=("Inclusion and attendance",),
            ),
        ),
    ),
    _Person(
        "Ellie Shaw",
        CHARNWICK,
        JobRole.YOUNG_AMBASSADOR,
        "Young ambassador",
        (_Pool(EM, bookings=(("em-2023", ATTENDED),)),),
    ),
    # --- East Midlands SEND: eligible, most of them waiting for a session to be arranged ---
    _Person(
        "Donna Fitzgerald",
        TRENTLOW,
        JobRole.PARENT_CARER,
        "Parent carer forum co-chair",
        (_Pool(EM, waiting_for_training=True, joined=610),),
    ),
    _Person(
        "Amir Rahman",
        CHARNWICK,
        JobRole.YOUNG_AMBASSADOR,
        "Young ambassador",
        (_Pool(EM, waiting_for_training=True, joined=480),),
    ),
    _Person(
        "Katie Lowe",
        TRENTLOW,
        JobRole.SEND_LEAD,
        "SEND lead, early years",
        (
            _Pool(
                EM,
                waiting_for_training=True,
                joined=390,
                expertise=("Identification of need",),
            ),
        ),
    ),
    _Person(
        "Lauren Spencer",
        CHARNWICK,
        JobRole.OTHER_PROFESSIONAL,
        "Designated clinical officer for SEND",
        (_Pool(EM, waiting_for_training=True, joined=270),),
    ),
    _Person(
        "Ryan Whitworth",
        TRENTLOW,
        JobRole.PARENT_CARER,
        "Parent carer forum member",
        (_Pool(EM, bookings=(("em-2023", DID_NOT_ATTEND),), waiting_for_training=True),),
    ),
    _Person(
        "Scott Delaney",
        CHARNWICK,
        JobRole.EDUCATIONAL_PSYCHOLOGIST,
        "Educational psychologist",
        (_Pool(EM, joined=95, expertise=("Inclusion and attendance",)),),
    ),
    # --- East Midlands SEND: applicants ---
    _Person(
        "Precious Ndlovu",
        TRENTLOW,
        JobRole.PARENT_CARER,
        "Parent carer forum member",
        (_Pool(EM, PoolStatus.REQUESTED, waiting_for_training=True, joined=9),),
    ),
    _Person(
        "Aaron Webb",
        CHARNWICK,
        JobRole.YOUNG_AMBASSADOR,
        "Young ambassador",
        (_Pool(EM, PoolStatus.REQUESTED, waiting_for_training=True, joined=5),),
    ),
    # Trained and reviewed as a SEND lead; now interim director, which the pool does not take.
    _Person(
        "Sandra Kaur",
        CHARNWICK,
        JobRole.DIRECTOR,
        "Interim director of children's services",
        (_Pool(EM, bookings=(("em-2021", ATTENDED),), reviews=(2022,)),),
        joined_as=JobRole.SEND_LEAD,
    ),
]

# Changes of home organisation or job role people asked for that a coordinator has yet to
# confirm, or did not: (person, organisation, job role, days ago, reason for not confirming).
CHANGES_ASKED = [
    ("Tunde Bakare", WESTMERE, HOS, 6, ""),
    (
        "Gareth Pritchard",
        CWM_TARAN,
        HOS,
        40,
        "Your acting-up as head of service ends in March, and the pool takes operational "
        "managers too: please keep your substantive post on your record.",
    ),
]

# Dates away: (person, weeks from today, days, reason).
AWAY = [
    ("Daniel Evans", 3, 5, "Annual leave"),
    ("Bernadette Quinn", 8, 10, "Own service's inspection fieldwork"),
    ("Tunde Bakare", 12, 4, "Delivering training"),
    ("Deepak Sharma", 20, 14, "Annual leave"),
    ("Kwame Mensah", 1, 90, "Secondment to the regional youth justice team"),
    ("Margaret Oyelaran", 5, 14, "Annual leave"),
    ("Joanne Barraclough", 9, 3, "Conference"),
    ("Rukhsana Ali", 10, 7, "Annual leave"),
    ("Janet Corby", 2, 21, "Family commitments"),
]

# Conflicts of interest: (person, organisation, reason, from, until).
CONFLICTS = [
    (
        "Daniel Evans",
        WESTMERE,
        "His sister is a case manager at Westmere.",
        None,
        None,
    ),
    (
        "Bernadette Quinn",
        FENMOUTH,
        "Sits on Fenmouth's youth justice management board as a critical friend.",
        datetime.date(2025, 9, 1),
        None,
    ),
    ("Kwame Mensah", CALDERBROOK_YOT, "Husband is the team's deputy manager.", None, None),
    (
        "Andrew Sutcliffe",
        OUSEFIELD,
        "Independent chair of Ousefield's safeguarding partnership until 2024.",
        datetime.date(2019, 4, 1),
        datetime.date(2024, 3, 31),
    ),
    (
        "Philip Naylor",
        TRENTLOW,
        "Commissioned to carry out statutory assessments for Trentlow this year.",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    ),
]

# Previous employers: (person, organisation, left on).
EMPLOYERS = [
    ("Daniel Evans", SEVERNSIDE, datetime.date(2024, 6, 30)),
    ("Gareth Pritchard", SEVERNSIDE, datetime.date(2019, 3, 31)),
    ("Nasreen Akhtar", WESTMERE, datetime.date(2024, 1, 12)),
    ("Joanne Barraclough", OUSEFIELD, datetime.date(2025, 6, 30)),
    ("Rukhsana Ali", OUSEFIELD, datetime.date(2019, 7, 31)),
    ("Farah Siddiqui", RYEHOLME, datetime.date(2021, 8, 31)),
]

# The services each pool's members review, for their past reviews.
REVIEWED = {
    YJSIP: [NORTHDALE, WESTMERE, CALDERBROOK_YOT, FENMOUTH, HARROWGATE, SEVERNSIDE, CWM_TARAN],
    YH: [CALDERBROOK, RYEHOLME, OUSEFIELD, RYEHOLME_SCP],
    EM: [TRENTLOW, CHARNWICK],
}


@transaction.atomic
def seed(*, password: str) -> list:
    """Create or update the pools' eligibility rules, courses and sessions, and (once per person
    and pool) the people's requests, decisions, bookings, attendance and past reviews. Returns
    no demo sign-ins: the pool's people all sign in with `password`, but the list printed
    stays the accounts seeder's short one."""
    today = timezone.localdate()
    programmes = {p.short_name: p for p in Programme.objects.filter(short_name__in=(YJSIP, YH, EM))}
    organisations = {o.name: o for o in Organisation.objects.all()}
    deciders = {name: User.objects.get(email=email) for name, email in DECIDERS.items()}
    _seed_rules(programmes)
    courses = _seed_courses(programmes)
    sessions = _seed_sessions(courses, today)
    reviewers = _seed_people(programmes, organisations, deciders, password=password)
    _seed_bookings(sessions, reviewers, today)
    _seed_changes(programmes, organisations, deciders, courses, sessions, reviewers, today)
    _seed_availability(organisations, reviewers, today)
    _seed_past_reviews(programmes, organisations, deciders, sessions, reviewers)
    return []


def _seed_rules(programmes: dict[str, Programme]) -> None:
    for short_name, rows in ELIGIBILITY.items():
        for job_role, note in rows:
            EligibilityRule.objects.update_or_create(
                programme=programmes[short_name], job_role=job_role, defaults={"note": note}
            )


def _seed_courses(programmes: dict[str, Programme]) -> dict[str, Course]:
    courses = {}
    for key, data in COURSES.items():
        courses[key], _created = Course.objects.update_or_create(
            programme=programmes[data["programme"]],
            name=data["name"],
            defaults={
                "kind": data["kind"],
                "days": data["days"],
                "description": data["description"],
                "is_active": True,
            },
        )
    return courses


def _starts_on(spec: _Session, today: datetime.date) -> datetime.date:
    if isinstance(spec.starts, datetime.date):
        return spec.starts
    day = today + datetime.timedelta(weeks=spec.starts)
    if (day.month, day.day) >= (12, 18) or (day.month, day.day) <= (1, 4):
        # Nobody runs a course over Christmas: the first week of January instead.
        day = datetime.date(day.year + (day.month == 12), 1, 5)
    return day + datetime.timedelta(days=(1 - day.weekday()) % 7)


def _seed_sessions(courses: dict[str, Course], today: datetime.date) -> dict[str, TrainingSession]:
    """Sessions that have run are created as they were; coming ones through the service,
    which schedules only future sessions. Either kind moves with today when it is dated from
    it."""
    sessions = {}
    for key, spec in SESSIONS.items():
        course = courses[spec.course]
        starts_on = _starts_on(spec, today)
        ends_on = starts_on + datetime.timedelta(days=course.days - 1)
        is_virtual = spec.venue == "Online"
        if starts_on <= today:
            sessions[key], _created = TrainingSession.objects.update_or_create(
                course=course,
                venue=spec.venue,
                defaults={
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "is_virtual": is_virtual,
                    "capacity": spec.capacity,
                },
            )
        else:
            existing = TrainingSession.objects.filter(course=course, venue=spec.venue).first()
            sessions[key] = services.session_save(
                session=existing or TrainingSession(course=course),
                starts_on=starts_on,
                ends_on=ends_on,
                venue=spec.venue,
                is_virtual=is_virtual,
                capacity=spec.capacity,
            )
    return sessions


# --- Dates -----------------------------------------------------------------------------------


def _ago(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(when, timezone.now())


# The moments besides created_at and updated_at that the services stamp with the time.
_STAMPED = {
    PoolMembership: ["decided_at"],
    TrainingRequest: ["closed_at"],
    ReviewerChange: ["decided_at"],
}


@contextmanager
def _dated(days_ago: int, *models: type[TimeStampedModel]) -> Iterator[None]:
    """Date what the block records in `models` to `days_ago` days ago, so that people's
    records read as years of history rather than one moment."""
    when = _ago(max(days_ago, 0))
    started = timezone.now()
    yield
    for model in models:
        for name in ["created_at", "updated_at", *_STAMPED.get(model, [])]:
            model.objects.filter(**{f"{name}__gte": started}).update(**{name: when})


def _offered_ago(spec: _Session, today: datetime.date) -> int:
    """How many days ago a session's places were offered: five weeks before a session that
    has run."""
    if spec.offered:
        return spec.offered
    return (today - _starts_on(spec, today)).days + 35


def _joined_ago(pool: _Pool, today: datetime.date) -> int:
    if pool.joined is not None:
        return pool.joined
    if pool.bookings:
        return max(_offered_ago(SESSIONS[key], today) for key, _status in pool.bookings) + 45
    return 200


# --- Joining, training and what changed since ------------------------------------------------


def _seed_people(
    programmes: dict[str, Programme],
    organisations: dict[str, Organisation],
    deciders: dict[str, User],
    *,
    password: str,
) -> dict[str, Reviewer]:
    """Each person asks to join their pools and is answered, once per pool. Everyone's
    password is reset to `password` (hashed once: they share it anyway)."""
    today = timezone.localdate()
    hashed = make_password(password)
    queryset = LineOfEnquiry.objects.filter(programme__in=programmes.values())
    lines = {
        (line.programme.short_name, line.name): line
        for line in queryset.select_related("programme")
    }
    reviewers = {}
    for person in PEOPLE:
        if person.email:
            user = User.objects.get(email=person.email)
        else:
            user, _created = User.objects.update_or_create(
                email=person.address,
                defaults={
                    "full_name": person.full_name,
                    "job_title": person.job_title,
                    "is_active": True,
                    "password": hashed,
                },
            )
        joined_pools = set(
            PoolMembership.objects.filter(reviewer__user=user).values_list(
                "programme__short_name", flat=True
            )
        )
        for pool in person.pools:
            if pool.programme in joined_pools:
                continue
            joined = _joined_ago(pool, today)
            with _dated(joined, Reviewer, PoolMembership, TrainingRequest):
                membership = _ask_to_join(
                    user=user,
                    programme=programmes[pool.programme],
                    organisation=organisations[person.organisation],
                    job_role=person.joined_as or person.job_role,
                    needs_training=bool(pool.bookings) or pool.waiting_for_training,
                    expertise=[lines[(pool.programme, name)] for name in pool.expertise],
                )
            if pool.status == PoolStatus.REQUESTED:
                continue
            with _dated(max(joined - 14, 1), PoolMembership):
                services.pool_decide(
                    membership=membership,
                    accept=pool.status != PoolStatus.DECLINED,
                    reason=pool.reason if pool.status == PoolStatus.DECLINED else "",
                    by=deciders[pool.programme],
                )
        reviewers[person.full_name] = Reviewer.objects.get(user=user)
    return reviewers


def _ask_to_join(
    *,
    user: User,
    programme: Programme,
    organisation: Organisation,
    job_role: JobRole,
    needs_training: bool,
    expertise: list[LineOfEnquiry],
) -> PoolMembership:
    """Ask to join a pool through the service. Some demo people asked to join a pool their
    job role does not qualify for, before the join form told them at once: their requests are
    stored as they were then, so the coordinators' answers to them can be seen."""
    if job_role in {role for role, _note in ELIGIBILITY[programme.short_name]}:
        return services.reviewer_join(
            user=user,
            programme=programme,
            organisation=organisation,
            job_role=job_role,
            needs_training=needs_training,
            expertise=expertise,
        )
    reviewer, _created = Reviewer.objects.get_or_create(
        user=user, defaults={"organisation": organisation, "job_role": job_role}
    )
    reviewer.expertise.add(*expertise)
    membership = PoolMembership.objects.create(
        reviewer=reviewer, programme=programme, needs_training=needs_training
    )
    course = programme.courses.filter(kind=CourseKind.CORE, is_active=True).first()
    if needs_training and course is not None:
        services.training_request(reviewer=reviewer, course=course)
    return membership


def _seed_bookings(
    sessions: dict[str, TrainingSession], reviewers: dict[str, Reviewer], today: datetime.date
) -> None:
    """Book each session's people in the order they took places (the waiting list last),
    cancel the cancelled, and mark attendance at the sessions that have run. Bookings that
    exist are left alone."""
    plan: dict[str, list[tuple[Reviewer, BookingStatus]]] = {key: [] for key in SESSIONS}
    for person in PEOPLE:
        for pool in person.pools:
            for key, status in pool.bookings:
                plan[key].append((reviewers[person.full_name], status))
    for key, entries in plan.items():
        spec, session = SESSIONS[key], sessions[key]
        booked = set(session.bookings.values_list("reviewer_id", flat=True))
        offered = _offered_ago(spec, today)
        outcomes = {}
        entries.sort(key=lambda entry: entry[1] == WAITING)
        for position, (reviewer, status) in enumerate(entries):
            if reviewer.pk in booked:
                continue
            with _dated(max(offered - position, 1), Booking, TrainingRequest):
                booking = services.booking_create(session=session, reviewer=reviewer)
            if booking.status != (WAITING if status == WAITING else BOOKED):
                raise ValueError(f"Demo session {key} does not have the places its table needs")
            if status == CANCELLED:
                with _dated(max(offered - position - 7, 1), Booking):
                    services.booking_cancel(booking=booking)
            elif status in (ATTENDED, DID_NOT_ATTEND):
                outcomes[booking.pk] = status
        if outcomes:
            with _dated((today - session.ends_on).days - 1, Booking):
                services.attendance_record(session=session, outcomes=outcomes)


def _seed_changes(
    programmes: dict[str, Programme],
    organisations: dict[str, Organisation],
    deciders: dict[str, User],
    courses: dict[str, Course],
    sessions: dict[str, TrainingSession],
    reviewers: dict[str, Reviewer],
    today: datetime.date,
) -> None:
    """What happened after people joined: new posts (confirmed by a coordinator), changes
    of details still waiting or not confirmed, leaving a pool, and asking again for the
    training they missed."""
    core = {
        course.programme.short_name: course
        for course in courses.values()
        if course.kind == CourseKind.CORE
    }
    for person in PEOPLE:
        reviewer = reviewers[person.full_name]
        if reviewer.job_role != person.job_role:
            # The person changes their job role; a coordinator of their pool confirms it.
            with _dated(67, Reviewer, ReviewerChange):
                waiting = services.reviewer_update(
                    reviewer=reviewer,
                    organisation=organisations[person.organisation],
                    job_role=person.job_role,
                    max_reviews_per_cycle=reviewer.max_reviews_per_cycle,
                    expertise=list(reviewer.expertise.all()),
                    by=reviewer.user,
                )
            if waiting is not None:
                pool = next(p for p in person.pools if p.status == PoolStatus.ACCEPTED)
                with _dated(60, Reviewer, ReviewerChange):
                    services.reviewer_change_decide(
                        change=waiting, confirm=True, reason="", by=deciders[pool.programme]
                    )
            reviewer.refresh_from_db()
        for pool in person.pools:
            if pool.status == PoolStatus.LEFT:
                # No service takes people out of a pool yet: the coordinator's record of it,
                # and the reviewer role that the place in the pool gave them goes.
                programme = programmes[pool.programme]
                if PoolMembership.objects.filter(
                    reviewer=reviewer, programme=programme, status=PoolStatus.ACCEPTED
                ).update(status=PoolStatus.LEFT, reason=pool.reason):
                    Membership.objects.filter(
                        user=reviewer.user, role=Role.REVIEWER, programme=programme
                    ).delete()
            if pool.waiting_for_training and pool.bookings:
                course = core[pool.programme]
                last = max(
                    (sessions[key] for key, _status in pool.bookings),
                    key=lambda session: session.starts_on,
                )
                if not course.requests.filter(reviewer=reviewer, closed_at__isnull=True).exists():
                    with _dated((today - last.ends_on).days - 14, TrainingRequest):
                        services.training_request(reviewer=reviewer, course=course)
    for name, organisation, job_role, days_ago, reason in CHANGES_ASKED:
        reviewer = reviewers[name]
        asked = {"organisation": organisations[organisation], "job_role": job_role}
        if reviewer.changes.filter(**asked).exists():
            continue
        with _dated(days_ago, Reviewer, ReviewerChange):
            waiting = services.reviewer_update(
                reviewer=reviewer,
                max_reviews_per_cycle=reviewer.max_reviews_per_cycle,
                expertise=list(reviewer.expertise.all()),
                by=reviewer.user,
                **asked,
            )
        if reason:
            pool = next(p for p in _person(name).pools if p.status == PoolStatus.ACCEPTED)
            with _dated(days_ago - 5, ReviewerChange):
                services.reviewer_change_decide(
                    change=waiting, confirm=False, reason=reason, by=deciders[pool.programme]
                )


def _person(name: str) -> _Person:
    return next(person for person in PEOPLE if person.full_name == name)


def _review_role(job_role: str, programme: str, nth: int) -> TeamRole:
    if programme == YJSIP:
        return (
            TeamRole.CO_LEAD if nth and job_role == JobRole.HEAD_OF_SERVICE else TeamRole.REVIEWER
        )
    if programme == YH:
        if job_role in (JobRole.DIRECTOR, JobRole.SAFEGUARDING_CHAIR):
            return TeamRole.LEAD
        return TeamRole.SENIOR_MANAGER
    return {
        JobRole.PARENT_CARER: TeamRole.PARENT_CARER,
        JobRole.YOUNG_AMBASSADOR: TeamRole.YOUNG_AMBASSADOR,
    }.get(job_role, TeamRole.SPECIALIST)


def _seed_past_reviews(
    programmes: dict[str, Programme],
    organisations: dict[str, Organisation],
    deciders: dict[str, User],
    sessions: dict[str, TrainingSession],
    reviewers: dict[str, Reviewer],
) -> None:
    """The reviews people took part in before the system, as the coordinator recorded them
    when the pool moved in: each after the person's core training, and none of a service they
    had a conflict of interest with at the time."""
    for index, person in enumerate(PEOPLE):
        reviewer = reviewers[person.full_name]
        for pool in person.pools:
            if not pool.reviews:
                continue
            trained = max(
                sessions[key].ends_on
                for key, status in pool.bookings
                if status == ATTENDED and sessions[key].course.kind == CourseKind.CORE
            )
            others = [name for name in REVIEWED[pool.programme] if name != person.organisation]
            for nth, year in enumerate(pool.reviews):
                completed_on = datetime.date(
                    year, 1 + (5 * index + 7 * nth + 2) % 12, 2 + (3 * index + 11 * nth) % 26
                )
                if completed_on <= trained:
                    completed_on = trained + datetime.timedelta(days=75)
                # Reviews end on a weekday.
                completed_on -= datetime.timedelta(days=max(completed_on.weekday() - 4, 0))
                if CompletedReview.objects.filter(
                    reviewer=reviewer,
                    programme=programmes[pool.programme],
                    completed_on=completed_on,
                ).exists():
                    continue
                organisation = organisations[others[(index + nth) % len(others)]]
                conflicted = selectors.conflicted_organisation_ids(
                    reviewer=reviewer, on=completed_on
                )
                if organisation.pk in conflicted:
                    raise ValueError(f"{person.full_name} cannot have reviewed {organisation}")
                services.completed_review_record(
                    reviewer=reviewer,
                    programme=programmes[pool.programme],
                    organisation=organisation,
                    completed_on=completed_on,
                    role=_review_role(reviewer.job_role, pool.programme, nth),
                    by=deciders[pool.programme],
                )


def _seed_availability(
    organisations: dict[str, Organisation], reviewers: dict[str, Reviewer], today: datetime.date
) -> None:
    """Dates away (kept weeks ahead of today), conflicts of interest and previous employers."""
    for name, weeks, days, reason in AWAY:
        reviewer = reviewers[name]
        starts_on = today + datetime.timedelta(weeks=weeks)
        ends_on = starts_on + datetime.timedelta(days=days - 1)
        if not reviewer.away.filter(reason=reason).update(starts_on=starts_on, ends_on=ends_on):
            services.unavailability_add(
                reviewer=reviewer, starts_on=starts_on, ends_on=ends_on, reason=reason
            )
    for name, organisation, reason, starts_on, ends_on in CONFLICTS:
        reviewer = reviewers[name]
        if not reviewer.conflicts.filter(
            organisation=organisations[organisation], reason=reason
        ).exists():
            services.conflict_add(
                reviewer=reviewer,
                organisation=organisations[organisation],
                reason=reason,
                starts_on=starts_on,
                ends_on=ends_on,
            )
    for name, organisation, left_on in EMPLOYERS:
        reviewer = reviewers[name]
        if not reviewer.employers.filter(organisation=organisations[organisation]).exists():
            services.employment_add(
                reviewer=reviewer, organisation=organisations[organisation], left_on=left_on
            )
