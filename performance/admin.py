"""Admin pages for technical staff: indicators' definitions (data: children's services
indicators are added here), comparators, and, read-mostly, the figures and the imports that
brought them (figures come from imports, /performance/import/; a wrong one can be deleted and
its history read here)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Comparator, Indicator, IndicatorValue, ReleaseImport


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "sector", "unit", "period_kind", "lag_months", "order"]
    list_filter = ["sector", "unit", "period_kind"]
    search_fields = ["name", "short_name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Comparator)
class ComparatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "region", "organisation", "programme"]
    list_filter = ["kind", "region"]
    list_select_related = ["region", "organisation", "programme"]
    search_fields = ["name"]
    raw_id_fields = ["organisation"]
    filter_horizontal = ["members"]


class _ReadOnly:
    """Shown and deleted, never added or changed by hand."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(_ReadOnly, SimpleHistoryAdmin):
    list_display = [
        "indicator",
        "organisation",
        "comparator",
        "period_start",
        "period_end",
        "value",
        "provenance",
        "released_on",
    ]
    list_filter = ["indicator", "provenance", "comparator__kind"]
    list_select_related = ["indicator", "organisation", "comparator"]
    search_fields = ["organisation__name", "comparator__name"]
    date_hierarchy = "period_end"


@admin.register(ReleaseImport)
class ReleaseImportAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = [
        "file_name",
        "provenance",
        "source",
        "released_on",
        "imported_by",
        "created_at",
        "rows",
        "created_count",
        "changed_count",
        "unchanged_count",
    ]
    list_filter = ["provenance"]
    list_select_related = ["imported_by"]
    search_fields = ["file_name", "source"]
