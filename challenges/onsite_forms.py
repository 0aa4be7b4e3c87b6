"""Forms of the team's on-site pages. What may be chosen (the on-site days, the team's
accepted members, the challenge's lines of enquiry, its evidence) is given by the view; the
services check every answer again."""

import uuid

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.forms import CreateOnceForm, form_helper

from .enums import ActivityKind, FindingKind, SourceType

TEXT_LIMIT = 10000
TIME_FORMATS = ["%H:%M", "%H.%M", "%I:%M%p", "%I.%M%p", "%I%p"]


def _time_field(label, what) -> forms.TimeField:
    message = _("Enter %(what)s as a 24-hour time, like 09:30 or 14:00") % {"what": what}
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        help_text=_("For example, 09:30 or 14:00."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": message, "invalid": message},
    )


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj.reviewer)


class LineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class EvidenceChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(text)s (%(source)s; %(activity)s, %(day)s; %(reviewer)s)") % {
            "text": Truncator(obj.text).chars(160),
            "source": obj.get_source_type_display().lower(),
            "activity": obj.activity.get_kind_display().lower(),
            "day": date_format(obj.activity.day, "j F"),
            "reviewer": obj.author.reviewer,
        }


class ActivityForm(CreateOnceForm):
    kind = forms.ChoiceField(
        label=_("What kind of activity is it?"),
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of activity it is")},
    )
    day = forms.TypedChoiceField(
        label=_("Day"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the day"),
            "invalid_choice": _("Choose one of the on-site days"),
        },
    )
    starts_at = _time_field(_("Start time"), _("the start time"))
    ends_at = _time_field(_("End time"), _("the end time"))
    reviewers = MemberChoice(
        label=_("Reviewers taking part"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one reviewer taking part"),
            "invalid_choice": _("Choose reviewers from the team"),
            "invalid_pk_value": _("Choose reviewers from the team"),
        },
    )
    met_description = forms.CharField(
        label=_("Who was met, or what was read"),
        help_text=_(
            "By role or group, never by name: for example, case managers, police officers on "
            "the joint decision-making panel, or case files of children on out-of-court "
            "disposals. Interviews are confidential and notes non-attributable."
        ),
        max_length=200,
        error_messages={
            "required": _("Say who was met or what was read, by role or group"),
            "max_length": _("Keep it to 200 characters or fewer"),
        },
    )
    met_count = forms.IntegerField(
        label=_("How many"),
        help_text=_("People met, or case files or documents read."),
        min_value=1,
        max_value=9999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter how many, 1 or more"),
            "invalid": _("Enter how many as a whole number, like 4"),
            "min_value": _("Enter how many, 1 or more"),
            "max_value": _("Enter a number below 10000"),
        },
    )

    def __init__(self, *args, days, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        by_iso = {day.isoformat(): day for day in days}
        self.fields["day"].choices = [
            (iso, date_format(day, "l j F Y")) for iso, day in by_iso.items()
        ]
        self.fields["day"].coerce = by_iso.get
        self.fields["reviewers"].queryset = members
        self.helper = form_helper(
            *self.token_layout(),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.radios("day", legend_size=Size.SMALL, small=True),
            Field.text("starts_at", field_width=5),
            Field.text("ends_at", field_width=5),
            Field.checkboxes("reviewers", legend_size=Size.SMALL, small=True),
            Field.text("met_description"),
            Field.text("met_count", field_width=4),
            Button("save", _("Save the activity")),
        )


class EvidenceNoteForm(forms.Form):
    """A reviewer's note. `key` is made when the blank form is shown and sent back with it:
    the service saves each key once, so sending the form twice keeps one note."""

    key = forms.UUIDField(
        widget=forms.HiddenInput,
        initial=uuid.uuid4,
        error_messages={
            "required": _("The note could not be sent. Check it and send it again."),
            "invalid": _("The note could not be sent. Check it and send it again."),
        },
    )
    text = forms.CharField(
        label=_("Evidence"),
        help_text=_(
            "What you saw, heard or read. Never write the name of anyone you met, or anything "
            "that would identify them: notes are non-attributable."
        ),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter the evidence"),
            "max_length": _(
                "Keep the note to %(limit_value)d characters or fewer: split it in two"
            ),
        },
    )
    source_type = forms.ChoiceField(
        label=_("Where did it come from?"),
        choices=SourceType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the evidence came from")},
    )
    line_of_enquiry = LineChoice(
        label=_("Key line of enquiry or golden thread"),
        queryset=None,
        empty_label=_("Choose one"),
        error_messages={
            "required": _("Choose the key line of enquiry or golden thread it speaks to"),
            "invalid_choice": _(
                "Choose one of the challenge's key lines of enquiry or golden threads"
            ),
        },
    )

    def __init__(self, *args, lines, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line_of_enquiry"].queryset = lines
        self.helper = form_helper(
            "key",
            Field.textarea("text", label_size=Size.SMALL, rows=6),
            Field.radios("source_type", legend_size=Size.SMALL, small=True),
            Field.select("line_of_enquiry"),
            Button("save", _("Save the note")),
        )

    def add_error(self, field, error) -> None:
        # The key is hidden: a problem with it is shown for the whole form.
        super().add_error(None if field == "key" else field, error)


class FindingForm(CreateOnceForm):
    kind = forms.ChoiceField(
        label=_("Kind of finding"),
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of finding")},
    )
    line_of_enquiry = LineChoice(
        label=_("Key line of enquiry or golden thread"),
        queryset=None,
        empty_label=_("Choose one"),
        error_messages={
            "required": _("Choose the key line of enquiry or golden thread it answers"),
            "invalid_choice": _(
                "Choose one of the challenge's key lines of enquiry or golden threads"
            ),
        },
    )
    text = forms.CharField(
        label=_("Finding"),
        help_text=_("As it could read in the report: no names, nothing said in confidence."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the finding")},
    )
    evidence = EvidenceChoice(
        label=_("The evidence behind it"),
        help_text=_(
            "A finding is triangulated when its evidence comes from two activities or more and "
            "from two kinds of source or more."
        ),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose evidence recorded for this challenge"),
            "invalid_pk_value": _("Choose evidence recorded for this challenge"),
        },
    )

    def __init__(self, *args, lines, notes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line_of_enquiry"].queryset = lines
        self.fields["evidence"].queryset = notes
        self.helper = form_helper(
            *self.token_layout(),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.select("line_of_enquiry"),
            Field.textarea("text", label_size=Size.SMALL, rows=5),
            Field.checkboxes("evidence", legend_size=Size.SMALL, small=True),
            Button("save", _("Save the finding")),
        )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Which finding does it duplicate?"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the finding to merge it into"),
            "invalid_choice": _("Choose another finding to merge it into"),
        },
    )

    def __init__(self, *args, findings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = findings
        self.fields["into"].label_from_instance = lambda f: (
            _("%(kind)s: %(text)s")
            % {
                "kind": f.get_kind_display(),
                "text": Truncator(f.text).chars(200),
            }
        )
        self.helper = form_helper(
            Field.radios("into", legend_size=Size.SMALL),
            Button.warning("merge", _("Merge the findings")),
        )


class EvidenceFilterForm(forms.Form):
    """The evidence page's filters (a GET form)."""

    line = LineChoice(
        label=_("Key line of enquiry or golden thread"),
        queryset=None,
        required=False,
        empty_label=_("Any"),
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("Any")), *SourceType.choices], required=False
    )
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=None, required=False, empty_label=_("Anyone")
    )

    def __init__(self, *args, lines, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["reviewer"].queryset = members
        self.fields["reviewer"].label_from_instance = lambda m: str(m.reviewer)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    # Read by layout/_filters.html as a FilterSet is.
    @property
    def form(self) -> "EvidenceFilterForm":
        return self

    @property
    def active(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())
