"""A generated document's page in a real browser: htmx polls the status under the site's
Content-Security-Policy (any script or style it refused would fail the test as a console
error), the download appears when the document is ready, and every state passes axe-core."""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from accounts.models import Programme, User
from documents.models import GeneratedDocument
from documents.registry import register_document
from documents.tasks import render_document

from .axe import axe_check, click_and_check, goto

KIND = "e2e_programme_summary"

register_document(
    KIND,
    template="pdf/test_document.html",
    context=lambda document: {"programme": document.subject, "summary": "Reviews planned"},
    can_view=lambda user, document: user.pk == document.requested_by_id,
)


def waiting_for_a_document(page: Page, sign_in: Callable[..., None]) -> GeneratedDocument:
    """The coordinator, signed in, on the page of a document they asked for that is queued:
    stored as document_request stores it, without sending its message, so the page polls
    until the test renders it."""
    sign_in(page, "coordinator@example.org")
    programme = Programme.objects.order_by("pk").first()
    document = GeneratedDocument.objects.create(
        kind=KIND,
        template_name="pdf/test_document.html",
        subject=programme,
        title="Programme summary",
        programme=programme,
        requested_by=User.objects.get(email="coordinator@example.org"),
        language="en-gb",
        idempotency_key="e2e",
    )
    goto(page, f"/documents/{document.pk}/")
    expect(page.get_by_role("heading", name="Your document is being prepared")).to_be_visible()
    return document


def test_document_page_polls_until_the_download_is_ready(
    page: Page, sign_in: Callable[..., None]
) -> None:
    document = waiting_for_a_document(page, sign_in)
    render_document.delay(document_id=document.pk).get()

    download = page.get_by_role("link", name=re.compile(r"Download Programme summary \(PDF"))
    expect(download).to_be_visible()
    expect(page.get_by_role("heading", name="Your document is ready")).to_be_visible()
    axe_check(page)
    with page.expect_download() as downloading:
        download.click()
    assert downloading.value.suggested_filename == "Programme summary.pdf"


def test_a_polling_page_whose_session_ends_goes_to_sign_in_and_back(
    page: Page, sign_in: Callable[..., None], demo_data: str
) -> None:
    """The session ends while the page waits (its cookie is gone): the next poll takes the
    whole page to sign in, rather than putting the sign-in form inside the status, and
    signing in comes back to the document."""
    document = waiting_for_a_document(page, sign_in)

    page.context.clear_cookies()

    expect(page).to_have_url(re.compile(rf"/accounts/login/\?next=/documents/{document.pk}/$"))
    axe_check(page)
    page.get_by_label("Email address").fill("coordinator@example.org")
    page.get_by_label("Password", exact=True).fill(demo_data)
    click_and_check(page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(rf"/documents/{document.pk}/$"))
    expect(page.get_by_role("heading", name="Your document is being prepared")).to_be_visible()
