"""Question pages for applying, and the coordinators' and board's forms, laid out with
crispy-forms-gds. Forms check what a person typed; the rules live in services."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import (
    SAVE_DRAFT,
    CreateOnceForm,
    DateField,
    MoneyField,
    PhoneField,
    QuestionForm,
    RadiosWithReveal,
    form_helper,
)
from offers.enums import DeliveryMode

from .enums import DecisionOutcome, DecisionRoute, SubsidyLevel, SupportingDocumentKind
from .models import BoardMeeting

TEXT_LIMIT = 5000
CONTINUE = _("Save and continue")


def _question_buttons() -> list:
    return [Button("continue", CONTINUE), Button.secondary(SAVE_DRAFT, _("Save as draft"))]


def offer_choices(offers) -> list[Choice]:
    """Each offer as a radio with its programme and defaults in the hint."""
    choices = []
    for offer in offers:
        team = ", ".join(str(place) for place in offer.team_places.all())
        days = ngettext("%(n)d day on site", "%(n)d days on site", offer.days_on_site) % {
            "n": offer.days_on_site
        }
        hint = f"{offer.programme.short_name}. {offer.description} {days}."
        if team:
            hint += " " + _("Team: %(team)s.") % {"team": team}
        if offer.virtual_allowed:
            hint += " " + str(_("Can be run virtually."))
        choices.append(Choice(str(offer.pk), offer.name, hint=hint))
    return choices


class StartForm(CreateOnceForm):
    """The first question: which offer (and for which service, for someone who leads more
    than one). Carries a creation token, so that sending it twice starts one draft."""

    organisation = forms.ChoiceField(
        label=_("Which service is applying?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the service that is applying")},
    )
    review_type = forms.ChoiceField(
        label=_("What would you like to apply for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what you would like to apply for")},
    )

    def __init__(self, *args, organisations, offers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.offers = {str(o.pk): o for o in offers}
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in self.organisations.items()]
        self.fields["review_type"].choices = offer_choices(offers)
        fields = [Field.radios("review_type", legend_size=Size.MEDIUM, legend_tag="h2")]
        if len(self.organisations) > 1:
            fields.insert(0, Field.radios("organisation", legend_size=Size.MEDIUM, legend_tag="h2"))
        else:
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()
            self.initial.setdefault("organisation", next(iter(self.organisations), ""))
        self.helper = form_helper(*fields, "token", Button("continue", _("Start the application")))

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation") or next(iter(self.organisations), "")
        if value not in self.organisations:
            raise forms.ValidationError(_("Select the service that is applying"))
        return self.organisations[value]

    def clean_review_type(self):
        return self.offers[self.cleaned_data["review_type"]]


class OfferForm(forms.Form):
    review_type = forms.ChoiceField(
        label=_("What would you like to apply for?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what you would like to apply for")},
    )

    def __init__(self, *args, offers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offers = {str(o.pk): o for o in offers}
        self.fields["review_type"].choices = offer_choices(offers)
        self.helper = form_helper(
            Field.radios("review_type", legend_size=Size.MEDIUM, legend_tag="h2"),
            *_question_buttons(),
        )

    def clean_review_type(self):
        return self.offers[self.cleaned_data["review_type"]]


class FocusForm(QuestionForm):
    lines_of_enquiry = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which key lines of enquiry should the review look at?"),
        help_text=_("Select all that apply."),
    )
    other_focus = forms.CharField(
        label=_("Anything else the review should focus on (optional)"),
        help_text=_("For example a specific strand of operations, such as out-of-court disposals."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, key_lines, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lines_of_enquiry"].queryset = key_lines
        self.helper = form_helper(
            Field.checkboxes("lines_of_enquiry", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("other_focus", max_characters=TEXT_LIMIT),
            *_question_buttons(),
        )

    def clean(self):
        cleaned = super().clean()
        if (
            not self.saving_draft
            and not cleaned.get("lines_of_enquiry")
            and not (cleaned.get("other_focus") or "").strip()
        ):
            self.add_error(
                "lines_of_enquiry",
                _("Select at least one key line of enquiry, or describe what to focus on"),
            )
        return cleaned


class ContextForm(QuestionForm):
    context = forms.CharField(
        label=_("Describe your service and its context"),
        help_text=_(
            "Your partnership, recent changes, inspection findings and what is working well."
        ),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    reasons = forms.CharField(
        label=_("Why are you applying now?"),
        help_text=_("What you want to learn from the review, and how you will use it."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    required_to_continue = {
        "context": _("Describe your service and its context"),
        "reasons": _("Say why you are applying now"),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("context", label_size=Size.MEDIUM, max_characters=TEXT_LIMIT),
            Field.textarea("reasons", label_size=Size.MEDIUM, max_characters=TEXT_LIMIT),
            *_question_buttons(),
        )


class WindowForm(QuestionForm):
    window_starts_on = DateField(
        what=_("the date the window starts"),
        label=_("Earliest start"),
        help_text=_("For example, 14 9 2027"),
        required=False,
        require_all_fields=False,
    )
    window_ends_on = DateField(
        what=_("the date the window ends"),
        label=_("Latest end"),
        help_text=_("For example, 30 11 2027"),
        required=False,
        require_all_fields=False,
    )
    delivery_mode = forms.ChoiceField(
        label=_("Would you like the review on site or virtual?"),
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    required_to_continue = {
        "window_starts_on": _("Enter the date the window starts"),
        "window_ends_on": _("Enter the date the window ends"),
    }

    def __init__(self, *args, virtual_allowed: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = [
            Fieldset(
                Field("window_starts_on"),
                Field("window_ends_on"),
                legend=_("When would you like the review to take place?"),
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            )
        ]
        if virtual_allowed:
            self.required_to_continue = {
                **self.required_to_continue,
                "delivery_mode": _("Select on site or virtual"),
            }
            fields.append(Field.radios("delivery_mode", legend_size=Size.MEDIUM, legend_tag="h2"))
        else:
            del self.fields["delivery_mode"]
        self.helper = form_helper(*fields, *_question_buttons())

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("window_starts_on"), cleaned.get("window_ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "window_ends_on", _("The end of the window must be the same as or after its start")
            )
        return cleaned


class PublicationForm(QuestionForm):
    publication_consent = forms.TypedChoiceField(
        label=_("May the final report be published?"),
        help_text=_(
            "For this offer the service decides. A published report appears on the "
            "programme's public pages; nothing said in interviews is ever published."
        ),
        choices=[("yes", _("Yes, publish the final report")), ("no", _("No, keep it to us"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    required_to_continue = {
        "publication_consent": _("Select whether the final report may be published")
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("publication_consent", legend_size=Size.MEDIUM, legend_tag="h2"),
            *_question_buttons(),
        )


class ContactForm(QuestionForm):
    contact_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    contact_email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.org")
        },
    )
    contact_phone = PhoneField(label=_("Telephone number (optional)"), required=False)
    required_to_continue = {
        "contact_name": _("Enter the contact's full name"),
        "contact_email": _("Enter the contact's email address"),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("contact_name"),
            Field.text("contact_email"),
            Field.text("contact_phone", field_width=20),
            *_question_buttons(),
        )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is the document?"),
        choices=SupportingDocumentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what the document is")},
    )
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_("PDF, Word, Excel or CSV."),
        error_messages={
            "required": _("Select a file"),
            "empty": _("The selected file is empty"),
        },
    )

    def __init__(self, *args, limit_mb: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, Word, Excel or CSV, smaller than %(size)s MB.") % {
            "size": limit_mb
        }
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field("file"),
            Button.secondary("upload", _("Upload file")),
        )


class ReasonForm(forms.Form):
    """A reason or message that goes with a change of state (withdraw, ask for more)."""

    reason = forms.CharField(
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(
        self,
        *args,
        label,
        button,
        required_message="",
        required: bool = True,
        warning=False,
        **kwargs,
    ):
        """`required_message`: what the error says when a required reason is left out."""
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].required = required
        self.fields["reason"].error_messages["required"] = required_message
        button_class = Button.warning if warning else Button
        self.helper = form_helper(
            Field.textarea("reason", label_size=Size.SMALL), button_class("confirm", button)
        )


class MeetingForm(forms.Form):
    held_on = DateField(
        what=_("the date of the meeting"),
        label=_("Date of the meeting"),
        help_text=_("For example, 12 3 2027"),
    )
    location = forms.CharField(
        label=_("Where (optional)"), help_text=_("A room, or 'Online'."), required=False
    )
    quorum = forms.IntegerField(
        label=_("Quorum"),
        help_text=_("How many board members must be present for decisions to stand."),
        min_value=1,
        max_value=50,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the quorum"),
            "invalid": _("The quorum must be a whole number, like 3"),
            "min_value": _("The quorum must be at least 1"),
            "max_value": _("The quorum must be 50 or fewer"),
        },
    )
    expected_members = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which board members are expected?"),
    )

    def __init__(self, *args, board_members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expected_members"].queryset = board_members
        self.helper = form_helper(
            Field("held_on"),
            Field.text("location"),
            Field.text("quorum", field_width=3),
            Field.checkboxes("expected_members", legend_size=Size.SMALL),
            Button("save", _("Save meeting")),
        )


class MeetingAttendanceForm(forms.Form):
    present_members = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Who was present?"),
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def __init__(self, *args, board_members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present_members"].queryset = board_members
        self.helper = form_helper(
            Field.checkboxes("present_members", legend_size=Size.MEDIUM, legend_tag="h2"),
            Field.textarea("minutes", label_size=Size.MEDIUM),
            Button("save", _("Save attendance and minutes")),
        )


def _application_label(application) -> str:
    return _("%(reference)s, %(service)s: %(offer)s") % {
        "reference": application.reference,
        "service": application.organisation.name,
        "offer": application.review_type.name,
    }


class AgendaAddForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which applications should the board decide at this meeting?"),
        error_messages={"required": _("Select at least one application")},
    )

    def __init__(self, *args, ready, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = ready
        self.fields["applications"].label_from_instance = _application_label
        self.helper = form_helper(
            Field.checkboxes("applications", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("add", _("Add to the agenda")),
        )


class DeclarationForm(forms.Form):
    member = forms.ModelChoiceField(
        queryset=None,
        label=_("Board member"),
        empty_label=_("Choose a board member"),
        error_messages={"required": _("Choose the board member who has an interest")},
    )
    reason = forms.CharField(
        label=_("What is the interest?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the interest")},
    )

    def __init__(self, *args, board_members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = board_members
        self.helper = form_helper(
            Field.select("member"),
            Field.textarea("reason", label_size=Size.SMALL),
            Button("declare", _("Record the declaration")),
        )


# The fields of an approval's allocation: shown under "Approve", ignored for the others.
ALLOCATION = (
    "reviewer_days",
    "funding",
    "subsidy_level",
    "window_starts_on",
    "window_ends_on",
    "override_reason",
)


class DecisionForm(forms.Form):
    """What the board decided: the outcome, its rationale and, only on approval, the
    allocation (revealed under "Approve"; whatever was typed there is ignored otherwise)."""

    outcome = forms.ChoiceField(
        label=_("What has the board decided?"),
        choices=[
            (DecisionOutcome.APPROVED, _("Approve")),
            (DecisionOutcome.DECLINED, _("Decline")),
            (DecisionOutcome.DEFERRED, _("Defer to a later meeting")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the board's decision")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        help_text=_("Needed when the board declines or defers. The service will read it."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    reviewer_days = forms.IntegerField(
        label=_("Reviewer-days allocated"),
        min_value=0,
        max_value=1000,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Reviewer-days must be a whole number, like 18"),
            "min_value": _("Reviewer-days cannot be negative"),
            "max_value": _("Reviewer-days must be 1000 or fewer"),
        },
    )
    funding = MoneyField(label=_("Funding allocated (£)"), required=False)
    subsidy_level = forms.ChoiceField(
        label=_("Subsidy level"),
        choices=SubsidyLevel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    window_starts_on = DateField(
        what=_("the date the agreed window starts"),
        label=_("Agreed window starts"),
        required=False,
        require_all_fields=False,
    )
    window_ends_on = DateField(
        what=_("the date the agreed window ends"),
        label=_("Agreed window ends"),
        required=False,
        require_all_fields=False,
    )
    override_reason = forms.CharField(
        label=_("If this goes beyond the cycle's capacity, why approve it anyway?"),
        help_text=_("Only needed when the cycle has not enough funding or reviewer-days left."),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    button = _("Record the decision")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.layout(), Button("decide", self.button))

    def layout(self) -> list:
        return self.decision_layout()

    def decision_layout(self) -> list:
        return [
            RadiosWithReveal(
                "outcome",
                reveal={
                    DecisionOutcome.APPROVED: [
                        Field.text("reviewer_days", field_width=4),
                        Field.text("funding", field_width=10),
                        Field.radios("subsidy_level", legend_size=Size.SMALL, small=True),
                        Field("window_starts_on"),
                        Field("window_ends_on"),
                        Field.textarea("override_reason", label_size=Size.SMALL),
                    ]
                },
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Field.textarea("rationale", label_size=Size.SMALL),
        ]

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        if outcome and outcome != DecisionOutcome.APPROVED:
            # An allocation belongs to an approval: what was typed for one is dropped.
            for name in ALLOCATION:
                self._errors.pop(name, None)
                cleaned[name] = "" if name in ("subsidy_level", "override_reason") else None
        return cleaned


def _member_choices(field: forms.ModelMultipleChoiceField, members) -> None:
    field.queryset = members
    field.label_from_instance = str


class AgreementForm(forms.Form):
    """How the board agreed something (a decision between meetings, or a change to one): at
    one of its meetings, by chair's action or by written procedure. Only the routes it may
    use are offered; a written procedure names the members who agreed in writing."""

    route = forms.ChoiceField(
        label=_("How did the board agree this?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the board agreed this")},
    )
    meeting = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("At which meeting?"),
        empty_label=_("Choose a meeting"),
    )
    written_agreement = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which members agreed in writing?"),
        help_text=_("Members with an interest in the application take no part."),
    )

    def __init__(self, *args, routes, meetings=None, members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [(route.value, route.label) for route in routes]
        if len(routes) == 1:
            self.initial.setdefault("route", routes[0].value)
        self.fields["meeting"].queryset = (
            meetings if meetings is not None else BoardMeeting.objects.none()
        )
        self.fields["meeting"].label_from_instance = lambda meeting: date_format(
            meeting.held_on, "j F Y"
        )
        _member_choices(self.fields["written_agreement"], members)

    def agreement_layout(self) -> RadiosWithReveal:
        return RadiosWithReveal(
            "route",
            reveal={
                DecisionRoute.MEETING: [Field.select("meeting")],
                DecisionRoute.WRITTEN_PROCEDURE: [
                    Field.checkboxes("written_agreement", legend_size=Size.SMALL, small=True)
                ],
            },
            legend_size=Size.MEDIUM,
            legend_tag="h2",
        )

    def clean(self):
        cleaned = super().clean()
        route = cleaned.get("route")
        if route == DecisionRoute.MEETING:
            if cleaned.get("meeting") is None and "meeting" not in self._errors:
                self.add_error("meeting", _("Choose the meeting that agreed it"))
        else:
            self._errors.pop("meeting", None)
            cleaned["meeting"] = None
        if route == DecisionRoute.WRITTEN_PROCEDURE:
            if not cleaned.get("written_agreement") and "written_agreement" not in self._errors:
                self.add_error("written_agreement", _("Select the members who agreed in writing"))
        else:
            self._errors.pop("written_agreement", None)
            cleaned["written_agreement"] = []
        return cleaned


class BetweenMeetingsForm(AgreementForm, DecisionForm):
    """A decision taken before the item's meeting: by which route, why it could not wait,
    and what the board decided."""

    route_reason = forms.CharField(
        label=_("Why can this not wait for the meeting?"),
        help_text=_("The service will read this, with the decision."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the decision cannot wait for a meeting")},
    )

    # In the order the page shows them, which the error summary follows.
    field_order = ("route", "meeting", "written_agreement", "route_reason", "outcome")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].label = _("How is the board deciding?")

    def layout(self) -> list:
        return [
            self.agreement_layout(),
            Field.textarea("route_reason", label_size=Size.SMALL),
            *self.decision_layout(),
        ]


class DecisionAmendForm(AgreementForm, DecisionForm):
    """A change to a decision: why, how the board agreed it, and the decision as it is now."""

    reason = forms.CharField(
        label=_("Why is the decision changing?"),
        help_text=_("The service will read this."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the decision changes")},
    )
    button = _("Amend the decision")
    # In the order the page shows them, which the error summary follows.
    field_order = (*DecisionForm.base_fields, "reason", "route", "meeting", "written_agreement")

    def layout(self) -> list:
        return [
            *self.decision_layout(),
            Field.textarea("reason", label_size=Size.SMALL),
            self.agreement_layout(),
        ]


class DecisionRescindForm(AgreementForm):
    field_order = ("reason", "route", "meeting", "written_agreement")
    reason = forms.CharField(
        label=_("Why is the board rescinding its decision?"),
        help_text=_("The service will read this."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the decision is rescinded")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("reason", label_size=Size.SMALL),
            self.agreement_layout(),
            Button.warning("rescind", _("Rescind the decision")),
        )


class BoardTermsForm(forms.Form):
    quorum = forms.IntegerField(
        label=_("Quorum"),
        help_text=_(
            "How many board members without an interest in an application must take part for "
            "its decision to stand. New meetings start with this quorum, and a written "
            "procedure needs this many members to agree."
        ),
        min_value=1,
        max_value=50,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the quorum"),
            "invalid": _("The quorum must be a whole number, like 3"),
            "min_value": _("The quorum must be at least 1"),
            "max_value": _("The quorum must be 50 or fewer"),
        },
    )
    routes = forms.MultipleChoiceField(
        label=_("How may the board decide between meetings?"),
        help_text=_(
            "Only if its terms of reference allow it, and only on applications already on an "
            "agenda. Leave both unticked for decisions at meetings only."
        ),
        choices=[
            (
                DecisionRoute.CHAIRS_ACTION.value,
                _("Chair's action: the chair decides alone, and says why it could not wait"),
            ),
            (
                DecisionRoute.WRITTEN_PROCEDURE.value,
                _(
                    "Written procedure: a quorum of members agree in writing, and a board "
                    "member records it"
                ),
            ),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    chair = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Chair of the board"),
        help_text=_("Needed for chair's action."),
        empty_label=_("No chair named"),
    )

    def __init__(self, *args, board_members, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = board_members
        self.fields["chair"].label_from_instance = str
        self.helper = form_helper(
            Field.text("quorum", field_width=3),
            Field.checkboxes("routes", legend_size=Size.SMALL),
            Field.select("chair"),
            Button("save", _("Save the terms of reference")),
        )


class BatchDecisionForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        label=_("Which applications does this decision cover?"),
        error_messages={"required": _("Select at least one application")},
    )
    outcome = DecisionForm.base_fields["outcome"]
    rationale = DecisionForm.base_fields["rationale"]
    subsidy_level = DecisionForm.base_fields["subsidy_level"]
    override_reason = DecisionForm.base_fields["override_reason"]

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["items"].label_from_instance = lambda item: _application_label(item.application)
        self.helper = form_helper(
            Field.checkboxes("items", legend_size=Size.MEDIUM, legend_tag="h2"),
            RadiosWithReveal(
                "outcome",
                reveal={
                    DecisionOutcome.APPROVED: [
                        Field.radios("subsidy_level", legend_size=Size.SMALL, small=True),
                        Field.textarea("override_reason", label_size=Size.SMALL),
                    ]
                },
                legend_size=Size.MEDIUM,
                legend_tag="h2",
            ),
            Field.textarea("rationale", label_size=Size.SMALL),
            Button("decide", _("Record the decisions")),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") not in (None, DecisionOutcome.APPROVED):
            cleaned["subsidy_level"] = cleaned["override_reason"] = ""
        return cleaned
