"""Reports built directly with the models, for the tests of the public pages, the PDF, the
improvement plan made from a report and evidence retention: a challenge with its team lead,
an activity, an evidence note carrying a canary (text that must never leave the team), two
findings and a report in the state asked for, with one version of its text."""

import datetime
import itertools
import uuid
from dataclasses import dataclass

from django.utils import timezone

from challenges.enums import FindingKind, MemberStatus, Phase, ReportState
from challenges.models import (
    Activity,
    Challenge,
    EvidenceNote,
    Finding,
    Report,
    ReportVersion,
    TeamMember,
)
from offers.enums import EnquiryKind, TeamRole
from offers.models import LineOfEnquiry
from reviewers.models import Reviewer
from tests import factories
from tests.factories.challenges import ChallengeFactory

_numbers = itertools.count(1)

# Planted in evidence notes: must never appear in a PDF or any public page.
CANARY = "CANARY-evidence-heard-in-confidence"
CANARY_MET = "CANARY-three-named-case-managers"

FINDING_STRENGTH = "Managers know their caseloads and children's plans are up to date."
FINDING_RECOMMENDATION = "Agree a single out-of-court disposal panel with the police."
SECOND_RECOMMENDATION = "Report disproportionality data to the management board every quarter."


def sections(**overrides) -> list[dict]:
    """A report's text as the drafting makes it: sections in order, each heading and text."""
    texts = {
        "context": "The service asked the team to look at governance and out-of-court work.",
        "methodology": "The team met 24 people in 9 sessions and read 30 case files.",
        "findings": f"- {FINDING_STRENGTH}\n- Partnership working is strong.",
        "recommendations": f"- {FINDING_RECOMMENDATION}\n- {SECOND_RECOMMENDATION}",
    }
    texts.update(overrides)
    headings = {
        "context": "Context",
        "methodology": "How the review was carried out",
        "findings": "What the team found",
        "recommendations": "Recommendations",
    }
    return [
        {"key": key, "heading": headings.get(key, key), "text": text} for key, text in texts.items()
    ]


@dataclass
class Built:
    report: Report
    challenge: Challenge
    lead: object  # the lead's User
    note: EvidenceNote
    findings: list[Finding]


def report(
    *,
    state: str = ReportState.PUBLISHED,
    programme=None,
    organisation=None,
    review_type=None,
    published_at: datetime.datetime | None = None,
    text: list[dict] | None = None,
    lead=None,
    with_findings: bool = True,
) -> Built:
    """A challenge with a report in `state` (published: with its slug and date)."""
    n = next(_numbers)
    programme = programme or factories.ProgrammeFactory()
    organisation = organisation or factories.OrganisationFactory()
    fields = {"programme": programme, "organisation": organisation, "phase": Phase.REPORTING}
    if review_type is not None:
        fields["review_type"] = review_type
    challenge = ChallengeFactory(**fields)
    line = LineOfEnquiry.objects.create(
        programme=programme, kind=EnquiryKind.KEY_LINE, name=f"Governance and leadership {n}"
    )
    challenge.lines_of_enquiry.add(line)
    lead = lead or factories.reviewer(programme=programme)
    reviewer = Reviewer.objects.filter(user=lead).first() or factories.ReviewerFactory(user=lead)
    member = TeamMember.objects.create(
        challenge=challenge,
        reviewer=reviewer,
        role=TeamRole.LEAD,
        status=MemberStatus.ACCEPTED,
        invited_by=challenge.created_by,
    )
    activity = Activity.objects.create(
        challenge=challenge,
        kind="focus_group",
        day=challenge.starts_on,
        starts_at=datetime.time(9),
        ends_at=datetime.time(10),
        met_description=CANARY_MET,
        met_count=3,
        created_by=lead,
    )
    activity.reviewers.add(member)
    note = EvidenceNote.objects.create(
        activity=activity,
        author=member,
        text=f"{CANARY}: a case manager said the panel rarely meets",
        source_type="heard",
        line_of_enquiry=line,
        key=uuid.uuid4(),
    )
    findings = []
    if with_findings:
        for order, (kind, words) in enumerate(
            [
                (FindingKind.STRENGTH, FINDING_STRENGTH),
                (FindingKind.RECOMMENDATION, FINDING_RECOMMENDATION),
                (FindingKind.RECOMMENDATION, SECOND_RECOMMENDATION),
            ]
        ):
            finding = Finding.objects.create(
                challenge=challenge,
                kind=kind,
                text=words,
                line_of_enquiry=line,
                order=order,
                created_by=lead,
            )
            finding.evidence.add(note)
            findings.append(finding)
    published = state == ReportState.PUBLISHED
    when = published_at or (timezone.now() - datetime.timedelta(days=1))
    made = Report.objects.create(
        challenge=challenge,
        state=state,
        slug=f"{organisation.name.lower().replace(' ', '-')}-{n}" if published else None,
        published_at=when if published else None,
        signed_off_by=lead if state in (ReportState.FINAL, ReportState.PUBLISHED) else None,
        signed_off_at=when if state in (ReportState.FINAL, ReportState.PUBLISHED) else None,
    )
    ReportVersion.objects.create(
        report=made, number=1, sections=text if text is not None else sections(), created_by=lead
    )
    return Built(report=made, challenge=challenge, lead=lead, note=note, findings=findings)
