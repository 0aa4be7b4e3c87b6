"""Phases of a challenge, its milestones, the answers of its team's members, and what the team
does on site: its activities, the sources of its evidence and the kinds of its findings."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """Where a challenge is, in order. A coordinator moves it on (the lead too, once on site);
    each move is on its timeline."""

    SCHEDULING = "scheduling", _("Scheduling")
    PREPARING = "preparing", _("Preparing")
    ON_SITE = "on_site", _("On site")
    REPORTING = "reporting", _("Reporting")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def tag_colour(self) -> str:
        return {
            "scheduling": "blue",
            "preparing": "purple",
            "on_site": "turquoise",
            "reporting": "yellow",
            "completed": "green",
            "cancelled": "grey",
        }[self.value]


# Phases in which a team is still being built or changed.
TEAM_OPEN = frozenset({Phase.SCHEDULING, Phase.PREPARING})
# Phases a challenge can no longer change from.
FINISHED = frozenset({Phase.COMPLETED, Phase.CANCELLED})


class ChallengeAction(models.TextChoices):
    """What someone does to a challenge; each is a line of its timeline."""

    CREATE = "create", _("Created the challenge")
    PLAN = "plan", _("Planned the challenge for the cycle")
    SET_DATES = "set_dates", _("Set the on-site dates")
    CONFIRM = "confirm", _("Confirmed the dates and team")
    START_ON_SITE = "start_on_site", _("Started the on-site days")
    START_REPORTING = "start_reporting", _("Finished on site")
    COMPLETE = "complete", _("Completed the challenge")
    CANCEL = "cancel", _("Cancelled the challenge")
    INVITE = "invite", _("Invited a team member")
    ACCEPT = "accept", _("Accepted a place on the team")
    DECLINE = "decline", _("Declined a place on the team")
    REMOVE = "remove", _("Took a member off the team")
    MATCH = "match", _("Accepted the matcher's proposal")
    # On site: what the team did, never what it heard (no evidence in a timeline).
    ADD_ACTIVITY = "add_activity", _("Added an on-site activity")
    CHANGE_ACTIVITY = "change_activity", _("Changed an on-site activity")
    ADD_FINDING = "add_finding", _("Added a finding")
    CHANGE_FINDING = "change_finding", _("Changed a finding")
    MERGE_FINDINGS = "merge_findings", _("Merged a duplicate finding")
    ORDER_FINDINGS = "order_findings", _("Changed the order of the findings")
    # The report: each step of its workflow (challenges.report_services).
    DRAFT_REPORT = "draft_report", _("Started the draft report")
    REVISE_REPORT = "revise_report", _("Saved a new version of the report")
    SEND_FOR_CHECK = "send_for_check", _("Sent the report for the factual-accuracy check")
    COMMENT_REPORT = "comment_report", _("Commented on the report's factual accuracy")
    ANSWER_COMMENT = "answer_comment", _("Answered a factual-accuracy comment")
    FINALISE_REPORT = "finalise_report", _("Signed off the final report")
    CONSENT_REPORT = "consent_report", _("Gave consent to publish the report")
    PUBLISH_REPORT = "publish_report", _("Published the report")
    CREATE_PLAN = "create_plan", _("Created the improvement plan from the report")
    DELETE_EVIDENCE = "delete_evidence", _("Deleted the evidence notes (retention)")
    REQUEST_DATA_PACK = "request_data_pack", _("Asked for the data pack")
    DATA_PACK_READY = "data_pack_ready", _("Data pack ready")


@dataclass(frozen=True)
class Move:
    """One step between phases: from which phases, whether the team lead may take it as well as
    a coordinator, and whether a reason is asked for."""

    action: ChallengeAction
    sources: frozenset[Phase]
    target: Phase
    lead_may: bool = False
    reason_required: bool = False
    reason_label: str | Promise = ""


MOVES: dict[ChallengeAction, Move] = {
    move.action: move
    for move in [
        Move(ChallengeAction.CONFIRM, frozenset({Phase.SCHEDULING}), Phase.PREPARING),
        Move(
            ChallengeAction.START_ON_SITE,
            frozenset({Phase.PREPARING}),
            Phase.ON_SITE,
            lead_may=True,
        ),
        Move(
            ChallengeAction.START_REPORTING,
            frozenset({Phase.ON_SITE}),
            Phase.REPORTING,
            lead_may=True,
        ),
        Move(ChallengeAction.COMPLETE, frozenset({Phase.REPORTING}), Phase.COMPLETED),
        Move(
            ChallengeAction.CANCEL,
            frozenset({Phase.SCHEDULING, Phase.PREPARING}),
            Phase.CANCELLED,
            reason_required=True,
            reason_label=_("Why is the challenge cancelled?"),
        ),
    ]
}


class MilestoneKind(models.TextChoices):
    PLANNING_MEETING = "planning_meeting", _("Planning meeting")
    DATA_PACK_REQUESTED = "data_pack_requested", _("Data pack requested")
    DATA_PACK_RECEIVED = "data_pack_received", _("Data pack received")
    ANALYSIS = "analysis", _("Analysis of the data pack")
    ON_SITE = "on_site", _("On-site days")
    FEEDBACK_MEETING = "feedback_meeting", _("Feedback meeting")
    DRAFT_REPORT = "draft_report", _("Draft report due")
    FACTUAL_ACCURACY = "factual_accuracy", _("Factual-accuracy check by the service")
    FINAL_REPORT = "final_report", _("Final report")
    PUBLICATION = "publication", _("Publication")
    OTHER = "other", _("Other")


class Owner(models.TextChoices):
    """Who a milestone is for, when no one person is named."""

    COORDINATOR = "coordinator", _("The programme coordinator")
    SERVICE = "service", _("The receiving service")
    LEAD = "lead", _("The team lead")
    TEAM = "team", _("The review team")


@dataclass(frozen=True)
class MilestoneDefault:
    kind: MilestoneKind
    owner: Owner
    # Days from the first on-site day (negative: before it), or, with `after_end`, from the last.
    offset: int
    after_end: bool = False


# The milestones a challenge starts with, in order: due dates counted from its on-site days
# (domain 001: planning, data analysis, on site, feedback, report).
MILESTONE_DEFAULTS = (
    MilestoneDefault(MilestoneKind.PLANNING_MEETING, Owner.COORDINATOR, -42),
    MilestoneDefault(MilestoneKind.DATA_PACK_REQUESTED, Owner.COORDINATOR, -35),
    MilestoneDefault(MilestoneKind.DATA_PACK_RECEIVED, Owner.SERVICE, -21),
    MilestoneDefault(MilestoneKind.ANALYSIS, Owner.TEAM, -7),
    MilestoneDefault(MilestoneKind.ON_SITE, Owner.TEAM, 0),
    MilestoneDefault(MilestoneKind.FEEDBACK_MEETING, Owner.LEAD, 0, after_end=True),
    MilestoneDefault(MilestoneKind.DRAFT_REPORT, Owner.LEAD, 21, after_end=True),
    MilestoneDefault(MilestoneKind.FACTUAL_ACCURACY, Owner.SERVICE, 35, after_end=True),
    MilestoneDefault(MilestoneKind.FINAL_REPORT, Owner.LEAD, 49, after_end=True),
    MilestoneDefault(MilestoneKind.PUBLICATION, Owner.COORDINATOR, 63, after_end=True),
)


class MemberStatus(models.TextChoices):
    """A team member's answer to their invitation."""

    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REMOVED = "removed", _("Taken off the team")

    @property
    def tag_colour(self) -> str:
        return {
            "invited": "yellow",
            "accepted": "green",
            "declined": "red",
            "removed": "grey",
        }[self.value]


# Members who hold a place (an invitation not yet answered holds it too).
HOLDS_PLACE = frozenset({MemberStatus.INVITED, MemberStatus.ACCEPTED})


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Working out teams")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    ACCEPTED = "accepted", _("Accepted")


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DISCARDED = "discarded", _("Discarded")


# Phases in which the team records on-site activities, evidence and findings: from the
# preparation (document review and data analysis before the visit) to the report.
ON_SITE_OPEN = frozenset({Phase.PREPARING, Phase.ON_SITE, Phase.REPORTING})


class ActivityKind(models.TextChoices):
    """What the team does on site (domain 001: discussions with key staff and partners,
    observation of practice, focus groups, analysis of documentation)."""

    INDIVIDUAL_DISCUSSION = "individual_discussion", _("Individual discussion")
    GROUP_DISCUSSION = "group_discussion", _("Group discussion")
    FOCUS_GROUP = "focus_group", _("Focus group")
    OBSERVATION = "observation", _("Observation of practice")
    CASE_FILE_AUDIT = "case_file_audit", _("Case-file audit")
    DOCUMENT_REVIEW = "document_review", _("Document review")
    DATA_ANALYSIS = "data_analysis", _("Data analysis")

    @property
    def counts(self) -> str:
        """What an activity of this kind counts: people met, case files or documents read."""
        return {
            "case_file_audit": "case_files",
            "document_review": "documents",
            "data_analysis": "documents",
        }.get(self.value, "people")


class SourceType(models.TextChoices):
    """Where a piece of evidence came from: triangulation counts the different ones."""

    HEARD = "heard", _("Heard in discussion")
    SEEN = "seen", _("Seen in observation of practice")
    CASE_FILES = "case_files", _("Read in case files")
    DOCUMENTS = "documents", _("Read in documents")
    DATA = "data", _("Shown by data")


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    AREA_FOR_DEVELOPMENT = "area_for_development", _("Area for development")
    RECOMMENDATION = "recommendation", _("Recommendation")
    AREA_FOR_CONSIDERATION = "area_for_consideration", _("Area for consideration")

    @property
    def tag_colour(self) -> str:
        return {
            "strength": "green",
            "area_for_development": "orange",
            "recommendation": "blue",
            "area_for_consideration": "purple",
        }[self.value]


class ReportState(models.TextChoices):
    """Where a report is, in order: the lead drafts it; the receiving service checks its
    factual accuracy, commenting per section, and the lead answers; the lead signs off the
    final report; it is published when the offer's rule or the service's consent allows."""

    DRAFT = "draft", _("Draft")
    FACTUAL_CHECK = "factual_check", _("Factual-accuracy check")
    FINAL = "final", _("Final")
    PUBLISHED = "published", _("Published")

    @property
    def tag_colour(self) -> str:
        return {
            "draft": "grey",
            "factual_check": "yellow",
            "final": "blue",
            "published": "green",
        }[self.value]
