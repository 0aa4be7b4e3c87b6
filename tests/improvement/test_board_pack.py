"""A plan's board pack: a PDF through the generated-document pipeline with the plan, its
dashboard chart and counts, the red and amber actions with their latest narrative and each
recommendation's latest progress; readable by whoever may read the plan, and nobody else."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents.models import GeneratedDocument
from documents.rendering import document_html, pdf_render
from improvement import dashboards, services
from improvement.documents import board_pack_request
from improvement.enums import Rag
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

# How many addressees (a row each in the table by addressee) put the start of the monthly
# table at the foot of page 2, where, without the rules in pdf.css, only two rows of it fit
# (one with a row more); the test tries a row either side, in case fonts differ.
AT_THE_FOOT = 20


def update(item, rag, narrative):
    item.refresh_from_db()
    return services.progress_update_add(
        item=item,
        seen_version=item.version,
        rag=rag,
        narrative=narrative,
        by=factories.UserFactory(),
        recorded_on=timezone.localdate(),
    )


@pytest.fixture
def plan():
    plan = factories.ImprovementPlanFactory(
        organisation__name="Severnside Youth Justice Service", title="Inspection plan"
    )
    first = factories.RecommendationFactory(plan=plan, reference="1", position=0)
    second = factories.RecommendationFactory(plan=plan, reference="2", position=1)
    third = factories.RecommendationFactory(plan=plan, reference="3", position=2)
    update(first, Rag.GREEN, "Board terms of reference agreed.")
    update(second, Rag.AMBER, "Partnership data set in draft.")
    update(third, Rag.GREEN, "Old news about the third recommendation.")
    update(third, Rag.RED, "Health partner has withdrawn from the panel.")
    update(factories.ActionFactory(recommendation=first), Rag.RED, "No suitable applicants.")
    update(factories.ActionFactory(recommendation=second), Rag.AMBER, "Post regraded.")
    update(factories.ActionFactory(recommendation=second), Rag.GREEN, "Training delivered.")
    return plan


def pdf_of(client, document) -> PdfReader:
    download = client.get(reverse("documents:document_download", args=[document.pk]))
    return PdfReader(io.BytesIO(b"".join(download.streaming_content)))


def test_a_board_member_downloads_the_board_pack(client, plan, django_capture_on_commit_callbacks):
    client.force_login(factories.improvement_board_member(organisation=plan.organisation))
    url = reverse("dashboards:board_pack", args=[plan.pk])

    assert (
        b"Download the board pack (PDF)"
        in client.get(reverse("dashboards:plan", args=[plan.pk])).content
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    document = GeneratedDocument.objects.get()
    assert response["Location"] == document.get_absolute_url()
    document.refresh_from_db()
    assert document.status == "ready", document.error
    pdf = pdf_of(client, document)
    text = " ".join(page.extract_text() for page in pdf.pages)
    for expected in (
        "Severnside Youth Justice Service",
        "Inspection plan",
        # The exceptions: the red and the amber action, with their latest narrative.
        "No suitable applicants.",
        "Post regraded.",
        # Each recommendation's latest progress, with its RAG word.
        "Board terms of reference agreed.",
        "Partnership data set in draft.",
        "Health partner has withdrawn from the panel.",
    ):
        assert expected in text
    assert "Old news about the third recommendation." not in text
    # Recommendations 1 and 2 have actions: RAG is tracked on those, and the recommendation's
    # own update is shown as progress on it as a whole. Recommendation 3 is tracked on itself.
    for recommendation, words in (
        ("1.", ["Progress on the recommendation as a whole: Green", "Red"]),
        ("2.", ["Progress on the recommendation as a whole: Amber", "Amber", "Green"]),
        ("3.", ["RAG rating: Red"]),
    ):
        after = " ".join(text.split(f"\n{recommendation} ", 1)[1].split())[:2000]
        for word in words:
            assert word in after, recommendation
    # The metadata names the document and the programme (or, with none, the service).
    assert pdf.metadata.title == "Improvement plan board pack"
    expected_author = plan.programme.name if plan.programme else str(settings.SERVICE_NAME)
    assert pdf.metadata.author == expected_author

    # The page offers the one just made.
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("documents:document_download", args=[document.pk]).encode() in page.content


def test_the_board_pack_holds_the_dashboard_chart(plan):
    from documents.rendering import document_html
    from improvement.documents import board_pack_request

    document = board_pack_request(plan=plan, by=factories.UserFactory())
    html = document_html(document)
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert "RAG ratings at the end of each month since the plan started" in html


def test_someone_who_cannot_read_the_plan_gets_404(
    client, plan, django_capture_on_commit_callbacks
):
    client.force_login(factories.improvement_board_member(organisation=plan.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboards:board_pack", args=[plan.pk]))
    document = GeneratedDocument.objects.get()
    stranger = factories.improvement_board_member(organisation=factories.OrganisationFactory())
    client.force_login(stranger)

    url = reverse("dashboards:board_pack", args=[plan.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert GeneratedDocument.objects.count() == 1
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(reverse("documents:document_download", args=[document.pk])).status_code == 404


# --- Layout on paper, and the months it counts ---------------------------------------------


def month_rows(html: str) -> list[tuple[str, list[int]]]:
    """The board pack's monthly table (#over-time): each row's month and its four counts."""
    table = html.split('<table id="over-time">', 1)[1].split("</table>", 1)[0]
    return [
        (month, [int(number) for number in re.findall(r"<td>(\d+)</td>", cells)])
        for month, cells in re.findall(r'<th scope="row">([^<]+)</th>((?:<td>\d+</td>)+)', table)
    ]


def test_the_board_pack_counts_only_the_months_since_the_plan_started():
    """A plan that started two months ago has three months in the pack, none before it, and
    an item counts (as "No update" or by its RAG) only from when it existed."""
    today = timezone.localdate()
    ends = dashboards.month_ends(today, 3)
    plan = factories.ImprovementPlanFactory(published_on=ends[0].replace(day=1))
    # Added today with an update dated last month, as an import adds it: it counts from then.
    services.progress_update_add(
        item=factories.RecommendationFactory(plan=plan, position=0),
        seen_version=0,
        rag=Rag.GREEN,
        narrative="Imported.",
        by=factories.UserFactory(),
        recorded_on=ends[1].replace(day=10),
    )
    update(factories.RecommendationFactory(plan=plan, position=1), Rag.RED, "Added today.")

    document = board_pack_request(plan=plan, by=factories.UserFactory())

    assert month_rows(document_html(document)) == [
        (dashboards.month_label(ends[0]), [0, 0, 0, 0]),
        (dashboards.month_label(ends[1]), [0, 0, 1, 0]),
        (dashboards.month_label(ends[2]), [1, 0, 1, 0]),
    ]


@pytest.fixture
def long_plan():
    """A plan that started fourteen months ago (fifteen rows in the monthly table), overseen by
    a programme, whose items are addressed to `addressees` people: the more of them, the
    lower the monthly table starts on its page."""

    def long_plan(addressees: int):
        today = timezone.localdate()
        start = dashboards.month_ends(today, 15)[0].replace(day=1)
        plan = factories.ImprovementPlanFactory(
            programme=factories.ProgrammeFactory(name="Northern Peer Review Programme"),
            published_on=start,
        )
        for position in range(addressees):
            factories.RecommendationFactory(
                plan=plan, position=position, addressee=f"Addressee {position + 1}"
            )
        return plan

    return long_plan


def pages_of(plan) -> list[str]:
    document = board_pack_request(plan=plan, by=factories.UserFactory())
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf_render(document))).pages]


def test_the_first_page_names_the_programme_once(long_plan):
    pages = pages_of(long_plan(addressees=1))

    assert pages[0].count("Northern Peer Review Programme") == 1
    # Every later page names it in its running header.
    assert all(page.count("Northern Peer Review Programme") == 1 for page in pages[1:])


@pytest.mark.parametrize("addressees", [AT_THE_FOOT - 1, AT_THE_FOOT, AT_THE_FOOT + 1])
def test_the_monthly_table_starts_a_page_with_more_than_two_rows(long_plan, addressees):
    """Whatever is above it, the monthly table never leaves one or two rows at the foot of a
    page: it starts with at least three, or on the next page, and goes on over the page
    between rows with its header repeated."""
    plan = long_plan(addressees)
    months = [
        dashboards.month_label(end) for end in dashboards.month_ends(timezone.localdate(), 15)
    ]
    row = re.compile(rf"^({'|'.join(months)}) \d+ \d+ \d+ \d+$", re.MULTILINE)

    rows_by_page = [len(row.findall(page)) for page in pages_of(plan)]

    pages_with_rows = [count for count in rows_by_page if count]
    assert sum(pages_with_rows) == 15
    assert pages_with_rows[0] > 2, rows_by_page
