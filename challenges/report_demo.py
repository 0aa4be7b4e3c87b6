"""The demo's reports (challenges.demo builds the challenges): Harrowgate Vale's in the
factual-accuracy check, with one of the service's comments answered and one waiting, and
Fenmouth's two reviews published. Each team's on-site record is kept small (a few activities
and findings, no evidence notes needed for the report), and every step goes through
onsite_services and report_services, as the lead, the service and the coordinator would have
taken it. Invented and non-attributable: people are described by role or group, never by
name, so each report passes the publication check."""

import datetime
from collections.abc import Callable

from accounts.models import User
from offers.enums import TeamRole

from . import onsite_services as onsite
from . import report_draft as draft
from . import report_services as reports
from .enums import MemberStatus
from .models import Challenge, Report

GOVERNANCE = "Governance and leadership"
OUT_OF_COURT = "Out-of-court disposals"
VOICE = "Voice of the child"

# (kind, who was met or what was read, how many)
ACTIVITIES = [
    ("group_discussion", "members of the management board", 6),
    ("focus_group", "case managers", 7),
    ("individual_discussion", "head of service", 1),
    ("case_file_audit", "case files of children on out-of-court disposals", 10),
    ("document_review", "board minutes, the youth justice plan and performance reports", 4),
]


def _time(hour: int) -> datetime.time:
    return datetime.time(hour)


def _lead(challenge: Challenge):
    members = list(
        challenge.members.filter(status=MemberStatus.ACCEPTED).select_related("reviewer__user")
    )
    lead = next(m for m in members if m.role in (TeamRole.LEAD, TeamRole.CO_LEAD))
    return lead, members


def _on_site_record(challenge: Challenge, lines: dict, findings: list[tuple]) -> User:
    """A few activities over the on-site days and the team's findings; returns the lead."""
    challenge.lines_of_enquiry.add(lines[GOVERNANCE], lines[OUT_OF_COURT])
    lead, members = _lead(challenge)
    days = onsite.on_site_days(challenge)
    for n, (kind, met, count) in enumerate(ACTIVITIES):
        onsite.activity_add(
            challenge=challenge,
            by=lead.reviewer.user,
            kind=kind,
            day=days[n % len(days)],
            starts_at=_time(9 + 2 * (n // len(days))),
            ends_at=_time(10 + 2 * (n // len(days))),
            reviewers=members[: 1 + n % 2],
            met_description=met,
            met_count=count,
        )
    for kind, line, text in findings:
        onsite.finding_add(
            challenge=challenge,
            by=lead.reviewer.user,
            kind=kind,
            text=text,
            line_of_enquiry=lines[line],
        )
    return lead.reviewer.user


def _written(report: Report, by: User, summary: str, note: str) -> None:
    reports.report_revise(
        report=report,
        sections_text={"summary": summary},
        note=note,
        by=by,
        seen_number=reports.latest_version(report).number,
    )


# --- Harrowgate Vale: in the factual-accuracy check --------------------------------------------

HARROWGATE_FINDINGS = [
    (
        "strength",
        OUT_OF_COURT,
        "The joint decision-making panel meets weekly and decides quickly; police and youth "
        "justice staff share a clear understanding of when a child should be diverted.",
    ),
    (
        "strength",
        VOICE,
        "Staff know the children they work with well, and plans are written in language "
        "children and their families understand.",
    ),
    (
        "area_for_development",
        OUT_OF_COURT,
        "Health and education are not routinely represented at the panel, so decisions are "
        "sometimes made without knowing about a child's needs.",
    ),
    (
        "area_for_consideration",
        GOVERNANCE,
        "The management board could hear directly from children and families, for example "
        "through the participation group, once a year.",
    ),
    (
        "recommendation",
        OUT_OF_COURT,
        "Agree with health and education partners how each will contribute to the joint "
        "decision-making panel, and review attendance at the management board.",
    ),
]

HARROWGATE_SUMMARY = (
    "The peer challenge team found a committed, child-centred service that knows its children "
    "well. Out-of-court decisions are timely and well understood by partners. The service's "
    "main area for development is partnership: health and education are not yet consistently "
    "part of the decisions made about children diverted from court.\n\n"
    "The team thanks the service, its partners and the children and families who gave their "
    "time."
)


def seed_factual_check(
    *,
    challenge: Challenge,
    lines: dict,
    service_lead: User,
    dated: Callable,
    day: datetime.date,
) -> Report:
    """The lead's draft, sent for the factual-accuracy check; the service's two comments, the
    first answered."""
    with dated(day):
        lead = _on_site_record(challenge, lines, HARROWGATE_FINDINGS)
        report = reports.report_start(challenge=challenge, by=lead)
    with dated(day + datetime.timedelta(days=6)):
        _written(report, lead, HARROWGATE_SUMMARY, "Wrote the summary")
    with dated(day + datetime.timedelta(days=8)):
        report = reports.report_send_for_check(report=report, by=lead)
    version = reports.latest_version(report)
    with dated(day + datetime.timedelta(days=12)):
        first = reports.report_comment(
            report=report,
            version=version,
            section=draft.CONTEXT,
            text="The service was formed from two teams in 2019, not 2021.",
            by=service_lead,
        )
        reports.report_comment(
            report=report,
            version=version,
            section=draft.RECOMMENDATIONS,
            text=(
                "Education is represented at the panel by the virtual school: could the "
                "recommendation say 'consistently' rather than suggest it never attends?"
            ),
            by=service_lead,
        )
    with dated(day + datetime.timedelta(days=13)):
        reports.report_answer(
            comment=first,
            text="Thank you: the context is corrected in version 3.",
            by=lead,
        )
        context = next(s for s in version.sections if s["key"] == draft.CONTEXT)["text"]
        reports.report_revise(
            report=report,
            sections_text={
                draft.CONTEXT: context
                + "\n\nThe service was formed in 2019 from two youth offending teams."
            },
            note="Corrected the context after the service's comment",
            by=lead,
            seen_number=reports.latest_version(report).number,
        )
    return report


# --- Fenmouth: two published reports -----------------------------------------------------------

FENMOUTH_FULL_FINDINGS = [
    (
        "strength",
        GOVERNANCE,
        "The management board is well attended by senior partners, who understand their role "
        "and hold the service to account for its performance.",
    ),
    (
        "strength",
        VOICE,
        "Children's views are sought at every stage, and the participation group has shaped "
        "the service's new reparation projects.",
    ),
    (
        "area_for_development",
        GOVERNANCE,
        "Performance reports describe activity well but say less about the difference the "
        "service makes for children.",
    ),
    (
        "strength",
        OUT_OF_COURT,
        "Assessments for out-of-court disposals are thorough and consider children's "
        "safety and wellbeing as well as risk.",
    ),
    (
        "recommendation",
        GOVERNANCE,
        "Develop the performance report with the management board so that it shows outcomes "
        "for children, including those of disproportionately represented groups.",
    ),
]

FENMOUTH_FULL_SUMMARY = (
    "Fenmouth Youth Justice Service asked the peer challenge team to look at its governance "
    "and at its out-of-court work. The team found a service with strong leadership, a board "
    "that owns its performance and practice that keeps the child at its centre.\n\n"
    "The board's next step is to understand better the difference the service makes: the "
    "team recommends that performance reporting moves from activity to outcomes."
)

FENMOUTH_BESPOKE_FINDINGS = [
    (
        "strength",
        OUT_OF_COURT,
        "Diversion decisions are consistent, and the rationale is recorded and explained to "
        "the child and their family.",
    ),
    (
        "area_for_development",
        OUT_OF_COURT,
        "Children are not always told the outcome of the panel's review of their progress.",
    ),
    (
        "recommendation",
        OUT_OF_COURT,
        "Write to each child, in words they understand, after every review of their "
        "out-of-court disposal.",
    ),
]

FENMOUTH_BESPOKE_SUMMARY = (
    "The service asked for bespoke peer support on its out-of-court disposals as it prepared "
    "for a new joint decision-making panel. The team found consistent, well-recorded "
    "decisions, and one clear area for development: keeping children informed."
)


def seed_published(
    *,
    challenge: Challenge,
    lines: dict,
    service_lead: User,
    coordinator: User,
    dated: Callable,
    day: datetime.date,
    full: bool,
) -> Report:
    """The report of a challenge in its reporting phase drafted, checked without comment,
    signed off, consented to and published, over the weeks after `day` (its last on-site
    day)."""
    findings, summary = (
        (FENMOUTH_FULL_FINDINGS, FENMOUTH_FULL_SUMMARY)
        if full
        else (FENMOUTH_BESPOKE_FINDINGS, FENMOUTH_BESPOKE_SUMMARY)
    )
    with dated(day + datetime.timedelta(days=2)):
        lead = _on_site_record(challenge, lines, findings)
        report = reports.report_start(challenge=challenge, by=lead)
    with dated(day + datetime.timedelta(days=18)):
        _written(report, lead, summary, "Wrote the summary")
        report = reports.report_send_for_check(report=report, by=lead)
    with dated(day + datetime.timedelta(days=40)):
        report = reports.report_finalise(report=report, by=lead)
    with dated(day + datetime.timedelta(days=45)):
        report = reports.report_consent(report=report, by=service_lead)
    when = day + datetime.timedelta(days=58)
    with dated(when):
        report = reports.report_publish(report=report, by=coordinator)
    # The public address carries the year it was published in (the demo dates it back).
    report.refresh_from_db()
    Report.objects.filter(pk=report.pk).update(
        slug=reports.public_slug(report, report.published_at.year)
    )
    report.refresh_from_db()
    return report
