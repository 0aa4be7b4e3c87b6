"""Periods as the releases write them: "Apr 2021 - Mar 2022", "April 2021 to March 2022",
"Oct-Dec 2019", "January to December 2021", "2021/22 Q4" (a quarter of a financial year),
"2021/22" (a financial year), "Mar 2022" (a month), or a start and an end date."""

import calendar
import datetime
import re

from core.tabular import _month, _year

_MONTH = r"([a-z]{3,9})\.?"
_YEAR = r"(\d{4}|\d{2})"
_TO = r"\s*(?:-|\u2013|\u2014|to)\s*"
# Apr 2021 - Mar 2022, April 2021 to March 2022
_MONTH_YEAR_RANGE = re.compile(rf"{_MONTH}[\s\-]*{_YEAR}{_TO}{_MONTH}[\s\-]*{_YEAR}", re.I)
# Oct-Dec 2019, January to December 2021
_MONTH_RANGE = re.compile(rf"{_MONTH}{_TO}{_MONTH}\s*{_YEAR}", re.I)
# 2021/22 Q4, 2021-22 Q4, Q4 2021/22
_FY = r"(\d{4})\s*[/\-\u2013]\s*(\d{2}|\d{4})"
_FY_QUARTER = re.compile(rf"{_FY}\s*(?:q|quarter\s*)([1-4])", re.I)
_QUARTER_FY = re.compile(rf"(?:q|quarter\s*)([1-4])\s*{_FY}", re.I)
_FINANCIAL_YEAR = re.compile(_FY)
# Mar 2022, March 2022
_ONE_MONTH = re.compile(rf"{_MONTH}\s*{_YEAR}", re.I)


def _month_number(name: str) -> int | None:
    try:
        return _month(name)
    except KeyError:
        return None


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _months(first: tuple[int, int], last: tuple[int, int]):
    """(start, end) from the first and last months, each (year, month); None when the end
    comes before the start."""
    start = datetime.date(first[0], first[1], 1)
    end = _last_day(*last)
    return (start, end) if end >= start else None


def _financial_year(first: str, second: str) -> int | None:
    """The year a financial year starts in, from "2021/22" or "2021-2022"; None when the
    second is not the year after."""
    start = int(first)
    end = _year(second) if len(second) == 2 else int(second)
    return start if end == start + 1 else None


def parse_period(text: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last days of the period `text` names, or None."""
    text = " ".join(text.strip().split())
    if match := _MONTH_YEAR_RANGE.fullmatch(text):
        first, last = _month_number(match[1]), _month_number(match[3])
        if first and last:
            return _months((_year(match[2]), first), (_year(match[4]), last))
        return None
    if match := _MONTH_RANGE.fullmatch(text):
        first, last = _month_number(match[1]), _month_number(match[2])
        if not (first and last):
            return None
        year = _year(match[3])
        # Nov-Jan 2020: the range starts in the year before.
        return _months((year if first <= last else year - 1, first), (year, last))
    for pattern, parts in (
        (_FY_QUARTER, lambda m: (m[1], m[2], m[3])),
        (_QUARTER_FY, lambda m: (m[2], m[3], m[1])),
    ):
        if match := pattern.fullmatch(text):
            first_year, second_year, quarter = parts(match)
            year = _financial_year(first_year, second_year)
            if year is None:
                return None
            # Q1 is April to June.
            month = 4 + (int(quarter) - 1) * 3
            if month > 12:
                year, month = year + 1, month - 12
            return _months((year, month), (year, month + 2))
    if match := _FINANCIAL_YEAR.fullmatch(text):
        year = _financial_year(match[1], match[2])
        return _months((year, 4), (year + 1, 3)) if year is not None else None
    if match := _ONE_MONTH.fullmatch(text):
        month = _month_number(match[1])
        if month:
            year = _year(match[2])
            return _months((year, month), (year, month))
    return None
