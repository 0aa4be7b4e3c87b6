"""The programme dashboard's filters, read from the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Programme, Region

from ..enums import PlanSource


class ProgrammeDashboardFilters(forms.Form):
    """The programme dashboard's filters, from the query string; the template draws the
    controls itself (the page is cached as HTML, see views.dashboards)."""

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
    published_from = forms.DateField(label=_("Published from"), required=False)
    published_to = forms.DateField(label=_("Published to"), required=False)
    # Archived plans are left out of the heat-map unless asked for.
    archived = forms.BooleanField(label=_("Include archived plans"), required=False)

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
