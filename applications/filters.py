"""Filters for the applications list (and its CSV export), offering only what the user may
see: the offers, cycles and services of their own programmes."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Region
from offers.models import Cycle, ReviewType

from .enums import ApplicationState
from .models import Application


class ApplicationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApplicationState.choices, empty_label=_("Any status")
    )
    review_type = django_filters.ModelChoiceFilter(
        label=_("Offer"), queryset=ReviewType.objects.none(), empty_label=_("Any offer")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="organisation__region",
        queryset=Region.objects.order_by("name"),
        empty_label=_("Any region"),
    )
    cycle = django_filters.ModelChoiceFilter(
        label=_("Cycle"), queryset=Cycle.objects.none(), empty_label=_("Any cycle")
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Service"), queryset=Organisation.objects.none(), empty_label=_("Any service")
    )

    class Meta:
        model = Application
        fields = ["state", "review_type", "region", "cycle", "organisation"]

    def __init__(self, data=None, queryset=None, **kwargs) -> None:
        super().__init__(data, queryset=queryset, **kwargs)
        programme_ids = queryset.values("programme_id")
        self.filters["review_type"].queryset = ReviewType.objects.filter(
            programme_id__in=programme_ids
        ).select_related("programme")
        self.filters["cycle"].queryset = Cycle.objects.filter(
            programme_id__in=programme_ids
        ).select_related("programme")
        self.filters["organisation"].queryset = Organisation.objects.filter(
            pk__in=queryset.values("organisation_id")
        ).order_by("name")
        for name in self.filters:
            self.filters[name].field.widget.attrs["class"] = "govuk-select"

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters)
