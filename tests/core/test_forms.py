"""The GOV.UK date input: whatever is typed into its parts, the answer is a date or a clear
error, never a server error."""

import datetime

import pytest
from django import forms

from core.forms import DateField, PhoneField
from improvement.forms.plan_dates import MonthField


class WhenForm(forms.Form):
    when = DateField(what="the date of the meeting")


def errors_for(day: str, month: str, year: str) -> list[str]:
    form = WhenForm({"when_0": day, "when_1": month, "when_2": year})
    return [] if form.is_valid() else form.errors["when"]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("99999999999", "1", "2027"),
        ("1", "99999999999", "2027"),
        ("31", "2", "2027"),
        ("1", "1", "1066"),
    ],
)
def test_a_date_that_cannot_be_is_a_clear_error(day, month, year):
    assert errors_for(day, month, year) == ["The date of the meeting must be a real date"]


def test_a_real_date_is_read():
    form = WhenForm({"when_0": "29", "when_1": "2", "when_2": "2028"})

    assert form.is_valid()
    assert form.cleaned_data["when"] == datetime.date(2028, 2, 29)


@pytest.mark.parametrize("year", ["27", "202", "20277", "99999999999"])
def test_a_year_without_4_numbers_says_so(year):
    form = WhenForm({"when_0": "1", "when_1": "3", "when_2": year})

    assert not form.is_valid()
    assert form.errors["when"] == ["Year must include 4 numbers"]
    # On the year's own input, so the error summary links to it.
    assert form.fields["when"].fields[2].widget.errors == ["Year must include 4 numbers"]


def test_a_month_without_a_4_number_year_says_so():
    class MonthForm(forms.Form):
        month = MonthField(what="the month")

    form = MonthForm({"month_0": "3", "month_1": "13"})

    assert not form.is_valid()
    assert form.errors["month"] == ["Year must include 4 numbers"]


class PhoneForm(forms.Form):
    phone = PhoneField(label="Telephone number", required=False)


@pytest.mark.parametrize(
    "typed",
    [
        "01632 960 001",
        "07700 900 982",
        "07700900982",
        "(01632) 960-001",
        "0800 123 456",
        "+44 808 157 0192",
        "+44 (0)1632 960 001",
        "+1 202 555 0143",
        "+353 1 234 5678",
    ],
)
def test_a_telephone_number_is_taken_as_written(typed):
    form = PhoneForm({"phone": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == typed


@pytest.mark.parametrize(
    "typed",
    [
        "abc",
        "123",
        "01632 960",
        "016329600011",
        "1632 960 001",
        "+44 0808 157 0192",
        "+44 80",
        "+1234567890123456",
        "01632 960 001 ext 2",
        "07700-900-982!",
        "0+1632 960 001",
        "0" + " 1" * 30,
    ],
)
def test_what_is_not_a_telephone_number_says_how_to_write_one(typed):
    form = PhoneForm({"phone": typed})

    assert not form.is_valid()
    assert form.errors["phone"] == [
        "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
    ]
