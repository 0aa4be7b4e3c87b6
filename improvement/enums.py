"""Plan sources, ratings, action statuses and RAG for improvement plans."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanSource(models.TextChoices):
    PEER_REVIEW = "peer_review", _("Peer review")
    INSPECTION = "inspection", _("Inspection")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    OTHER = "other", _("Other")


class PlanState(models.TextChoices):
    """Whether a plan is being worked on. A closed plan is finished and read-only in practice;
    an archived one is also left off the lists and dashboards unless asked for."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class ItemKind(models.TextChoices):
    """What a peer review or inspection report gives: recommendations and areas for
    consideration, which carry actions and RAG, and strengths, which are kept and shown but
    carry neither."""

    RECOMMENDATION = "recommendation", _("Recommendation")
    AREA_FOR_CONSIDERATION = "area_for_consideration", _("Area for consideration")
    STRENGTH = "strength", _("Strength")


class Inspectorate(models.TextChoices):
    HMIP = "hmip", _("HM Inspectorate of Probation")
    OFSTED = "ofsted", _("Ofsted")
    CQC = "cqc", _("Care Quality Commission")
    CIW = "ciw", _("Care Inspectorate Wales")
    ESTYN = "estyn", _("Estyn")
    OTHER = "other", _("Other inspectorate")


class OverallRating(models.TextChoices):
    OUTSTANDING = "outstanding", _("Outstanding")
    GOOD = "good", _("Good")
    REQUIRES_IMPROVEMENT = "requires_improvement", _("Requires improvement")
    INADEQUATE = "inadequate", _("Inadequate")


class ActionStatus(models.TextChoices):
    """Where an action stands. Separate from RAG: work can be complete and still await the
    board's sign-off."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    AWAITING_SIGN_OFF = "awaiting_sign_off", _("Complete, awaiting sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")


class ActionEventKind(models.TextChoices):
    """What changed an action's status, in its history. The service marks an action complete
    (proposing it for sign-off) or changes its status otherwise; only the improvement board
    or the programme's coordinator signs it off, sends it back, or reopens one signed off."""

    STATUS_CHANGED = "status_changed", _("Status changed")
    COMPLETION_PROPOSED = "completion_proposed", _("Marked complete, for sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")
    SENT_BACK = "sent_back", _("Sent back")
    REOPENED = "reopened", _("Reopened")


# Counted beside the RAG ratings: an item with no progress update yet.
NO_UPDATE = "none"


class Rag(models.TextChoices):
    """Red, amber, green. Always shown with its word, never by colour alone."""

    RED = "red", _("Red")
    AMBER = "amber", _("Amber")
    GREEN = "green", _("Green")

    @property
    def tag_colour(self) -> str:
        return {"red": "red", "amber": "orange", "green": "green"}[self.value]
