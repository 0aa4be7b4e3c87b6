"""A national-scale release imports: every youth justice service in England and Wales, ten
years of quarters, three indicators, with England and Wales, each region and each service's
statistical neighbours (the file `make bench` times, tests/perf/performance_data.py); the
counts are checked, never the time."""

import pytest

from performance.enums import ComparatorKind
from performance.models import Comparator, IndicatorValue, ReleaseImport
from tests.perf import performance_data as national

pytestmark = pytest.mark.django_db


def test_a_national_release_imports_with_the_right_counts():
    user = national.build_world()
    rows = national.release_rows()
    assert len(rows) - 1 == national.expected_rows()
    preview, release, _seconds = national.import_release(rows, user, "national.csv")
    assert preview.errors == []
    assert (preview.added, preview.changed, preview.unchanged) == (national.expected_rows(), 0, 0)
    assert release == ReleaseImport.objects.get()
    assert (release.rows, release.created_count, release.changed_count) == (
        national.expected_rows(),
        national.expected_rows(),
        0,
    )
    assert IndicatorValue.objects.count() == national.expected_rows()
    per_area = national.QUARTERS * len(national.INDICATORS)
    assert IndicatorValue.objects.filter(organisation__isnull=False).count() == (
        national.SERVICES * per_area
    )
    kinds = Comparator.objects.values_list("kind", flat=True)
    assert sorted(set(kinds)) == sorted(
        [ComparatorKind.NATIONAL, ComparatorKind.REGION, ComparatorKind.STATISTICAL_NEIGHBOURS]
    )
    assert len(kinds) == 1 + national.REGIONS + national.SERVICES
