"""Filters for the challenge list (and its CSV export), offering only what the user may see:
the programmes, cycles and regions of their own challenges."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Programme, Region
from offers.models import Cycle

from .enums import Phase
from .models import Challenge
from .selectors import unstaffed


class ChallengeFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=_("Any programme")
    )
    cycle = django_filters.ModelChoiceFilter(
        label=_("Cycle"), queryset=Cycle.objects.none(), empty_label=_("Any cycle")
    )
    phase = django_filters.ChoiceFilter(
        label=_("Phase"), choices=Phase.choices, empty_label=_("Any phase")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="organisation__region",
        queryset=Region.objects.order_by("name"),
        empty_label=_("Any region"),
    )
    staffing = django_filters.ChoiceFilter(
        label=_("Team"),
        choices=[("unstaffed", _("Places still to fill"))],
        empty_label=_("Any"),
        method="filter_staffing",
    )

    class Meta:
        model = Challenge
        fields = ["programme", "cycle", "phase", "region", "staffing"]

    def __init__(self, data=None, queryset=None, **kwargs) -> None:
        super().__init__(data, queryset=queryset, **kwargs)
        programme_ids = queryset.values("programme_id")
        self.filters["programme"].queryset = Programme.objects.filter(pk__in=programme_ids)
        self.filters["cycle"].queryset = Cycle.objects.filter(
            programme_id__in=programme_ids
        ).select_related("programme")
        for name in self.filters:
            self.filters[name].field.widget.attrs["class"] = "govuk-select"

    def filter_staffing(self, queryset, name, value):
        return unstaffed(queryset) if value == "unstaffed" else queryset

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters)
