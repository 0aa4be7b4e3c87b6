"""Importing into a plan: upload, map the columns, preview, import all or nothing. A good CSV
imports exactly; an export re-imported gives the same rows; a good XLSX imports; one bad row
imports nothing and names the row and the problem; a wrong file type is refused; a reader gets
403 and another service's lead 404.

Importing into a plan that already has the file's items: a plan's export with a new progress
row re-imports as exactly that update (raising the item's version); the same file again adds
nothing; a new action under an existing recommendation is created; the file's different text
for an existing item changes nothing; a bad row about an existing item still imports nothing;
an item deleted between the preview and the import makes the import fail, nothing written."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from improvement import exporting, importing, services
from improvement.enums import ActionStatus, Rag
from improvement.models import Action, ProgressUpdate, Recommendation
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ["Recommendation ref", "Recommendation", "Addressed to", "Action ref", "Action",
          "Lead officer", "Due", "Status", "Update date", "RAG", "Progress"]  # fmt: skip
GOOD_ROWS = [
    ["1", "Know the children.", "The board", "1a", "Agree a data set.", "Head of service",
     "31/03/2026", "In progress", "2026-01-05", "R", "Not begun."],
    ["1", "Know the children.", "The board", "1a", "", "", "", "", "09/02/2026", "amber",
     "Data set drafted."],
    ["1", "", "", "1b", "Train the board.", "Chair", "", "not started", "", "", ""],
    ["1", "", "", "1b", "", "", "", "", "2026-02-10", "Green", "Trained."],
]  # fmt: skip


def csv_bytes(rows, header=HEADER) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return text.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(client, plan, content: bytes, name="plan.csv"):
    return client.post(
        reverse("improvement:import", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def map_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def mapping(page) -> dict:
    """The mapping form's preselected columns, from the page."""
    html = page.content.decode()
    selected = {}
    for name, body in re.findall(r'<select[^>]*name="([a-z_]+)"[^>]*>(.*?)</select>', html, re.S):
        found = re.search(r'<option value="([^"]*)" selected', body)
        selected[name] = found.group(1) if found else ""
    return selected


def preview_and_import(client, response):
    url = map_url(response)
    data = mapping(client.get(url))
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    return url, data, preview


def test_a_good_csv_imports_exactly(client, plan, lead):
    url, data, preview = preview_and_import(client, upload(client, plan, csv_bytes(GOOD_ROWS)))
    # Matched by the export's header ("Due") or the field's name ("RAG").
    assert (data["rec_ref"], data["due_on"], data["rag"], data["addressee"]) == ("0", "6", "9", "2")
    assert data["agency"] == ""
    page = preview.content.decode()
    assert 'data-count="recommendations">1<' in page
    assert 'data-count="actions">2<' in page
    assert 'data-count="updates">3<' in page
    assert 'name="import"' in page
    assert Recommendation.objects.filter(plan=plan).count() == 0

    response = client.post(url, {**data, "import": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("improvement:plan", args=[plan.pk])
    message = client.get(response["Location"]).content.decode()
    assert "Imported 1 recommendation, 2 actions and 3 progress updates." in message
    recommendation = plan.recommendations.get()
    assert (recommendation.reference, recommendation.text, recommendation.addressee) == (
        "1", "Know the children.", "The board",
    )  # fmt: skip
    actions = {a.reference: a for a in recommendation.actions.all()}
    assert set(actions) == {"1a", "1b"}
    first, second = actions["1a"], actions["1b"]
    assert first.due_on == datetime.date(2026, 3, 31)
    assert first.status == ActionStatus.IN_PROGRESS
    assert first.lead_officer == "Head of service"
    assert first.current_rag == Rag.AMBER
    assert first.last_update_on == datetime.date(2026, 2, 9)
    assert [
        (u.recorded_on, u.rag, u.narrative, u.author) for u in first.updates.order_by("pk")
    ] == [
        (datetime.date(2026, 1, 5), Rag.RED, "Not begun.", lead),
        (datetime.date(2026, 2, 9), Rag.AMBER, "Data set drafted.", lead),
    ]
    assert second.status == ActionStatus.NOT_STARTED
    assert second.current_rag == Rag.GREEN
    assert ProgressUpdate.objects.count() == 3
    # The rows are gone from the session: the mapping step is over.
    assert client.get(url).status_code == 404


def test_an_exported_plan_imports_back_to_the_same_rows(client, plan, lead):
    source = factories.ImprovementPlanFactory(organisation=plan.organisation)
    recommendation = factories.RecommendationFactory(
        plan=source, reference="1", text="Know the children.", addressee="The management board"
    )
    recommendation.outcomes.create(text="Needs are understood.", position=0)
    recommendation.outcomes.create(text="Reports go to the board.", position=1)
    first = factories.ActionFactory(
        recommendation=recommendation, reference="1a", text="Agree a data set.",
        lead_officer="Head of service", agency="YJS", due_on=datetime.date(2026, 3, 31),
        status=ActionStatus.AWAITING_SIGN_OFF, position=0,
    )  # fmt: skip
    factories.ActionFactory(
        recommendation=recommendation, reference="1b", text="Train the board.",
        lead_officer="Chair", agency="", due_on=None, status=ActionStatus.NOT_STARTED, position=1,
    )  # fmt: skip
    factories.RecommendationFactory(plan=source, reference="2", text="Lone.", addressee="")
    for rag, narrative, day in ((Rag.RED, "Not begun.", 5), (Rag.AMBER, "Drafted.", 9)):
        first.refresh_from_db()
        services.progress_update_add(
            item=first, seen_version=first.version, rag=rag, narrative=narrative, by=lead,
            recorded_on=datetime.date(2026, 1, day),
        )  # fmt: skip
    recommendation.refresh_from_db()
    services.progress_update_add(
        item=recommendation, seen_version=recommendation.version, rag=Rag.GREEN,
        narrative="On track.", by=lead, recorded_on=datetime.date(2026, 1, 9),
    )  # fmt: skip
    exported = list(exporting.plan_rows(source))
    text = io.StringIO()
    csv.writer(text).writerows(
        [exporting.headers(), *[["" if v is None else v for v in row] for row in exported]]
    )

    url, data, _preview = preview_and_import(client, upload(client, plan, text.getvalue().encode()))
    # Every field the export has a column for is matched by its header.
    exported_fields = [f.key for f in importing.FIELDS if f.header in exporting.headers()]
    assert len(exported_fields) == 13
    assert all(data[key] != "" for key in exported_fields)
    response = client.post(url, {**data, "import": "1"})

    assert response.status_code == 302
    assert list(exporting.plan_rows(plan)) == exported


def test_a_good_xlsx_imports(client, plan, lead):
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][6] = datetime.date(2026, 3, 31)  # an Excel date
    rows[0][8] = datetime.datetime(2026, 1, 5)  # noqa: DTZ001 - Excel's are naive
    response = upload(client, plan, xlsx_bytes(rows), name="plan.xlsx")
    url = map_url(response)
    data = mapping(client.get(url))

    assert client.post(url, {**data, "import": "1"}).status_code == 302
    first = plan.recommendations.get().actions.get(reference="1a")
    assert first.due_on == datetime.date(2026, 3, 31)
    assert first.updates.order_by("recorded_on").first().recorded_on == datetime.date(2026, 1, 5)
    assert ProgressUpdate.objects.count() == 3


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row(client, plan, lead):
    rows = [list(row) for row in GOOD_ROWS]
    rows[2] = ["2", "Another.", "", "2a", "Act.", "", "", "", "2026-01-01", "purple", "Hmm."]
    rows.append(["3", "Third.", "", "3a", "Act.", "", "", "", "", "", ""])
    url = map_url(upload(client, plan, csv_bytes(rows)))
    data = mapping(client.get(url))

    preview = client.post(url, {**data, "preview": "1"})
    response = client.post(url, {**data, "import": "1"})

    for page in (preview, response):
        assert page.status_code == 200
        html = page.content.decode()
        assert "govuk-error-summary" in html
        # The header is row 1 of the file: the third data row is row 4.
        assert "1 row has a RAG rating we do not recognise: &#x27;purple&#x27; (row 4)" in html
        assert 'href="#row-4"' in html
        assert 'id="row-4"' in html
        assert 'name="import"' not in html
    assert Recommendation.objects.count() == 0
    assert Action.objects.count() == 0
    assert ProgressUpdate.objects.count() == 0


def test_a_recommendation_already_in_the_plan_gets_only_its_new_actions_and_updates(
    client, plan, lead
):
    existing = factories.RecommendationFactory(
        plan=plan, reference="1", text="The plan's text.", addressee="The chair"
    )
    url = map_url(upload(client, plan, csv_bytes(GOOD_ROWS)))
    data = mapping(client.get(url))

    page = client.post(url, {**data, "preview": "1"}).content.decode()
    assert "govuk-error-summary" not in page
    assert (
        "Recommendation 1 is already in the plan: only new actions and progress updates are "
        "added, not its details in the file"
    ) in page
    assert 'data-count="recommendations">0<' in page
    assert 'data-count="actions">2<' in page
    assert 'data-count="updates">3<' in page  # on the new actions
    assert 'data-count="existing-updates">0<' in page
    response = client.post(url, {**data, "import": "1"})

    assert response.status_code == 302
    message = client.get(response["Location"]).content.decode()
    assert (
        "Imported 0 recommendations, 2 actions and 3 progress updates "
        "(0 on items already in the plan)."
    ) in message
    existing.refresh_from_db()
    # The file's text ("Know the children.") is not applied: the plan is the record.
    assert (existing.text, existing.addressee) == ("The plan's text.", "The chair")
    assert plan.recommendations.count() == 1
    assert set(existing.actions.values_list("reference", flat=True)) == {"1a", "1b"}
    assert existing.actions.get(reference="1a").current_rag == Rag.AMBER


@pytest.fixture
def tracked(lead, plan):
    """A plan as a board tracks it: recommendation 1 with action 1a (two updates) and 1b (none),
    recommendation 2 with an update on it as a whole."""
    recommendation = factories.RecommendationFactory(
        plan=plan, reference="1", text="Know the children.", addressee="The board", position=0
    )
    first = factories.ActionFactory(
        recommendation=recommendation, reference="1a", text="Agree a data set.",
        lead_officer="Head of service", due_on=datetime.date(2026, 3, 31), position=0,
    )  # fmt: skip
    factories.ActionFactory(
        recommendation=recommendation, reference="1b", text="Train the board.", position=1
    )
    second = factories.RecommendationFactory(plan=plan, reference="2", text="Lone.", position=1)
    for item, rag, narrative, day in (
        (first, Rag.RED, "Not begun.", 5),
        (first, Rag.AMBER, "Drafted.", 9),
        (second, Rag.GREEN, "On track.", 9),
    ):
        item.refresh_from_db()
        services.progress_update_add(
            item=item, seen_version=item.version, rag=rag, narrative=narrative, by=lead,
            recorded_on=datetime.date(2026, 1, day),
        )  # fmt: skip
    return plan


def exported_rows(plan) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in exporting.plan_rows(plan)]


def export_csv(rows) -> bytes:
    return csv_bytes(rows, header=exporting.headers())


def action_row(rows, reference: str) -> list[str]:
    return next(row for row in rows if row[4] == reference)


def new_progress(row, day="2026-02-02", rag="Green", narrative="Data set agreed.") -> list[str]:
    """A copy of an exported row with another progress update (columns: update date, RAG,
    progress, by)."""
    return [*row[:10], day, rag, narrative, ""]


def test_a_reimported_export_with_a_new_row_adds_exactly_that_update(client, tracked, lead):
    action = Action.objects.get(recommendation__plan=tracked, reference="1a")
    version = action.version
    rows = exported_rows(tracked)
    rows.append(new_progress(action_row(rows, "1a"), narrative="  Data set agreed.  "))
    before = set(ProgressUpdate.objects.values_list("pk", flat=True))
    content = export_csv(rows)

    url, data, preview = preview_and_import(client, upload(client, tracked, content))
    page = preview.content.decode()
    assert "govuk-error-summary" not in page
    assert 'data-count="recommendations">0<' in page
    assert 'data-count="actions">0<' in page
    assert 'data-count="updates">0<' in page
    assert 'data-count="existing-updates">1<' in page
    assert f'data-count="skipped">{len(rows) - 1}<' in page
    assert 'name="import"' in page
    response = client.post(url, {**data, "import": "1"})

    assert response.status_code == 302
    message = client.get(response["Location"]).content.decode()
    assert (
        "Imported 0 recommendations, 0 actions and 1 progress update "
        "(1 on items already in the plan)."
    ) in message
    added = ProgressUpdate.objects.exclude(pk__in=before)
    assert [(u.action_id, u.recorded_on, u.rag, u.narrative, u.author) for u in added] == [
        (action.pk, datetime.date(2026, 2, 2), Rag.GREEN, "Data set agreed.", lead)
    ]
    action.refresh_from_db()
    assert (action.current_rag, action.last_update_on) == (Rag.GREEN, datetime.date(2026, 2, 2))
    assert action.version == version + 1
    # Someone who had the action open before the import cannot save over it.
    with pytest.raises(services.StaleVersionError):
        services.progress_update_add(
            item=action, seen_version=version, rag=Rag.RED, narrative="Late.", by=lead
        )
    assert Recommendation.objects.get(plan=tracked, reference="1").version == 0  # not touched

    # The same file again adds nothing, and says so.
    url, data, preview = preview_and_import(client, upload(client, tracked, content))
    page = preview.content.decode()
    assert "Nothing in this file is new to the plan." in page
    assert 'data-count="existing-updates">0<' in page
    assert f'data-count="skipped">{len(rows)}<' in page
    assert 'name="import"' not in page
    again = client.post(url, {**data, "import": "1"})
    assert again.status_code == 200
    assert "Nothing in this file is new to the plan." in again.content.decode()
    assert ProgressUpdate.objects.count() == len(before) + 1
    action.refresh_from_db()
    assert action.version == version + 1


def test_a_new_action_under_an_existing_recommendation_is_created(client, tracked, lead):
    rows = exported_rows(tracked)
    row = action_row(rows, "1b")
    rows.append([*row[:4], "1c", "Report to the board.", "Chair", "", "", "", "", "", "", ""])
    rows.append([*row[:4], "1c", "", "", "", "", "", "2026-02-03", "amber", "Started.", ""])
    rows.append([*row[:4], "1d", "", "", "", "", "", "2026-02-03", "amber", "No text.", ""])

    url, data, preview = preview_and_import(client, upload(client, tracked, export_csv(rows)))
    assert (
        "1 new action has no text: action 1d of recommendation 1 "
        f"(row {len(rows) + 1}): add its text to the file"
    ) in preview.content.decode()
    rows.pop()
    url, data, preview = preview_and_import(client, upload(client, tracked, export_csv(rows)))
    page = preview.content.decode()
    assert 'data-count="actions">1<' in page
    assert 'data-count="updates">1<' in page
    response = client.post(url, {**data, "import": "1"})

    assert response.status_code == 302
    new = Action.objects.get(recommendation__plan=tracked, reference="1c")
    assert (new.text, new.lead_officer, new.position) == ("Report to the board.", "Chair", 2)
    assert new.current_rag == Rag.AMBER
    assert Action.objects.filter(recommendation__plan=tracked).count() == 3


def test_an_existing_items_different_text_in_the_file_changes_nothing(client, tracked, lead):
    rows = exported_rows(tracked)
    for row in rows:
        row[1], row[2], row[3] = "Rewritten.", "Someone else", "A new outcome."
        if row[4]:
            row[5], row[6], row[9] = "Rewritten action.", "New lead", "Signed off"
    before = list(exporting.plan_rows(tracked))
    counts = (
        Recommendation.objects.count(),
        Action.objects.count(),
        ProgressUpdate.objects.count(),
    )

    url, data, preview = preview_and_import(client, upload(client, tracked, export_csv(rows)))
    page = preview.content.decode()
    assert "Nothing in this file is new to the plan." in page
    # The preview shows the plan's text (the file's own is only among its columns' values).
    assert "Rewritten" not in page.split('id="preview"')[1]
    client.post(url, {**data, "import": "1"})

    assert list(exporting.plan_rows(tracked)) == before
    assert (
        Recommendation.objects.count(), Action.objects.count(), ProgressUpdate.objects.count()
    ) == counts  # fmt: skip


def test_a_bad_row_about_an_existing_item_is_a_row_error_and_imports_nothing(client, tracked, lead):
    rows = exported_rows(tracked)
    rows.append(new_progress(action_row(rows, "1a")))
    rows.append(new_progress(action_row(rows, "1a"), day="2026-02-09", rag="purple"))
    count = ProgressUpdate.objects.count()
    url = map_url(upload(client, tracked, export_csv(rows)))
    data = mapping(client.get(url))

    response = client.post(url, {**data, "import": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f"1 row has a RAG rating we do not recognise: &#x27;purple&#x27; (row {len(rows) + 1})"
        in html
    )
    assert 'name="import"' not in html
    assert ProgressUpdate.objects.count() == count
    assert Action.objects.get(recommendation__plan=tracked, reference="1a").current_rag == Rag.AMBER


def test_a_recommendation_deleted_after_the_preview_fails_the_import(client, tracked, lead):
    rows = exported_rows(tracked)
    rows.append(new_progress(action_row(rows, "1a")))
    url, data, preview = preview_and_import(client, upload(client, tracked, export_csv(rows)))
    assert 'name="import"' in preview.content.decode()
    Recommendation.objects.get(plan=tracked, reference="1").delete()
    counts = (
        Recommendation.objects.count(),
        Action.objects.count(),
        ProgressUpdate.objects.count(),
    )

    response = client.post(url, {**data, "import": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Recommendation 1 is no longer in the plan: nothing was imported" in html
    assert 'name="import"' not in html
    assert (
        Recommendation.objects.count(), Action.objects.count(), ProgressUpdate.objects.count()
    ) == counts  # fmt: skip
    assert not tracked.recommendations.filter(reference="1").exists()  # not made again


def test_import_into_refuses_an_item_deleted_since_the_check(tracked, lead):
    rows = exported_rows(tracked)
    rows.append(new_progress(action_row(rows, "1a")))
    rows.append(["3", "A new one.", "", "", "", "", "", "", "", "", "", "", "", ""])
    header = exporting.headers()
    preview = importing.check(
        rows=[[str(number), *row] for number, row in enumerate(rows, start=2)],
        mapping=importing.guess_mapping(header),
        plan=tracked,
    )
    assert not preview.errors
    Action.objects.get(recommendation__plan=tracked, reference="1a").delete()
    counts = (Recommendation.objects.count(), ProgressUpdate.objects.count())

    with pytest.raises(importing.GoneFromPlanError) as raised:
        importing.import_into(plan=tracked, preview=preview, by=lead)

    assert raised.value.args[0] == [
        "Action 1a of recommendation 1 is no longer in the plan: nothing was imported. "
        "Preview the import again"
    ]
    assert (Recommendation.objects.count(), ProgressUpdate.objects.count()) == counts


def test_checking_a_file_about_existing_items_takes_a_fixed_number_of_queries(
    tracked, lead, django_assert_max_num_queries
):
    rows = exported_rows(tracked) * 50
    header = exporting.headers()

    with django_assert_max_num_queries(3):
        preview = importing.check(
            rows=[[str(number), *row] for number, row in enumerate(rows, start=2)],
            mapping=importing.guess_mapping(header),
            plan=tracked,
        )

    assert preview.adds_nothing
    assert preview.skipped_rows == len(rows)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"),
        ("plan.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"),
    ],
)
def test_a_wrong_file_type_is_refused(client, plan, lead, name, content):
    response = upload(client, plan, content, name=name)

    assert response.status_code == 200
    assert "The selected file must be a CSV, Excel or Word file" in response.content.decode()
    assert not any(key.startswith("improvement_import:") for key, _value in client.session.items())


def test_a_file_over_the_row_limit_is_refused(client, plan, lead):
    rows = [[str(n), "Text.", "", "", "", "", "", "", "", "", ""] for n in range(2001)]

    response = upload(client, plan, csv_bytes(rows))

    assert response.status_code == 200
    assert "more than 2000 rows" in response.content.decode()


def test_a_reader_gets_403(client, plan):
    plan.source = "peer_review"
    plan.programme = factories.ProgrammeFactory()
    plan.inspectorate = ""
    plan.save()
    client.force_login(factories.board_member(programme=plan.programme))

    assert client.get(reverse("improvement:plan", args=[plan.pk])).status_code == 200
    assert client.get(reverse("improvement:import", args=[plan.pk])).status_code == 403
    assert upload(client, plan, csv_bytes(GOOD_ROWS)).status_code == 403


def test_another_services_lead_gets_404(client, plan):
    client.force_login(factories.service_lead(organisation=factories.OrganisationFactory()))

    assert client.get(reverse("improvement:import", args=[plan.pk])).status_code == 404
    assert upload(client, plan, csv_bytes(GOOD_ROWS)).status_code == 404


def test_the_rows_of_one_plan_cannot_be_mapped_into_another(client, plan, lead):
    url = map_url(upload(client, plan, csv_bytes(GOOD_ROWS)))
    other = factories.ImprovementPlanFactory(organisation=plan.organisation)
    token = url.rstrip("/").rsplit("/", 1)[1]

    assert client.get(reverse("improvement:import_map", args=[other.pk, token])).status_code == 404


def test_import_into_refuses_a_new_action_reference_taken_since_the_check(tracked, lead):
    rows = exported_rows(tracked)
    rows.append([*action_row(rows, "1b")[:4], "1c", "Report.", "", "", "", "", "", "", "", ""])
    preview = importing.check(
        rows=[[str(number), *row] for number, row in enumerate(rows, start=2)],
        mapping=importing.guess_mapping(exporting.headers()),
        plan=tracked,
    )
    assert preview.action_count == 1
    factories.ActionFactory(
        recommendation=Recommendation.objects.get(plan=tracked, reference="1"), reference="1c"
    )

    with pytest.raises(importing.AlreadyInPlanError) as raised:
        importing.import_into(plan=tracked, preview=preview, by=lead)

    assert raised.value.args == ([], ["1/1c"])
    assert Action.objects.filter(recommendation__plan=tracked).count() == 3


def test_an_xlsx_declaring_a_huge_empty_sheet_is_refused_having_read_only_what_the_limits_allow(
    monkeypatch,
):
    """A small file can declare 16,384 columns and 20,000 rows. The import reads no more
    columns than it can use and no more rows than its limit, blank ones included: the work is
    bounded by what is read, which this counts in openpyxl, whatever the machine's speed."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["1", "Text."])
    sheet["XFD20000"] = "far corner"
    buffer = io.BytesIO()
    workbook.save(buffer)
    read = {"rows": 0, "cells": 0}
    most_rows, most_cells = importing.MAX_ROWS + 1, (importing.MAX_ROWS + 1) * importing.MAX_COLUMNS
    iter_rows = ReadOnlyWorksheet.iter_rows

    def counted(self, *args, **kwargs):
        for row in iter_rows(self, *args, **kwargs):
            read["rows"] += 1
            read["cells"] += len(row)
            assert read["rows"] <= most_rows + 1, "read rows past the limit"
            assert read["cells"] <= most_cells + importing.MAX_COLUMNS, "read unused columns"
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", counted)

    with pytest.raises(importing.ImportFileError, match="more than 2000 rows"):
        importing.read_xlsx(io.BytesIO(buffer.getvalue()))
    assert read["rows"] == most_rows + 1
    assert read["cells"] <= (most_rows + 1) * importing.MAX_COLUMNS


def test_the_export_names_the_author_an_imported_update_gave(client, plan, lead):
    header = [*HEADER, "Updated by"]
    rows = [[*row, name] for row, name in zip(GOOD_ROWS, ["Jo Analyst", "", "", ""], strict=True)]
    url, data, _preview = preview_and_import(client, upload(client, plan, csv_bytes(rows, header)))
    assert data["author"] == "11"

    assert client.post(url, {**data, "import": "1"}).status_code == 302

    by = exporting.headers().index("By")
    assert [(row[10], row[by]) for row in exporting.plan_rows(plan)] == [
        (datetime.date(2026, 1, 5), "Jo Analyst"),
        (datetime.date(2026, 2, 9), "Sam Lead"),
        (datetime.date(2026, 2, 10), "Sam Lead"),
    ]
