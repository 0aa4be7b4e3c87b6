"""Importing into a plan: upload, map the columns, preview, import all or nothing. A good CSV
imports exactly; an export re-imported gives the same rows; a good XLSX imports; one bad row
imports nothing and names the row and the problem; a wrong file type is refused; a reader gets
403 and another service's lead 404."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvement import exporting, services
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


@pytest.fixture
def plan():
    return factories.ImprovementPlanFactory()


@pytest.fixture
def lead(client, plan):
    user = factories.service_lead(organisation=plan.organisation, full_name="Sam Lead")
    client.force_login(user)
    return user


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
    assert "Imported 1 recommendations, 2 actions and 3 progress updates." in message
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
    assert all(data[key] != "" for key in data)  # every field matched by its export header
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
        assert "Row 4: RAG must be red, amber or green, not &#x27;purple&#x27;" in html
        assert 'name="import"' not in html
    assert Recommendation.objects.count() == 0
    assert Action.objects.count() == 0
    assert ProgressUpdate.objects.count() == 0


def test_a_recommendation_already_in_the_plan_is_a_row_error(client, plan, lead):
    factories.RecommendationFactory(plan=plan, reference="1")
    url = map_url(upload(client, plan, csv_bytes(GOOD_ROWS)))
    data = mapping(client.get(url))

    page = client.post(url, {**data, "import": "1"}).content.decode()

    assert "Row 2: The plan already has a recommendation 1" in page
    assert Action.objects.count() == 0


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
    assert "The selected file must be a CSV or Excel file" in response.content.decode()
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
