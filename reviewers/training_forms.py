"""The training coordinator's forms, laid out with crispy-forms-gds: a session's details, a
booking, and attendance. Forms check what a person typed; the rules live in services."""

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.forms import CreateOnceForm, DateField, form_helper

from .enums import BookingStatus


class SessionForm(forms.Form):
    """A session's dates, where it is held and how many places it has."""

    starts_on = DateField(
        what=_("the start date"),
        label=_("Start date"),
        help_text=_("For example, 14 9 2027"),
    )
    ends_on = DateField(
        what=_("the end date"),
        label=_("End date"),
        help_text=_("The same as the start date for a one-day session."),
    )
    is_virtual = forms.TypedChoiceField(
        label=_("Is the session held online?"),
        choices=[("yes", _("Yes, it is virtual")), ("no", _("No, it is at a venue"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the session is held online")},
    )
    venue = forms.CharField(
        label=_("Venue (not needed for a virtual session)"),
        help_text=_("For example, Cedar Court, Leeds."),
        max_length=200,
        required=False,
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        help_text=_("How many people the session can take. Others join its waiting list."),
        min_value=1,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the number of places"),
            "invalid": _("The number of places must be a whole number, like 12"),
            "min_value": _("The session must have at least 1 place"),
            "max_value": _("The number of places must be 500 or fewer"),
        },
    )

    def __init__(self, *args, button, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("starts_on"),
            Field("ends_on"),
            Field.radios("is_virtual", legend_size=Size.SMALL),
            Field.text("venue"),
            Field.text("capacity", field_width=3),
            *(["token"] if "token" in self.fields else []),
            Button("save", button),
        )


class NewSessionForm(CreateOnceForm, SessionForm):
    """A session's details, to set one up: with a creation token, so that sending the form
    twice sets up one session."""


class BookingForm(CreateOnceForm):
    """Book one person of the course's pool on the session."""

    reviewer = forms.ChoiceField(
        label=_("Who would you like to book?"),
        help_text=_("People in the programme's pool, with their standing."),
        error_messages={
            "required": _("Choose the person to book"),
            "invalid_choice": _("Choose a person from the list"),
        },
    )

    def __init__(self, *args, entries, **kwargs) -> None:
        """`entries` are the pool's PoolEntry rows (reviewer and derived standing)."""
        super().__init__(*args, **kwargs)
        self.reviewers = {str(entry.reviewer.pk): entry.reviewer for entry in entries}
        self.fields["reviewer"].choices = [
            ("", _("Choose a person")),
            *(
                (
                    str(entry.reviewer.pk),
                    _("%(person)s, %(organisation)s (%(standing)s)")
                    % {
                        "person": entry.reviewer,
                        "organisation": entry.reviewer.organisation.name,
                        "standing": entry.standing.label.lower(),
                    },
                )
                for entry in entries
            ),
        ]
        self.helper = form_helper(
            Field.select("reviewer"), "token", Button("book", _("Book a place"))
        )

    def clean_reviewer(self):
        return self.reviewers[self.cleaned_data["reviewer"]]


# What a coordinator can record for a booked place.
ATTENDANCE_CHOICES = [
    (BookingStatus.ATTENDED, _("Attended")),
    (BookingStatus.DID_NOT_ATTEND, _("Did not attend")),
]


class SessionAttendanceForm(forms.Form):
    """One question per booked person: did they attend?"""

    def __init__(self, *args, bookings, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.bookings = {}
        for booking in bookings:
            name = self.field_name(booking)
            self.bookings[name] = booking
            # crispy-forms-gds prints a label and hint as they are: escape the names.
            self.fields[name] = forms.ChoiceField(
                label=escape(str(booking.reviewer)),
                help_text=escape(booking.reviewer.organisation.name),
                choices=ATTENDANCE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Select whether %(person)s attended")
                    % {"person": booking.reviewer}
                },
            )
            if booking.status in (BookingStatus.ATTENDED, BookingStatus.DID_NOT_ATTEND):
                self.initial[name] = booking.status
        self.helper = form_helper(
            *(Field.radios(name, legend_size=Size.SMALL, small=True) for name in self.fields),
            Button("save", _("Save attendance")),
        )

    @staticmethod
    def field_name(booking) -> str:
        return f"booking_{booking.pk}"

    def outcomes(self) -> dict[int, str]:
        """Booking id to the status chosen, for services.attendance_record."""
        return {booking.pk: self.cleaned_data[name] for name, booking in self.bookings.items()}
