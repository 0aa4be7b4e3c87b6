"""What self-assessment adds to the start page: for a service lead, completing the
authority's self-assessment, scrutinising each triad partner's, and answering the challenge
questions put to them; for a coordinator, each open round's late self-assessments."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import Role
from accounts.models import Membership, User
from accounts.selectors import Task, register_tasks

from . import selectors
from .enums import NoteKind, Status
from .models import Round, ScrutinyNote


def service_lead_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    organisation_ids = [membership.organisation_id for membership in memberships]
    drafts = list(selectors.open_rounds_assessments(organisation_ids).filter(status=Status.DRAFT))
    to_scrutinise = list(selectors.to_scrutinise(organisation_ids))
    unanswered = list(
        ScrutinyNote.objects.filter(
            assessment__organisation_id__in=organisation_ids,
            kind=NoteKind.QUESTION,
            answer="",
        )
        .values_list("assessment__organisation_id", "assessment_id", "assessment__round__title")
        .order_by("assessment_id")
    )
    today = timezone.localdate()
    result: dict[int, list[Task]] = {}
    for membership in memberships:
        tasks = []
        for assessment in drafts:
            if assessment.organisation_id == membership.organisation_id:
                tasks.append(
                    Task(
                        _("Complete your self-assessment"),
                        reverse("selfassessment:assessment", args=[assessment.pk]),
                        (
                            _("%(round)s: overdue, the deadline was %(deadline)s.")
                            if assessment.round.deadline < today
                            else _("%(round)s: due by %(deadline)s.")
                        )
                        % {
                            "round": assessment.round.title,
                            "deadline": date_format(assessment.round.deadline, "j F Y"),
                        },
                    )
                )
        for assessment in to_scrutinise:
            tasks.append(
                Task(
                    _("Scrutinise %(organisation)s's self-assessment")
                    % {"organisation": assessment.organisation.name},
                    reverse("selfassessment:assessment", args=[assessment.pk]),
                    _("Your triad partner in %(round)s: comments and challenge questions.")
                    % {"round": assessment.round.title},
                )
            )
        waiting: dict[int, int] = {}
        round_titles: dict[int, str] = {}
        for organisation_id, assessment_id, round_title in unanswered:
            if organisation_id == membership.organisation_id:
                waiting[assessment_id] = waiting.get(assessment_id, 0) + 1
                round_titles[assessment_id] = round_title
        for assessment_id, count in waiting.items():
            tasks.append(
                Task(
                    _("Answer the challenge questions"),
                    reverse("selfassessment:assessment", args=[assessment_id]),
                    ngettext(
                        "%(round)s: %(count)d question from your triad partners is waiting "
                        "for an answer.",
                        "%(round)s: %(count)d questions from your triad partners are waiting "
                        "for answers.",
                        count,
                    )
                    % {"round": round_titles[assessment_id], "count": count},
                )
            )
        result[membership.pk] = tasks
    # To scrutinise is shown once, under the first membership.
    seen: set[str] = set()
    for pk, tasks in result.items():
        result[pk] = [t for t in tasks if not (t.url in seen or seen.add(t.url))]
    return result


def coordinator_tasks(user: User, memberships: list[Membership]) -> dict[int, list[Task]]:
    today = timezone.localdate()
    rounds = list(
        Round.objects.filter(
            programme_id__in=[membership.programme_id for membership in memberships],
            opens_on__lte=today,
        )
        .annotate(
            late=Count(
                "assessments", filter=Q(assessments__status=Status.DRAFT, deadline__lt=today)
            )
        )
        .order_by("-opens_on")
    )
    late = {round.pk: round.late for round in rounds}
    result: dict[int, list[Task]] = {}
    for membership in memberships:
        tasks = []
        for round in rounds:
            if round.programme_id != membership.programme_id:
                continue
            if late[round.pk]:
                hint = ngettext(
                    "%(count)d self-assessment is overdue.",
                    "%(count)d self-assessments are overdue.",
                    late[round.pk],
                ) % {"count": late[round.pk]}
            elif not round.triads_confirmed:
                hint = _("Propose and confirm the triads.")
            else:
                continue
            tasks.append(
                Task(
                    _("Self-assessment round: %(round)s") % {"round": round.title},
                    reverse("selfassessment:round", args=[round.pk]),
                    hint,
                )
            )
        result[membership.pk] = tasks
    return result


def register() -> None:
    register_tasks(Role.SERVICE_LEAD, service_lead_tasks)
    register_tasks(Role.COORDINATOR, coordinator_tasks)
