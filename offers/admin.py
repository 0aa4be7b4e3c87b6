"""Admin pages for technical staff: each programme's offers with their team composition, its
key lines of enquiry and golden threads, and its cycles. Coordinators set these up on the
programme's own set-up pages (views.py)."""

from django.contrib import admin

from accounts.admin import OwnProgrammesAdmin

from .models import Cycle, LineOfEnquiry, ReviewType, TeamPlace


class TeamPlaceInline(admin.TabularInline):
    """The offer's team composition, editable by whoever may change the offer itself."""

    model = TeamPlace
    extra = 1
    fields = ["role", "count", "requirement"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("offers.view_reviewtype", obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("offers.change_reviewtype", obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("offers.change_reviewtype", obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("offers.change_reviewtype", obj)


@admin.register(ReviewType)
class ReviewTypeAdmin(OwnProgrammesAdmin):
    list_display = [
        "name",
        "programme",
        "days_on_site",
        "reviewer_days",
        "funding",
        "publication_rule",
        "virtual_allowed",
        "is_active",
    ]
    list_filter = ["programme", "publication_rule", "is_active"]
    search_fields = ["name"]
    ordering = ["programme__name", "position", "name"]
    inlines = [TeamPlaceInline]


@admin.register(LineOfEnquiry)
class LineOfEnquiryAdmin(OwnProgrammesAdmin):
    list_display = ["name", "kind", "programme", "position", "is_active"]
    list_filter = ["programme", "kind", "is_active"]
    search_fields = ["name"]
    ordering = ["programme__name", "kind", "position", "name"]


@admin.register(Cycle)
class CycleAdmin(OwnProgrammesAdmin):
    list_display = [
        "name",
        "programme",
        "starts_on",
        "ends_on",
        "funding",
        "reviewer_days",
        "is_open",
    ]
    list_filter = ["programme", "is_open"]
    search_fields = ["name"]
    ordering = ["programme__name", "starts_on"]
