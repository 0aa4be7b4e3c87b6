"""Forms of the matcher's pages, laid out with crispy-forms-gds: swapping someone in a
proposal, and a programme's matching weights. The rules live in services."""

from decimal import Decimal

from crispy_forms_gds.layout import Button, Field, Fixed
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper


class SwapForm(forms.Form):
    """Who takes the place instead: one of the run's pool, not already on the team."""

    reviewer = forms.TypedChoiceField(
        label=_("Who should take the place instead?"),
        help_text=_("People in the programme's pool who are not on this team."),
        coerce=int,
        error_messages={
            "required": _("Select who should take the place"),
            "invalid_choice": _("Select someone from the list"),
        },
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", _("Choose a reviewer")), *choices]
        self.helper = form_helper(Field.select("reviewer"), Button("swap", _("Swap")))


def _weight(label, help_text, *, least: Decimal) -> forms.DecimalField:
    message = _("Enter a number from %(least)s to 999.99, like 1 or 2.5") % {"least": least}
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=least,
        max_value=Decimal("999.99"),
        max_digits=5,
        decimal_places=2,
        # A text input: a number input loses its error border in crispy-forms-gds.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "max_digits": message,
            "max_whole_digits": message,
            "max_decimal_places": _("Enter the number to 2 decimal places at most"),
        },
    )


class MatchingWeightsForm(forms.Form):
    """How much each soft preference counts when the matcher proposes teams (0: not at all)."""

    expertise = _weight(
        _("Expertise in the chosen key lines of enquiry"),
        _("Default 3. Counts each key line of enquiry the reviewer does not know."),
        least=Decimal(0),
    )
    load = _weight(
        _("An even spread of reviews"),
        _("Default 1. Each further challenge for the same person this cycle costs more."),
        least=Decimal(0),
    )
    region = _weight(
        _("Region"),
        _(
            "Default 1. Above 0 prefers reviewers from the same region; below 0, like -1, "
            "prefers reviewers from elsewhere."
        ),
        least=Decimal("-999.99"),
    )
    experience = _weight(
        _("A mix of experience"),
        _("Default 1. Lead places favour experienced reviewers, other places newer ones."),
        least=Decimal(0),
    )
    repeat = _weight(
        _("Few repeat pairings"),
        _("Default 1. Counts each pair on a team who have been on a team together before."),
        least=Decimal(0),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            *(Field.text(name, field_width=Fixed.FIVE) for name in self.fields),
            Button("save", _("Save the weights")),
        )
