"""A plan's board pack: the dashboard's chart and counts (also by addressee), the exceptions,
the overdue and stale items (as the dashboard lists them), each recommendation's tracked items
(its actions, or itself where it has none) with their latest progress, and the strengths, as a
PDF made by the generated-document pipeline (the documents app). The summary and the body are
built from the same tracked items (selectors.tracked_items), so they count the same things."""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from documents.models import GeneratedDocument
from documents.registry import MadeFrom, register_document
from documents.services import document_request

from . import dashboards, selectors
from .models import ImprovementPlan
from .rules import VIEW_PLAN

BOARD_PACK = "board_pack"


def _context(document: GeneratedDocument) -> dict:
    plan = document.subject
    today = timezone.localdate()
    dashboard = dashboards.plan_dashboard(plan=plan, today=today)
    labels = dashboards.rag_labels()
    chart = dashboards.history_chart(dashboard)
    actions_of = defaultdict(list)
    for item in dashboard.items:
        if item.is_action:
            actions_of[item.recommendation_id].append(item)
    items = selectors.recommendations_with_latest_narrative(plan=plan)
    for item in items:
        item.tracked_actions = actions_of[item.pk]
    return {
        "plan": plan,
        "today": today,
        "dashboard": dashboard,
        "chart": chart,
        "now": [(labels[rag], dashboard.now[str(rag)]) for rag in dashboards.RAG_ORDER],
        "headings": [labels[rag] for rag in dashboards.RAG_ORDER],
        "over_time": dashboards.history_rows(dashboard),
        "by_addressee": [
            (addressee, [counts[str(rag)] for rag in dashboards.RAG_ORDER])
            for addressee, counts in dashboard.by_addressee
        ],
        "recommendations": [item for item in items if not item.is_strength],
        "strengths": [item for item in items if item.is_strength],
    }


def _can_view(user: User, document: GeneratedDocument) -> bool:
    return user.has_perm(VIEW_PLAN, document.subject)


def _made_from(document: GeneratedDocument) -> MadeFrom:
    """The plan's dashboard, whose figures the board pack prints."""
    return MadeFrom(
        _("Back to the plan's dashboard"), reverse("dashboards:plan", args=[document.subject_id])
    )


def register() -> None:
    register_document(
        BOARD_PACK,
        template="improvement/documents/board_pack.html",
        context=_context,
        can_view=_can_view,
        made_from=_made_from,
    )


def board_pack_request(*, plan: ImprovementPlan, by: User) -> GeneratedDocument:
    """Ask for the plan's board pack. The PDF's metadata names the plan's programme (if
    any), never a person."""
    return document_request(
        kind=BOARD_PACK,
        subject=plan,
        requested_by=by,
        title=_("Improvement plan board pack"),
        programme=plan.programme,
    )
