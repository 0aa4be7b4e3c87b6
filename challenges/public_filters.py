"""Filters for the public list of published reports (/reports/): programme, offer, year of
publication and region, each offering only what published reports have."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Programme, Region
from offers.models import ReviewType

from .models import Report


class PublishedReportFilter(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        field_name="challenge__programme",
        queryset=Programme.objects.none(),
        empty_label=_("Any programme"),
    )
    offer = django_filters.ModelChoiceFilter(
        label=_("Type of review"),
        field_name="challenge__review_type",
        queryset=ReviewType.objects.none(),
        empty_label=_("Any type of review"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year published"),
        field_name="published_at__year",
        choices=[],
        empty_label=_("Any year"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="challenge__organisation__region",
        queryset=Region.objects.none(),
        empty_label=_("Any region"),
    )

    class Meta:
        model = Report
        fields = ["programme", "offer", "year", "region"]

    def __init__(self, data=None, queryset=None, **kwargs) -> None:
        super().__init__(data, queryset=queryset, **kwargs)
        challenges = queryset.values("challenge_id")
        self.filters["programme"].queryset = Programme.objects.filter(
            challenges__in=challenges
        ).distinct()
        self.filters["offer"].queryset = (
            ReviewType.objects.filter(challenges__in=challenges).distinct().order_by("name")
        )
        self.filters["region"].queryset = (
            Region.objects.filter(organisations__challenges__in=challenges)
            .distinct()
            .order_by("name")
        )
        years = sorted(
            {moment.year for moment in queryset.datetimes("published_at", "year")}, reverse=True
        )
        self.filters["year"].extra["choices"] = [(year, str(year)) for year in years]
        for name in self.filters:
            self.filters[name].field.widget.attrs["class"] = "govuk-select"

    @property
    def active(self) -> bool:
        return self.is_bound and any(
            self.form.cleaned_data.get(name) not in (None, "") for name in self.filters
        )
