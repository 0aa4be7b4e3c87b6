"""A generated document: the request for a PDF, its progress, and the file once made."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class DocumentStatus(models.TextChoices):
    """Where a generated document is in its life: queued → rendering → ready | failed.

    Only documents.services changes it."""

    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# While a document is in one of these, asking for it again returns the same row.
ACTIVE_DOCUMENT_STATUSES = (DocumentStatus.QUEUED, DocumentStatus.RENDERING)


def document_upload_to(document: "GeneratedDocument", filename: str) -> str:
    """One name per row, never the title (which may say who the document is about): a second
    rendering of the same row replaces its file instead of adding another."""
    return f"documents/{document.kind}/{document.file_key}.pdf"


class GeneratedDocument(TimeStampedModel):
    """A PDF made from an HTML template by a Celery task (documents.tasks).

    The row is stored first, as the request, then rendered; the page polls it. What it is made
    from is its `subject`, any model row (a generic foreign key), read by the context function
    its `kind` registered (documents.registry.register_document)."""

    kind = models.SlugField(
        _("kind"), max_length=50, help_text=_("The registered kind, e.g. cpd_record.")
    )
    template_name = models.CharField(_("template"), max_length=200)
    subject_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subject type"),
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("The PDF's title and download name. Never a person's name."),
    )
    programme = models.ForeignKey(
        "accounts.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="generated_documents",
        verbose_name=_("programme"),
        help_text=_("Named as the PDF's author; the service's name when empty."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="generated_documents",
        verbose_name=_("requested by"),
    )
    language = models.CharField(_("language"), max_length=10)
    idempotency_key = models.CharField(
        _("idempotency key"),
        max_length=255,
        help_text=_("Kind, subject and requester: one document at a time is made for each."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The Celery task that is rendering it: a retry or redelivery of that task carries on,
    # a second message for the same row leaves it alone.
    task_id = models.CharField(_("task"), max_length=255, blank=True)
    error = models.TextField(
        _("error"), blank=True, help_text=_("Shown to the user, in plain words.")
    )
    file_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    rendering_started_at = models.DateTimeField(_("rendering started"), null=True, blank=True)
    # Written every DOCUMENTS_HEARTBEAT_SECONDS while the render runs: a row rendering that has
    # not been heard from for DOCUMENTS_STUCK_AFTER_SECONDS lost its worker.
    rendering_seen_at = models.DateTimeField(_("render last heard from"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)

    class Meta:
        # The table, its indexes and constraints keep the names they had when documents were
        # part of core: moving them out moved no row (migrations/0001_initial.py).
        db_table = "core_generateddocument"
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "queued_at"], name="core_gendoc_status_queued"),
            models.Index(fields=["subject_type", "subject_id"], name="core_gendoc_subject"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(status__in=ACTIVE_DOCUMENT_STATUSES),
                name="core_gendoc_one_active_per_key",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values),
                name="core_gendoc_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.READY)
                | (~Q(file="") & Q(rendered_at__isnull=False)),
                name="core_gendoc_ready_has_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("documents:document", args=[self.pk])

    @property
    def is_active(self) -> bool:
        """Queued or being rendered: the page keeps polling."""
        return self.status in ACTIVE_DOCUMENT_STATUSES
