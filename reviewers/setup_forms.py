"""Forms for setting up a programme's reviewer pool (its eligibility rules), laid out with
crispy-forms-gds. They offer only what may be chosen; the rules live in services."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CreateOnceForm, form_helper

from .enums import JobRole


class EligibilityRuleForm(CreateOnceForm):
    """One job role that can join the pool, with a note on what it means for this programme.
    Offers the job roles that do not qualify yet (and, when changing a rule, its own)."""

    job_role = forms.ChoiceField(
        label=_("Job role"),
        help_text=_("People in this job role will be eligible for the pool."),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a job role"),
            "invalid_choice": _("Select a job role from the list"),
        },
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_(
            "What the job role means for this pool. For example, a current post, or line "
            "managed directly by the head of service."
        ),
        max_length=200,
        required=False,
        error_messages={"max_length": _("The note must be 200 characters or fewer")},
    )

    def __init__(self, *args, offered: list[str], button, **kwargs) -> None:
        """`offered`: the job roles that may be chosen (values of JobRole)."""
        super().__init__(*args, **kwargs)
        self.fields["job_role"].choices = [
            (value, label) for value, label in JobRole.choices if value in offered
        ]
        self.helper = form_helper(
            Field.radios("job_role", legend_size=Size.SMALL),
            Field.text("note"),
            *self.token_layout(),
            Button("save", button),
        )
