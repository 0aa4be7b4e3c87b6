"""Writes for applications and the programme board: one function per use case, each in a
transaction. Every change of an application's state goes through application_transition,
which checks the transition table, records the event and queues the emails."""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import Organisation, User
from accounts.roles import roles_for
from accounts.rules import is_superuser
from accounts.selectors import coordinator_emails
from accounts.services import members_join
from core.once import create_once
from core.tasks import send_templated_email_after_commit
from core.uploads import KINDS, name_fits_kind, sniff_content_type
from offers.models import Cycle, LineOfEnquiry, ReviewType
from offers.selectors import cycles_open

from . import selectors
from .enums import (
    EDITABLE_STATES,
    TRANSITIONS,
    Actor,
    ApplicationAction,
    ApplicationState,
    DecisionOutcome,
    SubsidyLevel,
    SupportingDocumentKind,
)
from .models import (
    AgendaItem,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    BoardMeeting,
    Decision,
    DeclarationOfInterest,
)


class ApplicationError(Exception):
    """A change the rules do not allow; its message is shown to the user as it is."""


# --- Who may act -----------------------------------------------------------------------------


def actors_for(*, user: User, application: Application) -> set[Actor]:
    """The capacities in which `user` may act on `application`. Superusers (technical staff)
    may act in every one, as they may everywhere."""
    if is_superuser(user):
        return set(Actor)
    roles = roles_for(user)
    actors = set()
    if application.organisation_id in roles.organisation_ids(Role.SERVICE_LEAD):
        actors.add(Actor.SERVICE)
    if application.programme_id in roles.programme_ids(Role.COORDINATOR):
        actors.add(Actor.COORDINATOR)
    if application.programme_id in roles.programme_ids(Role.BOARD_MEMBER):
        actors.add(Actor.BOARD)
    return actors


def available_actions(*, user: User, application: Application) -> list[ApplicationAction]:
    """The transitions `user` could take on `application` now (for showing buttons)."""
    actors = actors_for(user=user, application=application)
    return [
        action
        for action, transition in TRANSITIONS.items()
        if application.state in transition.sources and actors & transition.actors
    ]


# --- Drafting --------------------------------------------------------------------------------


def _editable(application: Application) -> None:
    if application.state not in EDITABLE_STATES:
        raise ApplicationError(
            _("This application is %(state)s: its answers can no longer be changed.")
            % {"state": application.get_state_display().lower()}
        )


@transaction.atomic
def application_create(
    *, organisation: Organisation, review_type: ReviewType, by: User, token: uuid.UUID
) -> Application:
    """Start a draft for `review_type`. The start form's token makes it once (core.once): the
    same form sent again (a double click) returns the draft it already made."""
    application, created = create_once(
        Application(
            programme_id=review_type.programme_id,
            organisation=organisation,
            review_type=review_type,
            created_by=by,
            reviewer_days_requested=review_type.reviewer_days,
            funding_requested=review_type.funding,
            contact_name=by.full_name,
            contact_email=by.email,
            contact_phone=by.phone,
        ),
        token=token,
        owner=["created_by"],
    )
    if created:
        ApplicationEvent.objects.create(
            application=application,
            action=ApplicationAction.CREATE,
            to_state=ApplicationState.DRAFT,
            actor=by,
        )
        # Applying makes the service a member of the programme.
        members_join([(application.programme_id, organisation.pk)])
    return application


@transaction.atomic
def application_change_offer(*, application: Application, review_type: ReviewType) -> Application:
    """Ask for another offer of the same programme; the requested resource follows it."""
    _editable(application)
    if review_type.programme_id != application.programme_id:
        raise ApplicationError(_("Choose an offer of the same programme"))
    application.review_type = review_type
    application.reviewer_days_requested = review_type.reviewer_days
    application.funding_requested = review_type.funding
    if not review_type.virtual_allowed:
        application.delivery_mode = ""
    application.save()
    return application


@transaction.atomic
def application_update_focus(
    *, application: Application, lines_of_enquiry: list[LineOfEnquiry], other_focus: str
) -> Application:
    _editable(application)
    if any(line.programme_id != application.programme_id for line in lines_of_enquiry):
        raise ApplicationError(_("Choose key lines of enquiry of this programme"))
    application.other_focus = other_focus
    application.save()
    application.lines_of_enquiry.set(lines_of_enquiry)
    return application


@transaction.atomic
def application_update_answers(*, application: Application, **answers: object) -> Application:
    """Save answers to the simple questions (context, publication, contact)."""
    _editable(application)
    allowed = {
        "context",
        "reasons",
        "publication_consent",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
    if unknown := set(answers) - allowed:
        raise ValueError(f"Not an answer: {sorted(unknown)}")
    for name, value in answers.items():
        setattr(application, name, value)
    application.save()
    return application


def cycle_for_window(
    *, programme_id: int, starts_on: datetime.date, ends_on: datetime.date
) -> Cycle:
    """The open cycle that holds the whole window; a ValidationError on the dates when none
    does, naming the cycles there are."""
    if ends_on < starts_on:
        raise ValidationError(
            {"window_ends_on": _("The end of the window must be the same as or after its start")}
        )
    today = timezone.localdate()
    if starts_on <= today:
        raise ValidationError(
            {"window_starts_on": _("The start of the window must be in the future")}
        )
    cycles = list(cycles_open(programme_id=programme_id))
    for cycle in cycles:
        if cycle.starts_on <= starts_on and ends_on <= cycle.ends_on:
            return cycle
    if not cycles:
        raise ValidationError(
            {"window_starts_on": _("The programme has no cycle open for applications")}
        )
    periods = "; ".join(
        _("%(name)s: %(start)s to %(end)s")
        % {
            "name": cycle.name,
            "start": date_format(cycle.starts_on, "j F Y"),
            "end": date_format(cycle.ends_on, "j F Y"),
        }
        for cycle in cycles
    )
    raise ValidationError(
        {
            "window_starts_on": _(
                "The window must fall within a cycle open for applications (%(periods)s)"
            )
            % {"periods": periods}
        }
    )


@transaction.atomic
def application_update_window(
    *,
    application: Application,
    window_starts_on: datetime.date,
    window_ends_on: datetime.date,
    delivery_mode: str = "",
) -> Application:
    """Set the preferred window, and with it the cycle whose resource the review would use."""
    _editable(application)
    cycle = cycle_for_window(
        programme_id=application.programme_id, starts_on=window_starts_on, ends_on=window_ends_on
    )
    application.window_starts_on = window_starts_on
    application.window_ends_on = window_ends_on
    application.cycle = cycle
    application.delivery_mode = delivery_mode if application.review_type.virtual_allowed else ""
    application.save()
    return application


@transaction.atomic
def application_add_document(
    *, application: Application, by: User, kind: str, upload: UploadedFile
) -> ApplicationDocument:
    """Store a supporting document once its content shows it is PDF, Word, Excel or CSV, its
    name ends as such a file's does, and it is within the size limit."""
    _editable(application)
    limit = settings.APPLICATION_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file must be smaller than %(size)s MB") % {"size": limit // 2**20}}
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The selected file is empty")})
    content_type = sniff_content_type(upload)
    if content_type not in KINDS or not name_fits_kind(upload.name, content_type):
        raise ValidationError(
            {"file": _("The selected file must be a PDF, Word, Excel or CSV file")}
        )
    document = ApplicationDocument(
        application=application,
        kind=SupportingDocumentKind(kind),
        original_name=upload.name[-255:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save("upload", upload, save=False)
    document.save()
    return document


@transaction.atomic
def application_remove_document(*, document: ApplicationDocument) -> None:
    _editable(document.application)
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- The lifecycle ---------------------------------------------------------------------------


@transaction.atomic
def application_transition(
    *,
    application: Application,
    action: ApplicationAction,
    by: User,
    reason: str = "",
    meeting: BoardMeeting | None = None,
) -> Application:
    """Take `action` on the application if the transition table allows it from the current
    state and `by` may take it; record who, when and why; queue the emails after commit."""
    transition = TRANSITIONS[action]
    # Lock the row: two people acting at once (or a double click) see each other's change.
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.state not in transition.sources:
        raise ApplicationError(
            _("You cannot do this: the application is %(state)s.")
            % {"state": locked.get_state_display().lower()}
        )
    if not actors_for(user=by, application=locked) & transition.actors:
        raise ApplicationError(_("You cannot do this to this application."))
    if transition.reason_required and not reason.strip():
        raise ValidationError({"reason": _("Give a reason")})
    if action in (ApplicationAction.SUBMIT, ApplicationAction.RESUBMIT) and (
        missing := selectors.missing_answers(application=locked)
    ):
        raise ApplicationError(missing[0].message)
    from_state = locked.state
    locked.state = transition.target
    if action == ApplicationAction.SUBMIT and locked.submitted_at is None:
        locked.submitted_at = timezone.now()
    locked.save(update_fields=["state", "submitted_at", "updated_at"])
    ApplicationEvent.objects.create(
        application=locked,
        action=action,
        from_state=from_state,
        to_state=locked.state,
        actor=by,
        message=reason.strip(),
        meeting=meeting,
    )
    _notify(application=locked, action=action, by=by, reason=reason.strip())
    application.refresh_from_db()
    return application


# --- Email -----------------------------------------------------------------------------------


def _applicant_addresses(application: Application) -> list[str]:
    leads = User.objects.filter(
        memberships__role=Role.SERVICE_LEAD,
        memberships__organisation_id=application.organisation_id,
        is_active=True,
    ).values_list("email", flat=True)
    return sorted({application.contact_email, *leads} - {""})


def _coordinator_addresses(application: Application) -> list[str]:
    return coordinator_emails(programme_id=application.programme_id)


_EMAILS = {
    ApplicationAction.SUBMIT: ("submitted", _coordinator_addresses),
    ApplicationAction.RESUBMIT: ("submitted", _coordinator_addresses),
    ApplicationAction.REQUEST_INFORMATION: ("more_information", _applicant_addresses),
    ApplicationAction.APPROVE: ("decision", _applicant_addresses),
    ApplicationAction.DECLINE: ("decision", _applicant_addresses),
    ApplicationAction.DEFER: ("decision", _applicant_addresses),
}


def _notify(*, application: Application, action: ApplicationAction, by: User, reason: str) -> None:
    """Queue the email this action sends (if any), once the transaction commits."""
    if action not in _EMAILS:
        return
    template, recipients = _EMAILS[action]
    to = recipients(application)
    if not to:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("applications:detail", args=[application.pk])
    context = {
        "application": application,
        "action": action,
        "by": by,
        "reason": reason,
        "link": link,
        "decision": application.decisions.order_by("-created_at").first()
        if template == "decision"
        else None,
    }
    send_templated_email_after_commit(
        template=f"applications/email/{template}", context=context, to=to
    )


# --- Board meetings --------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *,
    meeting: BoardMeeting,
    expected_members: list[User],
) -> BoardMeeting:
    """Create or change a meeting's details and who is expected."""
    meeting.full_clean()
    meeting.save()
    meeting.expected_members.set(expected_members)
    return meeting


@transaction.atomic
def meeting_record_attendance(
    *, meeting: BoardMeeting, present: list[User], minutes: str
) -> BoardMeeting:
    meeting.minutes = minutes
    meeting.save(update_fields=["minutes", "updated_at"])
    meeting.present_members.set(present)
    return meeting


@transaction.atomic
def agenda_add(
    *, meeting: BoardMeeting, applications: list[Application], by: User
) -> list[AgendaItem]:
    """Put applications ready for decision on the agenda, after the items already there."""
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    items = []
    for offset, application in enumerate(applications, start=1):
        if application.programme_id != meeting.programme_id:
            raise ApplicationError(_("Only this programme's applications can go on its agenda"))
        application_transition(
            application=application,
            action=ApplicationAction.PLACE_ON_AGENDA,
            by=by,
            meeting=meeting,
        )
        items.append(
            AgendaItem.objects.create(
                meeting=meeting, application=application, position=last + offset
            )
        )
    return items


@transaction.atomic
def agenda_move(*, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour above or below."""
    items = list(item.meeting.items.select_for_update().order_by("position", "pk"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return
    items[index], items[other] = items[other], items[index]
    for position, candidate in enumerate(items, start=1):
        if candidate.position != position:
            candidate.position = position
            candidate.save(update_fields=["position", "updated_at"])


@transaction.atomic
def agenda_remove(*, item: AgendaItem, by: User) -> None:
    """Take an undecided application off the agenda; it is ready for another meeting."""
    if hasattr(item, "decision"):
        raise ApplicationError(_("This item has been decided and stays on the agenda"))
    application_transition(
        application=item.application,
        action=ApplicationAction.REMOVE_FROM_AGENDA,
        by=by,
        meeting=item.meeting,
    )
    item.delete()


@transaction.atomic
def declaration_record(
    *, item: AgendaItem, member: User, reason: str, by: User
) -> DeclarationOfInterest:
    if hasattr(item, "decision"):
        raise ApplicationError(_("This item has already been decided"))
    if (
        not selectors.board_members_for(programme_id=item.meeting.programme_id)
        .filter(pk=member.pk)
        .exists()
    ):
        raise ValidationError({"member": _("Choose a member of this programme's board")})
    if item.declarations.filter(member=member).exists():
        raise ValidationError({"member": _("This member has already declared an interest")})
    if not reason.strip():
        raise ValidationError({"reason": _("Describe the interest")})
    return DeclarationOfInterest.objects.create(
        agenda_item=item, member=member, reason=reason.strip(), recorded_by=by
    )


@transaction.atomic
def decision_record(
    *,
    item: AgendaItem,
    by: User,
    outcome: str,
    rationale: str = "",
    reviewer_days: int = 0,
    funding: Decimal = Decimal(0),
    subsidy_level: str = "",
    window_starts_on: datetime.date | None = None,
    window_ends_on: datetime.date | None = None,
    override_reason: str = "",
) -> Decision:
    """Record the board's decision on an agenda item and move the application on.

    Refused when `by` has a conflict of interest in the item, when the rationale is missing
    for a decline or deferral, and when an approval goes beyond the cycle's capacity without
    an override reason."""
    item = AgendaItem.objects.select_for_update().select_related("application").get(pk=item.pk)
    if hasattr(item, "decision"):
        raise ApplicationError(_("This item has already been decided"))
    if reason := selectors.conflict_reason(item=item, user=by):
        raise ApplicationError(
            _("You have an interest in this application (%(reason)s), so you cannot decide it.")
            % {"reason": reason}
        )
    outcome = DecisionOutcome(outcome)
    errors = {}
    if outcome != DecisionOutcome.APPROVED and not rationale.strip():
        errors["rationale"] = _("Give the reason for the decision")
    over_capacity = False
    if outcome == DecisionOutcome.APPROVED:
        reviewer_days, funding = reviewer_days or 0, funding or Decimal(0)
        if not window_starts_on or not window_ends_on:
            errors["window_starts_on"] = _("Give the agreed window for the review")
        elif window_ends_on < window_starts_on:
            errors["window_ends_on"] = _(
                "The end of the window must be the same as or after its start"
            )
        if not subsidy_level:
            errors["subsidy_level"] = _("Choose the subsidy level")
        cycle = item.application.cycle
        if cycle is not None:
            capacity = selectors.capacity_for(cycle=cycle)
            over_capacity = capacity.exceeded_by(reviewer_days=reviewer_days, funding=funding)
        if over_capacity and not override_reason.strip():
            errors["override_reason"] = _(
                "This goes beyond what the cycle has left. To approve it anyway, say why."
            )
    else:
        reviewer_days, funding, subsidy_level = 0, Decimal(0), ""
        window_starts_on = window_ends_on = None
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        agenda_item=item,
        application=item.application,
        outcome=outcome,
        rationale=rationale.strip(),
        reviewer_days=reviewer_days,
        funding=funding,
        subsidy_level=SubsidyLevel(subsidy_level) if subsidy_level else "",
        window_starts_on=window_starts_on,
        window_ends_on=window_ends_on,
        over_capacity=over_capacity,
        override_reason=override_reason.strip() if over_capacity else "",
        decided_by=by,
    )
    application_transition(
        application=item.application,
        action=outcome.action,
        by=by,
        reason=rationale,
        meeting=item.meeting,
    )
    return decision


@transaction.atomic
def decisions_record_batch(
    *,
    items: list[AgendaItem],
    by: User,
    outcome: str,
    rationale: str = "",
    subsidy_level: str = "",
    override_reason: str = "",
) -> list[Decision]:
    """The same decision on several items at once: on approval each gets the resource it
    asked for and its preferred window. All or nothing: one refusal records none."""
    if not items:
        raise ValidationError({"items": _("Choose at least one application")})
    decisions = []
    for item in items:
        application = item.application
        try:
            decisions.append(
                decision_record(
                    item=item,
                    by=by,
                    outcome=outcome,
                    rationale=rationale,
                    reviewer_days=application.reviewer_days_requested,
                    funding=application.funding_requested,
                    subsidy_level=subsidy_level,
                    window_starts_on=application.window_starts_on,
                    window_ends_on=application.window_ends_on,
                    override_reason=override_reason,
                )
            )
        except ApplicationError as error:
            raise ApplicationError(f"{application.reference}: {error}") from error
    return decisions
