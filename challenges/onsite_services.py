"""The team's work on site, one function per use case, each in a transaction: activities,
evidence notes (saved once per key, whatever the connection does), findings with the evidence
behind them, and the lead's merging and ordering of findings.

Only the team's accepted members write here (`PermissionDenied` for anyone else, whatever
page they came from). The timeline records activities and findings as facts (their kind and
day, or kind and line of enquiry), never a note's or a finding's words: the programme's
coordinators read the timeline, and evidence is the team's alone."""

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from core.once import create_once
from offers.models import LineOfEnquiry

from .enums import (
    ON_SITE_OPEN,
    ActivityKind,
    ChallengeAction,
    FindingKind,
    MemberStatus,
    Phase,
    SourceType,
)
from .models import Activity, Challenge, ChallengeEvent, EvidenceNote, Finding, TeamMember
from .services import ChallengeError
from .visibility import challenge_scope

UP, DOWN = "up", "down"


def _event(challenge: Challenge, action: ChallengeAction, by: User, message: str) -> None:
    ChallengeEvent.objects.create(
        challenge=challenge, action=action, to_phase=challenge.phase, actor=by, message=message
    )


def _locked_open(challenge: Challenge, by: User) -> Challenge:
    """The challenge's row, locked, if `by` works on its team and it is open for on-site
    work; PermissionDenied or a ChallengeError saying why not."""
    locked = Challenge.objects.select_for_update(of=("self",)).get(pk=challenge.pk)
    if not challenge_scope(by).works_on(locked):
        raise PermissionDenied
    if locked.phase not in ON_SITE_OPEN:
        if locked.phase == Phase.SCHEDULING:
            raise ChallengeError(
                _("The team records its work once the dates and the team are confirmed.")
            )
        raise ChallengeError(
            _("The challenge is %(phase)s: its on-site record no longer changes.")
            % {"phase": locked.get_phase_display().lower()}
        )
    return locked


def on_site_days(challenge: Challenge) -> list[datetime.date]:
    """The challenge's on-site days: the working days from its first to its last."""
    if not challenge.starts_on:
        return []
    days, day = [], challenge.starts_on
    while day <= challenge.ends_on:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _line_of(challenge: Challenge, line: LineOfEnquiry | None, field: str) -> LineOfEnquiry:
    if line is None or not challenge.lines_of_enquiry.filter(pk=line.pk).exists():
        raise ValidationError(
            {field: _("Choose one of the challenge's key lines of enquiry or golden threads")}
        )
    return line


# --- Activities --------------------------------------------------------------------------------


def _activity_checked(
    challenge: Challenge,
    *,
    kind: str,
    day: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    reviewers: Iterable[TeamMember],
    met_description: str,
    met_count: int,
) -> list[TeamMember]:
    """The activity's reviewers, once every answer is checked; a ValidationError naming each
    answer that is not right."""
    errors: dict[str, str] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = _("Choose what kind of activity it is")
    days = on_site_days(challenge)
    if not days:
        raise ChallengeError(_("Set the on-site dates before planning the activities."))
    if day not in days:
        errors["day"] = _("The day must be one of the on-site days, %(start)s to %(end)s") % {
            "start": date_format(days[0], "j F Y"),
            "end": date_format(days[-1], "j F Y"),
        }
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end time must be after the start time")
    reviewers = list(reviewers)
    if not reviewers:
        errors["reviewers"] = _("Choose at least one reviewer taking part")
    for member in reviewers:
        if member.challenge_id != challenge.pk or member.status != MemberStatus.ACCEPTED:
            errors["reviewers"] = _(
                "%(name)s is not on the team: choose reviewers who have accepted a place"
            ) % {"name": member.reviewer}
            break
    if not met_description.strip():
        errors["met_description"] = _("Say who was met or what was read, by role or group")
    if met_count is None or met_count < 1:
        errors["met_count"] = _("Enter how many, 1 or more")
    if errors:
        raise ValidationError(errors)
    return reviewers


def _activity_message(activity: Activity) -> str:
    # The kind and the day only: who was met is the team's to know.
    return _("%(kind)s on %(day)s") % {
        "kind": activity.get_kind_display(),
        "day": date_format(activity.day, "j F Y"),
    }


@transaction.atomic
def activity_add(
    *,
    challenge: Challenge,
    by: User,
    kind: str,
    day: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    reviewers: Iterable[TeamMember],
    met_description: str,
    met_count: int,
    token: uuid.UUID | None = None,
) -> Activity:
    """Add an activity to the on-site schedule (once per form sent, by its token)."""
    locked = _locked_open(challenge, by)
    members = _activity_checked(
        locked,
        kind=kind,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        reviewers=reviewers,
        met_description=met_description,
        met_count=met_count,
    )
    activity, created = create_once(
        Activity(
            challenge=locked,
            kind=kind,
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            met_description=met_description.strip(),
            met_count=met_count,
            created_by=by,
        ),
        token=token,
        owner=["challenge"],
    )
    if created:
        activity.reviewers.set(members)
        _event(locked, ChallengeAction.ADD_ACTIVITY, by, _activity_message(activity))
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    by: User,
    kind: str,
    day: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    reviewers: Iterable[TeamMember],
    met_description: str,
    met_count: int,
) -> Activity:
    """Change an activity of the schedule."""
    locked = _locked_open(activity.challenge, by)
    members = _activity_checked(
        locked,
        kind=kind,
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        reviewers=reviewers,
        met_description=met_description,
        met_count=met_count,
    )
    row = Activity.objects.select_for_update().get(pk=activity.pk, challenge=locked)
    row.kind, row.day, row.starts_at, row.ends_at = kind, day, starts_at, ends_at
    row.met_description, row.met_count = met_description.strip(), met_count
    row.save()
    row.reviewers.set(members)
    _event(locked, ChallengeAction.CHANGE_ACTIVITY, by, _activity_message(row))
    return row


# --- Evidence notes ----------------------------------------------------------------------------


@transaction.atomic
def evidence_note_save(
    *,
    activity: Activity,
    by: User,
    key: uuid.UUID,
    text: str,
    source_type: str,
    line_of_enquiry: LineOfEnquiry | None,
) -> tuple[EvidenceNote, bool]:
    """Save `by`'s evidence note on `activity` under `key`: the first time, a new note; with a
    key they have used before, that same note with the text and tags sent now. So a note sent
    twice, or sent again after a timed-out session, is one note holding the latest words.
    Returns (the note, whether it is new). No timeline line: a note is the team's alone."""
    challenge = _locked_open(activity.challenge, by)
    author = TeamMember.objects.filter(
        challenge=challenge, reviewer__user=by, status=MemberStatus.ACCEPTED
    ).first()
    if author is None:
        raise PermissionDenied
    errors = {}
    if not text.strip():
        errors["text"] = _("Enter the evidence")
    if source_type not in SourceType.values:
        errors["source_type"] = _("Choose where the evidence came from")
    if errors:
        raise ValidationError(errors)
    _line_of(challenge, line_of_enquiry, "line_of_enquiry")
    fields = {"text": text.strip(), "source_type": source_type, "line_of_enquiry": line_of_enquiry}
    note = EvidenceNote.objects.select_for_update().filter(author=author, key=key).first()
    created = False
    if note is None:
        try:
            # A savepoint: two sendings at the same moment both find nothing, and the unique
            # key lets one insert; the other then changes the note the first made.
            with transaction.atomic():
                note = EvidenceNote.objects.create(
                    activity=activity, author=author, key=key, **fields
                )
            created = True
        except IntegrityError:
            note = EvidenceNote.objects.select_for_update().get(author=author, key=key)
    if not created:
        if note.activity_id != activity.pk:
            # A key made for another activity's form was copied into this one.
            raise PermissionDenied
        for name, value in fields.items():
            setattr(note, name, value)
        note.save()
    return note, created


# --- Findings ----------------------------------------------------------------------------------


def _evidence_of(challenge: Challenge, evidence: Iterable[EvidenceNote]) -> list[EvidenceNote]:
    notes = list(evidence)
    ids = {note.pk for note in notes}
    if ids and EvidenceNote.objects.filter(
        pk__in=ids, activity__challenge=challenge
    ).count() != len(ids):
        raise ValidationError({"evidence": _("Choose evidence recorded for this challenge")})
    return notes


def _finding_checked(challenge, *, kind, text, line_of_enquiry, evidence):
    errors = {}
    if kind not in FindingKind.values:
        errors["kind"] = _("Choose the kind of finding")
    if not text.strip():
        errors["text"] = _("Enter the finding")
    if errors:
        raise ValidationError(errors)
    _line_of(challenge, line_of_enquiry, "line_of_enquiry")
    return _evidence_of(challenge, evidence)


def _finding_message(finding: Finding) -> str:
    # The kind and the line only: the words are the team's until the report.
    return _("%(kind)s, %(line)s") % {
        "kind": finding.get_kind_display(),
        "line": finding.line_of_enquiry.name,
    }


@transaction.atomic
def finding_add(
    *,
    challenge: Challenge,
    by: User,
    kind: str,
    text: str,
    line_of_enquiry: LineOfEnquiry | None,
    evidence: Iterable[EvidenceNote] = (),
    token: uuid.UUID | None = None,
) -> Finding:
    """Add a finding, with the evidence behind it, at the end of the lead's order."""
    locked = _locked_open(challenge, by)
    notes = _finding_checked(
        locked, kind=kind, text=text, line_of_enquiry=line_of_enquiry, evidence=evidence
    )
    last = locked.findings.aggregate(last=Max("order"))["last"]
    finding, created = create_once(
        Finding(
            challenge=locked,
            kind=kind,
            text=text.strip(),
            line_of_enquiry=line_of_enquiry,
            order=0 if last is None else last + 1,
            created_by=by,
        ),
        token=token,
        owner=["challenge"],
    )
    if created:
        finding.evidence.set(notes)
        _event(locked, ChallengeAction.ADD_FINDING, by, _finding_message(finding))
    return finding


@transaction.atomic
def finding_update(
    *,
    finding: Finding,
    by: User,
    kind: str,
    text: str,
    line_of_enquiry: LineOfEnquiry | None,
    evidence: Iterable[EvidenceNote],
) -> Finding:
    """Change a finding and the evidence linked to it."""
    locked = _locked_open(finding.challenge, by)
    row = Finding.objects.select_for_update().get(pk=finding.pk, challenge=locked)
    if row.merged_into_id:
        raise ChallengeError(_("This finding was merged into another: change that one instead."))
    notes = _finding_checked(
        locked, kind=kind, text=text, line_of_enquiry=line_of_enquiry, evidence=evidence
    )
    row.kind, row.text, row.line_of_enquiry = kind, text.strip(), line_of_enquiry
    row.save()
    row.evidence.set(notes)
    _event(locked, ChallengeAction.CHANGE_FINDING, by, _finding_message(row))
    return row


def _require_lead(challenge: Challenge, by: User) -> None:
    if not challenge_scope(by).leads(challenge):
        raise PermissionDenied


@transaction.atomic
def finding_merge(*, finding: Finding, into: Finding, by: User) -> Finding:
    """The lead merges a duplicate `finding` into `into`: its evidence joins `into`'s, and it is
    kept, marked as merged, but no longer listed. Returns `into`."""
    locked = _locked_open(finding.challenge, by)
    _require_lead(locked, by)
    rows = {
        row.pk: row
        for row in Finding.objects.select_for_update().filter(
            pk__in=[finding.pk, into.pk], challenge=locked
        )
    }
    duplicate, kept = rows.get(finding.pk), rows.get(into.pk)
    if duplicate is None or kept is None or duplicate.pk == kept.pk or kept.merged_into_id:
        raise ValidationError({"into": _("Choose another finding to merge it into")})
    if duplicate.merged_into_id:
        raise ChallengeError(_("This finding is already merged into another."))
    kept.evidence.add(*duplicate.evidence.all())
    duplicate.merged_into = kept
    duplicate.save(update_fields=["merged_into", "updated_at"])
    _event(locked, ChallengeAction.MERGE_FINDINGS, by, _finding_message(kept))
    return kept


@transaction.atomic
def finding_move(*, finding: Finding, direction: str, by: User) -> Finding:
    """The lead moves a finding up or down among the findings of its line of enquiry (those
    not merged): it swaps places with its neighbour. At either end it stays put."""
    locked = _locked_open(finding.challenge, by)
    _require_lead(locked, by)
    if direction not in (UP, DOWN):
        raise ValidationError(_("Choose up or down"))
    siblings = list(
        Finding.objects.select_for_update()
        .filter(
            challenge=locked,
            merged_into__isnull=True,
            line_of_enquiry_id=finding.line_of_enquiry_id,
        )
        .order_by("order", "pk")
    )
    ids = [row.pk for row in siblings]
    if finding.pk not in ids:
        raise ChallengeError(_("This finding was merged into another: it has no place."))
    here = ids.index(finding.pk)
    there = here - 1 if direction == UP else here + 1
    if not 0 <= there < len(siblings):
        return siblings[here]
    # Number the line's findings afresh in their order, then swap the two: equal orders
    # (two findings added at once) still end up distinct.
    for position, row in enumerate(siblings):
        row.order = position
    siblings[here].order, siblings[there].order = siblings[there].order, siblings[here].order
    Finding.objects.bulk_update(siblings, ["order"])
    _event(locked, ChallengeAction.ORDER_FINDINGS, by, siblings[here].line_of_enquiry.name)
    return siblings[here]
