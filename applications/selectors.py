"""Reads for applications and the programme board, scoped to what the user may see and
shaped so that each page runs a fixed number of queries whatever the number of rows."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import ProgrammeScope, Role
from accounts.models import Membership, Organisation, Programme, User
from accounts.roles import roles_for
from offers.enums import EnquiryKind, PublicationRule
from offers.models import Cycle, ReviewType, TeamPlace
from offers.selectors import lines_in_use

from . import governance
from .enums import PENDING_STATES, READY_FOR_AGENDA, DecisionOutcome, DecisionRoute
from .models import (
    AgendaItem,
    Application,
    ApplicationEvent,
    BoardMeeting,
    BoardTerms,
    Decision,
    DecisionChange,
    DeclarationOfInterest,
)
from .visibility import application_scope, board_scope

# --- Applications ----------------------------------------------------------------------------


def applications_for_user(*, user: User) -> QuerySet[Application]:
    """The applications this user may see, with what lists show already joined: a service's
    own in every state; the programme's, once submitted, for its coordinators and board."""
    queryset = Application.objects.select_related(
        "programme", "organisation__region", "review_type", "cycle"
    )
    return queryset.filter(application_scope(user).q())


def application_for_user(*, user: User, pk: int) -> Application:
    """One application, or 404 for one the user may not see (so its existence is not told)."""
    application = applications_for_user(user=user).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def organisations_for_applicant(*, user: User) -> QuerySet[Organisation]:
    """The organisations this user may apply for (as a service lead)."""
    ids = roles_for(user).organisation_ids(Role.SERVICE_LEAD)
    return Organisation.objects.filter(pk__in=ids, is_active=True).select_related("region")


def offers_for_organisation(*, organisation: Organisation) -> QuerySet[ReviewType]:
    """The open offers of national programmes, and of the organisation's regional ones."""
    return (
        ReviewType.objects.filter(is_active=True, programme__is_active=True)
        .filter(
            Q(programme__scope=ProgrammeScope.NATIONAL)
            | Q(programme__region_id=organisation.region_id)
        )
        .select_related("programme")
        .prefetch_related(Prefetch("team_places", queryset=TeamPlace.objects.order_by("pk")))
        .order_by("programme__name", "position", "name")
    )


@dataclass(frozen=True)
class MissingAnswer:
    """An answer still missing: its question page (`section`), the id of the input there
    that answers it (`field`, where the check page's error links), and what to do."""

    section: str
    field: str
    message: str


def missing_answers(*, application: Application) -> list[MissingAnswer]:
    """What must still be answered before the application can be submitted, in page order."""
    missing = []
    if not application.lines_of_enquiry.exists() and not application.other_focus.strip():
        missing.append(
            MissingAnswer(
                "focus",
                # The first key line's checkbox; the text box where the programme has none.
                "id_lines_of_enquiry_1"
                if lines_in_use(
                    kind=EnquiryKind.KEY_LINE, programme_id=application.programme_id
                ).exists()
                else "id_other_focus",
                _("Choose at least one key line of enquiry, or describe one"),
            )
        )
    if not application.context.strip():
        missing.append(MissingAnswer("context", "id_context", _("Describe your service's context")))
    if not application.reasons.strip():
        missing.append(MissingAnswer("context", "id_reasons", _("Say why you are applying")))
    if not application.window_starts_on or not application.window_ends_on:
        missing.append(
            MissingAnswer(
                "window",
                "id_window_ends_on_0" if application.window_starts_on else "id_window_starts_on_0",
                _("Give your preferred window for the review"),
            )
        )
    elif application.review_type.virtual_allowed and not application.delivery_mode:
        missing.append(
            MissingAnswer(
                "window", "id_delivery_mode_1", _("Say whether the review is on site or virtual")
            )
        )
    if (
        application.review_type.publication_rule == PublicationRule.SERVICE_DECIDES
        and application.publication_consent is None
    ):
        missing.append(
            MissingAnswer(
                "publication",
                "id_publication_consent_1",
                _("Say whether the final report may be published"),
            )
        )
    if not application.contact_name or not application.contact_email:
        missing.append(
            MissingAnswer(
                "contact",
                "id_contact_email" if application.contact_name else "id_contact_name",
                _("Give a named contact for the review"),
            )
        )
    return missing


def events_for(*, application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor", "meeting__programme").order_by(
        "created_at", "pk"
    )


def decisions_for(*, application: Application) -> QuerySet[Decision]:
    """The application's decisions, first to last, each with how it was taken and its
    amendments or rescission (what it was before, why, by whom)."""
    return (
        application.decisions.select_related("decided_by", "agenda_item__meeting__programme")
        .prefetch_related(
            "written_agreement",
            Prefetch(
                "changes",
                queryset=DecisionChange.objects.select_related(
                    "changed_by", "meeting__programme"
                ).prefetch_related("written_agreement"),
            ),
        )
        .order_by("created_at", "pk")
    )


def decision_for_user(*, user: User, pk: int) -> Decision:
    """One decision of a board the user sits on or coordinates, or 404."""
    decision = (
        Decision.objects.filter(
            pk=pk,
            agenda_item__meeting__in=BoardMeeting.objects.filter(board_scope(user).q()),
        )
        .select_related(
            "decided_by",
            "application__organisation",
            "application__review_type",
            "application__cycle",
            "agenda_item__application",
            "agenda_item__meeting__programme",
        )
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def change_refusal(*, decision: Decision, decisions: list[Decision] | None = None) -> str | None:
    """Why `decision` may no longer be amended or rescinded, or None. `decisions` are the
    application's, first to last, when the page has them already."""
    if decisions is None:
        latest_pk = (
            Decision.objects.filter(application_id=decision.application_id)
            .order_by("-created_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
    else:
        latest_pk = decisions[-1].pk
    return governance.change_refusal(
        rescinded=decision.rescinded,
        is_latest=latest_pk == decision.pk,
        application_state=decision.application.state,
        outcome_state=decision.outcome_enum.state,
    )


def decided_on(*, decision: Decision) -> datetime.date:
    """The day the board took the decision: its meeting's, or the day it was recorded
    between meetings."""
    if decision.route == DecisionRoute.MEETING:
        return decision.agenda_item.meeting.held_on
    return timezone.localdate(decision.created_at)


# --- Board meetings --------------------------------------------------------------------------


def meetings_for_user(*, user: User) -> QuerySet[BoardMeeting]:
    """Meetings of the boards this user sits on or coordinates, with agenda counts."""
    queryset = BoardMeeting.objects.select_related("programme").annotate(
        item_count=Count("items", distinct=True),
        decided_count=Count("items__decision", distinct=True),
    )
    return queryset.filter(board_scope(user).q()).order_by("-held_on", "-pk")


def meeting_for_user(*, user: User, pk: int) -> BoardMeeting:
    meeting = (
        meetings_for_user(user=user)
        .prefetch_related("expected_members", "present_members")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting


def board_members_for(*, programme_id: int) -> QuerySet[User]:
    return User.objects.filter(
        memberships__role=Role.BOARD_MEMBER, memberships__programme_id=programme_id, is_active=True
    ).order_by("full_name")


def next_meeting_for(*, application: Application, user: User) -> BoardMeeting | None:
    """The next meeting of the application's board, today's included, that the user sees and
    whose agenda the application is not on yet: where "Add it to a meeting's agenda" leads."""
    return (
        BoardMeeting.objects.filter(
            board_scope(user).q(),
            programme_id=application.programme_id,
            held_on__gte=timezone.localdate(),
        )
        .exclude(items__application=application)
        .order_by("held_on", "pk")
        .first()
    )


def meetings_held(*, programme_id: int, since: datetime.date) -> QuerySet[BoardMeeting]:
    """The programme's meetings held from `since` to today, latest first: those at which the
    board may have agreed to change a decision taken on `since`."""
    return BoardMeeting.objects.filter(
        programme_id=programme_id, held_on__gte=since, held_on__lte=timezone.localdate()
    ).order_by("-held_on", "-pk")


def terms_for(*, programme: Programme) -> BoardTerms:
    """The board's terms of reference; for a programme that has set none, the defaults
    (unsaved): a quorum of three, and decisions only at meetings."""
    terms = BoardTerms.objects.filter(programme=programme).select_related("chair").first()
    return terms or BoardTerms(programme=programme)


def terms_for_programmes(*, programmes: Iterable[Programme]) -> list[BoardTerms]:
    """Each programme's terms of reference (the defaults where it has set none), in one
    query whatever the number of programmes."""
    programmes = list(programmes)
    saved = {
        terms.programme_id: terms
        for terms in BoardTerms.objects.filter(programme__in=programmes).select_related("chair")
    }
    result = []
    for programme in programmes:
        terms = saved.get(programme.pk) or BoardTerms(programme=programme)
        terms.programme = programme
        result.append(terms)
    return result


def interested_ids(*, item: AgendaItem, user_ids: Iterable[int]) -> set[int]:
    """Which of `user_ids` have an interest in the item: declared on it, or working for the
    applying service."""
    ids = set(user_ids)
    if not ids:
        return set()
    declared = DeclarationOfInterest.objects.filter(
        agenda_item=item, member_id__in=ids
    ).values_list("member_id", flat=True)
    employed = Membership.objects.filter(
        user_id__in=ids, organisation_id=item.application.organisation_id
    ).values_list("user_id", flat=True)
    return set(declared) | set(employed)


def board_programmes_for(*, user: User) -> QuerySet[Programme]:
    """The programmes whose board the user sits on or coordinates (every active one for
    technical staff)."""
    scope = board_scope(user)
    programmes = Programme.objects.filter(is_active=True).order_by("name")
    return programmes if scope.everything else programmes.filter(pk__in=scope.programme_ids)


def decision_refusal(*, meeting: BoardMeeting, item: AgendaItem) -> str | None:
    """Why `meeting` may not decide `item`, in plain words, or None: it has not been held
    yet, or too few members without an interest in the item were present."""
    present = set(meeting.present_members.values_list("pk", flat=True))
    return governance.meeting_refusal(
        held_on=meeting.held_on,
        today=timezone.localdate(),
        quorum=meeting.quorum,
        present_without_interest=len(present - interested_ids(item=item, user_ids=present)),
    )


def between_meetings_refusal(
    *,
    programme: Programme,
    user: User,
    route: DecisionRoute,
    item: AgendaItem | None = None,
    written_agreement: list[User] | None = None,
) -> str | None:
    """Why `user` may not record a decision of `programme`'s board between meetings by
    `route`, or None. Without the item and `written_agreement`, whether a written procedure
    could be recorded at all (who agreed is not known yet)."""
    terms = terms_for(programme=programme)
    agreed = None
    if item is not None and written_agreement is not None:
        agreed_ids = {member.pk for member in written_agreement}
        agreed = len(agreed_ids - interested_ids(item=item, user_ids=agreed_ids))
    return governance.between_meetings_refusal(
        route=route,
        allowed=terms.allows(route),
        board=programme.short_name,
        chair=str(terms.chair) if terms.chair_id else None,
        is_chair=terms.chair_id is not None and terms.chair_id == user.pk,
        is_board_member=board_members_for(programme_id=programme.pk).filter(pk=user.pk).exists(),
        agreed_without_interest=agreed,
        quorum=terms.quorum,
    )


def between_meetings_routes(*, programme: Programme, user: User) -> list[DecisionRoute]:
    """The routes by which `user` may record decisions of the board between meetings."""
    return [
        route
        for route in terms_for(programme=programme).between_meetings_routes
        if between_meetings_refusal(programme=programme, user=user, route=route) is None
    ]


def between_meetings_explanation(*, programme: Programme, user: User) -> str:
    """Why `user` may record no decision between meetings, in plain words."""
    terms = terms_for(programme=programme)
    if not terms.between_meetings_routes:
        return _(
            "The %(board)s board's terms of reference do not allow decisions between meetings."
        ) % {"board": programme.short_name}
    return between_meetings_refusal(
        programme=programme, user=user, route=terms.between_meetings_routes[0]
    )


@dataclass
class AgendaEntry:
    item: AgendaItem
    # Board members who may not take part: (member, reason) pairs.
    conflicts: list[tuple[User, str]]
    # Why the meeting may not decide the item (not held yet, not quorate for it), or None.
    refusal: str | None = None

    @property
    def conflicted_ids(self) -> set[int]:
        return {member.pk for member, _reason in self.conflicts}


def agenda_for(*, meeting: BoardMeeting) -> list[AgendaEntry]:
    """The meeting's agenda in order, each item with its decision, the board members who
    have a conflict of interest in it (declared ones, and members of the applying service)
    and, while undecided, why the meeting may not decide it. Reads the meeting's members
    present from `meeting.present_members.all()` (prefetched by meeting_for_user)."""
    present = list(meeting.present_members.all())
    items = list(
        meeting.items.select_related(
            "application__organisation",
            "application__review_type",
            "application__cycle__programme",
            "decision__decided_by",
        )
        .prefetch_related(
            Prefetch(
                "declarations",
                queryset=DeclarationOfInterest.objects.select_related("member"),
            )
        )
        .order_by("position", "pk")
    )
    organisation_ids = {item.application.organisation_id for item in items}
    members_of = {}
    # The board's members, and whoever was present (someone may have left the board since).
    for membership in (
        Membership.objects.filter(organisation_id__in=organisation_ids)
        .filter(
            Q(
                user__memberships__role=Role.BOARD_MEMBER,
                user__memberships__programme_id=meeting.programme_id,
            )
            | Q(user__in=[member.pk for member in present])
        )
        .select_related("user")
    ):
        members_of.setdefault(membership.organisation_id, {})[membership.user_id] = membership.user
    today = timezone.localdate()
    entries = []
    for item in items:
        conflicts = [
            (declaration.member, declaration.reason) for declaration in item.declarations.all()
        ]
        declared = {member.pk for member, _reason in conflicts}
        for user in members_of.get(item.application.organisation_id, {}).values():
            if user.pk not in declared:
                conflicts.append((user, str(_("Works for the applying service"))))
        entry = AgendaEntry(item=item, conflicts=conflicts)
        if not hasattr(item, "decision"):
            entry.refusal = governance.meeting_refusal(
                held_on=meeting.held_on,
                today=today,
                quorum=meeting.quorum,
                present_without_interest=sum(
                    1 for member in present if member.pk not in entry.conflicted_ids
                ),
            )
        entries.append(entry)
    return entries


def conflict_reason(*, item: AgendaItem, user: User) -> str | None:
    """Why `user` may not take part in deciding `item`, or None."""
    declaration = DeclarationOfInterest.objects.filter(agenda_item=item, member=user).first()
    if declaration is not None:
        return declaration.reason
    if Membership.objects.filter(
        user=user, organisation_id=item.application.organisation_id
    ).exists():
        return str(_("Works for the applying service"))
    return None


def applications_ready_for(*, meeting: BoardMeeting) -> QuerySet[Application]:
    """Submitted or deferred applications of the meeting's programme not yet on its agenda."""
    return (
        Application.objects.filter(programme_id=meeting.programme_id, state__in=READY_FOR_AGENDA)
        .exclude(agenda_items__meeting=meeting)
        .select_related("organisation", "review_type", "cycle")
        .order_by("submitted_at", "pk")
    )


# --- Capacity --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """A cycle's supply against demand: what is allocated to approved applications and what
    pending ones ask for."""

    cycle: Cycle
    funding_allocated: Decimal
    funding_pending: Decimal
    reviewer_days_allocated: int
    reviewer_days_pending: int
    approved_count: int
    pending_count: int

    @property
    def funding_remaining(self) -> Decimal:
        return self.cycle.funding - self.funding_allocated

    @property
    def reviewer_days_remaining(self) -> int:
        return self.cycle.reviewer_days - self.reviewer_days_allocated

    @property
    def funding_percent(self) -> int:
        return _percent(self.funding_allocated, self.cycle.funding)

    @property
    def reviewer_days_percent(self) -> int:
        return _percent(self.reviewer_days_allocated, self.cycle.reviewer_days)

    @property
    def oversubscribed(self) -> bool:
        """Whether pending requests on top of allocations exceed what the cycle has."""
        return (
            self.funding_allocated + self.funding_pending > self.cycle.funding
            or self.reviewer_days_allocated + self.reviewer_days_pending > self.cycle.reviewer_days
        )

    def exceeded_by(self, *, reviewer_days: int, funding: Decimal) -> bool:
        """Whether allocating this much more goes beyond what the cycle has left."""
        return reviewer_days > self.reviewer_days_remaining or funding > self.funding_remaining


def _percent(part, whole) -> int:
    return round(100 * part / whole) if whole else 0


def capacities_for(*, cycles: list[Cycle]) -> list[Capacity]:
    """Supply and demand of each cycle, in two queries whatever the number of cycles."""
    ids = [cycle.pk for cycle in cycles]
    allocated = {
        row["application__cycle_id"]: row
        for row in Decision.objects.filter(
            application__cycle_id__in=ids, outcome=DecisionOutcome.APPROVED, rescinded=False
        )
        .values("application__cycle_id")
        .annotate(days=Sum("reviewer_days"), money=Sum("funding"), n=Count("pk"))
    }
    pending = {
        row["cycle_id"]: row
        for row in Application.objects.filter(cycle_id__in=ids, state__in=PENDING_STATES)
        .values("cycle_id")
        .annotate(
            days=Sum("reviewer_days_requested"), money=Sum("funding_requested"), n=Count("pk")
        )
    }
    empty = {"days": 0, "money": Decimal(0), "n": 0}
    return [
        Capacity(
            cycle=cycle,
            funding_allocated=allocated.get(cycle.pk, empty)["money"] or Decimal(0),
            funding_pending=pending.get(cycle.pk, empty)["money"] or Decimal(0),
            reviewer_days_allocated=allocated.get(cycle.pk, empty)["days"] or 0,
            reviewer_days_pending=pending.get(cycle.pk, empty)["days"] or 0,
            approved_count=allocated.get(cycle.pk, empty)["n"],
            pending_count=pending.get(cycle.pk, empty)["n"],
        )
        for cycle in cycles
    ]


def capacity_for(*, cycle: Cycle) -> Capacity:
    return capacities_for(cycles=[cycle])[0]


def cycles_for_user(*, user: User) -> QuerySet[Cycle]:
    return (
        Cycle.objects.select_related("programme")
        .filter(board_scope(user).q())
        .order_by("programme__name", "-starts_on")
    )
