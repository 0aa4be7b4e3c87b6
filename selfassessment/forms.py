"""Forms for self-assessment: setting a round, a section's question page (self-rating and
evidence, saved as a draft or to continue, with the version seen), submitting, the triads
(moving an authority), and scrutiny (a comment or challenge question; an answer)."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CreateOnceForm, DateField, QuestionForm, form_helper

from .enums import NoteKind, Rating

TEXT_LIMIT = 10000


class RoundForm(CreateOnceForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, Annual self-assessment 2027"),
        error_messages={"required": _("Enter a title")},
    )
    opens_on = DateField(
        what=_("the opening date"), label=_("Opening date"), help_text=_("For example, 1 4 2027")
    )
    deadline = DateField(
        what=_("the deadline"), label=_("Deadline"), help_text=_("For example, 30 6 2027")
    )
    sections = forms.CharField(
        label=_("Sections"),
        help_text=_(
            "One a line: for example the programme's key lines of enquiry, or the inspection "
            "framework's areas. Each authority gives a self-rating and its evidence for each."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_LIMIT,
        error_messages={"required": _("Enter at least one section")},
    )
    avoid_previous_partners = forms.BooleanField(
        label=_("Do not group an authority with one it was grouped with in the last round"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            *self.token_layout(),
            Field.text("title"),
            Field("opens_on"),
            Field("deadline"),
            Field.textarea("sections", label_size=Size.SMALL),
            Field.checkbox("avoid_previous_partners"),
            Button("save", _("Set the round")),
        )

    def clean(self):
        cleaned = super().clean()
        opens_on, deadline = cleaned.get("opens_on"), cleaned.get("deadline")
        if opens_on and deadline and deadline < opens_on:
            self.add_error(
                "deadline", _("The deadline must be the same as or after the opening date")
            )
        return cleaned

    def section_titles(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["sections"].splitlines() if line.strip()]


class AnswerForm(QuestionForm):
    required_to_continue = {
        "rating": _("Select a self-rating"),
        "evidence": _("Enter the evidence you rely on"),
    }

    rating = forms.ChoiceField(
        label=_("Self-rating"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Select a self-rating")},
    )
    evidence = forms.CharField(
        label=_("Evidence you rely on"),
        help_text=_("What shows this: performance, audits, inspection findings, feedback."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"]["seen_version"] = seen_version
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("rating", legend_size=Size.MEDIUM),
            Field.textarea("evidence", label_size=Size.MEDIUM, max_characters=TEXT_LIMIT),
            Field("seen_version"),
            Button("continue", _("Save and continue")),
            Button.secondary("draft", _("Save as draft")),
        )


class SubmitForm(forms.Form):
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, seen_version: int, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"]["seen_version"] = seen_version
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("seen_version"), Button("submit", _("Submit")))


class ProposeForm(forms.Form):
    def __init__(self, *args, label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Button.secondary("propose", label))


class MoveForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Authority"),
        coerce=int,
        error_messages={
            "required": _("Select the authority to move"),
            "invalid_choice": _("Select the authority to move"),
        },
    )
    triad = forms.TypedChoiceField(
        label=_("Move to"),
        coerce=int,
        error_messages={
            "required": _("Select the group to move it to"),
            "invalid_choice": _("Select the group to move it to"),
        },
    )

    def __init__(self, *args, organisations, triads, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("Select an authority"))] + [
            (organisation.pk, organisation.name) for organisation in organisations
        ]
        self.fields["triad"].choices = [("", _("Select a group"))] + [
            (triad.pk, _("Group %(number)s") % {"number": triad.number}) for triad in triads
        ]
        self.helper = form_helper(
            Field.select("organisation"), Field.select("triad"), Button("move", _("Move"))
        )


class ConfirmForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Button("confirm", _("Confirm the triads")))


class NoteForm(CreateOnceForm):
    kind = forms.ChoiceField(
        label=_("Is this a comment or a challenge question?"),
        choices=NoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select comment or challenge question"),
            "invalid_choice": _("Select comment or challenge question"),
        },
    )
    text = forms.CharField(
        label=_("Your comment or question"),
        help_text=_("Name the evidence you looked at. The service sees who asked."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_LIMIT,
        error_messages={"required": _("Enter your comment or question")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            *self.token_layout(),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("text", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Button("save", _("Add to the scrutiny")),
        )


class AnswerQuestionForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        help_text=_("Your triad partners and the programme's coordinators read it."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_LIMIT,
        error_messages={"required": _("Enter your answer")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("answer", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Button("save", _("Save the answer")),
        )
