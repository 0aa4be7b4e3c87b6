"""The fields a release's columns map to, and guessing the mapping from the headers the
official releases and services' trackers use."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from core.tabular import guess_columns

# The largest file of figures: a national release (every service, ten years of quarters,
# several indicators, with their comparators) fits.
MAX_ROWS = 60_000


@dataclass(frozen=True)
class Field:
    key: str
    label: object  # lazy text
    required: bool = False
    # Headers releases and trackers use for it (compared casefolded, without punctuation).
    aliases: tuple[str, ...] = ()


FIELDS = [
    Field(
        "area",
        gettext_lazy("Service or comparator"),
        required=True,
        aliases=(
            "service",
            "yjs",
            "yot",
            "youth justice service",
            "youth offending team",
            "local authority",
            "la",
            "area",
            "area name",
            "organisation",
            "geography",
            "name",
        ),
    ),
    Field(
        "indicator",
        gettext_lazy("Indicator"),
        aliases=("measure", "indicator name", "metric", "kpi"),
    ),
    Field(
        "period",
        gettext_lazy("Period"),
        aliases=("time period", "period", "quarter", "cohort", "year", "financial year", "date"),
    ),
    Field(
        "period_start",
        gettext_lazy("Period starts"),
        aliases=("start", "start date", "period start", "from"),
    ),
    Field(
        "period_end",
        gettext_lazy("Period ends"),
        aliases=("end", "end date", "period end", "to"),
    ),
    Field(
        "value",
        gettext_lazy("Value"),
        required=True,
        aliases=("rate", "figure", "percentage", "proportion", "result"),
    ),
    Field(
        "numerator",
        gettext_lazy("Numerator"),
        aliases=("count", "number", "first time entrants", "reoffenders", "custodial sentences"),
    ),
    Field(
        "denominator",
        gettext_lazy("Denominator"),
        aliases=("population", "cohort size", "offenders in cohort", "10 17 population"),
    ),
]
FIELD_KEYS = [item.key for item in FIELDS]


def guess_mapping(header: list[str]) -> dict[str, str]:
    """For each field, the index (as text) of the column that holds it, or "": the column
    named as the field, else one with a header releases commonly use for it."""
    return guess_columns(
        header,
        [
            {item.key: (str(item.label),) for item in FIELDS},
            {item.key: item.aliases for item in FIELDS},
        ],
    )


def label(key: str):
    return next(item.label for item in FIELDS if item.key == key)
