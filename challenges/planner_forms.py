"""The cycle planner's form: what to plan with. It checks what a person chose; the rules live
in `planner_services` and `planner`."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper

from .planner import RegionPreference

YES_NO = [("yes", _("Yes")), ("no", _("No"))]

REGION_CHOICES = [
    (RegionPreference.ELSEWHERE.value, _("From another region")),
    (RegionPreference.SAME.value, _("From the same region")),
    (RegionPreference.NONE.value, _("No preference")),
]


class PlanForm(forms.Form):
    """The offer each planned challenge is made with, whether to plan in triads, and where the
    reviewing organisation should come from. The offers are choices of their ids as text, so
    an id no offer has is an error on the page, never a query."""

    review_type = forms.ChoiceField(
        label=_("Offer to plan with"),
        help_text=_("Each planned challenge takes its days on site, team and reviewer-days."),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the offer to plan with"),
            "invalid_choice": _("Select one of the programme's offers"),
        },
    )
    triads = forms.TypedChoiceField(
        label=_("Plan in triads?"),
        help_text=_(
            "In a triad, three organisations review each other in turn: A reviews B, B reviews "
            "C and C reviews A. Without triads, the reviews go round larger rings."
        ),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether to plan in triads"),
            "invalid_choice": _("Select yes or no"),
        },
    )
    region = forms.ChoiceField(
        label=_("Where should the reviewing organisation come from?"),
        help_text=_(
            "The planner prefers this where it can; it never breaks a rule for it. No "
            "organisation reviews one that reviews it."
        ),
        choices=REGION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select where the reviewing organisation should come from"),
            "invalid_choice": _("Select one of the choices for the region"),
        },
    )

    def __init__(self, *args, offers, submit_label, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offers = {str(offer.pk): offer for offer in offers}
        self.fields["review_type"].choices = [
            (key, f"{offer.name} ({offer.days_on_site} days on site)")
            for key, offer in self.offers.items()
        ]
        self.helper = form_helper(
            Field.radios("review_type", legend_size=Size.MEDIUM, legend_tag="h2"),
            # Not inline: crispy-forms-gds writes an inline group without the govuk-radios class.
            Field.radios("triads", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.radios("region", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("propose", submit_label),
        )

    def clean_review_type(self):
        return self.offers[self.cleaned_data["review_type"]]
