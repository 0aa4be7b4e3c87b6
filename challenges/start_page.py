"""What challenges add to each role's task list on the start page: a reviewer's invitations
and places, the receiving service's challenges, and a coordinator's approved applications to
schedule and teams to build. Each provider answers for all of a person's memberships in its
role with one or two queries."""

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
from applications.enums import ApplicationState
from applications.models import Application

from .enums import FINISHED, MemberStatus, ReportState
from .models import Challenge, TeamMember
from .selectors import places_total


def _list_url(**filters) -> str:
    return f"{reverse('challenges:list')}?{urlencode(filters)}"


def _on_site(challenge: Challenge) -> str:
    if not challenge.starts_on:
        return _("dates not set yet")
    return _("on site %(start)s to %(end)s") % {
        "start": date_format(challenge.starts_on, "j M Y"),
        "end": date_format(challenge.ends_on, "j M Y"),
    }


def reviewer_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    places = list(
        TeamMember.objects.filter(
            reviewer__user=user,
            status__in=[MemberStatus.INVITED, MemberStatus.ACCEPTED],
            challenge__programme_id__in=[m.programme_id for m in memberships],
        )
        .exclude(challenge__phase__in=sorted(FINISHED))
        .select_related("challenge__organisation", "challenge__review_type")
        .order_by("challenge__starts_on", "pk")
    )
    result = {}
    for membership in memberships:
        tasks = []
        for place in places:
            if place.challenge.programme_id != membership.programme_id:
                continue
            challenge = place.challenge
            if place.status == MemberStatus.INVITED:
                tasks.append(
                    Task(
                        _("Answer your invitation to review %(service)s")
                        % {"service": challenge.organisation.name},
                        reverse("challenges:invitation", args=[challenge.pk]),
                        _("%(role)s, %(when)s")
                        % {"role": place.get_role_display(), "when": _on_site(challenge)},
                    )
                )
            else:
                tasks.append(
                    Task(
                        _("%(ref)s: %(service)s")
                        % {"ref": challenge.reference, "service": challenge.organisation.name},
                        challenge.get_absolute_url(),
                        _("%(role)s, %(when)s")
                        % {"role": place.get_role_display(), "when": _on_site(challenge)},
                    )
                )
        result[membership.pk] = tasks
    return result


def service_lead_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    challenges = list(
        Challenge.objects.filter(organisation_id__in=[m.organisation_id for m in memberships])
        .exclude(phase__in=sorted(FINISHED))
        .select_related("review_type", "report")
        .order_by("starts_on", "pk")
    )
    result = {}
    for membership in memberships:
        result[membership.pk] = [
            _service_task(challenge)
            for challenge in challenges
            if challenge.organisation_id == membership.organisation_id
        ]
    return result


def _service_task(challenge: Challenge) -> Task:
    """The service's challenge, or, while its report waits for the service's factual-accuracy
    check, that check."""
    report = getattr(challenge, "report", None)
    if report is not None and report.state == ReportState.FACTUAL_CHECK:
        return Task(
            _("Check the factual accuracy of your peer review report: %(offer)s")
            % {"offer": challenge.review_type.name},
            reverse("challenges:report", args=[challenge.pk]),
            _("Comment on any section that is not accurate; the team's lead answers."),
        )
    return Task(
        _("Your peer review: %(offer)s") % {"offer": challenge.review_type.name},
        challenge.get_absolute_url(),
        _("%(when)s; the team, and what is asked of your service")
        % {"when": _on_site(challenge).capitalize()},
    )


def coordinator_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    programme_ids = [m.programme_id for m in memberships]
    to_schedule = dict(
        Application.objects.filter(
            programme_id__in=programme_ids,
            state=ApplicationState.APPROVED,
            challenge__isnull=True,
        )
        .values("programme_id")
        .annotate(n=Count("pk"))
        .values_list("programme_id", "n")
    )
    today = timezone.localdate()
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Challenge.objects.filter(programme_id__in=programme_ids)
        .exclude(phase__in=sorted(FINISHED))
        .annotate(
            places=places_total(),
            holding=Count(
                "members",
                filter=Q(members__status__in=[MemberStatus.INVITED, MemberStatus.ACCEPTED]),
                distinct=True,
            ),
            late=Count(
                "milestones",
                filter=Q(milestones__done_on__isnull=True, milestones__due_on__lt=today),
                distinct=True,
            ),
        )
        .values("programme_id", "places", "holding", "late")
    ):
        count = counts.setdefault(row["programme_id"], {"unstaffed": 0, "overdue": 0})
        count["unstaffed"] += row["holding"] < row["places"]
        count["overdue"] += row["late"] > 0
    result = {}
    for membership in memberships:
        programme = membership.programme_id
        tasks = []
        if to_schedule.get(programme):
            tasks.append(
                Task(
                    ngettext(
                        "Schedule %(count)d approved application",
                        "Schedule %(count)d approved applications",
                        to_schedule[programme],
                    )
                    % {"count": to_schedule[programme]},
                    reverse("challenges:list"),
                    _("Turn each into a challenge with dates and a team."),
                )
            )
        row = counts.get(programme, {})
        if row.get("unstaffed"):
            tasks.append(
                Task(
                    ngettext(
                        "Build the team of %(count)d challenge",
                        "Build the teams of %(count)d challenges",
                        row["unstaffed"],
                    )
                    % {"count": row["unstaffed"]},
                    _list_url(programme=programme, staffing="unstaffed"),
                )
            )
        if row.get("overdue"):
            tasks.append(
                Task(
                    ngettext(
                        "%(count)d challenge has overdue milestones",
                        "%(count)d challenges have overdue milestones",
                        row["overdue"],
                    )
                    % {"count": row["overdue"]},
                    _list_url(programme=programme),
                )
            )
        result[membership.pk] = tasks
    return result


def register() -> None:
    register_tasks(Role.REVIEWER, reviewer_tasks)
    register_tasks(Role.SERVICE_LEAD, service_lead_tasks)
    register_tasks(Role.COORDINATOR, coordinator_tasks)
