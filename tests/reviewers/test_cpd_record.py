"""A reviewer's CPD record: a PDF through the generated-document pipeline, holding their
training and reviews, readable by them and their pool's coordinators only."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents.models import GeneratedDocument
from offers.enums import TeamRole
from reviewers import services
from reviewers.enums import BookingStatus
from reviewers.models import Booking
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def member():
    programme = factories.ProgrammeFactory(name="Youth Justice Sector Improvement Partnership")
    member = factories.PoolMembershipFactory(
        programme=programme, reviewer__user__full_name="Daniel Evans"
    )
    course = factories.CourseFactory(programme=programme, name="Peer reviewer training")
    session = factories.TrainingSessionFactory(
        course=course,
        starts_on=timezone.localdate() - datetime.timedelta(days=40),
        ends_on=timezone.localdate() - datetime.timedelta(days=39),
    )
    Booking.objects.create(session=session, reviewer=member.reviewer, status=BookingStatus.ATTENDED)
    services.completed_review_record(
        reviewer=member.reviewer,
        programme=programme,
        organisation=factories.OrganisationFactory(name="Severnside Youth Justice Service"),
        completed_on=datetime.date(2024, 3, 14),
        role=TeamRole.REVIEWER,
        by=factories.coordinator(programme=programme),
    )
    return member


def test_a_reviewer_downloads_their_cpd_record(client, member, django_capture_on_commit_callbacks):
    reviewer = member.reviewer
    client.force_login(reviewer.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviewers:cpd_record", args=[reviewer.pk]))

    document = GeneratedDocument.objects.get()
    assert response["Location"] == document.get_absolute_url()
    document.refresh_from_db()
    assert document.status == "ready"
    download = client.get(reverse("documents:document_download", args=[document.pk]))
    pdf = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    for expected in (
        "Daniel Evans",
        "Peer reviewer training",
        "Attended",
        "Severnside",
        "Fully qualified",
    ):
        assert expected in text
    # The PDF's metadata names the programme, never the person.
    assert pdf.metadata.title == "Peer reviewer CPD record"
    assert "Daniel" not in (pdf.metadata.author or "")
    assert "Youth Justice Sector Improvement Partnership" in (pdf.metadata.author or "")


def test_another_reviewer_cannot_see_the_record_or_its_pdf(
    client, member, django_capture_on_commit_callbacks
):
    client.force_login(member.reviewer.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reviewers:cpd_record", args=[member.reviewer.pk]))
    document = GeneratedDocument.objects.get()
    stranger = factories.PoolMembershipFactory(programme=member.programme).reviewer.user
    client.force_login(stranger)

    assert client.get(reverse("reviewers:cpd_record", args=[member.reviewer.pk])).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(reverse("documents:document_download", args=[document.pk])).status_code == 404
