"""Forms for an item's measures and their dated values."""

from crispy_forms_gds.layout import Button, Field
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, form_helper


def _number_field(label, *, required: bool) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "required": _("Enter the value, as a number like 45 or 45.5"),
            "invalid": _("Enter a number, like 45 or 45.5"),
            "max_decimal_places": _("Enter the number to two decimal places at most"),
            "max_digits": _("The number is too large"),
            "max_whole_digits": _("The number is too large"),
        },
    )


class MeasureForm(forms.Form):
    name = forms.CharField(
        label=_("Measure"),
        help_text=_("For example, cases audited in the quarter."),
        max_length=200,
        error_messages={"required": _("Enter the name of the measure")},
    )
    unit = forms.CharField(
        label=_("Unit (optional)"),
        help_text=_("For example %."),
        required=False,
        max_length=40,
    )
    baseline = _number_field(_("Baseline (optional)"), required=False)
    target = _number_field(_("Target (optional)"), required=False)

    def __init__(self, *args, adding: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name"),
            Field.text("unit", field_width=5),
            Field.text("baseline", field_width=10),
            Field.text("target", field_width=10),
            Button("save", _("Add the measure") if adding else _("Save the measure")),
        )


class MeasureValueForm(forms.Form):
    recorded_on = DateField(
        what=_("the date of the value"),
        label=_("As at"),
        help_text=_("For example, 31 3 2026"),
    )
    value = _number_field(_("Actual value"), required=True)

    def __init__(self, *args, adding: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("recorded_on"),
            Field.text("value", field_width=10),
            Button("save", _("Add the value") if adding else _("Save the value")),
        )
