"""Forms that correct a plan: an item (its kind, reference, text, addressee and domain), a
desired outcome, a new action, a progress update's correction, a measure and its dated
values, and the confirmation before deleting. Those that change an item or an action carry
the version the person saw (`seen_version`); the rules live in item_services."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, form_helper

from .enums import ItemKind
from .forms import TEXT_LIMIT, ProgressUpdateForm


def _versioned(form: forms.Form, seen_version: int | None) -> list:
    """The hidden version field, where the form changes something that has one."""
    if seen_version is None:
        del form.fields["seen_version"]
        return []
    form.initial["seen_version"] = seen_version
    return [Field("seen_version")]


class ItemForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of item is it?"),
        choices=ItemKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what kind of item it is"),
            "invalid_choice": _("Select what kind of item it is"),
        },
    )
    reference = forms.CharField(
        label=_("Reference"),
        help_text=_("As the report numbers it, for example 1."),
        max_length=20,
        error_messages={"required": _("Enter the item's reference, for example 1")},
    )
    text = forms.CharField(
        label=_("Text"),
        help_text=_("As the report words it."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the item's text")},
    )
    addressee = forms.CharField(
        label=_("Addressed to (optional)"),
        help_text=_("For example, the management board, its chair, or the service manager."),
        required=False,
        max_length=200,
    )
    domain = forms.CharField(
        label=_("Line of enquiry or inspection domain (optional)"),
        help_text=_("For example, Governance and leadership."),
        required=False,
        max_length=200,
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        version = _versioned(self, seen_version)
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("reference", field_width=5),
            Field.textarea("text", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Field.text("addressee"),
            Field.text("domain"),
            *version,
            Button("save", _("Save the item") if seen_version is not None else _("Add the item")),
        )


class OutcomeForm(forms.Form):
    text = forms.CharField(
        label=_("Desired outcome"),
        help_text=_("What will be different for children, families or the service."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the desired outcome")},
    )

    def __init__(self, *args, adding: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("text", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Button("save", _("Add the outcome") if adding else _("Save the outcome")),
        )


class NewActionForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        help_text=_("For example 1a."),
        max_length=20,
        error_messages={"required": _("Enter the action's reference, for example 1a")},
    )
    text = forms.CharField(
        label=_("Action"),
        help_text=_("What will be done, as the plan words it."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describe the action")},
    )
    lead_officer = forms.CharField(
        label=_("Lead officer (optional)"), required=False, max_length=150
    )
    agency = forms.CharField(label=_("Agency (optional)"), required=False, max_length=150)
    due_on = DateField(
        what=_("the due date"),
        label=_("Due (optional)"),
        help_text=_("For example, 31 3 2027"),
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("reference", field_width=5),
            Field.textarea("text", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Field.text("lead_officer"),
            Field.text("agency"),
            Field("due_on"),
            Button("save", _("Add the action")),
        )


class ProgressUpdateChangeForm(ProgressUpdateForm):
    """A progress update's correction: the same questions as adding one."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("rag", legend_size=Size.SMALL),
            Field.textarea("narrative", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Field("recorded_on"),
            Field("seen_version"),
            Button("save", _("Save the correction")),
        )


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


class DeleteForm(forms.Form):
    """The confirmation before deleting; for an item or an action, the version seen."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int | None = None, button: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        version = _versioned(self, seen_version)
        self.helper = form_helper(*version, Button.warning("delete", button))
