"""Reads for the dashboards: a plan's actions counted by RAG now and at each of the last
twelve month ends, its overdue, stale (both decided by attention.py, as on the plan page) and
exception items; and the programme board's heat-map of services by RAG (the plans it covers
come from selectors.overseen_plans_for_user). Each runs a fixed number of queries, whatever
the number of services, actions or updates: history is fetched in one query and folded in
Python."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext

from core.charts import Series, stacked_bar_chart

from . import selectors
from .attention import FINISHED
from .enums import NO_UPDATE, Rag
from .models import Action, ImprovementPlan, ProgressUpdate

# The generation (core.caching) of the programme dashboard's cached heat-map: changed by every
# save or delete of what it shows (improvement.signals) and by services.current_rag_refresh.
HEATMAP_GENERATION = "improvement-heatmap"
# The order of the counts everywhere: the worst first.
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, NO_UPDATE]


def month_ends(today: datetime.date, months: int = 12) -> list[datetime.date]:
    """The ends of the last `months` months, oldest first; this month's is today."""
    ends = [today]
    first = today.replace(day=1)
    for _ in range(months - 1):
        end = first - datetime.timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return list(reversed(ends))


def counts_in_order(tally: Counter) -> dict[str, int]:
    return {str(rag): tally[rag] for rag in RAG_ORDER}


@dataclass
class PlanDashboard:
    now: dict[str, int]
    over_time: list[tuple[datetime.date, dict[str, int]]]
    overdue: list[Action] = field(default_factory=list)
    stale: list[Action] = field(default_factory=list)
    exceptions: list[Action] = field(default_factory=list)


def rag_over_time(
    *, plan: ImprovementPlan, action_ids: list[int], ends: list[datetime.date]
) -> list[tuple[datetime.date, dict[str, int]]]:
    """For each date in `ends` (ascending), the plan's actions counted by the RAG of their
    latest update on or before it (NO_UPDATE for those with none yet). One query."""
    rows = (
        ProgressUpdate.objects.filter(action__recommendation__plan=plan, recorded_on__lte=ends[-1])
        .order_by("recorded_on", "created_at", "pk")
        .values_list("action_id", "recorded_on", "rag")
    )
    latest: dict[int, str] = {}
    result = []
    rows = iter(rows)
    pending = next(rows, None)
    for end in ends:
        while pending is not None and pending[1] <= end:
            latest[pending[0]] = pending[2]
            pending = next(rows, None)
        tally = Counter(latest.values())
        tally[NO_UPDATE] = len(action_ids) - len(latest)
        result.append((end, counts_in_order(tally)))
    return result


def plan_dashboard(*, plan: ImprovementPlan, today: datetime.date) -> PlanDashboard:
    """Everything the plan's dashboard shows, in two queries."""
    actions = list(
        Action.objects.filter(recommendation__plan=plan)
        .select_related("recommendation")
        .annotate(latest_narrative=selectors.latest_narrative("action"))
    )
    dashboard = PlanDashboard(
        now=counts_in_order(Counter(action.current_rag or NO_UPDATE for action in actions)),
        over_time=rag_over_time(
            plan=plan, action_ids=[action.pk for action in actions], ends=month_ends(today)
        ),
    )
    for action in actions:
        action.attention = selectors.attention_of(
            action, stale_after_days=plan.stale_after_days, today=today
        )
        if action.attention.is_overdue:
            dashboard.overdue.append(action)
        if action.attention.is_stale:
            dashboard.stale.append(action)
        # A signed-off action stays off the exceptions whatever its last rating said.
        if action.current_rag in (Rag.RED, Rag.AMBER) and action.status not in FINISHED:
            dashboard.exceptions.append(action)
    dashboard.overdue.sort(key=lambda action: action.due_on)
    dashboard.stale.sort(key=lambda action: -action.attention.days_without_update)
    dashboard.exceptions.sort(key=lambda action: action.current_rag != Rag.RED)
    return dashboard


# --- The programme board's dashboard ---------------------------------------------------------


def filter_plans(
    plans: QuerySet[ImprovementPlan],
    *,
    programme=None,
    region=None,
    source: str = "",
    published_from: datetime.date | None = None,
    published_to: datetime.date | None = None,
) -> QuerySet[ImprovementPlan]:
    conditions = Q()
    if programme is not None:
        conditions &= Q(programme=programme)
    if region is not None:
        conditions &= Q(organisation__region=region)
    if source:
        conditions &= Q(source=source)
    if published_from:
        conditions &= Q(published_on__gte=published_from)
    if published_to:
        conditions &= Q(published_on__lte=published_to)
    return plans.filter(conditions)


@dataclass
class ServiceRow:
    organisation: object
    plans: list[ImprovementPlan]
    counts: dict[str, int]


def services_by_rag(plans: QuerySet[ImprovementPlan]) -> list[ServiceRow]:
    """One row per service with plans in `plans`: its plans and its actions (in those plans)
    counted by current RAG. Two queries, whatever the number of services or updates."""
    by_service: dict[int, ServiceRow] = {}
    for plan in plans.order_by("organisation__name", "organisation_id", "-published_on", "pk"):
        row = by_service.get(plan.organisation_id)
        if row is None:
            row = by_service[plan.organisation_id] = ServiceRow(plan.organisation, [], {})
        row.plans.append(plan)
    tallies: dict[int, Counter] = defaultdict(Counter)
    # Counted by the database: one row per (service, RAG), not one per action.
    counted = (
        Action.objects.filter(recommendation__plan__in=plans.values("pk"))
        .values("recommendation__plan__organisation_id", "current_rag")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counted:
        tally = tallies[row["recommendation__plan__organisation_id"]]
        tally[row["current_rag"] or NO_UPDATE] += row["n"]
    for organisation_id, row in by_service.items():
        row.counts = counts_in_order(tallies[organisation_id])
    return list(by_service.values())


# GOV.UK colours for the chart: red, orange (amber), green, and dark grey for no update.
COLOURS = {Rag.RED: "#d4351c", Rag.AMBER: "#f47738", Rag.GREEN: "#00703c", NO_UPDATE: "#505a5f"}


def rag_labels() -> dict[str, str]:
    """The words for each RAG rating, and for an item with no update yet."""
    return {
        Rag.RED: str(Rag.RED.label),
        Rag.AMBER: str(Rag.AMBER.label),
        Rag.GREEN: str(Rag.GREEN.label),
        NO_UPDATE: gettext("No update"),
    }


def month_label(end: datetime.date) -> str:
    """A month as the chart and its table name it, in the active language ("Mar 2026",
    "Maw 2026"): abbreviated, so that twelve fit under the bars."""
    return date_format(end, "M Y")


def history_rows(dashboard) -> list[tuple[str, list[int]]]:
    """The table beside the chart: each month's counts in RAG_ORDER."""
    return [
        (month_label(end), [counts[str(rag)] for rag in RAG_ORDER])
        for end, counts in dashboard.over_time
    ]


def history_chart(dashboard) -> str:
    """The plan's RAG counts at each month's end as an SVG stacked bar chart, for the
    dashboard page and the board pack alike (each also shows the numbers as a table)."""
    labels = rag_labels()
    return stacked_bar_chart(
        title=gettext("Actions by RAG rating at the end of each of the last 12 months"),
        description=gettext(
            "A stacked bar for each month: red, amber, green and no update. "
            "The same numbers are in the table below."
        ),
        categories=[month_label(end) for end, _counts in dashboard.over_time],
        series=[
            Series(
                labels[rag],
                COLOURS[rag],
                [counts[str(rag)] for _end, counts in dashboard.over_time],
            )
            for rag in RAG_ORDER
        ],
    )
