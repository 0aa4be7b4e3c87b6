"""Form pieces every app uses: GOV.UK date inputs with proper messages, amounts of money,
question pages that can be saved as a draft, and the creation token of forms that create
something."""

import datetime
import re
import uuid
from decimal import Decimal

from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout, Size
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.formats import format_money

# The name of the button that saves a question page without asking for every answer.
SAVE_DRAFT = "save_draft"


def error_elsewhere(message: str, href: str) -> ValidationError:
    """An error on the whole form whose error-summary link goes to `href`, where the person
    puts it right (a question on another page, a part of this page), rather than to the
    form's first field. Add it with `form.add_error(None, ...)`."""
    error = ValidationError(message, code="elsewhere")
    error.href = href
    return error


def form_helper(*fields) -> FormHelper:
    """A crispy-forms-gds helper laying out `fields`, for a form whose <form> element (and CSRF
    token) the page template writes itself, as layout/form_page.html does."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class MoneyField(forms.DecimalField):
    """An amount in pounds and pence, typed as people write it: "£6,000", "6000", "6,000.00"
    and " £ 6,000 " all read as 6000. Typed in a text input (a number input loses its error
    border in crispy-forms-gds, and refuses "£" and commas), shown back as "6,000", with
    messages that say what to type. Every money field is one of these."""

    # Digits with no commas, or with commas between every three ("6,000" but not "6,00").
    POUNDS = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]*)?|-?\.[0-9]+")

    def __init__(self, **kwargs) -> None:
        example = _("Enter an amount in pounds, like £6,000")
        error_messages = {
            "required": example,
            "invalid": example,
            "min_value": _("The amount cannot be negative"),
            "max_decimal_places": _("Enter the amount to the nearest penny, like £6,000.50"),
            "max_digits": _("The amount is too large"),
            "max_whole_digits": _("The amount is too large"),
        } | kwargs.pop("error_messages", {})
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})
        )
        super().__init__(error_messages=error_messages, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            # Spaces anywhere, the pound sign and a typographic minus are how people write it.
            typed = "".join(value.split()).replace("£", "").replace("\u2212", "-")
            if typed and not self.POUNDS.fullmatch(typed):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = typed.replace(",", "")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal | int):
            return format_money(value, symbol=False)
        return value


class PhoneField(forms.CharField):
    """A telephone number as people write one: digits with spaces, brackets, hyphens and a
    leading +. A UK number has 10 or 11 digits from its 0 (01632 960 001, 07700 900 982), or
    9 or 10 after +44 (a "(0)" may stand between); another country's, after +, 8 to 15. Kept
    as typed, with its spaces tidied. Every telephone field is one of these."""

    ALLOWED = re.compile(r"\+?[0-9 ()\-]+")

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "spellcheck": "false"}),
        )
        super().__init__(**kwargs)
        message = _(
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
        )
        self.error_messages = {"invalid": message} | self.error_messages
        # One message for every way a number can be wrong, too long included.
        self.validators = [self.validate_number]

    def to_python(self, value):
        return " ".join(super().to_python(value).split())

    def validate_number(self, value: str) -> None:
        if len(value) > self.max_length or not self.ALLOWED.fullmatch(value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        digits = re.sub(r"[^0-9]", "", value)
        if value.startswith("+") and digits.startswith("44"):
            national = digits[2:]
            if "(0)" in value.replace(" ", ""):
                national = national.removeprefix("0")
            valid = 9 <= len(national) <= 10 and not national.startswith("0")
        elif value.startswith("+"):
            valid = 8 <= len(digits) <= 15
        else:
            valid = digits.startswith("0") and 10 <= len(digits) <= 11
        if not valid:
            raise ValidationError(self.error_messages["invalid"], code="invalid")


class RadiosWithReveal:
    """GOV.UK radios whose choices reveal the fields that belong to them ("conditional
    reveal"): `reveal` maps a choice's value to the layout objects shown under it. Without
    JavaScript every revealed field is shown. Written here rather than using
    crispy-forms-gds's ConditionalRadios, which numbers its radios from 0 (our error summary
    links the first as id_<name>_1) and sets aria-controls even on radios that reveal
    nothing, where govuk-frontend expects data-aria-controls on those that do."""

    template = "core/radios_with_reveal.html"

    def __init__(
        self,
        field: str,
        *,
        reveal: dict[str, list],
        legend_size: str | None = None,
        legend_tag: str | None = None,
    ) -> None:
        self.field = field
        self.fields = [field]
        self.reveal = {str(value): fields for value, fields in reveal.items()}
        self.legend_size = Size.for_legend(legend_size) if legend_size else ""
        self.legend_tag = legend_tag

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs) -> SafeString:
        bound = form[self.field]
        chosen = "" if bound.value() is None else str(bound.value())
        items = []
        for position, (value, label) in enumerate(bound.field.choices, start=1):
            revealed = "".join(
                render_field(field, form, context, template_pack=template_pack, **kwargs)
                for field in self.reveal.get(str(value), [])
            )
            items.append(
                {
                    "id": f"id_{bound.html_name}_{position}",
                    "value": value,
                    "label": label,
                    "checked": chosen == str(value),
                    "revealed": SafeString(revealed),
                }
            )
        return render_to_string(
            self.template,
            context.flatten()
            | {
                "field": bound,
                "items": items,
                "legend_size": self.legend_size,
                "legend_tag": self.legend_tag,
            },
        )


def year_validator(digits: RegexValidator):
    """The year part of a GOV.UK date input: digits (`digits` says what else to say), and
    all 4 of them, so "27" is not taken for 2027 (or 1927)."""

    def year(value: str) -> None:
        digits(value)
        if len(value) != 4:
            raise ValidationError(_("Year must include 4 numbers"), code="year")

    return year


class DateField(DateInputField):
    """A GOV.UK date input (day, month, year) whose messages name the date asked for:
    `what` completes "Enter ..." and "... must be a real date", e.g. "the start date"."""

    def __init__(self, *, what: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.what = what
        self.error_messages = {
            "required": _("Enter %(what)s") % {"what": what},
            "incomplete": _("%(what)s must include a day, month and year")
            % {"what": str(what).capitalize()},
            "invalid": _("%(what)s must be a real date") % {"what": str(what).capitalize()},
        }
        digits = RegexValidator(r"^[0-9]+$", self.error_messages["invalid"])
        for subfield, part in zip(self.fields, (_("day"), _("month"), _("year")), strict=True):
            subfield.validators = [digits]
            subfield.error_messages["incomplete"] = _("%(what)s must include a %(part)s") % {
                "what": str(what).capitalize(),
                "part": part,
            }
            subfield.max_length = 4
        self.fields[2].validators = [year_validator(digits)]

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = datetime.date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as error:
            # OverflowError: a part too long for a C int (ten or more digits).
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if value.year < 1900:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


class QuestionForm(forms.Form):
    """A question page that can be saved as a draft: "Save and continue" asks for the
    answers in `required_to_continue`; "Save as draft" keeps whatever was given."""

    required_to_continue: dict[str, str] = {}

    def __init__(self, *args, saving_draft: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.saving_draft = saving_draft

    def clean(self):
        cleaned = super().clean()
        if not self.saving_draft:
            for name, message in self.required_to_continue.items():
                if name not in self.errors and cleaned.get(name) in (None, "", [], ()):
                    self.add_error(name, message)
        return cleaned


class CreationTokenField(forms.UUIDField):
    """The hidden creation token of a form that creates something (see `core.once`): a fresh
    one each time the blank form is shown. Sent back missing or mangled (a page opened before
    forms carried one, or a tampered request), the form is shown again with a fresh token, so
    sending it once more works."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs) -> None:
        again = _("The form could not be sent. Check your answers and send it again.")
        kwargs.setdefault("initial", uuid.uuid4)
        kwargs.setdefault("error_messages", {"required": again, "invalid": again})
        super().__init__(**kwargs)

    def bound_data(self, data, initial):
        try:
            return uuid.UUID(str(data)) if data else initial
        except ValueError:
            return initial


class CreateOnceForm(forms.Form):
    """A form that creates something: it carries a creation token, which its view hands to a
    service that saves through `core.once.create_once`, so the same form sent twice creates
    one row. Put "token" in the form's layout; `cleaned_data["token"]` is the token. An error
    about the token (a hidden field) is shown at the top of the page, for the whole form."""

    token = CreationTokenField()

    def __init__(self, *args, creating: bool = True, **kwargs) -> None:
        """`creating`: False when the same form changes something already made, which
        needs no token."""
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["token"]

    def token_layout(self) -> list[str]:
        """The token for the form's layout, when it carries one."""
        return ["token"] if "token" in self.fields else []

    def add_error(self, field, error) -> None:
        super().add_error(NON_FIELD_ERRORS if field == "token" else field, error)
