"""Housekeeping of generated documents: finished ones are deleted with their files after
DOCUMENTS_KEEP_DAYS (daily, by Celery beat), a deleted row's file goes after the deletion is
committed, and technical staff can read the list in the admin without being offered files."""

import datetime

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from documents.models import DocumentStatus, GeneratedDocument
from documents.services import documents_purge
from peerreview.celery import app as celery_app
from tests import factories

pytestmark = pytest.mark.django_db


def document(programme, *, status=DocumentStatus.READY, days_old=0, title="Board pack"):
    row = GeneratedDocument.objects.create(
        kind="board_pack",
        template_name="pdf/test_document.html",
        subject_type=ContentType.objects.get_for_model(programme),
        subject_id=programme.pk,
        title=title,
        programme=programme,
        requested_by=factories.UserFactory(),
        language="en-gb",
        idempotency_key=f"housekeeping-{title}",
        status=DocumentStatus.QUEUED if status == DocumentStatus.READY else status,
        error="The template could not be read." if status == DocumentStatus.FAILED else "",
    )
    if status == DocumentStatus.READY:
        row.file.save("ignored.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        row.size, row.status, row.rendered_at = row.file.size, status, timezone.now()
        row.save()
    created = timezone.now() - datetime.timedelta(days=days_old)
    GeneratedDocument.objects.filter(pk=row.pk).update(created_at=created)
    return row


def test_finished_documents_past_the_keeping_period_go_with_their_files(
    django_capture_on_commit_callbacks,
):
    programme = factories.ProgrammeFactory()
    keep = settings.DOCUMENTS_KEEP_DAYS
    old_ready = document(programme, days_old=keep + 1, title="Old ready")
    old_failed = document(programme, status=DocumentStatus.FAILED, days_old=keep + 1, title="F")
    recent = document(programme, days_old=keep - 1, title="Recent")
    old_but_queued = document(
        programme, status=DocumentStatus.QUEUED, days_old=keep + 1, title="Queued"
    )
    storage = old_ready.file.storage
    assert storage.exists(old_ready.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        assert documents_purge(batch_size=1) == 2

    assert set(GeneratedDocument.objects.values_list("pk", flat=True)) == {
        recent.pk,
        old_but_queued.pk,
    }
    assert not GeneratedDocument.objects.filter(pk=old_failed.pk).exists()
    assert not storage.exists(old_ready.file.name)
    assert storage.exists(recent.file.name)


def test_a_deleted_documents_file_stays_until_the_deletion_is_committed(
    django_capture_on_commit_callbacks,
):
    row = document(factories.ProgrammeFactory())
    storage, name = row.file.storage, row.file.name

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row.delete()
    assert storage.exists(name)

    for callback in callbacks:
        callback()
    assert not storage.exists(name)


def test_the_purge_runs_daily_from_celery_beat():
    entry = next(
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "documents.tasks.purge_documents"
    )
    assert entry["schedule"] == datetime.timedelta(days=1)
    assert "documents.tasks.purge_documents" in celery_app.tasks


def test_technical_staff_read_the_list_without_being_offered_files(client):
    programme = factories.ProgrammeFactory()
    row = document(programme, title="Board pack for Northdale")
    client.force_login(factories.superuser())

    listing = client.get(reverse("admin:documents_generateddocument_changelist"))
    detail = client.get(reverse("admin:documents_generateddocument_change", args=[row.pk]))

    assert listing.status_code == 200
    assert "Board pack for Northdale" in listing.content.decode()
    assert detail.status_code == 200
    assert row.file.name not in detail.content.decode()
    assert client.get(reverse("admin:documents_generateddocument_add")).status_code == 403


def test_coordinators_do_not_see_generated_documents_in_the_admin(client):
    programme = factories.ProgrammeFactory()
    row = document(programme)
    client.force_login(factories.coordinator(programme=programme))

    listing = client.get(reverse("admin:documents_generateddocument_changelist"))
    detail = client.get(reverse("admin:documents_generateddocument_change", args=[row.pk]))

    assert listing.status_code == 403
    assert detail.status_code == 403
