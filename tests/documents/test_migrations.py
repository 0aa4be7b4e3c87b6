"""Generated documents moved from core to their own app in Django's state only: a database
holding documents migrates across the move, and back and forward again, keeping every row in
its table and the model's content type (with its permissions) under the same id."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import StateApps
from django.utils import timezone

from documents.models import GeneratedDocument
from tests import factories

BEFORE_THE_MOVE = [("core", "0002_cache_generation"), ("documents", None)]

COLUMNS = [
    "pk",
    "kind",
    "template_name",
    "subject_type_id",
    "subject_id",
    "title",
    "programme_id",
    "requested_by_id",
    "language",
    "idempotency_key",
    "status",
    "attempts",
    "error",
    "file_key",
    "file",
    "size",
    "queued_at",
    "rendered_at",
    "created_at",
]


def migrate_to(targets: list[tuple[str, str | None]]) -> None:
    MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def before_the_move() -> StateApps:
    """The models as they were, with GeneratedDocument in core."""
    return MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE[:1]).apps


def rows(model) -> list[dict]:
    return list(model.objects.order_by("pk").values(*COLUMNS))


def permissions_of(content_type_id: int) -> list[str]:
    return sorted(
        Permission.objects.filter(content_type_id=content_type_id).values_list(
            "codename", flat=True
        )
    )


@pytest.mark.django_db(transaction=True)
def test_documents_migrate_across_the_move_out_of_core_and_back_without_loss():
    programme = factories.ProgrammeFactory()
    lead = factories.service_lead()
    own_type = ContentType.objects.get_for_model(GeneratedDocument)
    permissions = permissions_of(own_type.pk)
    # The database as it was before the move, holding a finished document and a queued one.
    migrate_to(BEFORE_THE_MOVE)
    old = before_the_move()
    old_document = old.get_model("core", "GeneratedDocument")
    subject_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="accounts", model="programme"
    )
    common = {
        "template_name": "pdf/test_document.html",
        "subject_type": subject_type,
        "subject_id": programme.pk,
        "requested_by_id": lead.pk,
        "language": "en-gb",
    }
    ready = old_document.objects.create(
        **common,
        kind="board_pack",
        title="Board pack",
        programme_id=programme.pk,
        idempotency_key="board_pack:accounts.programme:1:1",
        status="ready",
        attempts=1,
        file="documents/board_pack/one.pdf",
        size=9,
        rendered_at=timezone.now(),
    )
    old_document.objects.create(
        **common,
        kind="cpd_record",
        title="CPD record",
        idempotency_key="cpd_record:accounts.programme:1:1",
    )
    held = rows(old_document)

    migrate_to(latest())

    assert rows(GeneratedDocument) == held
    assert ContentType.objects.get_for_model(GeneratedDocument).pk == own_type.pk
    assert not ContentType.objects.filter(app_label="core", model="generateddocument").exists()
    assert permissions_of(own_type.pk) == permissions
    assert permissions == [
        "add_generateddocument",
        "change_generateddocument",
        "delete_generateddocument",
        "view_generateddocument",
    ]
    moved = GeneratedDocument.objects.get(pk=ready.pk)
    assert (moved.subject, moved.programme, moved.requested_by) == (programme, programme, lead)

    # Backwards, to core, and forwards again.
    migrate_to(BEFORE_THE_MOVE)

    assert rows(before_the_move().get_model("core", "GeneratedDocument")) == held
    assert ContentType.objects.get(app_label="core", model="generateddocument").pk == own_type.pk
    assert not ContentType.objects.filter(app_label="documents").exists()

    migrate_to(latest())

    assert rows(GeneratedDocument) == held
    assert ContentType.objects.get_for_model(GeneratedDocument).pk == own_type.pk
    assert permissions_of(own_type.pk) == permissions
