"""Forms for the reviewer pool's pages, laid out with crispy-forms-gds. Forms check what a
person typed and offer only what they may choose; the rules live in services."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, Programme, Region
from core.forms import CreateOnceForm, DateField, form_helper
from offers.enums import EnquiryKind, TeamRole
from offers.models import LineOfEnquiry
from offers.selectors import lines_in_use

from .enums import JobRole, PoolStatus, Qualification
from .qualification import role_labels

TEXT_LIMIT = 2000


def rule_hint(roles: frozenset[str]) -> str:
    """A pool's eligibility rule in words: the job roles that may join it."""
    if not roles:
        return str(_("Open to every job role."))
    return _("Who can join: %(roles)s.") % {"roles": "; ".join(role_labels(roles))}


def _organisation_field(label, required_message, help_text="") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=label,
        help_text=help_text,
        empty_label=_("Choose an organisation"),
        error_messages={
            "required": required_message,
            "invalid_choice": _("Choose an organisation from the list"),
        },
    )


def _organisations(current: Organisation | None = None):
    """Active organisations, and the one already chosen even if it is no longer active."""
    active = Organisation.objects.filter(is_active=True)
    if current is not None:
        active = active | Organisation.objects.filter(pk=current.pk)
    return active.order_by("name")


def _question_select(name: str) -> Field:
    """A select asked as a question among radios: its label as large as their legends."""
    return Field(name, context={"label_size": Size.for_label(Size.MEDIUM), "label_tag": "h2"})


def _job_role_field(label) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=JobRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select a job role"),
            "invalid_choice": _("Select a job role from the list"),
        },
    )


class _ExpertiseField(forms.MultipleChoiceField):
    """Key lines of enquiry as checkboxes, each with its programme as hint; cleans to the
    LineOfEnquiry objects chosen."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            label=_("Areas of expertise (optional)"),
            help_text=_("The key lines of enquiry you know well. Select all that apply."),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Select areas of expertise from the list")},
            **kwargs,
        )
        self.lines: dict[str, LineOfEnquiry] = {}

    def offer(self, lines) -> None:
        self.lines = {str(line.pk): line for line in lines}
        self.choices = [
            Choice(pk, line.name, hint=line.programme.short_name) for pk, line in self.lines.items()
        ]

    def clean(self, value):
        return [self.lines[pk] for pk in super().clean(value)]


def key_lines(*, include=()) -> list[LineOfEnquiry]:
    """Key lines of enquiry of the active programmes (and any already chosen)."""
    lines = lines_in_use(kind=EnquiryKind.KEY_LINE)
    chosen = [line.pk for line in include]
    if chosen:
        lines = lines | LineOfEnquiry.objects.filter(pk__in=chosen).select_related("programme")
    return list(lines.order_by("programme__name", "position", "name"))


# --- The directory ---------------------------------------------------------------------------

REQUESTED = PoolStatus.REQUESTED.value


class DirectoryFilterForm(forms.Form):
    """The directory's filters (a GET form): every one optional, offering only the pools
    the user coordinates and those pools' key lines of enquiry."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        label=_("Pool"),
        required=False,
        empty_label=_("Any pool"),
        error_messages={"invalid_choice": _("Choose a pool from the list")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any status")),
            (REQUESTED, PoolStatus.REQUESTED.label),
            *Qualification.choices,
        ],
        error_messages={"invalid_choice": _("Choose a status from the list")},
    )
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        label=_("Region"),
        required=False,
        empty_label=_("Any region"),
        error_messages={"invalid_choice": _("Choose a region from the list")},
    )
    job_role = forms.ChoiceField(
        label=_("Job role"),
        required=False,
        choices=[("", _("Any job role")), *JobRole.choices],
        error_messages={"invalid_choice": _("Choose a job role from the list")},
    )
    expertise = forms.ModelChoiceField(
        queryset=LineOfEnquiry.objects.none(),
        label=_("Area of expertise"),
        required=False,
        empty_label=_("Any area"),
        error_messages={"invalid_choice": _("Choose an area of expertise from the list")},
    )
    available_from = DateField(
        what=_("the first date they must be available"),
        label=_("From"),
        help_text=_("For example, 14 9 2027"),
        required=False,
        require_all_fields=False,
    )
    available_to = DateField(
        what=_("the last date they must be available"),
        label=_("To"),
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args, programme_ids: set[int] | None, **kwargs) -> None:
        """`programme_ids`: the pools the user coordinates (None for every pool)."""
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.order_by("name")
        lines = LineOfEnquiry.objects.filter(kind=EnquiryKind.KEY_LINE).select_related("programme")
        if programme_ids is not None:
            programmes = programmes.filter(pk__in=programme_ids)
            lines = lines.filter(programme_id__in=programme_ids)
        self.fields["programme"].queryset = programmes
        self.fields["expertise"].queryset = lines.order_by("programme__name", "position", "name")
        self.fields["expertise"].label_from_instance = lambda line: (
            f"{line.name} ({line.programme.short_name})"
        )
        self.helper = form_helper(
            *(
                Field.select(name)
                for name in ("programme", "status", "region", "job_role", "expertise")
            ),
            Fieldset(
                Field("available_from"),
                Field("available_to"),
                legend=_("Available between"),
                legend_size=Size.SMALL,
            ),
        )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("available_from"), cleaned.get("available_to")
        if starts and not ends and "available_to" not in self.errors:
            self.add_error("available_to", _("Enter both dates, or neither"))
        elif ends and not starts and "available_from" not in self.errors:
            self.add_error("available_from", _("Enter both dates, or neither"))
        elif starts and ends and ends < starts:
            self.add_error("available_to", _("The end date must be the same as or after the start"))
        return cleaned

    @property
    def active(self) -> bool:
        return any(self.data.get(name) for name in self.fields) or any(
            self.data.get(f"{name}_{part}")
            for name in ("available_from", "available_to")
            for part in range(3)
        )

    def selection(self) -> dict:
        """The valid filters, as selectors.pool_entries' arguments."""
        data = self.cleaned_data
        status = data.get("status") or ""
        selection = {
            "programme_ids": [data["programme"].pk] if data.get("programme") else None,
            "qualification": status if status in Qualification.values else "",
            "region_id": data["region"].pk if data.get("region") else None,
            "job_role": data.get("job_role") or "",
            "expertise_id": data["expertise"].pk if data.get("expertise") else None,
            "available_from": data.get("available_from"),
            "available_to": data.get("available_to"),
        }
        if status == REQUESTED:
            selection["statuses"] = (PoolStatus.REQUESTED,)
        return selection


# --- Joining and deciding --------------------------------------------------------------------


class JoinForm(forms.Form):
    programme = forms.ChoiceField(
        label=_("Which pool would you like to join?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the pool you would like to join"),
            "invalid_choice": _("Select a pool from the list"),
        },
    )
    organisation = _organisation_field(
        _("Where do you work?"),
        _("Choose the organisation you work for"),
        help_text=_("Your home organisation: you will never be asked to review it."),
    )
    job_role = _job_role_field(_("What is your job role?"))
    needs_training = forms.TypedChoiceField(
        label=_("Do you need reviewer training?"),
        help_text=_(
            "Every peer reviewer is trained before joining a review team. Say no only if you "
            "have already been trained for this programme."
        ),
        choices=[("yes", _("Yes, I need training")), ("no", _("No, I have been trained"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether you need training")},
    )
    expertise = _ExpertiseField()

    def __init__(self, *args, programmes, rules, lines, **kwargs) -> None:
        """`rules`: each programme's qualifying job roles (selectors.qualifying_roles)."""
        super().__init__(*args, **kwargs)
        self.programmes = {str(p.pk): p for p in programmes}
        self.fields["programme"].choices = [
            Choice(pk, programme.name, hint=rule_hint(rules.get(programme.pk, frozenset())))
            for pk, programme in self.programmes.items()
        ]
        self.fields["organisation"].queryset = _organisations(self.initial.get("organisation"))
        self.fields["expertise"].offer(lines)
        self.helper = form_helper(
            Field.radios("programme", legend_size=Size.MEDIUM, legend_tag="h2"),
            _question_select("organisation"),
            Field.radios("job_role", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.radios("needs_training", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.checkboxes("expertise", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Button("join", _("Send the request")),
        )

    def clean_programme(self) -> Programme:
        return self.programmes[self.cleaned_data["programme"]]


DECISIONS = [("accept", _("Accept into the pool")), ("decline", _("Decline the request"))]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether to accept or decline the request"),
            "invalid_choice": _("Select accept or decline"),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed when you decline. The person is sent it by email."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("reason", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Button("decide", _("Send the answer")),
        )


CHANGE_DECISIONS = [
    ("confirm", _("Confirm the change")),
    ("reject", _("Do not confirm the change")),
]


class ChangeDecideForm(forms.Form):
    """A coordinator's answer to a change of a reviewer's home organisation and job role."""

    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=CHANGE_DECISIONS,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether to confirm the change"),
            "invalid_choice": _("Select confirm or do not confirm"),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Needed when you do not confirm the change. The person is sent it by email."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("decision", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("reason", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
            Button("decide", _("Send the answer")),
        )


class LeaveForm(forms.Form):
    """Leaving a pool: the reason, sent to the other side. The service says when it is
    needed (a coordinator recording it must give one)."""

    reason = forms.CharField(
        label=_("Why are you leaving the pool? (optional)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, by_themself: bool, programme: Programme, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        reason = self.fields["reason"]
        if by_themself:
            reason.help_text = _(
                "The %(pool)s coordinators are sent your reason by email with the news."
            ) % {"pool": programme.short_name}
        else:
            reason.label = _("Why are they leaving the pool?")
            reason.help_text = _("The person is sent your reason by email.")
        self.helper = form_helper(
            Field.textarea("reason", label_size=Size.SMALL, max_characters=TEXT_LIMIT),
        )


# --- A reviewer's record ---------------------------------------------------------------------


class ReviewerForm(forms.Form):
    organisation = _organisation_field(_("Home organisation"), _("Choose the home organisation"))
    job_role = _job_role_field(_("Job role"))
    max_reviews_per_cycle = forms.IntegerField(
        label=_("Most reviews in a cycle"),
        help_text=_("How many peer reviews you can take part in during one cycle."),
        min_value=0,
        max_value=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the most reviews in a cycle"),
            "invalid": _("The most reviews in a cycle must be a whole number, like 2"),
            "min_value": _("The most reviews in a cycle cannot be negative"),
            "max_value": _("The most reviews in a cycle must be 12 or fewer"),
        },
    )
    expertise = _ExpertiseField()

    def __init__(self, *args, lines, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(self.initial.get("organisation"))
        self.fields["expertise"].offer(lines)
        self.helper = form_helper(
            _question_select("organisation"),
            Field.radios("job_role", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.text(
                "max_reviews_per_cycle", label_size=Size.MEDIUM, label_tag="h2", field_width=2
            ),
            Field.checkboxes("expertise", legend_size=Size.MEDIUM, legend_tag="h2", small=True),
            Button("save", _("Save changes")),
        )


class AwayForm(CreateOnceForm):
    starts_on = DateField(
        what=_("the first day away"), label=_("From"), help_text=_("For example, 14 9 2027")
    )
    ends_on = DateField(
        what=_("the last day away"), label=_("To"), help_text=_("For example, 28 9 2027")
    )
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("starts_on"),
            Field("ends_on"),
            Field.text("reason"),
            "token",
            Button("add", _("Add dates away")),
        )


class ConflictForm(CreateOnceForm):
    organisation = _organisation_field(
        _("Which organisation?"), _("Choose the organisation you have a conflict with")
    )
    reason = forms.CharField(
        label=_("Why is it a conflict of interest?"),
        help_text=_("For example, a close relative works there."),
        max_length=200,
        error_messages={"required": _("Say why this is a conflict of interest")},
    )
    starts_on = DateField(
        what=_("the date the conflict starts"),
        label=_("From (optional)"),
        help_text=_("For example, 1 4 2026"),
        required=False,
        require_all_fields=False,
    )
    ends_on = DateField(
        what=_("the date the conflict ends"),
        label=_("Until (optional)"),
        help_text=_("Leave empty if it has no end."),
        required=False,
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.helper = form_helper(
            Field.select("organisation"),
            Field.text("reason"),
            Field("starts_on"),
            Field("ends_on"),
            "token",
            Button("declare", _("Declare the conflict")),
        )


class EmployerForm(CreateOnceForm):
    organisation = _organisation_field(
        _("Which organisation did you work for?"), _("Choose the organisation you worked for")
    )
    left_on = DateField(
        what=_("the date you left"),
        label=_("When did you leave?"),
        help_text=_("For example, 31 3 2024"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations()
        self.helper = form_helper(
            Field.select("organisation"),
            Field("left_on"),
            "token",
            Button.secondary("add_employer", _("Add the previous employer")),
        )


class PastReviewForm(CreateOnceForm):
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(),
        label=_("Programme"),
        empty_label=_("Choose a programme"),
        error_messages={
            "required": _("Choose the programme the review was for"),
            "invalid_choice": _("Choose a programme from the list"),
        },
    )
    organisation = _organisation_field(
        _("Service reviewed"), _("Choose the service that was reviewed")
    )
    completed_on = DateField(
        what=_("the date the review was completed"),
        label=_("Date completed"),
        help_text=_("For example, 20 11 2024"),
    )
    role = forms.ChoiceField(
        label=_("Role on the review team"),
        choices=TeamRole.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select their role on the review team"),
            "invalid_choice": _("Select a role from the list"),
        },
    )

    def __init__(self, *args, programmes, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["organisation"].queryset = _organisations()
        self.helper = form_helper(
            Field.select("programme"),
            Field.select("organisation"),
            Field("completed_on"),
            Field.radios("role", legend_size=Size.SMALL),
            "token",
            Button("record", _("Record the review")),
        )
