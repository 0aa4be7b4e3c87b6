"""What the reviewer pool and training add to the start page's task lists."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import Membership, User
from accounts.selectors import OwnRequest, Task, register_requests, register_tasks

from .enums import ChangeStatus, PoolStatus
from .models import PoolMembership, Reviewer, TrainingRequest
from .rules import VOUCHING


def reviewer_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    has_record = Reviewer.objects.filter(user=user).exists()
    tasks = []
    if has_record:
        tasks.append(
            Task(
                _("Your reviewer record"),
                reverse("reviewers:me"),
                _("Your training, reviews done, dates away and conflicts of interest."),
            )
        )
    tasks.append(Task(_("Join a reviewer pool"), reverse("reviewers:join")))
    return {membership.pk: tasks for membership in memberships}


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def pool_requests(user: User) -> list[OwnRequest]:
    """The person's requests to join a pool that wait for a coordinator, and those not
    accepted (their reviewer record says why), in the order asked. A request accepted is their
    section as a peer reviewer instead."""
    record = reverse("reviewers:me")
    requests = []
    for membership in (
        PoolMembership.objects.filter(
            reviewer__user=user, status__in=(PoolStatus.REQUESTED, PoolStatus.DECLINED)
        )
        .select_related("programme")
        .order_by("created_at", "pk")
    ):
        label = _("Join the %(pool)s reviewer pool") % {"pool": membership.programme.name}
        hint = _("Asked on %(asked)s.") % {"asked": _day(membership.created_at)}
        if membership.status == PoolStatus.REQUESTED:
            status, colour = _("Waiting for a coordinator"), "blue"
        else:
            status, colour = str(PoolStatus.DECLINED.label), "red"
            if membership.decided_at is not None:
                hint = _("Asked on %(asked)s, answered on %(answered)s.") % {
                    "asked": _day(membership.created_at),
                    "answered": _day(membership.decided_at),
                }
            hint = f"{hint} {_('Your reviewer record says why.')}"
        requests.append(
            OwnRequest(label=label, url=record, hint=hint, status=status, colour=colour)
        )
    return requests


def coordinator_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    programme_ids = [m.programme_id for m in memberships]
    asking = dict(
        PoolMembership.objects.filter(programme_id__in=programme_ids)
        .values("programme_id")
        .annotate(n=Count("pk", filter=Q(status=PoolStatus.REQUESTED)))
        .values_list("programme_id", "n")
    )
    # Changes of details waiting for this coordinator: of people in or asking to join the
    # programme's pool (never their own), counted once per person.
    changes = dict(
        PoolMembership.objects.filter(
            programme_id__in=programme_ids,
            status__in=VOUCHING,
            reviewer__changes__status=ChangeStatus.PENDING,
        )
        .exclude(reviewer__user=user)
        .values("programme_id")
        .annotate(n=Count("reviewer_id", distinct=True))
        .values_list("programme_id", "n")
    )
    waiting = dict(
        TrainingRequest.objects.filter(
            course__programme_id__in=programme_ids, closed_at__isnull=True
        )
        .values("course__programme_id")
        .annotate(n=Count("pk"))
        .values_list("course__programme_id", "n")
    )
    result = {}
    for membership in memberships:
        asked = asking.get(membership.programme_id, 0)
        tasks = []
        if asked:
            tasks.append(
                Task(
                    ngettext(
                        "Answer %(count)d request to join the pool",
                        "Answer %(count)d requests to join the pool",
                        asked,
                    )
                    % {"count": asked},
                    reverse("reviewers:list")
                    + "?"
                    + urlencode(
                        {"programme": membership.programme_id, "status": PoolStatus.REQUESTED}
                    ),
                )
            )
        to_confirm = changes.get(membership.programme_id, 0)
        if to_confirm:
            tasks.append(
                Task(
                    ngettext(
                        "Confirm %(count)d change to a reviewer's details",
                        "Confirm %(count)d changes to reviewers' details",
                        to_confirm,
                    )
                    % {"count": to_confirm},
                    reverse("reviewers:changes"),
                )
            )
        tasks.append(Task(_("Reviewer pool"), reverse("reviewers:list")))
        count = waiting.get(membership.programme_id, 0)
        tasks.append(
            Task(
                _("Training and demand"),
                reverse("training:courses"),
                ngettext(
                    "%(count)d person waiting for training",
                    "%(count)d people waiting for training",
                    count,
                )
                % {"count": count}
                if count
                else "",
            )
        )
        result[membership.pk] = tasks
    return result


def register() -> None:
    register_tasks(Role.REVIEWER, reviewer_tasks)
    register_tasks(Role.COORDINATOR, coordinator_tasks)
    register_requests(pool_requests)
