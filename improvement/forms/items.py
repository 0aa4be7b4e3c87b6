"""Forms for a plan's items (kind, reference, text, addressee and domain) and their desired
outcomes."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper

from ..enums import ItemKind
from .common import TEXT_LIMIT, versioned


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
        version = versioned(self, seen_version)
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
