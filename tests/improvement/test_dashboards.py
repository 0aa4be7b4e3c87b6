"""The dashboards: a plan's actions counted by RAG now and at each month end (a chart and a
table with the same numbers), its exception items, its next review (its overdue and stale
items are tested with the plan page's and the board pack's in test_attention.py); the
programme board's heat-map of services, scoped to the user's programmes and filtered; and
bounded query counts for both."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from improvement import services
from improvement.dashboards import history_chart, history_rows, month_ends, plan_dashboard
from improvement.enums import ActionStatus, PlanSource, Rag
from improvement.models import Action, ProgressUpdate
from tests import factories
from tests.pages import error_links
from tests.queries import queries_for_get

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

# Called, not computed at import: the tests run on a pinned day (tests/dates.py).
TODAY = timezone.localdate


def days_ago(days: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=days)


def update(item, rag, narrative="Progress.", *, on=None):
    item.refresh_from_db()
    return services.progress_update_add(
        item=item,
        seen_version=item.version,
        rag=rag,
        narrative=narrative,
        by=factories.UserFactory(),
        recorded_on=on or TODAY(),
    )


def peer_review_plan(**fields):
    programme = fields.pop("programme", None) or factories.ProgrammeFactory()
    return factories.ImprovementPlanFactory(
        source=PlanSource.PEER_REVIEW, programme=programme, inspectorate="", **fields
    )


def counts(red=0, amber=0, green=0, none=0) -> dict[str, int]:
    return {"red": red, "amber": amber, "green": green, "none": none}


def plan_url(plan) -> str:
    return reverse("dashboards:plan", args=[plan.pk])


@pytest.fixture
def plan(client):
    plan = factories.ImprovementPlanFactory(
        stale_after_days=90, next_review_on=datetime.date(2027, 1, 15)
    )
    client.force_login(factories.improvement_board_member(organisation=plan.organisation))
    return plan


# --- The plan's dashboard --------------------------------------------------------------------


def test_the_plan_dashboard_counts_actions_by_rag_now(client, plan):
    recommendation = factories.RecommendationFactory(plan=plan)
    for rag in [Rag.RED, Rag.AMBER, Rag.AMBER, Rag.GREEN, Rag.GREEN, Rag.GREEN, None]:
        action = factories.ActionFactory(recommendation=recommendation)
        if rag:
            update(action, Rag.GREEN, on=days_ago(40))
            update(action, rag)

    response = client.get(plan_url(plan))

    assert response.context["dashboard"].now == counts(red=1, amber=2, green=3, none=1)
    page = response.content.decode()
    assert "Red: <span" in page
    assert "No update: <span" in page
    assert "15 January 2027" in page


def test_the_plan_dashboard_counts_actions_as_they_stood_at_each_month_end(client, plan):
    ends = month_ends(TODAY())
    recommendation = factories.RecommendationFactory(plan=plan)
    changing = factories.ActionFactory(recommendation=recommendation)
    update(changing, Rag.RED, on=ends[0].replace(day=1))
    update(changing, Rag.AMBER, on=ends[2].replace(day=1))
    update(changing, Rag.GREEN, on=TODAY())
    later = factories.ActionFactory(recommendation=recommendation)
    update(later, Rag.GREEN, on=ends[5])
    factories.ActionFactory(recommendation=recommendation)  # never updated

    response = client.get(plan_url(plan))

    # The chart starts with the plan's first update. Each action counts from when it existed:
    # added today, but with an update at the end of month 5 (as an imported one would be), or
    # never updated (it counts as "No update" from today only).
    over_time = dict(response.context["dashboard"].over_time)
    assert list(over_time) == ends
    assert over_time[ends[0]] == counts(red=1)
    assert over_time[ends[1]] == counts(red=1)
    assert over_time[ends[2]] == counts(amber=1)
    assert over_time[ends[4]] == counts(amber=1)
    assert over_time[ends[5]] == counts(amber=1, green=1)
    assert over_time[ends[10]] == counts(amber=1, green=1)
    assert over_time[ends[11]] == counts(green=2, none=1)


# The plan's life: from its first update (June 2025) to today.
MONTHS_TO_18_MARCH_2026 = [
    "Jun 2025",
    "Jul 2025",
    "Aug 2025",
    "Sep 2025",
    "Oct 2025",
    "Nov 2025",
    "Dec 2025",
    "Jan 2026",
    "Feb 2026",
    "Mar 2026",
]


@pytest.fixture
def plan_on_18_march_2026(client, time_machine):
    """A plan seen on 18 March 2026 by its improvement board: one action, red from the end of
    June 2025 and amber today."""
    time_machine.move_to(
        datetime.datetime(2026, 3, 18, 12, tzinfo=zoneinfo.ZoneInfo("Europe/London")), tick=False
    )
    plan = factories.ImprovementPlanFactory(stale_after_days=90)
    action = factories.ActionFactory(recommendation__plan=plan)
    update(action, Rag.RED, on=datetime.date(2025, 6, 30))
    update(action, Rag.AMBER, on=datetime.date(2026, 3, 18))
    client.force_login(factories.improvement_board_member(organisation=plan.organisation))
    return plan


def test_the_chart_is_an_accessible_svg_and_the_table_has_the_same_numbers(
    client, plan_on_18_march_2026
):
    page = client.get(plan_url(plan_on_18_march_2026)).content.decode()

    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    assert "<title" in svg
    assert "<desc" in svg
    assert "style=" not in svg
    for word in ("Red", "Amber", "Green", "No update"):
        assert f">{word}</text>" in svg  # the legend, in words
    # Each month's segments (in the chart) and the row of the table say the same.
    table = page[
        page.index('id="rag-over-time"') : page.index("</table>", page.index("rag-over-time"))
    ]
    assert "<caption" in table
    assert 'scope="col"' in table
    assert 'scope="row"' in table
    assert re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', table) == MONTHS_TO_18_MARCH_2026
    for index, month in enumerate(MONTHS_TO_18_MARCH_2026):
        row = re.search(rf"<th scope=\"row\"[^>]*>{month}</th>(.*?)</tr>", table, re.S).group(1)
        numbers = [int(n) for n in re.findall(r">(\d+)</td>", row)]
        # June 2025 to February 2026: red; March 2026: amber.
        expected = counts(red=1) if index < 9 else counts(amber=1)
        assert numbers == list(expected.values()), month
        for rag_word, value in zip(("Red", "Amber", "Green", "No update"), numbers, strict=True):
            segment = f"<title>{month}: {value} {rag_word}</title>"
            assert (segment in svg) == bool(value), segment


def test_the_months_are_named_in_the_language_of_the_page(plan_on_18_march_2026):
    dashboard = plan_dashboard(plan=plan_on_18_march_2026, today=datetime.date(2026, 3, 18))

    with translation.override("cy"):
        welsh = [month for month, _numbers in history_rows(dashboard)]
        chart = history_chart(dashboard)

    assert welsh == [
        "Meh 2025",
        "Gor 2025",
        "Aws 2025",
        "Med 2025",
        "Hyd 2025",
        "Tach 2025",
        "Rhag 2025",
        "Ion 2026",
        "Chw 2026",
        "Maw 2026",
    ]
    assert re.findall(r'text-anchor="middle" fill="#0b0c0c">([^<]+)</text>', chart) == welsh


def test_the_exceptions_are_red_and_amber_actions_with_their_latest_narrative(client, plan):
    recommendation = factories.RecommendationFactory(plan=plan)
    red = factories.ActionFactory(recommendation=recommendation)
    update(red, Rag.GREEN, "Was on track.", on=days_ago(30))
    update(red, Rag.RED, "The data lead has left; nobody owns the data set.")
    amber = factories.ActionFactory(recommendation=recommendation)
    update(amber, Rag.AMBER, "Draft agreed, awaiting the board.")
    green = factories.ActionFactory(recommendation=recommendation)
    update(green, Rag.GREEN, "Done and reported.")
    signed_off = factories.ActionFactory(
        recommendation=recommendation, status=ActionStatus.SIGNED_OFF
    )
    update(signed_off, Rag.RED, "Red when the board signed it off anyway.")

    response = client.get(plan_url(plan))

    assert response.context["dashboard"].exceptions == [red, amber]
    page = response.content.decode()
    exceptions = page[page.index('id="exceptions"') :]
    assert "The data lead has left; nobody owns the data set." in exceptions
    assert "Draft agreed, awaiting the board." in exceptions
    assert "Was on track." not in page
    assert "Done and reported." not in page
    assert "Red when the board signed it off anyway." not in page


def test_the_plan_dashboard_is_not_found_for_those_who_may_not_see_the_plan(client):
    plan = factories.ImprovementPlanFactory()
    client.force_login(factories.service_lead())

    assert client.get(plan_url(plan)).status_code == 404


def test_the_plan_links_to_its_dashboard(client, plan):
    page = client.get(reverse("improvement:plan", args=[plan.pk])).content.decode()

    assert plan_url(plan) in page


# --- The programme dashboard -----------------------------------------------------------------


HEATMAP_SERVICE = re.compile(r'<tbody class="govuk-table__body">(.*?)</tbody>', re.S)
HEATMAP_SERVICE_NAME = re.compile(r"data-service>([^<]+)<br>")
HEATMAP_ROW = re.compile(r'<tr class="govuk-table__row">(.*?)</tr>', re.S)
HEATMAP_CELL = re.compile(r"app-heatmap__cell--(\w+)[^>]*>(?:<strong[^>]*>)?(\d+)<")


def rows(response) -> dict[str, list[dict[str, int]]]:
    """The heat-map as the page shows it: service name to its plans' counts by RAG, one per
    plan (row) in order. Read from the HTML, because the table may come from the cache rather
    than a template render."""
    assert response.status_code == 200
    page = response.content.decode()
    return {
        html.unescape(HEATMAP_SERVICE_NAME.search(group).group(1)): [
            {rag: int(number) for rag, number in HEATMAP_CELL.findall(row)}
            for row in HEATMAP_ROW.findall(group)
        ]
        for group in HEATMAP_SERVICE.findall(page[page.index('id="heatmap"') :])
    }


def date_parts(name: str, value: datetime.date | tuple) -> dict[str, str]:
    """A GOV.UK date input's parts as the filters send them: day, month and year."""
    day, month, year = (
        (value.day, value.month, value.year) if isinstance(value, datetime.date) else value
    )
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


@pytest.fixture
def programmes():
    north, south = factories.RegionFactory(), factories.RegionFactory()
    programme, other = factories.ProgrammeFactory(), factories.ProgrammeFactory()
    first = peer_review_plan(
        programme=programme,
        organisation=factories.OrganisationFactory(name="Ashby YJS", region=north),
        published_on=datetime.date(2025, 3, 1),
    )
    second = peer_review_plan(
        programme=programme,
        organisation=factories.OrganisationFactory(name="Bexley YJS", region=south),
        published_on=datetime.date(2026, 3, 1),
    )
    elsewhere = peer_review_plan(
        programme=other, organisation=factories.OrganisationFactory(name="Corby YJS")
    )
    inspection = factories.ImprovementPlanFactory(organisation=first.organisation)
    for plan_, rags in [
        (first, [Rag.RED, Rag.AMBER, None]),
        (second, [Rag.GREEN, Rag.GREEN]),
        (elsewhere, [Rag.RED]),
        (inspection, [Rag.RED, Rag.RED]),
    ]:
        recommendation = factories.RecommendationFactory(plan=plan_)
        for rag in rags:
            action = factories.ActionFactory(recommendation=recommendation)
            if rag:
                update(action, rag)
    return {
        "programme": programme,
        "other": other,
        "north": north,
        "south": south,
        "first": first,
        "second": second,
    }


def test_the_programme_dashboard_shows_only_the_users_programmes_services(client, programmes):
    client.force_login(factories.board_member(programme=programmes["programme"]))

    response = client.get(reverse("dashboards:rag"))

    assert rows(response) == {
        "Ashby YJS": [counts(red=1, amber=1, none=1)],
        "Bexley YJS": [counts(green=2)],
    }
    page = response.content.decode()
    assert plan_url(programmes["first"]) in page
    for heading in ("Red", "Amber", "Green", "No update"):
        assert (
            f'scope="col" class="govuk-table__header govuk-table__header--numeric">{heading}<'
            in page
        )
    assert "app-heatmap__cell--red" in page


def test_the_programme_dashboards_dates_are_gov_uk_date_inputs(client, programmes):
    client.force_login(factories.coordinator(programme=programmes["programme"]))

    page = client.get(reverse("dashboards:rag")).content.decode()

    assert 'type="date"' not in page
    for name in ("published_from", "published_to"):
        for part in range(3):
            assert f'name="{name}_{part}"' in page
    assert "Plans published from" in page
    assert "govuk-date-input" in page
    assert "govuk-error-summary" not in page


def test_a_date_filter_not_understood_is_named_and_the_other_filters_still_apply(
    client, programmes
):
    client.force_login(factories.coordinator(programme=programmes["programme"]))

    response = client.get(
        reverse("dashboards:rag"),
        {"region": programmes["south"].pk} | date_parts("published_from", (31, 2, 2025)),
    )

    assert error_links(response) == [
        ("The first date plans were published must be a real date", "#id_published_from_0")
    ]
    page = response.content.decode()
    assert "<title>Error: Programme dashboard" in page
    # The region still applies, and what was typed is kept.
    assert list(rows(response)) == ["Bexley YJS"]
    assert f'value="{programmes["south"].pk}" selected' in page
    assert 'name="published_from_0" value="31"' in page


def test_the_programme_dashboard_asks_for_4_numbers_in_a_year_and_dates_in_order(
    client, programmes
):
    client.force_login(factories.coordinator(programme=programmes["programme"]))
    url = reverse("dashboards:rag")

    two_digits = client.get(url, date_parts("published_to", (31, 12, 25)))
    backwards = client.get(
        url,
        date_parts("published_from", datetime.date(2026, 1, 1))
        | date_parts("published_to", datetime.date(2025, 1, 1)),
    )

    assert error_links(two_digits) == [("Year must include 4 numbers", "#id_published_to_2")]
    assert error_links(backwards) == [
        (
            "The last date plans were published must be the same as or after the first",
            "#id_published_to_0",
        )
    ]
    # The date that was understood still applies.
    assert list(rows(backwards)) == ["Bexley YJS"]


def test_the_programme_dashboard_filters_by_region_programme_source_and_period(client, programmes):
    url = reverse("dashboards:rag")
    client.force_login(factories.coordinator(programme=programmes["programme"]))

    assert list(rows(client.get(url, {"region": programmes["south"].pk}))) == ["Bexley YJS"]
    assert list(
        rows(
            client.get(
                url,
                date_parts("published_from", datetime.date(2025, 1, 1))
                | date_parts("published_to", datetime.date(2025, 12, 31)),
            )
        )
    ) == ["Ashby YJS"]
    # Another programme's services are not reached by choosing it.
    assert rows(client.get(url, {"programme": programmes["other"].pk})) == {
        "Ashby YJS": [counts(red=1, amber=1, none=1)],
        "Bexley YJS": [counts(green=2)],
    }

    client.force_login(factories.superuser())
    assert list(rows(client.get(url, {"programme": programmes["other"].pk}))) == ["Corby YJS"]
    assert rows(client.get(url, {"source": PlanSource.INSPECTION})) == {
        "Ashby YJS": [counts(red=2)]
    }
    assert rows(client.get(url, {"source": PlanSource.PEER_REVIEW}))["Ashby YJS"] == [
        counts(red=1, amber=1, none=1)
    ]


def test_the_heat_map_is_cached_until_what_it_shows_changes(client, programmes):
    """The table is built once and then served from the cache (the second request does not
    count actions), and every kind of change shows on the next request: a progress update, a
    new plan, a renamed service, a deleted plan, a renamed programme, and updates loaded in
    bulk."""
    url = reverse("dashboards:rag")
    client.force_login(factories.board_member(programme=programmes["programme"]))
    assert rows(client.get(url))["Bexley YJS"] == [counts(green=2)]
    with CaptureQueriesContext(connection) as captured:
        assert rows(client.get(url))["Bexley YJS"] == [counts(green=2)]
    assert not [query for query in captured if "improvement_action" in query["sql"]]

    action = programmes["second"].recommendations.get().actions.first()
    update(action, Rag.RED)
    assert rows(client.get(url))["Bexley YJS"] == [counts(red=1, green=1)]

    new_plan = peer_review_plan(
        programme=programmes["programme"],
        organisation=factories.OrganisationFactory(name="Derby YJS"),
    )
    assert rows(client.get(url))["Derby YJS"] == [counts()]

    organisation = programmes["second"].organisation
    organisation.name = "Bexley and Sidcup YJS"
    organisation.save()
    assert "Bexley and Sidcup YJS" in rows(client.get(url))

    new_plan.delete()
    assert "Derby YJS" not in rows(client.get(url))

    programme = programmes["programme"]
    programme.name = "Youth justice sector improvement partnership"
    programme.save()
    assert f">{programme.name}</option>" in client.get(url).content.decode()

    ProgressUpdate.objects.create(
        action=action,
        rag=Rag.AMBER,
        narrative="Loaded in bulk.",
        recorded_on=TODAY(),
        author=factories.UserFactory(),
    )
    services.current_rag_refresh(Action.objects.filter(pk=action.pk))
    assert rows(client.get(url))["Bexley and Sidcup YJS"] == [counts(amber=1, green=1)]


def test_a_cached_heat_map_is_never_shown_to_someone_with_other_programmes(client, programmes):
    url = reverse("dashboards:rag")
    client.force_login(factories.board_member(programme=programmes["programme"]))
    assert set(rows(client.get(url))) == {"Ashby YJS", "Bexley YJS"}

    client.force_login(factories.board_member(programme=programmes["other"]))
    assert set(rows(client.get(url))) == {"Corby YJS"}

    client.force_login(factories.superuser())
    assert set(rows(client.get(url))) == {"Ashby YJS", "Bexley YJS", "Corby YJS"}


def test_the_programme_dashboard_is_refused_to_services(client, programmes):
    client.force_login(factories.service_lead(organisation=programmes["first"].organisation))

    assert client.get(reverse("dashboards:rag")).status_code == 403


# --- Query counts ----------------------------------------------------------------------------


def test_the_plan_dashboard_runs_the_same_queries_for_one_update_and_thirty(client, plan):
    recommendation = factories.RecommendationFactory(plan=plan)
    update(factories.ActionFactory(recommendation=recommendation), Rag.RED, on=days_ago(200))
    url = plan_url(plan)
    one = queries_for_get(client, url)

    for index in range(29):
        action = factories.ActionFactory(recommendation=recommendation, due_on=days_ago(3))
        update(action, [Rag.RED, Rag.AMBER, Rag.GREEN][index % 3], on=days_ago(index * 11))

    assert queries_for_get(client, url) == one


def test_the_programme_dashboard_runs_the_same_queries_at_one_and_ten_services(client):
    programme = factories.ProgrammeFactory()
    client.force_login(factories.board_member(programme=programme))

    def service_with_plan():
        action = factories.ActionFactory(recommendation__plan=peer_review_plan(programme=programme))
        update(action, Rag.AMBER)
        return action

    action = service_with_plan()
    url = reverse("dashboards:rag")
    filtered_url = url + (
        f"?programme={programme.pk}&source=peer_review"
        "&published_from_0=1&published_from_1=1&published_from_2=2020"
    )
    one = queries_for_get(client, url)
    filtered = queries_for_get(client, filtered_url)

    for _ in range(9):
        service_with_plan()
    for index in range(29):
        update(action, Rag.GREEN, on=days_ago(index + 1))

    assert queries_for_get(client, url) == one
    assert queries_for_get(client, filtered_url) == filtered
