"""Importing performance figures from a CSV or Excel file shaped like the official releases
(the Ministry of Justice's youth justice statistics: a row per service or comparator, period
and indicator, with the value, and the numerator and denominator where given) or a service's
own tracker: the same upload, mapping, preview and all-or-nothing import as improvement plans'
(core.tabular reads the file and tells its problems).

Rows name a service (matched by name, see matching) or a comparator (England and Wales, a
region, Statistical neighbours of a service); an indicator (a column, or one for the whole
file); a period (as releases write it, see periods, or a start and an end date). Figures
already kept with the same provenance are compared: a changed one is updated (its history
keeps what it said), an unchanged one left alone.

The package, by responsibility: fields (the fields and guessing the mapping), periods,
matching (services and comparators), problems (grouped errors), checking (rows into a
Preview) and writing (import_release)."""

from .checking import ADDED, CHANGED, UNCHANGED, Figure, Preview, check, parse_figure
from .fields import FIELD_KEYS, FIELDS, MAX_ROWS, guess_mapping
from .matching import name_key, place_key
from .periods import parse_period
from .writing import NATIONAL_NAME, ChangedSinceError, import_release

__all__ = [
    "ADDED",
    "CHANGED",
    "FIELDS",
    "FIELD_KEYS",
    "MAX_ROWS",
    "NATIONAL_NAME",
    "UNCHANGED",
    "ChangedSinceError",
    "Figure",
    "Preview",
    "check",
    "guess_mapping",
    "import_release",
    "name_key",
    "parse_figure",
    "parse_period",
    "place_key",
]
