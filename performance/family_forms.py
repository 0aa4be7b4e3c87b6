"""The form of a programme's comparator family: its name and member services (checkboxes, from
the programme's member organisations). The rules (a name unique in the programme, two services
at least) live in services.family_save."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CreateOnceForm, form_helper


class FamilyForm(CreateOnceForm):
    name = forms.CharField(
        label=_("Name"),
        help_text=_("For example, Northern metropolitan services."),
        max_length=200,
        error_messages={
            "required": _("Enter the family's name"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Services in the family"),
        help_text=_(
            "Select 2 or more. The family's figures are worked out from theirs unless figures "
            "are imported under the family's name."
        ),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Select at least 2 services"),
            "invalid_choice": _("Select services that are members of the programme"),
        },
    )

    def __init__(self, *args, services, button, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = services
        self.helper = form_helper(
            *self.token_layout(),
            Field.text("name"),
            Field.checkboxes("members", legend_size=Size.SMALL, small=True),
            Button("save", button),
        )

    @staticmethod
    def initial_for(family) -> dict:
        if family.pk is None:
            return {}
        return {"name": family.name, "members": list(family.members.all())}
