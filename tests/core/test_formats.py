"""Money and times as GOV.UK writes them, one way everywhere: the functions, and the template
filters that every page, email and PDF shows them through."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from core.formats import format_money, format_time
from core.forms import MoneyField


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("6000.00"), "£6,000"),
        (Decimal("60000"), "£60,000"),
        (Decimal("6000.5"), "£6,000.50"),
        (Decimal("1234567.89"), "£1,234,567.89"),
        (Decimal("0.00"), "£0"),
        (Decimal("-250.00"), "-£250"),
        (6000, "£6,000"),
        (None, ""),
    ],
)
def test_money_has_thousands_separated_and_pence_only_where_there_are_any(amount, written):
    assert format_money(amount) == written
    assert (
        Template("{% load peerreview %}{{ amount|money }}").render(Context({"amount": amount}))
        == written
    )


@pytest.mark.parametrize(
    ("hour", "minute", "written"),
    [
        (9, 0, "9am"),
        (10, 45, "10:45am"),
        (22, 45, "10:45pm"),
        (13, 0, "1pm"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (12, 30, "12:30pm"),
        (0, 5, "12:05am"),
    ],
)
def test_times_are_written_as_gov_uk_writes_them(hour, minute, written):
    assert format_time(datetime.time(hour, minute)) == written


def test_the_time_filters_show_a_moment_in_local_time():
    # 21:45 UTC in July is 10:45pm in London.
    moment = datetime.datetime(2027, 7, 1, 21, 45, tzinfo=datetime.UTC)
    template = Template(
        "{% load peerreview %}{{ moment|time_of_day }} / {{ moment|date_and_time }}"
    )

    assert timezone.get_current_timezone_name() == "Europe/London"
    assert template.render(Context({"moment": moment})) == "10:45pm / 1 July 2027, 10:45pm"


class AmountForm(forms.Form):
    amount = MoneyField(label="Amount")


@pytest.mark.parametrize(
    "typed", ["£6,000", "6000", "6,000.00", " £ 6,000 ", "£6000", "6 000", "£6\u00a0000"]
)
def test_a_money_field_reads_what_people_type(typed):
    form = AmountForm({"amount": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(6000)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an amount in pounds, like £6,000"),
        ("six thousand", "Enter an amount in pounds, like £6,000"),
        ("6,00", "Enter an amount in pounds, like £6,000"),
        ("6.000,00", "Enter an amount in pounds, like £6,000"),
        ("-£5", "The amount cannot be negative"),
        ("6000.505", "Enter the amount to the nearest penny, like £6,000.50"),
        ("123456789", "The amount is too large"),
    ],
)
def test_a_money_field_says_how_to_write_an_amount(typed, message):
    form = AmountForm({"amount": typed})

    assert not form.is_valid()
    assert form.errors["amount"] == [message]


def test_a_money_field_shows_an_amount_as_money_is_written():
    assert 'value="6,000.50"' in str(AmountForm(initial={"amount": Decimal("6000.50")})["amount"])
