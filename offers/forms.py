"""The forms of a programme's set-up pages, laid out with crispy-forms-gds: an offer with its
team composition (a formset, one fieldset a place), a key line of enquiry or golden thread,
and a cycle. Forms check what a person typed; the rules live in services."""

from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CreateOnceForm, DateField, MoneyField, form_helper

from .enums import EnquiryKind, PublicationRule, TeamRequirement, TeamRole
from .services import Place

# The name of the button that adds a blank place to the team, saving nothing.
ADD_PLACE = "add_place"


def _yes_no(label, yes, no, required_message) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def _whole_number(label, *, what, example, low, high, **kwargs) -> forms.IntegerField:
    """A whole number in a text input; `what` names it in messages ("The number of days")."""
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter %(what)s") % {"what": str(what).lower()},
            "invalid": _("%(what)s must be a whole number, like %(example)d")
            % {"what": what, "example": example},
            "min_value": _("%(what)s must be %(low)d or more") % {"what": what, "low": low},
            "max_value": _("%(what)s must be %(high)d or fewer") % {"what": what, "high": high},
        },
        **kwargs,
    )


def _position() -> forms.IntegerField:
    return _whole_number(
        _("Position in lists"),
        what=_("The position"),
        example=3,
        low=0,
        high=999,
        help_text=_("Lists show the lowest number first; equal numbers go in name order."),
    )


def _seen() -> forms.CharField:
    # When the row was last changed as the person opened it (services.edit_token).
    return forms.CharField(widget=forms.HiddenInput, required=False)


def _open(value: bool) -> str:
    return "yes" if value else "no"


class OfferForm(CreateOnceForm):
    """An offer's defaults: what a service can ask for, and what one review of it costs."""

    name = forms.CharField(
        label=_("Name"),
        help_text=_("What services see when they apply, for example Full peer review."),
        max_length=120,
        error_messages={
            "required": _("Enter the name of the offer"),
            "max_length": _("The name must be 120 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description"),
        help_text=_("What the service gets, in plain words. Services read it when they apply."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter a description of the offer"),
            "max_length": _("The description must be 5000 characters or fewer"),
        },
    )
    days_on_site = _whole_number(
        _("Days on site"), what=_("The number of days on site"), example=3, low=1, high=10
    )
    virtual_allowed = _yes_no(
        _("Can the review be run virtually?"),
        _("Yes, on site or virtually"),
        _("No, on site only"),
        _("Select whether the review can be run virtually"),
    )
    reviewer_days = _whole_number(
        _("Reviewer-days"),
        what=_("The number of reviewer-days"),
        example=16,
        low=1,
        high=1000,
        help_text=_("Reviewer-days one review of this kind uses, preparation included."),
    )
    funding = MoneyField(
        label=_("Funding per review (£)"),
        help_text=_("What one review costs the programme. Enter 0 if it pays for none."),
        error_messages={"required": _("Enter the funding per review, or 0")},
    )
    publication_rule = forms.ChoiceField(
        label=_("Publication of the report"),
        choices=PublicationRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how the report is published")},
    )
    position = _position()
    is_active = _yes_no(
        _("Is the offer open to applications?"),
        _("Yes, services can apply for it"),
        _("No, it is closed to applications"),
        _("Select whether the offer is open to applications"),
    )
    seen = _seen()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name"),
            Field.textarea("description"),
            Field.text("days_on_site", field_width=2),
            Field.radios("virtual_allowed", legend_size=Size.SMALL, small=True),
            Field.text("reviewer_days", field_width=4),
            Field.text("funding", field_width=10),
            Field.radios("publication_rule", legend_size=Size.SMALL, small=True),
            Field.text("position", field_width=3),
            Field.radios("is_active", legend_size=Size.SMALL, small=True),
            Field("seen"),
            *self.token_layout(),
        )

    @staticmethod
    def initial_for(offer) -> dict:
        if offer.pk is None:
            return {"position": 0, "is_active": "yes", "virtual_allowed": "no"}
        return {
            "name": offer.name,
            "description": offer.description,
            "days_on_site": offer.days_on_site,
            "virtual_allowed": _open(offer.virtual_allowed),
            "reviewer_days": offer.reviewer_days,
            "funding": offer.funding,
            "publication_rule": offer.publication_rule,
            "position": offer.position,
            "is_active": _open(offer.is_active),
        }


class TeamPlaceForm(forms.Form):
    """One line of the team: so many people in a role, each meeting a requirement."""

    role = forms.ChoiceField(
        label=_("Role on the team"),
        choices=[("", _("Choose a role")), *TeamRole.choices],
        error_messages={"required": _("Select the role on the team")},
    )
    count = _whole_number(
        _("How many people"), what=_("The number of people"), example=2, low=1, high=20
    )
    requirement = forms.ChoiceField(
        label=_("What each person must be"),
        choices=TeamRequirement.choices,
        initial=TeamRequirement.NONE,
        error_messages={"required": _("Select what each person must be")},
    )


class BaseTeamFormSet(forms.BaseFormSet):
    """The team composition: existing places, then blank ones to fill. A blank place is left
    out; a place can be removed; each role and requirement can be in the team once."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        number = (index if index is not None else 0) + 1
        # Messages that say which place they are about: the summary lists them all together.
        form.number = number
        form.fields["role"].error_messages = {
            "required": _("Select the role of place %(number)d") % {"number": number},
            "invalid_choice": _("Select the role of place %(number)d") % {"number": number},
        }
        form.fields["count"] = _whole_number(
            _("How many people"),
            what=_("The number of people in place %(number)d") % {"number": number},
            example=2,
            low=1,
            high=20,
        )
        fields = [
            Field.select("role"),
            Field.text("count", field_width=2),
            Field.select("requirement"),
        ]
        # Only a place already on the page can be removed (can_delete_extra is off).
        if "DELETE" in form.fields:
            form.fields["DELETE"] = forms.BooleanField(
                label=_("Remove this place from the team"), required=False
            )
            fields.append(Field.checkbox("DELETE", small=True))
        form.helper = form_helper(
            Fieldset(
                *fields,
                legend=_("Place %(number)d") % {"number": number},
                legend_size=Size.SMALL,
            )
        )

    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.kept():
            key = (form.cleaned_data["role"], form.cleaned_data["requirement"])
            if key in seen:
                form.add_error(
                    "role",
                    _(
                        "Place %(number)d has the same role and requirement as another place: "
                        "change one, or remove it"
                    )
                    % {"number": form.number},
                )
            seen.add(key)
        if not seen:
            raise forms.ValidationError(_("Add at least one place to the team"))

    def kept(self) -> list[forms.Form]:
        """The places filled in and not removed."""
        return [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def places(self) -> list[Place]:
        return [
            Place(
                role=form.cleaned_data["role"],
                count=form.cleaned_data["count"],
                requirement=form.cleaned_data["requirement"],
            )
            for form in self.kept()
        ]


TeamFormSet = forms.formset_factory(
    TeamPlaceForm,
    formset=BaseTeamFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=20,
    absolute_max=40,
)
PLACES = "places"


def team_formset(data, *, offer) -> BaseTeamFormSet:
    """The offer's places and a blank place to fill; bound to `data` when it was sent."""
    initial = [
        {"role": place.role, "count": place.count, "requirement": place.requirement}
        for place in (offer.team_places.all() if offer.pk else [])
    ]
    return TeamFormSet(data, initial=initial, prefix=PLACES)


def team_formset_with_another(data) -> BaseTeamFormSet:
    """The places as the person sent them, with one more blank place, to fill in before
    saving: unbound, so that nothing is checked until they save."""
    sent = TeamFormSet(data, prefix=PLACES)
    filled, blanks = [], 1
    for form in sent.forms:
        if form.has_changed():
            filled.append({name: form[name].value() for name in form.fields})
        else:
            blanks += 1
    formset = TeamFormSet(initial=filled, prefix=PLACES)
    formset.extra = blanks
    return formset


def as_sent(form_class: type[forms.Form], data) -> dict:
    """What the person typed into a form, as the initial values of an unbound copy of it."""
    return {name: data.get(name) for name in form_class.base_fields if name in data}


class LineForm(CreateOnceForm):
    """A key line of enquiry a service can choose, or a golden thread every review covers."""

    kind = forms.ChoiceField(
        label=_("What is it?"),
        choices=EnquiryKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether it is a key line of enquiry or a golden thread")
        },
    )
    name = forms.CharField(
        label=_("Name"),
        help_text=_("For example, Governance and leadership."),
        max_length=200,
        error_messages={
            "required": _("Enter the name"),
            "max_length": _("The name must be 200 characters or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        help_text=_("What the review looks at, in a sentence or two."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("The description must be 2000 characters or fewer")},
    )
    position = _position()
    is_active = _yes_no(
        _("Is it in use?"),
        _("Yes, it is offered"),
        _("No, it is no longer offered"),
        _("Select whether it is in use"),
    )
    seen = _seen()

    def __init__(self, *args, button, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("name"),
            Field.textarea("description"),
            Field.text("position", field_width=3),
            Field.radios("is_active", legend_size=Size.SMALL, small=True),
            Field("seen"),
            *self.token_layout(),
            Button("save", button),
        )

    @staticmethod
    def initial_for(line) -> dict:
        if line.pk is None:
            return {"kind": line.kind or None, "position": 0, "is_active": "yes"}
        return {
            "kind": line.kind,
            "name": line.name,
            "description": line.description,
            "position": line.position,
            "is_active": _open(line.is_active),
        }


class CycleForm(CreateOnceForm):
    """A programme period with what it has to spend: funding and reviewer-days."""

    name = forms.CharField(
        label=_("Name"),
        help_text=_("For example, 2027 to 2028."),
        max_length=100,
        error_messages={
            "required": _("Enter the name of the cycle"),
            "max_length": _("The name must be 100 characters or fewer"),
        },
    )
    starts_on = DateField(
        what=_("the start date"), label=_("Start date"), help_text=_("For example, 1 4 2027")
    )
    ends_on = DateField(
        what=_("the end date"), label=_("End date"), help_text=_("For example, 31 3 2028")
    )
    funding = MoneyField(
        label=_("Funding available (£)"),
        help_text=_("What the programme can spend on reviews in the cycle. Enter 0 if none."),
        error_messages={"required": _("Enter the funding available, or 0")},
    )
    reviewer_days = _whole_number(
        _("Reviewer-days available"),
        what=_("The number of reviewer-days"),
        example=240,
        low=0,
        high=100000,
        help_text=_("The reviewers' time the programme can call on in the cycle."),
    )
    is_open = _yes_no(
        _("Is the cycle open for applications?"),
        _("Yes, services can ask for a review window in it"),
        _("No, it is closed for applications"),
        _("Select whether the cycle is open for applications"),
    )
    seen = _seen()

    def __init__(self, *args, button, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("name", field_width=20),
            Field("starts_on"),
            Field("ends_on"),
            Field.text("funding", field_width=10),
            Field.text("reviewer_days", field_width=5),
            Field.radios("is_open", legend_size=Size.SMALL, small=True),
            Field("seen"),
            *self.token_layout(),
            Button("save", button),
        )

    @staticmethod
    def initial_for(cycle) -> dict:
        if cycle.pk is None:
            return {"is_open": "yes"}
        return {
            "name": cycle.name,
            "starts_on": cycle.starts_on,
            "ends_on": cycle.ends_on,
            "funding": cycle.funding,
            "reviewer_days": cycle.reviewer_days,
            "is_open": _open(cycle.is_open),
        }
