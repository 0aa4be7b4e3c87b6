"""The question pages that start a plan and change its details, one topic a page. Each form is
built with what the pages before it answered (`answers`: the plan's details so far) and gives
back its own answers as plan details (`values()`); `initial_from(values)` fills it from them.
Here: which service, what the plan responds to, its title and its ratings, the form that
creates the plan and the "Are you sure" of closing, reopening or archiving it; the dates are
in plan_dates."""

import datetime

from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from core.forms import CreateOnceForm, RadiosWithReveal, form_helper

from .. import plan_services, selectors
from ..enums import Inspectorate, OverallRating, PlanSource
from .common import versioned

CONTINUE = _("Continue")
# More choices than this are offered in a drop-down rather than as radios.
MAX_RADIOS = 10


class PlanStepForm(forms.Form):
    """A question page of the plan's details: `answers` are the details given so far (the
    plan's, when changing it), `organisation` the plan's service, `user` who answers. A page
    of several questions has a `heading`; one of a single question has its question as the
    heading (its legend or label, as the page's h1). Changing an existing plan, the page
    carries the plan's version the person saw (`seen_version`, hidden; `self.version` is its
    layout); starting one, it has none."""

    heading = None
    seen_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        *args,
        user: User,
        organisation: Organisation | None,
        answers: dict,
        today: datetime.date,
        button: str = CONTINUE,
        seen_version: int | None = None,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.organisation, self.answers, self.today = user, organisation, answers, today
        self.button = button
        self.version = versioned(self, seen_version)

    @classmethod
    def initial_from(cls, values: dict) -> dict:
        return {name: values.get(name) for name in cls.base_fields if name in values}

    def values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "seen_version"}

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
        self.helper = form_helper(question, *self.version, Button("continue", self.button))

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
            *self.version,
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
            *self.version,
            Button("continue", self.button),
        )


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
        self.helper = form_helper(Field("overall_rating"), *fieldsets, *self.version, *buttons)

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


class CreatePlanForm(CreateOnceForm):
    """The check-answers page's button, with the token that makes the plan once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.token_layout(), Button("create", _("Create the plan")))


class ConfirmForm(forms.Form):
    """An "Are you sure" page's button: no question, only the confirmation."""
