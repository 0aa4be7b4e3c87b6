"""The question pages of a plan's dates: the inspection or review (exact, or the month alone)
and its report, and the plan's governance (due, submitted, endorsed, next review). The rules
on dates are the service's (plan_services.check_dates), called here so each page shows its
own errors."""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Button, Field, Size
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import DateField, RadiosWithReveal, form_helper, year_validator

from .. import selectors
from ..enums import PlanSource
from .plan_details import PlanStepForm


class MonthWidget(DateInputWidget):
    """A GOV.UK date input with the month and year only."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.widgets = self.widgets[1:]

    def decompress(self, value):
        if value:
            return value.month, value.year
        return None, None


class MonthField(DateInputField):
    """A month and year, as the first day of the month (for a source that gives only the
    month), with messages naming it like core.forms.DateField's."""

    widget = MonthWidget

    def __init__(self, *, what: str, **kwargs) -> None:
        super().__init__(**kwargs)
        what_cap = str(what).capitalize()
        self.error_messages = {
            "required": _("Enter %(what)s") % {"what": what},
            "incomplete": _("%(what)s must include a month and year") % {"what": what_cap},
            "invalid": _("%(what)s must be a real month") % {"what": what_cap},
        }
        digits = RegexValidator(r"^[0-9]+$", self.error_messages["invalid"])
        self.fields = self.fields[1:]
        for subfield, part in zip(self.fields, (_("month"), _("year")), strict=True):
            subfield.validators = [digits]
            subfield.error_messages["incomplete"] = _("%(what)s must include a %(part)s") % {
                "what": what_cap,
                "part": part,
            }
            subfield.max_length = 4
        self.fields[1].validators = [year_validator(digits)]

    def compress(self, data_list):
        month, year = list(data_list)[-2:]
        if not (month and year):
            return None
        try:
            value = datetime.date(day=1, month=int(month), year=int(year))
        except (ValueError, OverflowError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if value.year < 1900:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return value


def _optional_date(what, label, hint=None) -> DateField:
    hint = hint or _("For example, 31 3 2027")
    return DateField(
        what=what, label=label, help_text=hint, required=False, require_all_fields=False
    )


EXACT, MONTH, NONE = "exact", "month", "none"


class DatesForm(PlanStepForm):
    """When the inspection or review took place: exact dates, or the month alone where that
    is all the source gives (stored as the first of the month, shown as the month); and when
    its report was published."""

    precision = forms.ChoiceField(
        choices=[
            (EXACT, _("I know the dates")),
            (MONTH, _("I know only the month")),
            (NONE, _("There are no such dates")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select whether you know the dates"),
            "invalid_choice": _("Select whether you know the dates"),
        },
    )
    inspected_from = _optional_date(
        _("the start date"), _("Start date"), _("For example, 4 3 2013")
    )
    inspected_to = _optional_date(
        _("the end date"), _("End date (optional)"), _("For example, 8 3 2013")
    )
    month_from = MonthField(
        what=_("the month"),
        label=_("Month"),
        help_text=_("For example, 3 2013"),
        required=False,
        require_all_fields=False,
    )
    published_on = _optional_date(
        _("the date the report was published"),
        _("When was the report published? (optional)"),
        _("For example, 24 5 2013"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        source = self.answers.get("source")
        if source == PlanSource.INSPECTION:
            question = _("When was the inspection?")
        elif source == PlanSource.PEER_REVIEW:
            question = _("When was the peer review?")
        else:
            question = _("When was the assessment the plan responds to?")
        self.fields["precision"].label = question
        self.helper = form_helper(
            RadiosWithReveal(
                "precision",
                reveal={
                    EXACT: ["inspected_from", "inspected_to"],
                    MONTH: ["month_from"],
                },
                legend_size=Size.LARGE,
                legend_tag="h1",
            ),
            Field("published_on"),
            *self.version,
            Button("continue", self.button),
        )

    @classmethod
    def initial_from(cls, values: dict) -> dict:
        started = values.get("inspected_from")
        if not started:
            precision = NONE if "inspected_from" in values else None
        else:
            precision = MONTH if values.get("inspected_month_only") else EXACT
        initial = {"precision": precision, "published_on": values.get("published_on")}
        if precision == MONTH:
            initial["month_from"] = started
        elif precision == EXACT:
            initial |= {"inspected_from": started, "inspected_to": values.get("inspected_to")}
        return initial

    def clean(self):
        cleaned = super().clean()
        precision = cleaned.get("precision")
        if (
            precision == EXACT
            and not cleaned.get("inspected_from")
            and "inspected_from" not in self.errors
        ):
            self.add_error("inspected_from", _("Enter the start date"))
        if precision == MONTH and not cleaned.get("month_from") and "month_from" not in self.errors:
            self.add_error("month_from", _("Enter the month"))
        if not self.errors:
            self._check(self.values())
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        precision = data["precision"]
        if precision == EXACT:
            dates = (data["inspected_from"], data["inspected_to"], False)
        elif precision == MONTH:
            dates = (data["month_from"], data["month_from"], True)
        else:
            dates = (None, None, False)
        return {
            "inspected_from": dates[0],
            "inspected_to": dates[1],
            "inspected_month_only": dates[2],
            "published_on": data["published_on"],
        }


class GovernanceForm(PlanStepForm):
    """When the plan is due and was submitted, the board that endorsed it and when, its owner
    (among those who may update it) and its next review."""

    heading = _("The plan's dates, governance and next review")

    due_on = _optional_date(_("the date the plan is due"), _("When is the plan due? (optional)"))
    submitted_on = _optional_date(
        _("the date the plan was submitted"), _("When was the plan submitted? (optional)")
    )
    endorsed_by = forms.CharField(
        label=_("Which board endorsed the plan? (optional)"),
        help_text=_("For example, the youth justice management board."),
        required=False,
        max_length=200,
        error_messages={"max_length": _("The board's name must be 200 characters or fewer")},
    )
    endorsed_on = _optional_date(
        _("the date the plan was endorsed"), _("When was it endorsed? (optional)")
    )
    owner = forms.ModelChoiceField(
        label=_("Who owns the plan? (optional)"),
        help_text=_("Someone who leads the service or sits on its improvement board."),
        queryset=User.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Select someone who leads the service or sits on its improvement board"
            )
        },
    )
    next_review_on = _optional_date(
        _("the next review date"), _("When is the plan next reviewed? (optional)")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.plan_owner_choices(organisation=self.organisation)
        self.fields["owner"].empty_label = _("Not given")
        self.helper = form_helper(
            Field("due_on"),
            Field("submitted_on"),
            Field.text("endorsed_by"),
            Field("endorsed_on"),
            Field("owner"),
            Field("next_review_on"),
            *self.version,
            Button("continue", self.button),
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self._check(self.values())
        return cleaned

    def values(self) -> dict:
        data = super().values()
        owner = data.pop("owner")
        return data | {"owner": owner.pk if owner else None}
