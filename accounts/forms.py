"""Sign-in, password and profile forms, laid out with crispy-forms-gds."""

from crispy_forms_gds.layout import Button, Field
from django import forms
from django.contrib.auth import forms as auth_forms
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.forms import PhoneField, form_helper

from .models import User
from .services import user_send_password_reset


def _email_widget(autocomplete: str = "email") -> forms.TextInput:
    # A text input typed as email: crispy-forms-gds drops the error border from EmailInput.
    return forms.TextInput(
        attrs={"type": "email", "autocomplete": autocomplete, "spellcheck": "false"}
    )


def _email_address(text: str) -> str:
    """The address typed, trimmed, or the GOV.UK error when it is not one."""
    email = text.strip()
    try:
        forms.EmailField().clean(email)
    except forms.ValidationError as error:
        raise forms.ValidationError(
            _("Enter an email address in the correct format, like name@example.org")
        ) from error
    return email


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=_email_widget("username"),
        error_messages={"required": _("Enter your email address")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    error_messages = {
        "invalid_login": _(
            "Enter a correct email address and password. If you have forgotten your "
            "password, you can reset it."
        ),
        "inactive": _("This account has been closed. Ask your programme coordinator."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("username"),
            Field.text("password"),
            Button("submit", _("Sign in")),
        )


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=_email_widget(),
        error_messages={"required": _("Enter your email address")},
        help_text=_("We will send a link to reset your password if this address has an account."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field.text("email"), Button("submit", _("Send the link")))

    def clean_email(self) -> str:
        return _email_address(self.cleaned_data["email"])

    def save(self, *, request: HttpRequest, **kwargs) -> None:
        """Record the email in the outbox, and nothing more: looking the account up and
        writing its email are done at delivery (accounts.services.user_send_password_reset),
        so the page does the same work, in the same time, whether or not the address has an
        account. (Django's other options, the templates and the token generator, are fixed by
        the email's builder.)"""
        with transaction.atomic():
            user_send_password_reset(
                email=self.cleaned_data["email"], base_url=request.build_absolute_uri("/")
            )


class RegisterForm(forms.Form):
    """A new account for someone joining a reviewer pool: confirmed by a link sent to the
    address, where they choose their password."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name")},
    )
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=_email_widget(),
        help_text=_("Use your work address. We will send a link to it to confirm it is yours."),
        error_messages={"required": _("Enter your email address")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("full_name"), Field.text("email"), Button("submit", _("Create account"))
        )

    def clean_email(self) -> str:
        return _email_address(self.cleaned_data["email"]).lower()


class NewPasswordWordingMixin:
    """GOV.UK wording for the "new password" pair that Django's password forms share."""

    error_messages = {
        "password_mismatch": _("The passwords you entered do not match"),
        "password_incorrect": _("Your current password is not correct. Enter it again."),
    }

    def word_new_password_fields(self) -> None:
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "Use at least 12 characters. Avoid common words and your name."
        )
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].label = _("Confirm new password")
        self.fields["new_password2"].error_messages["required"] = _("Enter the new password again")


class NewPasswordForm(NewPasswordWordingMixin, auth_forms.SetPasswordForm):
    """Choosing a new password, from a reset link or an invitation."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.word_new_password_fields()
        self.helper = form_helper(
            Field.text("new_password1"),
            Field.text("new_password2"),
            Button("submit", _("Save password")),
        )


class ChangePasswordForm(NewPasswordWordingMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["old_password"].error_messages["required"] = _("Enter your current password")
        self.word_new_password_fields()
        self.helper = form_helper(
            Field.text("old_password"),
            Field.text("new_password1"),
            Field.text("new_password2"),
            Button("submit", _("Change password")),
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title", "phone"]
        field_classes = {"phone": PhoneField}
        labels = {
            "full_name": _("Full name"),
            "job_title": _("Job title"),
            "phone": _("Telephone number"),
        }
        help_texts = {
            "job_title": _("For example, Head of Youth Justice Service."),
            "phone": _("Optional. Coordinators use it to arrange peer reviews."),
        }
        error_messages = {
            "full_name": {"required": _("Enter your full name")},
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("full_name"),
            Field.text("job_title"),
            Field.text("phone", field_width=20),
            Button("submit", _("Save changes")),
        )


class EmailChangeForm(forms.Form):
    """A new address to sign in with, confirmed by a link sent to it; the password makes sure
    the person asking is the account's, not someone at a computer left signed in."""

    email = forms.CharField(
        label=_("New email address"),
        max_length=254,
        widget=_email_widget(),
        error_messages={"required": _("Enter your new email address")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].help_text = _(
            "We will send a link to it. Until you open the link, you keep signing in with "
            "%(email)s."
        ) % {"email": user.email}
        self.helper = form_helper(
            Field.text("email"),
            Field.text("password"),
            Button("submit", _("Send the link")),
        )

    def clean_email(self) -> str:
        email = _email_address(self.cleaned_data["email"]).lower()
        if email == self.user.email.lower():
            raise forms.ValidationError(_("This is already the email address you sign in with"))
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Your password is not correct. Enter it again."))
        return password


class EmailChangeConfirmForm(forms.Form):
    """The button that moves the account to the new address (the link shows it first, so
    that opening it, or a mail scanner fetching it, changes nothing)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Button("submit", _("Use this email address")))
