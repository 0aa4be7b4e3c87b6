"""The reviewer record's link to the CPD record: straight to the file when the last one this
person asked for is ready, and through the CPD record's page (which makes one) otherwise."""

import lxml.html
import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone

from documents.models import DocumentStatus
from reviewers.documents import cpd_record_request
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def links(client, reviewer) -> dict[str, str]:
    """The record page's links about the CPD record: words to address."""
    response = client.get(reverse("reviewers:detail", args=[reviewer.pk]))
    assert response.status_code == 200
    return {
        " ".join(link.text_content().split()): link.get("href")
        for link in lxml.html.fromstring(response.content).xpath("//main//a")
        if "CPD record" in link.text_content()
    }


@pytest.fixture
def reviewer():
    return factories.PoolMembershipFactory().reviewer


def test_without_a_record_made_the_link_leads_to_the_page_that_makes_one(client, reviewer):
    client.force_login(reviewer.user)

    assert links(client, reviewer) == {
        "Download the CPD record (PDF)": reverse("reviewers:cpd_record", args=[reviewer.pk])
    }


def test_while_one_is_being_made_the_link_still_leads_to_the_page(client, reviewer):
    cpd_record_request(reviewer=reviewer, by=reviewer.user)
    client.force_login(reviewer.user)

    assert links(client, reviewer) == {
        "Download the CPD record (PDF)": reverse("reviewers:cpd_record", args=[reviewer.pk])
    }


def test_once_one_is_ready_the_link_is_the_file_itself(
    client, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = cpd_record_request(reviewer=reviewer, by=reviewer.user)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    client.force_login(reviewer.user)

    found = links(client, reviewer)
    download = client.get(found[next(iter(found))])
    content = b"".join(download.streaming_content)
    download.close()

    made_on = f"{timezone.localtime(document.rendered_at):%-d %B %Y}"
    size = " ".join(filesizeformat(document.size).split())
    assert list(found.items()) == [
        (
            f"Download the CPD record (PDF, {size}, made on {made_on})",
            reverse("documents:document_download", args=[document.pk]),
        ),
        (
            "Make an up-to-date CPD record",
            reverse("reviewers:cpd_record", args=[reviewer.pk]),
        ),
    ]
    assert download["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF-")


def test_a_ready_record_someone_else_asked_for_is_not_offered(
    client, reviewer, django_capture_on_commit_callbacks
):
    coordinator = factories.coordinator(programme=reviewer.pools.get().programme)
    with django_capture_on_commit_callbacks(execute=True):
        cpd_record_request(reviewer=reviewer, by=coordinator)
    client.force_login(reviewer.user)

    assert links(client, reviewer) == {
        "Download the CPD record (PDF)": reverse("reviewers:cpd_record", args=[reviewer.pk])
    }
