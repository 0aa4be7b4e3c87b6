"""The peer review report as a PDF (challenges.report_documents): real WeasyPrint output read back
with pypdf, rendered by a real Celery worker when CELERY_BROKER_URL is set (eagerly otherwise);
nothing of the evidence reaches it; typed markup fetches and embeds nothing; who may see it; the
purge keeps the PDF a report links to."""

from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.utils import timezone
from pypdf import PdfReader

from challenges.enums import ReportState
from challenges.report_documents import PEER_REVIEW_REPORT, can_view_report, report_pdf_request
from documents.fetcher import StaticAssetsURLFetcher
from documents.models import DocumentStatus, GeneratedDocument
from documents.rendering import pdf_render
from documents.selectors import document_can_view
from documents.services import documents_purge
from tests import factories
from tests.documents.test_documents import (
    listening_server,  # noqa: F401 - a fixture
    pdf_of,
    pdf_text,
    settle,
    tasks,  # noqa: F401 - a fixture
    typed_by_a_user,
)
from tests.tasks import BROKER_URL

from . import reports
from .reports import CANARY, CANARY_MET, FINDING_RECOMMENDATION, FINDING_STRENGTH


def _text_of(document: GeneratedDocument) -> str:
    return pdf_text(pdf_of(document))


def test_report_pdf_has_title_page_sections_headings_and_findings(tasks):  # noqa: F811
    built = reports.report(state=ReportState.FINAL)
    lead = built.lead

    document, _ = settle(report_pdf_request(report=built.report, by=lead))

    assert document.status == DocumentStatus.READY, document.error
    built.report.refresh_from_db()
    assert built.report.document == document
    reader = pdf_of(document)
    text = pdf_text(reader)
    challenge = built.challenge
    title = f"Peer review report: {challenge.organisation.name}"
    for expected in (
        title,
        challenge.programme.name,
        challenge.review_type.name,
        "4 March 2031 to 6 March 2031",
        "Context",
        "How the review was carried out",
        "What the team found",
        "Recommendations",
        FINDING_STRENGTH,
        FINDING_RECOMMENDATION,
    ):
        assert expected in text, expected
    # The sections in the version's order, after the title page.
    positions = [
        text.index(heading)
        for heading in ("About this peer review", "Context", "What the team found")
    ]
    assert positions == sorted(positions)
    assert len(reader.pages) >= 2  # the sections start overleaf
    # The chart of findings by kind (SVG) and its table, on the title page.
    first_page = " ".join(reader.pages[0].extract_text().split())
    assert "The findings at a glance" in first_page
    assert "Findings by kind Strength Area for development Recommendation" in first_page
    # Headings are tagged as headings (PDF/UA): the title and each section.
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title == title
    assert reader.metadata.author == challenge.programme.name
    assert tasks == ("worker" if BROKER_URL else "eager")


def test_report_pdf_holds_no_evidence_and_names_nobody(tasks):  # noqa: F811
    built = reports.report(state=ReportState.FINAL)
    lead = built.lead

    document, _ = settle(report_pdf_request(report=built.report, by=lead))

    reader = pdf_of(document)
    said = pdf_text(reader) + " ".join(str(value) for value in reader.metadata.values())
    assert CANARY not in said
    assert CANARY_MET not in said
    assert "a case manager said" not in said
    for personal in (lead.full_name, lead.email):
        assert personal not in said


def test_markup_typed_into_a_section_fetches_and_embeds_nothing(
    db,
    listening_server,  # noqa: F811
):
    html, urls = typed_by_a_user(listening_server.port)
    large_remote_image = f'<img src="http://127.0.0.1:{listening_server.port}/huge.png" alt="">'
    built = reports.report(
        state=ReportState.FINAL,
        text=reports.sections(findings=f"{html}{large_remote_image} Our plan for the year"),
    )
    document = GeneratedDocument.objects.create(
        kind=PEER_REVIEW_REPORT,
        template_name="challenges/documents/report.html",
        subject=built.report,
        title="Peer review report",
        programme=built.challenge.programme,
        requested_by=built.lead,
        language="en-gb",
        idempotency_key="typed",
    )
    fetcher = StaticAssetsURLFetcher()

    pdf = pdf_render(document, url_fetcher=fetcher)

    # The text is escaped: nothing the user typed is even asked for, let alone fetched.
    assert fetcher.refused == []
    assert [url for url in fetcher.loaded if not url.startswith("data:")] == [
        "https://documents.invalid/static/css/pdf.css"
    ]
    assert listening_server.received == []
    reader = PdfReader(BytesIO(pdf))
    text = pdf_text(reader)
    assert "Our plan for the year" in text
    assert "huge.png" in text  # shown as the text it is, not loaded
    assert "root:" not in text
    assert len(urls) == 4


def test_typed_markup_through_the_task_makes_no_request(tasks, listening_server):  # noqa: F811
    html, _urls = typed_by_a_user(listening_server.port)
    built = reports.report(state=ReportState.FINAL, text=reports.sections(context=html))

    document, _ = settle(report_pdf_request(report=built.report, by=built.lead))

    assert document.status == DocumentStatus.READY
    assert listening_server.received == []
    assert "root:" not in _text_of(document)


def test_report_without_text_fails_with_a_plain_message(db, django_capture_on_commit_callbacks):
    built = reports.report(state=ReportState.FINAL, text=[])

    with django_capture_on_commit_callbacks(execute=True):
        document = report_pdf_request(report=built.report, by=built.lead)

    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error == "The report has no text yet: save a version of it first."


def test_asking_twice_while_queued_returns_the_same_document(db):
    built = reports.report(state=ReportState.FINAL)

    first = report_pdf_request(report=built.report, by=built.lead)
    second = report_pdf_request(report=built.report, by=built.lead)

    assert first.pk == second.pk
    assert GeneratedDocument.objects.filter(kind=PEER_REVIEW_REPORT).count() == 1


def test_who_may_see_the_pdf_before_and_after_publication(db):
    built = reports.report(state=ReportState.FINAL)
    challenge = built.challenge
    document = report_pdf_request(report=built.report, by=built.lead)
    team = built.lead
    coordinator = factories.coordinator(programme=challenge.programme)
    service_lead = factories.service_lead(organisation=challenge.organisation)
    other_coordinator = factories.coordinator()
    other_reviewer = factories.reviewer(programme=challenge.programme)
    people = [team, coordinator, service_lead, other_coordinator, other_reviewer]

    before = [document_can_view(user=person, document=document) for person in people]
    built.report.state = ReportState.PUBLISHED
    built.report.save()
    after = [can_view_report(person, built.report) for person in people]

    assert before == [True, True, True, False, False]
    assert after == [True, True, True, True, True]


def test_purge_keeps_the_pdf_a_report_links_to(db, django_capture_on_commit_callbacks):
    built = reports.report()
    with django_capture_on_commit_callbacks(execute=True):
        linked = report_pdf_request(report=built.report, by=built.lead)
    other = reports.report()
    with django_capture_on_commit_callbacks(execute=True):
        replaced = report_pdf_request(report=other.report, by=other.lead)
    with django_capture_on_commit_callbacks(execute=True):
        newer = report_pdf_request(report=other.report, by=other.lead)
    old = timezone.now() - timedelta(days=settings.DOCUMENTS_KEEP_DAYS + 1)
    GeneratedDocument.objects.update(created_at=old)

    deleted = documents_purge()

    assert deleted == 1
    assert sorted(GeneratedDocument.objects.values_list("pk", flat=True)) == sorted(
        [linked.pk, newer.pk]
    )
    assert not GeneratedDocument.objects.filter(pk=replaced.pk).exists()
