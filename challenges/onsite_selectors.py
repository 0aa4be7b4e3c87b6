"""Reads for the team's on-site pages: the schedule, the evidence and the findings with their
triangulation. Every read of evidence asks first whether the person works on the team
(`PermissionDenied` otherwise), so that no page, list or export can reach it by another road;
the counts coordinators see (`activity_counts`) hold no evidence."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from accounts.models import User
from offers.enums import EnquiryKind

from .enums import ActivityKind, MemberStatus
from .models import Activity, Challenge, EvidenceNote, Finding, TeamMember
from .onsite_services import on_site_days
from .triangulation import Triangulation, triangulation
from .visibility import challenge_scope


def _require_team(user: User, challenge: Challenge) -> None:
    if not challenge_scope(user).works_on(challenge):
        raise PermissionDenied


def team_member(*, user: User, challenge: Challenge) -> TeamMember:
    """The person's accepted place on the team (PermissionDenied without one)."""
    member = (
        challenge.members.filter(reviewer__user=user, status=MemberStatus.ACCEPTED)
        .select_related("reviewer__user")
        .first()
    )
    if member is None:
        raise PermissionDenied
    return member


def accepted_members(*, challenge: Challenge) -> QuerySet[TeamMember]:
    """The team's members who accepted their place: those who take part in activities."""
    return (
        challenge.members.filter(status=MemberStatus.ACCEPTED)
        .select_related("reviewer__user")
        .order_by("reviewer__user__full_name", "pk")
    )


@dataclass
class Day:
    day: object
    activities: list


def activities_for(*, user: User, challenge: Challenge) -> QuerySet[Activity]:
    _require_team(user, challenge)
    return (
        challenge.activities.annotate(note_count=Count("notes"))
        .prefetch_related(
            Prefetch("reviewers", queryset=TeamMember.objects.select_related("reviewer__user"))
        )
        .order_by("day", "starts_at", "pk")
    )


def schedule_of(*, user: User, challenge: Challenge) -> list[Day]:
    """The on-site days, each with its activities in time order (a day with none is listed
    too); an activity on a day no longer on site (the dates moved) gets its own day."""
    by_day: dict = {day: [] for day in on_site_days(challenge)}
    for activity in activities_for(user=user, challenge=challenge):
        by_day.setdefault(activity.day, []).append(activity)
    return [Day(day, by_day[day]) for day in sorted(by_day)]


def activity_for(*, user: User, challenge: Challenge, pk: int) -> Activity:
    """One of the challenge's activities (404 for any other)."""
    return get_object_or_404(activities_for(user=user, challenge=challenge), pk=pk)


def notes_for(*, user: User, challenge: Challenge) -> QuerySet[EvidenceNote]:
    """The challenge's evidence notes, for its team only, with what the pages show joined."""
    _require_team(user, challenge)
    return (
        EvidenceNote.objects.filter(activity__challenge=challenge)
        .select_related("activity", "author__reviewer__user", "line_of_enquiry")
        .order_by("activity__day", "activity__starts_at", "activity_id", "created_at", "pk")
    )


def findings_for(*, user: User, challenge: Challenge) -> QuerySet[Finding]:
    """The challenge's findings still standing (merged ones left out), each annotated with the
    facts its triangulation is worked out from, in the lead's order."""
    _require_team(user, challenge)
    return (
        challenge.findings.filter(merged_into__isnull=True)
        .select_related("line_of_enquiry")
        .annotate(
            note_count=Count("evidence", distinct=True),
            activity_count=Count("evidence__activity", distinct=True),
            source_type_count=Count("evidence__source_type", distinct=True),
            merged_count=Count("merged", distinct=True),
        )
        .order_by("order", "pk")
    )


def triangulation_of(finding: Finding) -> Triangulation:
    """`finding`'s triangulation, from the counts findings_for annotates."""
    return triangulation(
        notes=finding.note_count,
        activities=finding.activity_count,
        source_types=finding.source_type_count,
    )


@dataclass
class LineGroup:
    line: object
    findings: list


def findings_by_line(*, user: User, challenge: Challenge) -> list[LineGroup]:
    """The findings grouped by the challenge's key lines of enquiry, then its golden threads
    (each in the programme's order), each with its triangulation as `finding.triangulation`."""
    lines = sorted(
        challenge.lines_of_enquiry.all(),
        key=lambda line: (line.kind != EnquiryKind.KEY_LINE, line.position, line.name),
    )
    groups = {line.pk: LineGroup(line, []) for line in lines}
    for finding in findings_for(user=user, challenge=challenge):
        finding.triangulation = triangulation_of(finding)
        groups.setdefault(
            finding.line_of_enquiry_id, LineGroup(finding.line_of_enquiry, [])
        ).findings.append(finding)
    return list(groups.values())


@dataclass(frozen=True)
class ActivityCounts:
    """What the on-site schedule amounts to, without a word of its evidence: for the
    challenge page, which coordinators see too."""

    activities: int
    people_met: int
    files_and_documents: int


def activity_counts(*, challenge: Challenge) -> ActivityCounts:
    people_kinds = [k.value for k in ActivityKind if k.counts == "people"]
    row = challenge.activities.aggregate(
        activities=Count("pk"),
        people=Sum("met_count", filter=Q(kind__in=people_kinds)),
        read=Sum("met_count", filter=~Q(kind__in=people_kinds)),
    )
    return ActivityCounts(row["activities"], row["people"] or 0, row["read"] or 0)
