"""Forms of the challenge pages. What a choice may be (a reviewer of the programme's pool, a
place the team has) is given by the view; whether a choice breaks a hard rule is the rule
engine's answer, through the service."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from applications.forms import TEXT_LIMIT
from core.forms import CreateOnceForm, DateField, RadiosWithReveal, form_helper
from offers.enums import DeliveryMode, TeamRole


class CreateForm(CreateOnceForm):
    """Turn an approved application into a challenge: one button, carrying the token."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.token_layout(), Button("create", _("Create the challenge")))


class DatesForm(forms.Form):
    starts_on = DateField(
        what=_("the first on-site day"),
        label=_("First on-site day"),
        help_text=_("A weekday, for example 9 3 2027."),
    )
    delivery_mode = forms.ChoiceField(
        label=_("How will the team work with the service?"),
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose on site or virtual")},
    )

    def __init__(self, *args, virtual_allowed: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = [Field("starts_on")]
        if virtual_allowed:
            fields.append(Field.radios("delivery_mode", legend_size=Size.SMALL, inline=True))
        else:
            self.fields["delivery_mode"].required = False
            self.fields["delivery_mode"].widget = forms.HiddenInput()
        self.helper = form_helper(*fields, Button("save", _("Save the dates")))


class MemberForm(forms.Form):
    """Invite someone to a place on the team."""

    reviewer = forms.TypedChoiceField(
        label=_("Reviewer"),
        coerce=int,
        error_messages={
            "required": _("Choose a reviewer"),
            "invalid_choice": _("Choose a reviewer from the programme's pool"),
        },
    )
    role = forms.ChoiceField(
        label=_("Place on the team"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a place on the team"),
            "invalid_choice": _("Choose one of the team's places"),
        },
    )

    def __init__(self, *args, reviewers: list[tuple[int, str]], roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", _("Choose a reviewer")), *reviewers]
        self.fields["role"].choices = [(role, TeamRole(role).label) for role in roles]
        self.helper = form_helper(
            Field("reviewer"),
            Field.radios("role", legend_size=Size.SMALL, small=True),
            Button("invite", _("Check and invite")),
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, label, button, required_message, warning=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
        button_class = Button.warning if warning else Button
        self.helper = form_helper(
            Field.textarea("reason", label_size=Size.SMALL), button_class("confirm", button)
        )


class AnswerForm(forms.Form):
    """A reviewer's answer to an invitation."""

    ACCEPT, DECLINE = "accept", "decline"
    answer = forms.ChoiceField(
        label=_("Can you take this place?"),
        choices=[(ACCEPT, _("Yes, I accept the place")), (DECLINE, _("No, I decline"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether you accept the place")},
    )
    reason = forms.CharField(
        label=_("Why can you not take the place?"),
        help_text=_("The coordinator sees this. The matcher will not propose you again for it."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            RadiosWithReveal(
                "answer",
                reveal={self.DECLINE: [Field.textarea("reason", label_size=Size.SMALL)]},
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Button("send", _("Send my answer")),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why you cannot take the place"))
        return cleaned


class MilestoneForm(CreateOnceForm):
    """Change a milestone (or, with `creating`, add one of your own)."""

    name = forms.CharField(
        label=_("Milestone"),
        max_length=150,
        required=False,
        error_messages={"max_length": _("The name must be 150 characters or fewer")},
    )
    due_on = DateField(what=_("the due date"), label=_("Due"), help_text=_("For example 9 3 2027."))
    owner = forms.TypedChoiceField(
        label=_("Owner"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose someone from the list")},
    )
    done_on = DateField(
        what=_("the date it was done"),
        label=_("Done on (optional)"),
        help_text=_("Leave empty while it is still to do."),
        required=False,
    )

    def __init__(self, *args, owners, party_label, named: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", party_label), *owners]
        self.fields["owner"].help_text = _(
            "Reminders go to the owner; with nobody chosen, to %(party)s."
        ) % {"party": str(party_label)[:1].lower() + str(party_label)[1:]}
        fields = [*self.token_layout()]
        if named:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _("Enter the milestone's name")
            fields.append(Field.text("name"))
        else:
            del self.fields["name"]
        fields += [Field("due_on"), Field("owner")]
        if "token" in self.fields:
            del self.fields["done_on"]
        else:
            fields.append(Field("done_on"))
        self.helper = form_helper(*fields, Button("save", _("Save")))


class NotesForm(forms.Form):
    notes_for_service = forms.CharField(
        label=_("What is asked of the service"),
        help_text=_(
            "For example, the documents to send before the visit, the rooms and people to "
            "arrange, and who their contact on the team is. The service sees this with the "
            "dates, the team and its milestones."
        ),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("notes_for_service", label_size=Size.SMALL), Button("save", _("Save"))
        )
