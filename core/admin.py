"""The email outbox, for technical staff: to answer "was it sent?" (when it was recorded, to
whom, its state, attempts and last error). Read-only; bodies are not shown. Superusers may
delete a row; rows are deleted OUTBOX_KEEP_DAYS after they were recorded in any case."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject_or_kind", "recipients", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "kind",
        "subject",
        "to",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("subject"))
    def subject_or_kind(self, email: OutboxEmail) -> str:
        return email.subject or email.kind

    @admin.display(description=_("to"))
    def recipients(self, email: OutboxEmail) -> str:
        return ", ".join(email.to)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
