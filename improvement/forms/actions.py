"""Forms for actions and progress updates: a progress update (and its correction), changing an
action, adding one, signing one off and sending one back. Each carries the version of the item
the person saw (`seen_version`); the rules live in services and item_services."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, form_helper

from ..enums import ActionStatus, Rag
from .common import TEXT_LIMIT


class ProgressUpdateForm(forms.Form):
    """A dated narrative with a RAG rating, on an action or a recommendation as a whole."""

    rag = forms.ChoiceField(
        label=_("RAG rating"),
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select red, amber or green"),
            "invalid_choice": _("Select red, amber or green"),
        },
    )
    narrative = forms.CharField(
        label=_("Progress"),
        help_text=_("What has been done, what is next, and anything holding it up."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the progress")},
    )
    recorded_on = DateField(
        what=_("the date of the update"),
        label=_("As at"),
        help_text=_("For example, 27 3 2026"),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("recorded_on", timezone.localdate())
        kwargs["initial"]["seen_version"] = seen_version
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("rag", legend_size=Size.SMALL),
            Field.textarea("narrative", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Field("recorded_on"),
            Field("seen_version"),
            Button("add_update", _("Add the update")),
        )

    def clean_recorded_on(self):
        recorded_on = self.cleaned_data["recorded_on"]
        if recorded_on and recorded_on > timezone.localdate():
            raise forms.ValidationError(_("The date of the update must be today or in the past"))
        return recorded_on


class ActionForm(forms.Form):
    """An action's details and status. Sign-off is a status, separate from RAG, and not the
    service's: it marks the action complete, saying what shows it, and the improvement board
    or the programme's coordinator signs it off. Once signed off, its status is not offered
    here (only they can reopen it)."""

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
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in ActionStatus.choices
            if value != ActionStatus.SIGNED_OFF
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the action's status"),
            "invalid_choice": _("Select the action's status"),
        },
    )
    note = forms.CharField(
        label=_("If you mark it complete: what has been done, and what shows it"),
        help_text=_(
            "Needed to mark the action complete. The improvement board or the programme's "
            "coordinator reads this before signing it off."
        ),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int, status: str, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"]["seen_version"] = seen_version
        super().__init__(*args, **kwargs)
        if status == ActionStatus.SIGNED_OFF:
            del self.fields["status"], self.fields["note"]
            status_fields = []
        elif status == ActionStatus.AWAITING_SIGN_OFF:
            # Already proposed: the note went with that; the service can still take it back.
            del self.fields["note"]
            status_fields = [Field.radios("status", legend_size=Size.SMALL)]
        else:
            # After the status, not revealed under its choice: govuk-frontend's conditional
            # reveal sets aria-expanded on a radio, which WCAG checks (axe) refuse.
            status_fields = [
                Field.radios("status", legend_size=Size.SMALL),
                Field.textarea("note", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            ]
        self.helper = form_helper(
            Field.textarea("text", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Field.text("lead_officer"),
            Field.text("agency"),
            Field("due_on"),
            *status_fields,
            Field("seen_version"),
            Button("save", _("Save changes")),
        )


class SignOffForm(forms.Form):
    """Signing off an action the service has marked complete, with an optional note."""

    note = forms.CharField(
        label=_("Note for the record (optional)"),
        help_text=_("For example, the board meeting that agreed it."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"]["seen_version"] = seen_version
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("note", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Field("seen_version"),
            Button("sign_off", _("Sign off the action")),
        )


class SendBackForm(forms.Form):
    """Sending back an action awaiting sign-off, or reopening one signed off: why."""

    reason = forms.CharField(
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the action is sent back")},
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int, reopening: bool, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"]["seen_version"] = seen_version
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        if reopening:
            reason.label = _("Why is the action reopened?")
            reason.error_messages["required"] = _("Say why the action is reopened")
            button = _("Reopen the action")
        else:
            reason.label = _("Why is the action sent back?")
            button = _("Send the action back")
        reason.help_text = _("The service reads this: say what it still needs to do or show.")
        self.helper = form_helper(
            Field.textarea("reason", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Field("seen_version"),
            Button.warning("send_back", button),
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
