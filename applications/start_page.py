"""What applications and the programme board add to each role's task list on the start page.
Each provider answers for all of a person's memberships in its role with one query."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import Membership, User
from accounts.selectors import Task, register_tasks

from .enums import ApplicationState
from .models import Application, BoardMeeting


def _list_url(**filters) -> str:
    return f"{reverse('applications:list')}?{urlencode(filters)}"


def service_lead_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    counts = {
        row["organisation_id"]: row
        for row in Application.objects.filter(
            organisation_id__in=[m.organisation_id for m in memberships]
        )
        .values("organisation_id")
        .annotate(
            drafts=Count("pk", filter=Q(state=ApplicationState.DRAFT)),
            asked=Count("pk", filter=Q(state=ApplicationState.MORE_INFORMATION)),
            total=Count("pk"),
        )
    }
    result = {}
    for membership in memberships:
        organisation = membership.organisation_id
        count = counts.get(organisation, {"drafts": 0, "asked": 0, "total": 0})
        tasks = [
            Task(
                _("Apply for a peer review"),
                reverse("applications:new"),
                _("Peer reviews, peer challenges and bespoke peer support."),
            )
        ]
        if count["asked"]:
            tasks.append(
                Task(
                    ngettext(
                        "Answer the coordinator's request for more information",
                        "Answer %(count)d requests for more information",
                        count["asked"],
                    )
                    % {"count": count["asked"]},
                    _list_url(organisation=organisation, state=ApplicationState.MORE_INFORMATION),
                )
            )
        if count["total"]:
            hint = (
                ngettext("%(count)d draft", "%(count)d drafts", count["drafts"])
                % {"count": count["drafts"]}
                if count["drafts"]
                else ""
            )
            tasks.append(
                Task(_("Your service's applications"), _list_url(organisation=organisation), hint)
            )
        result[membership.pk] = tasks
    return result


def coordinator_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    to_check = dict(
        Application.objects.filter(
            programme_id__in=[m.programme_id for m in memberships],
            state=ApplicationState.SUBMITTED,
        )
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
    )
    result = {}
    for membership in memberships:
        count = to_check.get(membership.programme_id, 0)
        result[membership.pk] = [
            Task(
                ngettext(
                    "Check %(count)d submitted application",
                    "Check %(count)d submitted applications",
                    count,
                )
                % {"count": count}
                if count
                else _("Applications"),
                _list_url(state=ApplicationState.SUBMITTED) if count else _list_url(),
                _("Ask for more information, or put them on a board agenda."),
            ),
            Task(_("Board meetings and agendas"), reverse("board:meetings")),
            Task(_("Capacity of each cycle"), reverse("board:capacity")),
        ]
    return result


def board_member_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    upcoming = {}
    for meeting in BoardMeeting.objects.filter(
        programme_id__in=[m.programme_id for m in memberships],
        held_on__gte=timezone.localdate(),
    ).order_by("-held_on"):
        # Latest first, so the soonest meeting of each programme is the one kept.
        upcoming[meeting.programme_id] = meeting
    result = {}
    for membership in memberships:
        tasks = []
        if meeting := upcoming.get(membership.programme_id):
            tasks.append(
                Task(
                    _("Next board meeting: %(date)s")
                    % {"date": date_format(meeting.held_on, "j F Y")},
                    meeting.get_absolute_url(),
                    _("Its agenda, declarations of interest and decisions."),
                )
            )
        tasks += [
            Task(_("All board meetings"), reverse("board:meetings")),
            Task(_("Capacity of each cycle"), reverse("board:capacity")),
        ]
        result[membership.pk] = tasks
    return result


def register() -> None:
    register_tasks(Role.SERVICE_LEAD, service_lead_tasks)
    register_tasks(Role.COORDINATOR, coordinator_tasks)
    register_tasks(Role.BOARD_MEMBER, board_member_tasks)
