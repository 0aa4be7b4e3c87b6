"""A challenge's data pack, as a PDF made by the generated-document pipeline (the documents
app): what the team reads before going on site. The service's application (its context, its
reasons and the focus it asked for), its indicators against their comparators (with the data
lag stated and its own figures labelled local, unofficial), its open improvement plans' current
RAG, and its previous peer reviews' recommendations with their current RAG.

Never the team's evidence or findings: the pack is made before the visit and is read by the
service too. Who may see it (`can_view_data_pack`): the team's accepted members, the
programme's coordinators and the receiving service's leads. Who may ask for it
(`may_request_data_pack`): the coordinators and the team's accepted lead."""

import rules
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from documents.models import GeneratedDocument
from documents.registry import MadeFrom, register_document
from improvement import dashboards as improvement_dashboards
from improvement import selectors as improvement_selectors
from improvement.enums import PlanSource, PlanState
from improvement.models import ImprovementPlan, Recommendation
from improvement.scope import overseen_by
from performance.selectors import service_summary

from .enums import FINISHED
from .models import Challenge
from .visibility import challenge_scope

DATA_PACK = "data_pack"
VIEW_DATA_PACK = "challenges.view_data_pack"
REQUEST_DATA_PACK = "challenges.request_data_pack"


# --- Who -------------------------------------------------------------------------------------


def can_view_data_pack(user: User, challenge: Challenge) -> bool:
    """The team's accepted members, the programme's coordinators (superusers too) and the
    receiving service's leads. Not reviewers only invited, nor other services."""
    scope = challenge_scope(user)
    return scope.works_on(challenge) or scope.coordinates(challenge) or scope.receives(challenge)


def may_request_data_pack(user: User, challenge: Challenge) -> bool:
    """The programme's coordinators and the team's accepted lead, while the challenge is not
    over."""
    if challenge.phase in FINISHED:
        return False
    scope = challenge_scope(user)
    return scope.coordinates(challenge) or (scope.leads(challenge) and scope.works_on(challenge))


rules.add_perm(VIEW_DATA_PACK, rules.predicate(can_view_data_pack))
rules.add_perm(REQUEST_DATA_PACK, rules.predicate(may_request_data_pack))


# --- What it holds ---------------------------------------------------------------------------


def _challenge(document: GeneratedDocument) -> Challenge:
    return Challenge.objects.select_related(
        "programme",
        "review_type",
        "organisation__region",
        "application",
    ).get(pk=document.subject_id)


def _application(challenge: Challenge) -> dict | None:
    """What the service's application says about it and its focus."""
    application = challenge.application
    if application is None:
        return None
    return {
        "application": application,
        "lines": list(application.lines_of_enquiry.order_by("kind", "name")),
    }


def _open_plans(challenge: Challenge) -> list[dict]:
    """The service's open plans its programme oversees, one row each with its tracked items
    counted by current RAG (improvement.selectors.rag_counts_for_plans)."""
    plans = list(
        ImprovementPlan.objects.filter(
            overseen_by([challenge.programme_id]),
            organisation_id=challenge.organisation_id,
            state=PlanState.OPEN,
        ).order_by("-published_on", "title")
    )
    counts = improvement_selectors.rag_counts_for_plans(plan_ids=[plan.pk for plan in plans])
    order = improvement_dashboards.RAG_ORDER
    return [
        {"plan": plan, "counts": [counts[plan.pk][str(rag)] for rag in order]} for plan in plans
    ]


def _previous_recommendations(challenge: Challenge) -> list[dict]:
    """The service's earlier peer reviews (improvement plans from a peer review, of any
    state) with their recommendations and areas for consideration and each one's current
    RAG. Strengths carry no RAG and are left out."""
    items = (
        Recommendation.objects.filter(
            plan__organisation_id=challenge.organisation_id,
            plan__source=PlanSource.PEER_REVIEW,
            kind__in=improvement_selectors.TRACKED_KINDS,
        )
        .select_related("plan")
        .order_by("-plan__published_on", "plan__title", "plan_id", "position", "pk")
    )
    reviews: dict[int, dict] = {}
    for item in items:
        review = reviews.setdefault(item.plan_id, {"plan": item.plan, "items": []})
        review["items"].append(item)
    return list(reviews.values())


def _indicators(challenge: Challenge) -> list:
    """The service's indicators against their comparators, as they stand today: each
    indicator's latest official figure, the comparators' for the same period, its rank and
    quartile, the lag in words and a newer local figure (performance.selectors)."""
    return service_summary(challenge.organisation)


def _context(document: GeneratedDocument) -> dict:
    challenge = _challenge(document)
    labels = improvement_dashboards.rag_labels()
    return {
        "challenge": challenge,
        "application": _application(challenge),
        "lines": list(challenge.lines_of_enquiry.order_by("kind", "name")),
        "indicators": _indicators(challenge),
        "plans": _open_plans(challenge),
        "rag_headings": [labels[rag] for rag in improvement_dashboards.RAG_ORDER],
        "rag_labels": labels,
        "reviews": _previous_recommendations(challenge),
    }


def _can_view(user: User, document: GeneratedDocument) -> bool:
    challenge = Challenge.objects.filter(pk=document.subject_id).first()
    return challenge is not None and can_view_data_pack(user, challenge)


def _made_from(document: GeneratedDocument) -> MadeFrom:
    return MadeFrom(
        _("Back to the challenge"),
        reverse("challenges:detail", args=[document.subject_id]) + "#data-pack",
    )


def _may_ask_again(user: User, document: GeneratedDocument) -> bool:
    challenge = Challenge.objects.filter(pk=document.subject_id).first()
    return challenge is not None and may_request_data_pack(user, challenge)


def _ask_again(user: User, document: GeneratedDocument) -> GeneratedDocument:
    """ "Try again" on the document's page is the challenge's own request: one pack at a time,
    its timeline line and its milestone."""
    from .datapack_services import data_pack_request  # which imports this module

    challenge = Challenge.objects.get(pk=document.subject_id)
    return data_pack_request(challenge=challenge, by=user)


def register() -> None:
    from . import datapack_services

    register_document(
        DATA_PACK,
        template="challenges/datapack/data_pack.html",
        context=_context,
        can_view=_can_view,
        made_from=_made_from,
        ask_again=_ask_again,
        may_ask_again=_may_ask_again,
    )
    datapack_services.connect()


def data_pack_title(challenge: Challenge) -> str:
    """The PDF's title and download name: the service, never a person."""
    return (_("Data pack: %(service)s") % {"service": challenge.organisation.name})[:200]


def data_packs_of(challenge: Challenge):
    """The challenge's data packs, newest first (whoever asked for them)."""
    return GeneratedDocument.objects.filter(
        Q(kind=DATA_PACK, subject_id=challenge.pk),
        subject_type__app_label="challenges",
        subject_type__model="challenge",
    ).order_by("-created_at", "-pk")
