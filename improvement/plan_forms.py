"""The question pages that start a plan and change its details, one topic a page: which
service, what the plan responds to, its title, the inspection or review dates (exact, or the
month alone), its ratings, and its dates and governance. Each form is built with what the
pages before it answered (`answers`: the plan's details so far) and gives back its own answers
as plan details (`values()`); `initial_from(values)` fills it from them. The rules on dates are
the service's (plan_services.check_dates), called here so each page shows its own errors."""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from core.forms import CreateOnceForm, DateField, RadiosWithReveal, form_helper

from . import plan_services, selectors
from .enums import Inspectorate, OverallRating, PlanSource

CONTINUE = _("Continue")
# More choices than this are offered in a drop-down rather than as radios.
MAX_RADIOS = 10


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


class PlanStepForm(forms.Form):
    """A question page of the plan's details: `answers` are the details given so far (the
    plan's, when changing it), `organisation` the plan's service, `user` who answers. A page
    of several questions has a `heading`; one of a single question has its question as the
    heading (its legend or label, as the page's h1)."""

    heading = None

    def __init__(
        self,
        *args,
        user: User,
        organisation: Organisation | None,
        answers: dict,
        today: datetime.date,
        button: str = CONTINUE,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.organisation, self.answers, self.today = user, organisation, answers, today
        self.button = button

    @classmethod
    def initial_from(cls, values: dict) -> dict:
        return {name: values.get(name) for name in cls.base_fields if name in values}

    def values(self) -> dict:
        return dict(self.cleaned_data)

    def _check(self, values: dict) -> None:
        """The service's rules on the plan's dates, with this page's answers in place."""
        try:
            plan_services.check_dates(self.answers | values, today=self.today)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)


class ServiceForm(PlanStepForm):
    organisation = forms.ModelChoiceField(
        label=_("Which service is the plan for?"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the service"),
            "invalid_choice": _("Select the service"),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        services = selectors.services_for_new_plan(user=self.user)
        if services.count() > MAX_RADIOS:
            # Too many to read as radios (a superuser's every service): a drop-down.
            field.widget = forms.Select()
            field.empty_label = _("Select the service")
            question = Field(
                "organisation",
                context={"label_size": Size.for_label(Size.LARGE), "label_tag": "h1"},
            )
        else:
            question = Field.radios("organisation", legend_size=Size.LARGE, legend_tag="h1")
        # Set after the widget, which takes its choices from the queryset.
        field.queryset = services
        self.helper = form_helper(question, Button("continue", self.button))

    @classmethod
    def initial_from(cls, values: dict) -> dict:
        return {"organisation": values.get("organisation")}

    def values(self) -> dict:
        return {"organisation": self.cleaned_data["organisation"].pk}


class SourceForm(PlanStepForm):
    source = forms.ChoiceField(
        label=_("What does the plan respond to?"),
        choices=PlanSource.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what the plan responds to"),
            "invalid_choice": _("Select what the plan responds to"),
        },
    )
    programme = forms.ModelChoiceField(
        label=_("Which peer review programme?"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Select the peer review programme")},
    )
    inspectorate = forms.ChoiceField(
        label=_("Which inspectorate?"),
        choices=[("", _("Select the inspectorate")), *Inspectorate.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = selectors.programmes_for_new_plan(
            user=self.user, organisation=self.organisation
        )
        self.fields["programme"].empty_label = _("Select the programme")
        self.helper = form_helper(
            RadiosWithReveal(
                "source",
                reveal={
                    PlanSource.PEER_REVIEW: ["programme"],
                    PlanSource.INSPECTION: ["inspectorate"],
                },
                legend_size=Size.LARGE,
                legend_tag="h1",
            ),
            Button("continue", self.button),
        )

    @classmethod
    def initial_from(cls, values: dict) -> dict:
        return {
            "source": values.get("source"),
            "programme": values.get("programme"),
            "inspectorate": values.get("inspectorate"),
        }

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == PlanSource.PEER_REVIEW and not cleaned.get("programme"):
            if not self.fields["programme"].queryset.exists():
                self.add_error(
                    "source",
                    _(
                        "The service takes part in no peer review programme you can name: "
                        "select another source"
                    ),
                )
            elif "programme" not in self.errors:
                self.add_error("programme", _("Select the peer review programme"))
        if source == PlanSource.INSPECTION and not cleaned.get("inspectorate"):
            self.add_error("inspectorate", _("Select the inspectorate"))
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        programme = data["programme"] if data["source"] == PlanSource.PEER_REVIEW else None
        return {
            "source": data["source"],
            "programme": programme.pk if programme else None,
            "inspectorate": data["inspectorate"] if data["source"] == PlanSource.INSPECTION else "",
        }


class TitleForm(PlanStepForm):
    title = forms.CharField(
        label=_("What is the plan called?"),
        help_text=_("As the service calls it, for example its title on the first page."),
        max_length=200,
        error_messages={
            "required": _("Enter the plan's title"),
            "max_length": _("The title must be 200 characters or fewer"),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("title", label_size=Size.LARGE, label_tag="h1"),
            Button("continue", self.button),
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


RATING_CHOICES = [("", _("No rating")), *OverallRating.choices]


class RatingsForm(PlanStepForm):
    """The overall rating and, where the source rates its domains, each domain's rating:
    `rows` pairs of domain and rating, with one more blank pair when "Add another domain"
    was pressed, up to plan_services.MAX_DOMAIN_RATINGS."""

    ADD_ANOTHER = "add_another"
    heading = _("What ratings did the inspection or review give?")

    overall_rating = forms.ChoiceField(
        label=_("Overall rating (optional)"),
        help_text=_(
            "Then the rating of each domain the report rates, if it rates any. To take a "
            "domain's rating off, clear the domain."
        ),
        choices=RATING_CHOICES,
        required=False,
    )

    def __init__(self, *args, rows: int = 1, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = max(1, min(rows, plan_services.MAX_DOMAIN_RATINGS))
        fieldsets = []
        for number in range(1, self.rows + 1):
            self.fields[f"domain_{number}"] = forms.CharField(
                label=_("Domain"),
                required=False,
                max_length=200,
                error_messages={"max_length": _("The domain must be 200 characters or fewer")},
            )
            self.fields[f"rating_{number}"] = forms.ChoiceField(
                label=_("Rating"), choices=RATING_CHOICES, required=False
            )
            fieldsets.append(
                Fieldset(
                    Field.text(f"domain_{number}"),
                    Field(f"rating_{number}"),
                    legend=_("Domain rating %(number)d (optional)") % {"number": number},
                    legend_size=Size.SMALL,
                )
            )
        buttons = [Button("continue", self.button)]
        if self.rows < plan_services.MAX_DOMAIN_RATINGS:
            buttons.insert(0, Button.secondary(self.ADD_ANOTHER, _("Add another domain")))
        self.helper = form_helper(Field("overall_rating"), *fieldsets, *buttons)

    @classmethod
    def initial_from(cls, values: dict) -> dict:
        initial = {"overall_rating": values.get("overall_rating", "")}
        for number, (domain, rating) in enumerate(values.get("ratings", []), start=1):
            initial[f"domain_{number}"] = domain
            initial[f"rating_{number}"] = rating
        return initial

    def clean(self):
        cleaned = super().clean()
        for number in range(1, self.rows + 1):
            domain = (cleaned.get(f"domain_{number}") or "").strip()
            rating = cleaned.get(f"rating_{number}")
            if domain and not rating:
                self.add_error(
                    f"rating_{number}",
                    _("Select the rating of %(domain)s") % {"domain": domain},
                )
            elif rating and not domain:
                self.add_error(f"domain_{number}", _("Enter the domain this rating is for"))
        if not self.errors:
            try:
                plan_services.check_ratings(self.values()["ratings"])
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        ratings = []
        for number in range(1, self.rows + 1):
            domain = (data.get(f"domain_{number}") or "").strip()
            if domain:
                ratings.append((domain, data[f"rating_{number}"]))
        return {"overall_rating": data.get("overall_rating", ""), "ratings": ratings}


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
            Button("continue", self.button),
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            self._check(self.values())
        return cleaned

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        owner = data.pop("owner")
        return data | {"owner": owner.pk if owner else None}


class CreatePlanForm(CreateOnceForm):
    """The check-answers page's button, with the token that makes the plan once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.token_layout(), Button("create", _("Create the plan")))


class ConfirmForm(forms.Form):
    """An "Are you sure" page's button: no question, only the confirmation."""
