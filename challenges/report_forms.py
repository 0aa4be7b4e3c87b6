"""Forms of the report's pages. The services check every answer again."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import form_helper

TEXT_LIMIT = 50000
HINTS = {
    "summary": _(
        "The team's overall view in a few paragraphs: it opens the report. It must be written "
        "before the final report is signed off."
    ),
    "methodology": _(
        "Made from the on-site activities. Describe people by role or group, never by name."
    ),
}


class ReportEditForm(forms.Form):
    """One textarea per section of the version the lead opened, and the version's number, so a
    save based on an older version is refused rather than overwriting a newer one."""

    seen_number = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("What changed (optional)"),
        help_text=_("For example, answered the service's comments on the context."),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Keep it to 300 characters or fewer")},
    )

    def __init__(self, *args, sections: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.section_keys = []
        layout = [Field("seen_number")]
        for section in sections:
            name = f"section_{section['key']}"
            self.section_keys.append((name, section["key"]))
            self.fields[name] = forms.CharField(
                label=section["heading"],
                required=False,
                max_length=TEXT_LIMIT,
                initial=section["text"],
                help_text=HINTS.get(section["key"], ""),
                widget=forms.Textarea,
                error_messages={"max_length": _("Keep the section to 50,000 characters or fewer")},
            )
            layout.append(Field.textarea(name, label_size=Size.MEDIUM, rows=10))
        layout += [Field.text("note"), Button("save", _("Save a new version"))]
        self.helper = form_helper(*layout)

    def sections_text(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(name, "") for name, key in self.section_keys}


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label=_("Which section is it about?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the section your comment is about"),
            "invalid_choice": _("Choose a section of the report"),
        },
    )
    text = forms.CharField(
        label=_("Your comment on its factual accuracy"),
        help_text=_("Say what is not accurate and what would be."),
        widget=forms.Textarea,
        max_length=10000,
        error_messages={
            "required": _("Enter your comment"),
            "max_length": _("Keep it to 10,000 characters or fewer"),
        },
    )

    def __init__(self, *args, sections: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(s["key"], s["heading"]) for s in sections]
        self.helper = form_helper(
            Field.radios("section", legend_size=Size.SMALL, small=True),
            Field.textarea("text", label_size=Size.SMALL, rows=6),
            Button("save", _("Send the comment")),
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        help_text=_("Say whether the report is changed and how, or why it stays as it is."),
        widget=forms.Textarea,
        max_length=10000,
        error_messages={
            "required": _("Enter your answer"),
            "max_length": _("Keep it to 10,000 characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("answer", label_size=Size.SMALL, rows=5),
            Button("save", _("Save the answer")),
        )


class TermForm(forms.Form):
    term = forms.CharField(
        label=_("Add a word or phrase that identifies someone"),
        help_text=_(
            "For example, a name, a nickname or a unique job title. The report cannot be "
            "published while its text contains one."
        ),
        max_length=200,
        error_messages={
            "required": _("Enter the word or phrase"),
            "max_length": _("Keep it to 200 characters or fewer"),
        },
    )


class CompareForm(forms.Form):
    older = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    newer = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, str(n)) for n in numbers]
        for name in ("older", "newer"):
            self.fields[name].choices = choices
            self.fields[name].error_messages["invalid_choice"] = _("Choose a saved version")
            self.fields[name].error_messages["required"] = _("Choose two versions")
