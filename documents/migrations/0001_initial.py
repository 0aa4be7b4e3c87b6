"""GeneratedDocument moves from core to this app. Its table keeps its name
(core_generateddocument), so no row moves: core's migration 0003 forgets the model, this one
takes it over, in Django's state only. Its content type (and with it its permissions and the
admin's log entries) moves with it, keeping its id."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import documents.models
from core.migration_operations import content_types_moved


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table was made by core's first migration.
        ("core", "0002_cache_generation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="GeneratedDocument",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="last changed"),
                        ),
                        (
                            "kind",
                            models.SlugField(
                                help_text="The registered kind, e.g. cpd_record.",
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "template_name",
                            models.CharField(max_length=200, verbose_name="template"),
                        ),
                        ("subject_id", models.PositiveBigIntegerField(verbose_name="subject id")),
                        (
                            "title",
                            models.CharField(
                                help_text="The PDF's title and download name. Never a person's name.",
                                max_length=200,
                                verbose_name="title",
                            ),
                        ),
                        ("language", models.CharField(max_length=10, verbose_name="language")),
                        (
                            "idempotency_key",
                            models.CharField(
                                help_text="Kind, subject and requester: one document at a time is made for each.",
                                max_length=255,
                                verbose_name="idempotency key",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Queued"),
                                    ("rendering", "Being prepared"),
                                    ("ready", "Ready"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=20,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(default=0, verbose_name="attempts"),
                        ),
                        (
                            "task_id",
                            models.CharField(blank=True, max_length=255, verbose_name="task"),
                        ),
                        (
                            "error",
                            models.TextField(
                                blank=True,
                                help_text="Shown to the user, in plain words.",
                                verbose_name="error",
                            ),
                        ),
                        (
                            "file_key",
                            models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
                        ),
                        (
                            "file",
                            models.FileField(
                                blank=True,
                                max_length=255,
                                upload_to=documents.models.document_upload_to,
                                verbose_name="file",
                            ),
                        ),
                        (
                            "size",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="size in bytes"
                            ),
                        ),
                        (
                            "queued_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="queued"
                            ),
                        ),
                        (
                            "rendering_started_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="rendering started"
                            ),
                        ),
                        (
                            "rendered_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="rendered"),
                        ),
                        (
                            "programme",
                            models.ForeignKey(
                                blank=True,
                                help_text="Named as the PDF's author; the service's name when empty.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="generated_documents",
                                to="accounts.programme",
                                verbose_name="programme",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="generated_documents",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="requested by",
                            ),
                        ),
                        (
                            "subject_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="contenttypes.contenttype",
                                verbose_name="subject type",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "generated document",
                        "db_table": "core_generateddocument",
                        "verbose_name_plural": "generated documents",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                fields=["status", "queued_at"], name="core_gendoc_status_queued"
                            ),
                            models.Index(
                                fields=["subject_type", "subject_id"], name="core_gendoc_subject"
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("status__in", ("queued", "rendering"))),
                                fields=("idempotency_key",),
                                name="core_gendoc_one_active_per_key",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("status__in", ["queued", "rendering", "ready", "failed"])
                                ),
                                name="core_gendoc_status_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "ready"), _negated=True),
                                    models.Q(
                                        models.Q(("file", ""), _negated=True),
                                        ("rendered_at__isnull", False),
                                    ),
                                    _connector="OR",
                                ),
                                name="core_gendoc_ready_has_file",
                            ),
                        ],
                    },
                ),
            ],
            # The table is already there, under the name it keeps.
            database_operations=[],
        ),
        content_types_moved(source="core", target="documents", models=["generateddocument"]),
    ]
