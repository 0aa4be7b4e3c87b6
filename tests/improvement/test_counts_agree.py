"""Dashboards that agree: RAG is tracked on the actions of an item that has them and on the item
itself where it has none (strengths never count), and the plans list, the plan's dashboard,
the programme heat-map, the service's dashboard, the board pack (its summary and its body) and
the export all count the same items. The plan's chart runs over the plan's own life, and an
item counts only from when it existed."""

import datetime
import html
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from documents.rendering import document_html
from improvement import selectors, services
from improvement.dashboards import chart_ends, month_label, plan_dashboard
from improvement.documents import board_pack_request
from improvement.enums import ActionStatus, ItemKind, PlanSource, PlanState, Rag
from improvement.models import Recommendation
from tests import factories
from tests.improvement.counts import (
    board_pack_body,
    board_pack_summary,
    counts,
    export_counts,
    heatmap_counts,
    list_counts,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = timezone.localdate
LONDON = zoneinfo.ZoneInfo("Europe/London")


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


def item(plan, reference, *, kind=ItemKind.RECOMMENDATION, addressee="The management board"):
    return factories.RecommendationFactory(
        plan=plan, reference=reference, position=int(reference), kind=kind, addressee=addressee
    )


@pytest.fixture
def programme():
    return factories.ProgrammeFactory()


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Severnside YJS")


@pytest.fixture
def tracked_on_items(programme, organisation):
    """A post-inspection plan tracked on its recommendations only (no actions), overseen by the
    programme's board: red, amber, amber, green and one with no update yet."""
    plan = factories.ImprovementPlanFactory(
        organisation=organisation,
        title="Post-inspection plan",
        programme=programme,
        overseen_by_programme=True,
    )
    for reference, rag in enumerate([Rag.RED, Rag.AMBER, Rag.AMBER, Rag.GREEN, None], start=1):
        recommendation = item(
            plan, str(reference), addressee="The chair" if reference == 1 else "The board"
        )
        if rag:
            update(recommendation, rag)
    return plan


@pytest.fixture
def mixed(programme, organisation):
    """A peer-review plan: a recommendation with actions (red, green, and one with no update)
    and its own update, which is not counted; an area for consideration with no actions,
    amber; and two strengths, never counted."""
    plan = factories.ImprovementPlanFactory(
        organisation=organisation,
        title="Peer review plan",
        source=PlanSource.PEER_REVIEW,
        programme=programme,
        inspectorate="",
    )
    with_actions = item(plan, "1")
    update(with_actions, Rag.GREEN, "Overall, going well.")
    for reference, rag in (("1a", Rag.RED), ("1b", Rag.GREEN), ("1c", None)):
        action = factories.ActionFactory(recommendation=with_actions, reference=reference)
        if rag:
            update(action, rag)
    update(item(plan, "2", kind=ItemKind.AREA_FOR_CONSIDERATION, addressee=""), Rag.AMBER)
    item(plan, "3", kind=ItemKind.STRENGTH)
    item(plan, "4", kind=ItemKind.STRENGTH)
    return plan


EXPECTED_ON_ITEMS = counts(red=1, amber=2, green=1, none=1)
EXPECTED_MIXED = counts(red=1, amber=1, green=1, none=1)


@pytest.mark.parametrize(
    ("plan_fixture", "expected"),
    [("tracked_on_items", EXPECTED_ON_ITEMS), ("mixed", EXPECTED_MIXED)],
)
def test_every_page_counts_the_same_tracked_items(
    client, request, programme, organisation, plan_fixture, expected
):
    plan = request.getfixturevalue(plan_fixture)
    lead = factories.service_lead(organisation=organisation)
    client.force_login(lead)

    # The plans list.
    assert list_counts(client.get(reverse("improvement:plans")), plan) == expected
    # The plan's dashboard.
    dashboard = client.get(reverse("dashboards:plan", args=[plan.pk]))
    assert dashboard.context["dashboard"].now == expected
    shown = dict(re.findall(r'data-rag="(\w+)">(\d+)<', dashboard.content.decode()))
    assert {rag: int(number) for rag, number in shown.items()} == expected
    # The last bar of the chart is now.
    assert dashboard.context["dashboard"].over_time[-1][1] == expected
    # The service's dashboard.
    service = client.get(reverse("dashboards:service"))
    [summary] = [
        summary
        for _organisation, summaries in service.context["services"]
        for summary in summaries
        if summary.plan.pk == plan.pk
    ]
    assert summary.counts == expected
    # The export.
    assert export_counts(client, plan) == expected
    # The programme's heat-map.
    client.force_login(factories.coordinator(programme=programme))
    assert heatmap_counts(client.get(reverse("dashboards:rag")))[plan.pk] == expected
    # The board pack: its summary and its body.
    html = document_html(board_pack_request(plan=plan, by=lead))
    assert board_pack_summary(html) == expected
    assert board_pack_body(html) == expected


def test_no_count_is_zero_for_a_plan_tracked_on_its_recommendations(client, tracked_on_items):
    """The issue's case: straight after an inspection, no actions, RAG on the recommendations;
    not "Red 0, Amber 0, Green 0"."""
    client.force_login(
        factories.improvement_board_member(organisation=tracked_on_items.organisation)
    )

    page = client.get(reverse("improvement:plans")).content.decode()

    assert "1 green, 2 amber, 1 red, 1 no update" in " ".join(page.split())


def test_strengths_are_kept_in_the_board_pack_but_never_counted(mixed):
    html = document_html(board_pack_request(plan=mixed, by=factories.UserFactory()))

    strengths = html[html.index("<h2>Strengths</h2>") :]
    assert strengths.count("<h3>") == 2
    assert "RAG rating:" not in strengths
    assert "No update" not in strengths


def test_addressees_appear_on_the_dashboard_and_the_board_pack(client, tracked_on_items, mixed):
    client.force_login(factories.service_lead(organisation=tracked_on_items.organisation))

    response = client.get(reverse("dashboards:plan", args=[tracked_on_items.pk]))

    assert response.context["dashboard"].by_addressee == [
        ("The board", counts(amber=2, green=1, none=1)),
        ("The chair", counts(red=1)),
    ]
    table = response.content.decode().split('id="by-addressee"')[1].split("</table>")[0]
    assert "The chair" in table
    # The exceptions name whom each item is addressed to.
    assert "Addressed to The chair" in response.content.decode()

    html = document_html(board_pack_request(plan=mixed, by=factories.UserFactory()))
    by_addressee = html.split('id="by-addressee"')[1].split("</table>")[0]
    # The actions of recommendation 1 are addressed as it is; the area for consideration to
    # nobody named, listed last.
    assert re.findall(r'<th scope="row">([^<]+)</th>', by_addressee) == [
        "The management board",
        "Not given",
    ]
    assert "<strong>Addressed to:</strong> The management board" in html


def test_a_next_review_in_the_past_stands_out_on_the_dashboard_and_the_board_pack(
    client, tracked_on_items
):
    tracked_on_items.next_review_on = TODAY() - datetime.timedelta(days=1)
    tracked_on_items.save()
    client.force_login(factories.service_lead(organisation=tracked_on_items.organisation))

    page = client.get(reverse("dashboards:plan", args=[tracked_on_items.pk])).content.decode()

    next_review = page.split('id="next-review"')[1].split("</dd>")[0]
    assert "Review overdue" in next_review
    html = document_html(board_pack_request(plan=tracked_on_items, by=factories.UserFactory()))
    assert "Review overdue" in html


def test_a_recommendation_without_actions_can_be_stale_on_the_dashboard_and_the_plan(
    client, tracked_on_items
):
    tracked_on_items.stale_after_days = 30
    tracked_on_items.save()
    never = tracked_on_items.recommendations.get(reference="5")
    Recommendation.objects.filter(pk=never.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=45)
    )
    client.force_login(factories.service_lead(organisation=tracked_on_items.organisation))

    response = client.get(reverse("dashboards:plan", args=[tracked_on_items.pk]))

    dashboard = response.context["dashboard"]
    assert [item.pk for item in dashboard.stale] == [never.pk]
    assert dashboard.stale[0].attention.days_without_update == 45
    assert not dashboard.overdue
    # A red or amber recommendation is an exception, linked to its place on the plan.
    assert [item.reference for item in dashboard.exceptions] == ["1", "2", "3"]
    red = tracked_on_items.recommendations.get(reference="1")
    assert f"#recommendation-{red.pk}" in response.content.decode()

    # The plan page says so under the item, as it does for an action.
    page = client.get(tracked_on_items.get_absolute_url()).content.decode()
    section = page.split(f'id="recommendation-{never.pk}"')[1].split("</section>")[0]
    assert "No update yet" in section
    assert "No update for 45 days" in section
    fresh = page.split(f'id="recommendation-{red.pk}"')[1].split("</section>")[0]
    assert "No update for" not in fresh


# --- The chart over the plan's life ----------------------------------------------------------


@pytest.fixture
def on_18_march_2026(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 18, 12, tzinfo=LONDON), tick=False)
    return datetime.date(2026, 3, 18)


def labels(dashboard) -> list[str]:
    return [month_label(end) for end, _counts in dashboard.over_time]


def test_the_chart_of_a_plan_from_an_earlier_year_runs_from_its_start(on_18_march_2026):
    """A plan published in November 2024, imported today: its items have updates from then.
    The chart starts in November 2024, not twelve months ago, and an item counts from its
    first update; one added today, never updated, counts only now."""
    plan = factories.ImprovementPlanFactory(published_on=datetime.date(2024, 11, 20))
    first = item(plan, "1")
    update(first, Rag.RED, on=datetime.date(2024, 12, 5))
    update(first, Rag.GREEN, on=datetime.date(2025, 9, 1))
    second = item(plan, "2")
    update(second, Rag.AMBER, on=datetime.date(2025, 2, 10))
    item(plan, "3")  # added today

    dashboard = plan_dashboard(plan=plan, today=on_18_march_2026)

    assert dashboard.step == 1
    assert labels(dashboard)[0] == "Nov 2024"
    assert labels(dashboard)[-1] == "Mar 2026"
    assert len(dashboard.over_time) == 17
    over_time = dict(dashboard.over_time)
    assert over_time[datetime.date(2024, 11, 30)] == counts()  # nothing existed yet
    assert over_time[datetime.date(2024, 12, 31)] == counts(red=1)
    assert over_time[datetime.date(2025, 2, 28)] == counts(red=1, amber=1)
    assert over_time[datetime.date(2025, 9, 30)] == counts(amber=1, green=1)
    assert over_time[on_18_march_2026] == counts(amber=1, green=1, none=1)


def test_a_long_life_is_shown_by_quarter_with_thinned_labels(client, on_18_march_2026):
    plan = factories.ImprovementPlanFactory(published_on=datetime.date(2023, 1, 10))
    update(item(plan, "1"), Rag.RED, on=datetime.date(2023, 2, 1))
    client.force_login(factories.service_lead(organisation=plan.organisation))

    response = client.get(reverse("dashboards:plan", args=[plan.pk]))

    dashboard = response.context["dashboard"]
    assert dashboard.step == 3
    # Every third month's end counted back from today: 39 months make 13 bars.
    assert labels(dashboard) == [
        "Mar 2023",
        "Jun 2023",
        "Sep 2023",
        "Dec 2023",
        "Mar 2024",
        "Jun 2024",
        "Sep 2024",
        "Dec 2024",
        "Mar 2025",
        "Jun 2025",
        "Sep 2025",
        "Dec 2025",
        "Mar 2026",
    ]
    page = response.content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    named = re.findall(r'text-anchor="middle" fill="#0b0c0c">([^<]+)</text>', svg)
    # At most twelve names under the bars, always the last; every bar still names itself.
    assert named == labels(dashboard)[::-1][::2][::-1]
    assert named[-1] == "Mar 2026"
    assert "<title>Jun 2023: 1 Red</title>" in svg
    assert "every third month" in page


def test_the_chart_of_a_closed_plan_ends_when_it_closed(on_18_march_2026):
    plan = factories.ImprovementPlanFactory(
        published_on=datetime.date(2023, 11, 1),
        state=PlanState.CLOSED,
        closed_on=datetime.date(2024, 6, 15),
    )
    update(item(plan, "1"), Rag.GREEN, on=datetime.date(2024, 1, 5))

    dashboard = plan_dashboard(plan=plan, today=on_18_march_2026)

    assert labels(dashboard) == [
        "Nov 2023",
        "Dec 2023",
        "Jan 2024",
        "Feb 2024",
        "Mar 2024",
        "Apr 2024",
        "May 2024",
        "Jun 2024",
    ]
    assert dashboard.over_time[-1] == (datetime.date(2024, 6, 15), counts(green=1))


# --- The heat-map ----------------------------------------------------------------------------


def test_the_heat_map_has_a_row_per_plan_with_overseen_inspections_and_no_archived_plans(
    client, programme, organisation, tracked_on_items, mixed
):
    tracked_on_items.next_review_on = TODAY() - datetime.timedelta(days=1)
    tracked_on_items.save()
    archived = factories.ImprovementPlanFactory(
        organisation=organisation,
        source=PlanSource.PEER_REVIEW,
        programme=programme,
        inspectorate="",
        state=PlanState.ARCHIVED,
        closed_on=TODAY(),
    )
    not_overseen = factories.ImprovementPlanFactory(organisation=organisation, programme=programme)
    client.force_login(factories.board_member(programme=programme))
    url = reverse("dashboards:rag")

    response = client.get(url)

    # One row each, never summed: the service's two plans side by side.
    assert heatmap_counts(response) == {
        tracked_on_items.pk: EXPECTED_ON_ITEMS,
        mixed.pk: EXPECTED_MIXED,
    }
    page = response.content.decode()
    assert page.count("data-service>Severnside YJS<br>") == 1
    assert 'rowspan="2"' in page
    assert "Review overdue" in page
    assert not_overseen.title not in page
    # The source filter narrows to the inspection plans; archived plans only when asked for.
    assert list(heatmap_counts(client.get(url, {"source": PlanSource.INSPECTION}))) == [
        tracked_on_items.pk
    ]
    with_archived = client.get(url, {"archived": "on"})
    assert archived.pk in heatmap_counts(with_archived)
    assert ">Archived</strong>" in with_archived.content.decode()


def test_the_heat_map_changes_when_a_recommendation_is_updated(client, programme, tracked_on_items):
    client.force_login(factories.board_member(programme=programme))
    url = reverse("dashboards:rag")
    assert heatmap_counts(client.get(url))[tracked_on_items.pk] == EXPECTED_ON_ITEMS

    update(tracked_on_items.recommendations.get(reference="5"), Rag.GREEN)
    assert heatmap_counts(client.get(url))[tracked_on_items.pk] == counts(red=1, amber=2, green=2)

    # Giving a recommendation an action moves its tracking to the action.
    factories.ActionFactory(recommendation=tracked_on_items.recommendations.get(reference="1"))
    assert heatmap_counts(client.get(url))[tracked_on_items.pk] == counts(amber=2, green=2, none=1)


# --- The service's dashboard -----------------------------------------------------------------


def test_the_improvement_board_has_a_dashboard_across_its_services_plans(
    client, organisation, tracked_on_items, mixed
):
    mixed.next_review_on = TODAY() - datetime.timedelta(days=3)
    mixed.stale_after_days = 30
    mixed.save()
    action = mixed.recommendations.get(reference="1").actions.get(reference="1a")
    action.due_on = TODAY() - datetime.timedelta(days=1)
    action.status = ActionStatus.AWAITING_SIGN_OFF
    action.save()
    never = mixed.recommendations.get(reference="1").actions.get(reference="1c")
    never.__class__.objects.filter(pk=never.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    factories.ImprovementPlanFactory(
        organisation=organisation, title="Old archived plan", state="archived", closed_on=TODAY()
    )
    elsewhere = factories.ImprovementPlanFactory(title="Another service's plan")
    client.force_login(factories.improvement_board_member(organisation=organisation))

    # Linked from the list of plans.
    assert (
        reverse("dashboards:service") in client.get(reverse("improvement:plans")).content.decode()
    )
    response = client.get(reverse("dashboards:service"))

    [(service, summaries)] = response.context["services"]
    assert service == organisation
    by_title = {summary.plan.title: summary for summary in summaries}
    assert set(by_title) == {"Post-inspection plan", "Peer review plan"}
    peer = by_title["Peer review plan"]
    assert (peer.counts, peer.overdue, peer.stale, peer.awaiting_sign_off) == (
        EXPECTED_MIXED,
        1,
        1,
        1,
    )
    page = response.content.decode()
    assert "Review overdue" in page
    assert html.escape(elsewhere.title) not in page  # as the page would write it
    assert "Old archived plan" not in page


def test_the_service_dashboard_is_refused_to_programme_boards(client, programme):
    client.force_login(factories.board_member(programme=programme))

    assert client.get(reverse("dashboards:service")).status_code == 403
    assert (
        reverse("dashboards:service")
        not in client.get(reverse("improvement:plans")).content.decode()
    )


def test_the_service_dashboard_runs_the_same_queries_for_one_plan_and_five(
    client, organisation, mixed
):
    from tests.queries import queries_for_get

    client.force_login(factories.improvement_board_member(organisation=organisation))
    url = reverse("dashboards:service")
    one = queries_for_get(client, url)

    for _ in range(4):
        plan = factories.ImprovementPlanFactory(organisation=organisation)
        update(item(plan, "1"), Rag.RED)
        update(factories.ActionFactory(recommendation=item(plan, "2")), Rag.AMBER)

    assert queries_for_get(client, url) == one


# --- The one selector ------------------------------------------------------------------------


def test_the_selector_counts_many_plans_in_two_queries(
    django_assert_num_queries, tracked_on_items, mixed
):
    empty = factories.ImprovementPlanFactory()
    plan_ids = [tracked_on_items.pk, mixed.pk, empty.pk]

    with django_assert_num_queries(2):
        tallies = selectors.rag_counts_for_plans(plan_ids=plan_ids)

    assert {plan_id: counts(**tallies[plan_id]) for plan_id in plan_ids} == {
        tracked_on_items.pk: EXPECTED_ON_ITEMS,
        mixed.pk: EXPECTED_MIXED,
        empty.pk: counts(),
    }
    with django_assert_num_queries(2):
        items = selectors.tracked_items(plan_ids=plan_ids)
    # In plan and item order: recommendation 1's actions, then the area for consideration;
    # the strengths never.
    assert [(item.plan_id, item.reference, item.is_action) for item in items] == [
        *[(tracked_on_items.pk, str(n), False) for n in range(1, 6)],
        (mixed.pk, "1a", True),
        (mixed.pk, "1b", True),
        (mixed.pk, "1c", True),
        (mixed.pk, "2", False),
    ]


@pytest.mark.parametrize(
    ("start", "end", "bars", "step"),
    [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 18), 1, 1),
        (datetime.date(2024, 4, 1), datetime.date(2026, 3, 18), 24, 1),
        (datetime.date(2024, 3, 1), datetime.date(2026, 3, 18), 9, 3),
    ],
)
def test_the_chart_shows_months_up_to_two_years_then_quarters(start, end, bars, step):
    ends, every = chart_ends(start, end)

    assert (len(ends), every) == (bars, step)
    assert ends[-1] == end
    assert ends[0] >= start
