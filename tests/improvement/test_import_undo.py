"""Undoing an import as a whole: every import is an ImportBatch that everything it creates
points at; whoever made it undoes it (after an "Are you sure" page) until anything is added on
top of it (importing.undo_blocker, each case tested here); undone, everything it created is
gone, what it added updates to has its RAG refreshed and its version raised, and the import
shows as undone. Importing the file again is the redo."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvement import importing, services
from improvement.enums import ActionStatus, Rag
from improvement.models import (
    Action,
    DesiredOutcome,
    ImportBatch,
    ProgressUpdate,
    Recommendation,
)
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date

HEADER = ["Ref", "Recommendation", "Desired outcome", "Action", "Lead", "RAG", "Progress",
          "Date"]  # fmt: skip
ROWS = [
    ["1", "Know the children.", "A data set.", "Agree a data set.", "Head of service", "R",
     "Not begun.", "05/01/2025"],
    ["1", "Know the children.", "A data set.", "Agree a data set.", "Head of service", "A",
     "Drafted.", "09/02/2025"],
    ["2", "Plan the education offer.", "", "", "", "G", "Done.", "10/02/2025"],
]  # fmt: skip


def csv_bytes(rows, header=HEADER) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return text.getvalue().encode("utf-8")


def import_file(client, plan, content=None, name="tracker.csv") -> ImportBatch:
    """Upload, preview and import through the pages, as the logged-in person."""
    response = client.post(
        reverse("improvement:import", args=[plan.pk]),
        {"file": SimpleUploadedFile(name, content or csv_bytes(ROWS))},
    )
    url = response["Location"]
    html = client.get(url).content.decode()
    data = {}
    for field, body in re.findall(r'<select[^>]*name="([a-z_]+)"[^>]*>(.*?)</select>', html, re.S):
        found = re.search(r'<option value="([^"]*)" selected', body)
        data[field] = found.group(1) if found else ""
    response = client.post(url, {**data, "import": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return ImportBatch.objects.filter(plan=plan).first()


def undo_url(batch) -> str:
    return reverse("improvement:import_undo", args=[batch.plan_id, batch.pk])


def plan_counts(plan) -> tuple[int, int, int, int]:
    return (
        Recommendation.objects.filter(plan=plan).count(),
        Action.objects.filter(recommendation__plan=plan).count(),
        DesiredOutcome.objects.filter(recommendation__plan=plan).count(),
        ProgressUpdate.objects.filter(recommendation__plan=plan).count()
        + ProgressUpdate.objects.filter(action__recommendation__plan=plan).count(),
    )


def test_an_import_records_its_batch_on_everything_it_creates(client, plan, lead):
    batch = import_file(client, plan)

    assert (batch.filename, batch.by, batch.undone_at) == ("tracker.csv", lead, None)
    assert (batch.recommendations, batch.actions, batch.updates) == (2, 1, 3)
    assert plan_counts(plan) == (2, 1, 1, 3)
    for model in (Recommendation, Action, DesiredOutcome, ProgressUpdate):
        assert set(model.objects.values_list("import_batch", flat=True)) == {batch.pk}
    page = client.get(reverse("improvement:plan", args=[plan.pk])).content.decode()
    assert "tracker.csv" in page
    assert f'href="{undo_url(batch)}"' in page


def test_whoever_made_it_undoes_it_after_a_confirmation_and_can_import_it_again(client, plan, lead):
    existing = factories.RecommendationFactory(plan=plan, reference="9")
    batch = import_file(client, plan)

    confirm = client.get(undo_url(batch))
    assert confirm.status_code == 200
    assert "Are you sure you want to undo this import?" in confirm.content.decode()
    assert plan_counts(plan) == (3, 1, 1, 3)  # nothing undone by looking

    response = client.post(undo_url(batch), {"undo": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse("improvement:plan", args=[plan.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The import of tracker.csv is undone" in page
    assert plan_counts(plan) == (1, 0, 0, 0)
    assert Recommendation.objects.get() == existing
    batch.refresh_from_db()
    assert batch.undone_by == lead
    assert batch.undone_at is not None
    assert "Undone" in page
    assert f'href="{undo_url(batch)}"' not in page
    # Undone is undone: asking again changes nothing.
    again = client.post(undo_url(batch), {"undo": "1"})
    assert again.status_code == 200
    assert "This import has been undone" in again.content.decode()

    # The redo: the same file imports again.
    redo = import_file(client, plan)
    assert redo.pk != batch.pk
    assert plan_counts(plan) == (3, 1, 1, 3)
    assert Action.objects.get().current_rag == Rag.AMBER


def test_undoing_updates_added_to_items_already_in_the_plan_restores_their_rag(client, plan, lead):
    recommendation = factories.RecommendationFactory(plan=plan, reference="1", text="Know.")
    action = factories.ActionFactory(recommendation=recommendation, reference="1a")
    services.progress_update_add(
        item=action, seen_version=action.version, rag=Rag.RED, narrative="Begun.", by=lead,
        recorded_on=D(2025, 1, 1),
    )  # fmt: skip
    action.refresh_from_db()
    version = action.version
    header = ["Recommendation ref", "Action ref", "RAG", "Progress", "Update date"]
    batch = import_file(
        client, plan, csv_bytes([["1", "1a", "Green", "Done.", "02/02/2025"]], header)
    )
    action.refresh_from_db()
    assert action.current_rag == Rag.GREEN
    assert batch.updates == 1

    importing.import_undo(batch=batch, by=lead)

    action.refresh_from_db()
    assert action.current_rag == Rag.RED
    assert action.last_update_on == D(2025, 1, 1)
    assert action.version > version + 1  # raised by the import and again by the undo
    assert list(action.updates.values_list("narrative", flat=True)) == ["Begun."]
    assert Recommendation.objects.filter(plan=plan).count() == 1


def test_someone_else_who_may_change_the_plan_may_not_undo_it(client, plan, lead):
    batch = import_file(client, plan)
    board = factories.improvement_board_member(organisation=plan.organisation)
    client.force_login(board)

    page = client.get(reverse("improvement:plan", args=[plan.pk])).content.decode()
    assert "tracker.csv" in page
    assert f'href="{undo_url(batch)}"' not in page
    assert client.get(undo_url(batch)).status_code == 403
    assert client.post(undo_url(batch), {"undo": "1"}).status_code == 403
    with pytest.raises(ValidationError):
        importing.import_undo(batch=batch, by=board)
    assert plan_counts(plan) == (2, 1, 1, 3)


def test_an_import_of_another_plan_is_404(client, plan, lead):
    other = factories.ImprovementPlanFactory(organisation=plan.organisation)
    batch = ImportBatch.objects.create(plan=other, filename="x.csv", by=lead)
    url = reverse("improvement:import_undo", args=[plan.pk, batch.pk])
    assert client.get(url).status_code == 404


def blocked(client, batch, reason: str) -> None:
    """The import cannot be undone, for `reason`: no link, the page says why, a POST undoes
    nothing."""
    assert importing.undo_blocker(batch) == reason
    assert not importing.may_undo(batch, batch.by)
    page = client.get(reverse("improvement:plan", args=[batch.plan_id])).content.decode()
    assert f'href="{undo_url(batch)}"' not in page
    before = plan_counts(batch.plan)
    response = client.post(undo_url(batch), {"undo": "1"})
    assert response.status_code == 200
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert plan_counts(batch.plan) == before
    with pytest.raises(ValidationError):
        importing.import_undo(batch=batch, by=batch.by)


ADDED_SINCE = "Something has been added to the plan since this import"


def test_a_progress_update_added_on_top_blocks_the_undo(client, plan, lead):
    batch = import_file(client, plan)
    action = Action.objects.get()
    services.progress_update_add(
        item=action, seen_version=action.version, rag=Rag.GREEN, narrative="Done.", by=lead,
        recorded_on=D(2025, 3, 1),
    )  # fmt: skip
    blocked(client, batch, ADDED_SINCE)


def test_a_correction_of_one_of_its_rows_goes_with_the_undo_and_the_page_says_so(
    client, plan, lead
):
    """A change is not an addition: the import can still be undone, and the confirmation says
    what else goes with it."""
    batch = import_file(client, plan)
    action = Action.objects.get()
    services.action_update(
        action=action, seen_version=action.version, text="Agree the data set.",
        lead_officer=action.lead_officer, agency="", due_on=None,
        status=ActionStatus.IN_PROGRESS, by=lead,
    )  # fmt: skip
    assert importing.undo_blocker(batch) is None
    assert importing.corrections_since(batch) == 1
    page = client.get(undo_url(batch)).content.decode()
    assert "1 of the things it added has been corrected since: the correction goes with it." in (
        page
    )

    client.post(undo_url(batch), {"undo": "1"})

    assert not Action.objects.exists()
    batch.refresh_from_db()
    assert batch.undone_at is not None


def test_a_deletion_of_one_of_its_rows_does_not_block_the_undo(client, plan, lead):
    batch = import_file(client, plan)
    ProgressUpdate.objects.filter(narrative="Done.").get().delete()
    assert importing.undo_blocker(batch) is None
    importing.import_undo(batch=batch, by=lead)
    assert not plan.recommendations.exists()


def test_an_item_added_elsewhere_in_the_plan_since_blocks_the_undo(client, plan, lead):
    batch = import_file(client, plan)
    factories.RecommendationFactory(plan=plan, reference="3")
    blocked(client, batch, ADDED_SINCE)


def test_a_change_to_an_item_that_was_there_before_is_left_as_it_is(client, plan, lead):
    earlier = factories.RecommendationFactory(plan=plan, reference="7")
    batch = import_file(client, plan)
    earlier.text = "Changed."
    earlier.save()

    importing.import_undo(batch=batch, by=lead)

    assert list(plan.recommendations.values_list("reference", "text")) == [("7", "Changed.")]


def test_a_later_import_blocks_the_undo_until_it_is_undone(client, plan, lead):
    first = import_file(client, plan)
    header = ["Ref", "Recommendation", "RAG", "Progress", "Date"]
    second = import_file(
        client, plan, csv_bytes([["3", "Third.", "A", "Begun.", "01/03/2025"]], header)
    )
    blocked(client, first, "A later import into the plan has not been undone: undo that one first")

    importing.import_undo(batch=second, by=lead)

    assert importing.undo_blocker(first) is None
    importing.import_undo(batch=first, by=lead)
    assert plan_counts(plan) == (0, 0, 0, 0)


def test_a_change_to_the_plans_own_details_does_not_block_the_undo(client, plan, lead):
    batch = import_file(client, plan)
    plan.title = "Renamed plan"
    plan.save()
    assert importing.undo_blocker(batch) is None
    assert importing.may_undo(batch, lead)
