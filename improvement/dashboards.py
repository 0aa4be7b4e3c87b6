"""Reads for the dashboards: a plan's tracked items (actions, and items without actions:
selectors.tracked_items) counted by RAG now and at each month's end over the plan's life, its
overdue, stale (both decided by attention.py, as on the plan page) and exception items, and its
items counted by addressee; the programme board's heat-map, one row per plan grouped by service
(the plans it covers come from selectors.overseen_plans_for_user); and a service's dashboard
across its plans. Every count comes from selectors.rag_counts_for_plans or
selectors.tracked_items, which say the same. Each runs a fixed number of queries, whatever the
number of services, items or updates: history is fetched in one query and folded in Python."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.charts import Series, horizontal_stacked_bar_chart, stacked_bar_chart

from . import selectors
from .attention import FINISHED
from .enums import NO_UPDATE, PlanState, Rag
from .models import Action, ImprovementPlan, ProgressUpdate, Recommendation
from .scope import plan_scope

# The generation (core.caching) of the programme dashboard's cached heat-map: changed by every
# save or delete of what it shows (improvement.signals) and by services.current_rag_refresh.
HEATMAP_GENERATION = "improvement-heatmap"
# The order of the counts everywhere: the worst first.
RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, NO_UPDATE]
# A plan's chart shows a bar for each month of its life up to this many; a longer life shows
# a bar for every third month (each quarter's end, counted back from today or the close), so
# that the bars and their labels stay readable.
MONTHS_SHOWN = 24
QUARTER = 3


def month_ends(today: datetime.date, months: int = 12) -> list[datetime.date]:
    """The ends of the last `months` months, oldest first; this month's is today."""
    ends = [today]
    first = today.replace(day=1)
    for _ in range(months - 1):
        end = first - datetime.timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return list(reversed(ends))


def plan_start(plan: ImprovementPlan, *, first_update_on: datetime.date | None) -> datetime.date:
    """The first day of the month the plan started in: the earliest of its report's
    publication, its submission, its first progress update and the day it was added."""
    added_on = timezone.localdate(plan.created_at)
    dates = [plan.published_on, plan.submitted_on, first_update_on, added_on]
    return min(day for day in dates if day is not None).replace(day=1)


def plan_end(plan: ImprovementPlan, *, today: datetime.date) -> datetime.date:
    """The last day the plan's chart covers: the day it closed, if it is closed (or archived),
    else today."""
    if plan.state != PlanState.OPEN and plan.closed_on is not None:
        return min(plan.closed_on, today)
    return today


def chart_ends(start: datetime.date, end: datetime.date) -> tuple[list[datetime.date], int]:
    """The dates the chart counts at, oldest first, and the months between them (1 or
    QUARTER): each month's end from `start`'s month to `end` (the last is `end` itself), or
    every third of them, counted back from `end`, when there are more than MONTHS_SHOWN."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    ends = month_ends(end, max(months, 1))
    if len(ends) <= MONTHS_SHOWN:
        return ends, 1
    return ends[::-1][::QUARTER][::-1], QUARTER


def counts_in_order(tally: Counter) -> dict[str, int]:
    return {str(rag): tally[rag] for rag in RAG_ORDER}


def _key(item: Action | Recommendation) -> tuple[str, int]:
    return ("action" if item.is_action else "recommendation", item.pk)


@dataclass
class PlanDashboard:
    now: dict[str, int]
    over_time: list[tuple[datetime.date, dict[str, int]]]
    # The months between the dates of over_time: 1, or QUARTER for a long life.
    step: int = 1
    # The tracked items (selectors.tracked_items), in plan order, each with its `attention`.
    items: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)
    # The tracked items counted by RAG now, by whom their item is addressed to ("" for none).
    by_addressee: list[tuple[str, dict[str, int]]] = field(default_factory=list)


def tracked_updates(items: list) -> list[tuple[int | None, int | None, datetime.date, str]]:
    """The progress updates of these tracked items (selectors.tracked_items) and of nothing
    else, oldest first, as (action id, recommendation id, as at, RAG). One query."""
    return list(
        ProgressUpdate.objects.filter(
            Q(action_id__in=[item.pk for item in items if item.is_action])
            | Q(recommendation_id__in=[item.pk for item in items if not item.is_action])
        )
        .order_by("recorded_on", "created_at", "pk")
        .values_list("action_id", "recommendation_id", "recorded_on", "rag")
    )


def rag_over_time(
    *, items: list, updates: list, ends: list[datetime.date]
) -> list[tuple[datetime.date, dict[str, int]]]:
    """For each date in `ends` (ascending), the tracked items counted by the RAG of their
    latest update (of `updates`: tracked_updates) on or before it, NO_UPDATE for those with
    none yet. An item counts only from when it existed: the day it was added or, if earlier
    (an imported item), its first update's date."""

    def key(row) -> tuple[str, int]:
        return ("action", row[0]) if row[0] else ("recommendation", row[1])

    since = {_key(item): item.added_on for item in items}
    for row in updates:
        since[key(row)] = min(since[key(row)], row[2])
    latest: dict[tuple[str, int], str] = {}
    result = []
    pending = iter(updates)
    row = next(pending, None)
    for end in ends:
        while row is not None and row[2] <= end:
            latest[key(row)] = row[3]
            row = next(pending, None)
        tally = Counter(latest.values())
        tally[NO_UPDATE] = sum(1 for day in since.values() if day <= end) - len(latest)
        result.append((end, counts_in_order(tally)))
    return result


def plan_dashboard(*, plan: ImprovementPlan, today: datetime.date) -> PlanDashboard:
    """Everything the plan's dashboard (and its board pack) shows, in three queries: its
    tracked items (selectors.tracked_items: each action, and each recommendation or area for
    consideration without actions; never strengths) by RAG now and over the plan's life, the
    overdue, stale and exception items among them, and their counts by addressee."""
    items = selectors.tracked_items(plan_ids=[plan.pk])
    updates = tracked_updates(items)
    start = plan_start(plan, first_update_on=updates[0][2] if updates else None)
    ends, step = chart_ends(start, plan_end(plan, today=today))
    dashboard = PlanDashboard(
        now=counts_in_order(Counter(item.current_rag or NO_UPDATE for item in items)),
        over_time=rag_over_time(items=items, updates=updates, ends=ends),
        step=step,
        items=items,
    )
    by_addressee: dict[str, Counter] = defaultdict(Counter)
    for item in items:
        item.attention = selectors.attention_of(
            item, stale_after_days=plan.stale_after_days, today=today
        )
        by_addressee[item.item.addressee.strip()][item.current_rag or NO_UPDATE] += 1
        if item.attention.is_overdue:
            dashboard.overdue.append(item)
        if item.attention.is_stale:
            dashboard.stale.append(item)
        # A signed-off action stays off the exceptions whatever its last rating said.
        if item.current_rag in (Rag.RED, Rag.AMBER) and item.status not in FINISHED:
            dashboard.exceptions.append(item)
    dashboard.overdue.sort(key=lambda item: item.due_on)
    dashboard.stale.sort(key=lambda item: -item.attention.days_without_update)
    dashboard.exceptions.sort(key=lambda item: item.current_rag != Rag.RED)
    # By name, with the items addressed to nobody in particular last.
    named = sorted(by_addressee.items(), key=lambda pair: (not pair[0], pair[0].lower()))
    dashboard.by_addressee = [(addressee, counts_in_order(tally)) for addressee, tally in named]
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
    archived: bool = False,
) -> QuerySet[ImprovementPlan]:
    """The plans that match the filters; archived plans only when `archived` is asked for."""
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
    if not archived:
        conditions &= ~Q(state=PlanState.ARCHIVED)
    return plans.filter(conditions)


@dataclass
class PlanRow:
    plan: ImprovementPlan
    counts: dict[str, int]

    @property
    def cells(self) -> list[tuple[str, int]]:
        """Each RAG (in RAG_ORDER) with its count, for the table."""
        return [(str(rag), self.counts[str(rag)]) for rag in RAG_ORDER]


@dataclass
class ServiceRows:
    organisation: object
    rows: list[PlanRow]


def plans_by_rag(plans: QuerySet[ImprovementPlan]) -> list[ServiceRows]:
    """The heat-map: one row per plan in `plans`, grouped by service (a service's plans are
    never summed), each with its tracked items counted by current RAG
    (selectors.rag_counts_for_plans). Three queries, whatever the number of plans or items."""
    ordered = list(
        plans.order_by("organisation__name", "organisation_id", "-published_on", "title", "pk")
    )
    tallies = selectors.rag_counts_for_plans(plan_ids=[plan.pk for plan in ordered])
    groups: dict[int, ServiceRows] = {}
    for plan in ordered:
        group = groups.get(plan.organisation_id)
        if group is None:
            group = groups[plan.organisation_id] = ServiceRows(plan.organisation, [])
        group.rows.append(PlanRow(plan, counts_in_order(tallies[plan.pk])))
    return list(groups.values())


# --- A service's dashboard across its plans --------------------------------------------------


def has_service_dashboard(user) -> bool:
    """Whether the user has a service's dashboard: a service's leads and improvement board
    members (of the plans they follow), and superusers (of every service's)."""
    scope = plan_scope(user)
    return scope.everything or bool(scope.service_ids)


@dataclass
class PlanSummary:
    plan: ImprovementPlan
    counts: dict[str, int]
    overdue: int = 0
    stale: int = 0
    awaiting_sign_off: int = 0

    @property
    def cells(self) -> list[tuple[str, int]]:
        """Each RAG (in RAG_ORDER) with its count, for the table."""
        return [(str(rag), self.counts[str(rag)]) for rag in RAG_ORDER]


def service_dashboard(
    plans: QuerySet[ImprovementPlan], *, today: datetime.date
) -> list[tuple[object, list[PlanSummary]]]:
    """Each of the plans, grouped by service: its tracked items counted by RAG now (from the
    same tracked items as its own dashboard), how many of them are overdue and stale, and how
    many actions await sign-off. Four queries, whatever the number of plans or items."""
    ordered = list(plans)
    plan_ids = [plan.pk for plan in ordered]
    by_plan = {plan.pk: plan for plan in ordered}
    summaries = {plan.pk: PlanSummary(plan, {}) for plan in ordered}
    tallies: dict[int, Counter] = defaultdict(Counter)
    for item in selectors.tracked_items(plan_ids=plan_ids):
        summary = summaries[item.plan_id]
        tallies[item.plan_id][item.current_rag or NO_UPDATE] += 1
        attention = selectors.attention_of(
            item, stale_after_days=by_plan[item.plan_id].stale_after_days, today=today
        )
        summary.overdue += attention.is_overdue
        summary.stale += attention.is_stale
    awaiting = selectors.awaiting_sign_off_by_plan(plan_ids=plan_ids)
    groups: dict[int, tuple[object, list[PlanSummary]]] = {}
    for plan in ordered:
        summary = summaries[plan.pk]
        summary.counts = counts_in_order(tallies[plan.pk])
        summary.awaiting_sign_off = awaiting.get(plan.pk, 0)
        groups.setdefault(plan.organisation_id, (plan.organisation, []))[1].append(summary)
    return list(groups.values())


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
    """The table beside the chart: each month's (or quarter's) counts in RAG_ORDER."""
    return [
        (month_label(end), [counts[str(rag)] for rag in RAG_ORDER])
        for end, counts in dashboard.over_time
    ]


def history_chart(dashboard, *, for_screens: bool = False) -> str:
    """The plan's RAG counts at each month's (or, over a long life, each quarter's) end
    since it started, as an SVG stacked bar chart, for the dashboard page and the board pack
    alike (each also shows the numbers as a table). `for_screens` (the dashboard page) adds
    the same numbers as horizontal bars, readable on a phone
    (core.charts.horizontal_stacked_bar_chart): the page's stylesheet shows one or the other
    by the screen's width."""
    labels = rag_labels()
    if dashboard.step == QUARTER:
        title = gettext("RAG ratings at the end of every third month since the plan started")
        description = gettext(
            "A stacked bar for every third month: red, amber, green and no update. "
            "The same numbers are in the table below."
        )
    else:
        title = gettext("RAG ratings at the end of each month since the plan started")
        description = gettext(
            "A stacked bar for each month: red, amber, green and no update. "
            "The same numbers are in the table below."
        )
    chart = {
        "title": title,
        "description": description,
        "categories": [month_label(end) for end, _counts in dashboard.over_time],
        "series": [
            Series(
                labels[rag],
                COLOURS[rag],
                [counts[str(rag)] for _end, counts in dashboard.over_time],
            )
            for rag in RAG_ORDER
        ],
    }
    if not for_screens:
        return stacked_bar_chart(**chart)
    return mark_safe(  # noqa: S308 - both charts escape what they are given
        stacked_bar_chart(**chart, css_class="app-chart app-chart--wide")
        + horizontal_stacked_bar_chart(**chart)
    )
