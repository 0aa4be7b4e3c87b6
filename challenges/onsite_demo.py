"""The demo's on-site work, for the challenge on site today (challenges.demo builds the rest):
a schedule over its days, the team's evidence notes on the first day's activities, and
findings, two of them resting on a single source. Everything goes through onsite_services, as
the team would have done it. Invented, non-attributable: people are described by role or
group, never by name."""

import datetime
import uuid

from offers.enums import TeamRole

from . import onsite_services as onsite
from .enums import MemberStatus
from .models import Challenge

GOVERNANCE = "Governance and leadership"
OUT_OF_COURT = "Out-of-court disposals"
VOICE = "Voice of the child"

# (day index, start, end, kind, who was met or what was read, how many, lead?, reviewer?)
SCHEDULE = [
    (0, "09:30", "10:30", "group_discussion", "members of the management board", 5, 1, 1),
    (0, "11:00", "12:30", "focus_group", "case managers", 6, 0, 1),
    (
        0,
        "14:00",
        "16:00",
        "case_file_audit",
        "case files of children on out-of-court disposals",
        8,
        1,
        0,
    ),
    (1, "09:30", "10:30", "observation", "members of the joint decision-making panel", 4, 1, 1),
    (1, "11:00", "12:00", "individual_discussion", "head of service", 1, 1, 0),
    (1, "14:00", "15:30", "document_review", "board minutes and the youth justice plan", 3, 0, 1),
]

# (activity index, by the lead?, source, line, text): the first day's notes.
NOTES = [
    (
        0,
        True,
        "heard",
        GOVERNANCE,
        "Board members could name the service's three priorities, but two said the "
        "performance report reaches them too late to question it before the meeting.",
    ),
    (
        0,
        False,
        "heard",
        OUT_OF_COURT,
        "Members said police and health attend the out-of-court panel; education is rarely "
        "represented.",
    ),
    (
        1,
        False,
        "heard",
        VOICE,
        "Case managers described a 'what matters to me' sheet completed with every child at "
        "the start of an intervention.",
    ),
    (
        1,
        False,
        "heard",
        OUT_OF_COURT,
        "Case managers said panel decisions are quick, and that the reasons are explained to "
        "the child and their family.",
    ),
    (
        1,
        False,
        "heard",
        GOVERNANCE,
        "Several case managers had never seen the management board's performance report.",
    ),
    (
        2,
        True,
        "case_files",
        VOICE,
        "In 6 of the 8 files the child's own words were recorded in the assessment; 3 plans "
        "showed how the child's views had changed the plan.",
    ),
    (
        2,
        True,
        "case_files",
        OUT_OF_COURT,
        "Every file held a panel decision with its rationale; in 2 files the outcome had not "
        "been shared with the child's school.",
    ),
]

# (kind, line, text, the notes behind it)
FINDINGS = [
    (
        "strength",
        VOICE,
        "Children's own views are consistently sought and recorded at assessment, and in "
        "some cases visibly shape their plans.",
        [2, 5],
    ),
    (
        "strength",
        OUT_OF_COURT,
        "Out-of-court disposal decisions are timely, and their rationale is recorded and "
        "explained to children and families.",
        [1, 3, 6],
    ),
    (
        "area_for_development",
        OUT_OF_COURT,
        "Education is not consistently part of out-of-court decision making, and schools "
        "are not always told the outcome.",
        [1, 6],
    ),
    # Resting on a single source: one activity.
    (
        "area_for_development",
        GOVERNANCE,
        "The management board receives performance information too late to challenge it.",
        [0],
    ),
    # Resting on a single source: what was heard only.
    (
        "recommendation",
        GOVERNANCE,
        "Agree a timetable for the performance report, so that board members can scrutinise "
        "it before each meeting and staff can see it.",
        [0, 4],
    ),
]


def _time(text: str) -> datetime.time:
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def seed_on_site(*, challenge: Challenge, lines: dict) -> None:
    """Add the schedule, notes and findings to `challenge` (on site, its team accepted);
    `lines` the programme's lines of enquiry by name, the key lines among them added to the
    challenge as the service's choice."""
    challenge.lines_of_enquiry.add(lines[GOVERNANCE], lines[OUT_OF_COURT])
    members = challenge.members.filter(status=MemberStatus.ACCEPTED).select_related(
        "reviewer__user"
    )
    lead = next(m for m in members if m.role in (TeamRole.LEAD, TeamRole.CO_LEAD))
    reviewer = next((m for m in members if m.pk != lead.pk), lead)
    days = onsite.on_site_days(challenge)
    activities = []
    for day, start, end, kind, met, count, with_lead, with_reviewer in SCHEDULE:
        activities.append(
            onsite.activity_add(
                challenge=challenge,
                by=lead.reviewer.user,
                kind=kind,
                day=days[min(day, len(days) - 1)],
                starts_at=_time(start),
                ends_at=_time(end),
                reviewers=[m for m, on in ((lead, with_lead), (reviewer, with_reviewer)) if on],
                met_description=met,
                met_count=count,
            )
        )
    notes = []
    for activity, by_lead, source, line, text in NOTES:
        note, _created = onsite.evidence_note_save(
            activity=activities[activity],
            by=(lead if by_lead else reviewer).reviewer.user,
            key=uuid.uuid4(),
            text=text,
            source_type=source,
            line_of_enquiry=lines[line],
        )
        notes.append(note)
    for kind, line, text, behind in FINDINGS:
        onsite.finding_add(
            challenge=challenge,
            by=lead.reviewer.user,
            kind=kind,
            text=text,
            line_of_enquiry=lines[line],
            evidence=[notes[i] for i in behind],
        )
