"""Access cases for importing performance figures (/performance/import/) and the performance
admin: merged into the main MATRIX.

Technical staff and programme coordinators import official figures, a service lead its own
local ones: the list and the upload page answer them, 403 everyone else signed in. The mapping
step reads the uploaded rows from the person's session by a token: the matrix visits it with a
token that is not in the session, so those who may import get 404 (nothing to map).

The admin is technical staff's: indicators and comparators are edited there; figures and
imports are read (and deleted), never added by hand."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from .matrix import LOGIN, Case, answers, model_admin_cases, superuser_admin_cases

IMPORTERS = answers(403, anonymous=LOGIN, coordinator=200, service_lead=200, superuser=200)
IMPORT_MAP = answers(403, anonymous=LOGIN, coordinator=404, service_lead=404, superuser=404)
UNKNOWN_TOKEN = "00000000-0000-4000-8000-000000000000"


def world(base: SimpleNamespace) -> dict:
    """A figure of the world's service, from an import, and the national comparator."""
    from performance.enums import ComparatorKind, Provenance
    from performance.models import Comparator, Indicator, IndicatorValue, ReleaseImport

    release = ReleaseImport.objects.create(
        file_name="release.csv",
        source="Ministry of Justice youth justice statistics",
        provenance=Provenance.OFFICIAL,
        imported_by=base.users["superuser"],
    )
    indicator = Indicator.objects.get(code="yj-first-time-entrants")
    # Seeded by a migration, with no history yet: a save gives it one.
    indicator.save()
    value = IndicatorValue.objects.create(
        indicator=indicator,
        organisation=base.organisation,
        period_start=datetime.date(2021, 4, 1),
        period_end=datetime.date(2022, 3, 31),
        value=Decimal("180.5"),
        provenance=Provenance.OFFICIAL,
        source=release.source,
        release_import=release,
    )
    comparator = Comparator.objects.create(kind=ComparatorKind.NATIONAL, name="England and Wales")
    return {
        "performance_release_import": release,
        "performance_indicator": indicator,
        "performance_value": value,
        "performance_comparator": comparator,
    }


CASES = {
    "performance_import:list": Case(IMPORTERS),
    "performance_import:upload": Case(IMPORTERS),
    "performance_import:map": Case(IMPORT_MAP, args=lambda w: [UNKNOWN_TOKEN]),
    **model_admin_cases("indicator", app="performance", obj=lambda w: w.performance_indicator.pk),
    **model_admin_cases("comparator", app="performance", obj=lambda w: w.performance_comparator.pk),
    **superuser_admin_cases("performance_indicatorvalue", obj=lambda w: w.performance_value.pk),
    **superuser_admin_cases(
        "performance_releaseimport", obj=lambda w: w.performance_release_import.pk
    ),
    "admin:performance_indicator_simple_history": Case(
        answers(403, anonymous=LOGIN, superuser=200),
        args=lambda w: [w.performance_indicator.pk, w.performance_indicator.history.first().pk],
    ),
    "admin:performance_comparator_simple_history": Case(
        answers(403, anonymous=LOGIN, superuser=200),
        args=lambda w: [w.performance_comparator.pk, w.performance_comparator.history.first().pk],
    ),
    "admin:performance_indicatorvalue_simple_history": Case(
        answers(403, anonymous=LOGIN, superuser=200),
        args=lambda w: [w.performance_value.pk, w.performance_value.history.first().pk],
    ),
}
