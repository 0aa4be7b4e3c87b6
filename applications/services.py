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
from accounts.models import Organisation, Programme, User
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
    BETWEEN_MEETINGS,
    EDITABLE_STATES,
    TRANSITIONS,
    Actor,
    ApplicationAction,
    ApplicationState,
    DecisionChangeKind,
    DecisionOutcome,
    DecisionRoute,
    SubsidyLevel,
    SupportingDocumentKind,
)
from .models import (
    AgendaItem,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    BoardMeeting,
    BoardTerms,
    Decision,
    DecisionChange,
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
    route: str = "",
    route_reason: str = "",
    to: ApplicationState | None = None,
) -> Application:
    """Take `action` on the application if the transition table allows it from the current
    state and `by` may take it; record who, when and why (and, for a board decision, how the
    board took it); queue the emails after commit. `to` names the state for an action that
    may lead to more than one (amending a decision)."""
    transition = TRANSITIONS[action]
    if to is None:
        if len(transition.targets) != 1:
            raise ValueError(f"Name the state {action} leads to")
        [target] = transition.targets
    elif to in transition.targets:
        target = ApplicationState(to)
    else:
        raise ValueError(f"{action} does not lead to {to}")
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
        raise ValidationError({"reason": transition.reason_missing})
    if action in (ApplicationAction.SUBMIT, ApplicationAction.RESUBMIT) and (
        missing := selectors.missing_answers(application=locked)
    ):
        raise ApplicationError(missing[0].message)
    from_state = locked.state
    locked.state = target
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
        route=route,
        route_reason=route_reason.strip(),
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
    ApplicationAction.AMEND_DECISION: ("decision_amended", _applicant_addresses),
    ApplicationAction.RESCIND_DECISION: ("decision_rescinded", _applicant_addresses),
}
# The emails that tell the service about a decision, which they show.
_DECISION_EMAILS = {"decision", "decision_amended", "decision_rescinded"}


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
        "decision": application.decisions.order_by("-created_at", "-pk").first()
        if template in _DECISION_EMAILS
        else None,
    }
    send_templated_email_after_commit(
        template=f"applications/email/{template}", context=context, to=to
    )


# --- The board's terms of reference ---------------------------------------------------------


@transaction.atomic
def board_terms_save(
    *,
    programme: Programme,
    quorum: int,
    chairs_action_allowed: bool,
    chair: User | None,
    written_procedure_allowed: bool,
) -> BoardTerms:
    """Set the board's quorum, its chair, and which routes it may decide by between meetings.
    Chair's action needs a chair, who must sit on the programme's board."""
    terms = BoardTerms.objects.select_for_update().filter(
        programme=programme
    ).first() or BoardTerms(programme=programme)
    if chair is not None and not (
        selectors.board_members_for(programme_id=programme.pk).filter(pk=chair.pk).exists()
    ):
        raise ValidationError({"chair": _("Choose a member of this programme's board")})
    if chairs_action_allowed and chair is None:
        raise ValidationError({"chair": _("Choose the board's chair, who takes chair's action")})
    terms.quorum = quorum
    terms.chairs_action_allowed = chairs_action_allowed
    terms.chair = chair
    terms.written_procedure_allowed = written_procedure_allowed
    terms.full_clean()
    terms.save()
    return terms


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
    """Record who was present and the minutes. Once the meeting has recorded decisions,
    nobody who was present can be taken off: its decisions were recorded with them counted
    towards the quorum. (Someone left off by mistake can still be added.)"""
    meeting = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
    decided = Decision.objects.filter(
        agenda_item__meeting=meeting, route__in=[DecisionRoute.MEETING, ""]
    ).exists()
    if decided:
        kept = {member.pk for member in present}
        removed = [m for m in meeting.present_members.all() if m.pk not in kept]
        if removed:
            raise ValidationError(
                {
                    "present_members": _(
                        "This meeting has recorded decisions with %(people)s counted as "
                        "present, so they cannot be taken off the attendance"
                    )
                    % {"people": ", ".join(str(member) for member in removed)}
                }
            )
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


def _refuse_if_interested(*, item: AgendaItem, by: User) -> None:
    if reason := selectors.conflict_reason(item=item, user=by):
        raise ApplicationError(
            _("You have an interest in this application (%(reason)s), so you cannot decide it.")
            % {"reason": reason}
        )


def _between_meetings_check(
    *, item: AgendaItem, by: User, route: DecisionRoute, written_agreement: list[User]
) -> None:
    """Refuse a decision between meetings that the board's terms do not allow: the route,
    who records it, and for a written procedure, who agreed (board members without an
    interest in the item, at least the quorum)."""
    programme = item.application.programme
    if refusal := selectors.between_meetings_refusal(programme=programme, user=by, route=route):
        raise ApplicationError(refusal)
    if route != DecisionRoute.WRITTEN_PROCEDURE:
        return
    board = selectors.board_members_for(programme_id=programme.pk)
    agreed_ids = {member.pk for member in written_agreement}
    if agreed_ids - set(board.filter(pk__in=agreed_ids).values_list("pk", flat=True)):
        raise ValidationError({"written_agreement": _("Choose members of this programme's board")})
    if interested := selectors.interested_ids(item=item, user_ids=agreed_ids):
        raise ValidationError(
            {
                "written_agreement": [
                    _("%(name)s has an interest in this application and takes no part")
                    % {"name": name}
                    for name in sorted(str(m) for m in written_agreement if m.pk in interested)
                ]
            }
        )
    refusal = selectors.between_meetings_refusal(
        programme=programme,
        user=by,
        route=route,
        item=item,
        written_agreement=written_agreement,
    )
    if refusal:
        raise ApplicationError(refusal)


def _authority_check(
    *,
    decision: Decision,
    by: User,
    route: str,
    meeting: BoardMeeting | None,
    written_agreement: list[User],
) -> DecisionRoute:
    """Refuse a change to `decision` that the board has not agreed as its governance asks:
    at a meeting of its programme held on or after the decision and quorate for the item,
    or between meetings by a route its terms allow."""
    route = DecisionRoute(route)
    item = decision.agenda_item
    if route != DecisionRoute.MEETING:
        _between_meetings_check(item=item, by=by, route=route, written_agreement=written_agreement)
        return route
    if meeting is None or meeting.programme_id != item.meeting.programme_id:
        raise ValidationError({"meeting": _("Choose a meeting of this programme's board")})
    decided_on = selectors.decided_on(decision=decision)
    if meeting.held_on < decided_on:
        raise ValidationError(
            {
                "meeting": _(
                    "Choose a meeting held on or after %(date)s, when the board made this decision"
                )
                % {"date": date_format(decided_on, "j F Y")}
            }
        )
    if refusal := selectors.decision_refusal(meeting=meeting, item=item):
        raise ApplicationError(refusal)
    return route


def _decision_values(
    *,
    application: Application,
    outcome: str,
    rationale: str = "",
    reviewer_days: int | None = 0,
    funding: Decimal | None = Decimal(0),
    subsidy_level: str = "",
    window_starts_on: datetime.date | None = None,
    window_ends_on: datetime.date | None = None,
    override_reason: str = "",
    allocated: tuple[int, Decimal] = (0, Decimal(0)),
) -> tuple[dict, dict]:
    """A decision's fields from what the board decided, and the errors in it: a decline or
    deferral needs its rationale; an approval its window and subsidy level, and an override
    reason when it goes beyond what the application's cycle has left (`allocated` is what
    the decision being amended already holds, given back first). Allocation given with a
    decline or deferral is ignored."""
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
        if application.cycle is not None:
            capacity = selectors.capacity_for(cycle=application.cycle)
            over_capacity = capacity.exceeded_by(
                reviewer_days=reviewer_days - allocated[0], funding=funding - allocated[1]
            )
        if over_capacity and not override_reason.strip():
            errors["override_reason"] = _(
                "This goes beyond what the cycle has left. To approve it anyway, say why."
            )
    else:
        reviewer_days, funding, subsidy_level = 0, Decimal(0), ""
        window_starts_on = window_ends_on = None
    values = {
        "outcome": outcome,
        "rationale": rationale.strip(),
        "reviewer_days": reviewer_days,
        "funding": funding,
        "subsidy_level": SubsidyLevel(subsidy_level) if subsidy_level else "",
        "window_starts_on": window_starts_on,
        "window_ends_on": window_ends_on,
        "over_capacity": over_capacity,
        "override_reason": override_reason.strip() if over_capacity else "",
    }
    return values, errors


def _undecided(item: AgendaItem) -> AgendaItem:
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("application__programme", "meeting__programme")
        .get(pk=item.pk)
    )
    if hasattr(item, "decision"):
        raise ApplicationError(_("This item has already been decided"))
    return item


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
    """Record the decision the board took on an agenda item at its meeting, and move the
    application on.

    Refused when `by` has a conflict of interest in the item; when the meeting has not been
    held yet, or too few members without an interest in the item were present for its
    quorum; when the rationale is missing for a decline or deferral; and when an approval
    goes beyond the cycle's capacity without an override reason."""
    item = _undecided(item)
    _refuse_if_interested(item=item, by=by)
    if refusal := selectors.decision_refusal(meeting=item.meeting, item=item):
        raise ApplicationError(refusal)
    values, errors = _decision_values(
        application=item.application,
        outcome=outcome,
        rationale=rationale,
        reviewer_days=reviewer_days,
        funding=funding,
        subsidy_level=subsidy_level,
        window_starts_on=window_starts_on,
        window_ends_on=window_ends_on,
        override_reason=override_reason,
    )
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        agenda_item=item, application=item.application, decided_by=by, **values
    )
    application_transition(
        application=item.application,
        action=values["outcome"].action,
        by=by,
        reason=rationale,
        meeting=item.meeting,
        route=DecisionRoute.MEETING,
    )
    return decision


@transaction.atomic
def decision_record_between_meetings(
    *,
    item: AgendaItem,
    by: User,
    route: str,
    route_reason: str,
    written_agreement: list[User] = (),
    outcome: str,
    rationale: str = "",
    reviewer_days: int = 0,
    funding: Decimal = Decimal(0),
    subsidy_level: str = "",
    window_starts_on: datetime.date | None = None,
    window_ends_on: datetime.date | None = None,
    override_reason: str = "",
) -> Decision:
    """Record a decision on an agenda item taken before its meeting, by chair's action or
    written procedure, with why it could not wait.

    Refused unless the board's terms of reference allow the route; chair's action only by
    the chair the terms name; a written procedure recorded by a board member, with at least
    the terms' quorum of members without an interest agreeing in writing. `by` must have no
    interest in the item, and the decision's own rules (rationale, window, capacity) apply."""
    route = DecisionRoute(route)
    if route not in BETWEEN_MEETINGS:
        raise ValueError(f"Not a route between meetings: {route}")
    item = _undecided(item)
    _refuse_if_interested(item=item, by=by)
    written_agreement = list(written_agreement) if route == DecisionRoute.WRITTEN_PROCEDURE else []
    _between_meetings_check(item=item, by=by, route=route, written_agreement=written_agreement)
    values, errors = _decision_values(
        application=item.application,
        outcome=outcome,
        rationale=rationale,
        reviewer_days=reviewer_days,
        funding=funding,
        subsidy_level=subsidy_level,
        window_starts_on=window_starts_on,
        window_ends_on=window_ends_on,
        override_reason=override_reason,
    )
    if not route_reason.strip():
        errors["route_reason"] = _("Say why the decision cannot wait for a meeting")
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        agenda_item=item,
        application=item.application,
        decided_by=by,
        route=route,
        route_reason=route_reason.strip(),
        **values,
    )
    decision.written_agreement.set(written_agreement)
    application_transition(
        application=item.application,
        action=values["outcome"].action,
        by=by,
        reason=rationale,
        route=route,
        route_reason=route_reason,
    )
    return decision


def _changeable(decision: Decision) -> Decision:
    """The decision, locked, if it is the one that stands on its application."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related(
            "application__programme",
            "agenda_item__application",
            "agenda_item__meeting__programme",
        )
        .get(pk=decision.pk)
    )
    if refusal := selectors.change_refusal(decision=decision):
        raise ApplicationError(refusal)
    return decision


def _change_record(
    *,
    decision: Decision,
    kind: DecisionChangeKind,
    by: User,
    reason: str,
    route: DecisionRoute,
    meeting: BoardMeeting | None,
    written_agreement: list[User],
) -> DecisionChange:
    """Keep what the decision is now, and why and how it changes, before it does."""
    change = DecisionChange.objects.create(
        decision=decision,
        kind=kind,
        reason=reason.strip(),
        route=route,
        meeting=meeting if route == DecisionRoute.MEETING else None,
        previous_outcome=decision.outcome,
        previous_rationale=decision.rationale,
        previous_reviewer_days=decision.reviewer_days,
        previous_funding=decision.funding,
        previous_subsidy_level=decision.subsidy_level,
        previous_window_starts_on=decision.window_starts_on,
        previous_window_ends_on=decision.window_ends_on,
        previous_over_capacity=decision.over_capacity,
        previous_override_reason=decision.override_reason,
        changed_by=by,
    )
    if route == DecisionRoute.WRITTEN_PROCEDURE:
        change.written_agreement.set(written_agreement)
    return change


@transaction.atomic
def decision_amend(
    *,
    decision: Decision,
    by: User,
    reason: str,
    route: str,
    meeting: BoardMeeting | None = None,
    written_agreement: list[User] = (),
    outcome: str,
    rationale: str = "",
    reviewer_days: int = 0,
    funding: Decimal = Decimal(0),
    subsidy_level: str = "",
    window_starts_on: datetime.date | None = None,
    window_ends_on: datetime.date | None = None,
    override_reason: str = "",
) -> Decision:
    """Change the standing decision on an application (its outcome, allocation or window),
    as the board agreed: at a held meeting quorate for the item, or between meetings by a
    route its terms allow. What it was is kept as a DecisionChange with the reason; the
    application takes the new outcome's state, its timeline says so and the service is
    told. An amended approval is checked against the cycle's capacity, less what the
    decision already held."""
    decision = _changeable(decision)
    item = decision.agenda_item
    _refuse_if_interested(item=item, by=by)
    written_agreement = list(written_agreement)
    route = _authority_check(
        decision=decision, by=by, route=route, meeting=meeting, written_agreement=written_agreement
    )
    allocated = (
        (decision.reviewer_days, decision.funding)
        if decision.outcome == DecisionOutcome.APPROVED
        else (0, Decimal(0))
    )
    values, errors = _decision_values(
        application=decision.application,
        outcome=outcome,
        rationale=rationale,
        reviewer_days=reviewer_days,
        funding=funding,
        subsidy_level=subsidy_level,
        window_starts_on=window_starts_on,
        window_ends_on=window_ends_on,
        override_reason=override_reason,
        allocated=allocated,
    )
    if not reason.strip():
        errors["reason"] = _("Say why the decision changes")
    if errors:
        raise ValidationError(errors)
    _change_record(
        decision=decision,
        kind=DecisionChangeKind.AMENDED,
        by=by,
        reason=reason,
        route=route,
        meeting=meeting,
        written_agreement=written_agreement,
    )
    for field, value in values.items():
        setattr(decision, field, value)
    decision.save()
    application_transition(
        application=decision.application,
        action=ApplicationAction.AMEND_DECISION,
        by=by,
        reason=reason,
        meeting=meeting if route == DecisionRoute.MEETING else None,
        route=route,
        to=values["outcome"].state,
    )
    return decision


@transaction.atomic
def decision_rescind(
    *,
    decision: Decision,
    by: User,
    reason: str,
    route: str,
    meeting: BoardMeeting | None = None,
    written_agreement: list[User] = (),
) -> Decision:
    """Withdraw the standing approval or decline on an application, as the board agreed (see
    decision_amend). The decision stays, marked rescinded, with the reason; it allocates
    nothing more, and the application waits for a board agenda again."""
    decision = _changeable(decision)
    _refuse_if_interested(item=decision.agenda_item, by=by)
    written_agreement = list(written_agreement)
    route = _authority_check(
        decision=decision, by=by, route=route, meeting=meeting, written_agreement=written_agreement
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the decision is rescinded")})
    _change_record(
        decision=decision,
        kind=DecisionChangeKind.RESCINDED,
        by=by,
        reason=reason,
        route=route,
        meeting=meeting,
        written_agreement=written_agreement,
    )
    decision.rescinded = True
    decision.save(update_fields=["rescinded", "updated_at"])
    application_transition(
        application=decision.application,
        action=ApplicationAction.RESCIND_DECISION,
        by=by,
        reason=reason,
        meeting=meeting if route == DecisionRoute.MEETING else None,
        route=route,
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
    asked for and its preferred window. All or nothing: one refusal (the meeting not held,
    an item it is not quorate for, an interest) records none, and names the item."""
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
