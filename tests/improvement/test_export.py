"""Exporting a plan as CSV and XLSX: one row per progress update in plan order (a
recommendation with several actions and dated updates, and an update on the recommendation as
a whole), the same cells in both formats with dates as dates, text that looks like a formula
kept as text, 404 for those who may not see the plan, and bounded query counts."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from improvement import services
from improvement.enums import ActionStatus, Rag
from tests import factories
from tests.exports import BYTE_ORDER_MARK, content, csv_rows

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

# Called, not computed at import: the tests run on a pinned day (tests/dates.py).
TODAY = timezone.localdate
HEADER = [
    "Recommendation ref",
    "Recommendation",
    "Addressed to",
    "Desired outcomes",
    "Action ref",
    "Action",
    "Lead officer",
    "Agency",
    "Due",
    "Status",
    "Update date",
    "Update RAG",
    "Progress",
    "By",
]


def update(item, rag, narrative, *, on, by):
    return services.progress_update_add(
        item=item, seen_version=item.version, rag=rag, narrative=narrative, by=by, recorded_on=on
    )


def xlsx_rows(response) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(content(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.fixture
def plan():
    return factories.ImprovementPlanFactory(title="After the 2025 inspection")


@pytest.fixture
def one_recommendation(plan, lead):
    """One recommendation with two desired outcomes, an update on it as a whole, and two
    actions: the first with two dated updates, the second with none."""
    recommendation = factories.RecommendationFactory(
        plan=plan, reference="1", text="Know the children.", addressee="The management board"
    )
    recommendation.outcomes.create(text="Needs are understood.", position=0)
    recommendation.outcomes.create(text="Reports go to the board.", position=1)
    first = factories.ActionFactory(
        recommendation=recommendation,
        reference="1a",
        text="Agree a data set.",
        lead_officer="Head of service",
        agency="YJS",
        due_on=datetime.date(2026, 3, 31),
        status=ActionStatus.IN_PROGRESS,
        position=0,
    )
    factories.ActionFactory(
        recommendation=recommendation,
        reference="1b",
        text="Train the board.",
        lead_officer="Chair",
        agency="Board",
        due_on=None,
        status=ActionStatus.NOT_STARTED,
        position=1,
    )
    update(first, Rag.RED, "Not begun.", on=datetime.date(2026, 1, 5), by=lead)
    first.refresh_from_db()
    update(first, Rag.AMBER, "Data set drafted.", on=datetime.date(2026, 2, 9), by=lead)
    update(recommendation, Rag.GREEN, "On track.", on=datetime.date(2026, 2, 10), by=lead)
    return recommendation


REC = [
    "1",
    "Know the children.",
    "The management board",
    "Needs are understood.\nReports go to the board.",
]
ACTION_1A = ["1a", "Agree a data set.", "Head of service", "YJS", "2026-03-31", "In progress"]
ACTION_1B = ["1b", "Train the board.", "Chair", "Board", "", "Not started"]
NO_ACTION = ["", "", "", "", "", ""]
NO_UPDATE = ["", "", "", ""]
EXPECTED_CSV = [
    HEADER,
    REC + NO_ACTION + ["2026-02-10", "Green", "On track.", "Sam Lead"],
    REC + ACTION_1A + ["2026-01-05", "Red", "Not begun.", "Sam Lead"],
    REC + ACTION_1A + ["2026-02-09", "Amber", "Data set drafted.", "Sam Lead"],
    REC + ACTION_1B + NO_UPDATE,
]


def test_the_csv_has_a_row_per_update_in_plan_order(client, plan, one_recommendation):
    response = client.get(reverse("improvement:export_csv", args=[plan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="after-the-2025-inspection-{TODAY().isoformat()}.csv"'
    )
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response.streaming
    assert csv_rows(response) == EXPECTED_CSV


def test_the_csv_starts_with_a_byte_order_mark_so_excel_reads_it_as_utf_8(
    client, plan, one_recommendation
):
    one_recommendation.actions.filter(reference="1b").update(agency="Café £ fund")

    data = content(client.get(reverse("improvement:export_csv", args=[plan.pk])))

    assert data.startswith(BYTE_ORDER_MARK)
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[-1][7] == "Café £ fund"


def test_the_xlsx_has_the_same_cells_with_dates_as_dates(client, plan, one_recommendation):
    response = client.get(reverse("improvement:export_xlsx", args=[plan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="after-the-2025-inspection-{TODAY().isoformat()}.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    rows = xlsx_rows(response)
    assert isinstance(rows[1][10], datetime.datetime)
    assert rows[1][10].date() == datetime.date(2026, 2, 10)
    assert rows[2][8].date() == datetime.date(2026, 3, 31)

    def as_text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        return value

    assert [[as_text(value) for value in row] for row in rows] == EXPECTED_CSV
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width == 50


def test_a_recommendation_with_no_actions_or_updates_has_one_row(client, plan, lead):
    factories.RecommendationFactory(plan=plan, reference="2", text="Lone.", addressee="")

    rows = csv_rows(client.get(reverse("improvement:export_csv", args=[plan.pk])))

    assert rows[1:] == [["2", "Lone.", "", "", *NO_ACTION, *NO_UPDATE]]


def test_text_that_looks_like_a_formula_is_not_a_formula_in_either(client, plan, lead):
    recommendation = factories.RecommendationFactory(plan=plan, text='=HYPERLINK("x")')
    factories.ActionFactory(recommendation=recommendation, text="+1+1", lead_officer="@me")

    csv_row = csv_rows(client.get(reverse("improvement:export_csv", args=[plan.pk])))[1]
    response = client.get(reverse("improvement:export_xlsx", args=[plan.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active

    assert csv_row[1] == '\'=HYPERLINK("x")'
    assert csv_row[5] == "'+1+1"
    assert csv_row[6] == "'@me"
    for coordinate, text in (("B2", '=HYPERLINK("x")'), ("F2", "+1+1"), ("G2", "@me")):
        assert sheet[coordinate].data_type == "s"
        assert sheet[coordinate].value == text
    assert "<f>" not in io.BytesIO(response.content).getvalue().decode("latin-1")


@pytest.mark.parametrize("name", ["improvement:export_csv", "improvement:export_xlsx"])
def test_another_services_lead_gets_404(client, plan, one_recommendation, name):
    client.force_login(factories.service_lead(organisation=factories.OrganisationFactory()))

    assert client.get(reverse(name, args=[plan.pk])).status_code == 404


def test_the_plan_page_links_to_both_downloads(client, plan, lead):
    page = client.get(reverse("improvement:plan", args=[plan.pk])).content.decode()

    assert reverse("improvement:export_csv", args=[plan.pk]) in page
    assert "Download as CSV" in page
    assert reverse("improvement:export_xlsx", args=[plan.pk]) in page
    assert "Download as Excel (XLSX)" in page


def queries_for_download(client, url: str) -> int:
    """Queries for one download, including those run while its content is streamed."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        content(response)
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["improvement:export_csv", "improvement:export_xlsx"])
def test_the_queries_are_the_same_for_one_action_and_twenty(client, plan, lead, name):
    recommendation = factories.RecommendationFactory(plan=plan)
    recommendation.outcomes.create(text="Needs are understood.")
    action = factories.ActionFactory(recommendation=recommendation)
    update(action, Rag.GREEN, "Done.", on=TODAY(), by=lead)
    update(recommendation, Rag.GREEN, "Done.", on=TODAY(), by=lead)
    url = reverse(name, args=[plan.pk])
    one = queries_for_download(client, url)

    for index in range(19):
        if index % 4 == 0:
            recommendation = factories.RecommendationFactory(plan=plan)
            recommendation.outcomes.create(text="Reports go to the board.")
            update(recommendation, Rag.AMBER, "Slow.", on=TODAY(), by=factories.UserFactory())
        action = factories.ActionFactory(recommendation=recommendation)
        update(action, Rag.RED, "Stuck.", on=TODAY(), by=factories.UserFactory())

    assert queries_for_download(client, url) == one
