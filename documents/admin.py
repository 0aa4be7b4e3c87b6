"""The generated documents, for technical staff: what was asked for, by whom, and how its
rendering went (attempts, the error shown), to answer "my PDF never came". Read-only: only
documents.services changes a document. Superusers may delete one, which deletes its file. The
file itself is not offered here: documents are downloaded from their own page, by those
their kind allows."""

from django.contrib import admin

from .models import GeneratedDocument


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "programme", "requested_by", "created_at", "size"]
    list_filter = ["status", "kind", "programme"]
    search_fields = ["title", "requested_by__email"]
    list_select_related = ["programme", "requested_by"]
    date_hierarchy = "created_at"
    fields = [
        "title",
        "kind",
        "status",
        "error",
        "attempts",
        "programme",
        "requested_by",
        "language",
        "subject_type",
        "subject_id",
        "size",
        "queued_at",
        "rendering_started_at",
        "rendered_at",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
