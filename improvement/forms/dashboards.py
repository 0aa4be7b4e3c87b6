"""The programme dashboard's filters, read from the query string."""

from crispy_forms_gds.layout import Div, Field
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Programme, Region
from core.forms import DateField, form_helper

from ..enums import PlanSource


class PublishedDates(forms.Form):
    """When the plans were published, from and to: GOV.UK date inputs, checked on their own
    (no query), so that the page can say there is an error in its title before the cached
    dashboard is built."""

    published_from = DateField(
        what=_("the first date plans were published"),
        label=_("Plans published from"),
        help_text=_("For example, 1 4 2025"),
        required=False,
        require_all_fields=False,
    )
    published_to = DateField(
        what=_("the last date plans were published"),
        label=_("Plans published to"),
        help_text=_("For example, 31 3 2026"),
        required=False,
        require_all_fields=False,
    )

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("published_from"), cleaned.get("published_to")
        if first and last and last < first:
            self.add_error(
                "published_to",
                _("The last date plans were published must be the same as or after the first"),
            )
        return cleaned


class ProgrammeDashboardFilters(PublishedDates):
    """The programme dashboard's filters, from the query string; the template draws the
    select boxes itself (the page is cached as HTML, see views.dashboards) and the date
    inputs through `dates_helper`. A filter that is not understood is shown in the error
    summary and left out; the others still apply."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name"), required=False
    )
    source = forms.ChoiceField(
        label=_("Plan source"),
        choices=[("", _("Any")), *PlanSource.choices],
        required=False,
    )
    # Archived plans are left out of the heat-map unless asked for.
    archived = forms.BooleanField(label=_("Include archived plans"), required=False)

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.dates_helper = form_helper(
            Div(
                *(
                    Div(Field(name), css_class="govuk-grid-column-one-half")
                    for name in PublishedDates.base_fields
                ),
                css_class="govuk-grid-row",
            )
        )

    @classmethod
    def query_keys(cls) -> list[str]:
        """The names in the query string the filters read (a date input's are its parts')."""
        keys = []
        for name, field in cls.base_fields.items():
            if isinstance(field, DateField):
                keys.extend(f"{name}_{part}" for part in range(len(field.fields)))
            else:
                keys.append(name)
        return keys

    def filters(self) -> dict:
        """What to filter by: every filter understood (all of them when the form is valid)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return dict(self.cleaned_data)
