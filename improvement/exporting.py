"""A plan as rows, for CSV and XLSX downloads: one row per progress update, so that one
recommendation with several actions, each with dated progress entries, is represented.

Rows come in plan order. For each recommendation: its updates on the recommendation as a
whole (action columns blank), then each action with its updates, oldest first (an action with
no update has one row, update columns blank). A recommendation with neither actions nor
updates has one row. The recommendation's columns repeat on every row, so each row stands on
its own when sorted or filtered. Dates are dates; the CSV and XLSX writers format them.

The XLSX has a second sheet with the plan's tracked items counted by RAG now: the same counts
as the plans list, the dashboards and the board pack (selectors.rag_counts_for_plans)."""

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from core.spreadsheets import Sheet, workbook

from . import selectors
from .dashboards import RAG_ORDER, rag_labels
from .models import Action, ImprovementPlan, ProgressUpdate, Recommendation


def headers() -> list[str]:
    return [
        _("Recommendation ref"),
        _("Recommendation"),
        _("Addressed to"),
        _("Desired outcomes"),
        _("Action ref"),
        _("Action"),
        _("Lead officer"),
        _("Agency"),
        _("Due"),
        _("Status"),
        _("Update date"),
        _("Update RAG"),
        _("Progress"),
        _("By"),
    ]


# Width (in characters) of each column in the XLSX, in the order of headers().
WIDTHS = [12, 50, 25, 40, 10, 50, 20, 20, 12, 22, 12, 11, 60, 20]

_OLDEST_FIRST = ("recorded_on", "created_at", "pk")


def _updates() -> QuerySet[ProgressUpdate]:
    return ProgressUpdate.objects.select_related("author").order_by(*_OLDEST_FIRST)


def _recommendations(plan: ImprovementPlan) -> list[Recommendation]:
    """The plan's recommendations with everything the rows need, in a fixed number of
    queries whatever the size of the plan."""
    return list(
        plan.recommendations.order_by("position", "pk").prefetch_related(
            "outcomes",
            Prefetch("updates", queryset=_updates()),
            Prefetch(
                "actions",
                queryset=Action.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("updates", queryset=_updates())
                ),
            ),
        )
    )


def _update_cells(update: ProgressUpdate | None) -> list:
    if update is None:
        return [None, "", "", ""]
    return [
        update.recorded_on,
        update.get_rag_display(),
        update.narrative,
        # An imported update keeps the name its file gave (the author is whoever imported it).
        update.author_name or update.author.full_name or update.author.email,
    ]


def _action_cells(action: Action | None) -> list:
    if action is None:
        return ["", "", "", "", None, ""]
    return [
        action.reference,
        action.text,
        action.lead_officer,
        action.agency,
        action.due_on,
        action.get_status_display(),
    ]


def plan_rows(plan: ImprovementPlan) -> Iterator[list]:
    """The rows of the plan (without the header: see headers()). Runs its queries when
    called, not when the rows are first read, so that errors come before a download starts."""
    recommendations = _recommendations(plan)

    def rows() -> Iterator[list]:
        for recommendation in recommendations:
            cells = [
                recommendation.reference,
                recommendation.text,
                recommendation.addressee,
                "\n".join(outcome.text for outcome in recommendation.outcomes.all()),
            ]
            written = False
            for update in recommendation.updates.all():
                yield cells + _action_cells(None) + _update_cells(update)
                written = True
            for action in recommendation.actions.all():
                updates = list(action.updates.all()) or [None]
                for update in updates:
                    yield cells + _action_cells(action) + _update_cells(update)
                written = True
            if not written:
                yield cells + _action_cells(None) + _update_cells(None)

    return rows()


def rag_summary_rows(plan: ImprovementPlan) -> list[list]:
    """The plan's tracked items (each action, and each recommendation or area for
    consideration with no actions; never strengths) counted by current RAG, worst first, as
    the dashboards count them: a header row, then one row per rating. One query pair."""
    tally = selectors.rag_counts_for_plans(plan_ids=[plan.pk])[plan.pk]
    labels = rag_labels()
    return [[_("RAG rating now"), _("Actions and items")]] + [
        [labels[rag], tally[rag]] for rag in RAG_ORDER
    ]


def plan_xlsx(plan: ImprovementPlan) -> bytes:
    """The plan as an Excel workbook: its header and plan_rows(), and a second sheet with
    its RAG counts (rag_summary_rows)."""
    return workbook(
        [
            Sheet(_("Improvement plan"), [headers(), *plan_rows(plan)], widths=WIDTHS),
            Sheet(_("RAG ratings"), rag_summary_rows(plan)),
        ]
    )
