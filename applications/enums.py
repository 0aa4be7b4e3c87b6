"""States and kinds for offers, applications and board decisions, with the application
lifecycle's transition table."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class SupportingDocumentKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    DATA_PACK = "data_pack", _("Data pack")
    OTHER = "other", _("Other supporting document")


class SubsidyLevel(models.TextChoices):
    FULL = "full", _("Fully funded by the programme")
    PARTIAL = "partial", _("Part funded by the programme")
    NONE = "none", _("Funded by the service")


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    MORE_INFORMATION = "more_information", _("More information requested")
    ON_AGENDA = "on_agenda", _("On a board agenda")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    DEFERRED = "deferred", _("Deferred")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @property
    def tag_colour(self) -> str:
        """The GOV.UK tag modifier that shows this state (its text is always shown too)."""
        return {
            "draft": "grey",
            "submitted": "blue",
            "more_information": "yellow",
            "on_agenda": "purple",
            "approved": "green",
            "declined": "red",
            "deferred": "orange",
            "withdrawn": "grey",
        }[self.value]


# States in which the service may still change its answers.
EDITABLE_STATES = frozenset({ApplicationState.DRAFT, ApplicationState.MORE_INFORMATION})
# States waiting for a board decision: their requests count as pending demand on capacity.
PENDING_STATES = frozenset(
    {
        ApplicationState.SUBMITTED,
        ApplicationState.MORE_INFORMATION,
        ApplicationState.ON_AGENDA,
        ApplicationState.DEFERRED,
    }
)
# States an application can be placed on a meeting's agenda from.
READY_FOR_AGENDA = frozenset({ApplicationState.SUBMITTED, ApplicationState.DEFERRED})
# States a board decision leaves an application in.
DECIDED_STATES = frozenset(
    {ApplicationState.APPROVED, ApplicationState.DECLINED, ApplicationState.DEFERRED}
)


class ApplicationAction(models.TextChoices):
    """What someone does to an application. Each is one row of the transition table."""

    CREATE = "create", _("Started the application")
    SUBMIT = "submit", _("Submitted the application")
    REQUEST_INFORMATION = "request_information", _("Asked for more information")
    RESUBMIT = "resubmit", _("Answered and submitted again")
    PLACE_ON_AGENDA = "place_on_agenda", _("Placed on a board agenda")
    REMOVE_FROM_AGENDA = "remove_from_agenda", _("Taken off a board agenda")
    APPROVE = "approve", _("Approved")
    DECLINE = "decline", _("Declined")
    DEFER = "defer", _("Deferred")
    AMEND_DECISION = "amend_decision", _("Amended the decision")
    RESCIND_DECISION = "rescind_decision", _("Rescinded the decision")
    WITHDRAW = "withdraw", _("Withdrew the application")


class Actor(models.TextChoices):
    """Who may take an action (checked against the person's role for the application)."""

    SERVICE = "service", _("the service")
    COORDINATOR = "coordinator", _("a programme coordinator")
    BOARD = "board", _("the programme board")


@dataclass(frozen=True)
class Transition:
    action: ApplicationAction
    sources: frozenset[ApplicationState]
    # One state; or the states the person may choose between (amending a decision leads to
    # the state of its new outcome).
    target: ApplicationState | frozenset[ApplicationState]
    actors: frozenset[Actor]
    # Whether the person must say why (shown on the timeline and in the email).
    reason_required: bool = False
    reason_label: str | Promise = ""
    # What the error says when the reason is left out: what is missing, in the words of the
    # question asked.
    reason_missing: str | Promise = ""

    @property
    def targets(self) -> frozenset[ApplicationState]:
        return self.target if isinstance(self.target, frozenset) else frozenset({self.target})


S = ApplicationState
TRANSITIONS: dict[ApplicationAction, Transition] = {
    t.action: t
    for t in [
        Transition(
            ApplicationAction.SUBMIT, frozenset({S.DRAFT}), S.SUBMITTED, frozenset({Actor.SERVICE})
        ),
        Transition(
            ApplicationAction.REQUEST_INFORMATION,
            frozenset({S.SUBMITTED}),
            S.MORE_INFORMATION,
            frozenset({Actor.COORDINATOR}),
            reason_required=True,
            reason_label=_("What information do you need from the service?"),
            reason_missing=_("Enter what information you need from the service"),
        ),
        Transition(
            ApplicationAction.RESUBMIT,
            frozenset({S.MORE_INFORMATION}),
            S.SUBMITTED,
            frozenset({Actor.SERVICE}),
            reason_required=True,
            reason_label=_("Your answer to the coordinator"),
            reason_missing=_("Enter your answer to the coordinator"),
        ),
        Transition(
            ApplicationAction.PLACE_ON_AGENDA,
            READY_FOR_AGENDA,
            S.ON_AGENDA,
            frozenset({Actor.COORDINATOR}),
        ),
        Transition(
            ApplicationAction.REMOVE_FROM_AGENDA,
            frozenset({S.ON_AGENDA}),
            S.SUBMITTED,
            frozenset({Actor.COORDINATOR}),
        ),
        Transition(
            ApplicationAction.APPROVE,
            frozenset({S.ON_AGENDA}),
            S.APPROVED,
            frozenset({Actor.BOARD, Actor.COORDINATOR}),
        ),
        Transition(
            ApplicationAction.DECLINE,
            frozenset({S.ON_AGENDA}),
            S.DECLINED,
            frozenset({Actor.BOARD, Actor.COORDINATOR}),
            reason_required=True,
            reason_missing=_("Say why the application is declined"),
        ),
        Transition(
            ApplicationAction.DEFER,
            frozenset({S.ON_AGENDA}),
            S.DEFERRED,
            frozenset({Actor.BOARD, Actor.COORDINATOR}),
            reason_required=True,
            reason_missing=_("Say why the decision is deferred"),
        ),
        # A decision changed afterwards: the application takes the state of its new outcome.
        Transition(
            ApplicationAction.AMEND_DECISION,
            DECIDED_STATES,
            DECIDED_STATES,
            frozenset({Actor.BOARD, Actor.COORDINATOR}),
            reason_required=True,
            reason_missing=_("Say why the decision changes"),
        ),
        # An approval or a decline withdrawn by the board: the application waits for an
        # agenda again. (A deferral needs no rescinding: it already waits for one.)
        Transition(
            ApplicationAction.RESCIND_DECISION,
            frozenset({S.APPROVED, S.DECLINED}),
            S.SUBMITTED,
            frozenset({Actor.BOARD, Actor.COORDINATOR}),
            reason_required=True,
            reason_missing=_("Say why the decision is rescinded"),
        ),
        Transition(
            ApplicationAction.WITHDRAW,
            frozenset({S.DRAFT, S.SUBMITTED, S.MORE_INFORMATION, S.ON_AGENDA, S.DEFERRED}),
            S.WITHDRAWN,
            frozenset({Actor.SERVICE}),
            reason_required=True,
            reason_label=_("Why are you withdrawing the application?"),
            reason_missing=_("Enter why you are withdrawing the application"),
        ),
    ]
}
del S


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    DEFERRED = "deferred", _("Deferred to a later meeting")

    @property
    def action(self) -> ApplicationAction:
        return {
            "approved": ApplicationAction.APPROVE,
            "declined": ApplicationAction.DECLINE,
            "deferred": ApplicationAction.DEFER,
        }[self.value]

    @property
    def state(self) -> ApplicationState:
        """The state this outcome leaves the application in."""
        return ApplicationState(self.value)


class DecisionRoute(models.TextChoices):
    """How the board took a decision: at a meeting, or between meetings where the
    programme's terms of reference allow it."""

    MEETING = "meeting", _("At a board meeting")
    CHAIRS_ACTION = "chairs_action", _("Chair's action")
    WRITTEN_PROCEDURE = "written_procedure", _("Written procedure")


# The routes for deciding between meetings.
BETWEEN_MEETINGS = (DecisionRoute.CHAIRS_ACTION, DecisionRoute.WRITTEN_PROCEDURE)


class DecisionChangeKind(models.TextChoices):
    AMENDED = "amended", _("Amended")
    RESCINDED = "rescinded", _("Rescinded")
