"""The service's improvement plan, made from a final or published report in one action: its
recommendations are the challenge's findings of kind recommendation (in the lead's order), or,
when there are none, the items of the report's "recommendations" section. Created through
improvement's services (the improvement app knows nothing of challenges); the report keeps a
link to it, so a second time is refused with a link to the plan.

Who may: the receiving service's leads and the programme's coordinators."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from improvement.models import ImprovementPlan
from improvement.services import plan_from_peer_review

from .enums import ChallengeAction, FindingKind, ReportState
from .models import Challenge, ChallengeEvent, Finding, Report
from .public_selectors import latest_version, section_text, text_blocks
from .visibility import challenge_scope

# The states from which the plan can be made: the lead has signed the report off.
PLAN_FROM = frozenset({ReportState.FINAL, ReportState.PUBLISHED})
RECOMMENDATIONS_SECTION = "recommendations"


class ReportPlanError(Exception):
    """Why the plan cannot be made, in words for the person who asked."""


def may_create_plan(user: User, challenge: Challenge) -> bool:
    """The receiving service's lead or a coordinator of the challenge's programme."""
    scope = challenge_scope(user)
    return scope.receives(challenge) or challenge.programme_id in scope.programme_ids


def plan_recommendations(report: Report) -> list[str]:
    """What the plan's recommendations will be, in order: the challenge's findings of kind
    recommendation (merged duplicates left out), else the report's recommendations section
    (each bullet, or each paragraph)."""
    findings = list(
        Finding.objects.filter(
            challenge_id=report.challenge_id,
            kind=FindingKind.RECOMMENDATION,
            merged_into__isnull=True,
        )
        .order_by("order", "pk")
        .values_list("text", flat=True)
    )
    if findings:
        return [text.strip() for text in findings if text.strip()]
    items = []
    for block in text_blocks(section_text(latest_version(report), RECOMMENDATIONS_SECTION)):
        items += list(block.items) or [" ".join(block.lines)]
    return [item for item in items if item.strip()]


def plan_title(report: Report) -> str:
    challenge = report.challenge
    return _("Improvement plan after the %(offer)s (%(reference)s)") % {
        "offer": challenge.review_type.name,
        "reference": challenge.reference,
    }


@transaction.atomic
def report_plan_create(*, report: Report, by: User) -> ImprovementPlan:
    """Create the service's improvement plan from `report`, link it to the report and record it
    on the challenge's timeline. PermissionDenied for someone who may not; ReportPlanError
    when the report is not final yet, already has its plan, or has no recommendations."""
    locked = (
        Report.objects.select_for_update(of=("self",))
        .select_related("challenge__review_type", "challenge__organisation")
        .get(pk=report.pk)
    )
    challenge = locked.challenge
    if not may_create_plan(by, challenge):
        raise PermissionDenied
    if locked.improvement_plan_id is not None:
        raise ReportPlanError(_("The improvement plan has already been made from this report."))
    if locked.state not in PLAN_FROM:
        raise ReportPlanError(
            _("The improvement plan can be made once the lead has signed off the final report.")
        )
    try:
        plan = plan_from_peer_review(
            organisation=challenge.organisation,
            programme=challenge.programme,
            title=plan_title(locked),
            recommendations=plan_recommendations(locked),
            by=by,
            published_on=locked.published_at.date() if locked.published_at else None,
            owner=by if challenge_scope(by).receives(challenge) else None,
        )
    except ValidationError as error:
        raise ReportPlanError(" ".join(error.messages)) from error
    locked.improvement_plan = plan
    locked.save(update_fields=["improvement_plan", "updated_at"])
    ChallengeEvent.objects.create(
        challenge=challenge,
        action=ChallengeAction.CREATE_PLAN,
        to_phase=challenge.phase,
        actor=by,
        message=plan.title,
    )
    report.improvement_plan = plan
    return plan
