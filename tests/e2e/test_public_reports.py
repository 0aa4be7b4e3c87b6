"""The published reports in a real browser, signed out: the list with its filters, a report's
page and its PDF's waiting page, which polls with htmx under the Content-Security-Policy until
the PDF is ready. Every page passes axe-core."""

from playwright.sync_api import Page, expect

from challenges.models import Report
from challenges.public_views import PDF_RETRY_SECONDS
from challenges.report_documents import PEER_REVIEW_REPORT, report_title
from documents.models import GeneratedDocument
from documents.tasks import render_document
from tests.challenges import reports

from .axe import axe_check, click_and_check, goto
from .conftest import EXPECT_TIMEOUT_MS


def test_reader_finds_a_report_reads_it_and_waits_for_its_pdf(page: Page, transactional_db):
    built = reports.report()
    reports.report(with_findings=False)
    # Stored as report_pdf_request stores it, without sending its message: the page polls
    # until the test renders it.
    document = GeneratedDocument.objects.create(
        kind=PEER_REVIEW_REPORT,
        template_name="challenges/documents/report.html",
        subject=built.report,
        title=report_title(built.report),
        programme=built.challenge.programme,
        requested_by=built.lead,
        language="en-gb",
        idempotency_key="e2e-report",
    )
    Report.objects.filter(pk=built.report.pk).update(document=document)
    service = built.challenge.organisation.name

    goto(page, "/reports/")
    expect(page.get_by_role("heading", name="Published peer review reports")).to_be_visible()
    page.get_by_label("Programme").select_option(label=built.challenge.programme.name)
    click_and_check(page.get_by_role("button", name="Apply filters"))
    expect(page.get_by_text("1 report", exact=True)).to_be_visible()
    click_and_check(page.get_by_role("link", name=service))
    expect(page.get_by_role("heading", name=f"Peer review report: {service}")).to_be_visible()
    expect(page.get_by_role("heading", name="Recommendations")).to_be_visible()
    expect(page.get_by_text(reports.CANARY)).to_have_count(0)

    goto(page, f"/reports/{built.report.slug}.pdf", status=503)
    expect(
        page.get_by_role("heading", name="The PDF of this report is being prepared")
    ).to_be_visible()
    render_document.delay(document_id=document.pk).get()

    # The page asks again every PDF_RETRY_SECONDS: wait for up to two of its polls (longer
    # than expect's default, which a poll that just missed the render would outlast).
    expect(page.get_by_role("heading", name="The PDF is ready")).to_be_visible(
        timeout=2 * PDF_RETRY_SECONDS * 1000 + EXPECT_TIMEOUT_MS
    )
    axe_check(page)
