"""The forms of the programme set-up pages: a programme's details, giving someone a role, a
person's details, and member organisations. They check what was typed; services keep the
rules (who may give which role, unique names)."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CreateOnceForm, PhoneField, form_helper

from .enums import OrganisationKind, ProgrammeScope, Role
from .forms import _email_address, _email_widget
from .models import Organisation, Region

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(label: str, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


def _region_field(label: str, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Region.objects.order_by("name"),
        required=required,
        empty_label=_("Choose a region"),
        error_messages={
            "required": _("Choose the region"),
            "invalid_choice": _("Choose a region from the list"),
        },
    )


class ProgrammeForm(CreateOnceForm):
    """A programme's details. Its region is asked for only when it is regional."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example, Youth Justice Sector Improvement Partnership."),
        error_messages={"required": _("Enter the programme's name")},
    )
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=40,
        help_text=_("Shown in lists and emails. For example, YJSIP."),
        error_messages={"required": _("Enter a short name")},
    )
    scope = forms.ChoiceField(
        label=_("Does the programme run across England and Wales, or in one region?"),
        choices=ProgrammeScope.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the programme is national or regional"),
            "invalid_choice": _("Choose whether the programme is national or regional"),
        },
    )
    region = _region_field(_("Region (for a regional programme)"), required=False)
    description = forms.CharField(
        label=_("What the programme offers"),
        help_text=_("Shown on the start page to people signing in for the first time."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )
    contact_email = forms.CharField(
        label=_("Contact email address"),
        help_text=_("Where services and reviewers write to with questions. Optional."),
        max_length=254,
        required=False,
        widget=_email_widget("off"),
    )
    is_active = _yes_no(
        _("Is the programme running?"), _("Choose whether the programme is running")
    )

    def __init__(self, *args, button: str, editing: bool, **kwargs) -> None:
        super().__init__(*args, creating=not editing, **kwargs)
        fields = [
            Field.text("name"),
            Field.text("short_name", field_width=10),
            Field.radios("scope", legend_size=Size.SMALL),
            Field.select("region"),
            Field.textarea("description"),
            Field.text("contact_email"),
        ]
        if editing:
            fields.append(Field.radios("is_active", legend_size=Size.SMALL, inline=True))
        else:
            del self.fields["is_active"]
        self.helper = form_helper(*fields, *self.token_layout(), Button("save", button))

    def clean_contact_email(self) -> str:
        email = self.cleaned_data["contact_email"].strip()
        return _email_address(email) if email else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == ProgrammeScope.REGIONAL and not cleaned.get("region"):
            self.add_error("region", _("Choose the region of a regional programme"))
        if cleaned.get("scope") == ProgrammeScope.NATIONAL:
            cleaned["region"] = None
        return cleaned


class RoleGrantForm(CreateOnceForm):
    """Give someone a role: found by their email address, or added if they are new."""

    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=_email_widget("off"),
        help_text=_(
            "Their work address. If they have no account yet, we email them a link to "
            "choose a password."
        ),
        error_messages={"required": _("Enter their email address")},
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("Needed only for someone new to the service."),
        required=False,
    )
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the role"),
            "invalid_choice": _("Choose one of the roles listed"),
        },
    )

    def __init__(self, *args, roles: list[Role], button: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        self.helper = form_helper(
            Field.text("email"),
            Field.text("full_name"),
            Field.text("job_title"),
            Field.radios("role", legend_size=Size.SMALL),
            *self.token_layout(),
            Button("save", button),
        )

    def clean_email(self) -> str:
        return _email_address(self.cleaned_data["email"]).lower()

    def needs_name(self) -> None:
        """The address is new to the service: a name is needed to add the person."""
        if not self.cleaned_data.get("full_name", "").strip():
            self.add_error("full_name", _("Enter their full name: they are new to the service"))


class PersonForm(forms.Form):
    """The details a coordinator may correct for someone they look after."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        error_messages={"required": _("Enter their full name")},
    )
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)
    phone = PhoneField(label=_("Telephone number"), required=False)
    is_active = _yes_no(_("Can they sign in?"), _("Choose whether they can sign in"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("full_name"),
            Field.text("job_title"),
            Field.text("phone", field_width=20),
            Field.radios("is_active", legend_size=Size.SMALL, inline=True),
            Button("save", _("Save changes")),
        )


class MemberChoiceForm(forms.Form):
    """Make an organisation the service already knows a member of the programme."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={
            "required": _("Choose the organisation"),
            "invalid_choice": _("Choose an organisation from the list"),
        },
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.helper = form_helper(Field.select("organisation"), Button("save", _("Add")))


class OrganisationForm(CreateOnceForm):
    """An organisation's record."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("For example, Northshire Youth Justice Service."),
        error_messages={"required": _("Enter the organisation's name")},
    )
    kind = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the type of organisation"),
            "invalid_choice": _("Choose one of the types listed"),
        },
    )
    region = _region_field(_("Region"), required=True)
    email = forms.CharField(
        label=_("Contact email address"),
        max_length=254,
        required=False,
        widget=_email_widget("off"),
        help_text=_("A shared inbox, if it has one. Optional."),
    )
    is_active = _yes_no(
        _("Is the organisation still running?"),
        _("Choose whether the organisation is still running"),
    )

    def __init__(self, *args, button: str, editing: bool, **kwargs) -> None:
        super().__init__(*args, creating=not editing, **kwargs)
        fields = [
            Field.text("name"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("region"),
            Field.text("email"),
        ]
        if editing:
            fields.append(Field.radios("is_active", legend_size=Size.SMALL, inline=True))
        else:
            del self.fields["is_active"]
        self.helper = form_helper(*fields, *self.token_layout(), Button("save", button))

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        return _email_address(email) if email else ""
