"""A release's problems, grouped by cause with a count, the rows and the fix (core.tabular
tells them), and by row for the preview's table of rows with problems."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from core.tabular import Problem, RowProblem, problem_rows, rows_text, values_text

# Each cause of a row's problem: its message (singular, plural) with %(count)s rows,
# %(values)s (the distinct values at fault) and %(rows)s; the fix follows a colon.
_CAUSES = {
    "no_area": ngettext_lazy(
        "%(count)s row has no service or comparator (%(rows)s): fill it in",
        "%(count)s rows have no service or comparator (%(rows)s): fill them in",
        "count",
    ),
    "unknown_area": ngettext_lazy(
        "%(count)s row names a service or comparator we do not recognise: %(values)s "
        "(%(rows)s): write the service's name as this service has it, England and Wales, a "
        "region's name, Statistical neighbours of a service or the name of one of your "
        "programmes' comparator families",
        "%(count)s rows name a service or comparator we do not recognise: %(values)s "
        "(%(rows)s): write the service's name as this service has it, England and Wales, a "
        "region's name, Statistical neighbours of a service or the name of one of your "
        "programmes' comparator families",
        "count",
    ),
    "not_yours": ngettext_lazy(
        "%(count)s row is for a service you are not the service lead of: %(values)s "
        "(%(rows)s): import figures for your own service only",
        "%(count)s rows are for a service you are not the service lead of: %(values)s "
        "(%(rows)s): import figures for your own service only",
        "count",
    ),
    "comparator": ngettext_lazy(
        "%(count)s row is a comparator's figure: %(values)s (%(rows)s): comparators' "
        "figures are imported by coordinators, so leave it out",
        "%(count)s rows are comparators' figures: %(values)s (%(rows)s): comparators' "
        "figures are imported by coordinators, so leave them out",
        "count",
    ),
    "no_indicator": ngettext_lazy(
        "%(count)s row has no indicator (%(rows)s): fill it in",
        "%(count)s rows have no indicator (%(rows)s): fill them in",
        "count",
    ),
    "unknown_indicator": ngettext_lazy(
        "%(count)s row has an indicator we do not recognise: %(values)s (%(rows)s): use "
        "%(indicators)s",
        "%(count)s rows have an indicator we do not recognise: %(values)s (%(rows)s): use "
        "%(indicators)s",
        "count",
    ),
    "no_period": ngettext_lazy(
        "%(count)s row has no period (%(rows)s): fill it in",
        "%(count)s rows have no period (%(rows)s): fill them in",
        "count",
    ),
    "bad_period": ngettext_lazy(
        "%(count)s row has a period we do not recognise: %(values)s (%(rows)s): write periods "
        "like Apr 2021 - Mar 2022, Oct-Dec 2019, January to December 2021, 2021/22 Q4 or "
        "2021/22",
        "%(count)s rows have a period we do not recognise: %(values)s (%(rows)s): write "
        "periods like Apr 2021 - Mar 2022, Oct-Dec 2019, January to December 2021, 2021/22 Q4 "
        "or 2021/22",
        "count",
    ),
    "bad_date": ngettext_lazy(
        "%(count)s row has a period's start or end date we do not recognise: %(values)s "
        "(%(rows)s): write dates like 31/03/2022 or 31 March 2022",
        "%(count)s rows have a period's start or end date we do not recognise: %(values)s "
        "(%(rows)s): write dates like 31/03/2022 or 31 March 2022",
        "count",
    ),
    "period_order": ngettext_lazy(
        "%(count)s row has a period that ends before it starts (%(rows)s): correct the dates",
        "%(count)s rows have a period that ends before it starts (%(rows)s): correct the dates",
        "count",
    ),
    "future": ngettext_lazy(
        "%(count)s row has a period that ends in the future: %(values)s (%(rows)s): import "
        "figures for periods that have ended",
        "%(count)s rows have a period that ends in the future: %(values)s (%(rows)s): import "
        "figures for periods that have ended",
        "count",
    ),
    "no_value": ngettext_lazy(
        "%(count)s row has no value (%(rows)s): fill it in, or leave the row out",
        "%(count)s rows have no value (%(rows)s): fill them in, or leave the rows out",
        "count",
    ),
    "bad_number": ngettext_lazy(
        "%(count)s row has a value, numerator or denominator that is not a number: "
        "%(values)s (%(rows)s): write numbers like 12.5, 1,200 or 45%%",
        "%(count)s rows have a value, numerator or denominator that is not a number: "
        "%(values)s (%(rows)s): write numbers like 12.5, 1,200 or 45%%",
        "count",
    ),
    "twice": ngettext_lazy(
        "%(count)s row gives a second, different value for the same figure: %(values)s "
        "(%(rows)s): keep one value for each service or comparator, indicator and period",
        "%(count)s rows give a second, different value for the same figure: %(values)s "
        "(%(rows)s): keep one value for each service or comparator, indicator and period",
        "count",
    ),
}
_AMBIGUOUS = ngettext_lazy(
    "%(count)s row names '%(name)s', which could be %(candidates)s (%(rows)s): write the "
    "service's full name",
    "%(count)s rows name '%(name)s', which could be %(candidates)s (%(rows)s): write the "
    "service's full name",
    "count",
)

# What is wrong with one row, in the preview's table of rows with problems.
_SHORT = {
    "no_area": gettext_lazy("No service or comparator"),
    "unknown_area": gettext_lazy("Service or comparator not recognised"),
    "ambiguous": gettext_lazy("Could be more than one service"),
    "not_yours": gettext_lazy("Not your service"),
    "comparator": gettext_lazy("A comparator's figure"),
    "no_indicator": gettext_lazy("No indicator"),
    "unknown_indicator": gettext_lazy("Indicator not recognised"),
    "no_period": gettext_lazy("No period"),
    "bad_period": gettext_lazy("Period not recognised"),
    "bad_date": gettext_lazy("Date not recognised"),
    "period_order": gettext_lazy("Period ends before it starts"),
    "future": gettext_lazy("Period ends in the future"),
    "no_value": gettext_lazy("No value"),
    "bad_number": gettext_lazy("Not a number"),
    "twice": gettext_lazy("A second value for the same figure"),
}


class Problems:
    """Row problems collected by cause (in the order first met), then told as one Problem
    each; and by row, for the preview."""

    def __init__(self, indicators: list[str]) -> None:
        self.indicators = indicators
        self.causes: dict[str, tuple[list[str], list[str]]] = {}
        # An ambiguous name's candidates.
        self.candidates: dict[str, tuple[str, ...]] = {}
        self.by_row: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.causes)

    def add(self, cause: str, row: str, value: str = "") -> None:
        rows, values = self.causes.setdefault(cause, ([], []))
        if row not in rows:
            rows.append(row)
        if value and value not in values:
            values.append(value)
        short = str(_SHORT[cause.split(":", 1)[0]])
        if value:
            short = f"{short}: '{value}'"
        self.by_row.setdefault(row, []).append(short)

    def ambiguous(self, row: str, name: str, candidates: tuple[str, ...]) -> None:
        self.candidates[name] = candidates
        self.add(f"ambiguous:{name}", row, name)

    def rows(self, rows: list[list[str]]) -> list[RowProblem]:
        return problem_rows(self.by_row, rows)

    def problems(self) -> list[Problem]:
        told = []
        for cause, (rows, values) in self.causes.items():
            context = {"count": len(rows), "rows": rows_text(rows), "values": values_text(values)}
            if cause.startswith("ambiguous:"):
                name = cause.removeprefix("ambiguous:")
                *others, last = self.candidates[name]
                context |= {
                    "name": name,
                    "candidates": _("%(others)s or %(last)s")
                    % {"others": ", ".join(others), "last": last},
                }
                message = _AMBIGUOUS
            else:
                message = _CAUSES[cause]
                context["indicators"] = ", ".join(self.indicators)
            told.append(Problem(message % context, rows))
        return told
