"""What the forms share: the longest text they take, the hidden version field of a form that
changes something with one (a save based on a stale version is refused by the service), and
the confirmation before deleting."""

from crispy_forms_gds.layout import Button, Field
from django import forms

from core.forms import form_helper

TEXT_LIMIT = 5000


def versioned(form: forms.Form, seen_version: int | None) -> list:
    """The hidden version field, where the form changes something that has one."""
    if seen_version is None:
        del form.fields["seen_version"]
        return []
    form.initial["seen_version"] = seen_version
    return [Field("seen_version")]


class DeleteForm(forms.Form):
    """The confirmation before deleting; for an item or an action, the version seen."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int | None = None, button: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        version = versioned(self, seen_version)
        self.helper = form_helper(*version, Button.warning("delete", button))
