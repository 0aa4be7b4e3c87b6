"""The training coordinator's forms, laid out with crispy-forms-gds: a course, a session's
details, a booking, and attendance. Forms check what a person typed; the rules live in
services."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from core.forms import CreateOnceForm, DateField, form_helper

from .enums import BookingStatus, CourseKind

# What attending a course of each kind counts towards (reviewers.qualification).
COURSE_KIND_HINTS = {
    CourseKind.CORE: _("Attending it makes a person in the pool trained."),
    CourseKind.SPECIALIST: _(
        "For fully qualified reviewers: attending it lets them mentor or coach another service."
    ),
}


class CourseForm(CreateOnceForm):
    """A course's name, kind, length and description; which of the user's programmes it is
    for when a new course's programme is not known yet; whether it is offered, when changing
    one."""

    programme = forms.ChoiceField(
        label=_("Which programme is the course for?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the programme the course is for"),
            "invalid_choice": _("Select a programme from the list"),
        },
    )
    name = forms.CharField(
        label=_("Name of the course"),
        help_text=_("For example, Peer reviewer training (2-day residential)."),
        max_length=150,
        error_messages={
            "required": _("Enter the name of the course"),
            "max_length": _("The name must be 150 characters or fewer"),
        },
    )
    kind = forms.ChoiceField(
        label=_("What kind of course is it?"),
        choices=[
            Choice(value, label, hint=COURSE_KIND_HINTS[value])
            for value, label in CourseKind.choices
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select what kind of course it is"),
            "invalid_choice": _("Select what kind of course it is"),
        },
    )
    days = forms.IntegerField(
        label=_("How many days does it last?"),
        min_value=1,
        max_value=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter how many days the course lasts"),
            "invalid": _("The length must be a whole number of days, like 2"),
            "min_value": _("The course must last at least 1 day"),
            "max_value": _("The course must last 30 days or fewer"),
        },
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        help_text=_("What the course covers and who it is for."),
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": _("The description must be 2,000 characters or fewer")},
    )
    is_active = forms.TypedChoiceField(
        label=_("Is the course offered now?"),
        help_text=_(
            "People who ask for training when they join the pool wait for the programme's core "
            "course that is offered. A course not offered keeps its sessions and attendance."
        ),
        choices=[("yes", _("Yes")), ("no", _("No, not offered now"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select whether the course is offered now")},
    )

    def __init__(self, *args, programmes=None, changing: bool, button, **kwargs) -> None:
        """`programmes`: those to choose from, or None when the course's programme is known.
        `changing`: whether it is a course already set up (which may stop being offered)."""
        super().__init__(*args, creating=not changing, **kwargs)
        self.programmes = {str(programme.pk): programme for programme in programmes or ()}
        if programmes is None:
            del self.fields["programme"]
        else:
            self.fields["programme"].choices = [
                (pk, programme.name) for pk, programme in self.programmes.items()
            ]
        if not changing:
            del self.fields["is_active"]
        self.helper = form_helper(
            *(
                [Field.radios("programme", legend_size=Size.SMALL)]
                if programmes is not None
                else []
            ),
            Field.text("name"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("days", field_width=2),
            Field.textarea("description", rows=5, max_characters=2000),
            *(
                [Field.radios("is_active", legend_size=Size.SMALL)]
                if changing
                else self.token_layout()
            ),
            Button("save", button),
        )

    def clean_programme(self):
        return self.programmes[self.cleaned_data["programme"]]


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
