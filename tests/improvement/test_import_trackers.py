"""Importing trackers as services keep them, unchanged: the shapes of the post-inspection plan
(004: recommendations with "Desired outcome", "Progress detail" and a RAG, no actions, dates
like "31 March 2013") and of youth justice trackers (sub-actions 1a, 1b, 1c; merged cells; no
reference column; no update date; A/G and Blue ratings), as CSV text, as an XLSX built here with
merged cells and real date cells, and as a Word table built here.

Also the pieces: dates (parse_when, with hypothesis), RAG words, statuses, kinds, references,
the guesses from common headers, and the errors grouped by cause."""

import csv
import datetime
import html as html_text
import io
import re

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from improvement import importing
from improvement.enums import ActionStatus, ItemKind, Rag
from improvement.models import Action, ProgressUpdate, Recommendation
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


# --- Dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "month_only"),
    [
        ("31/03/2013", D(2013, 3, 31), False),
        ("31/03/13", D(2013, 3, 31), False),
        ("1/4/2013", D(2013, 4, 1), False),
        ("31-03-2013", D(2013, 3, 31), False),
        ("31.03.13", D(2013, 3, 31), False),
        ("31 March 2013", D(2013, 3, 31), False),
        ("31 Mar 13", D(2013, 3, 31), False),
        ("31st March 2013", D(2013, 3, 31), False),
        ("31-Mar-2013", D(2013, 3, 31), False),
        ("30 Sept 2013", D(2013, 9, 30), False),
        ("March 31, 2013", D(2013, 3, 31), False),
        ("  31  MARCH  2013 ", D(2013, 3, 31), False),
        ("2013-03-31", D(2013, 3, 31), False),
        ("2013-03-31 00:00:00", D(2013, 3, 31), False),
        ("March 2013", D(2013, 3, 1), True),
        ("Mar-13", D(2013, 3, 1), True),
        ("Mar 2013", D(2013, 3, 1), True),
        ("03/2013", D(2013, 3, 1), True),
        ("2013-03", D(2013, 3, 1), True),
        ("31/12/99", D(1999, 12, 31), False),
    ],
)
def test_dates_as_services_write_them(text, expected, month_only):
    assert importing.parse_when(text) == importing.ParsedDate(expected, month_only)
    assert importing.parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2013", "41364", "0", "31/02/2013", "32 March 2013", "13/13/2013", "March", "soon", "",
     "31/03", "Q1 2013", "2013/03/31/1", "31 Marchy 2013"],
)  # fmt: skip
def test_what_is_not_a_date(text):
    assert importing.parse_when(text) is None


@given(st.integers(min_value=0, max_value=10**9))
def test_a_bare_number_is_never_a_date(number):
    assert importing.parse_when(str(number)) is None


FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%y", "%d %B %Y", "%d %b %y", "%Y-%m-%d",
           "%d %b %Y", "%-d/%-m/%Y", "%d-%b-%Y", "%B %d, %Y"]  # fmt: skip


@given(
    st.dates(min_value=D(1970, 1, 1), max_value=D(2069, 12, 31)),
    st.sampled_from(FORMATS),
)
def test_every_day_reads_back_in_every_format(day, pattern):
    assert importing.parse_when(day.strftime(pattern)) == importing.ParsedDate(day, False)


@given(
    st.dates(min_value=D(1970, 1, 1), max_value=D(2069, 12, 31)),
    st.sampled_from(["%B %Y", "%b %Y", "%b-%y", "%m/%Y", "%Y-%m"]),
)
def test_every_month_reads_back_as_its_first(day, pattern):
    assert importing.parse_when(day.strftime(pattern)) == importing.ParsedDate(
        day.replace(day=1), True
    )


# --- RAG, statuses, kinds, references, headers -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "rag", "completed", "split"),
    [
        ("Red", Rag.RED, False, None),
        ("r", Rag.RED, False, None),
        ("AMBER", Rag.AMBER, False, None),
        ("a", Rag.AMBER, False, None),
        (" Green ", Rag.GREEN, False, None),
        ("G", Rag.GREEN, False, None),
        ("Blue", Rag.GREEN, True, None),
        ("B", Rag.GREEN, True, None),
        ("Complete", Rag.GREEN, True, None),
        ("A/G", Rag.AMBER, False, (Rag.AMBER, Rag.GREEN)),
        ("Amber-Green", Rag.AMBER, False, (Rag.AMBER, Rag.GREEN)),
        ("G/A", Rag.AMBER, False, (Rag.AMBER, Rag.GREEN)),
        ("R/A", Rag.RED, False, (Rag.RED, Rag.AMBER)),
        ("red / amber", Rag.RED, False, (Rag.RED, Rag.AMBER)),
        ("G/G", Rag.GREEN, False, None),
    ],
)
def test_rag_words(text, rag, completed, split):
    assert importing.parse_rag(text) == importing.RagReading(rag, completed, split)


@pytest.mark.parametrize("text", ["Purple", "RAG", "", "amber green", "A/B", "x"])
def test_rag_words_not_recognised(text):
    assert importing.parse_rag(text) is None


def test_a_split_rating_is_taken_as_the_person_chose():
    reading = importing.parse_rag("A/G")
    assert importing.choose_split(reading, importing.SPLIT_BETTER) == Rag.GREEN
    assert importing.choose_split(reading, importing.SPLIT_WORSE) == Rag.AMBER
    assert importing.choose_split(importing.parse_rag("red"), importing.SPLIT_BETTER) == Rag.RED


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("complete", ActionStatus.SIGNED_OFF),
        ("Completed", ActionStatus.SIGNED_OFF),
        ("In progress", ActionStatus.IN_PROGRESS),
        ("ongoing", ActionStatus.IN_PROGRESS),
        ("On track", ActionStatus.IN_PROGRESS),
        ("Not started", ActionStatus.NOT_STARTED),
        ("not_started", ActionStatus.NOT_STARTED),
        ("Complete, awaiting sign-off", ActionStatus.AWAITING_SIGN_OFF),
        ("Signed off", ActionStatus.SIGNED_OFF),
        ("Whenever", None),
    ],
)
def test_status_words(text, status):
    assert importing.parse_status(text) == status


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Recommendation", ItemKind.RECOMMENDATION),
        ("Area for consideration", ItemKind.AREA_FOR_CONSIDERATION),
        ("areas for consideration", ItemKind.AREA_FOR_CONSIDERATION),
        ("Strength", ItemKind.STRENGTH),
        ("strengths", ItemKind.STRENGTH),
        ("Weakness", None),
    ],
)
def test_kind_words(text, kind):
    assert importing.parse_kind(text) == kind


@pytest.mark.parametrize(
    ("reference", "last", "expected"),
    [
        ("1", None, ("1", "")),
        ("12", "11", ("12", "")),
        ("1a", None, ("1", "1a")),
        ("1B", None, ("1", "1b")),
        ("1 (c)", None, ("1", "1c")),
        ("1.1", None, ("1", "1.1")),
        ("2.10", None, ("2", "2.10")),
        ("a", "3", ("3", "3a")),
        ("(b)", "3", ("3", "3b")),
        ("a", None, ("a", "")),
        ("R1", None, ("R1", "")),
    ],
)
def test_references_of_sub_actions(reference, last, expected):
    assert importing.split_reference(reference, last) == expected


def test_mappings_are_guessed_from_common_headers():
    header = ["Ref No", "Recommendation", "To", "Lead officer", "RAG", "Status",
              "Latest progress", "Date", "Target date", "Updated by", "Theme", "Notes"]  # fmt: skip
    guessed = importing.guess_mapping(header)
    assert {key: header[int(index)] for key, index in guessed.items() if index} == {
        "rec_ref": "Ref No",
        "rec_text": "Recommendation",
        "addressee": "To",
        "lead_officer": "Lead officer",
        "rag": "RAG",
        "status": "Status",
        "progress": "Latest progress",
        "update_on": "Date",
        "due_on": "Target date",
        "author": "Updated by",
        "domain": "Theme",
    }
    assert importing.unmapped_columns(header, guessed) == ["Notes"]


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("No", "rec_ref"), ("No.", "rec_ref"), ("Ref", "rec_ref"), ("Rec", "rec_ref"),
        ("Lead", "lead_officer"), ("Progress", "progress"), ("Update", "progress"),
        ("Due", "due_on"), ("Desired outcome", "outcomes"), ("Progress detail", "progress"),
        ("Author", "author"), ("Line of enquiry", "domain"), ("Kind", "kind"),
    ],
)  # fmt: skip
def test_each_common_header_is_guessed(header, field):
    assert importing.guess_mapping([header])[field] == "0"


# --- Whole trackers, through the pages -------------------------------------------------------


def csv_bytes(rows) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode("utf-8")


def upload(client, plan, content: bytes, name: str) -> str:
    response = client.post(
        reverse("improvement:import", args=[plan.pk]), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def guessed(page) -> dict:
    html = page.content.decode()
    selected = {}
    for name, body in re.findall(r'<select[^>]*name="([a-z_]+)"[^>]*>(.*?)</select>', html, re.S):
        found = re.search(r'<option value="([^"]*)" selected', body)
        selected[name] = found.group(1) if found else ""
    return selected


def as_at(day: datetime.date) -> dict:
    return {"as_at_0": day.day, "as_at_1": day.month, "as_at_2": day.year}


def preview(client, url, **options):
    data = {**guessed(client.get(url)), **options}
    page = client.post(url, {**data, "preview": "1"})
    assert page.status_code == 200
    return data, page.content.decode()


def do_import(client, url, data, plan):
    response = client.post(url, {**data, "import": "1"})
    assert response.status_code == 302, errors_of(response.content.decode())
    assert response["Location"] == reverse("improvement:plan", args=[plan.pk])
    return client.get(response["Location"]).content.decode()


def errors_of(html: str) -> list[str]:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>\s*</div>', html, re.S)
    if not found:
        return []
    return [
        html_text.unescape(" ".join(re.sub(r"<[^>]+>", " ", item).split()))
        for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    ]


def counts(plan) -> tuple[int, int, int]:
    return (
        Recommendation.objects.filter(plan=plan).count(),
        Action.objects.filter(recommendation__plan=plan).count(),
        ProgressUpdate.objects.filter(recommendation__plan=plan).count()
        + ProgressUpdate.objects.filter(action__recommendation__plan=plan).count(),
    )


# 004: a post-inspection plan tracked on its recommendations, with no actions.
INSPECTION = [
    ["No", "Recommendation", "Desired outcome", "Progress detail", "RAG", "Date", "Lead"],
    ["1", "The YOT Strategic Management Board should make sure that Board members understand "
     "the specific needs of children known to the YOT.",
     "• Data set to be agreed and reported on monthly / quarterly\n• Board members to drive "
     "and take strategic ownership of the Youth Justice Plan.",
     "• Permanent YOT manager started on 1 October 2021\n• Data set for Board now implemented",
     "Green", "31 March 2013", "Chair of the board"],
    ["2", "The YOT Strategic Management Board should develop the knowledge and understanding "
     "of the Board member's role.",
     "• Induction to include meeting with the management team.",
     "• Induction programme for Board members agreed and delivered to all members.",
     "A", "31 Mar 13", "Head of service"],
    ["3", "The YOT Strategic Management Board should review management capacity.",
     "", "• Options appraisal under way.", "red", "28/02/13", ""],
    ["3", "", "", "• The Board agreed the recommended option.", "Amber", "March 2013", ""],
]  # fmt: skip


def test_a_post_inspection_plan_tracked_on_recommendations_imports_unchanged(client, plan, lead):
    url = upload(client, plan, csv_bytes(INSPECTION), "inspection.csv")
    page = client.get(url).content.decode()
    # Each column with its first values; the lead officer column has no action to go on.
    assert "Data set to be agreed" in page
    data, html = preview(client, url)
    assert errors_of(html) == [
        "2 rows give a lead officer, agency, due date or status but no action (rows 2, 3): "
        "they belong to actions, so choose the column that holds the actions, or choose no "
        "column for those Go to row: 2 , 3"
    ]
    data, html = preview(client, url, lead_officer="")
    assert errors_of(html) == []
    assert 'data-count="recommendations">3<' in html
    assert 'data-count="actions">0<' in html
    assert 'data-count="updates">4<' in html
    assert "1 date gives a month only (&#x27;March 2013&#x27;)" in html
    assert 'name="split"' not in html
    assert re.search(r"data-unmapped-column>Lead<", html)

    do_import(client, url, {**data, "lead_officer": ""}, plan)

    assert counts(plan) == (3, 0, 4)
    items = {rec.reference: rec for rec in plan.recommendations.all()}
    assert {ref: rec.current_rag for ref, rec in items.items()} == {
        "1": Rag.GREEN, "2": Rag.AMBER, "3": Rag.AMBER,
    }  # fmt: skip
    assert items["3"].last_update_on == D(2013, 3, 1)
    assert items["1"].last_update_on == D(2013, 3, 31)
    assert list(items["1"].outcomes.values_list("text", flat=True)) == [
        "Data set to be agreed and reported on monthly / quarterly",
        "Board members to drive and take strategic ownership of the Youth Justice Plan.",
    ]


# A youth justice tracker: sub-actions under each recommendation's row, no update date.
SUB_ACTIONS = [
    ["Ref", "Recommendation / action", "Lead officer", "Target date", "Status", "RAG",
     "Latest progress", "Updated by"],
    ["1", "Strengthen the board's oversight of practice.", "", "", "", "", "", ""],
    ["1a", "Agree a performance data set.", "Head of service", "31/03/2023", "Complete",
     "Blue", "Data set agreed and reported monthly.", "J Smith"],
    ["1b", "Induct new board members.", "Chair", "Jun-23", "ongoing", "A/G",
     "Induction pack drafted.", ""],
    ["1c", "Practice week for board members.", "Chair", "30 Sept 2023", "not started", "R",
     "Not yet scheduled.", "A Jones"],
    ["2", "Improve education outcomes.", "", "", "", "", "", ""],
    ["a", "Review education provision.", "Education lead", "31.12.23", "In progress", "Amber",
     "Review begun.", ""],
    ["b", "Report to the board.", "Education lead", "", "", "", "", ""],
]  # fmt: skip


def test_a_tracker_with_sub_actions_and_no_update_date_imports_unchanged(client, plan, lead):
    url = upload(client, plan, csv_bytes(SUB_ACTIONS), "tracker.csv")
    data, html = preview(client, url)
    assert data["rec_ref"] == "0"
    assert data["progress"] == "6"
    assert data["author"] == "7"
    # Asked only because the file has a split rating.
    assert 'name="split"' in html
    assert errors_of(html) == ["Select how to take split ratings"]
    data, html = preview(client, url, split="better")
    assert errors_of(html) == [
        "No column holds the date of the updates: choose one, or give one date for the whole file"
    ]

    data, html = preview(client, url, split="better", **as_at(D(2025, 1, 31)))
    assert errors_of(html) == []
    assert 'data-count="recommendations">2<' in html
    assert 'data-count="actions">5<' in html
    assert 'data-count="updates">4<' in html
    assert "The updates are as at 31 January 2025" in html
    page = do_import(client, url, {**data, "split": "better", **as_at(D(2025, 1, 31))}, plan)
    assert "Imported 2 recommendations, 5 actions and 4 progress updates." in page

    assert counts(plan) == (2, 5, 4)
    actions = {a.reference: a for a in Action.objects.filter(recommendation__plan=plan)}
    assert set(actions) == {"1a", "1b", "1c", "2a", "2b"}
    assert actions["1a"].recommendation.reference == "1"
    assert actions["2a"].recommendation.reference == "2"
    assert actions["2a"].text == "Review education provision."
    assert plan.recommendations.get(reference="1").text == (
        "Strengthen the board's oversight of practice."
    )
    # Blue is a completed action, rated green: awaiting the board's sign-off.
    assert (actions["1a"].status, actions["1a"].current_rag) == (
        ActionStatus.AWAITING_SIGN_OFF, Rag.GREEN,
    )  # fmt: skip
    assert (actions["1b"].status, actions["1b"].current_rag) == (
        ActionStatus.IN_PROGRESS, Rag.GREEN,  # the better of A/G, as chosen
    )  # fmt: skip
    assert (actions["1c"].status, actions["1c"].current_rag) == (
        ActionStatus.NOT_STARTED, Rag.RED,
    )  # fmt: skip
    assert actions["1b"].due_on == D(2023, 6, 1)
    assert actions["2a"].due_on == D(2023, 12, 31)
    assert actions["2b"].current_rag == ""
    assert {u.recorded_on for u in ProgressUpdate.objects.all()} == {D(2025, 1, 31)}
    # The original author, where the file names one, shown instead of the importer.
    update = actions["1a"].updates.get()
    assert (update.author, update.author_name) == (lead, "J Smith")
    action_page = client.get(reverse("improvement:action", args=[plan.pk, actions["1a"].pk]))
    assert "J Smith, recorded" in action_page.content.decode()
    assert actions["1b"].updates.get().author_name == ""


def test_a_split_rating_taken_as_the_worse(client, plan, lead):
    url = upload(client, plan, csv_bytes(SUB_ACTIONS), "tracker.csv")
    data, _html = preview(client, url, split="worse", **as_at(D(2025, 1, 31)))
    do_import(client, url, {**data, "split": "worse", **as_at(D(2025, 1, 31))}, plan)
    assert Action.objects.get(reference="1b").current_rag == Rag.AMBER


def test_a_board_member_importing_blue_signs_it_off(client, plan):
    board = factories.improvement_board_member(organisation=plan.organisation)
    client.force_login(board)
    url = upload(client, plan, csv_bytes(SUB_ACTIONS), "tracker.csv")
    options = {"split": "worse", **as_at(D(2025, 1, 31))}
    data, _html = preview(client, url, **options)
    do_import(client, url, {**data, **options}, plan)
    assert Action.objects.get(reference="1a").status == ActionStatus.SIGNED_OFF


# No reference column; merged cells in the recommendation's column (blank under the first).
NO_REFERENCES = [
    ["Recommendation", "Kind", "Action", "Lead", "Due", "RAG", "Progress", "Date"],
    ["Know the children.", "Recommendation", "Agree a data set.", "Head of service",
     "31/03/2026", "R", "Not begun.", "05/01/2025"],
    ["", "", "", "", "", "A", "Drafted.", "09/02/2025"],
    ["", "", "Train the board.", "Chair", "", "G", "Trained.", "10/02/2025"],
    ["Plan the education offer.", "Area for consideration", "", "", "", "A", "Begun.",
     "10/02/2025"],
    ["Partnership working is strong.", "Strength", "", "", "", "", "", ""],
]  # fmt: skip


def test_a_tracker_with_no_references_and_merged_cells_imports_unchanged(client, plan, lead):
    factories.RecommendationFactory(plan=plan, reference="4")
    url = upload(client, plan, csv_bytes(NO_REFERENCES), "merged.csv")
    data, html = preview(client, url)
    assert data["rec_ref"] == ""
    # Without the merged cells filled, the blank rows belong to no item.
    assert errors_of(html)[0].startswith(
        "2 rows have neither a reference nor an item's text (rows 3, 4): fill them in, or say "
        "the file has merged cells"
    )
    assert 'id="row-3"' in html
    assert 'href="#row-3"' in html

    data, html = preview(client, url, merged="yes")
    assert errors_of(html) == []
    assert "the items are numbered 5 to 7 in the order of the file" in html
    page = do_import(client, url, {**data, "merged": "yes"}, plan)
    assert "Imported 3 items, 2 actions and 4 progress updates." in page

    items = {rec.reference: rec for rec in plan.recommendations.all()}
    assert {ref: rec.kind for ref, rec in items.items()} == {
        "4": ItemKind.RECOMMENDATION,
        "5": ItemKind.RECOMMENDATION,
        "6": ItemKind.AREA_FOR_CONSIDERATION,
        "7": ItemKind.STRENGTH,
    }
    actions = {a.reference: a for a in items["5"].actions.all()}
    assert set(actions) == {"5a", "5b"}
    assert actions["5a"].updates.count() == 2
    assert actions["5a"].current_rag == Rag.AMBER
    assert actions["5b"].lead_officer == "Chair"
    assert items["6"].current_rag == Rag.AMBER
    assert items["7"].current_rag == ""
    assert counts(plan) == (4, 2, 4)


def xlsx_tracker() -> bytes:
    """A workbook as a service keeps it: the recommendation's cells merged down over its
    actions' rows, real date cells (shown in two formats), a split and a Blue rating."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Rec", "Recommendation", "Action", "Lead officer", "Target date", "RAG",
                  "Progress update", "Date of update"])  # fmt: skip
    sheet.append(["1", "Know the children.", "Agree a data set.", "Head of service",
                  D(2026, 3, 31), "A/G", "Drafted.",
                  D(2025, 2, 9)])  # fmt: skip
    sheet.append([None, None, "Train the board.", "Chair", D(2026, 6, 30),
                  "Blue", "Trained.", D(2025, 2, 10)])  # fmt: skip
    sheet.append([None, None, "Report to the board.", "Chair", None, "red", "Not begun.",
                  D(2025, 2, 10)])  # fmt: skip
    sheet.append(["2", "Plan the education offer.", "Review provision.", "Education lead",
                  None, "Green", "Done.", D(2025, 2, 11)])  # fmt: skip
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("B2:B4")
    for row in range(2, 6):
        sheet.cell(row=row, column=5).number_format = "dd/mm/yyyy"
        sheet.cell(row=row, column=8).number_format = "d mmm yy"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_an_xlsx_tracker_with_merged_cells_and_date_cells_imports_unchanged(client, plan, lead):
    url = upload(client, plan, xlsx_tracker(), "tracker.xlsx")
    options = {"merged": "yes", "split": "worse"}
    data, html = preview(client, url, **options)
    assert errors_of(html) == []
    do_import(client, url, {**data, **options}, plan)

    assert counts(plan) == (2, 4, 4)
    actions = {a.reference: a for a in Action.objects.filter(recommendation__plan=plan)}
    assert set(actions) == {"1a", "1b", "1c", "2a"}
    assert actions["1a"].due_on == D(2026, 3, 31)
    assert actions["1a"].current_rag == Rag.AMBER
    assert actions["1a"].last_update_on == D(2025, 2, 9)
    assert actions["1b"].status == ActionStatus.AWAITING_SIGN_OFF
    assert actions["1c"].current_rag == Rag.RED


def docx_tracker() -> bytes:
    """A Word document with a paragraph and a table; the recommendation's cell merged down
    over its two actions (python-docx repeats a merged cell's text in each row)."""
    document = docx.Document()
    document.add_paragraph("Improvement plan following the inspection")
    rows = [
        ["Ref", "Recommendation", "Action", "Lead", "RAG", "Progress", "Date"],
        ["1", "Know the children.", "Agree a data set.", "Head of service", "Amber",
         "Drafted.", "9 February 2025"],
        ["", "", "Train the board.", "Chair", "G", "Trained.", "10/02/25"],
        ["2", "Plan the education offer.", "Review provision.", "Education lead", "Complete",
         "Done.", "Feb 2025"],
    ]  # fmt: skip
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def test_a_word_table_imports_the_same_way(client, plan, lead):
    header, rows = importing.read_docx(io.BytesIO(docx_tracker()))
    assert header == ["Ref", "Recommendation", "Action", "Lead", "RAG", "Progress", "Date"]
    # The merged cells come through as the same text in each row they cover.
    assert rows[1][1:3] == ["1", "Know the children."]

    url = upload(client, plan, docx_tracker(), "plan.docx")
    data, html = preview(client, url)
    assert errors_of(html) == []
    do_import(client, url, data, plan)

    assert counts(plan) == (2, 3, 3)
    assert Action.objects.get(reference="1b").current_rag == Rag.GREEN
    action = Action.objects.get(reference="2a")
    assert action.status == ActionStatus.AWAITING_SIGN_OFF
    assert action.last_update_on == D(2025, 2, 1)


def test_a_word_document_without_a_table_is_refused(client, plan, lead):
    document = docx.Document()
    document.add_paragraph("No table here.")
    output = io.BytesIO()
    document.save(output)
    response = client.post(
        reverse("improvement:import", args=[plan.pk]),
        {"file": SimpleUploadedFile("plan.docx", output.getvalue())},
    )
    assert response.status_code == 200
    assert "The selected Word document has no table" in response.content.decode()


def test_errors_are_grouped_by_cause_with_a_count_and_the_fix(client, plan, lead):
    rows = [["Ref", "Recommendation", "RAG", "Progress", "Date"]]
    for number in range(1, 13):
        rows.append([str(number), f"Item {number}.", "Purple", "Something.", "01/02/2025"])
    rows.append(["13", "Item 13.", "Green", "Something.", "2025"])
    rows.append(["14", "Item 14.", "Green", "Something.", "01/02/2099"])
    rows.append(["15", "Item 15.", "", "Something.", "01/02/2025"])
    url = upload(client, plan, csv_bytes(rows), "bad.csv")
    _data, html = preview(client, url)
    assert errors_of(html) == [
        "12 rows have a RAG rating we do not recognise: 'Purple' (rows 2, 3, 4, 5, "
        "6, 7, 8, 9, 10, 11, …): use red, amber or green (or R, A, G), a split rating like "
        "A/G, or blue for a completed action Go to row: 2 , 3 , 4 , 5 , 6 , 7 , 8 , 9 , 10 , "
        "11 , 12 , 13",
        "1 row has an update date we do not recognise: '2025' (row 14): write dates "
        "like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "1 row has an update date in the future: '01/02/2099' (row 15): an update "
        "is as at today or earlier",
        "1 row has progress but no RAG rating (row 16): give each update a rating",
    ]
    for row in (2, 13, 14, 15, 16):
        assert f'id="row-{row}"' in html
    assert 'name="import"' not in html
    assert counts(plan) == (0, 0, 0)


def test_dotted_references_with_no_item_of_their_own_are_items(client, plan, lead):
    rows = [
        ["Ref", "Recommendation", "RAG", "Progress", "Date"],
        ["1.1", "Know the children.", "R", "Begun.", "01/02/2025"],
        ["1.2", "Train the board.", "G", "Done.", "01/02/2025"],
        ["2.1", "Plan the education offer.", "A", "Drafted.", "01/02/2025"],
    ]
    url = upload(client, plan, csv_bytes(rows), "dotted.csv")
    data, html = preview(client, url)
    assert errors_of(html) == []
    assert "are taken as actions" not in html
    do_import(client, url, data, plan)
    assert sorted(plan.recommendations.values_list("reference", flat=True)) == [
        "1.1", "1.2", "2.1",
    ]  # fmt: skip
    assert counts(plan) == (3, 0, 3)


def test_dotted_references_under_an_item_of_their_own_are_its_actions(client, plan, lead):
    rows = [
        ["Ref", "Recommendation", "RAG", "Progress", "Date"],
        ["1", "Know the children.", "", "", ""],
        ["1.1", "Agree a data set.", "R", "Begun.", "01/02/2025"],
        ["1.2", "Train the board.", "G", "Done.", "01/02/2025"],
    ]
    url = upload(client, plan, csv_bytes(rows), "dotted.csv")
    data, html = preview(client, url)
    assert errors_of(html) == []
    assert "References like 1a or 1.1 are taken as actions" in html
    do_import(client, url, data, plan)
    assert counts(plan) == (1, 2, 2)
    assert sorted(Action.objects.values_list("reference", flat=True)) == ["1.1", "1.2"]


def test_the_split_question_follows_the_column_chosen_for_rag(client, plan, lead):
    rows = [
        ["Ref", "Recommendation", "RAG", "Progress", "Date", "Old RAG"],
        ["1", "Know the children.", "G", "Done.", "01/02/2025", "A/G"],
    ]
    url = upload(client, plan, csv_bytes(rows), "split.csv")
    page = client.get(url).content.decode()
    assert 'name="split"' not in page
    _data, html = preview(client, url, rag="5")
    assert 'name="split"' in html
    assert errors_of(html) == ["Select how to take split ratings"]
    _data, html = preview(client, url, rag="")
    assert 'name="split"' not in html
    assert errors_of(html) == [
        "1 row has progress but no RAG rating (row 2): give each update a rating"
    ]


def test_a_title_row_above_the_header_is_left_out(client, plan, lead):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Improvement plan following the inspection, March 2013"])
    sheet.append([])
    sheet.append(["No", "Recommendation", "RAG", "Latest progress", "Date"])
    sheet.append(["1", "Know the children.", "Amber", "Begun.", D(2013, 3, 31)])
    sheet.merge_cells("A1:E1")
    output = io.BytesIO()
    workbook.save(output)
    header, rows = importing.read_xlsx(io.BytesIO(output.getvalue()))
    assert header == ["No", "Recommendation", "RAG", "Latest progress", "Date"]
    assert rows == [["4", "1", "Know the children.", "Amber", "Begun.", "2013-03-31"]]

    url = upload(client, plan, output.getvalue(), "titled.xlsx")
    data, html = preview(client, url)
    assert errors_of(html) == []
    do_import(client, url, data, plan)
    assert plan.recommendations.get().current_rag == Rag.AMBER


def test_a_file_of_one_column_keeps_its_first_row_as_the_header():
    header, rows = importing.read_csv(b"Recommendation\nKnow the children.\nTrain the board.\n")
    assert header == ["Recommendation"]
    assert [row[0] for row in rows] == ["2", "3"]
