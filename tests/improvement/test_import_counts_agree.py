"""Counts agree after an import (the issue's first "Done when"): files shaped like the real
trackers, imported unchanged through the real pages (upload, match the columns, preview,
import), then the same counts of items, actions, progress updates and RAG on the plan page,
the plans list, the plan's dashboard, the programme's heat-map, the export (CSV and XLSX) and
the board pack.

The shapes (tests/improvement/test_import_trackers.py builds them): 004's post-inspection plan
with RAG only on its recommendations; a youth justice tracker with sub-actions, no update
dates, A/G and Blue; one with no references and merged cells, an area for consideration and a
strength; an XLSX with merged cells and date cells; a Word table."""

import csv
import io
import re
from dataclasses import dataclass

import openpyxl
import pytest
from django.urls import reverse

from documents.rendering import document_html
from improvement.documents import board_pack_request
from improvement.models import Action, ProgressUpdate, Recommendation
from tests import factories
from tests.improvement.counts import (
    board_pack_body,
    board_pack_summary,
    counts,
    export_counts,
    heatmap_counts,
    list_counts,
)
from tests.improvement.test_import_trackers import (
    INSPECTION,
    NO_REFERENCES,
    SUB_ACTIONS,
    D,
    as_at,
    csv_bytes,
    do_import,
    docx_tracker,
    errors_of,
    preview,
    upload,
    xlsx_tracker,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@dataclass(frozen=True)
class Expected:
    items: int  # every kind, strengths included
    strengths: int
    actions: int
    updates: int
    rag: dict[str, int]  # the tracked items (actions, and items with none) by RAG now

    @property
    def tracked(self) -> int:
        return sum(self.rag.values())


@dataclass(frozen=True)
class Tracker:
    name: str
    content: bytes
    filename: str
    # How the person answers the mapping page's questions, as they would for this file.
    options: dict


TRACKERS = [
    (
        Tracker("004 post-inspection", csv_bytes(INSPECTION), "inspection.csv",
                {"lead_officer": ""}),
        Expected(items=3, strengths=0, actions=0, updates=4, rag=counts(amber=2, green=1)),
    ),
    (
        Tracker("sub-actions, A/G and Blue", csv_bytes(SUB_ACTIONS), "tracker.csv",
                {"split": "better", **as_at(D(2025, 1, 31))}),
        Expected(items=2, strengths=0, actions=5, updates=4,
                 rag=counts(red=1, amber=1, green=2, none=1)),
    ),
    (
        Tracker("no references, merged cells", csv_bytes(NO_REFERENCES), "merged.csv",
                {"merged": "yes"}),
        Expected(items=3, strengths=1, actions=2, updates=4, rag=counts(amber=2, green=1)),
    ),
    (
        Tracker("xlsx", xlsx_tracker(), "tracker.xlsx", {"merged": "yes", "split": "worse"}),
        Expected(items=2, strengths=0, actions=4, updates=4,
                 rag=counts(red=1, amber=1, green=2)),
    ),
    (
        Tracker("docx", docx_tracker(), "plan.docx", {}),
        Expected(items=2, strengths=0, actions=3, updates=3, rag=counts(amber=1, green=2)),
    ),
]  # fmt: skip


@pytest.fixture
def programme():
    return factories.ProgrammeFactory()


@pytest.fixture
def plan(programme):
    # Overseen by the programme's board, so that it shows on the heat-map.
    return factories.ImprovementPlanFactory(programme=programme, overseen_by_programme=True)


def import_through_the_pages(client, plan, tracker: Tracker) -> None:
    url = upload(client, plan, tracker.content, tracker.filename)
    data, page = preview(client, url, **tracker.options)
    assert errors_of(page) == []
    do_import(client, url, {**data, **tracker.options}, plan)


_TAG_WORDS = {"Red": "red", "Amber": "amber", "Green": "green", "No update yet": "none"}


def plan_page_counts(page: str) -> dict:
    """What the plan page shows: its items (each a heading), its strengths, its actions (each
    a row linked to the action), the updates the import added (its row in the imports table)
    and the RAG tags of the tracked items."""
    strengths = page[page.index('id="strengths-heading"') :] if "strengths-heading" in page else ""
    tally = counts()
    for word in re_findall(r'<strong class="govuk-tag govuk-tag--\w+">([^<]+)</strong>', page):
        if word in _TAG_WORDS:
            tally[_TAG_WORDS[word]] += 1
    [added] = re_findall(r"<td[^>]*>(\d+ items?, \d+ actions?, \d+ updates?)</td>", page)
    return {
        "items": len(re_findall(r'id="recommendation-\d+-heading"', page)),
        "strengths": len(re_findall(r'id="recommendation-\d+-heading"', strengths)),
        "actions": page.count("view the action and its progress"),
        "added": added,
        "rag": tally,
    }


def re_findall(pattern: str, text: str) -> list:
    return re.findall(pattern, text, re.S)


def export_rows(client, plan) -> tuple[list[list[str]], list[tuple]]:
    """The CSV's rows and the XLSX's first sheet's, without their headers."""
    response = client.get(reverse("improvement:export_csv", args=[plan.pk]))
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    csv_rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))[1:]
    response = client.get(reverse("improvement:export_xlsx", args=[plan.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    xlsx_rows = list(workbook.worksheets[0].iter_rows(values_only=True))[1:]
    return csv_rows, xlsx_rows


def export_shape(rows) -> tuple[int, int, int]:
    """Items, actions and progress updates in an export's rows: one row per update (or per
    action, or item, with none), the item's reference in the first column, the action's in
    the fifth, the update's date in the eleventh."""
    items = {row[0] for row in rows}
    actions = {(row[0], row[4]) for row in rows if row[4]}
    updates = sum(1 for row in rows if row[10] not in ("", None))
    return len(items), len(actions), updates


@pytest.mark.parametrize(
    ("tracker", "expected"), TRACKERS, ids=[tracker.name for tracker, _e in TRACKERS]
)
def test_the_counts_agree_everywhere_after_importing_a_tracker_unchanged(
    client, programme, plan, lead, tracker, expected
):
    import_through_the_pages(client, plan, tracker)

    # What was written.
    assert (
        Recommendation.objects.filter(plan=plan).count(),
        Action.objects.filter(recommendation__plan=plan).count(),
        ProgressUpdate.objects.filter(recommendation__plan=plan).count()
        + ProgressUpdate.objects.filter(action__recommendation__plan=plan).count(),
    ) == (expected.items, expected.actions, expected.updates)
    # The plan page.
    page = client.get(reverse("improvement:plan", args=[plan.pk])).content.decode()
    assert plan_page_counts(page) == {
        "items": expected.items,
        "strengths": expected.strengths,
        "actions": expected.actions,
        "added": (
            f"{expected.items} item{'s' * (expected.items != 1)}, "
            f"{expected.actions} action{'s' * (expected.actions != 1)}, "
            f"{expected.updates} update{'s' * (expected.updates != 1)}"
        ),
        "rag": expected.rag,
    }
    # The plans list.
    assert list_counts(client.get(reverse("improvement:plans")), plan) == expected.rag
    # The plan's dashboard: its tracked items, counted by RAG now.
    response = client.get(reverse("dashboards:plan", args=[plan.pk]))
    dashboard = response.context["dashboard"]
    assert dashboard.now == expected.rag
    assert len(dashboard.items) == expected.tracked
    shown = re_findall(r'data-rag="(\w+)">(\d+)<', response.content.decode())
    assert {rag: int(number) for rag, number in shown} == expected.rag
    assert dashboard.over_time[-1][1] == expected.rag
    # The export: the same items, actions and updates in the CSV and the XLSX, and the
    # XLSX's RAG sheet.
    csv_rows, xlsx_rows = export_rows(client, plan)
    shape = (expected.items, expected.actions, expected.updates)
    assert export_shape(csv_rows) == shape
    assert export_shape(xlsx_rows) == shape
    assert export_counts(client, plan) == expected.rag
    # The board pack: its summary and its body, its items and its actions.
    html = document_html(board_pack_request(plan=plan, by=lead))
    assert board_pack_summary(html) == expected.rag
    assert board_pack_body(html) == expected.rag
    body = html[html.index("Recommendations and their latest progress") :]
    assert len(re_findall(r"<h3>", body)) == expected.items
    tables = re_findall(r'<table class="tracked-actions">(.*?)</table>', body)
    assert sum(len(re_findall(r"<tbody>.*?</tbody>", t)[0].split("<tr>")) - 1 for t in tables) == (
        expected.actions
    )
    # The programme's heat-map.
    client.force_login(factories.coordinator(programme=programme))
    assert heatmap_counts(client.get(reverse("dashboards:rag")))[plan.pk] == expected.rag
