"""Performance figures at national scale for `make bench`: every bench service (made by
tests/perf/national.py) a member of the bench programme, with ten years of official figures
for each youth justice indicator (a value per quarter), the national and regional comparators'
figures for the same periods, and a comparator family of the programme (`FAMILY_SIZE`
services, the first among them) whose figures are worked out from its members'.

Run as `python -m tests.perf.performance_pages` after tests.perf.national (bench.py does): it
adds the figures once, counts the queries of the service page and the programme table and
times them in-process (median of five), and prints the paths, counts and times as one JSON
object."""

import datetime
import json
import statistics
import sys
import time

YEARS = 10
FAMILY_SIZE = 12
LAST_QUARTER_END = datetime.date(2025, 3, 31)
BATCH = 5000


def quarter_ends(count: int) -> list[datetime.date]:
    """The last `count` quarter ends up to LAST_QUARTER_END, oldest first."""
    ends = []
    year, month = LAST_QUARTER_END.year, LAST_QUARTER_END.month
    for _ in range(count):
        first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
        ends.append(first_of_next - datetime.timedelta(days=1))
        month -= 3
        if month <= 0:
            month += 12
            year -= 1
    return list(reversed(ends))


def period_for(indicator, end: datetime.date) -> tuple[datetime.date, datetime.date]:
    months = 12 if indicator.period_kind in ("twelve_months", "year") else 3
    year, month = divmod(end.year * 12 + end.month - months, 12)
    return datetime.date(year, month + 1, 1), end


def released(indicator, end: datetime.date) -> datetime.date:
    year, month = divmod(end.year * 12 + end.month - 1 + indicator.lag_months, 12)
    return datetime.date(year, month + 1, 1)


def build() -> None:
    from django.db import transaction

    from accounts.models import MemberOrganisation, Organisation, Region
    from performance.enums import ComparatorKind, Provenance, Sector
    from performance.models import Comparator, Indicator, IndicatorValue
    from tests.perf.national import coordinator

    programme, _user = coordinator()
    services = list(Organisation.objects.filter(name__startswith="Bench YJS ").order_by("name"))
    if IndicatorValue.objects.filter(organisation__in=services[:1]).exists():
        return
    indicators = list(Indicator.objects.filter(sector=Sector.YOUTH_JUSTICE))
    ends = quarter_ends(YEARS * 4)
    with transaction.atomic():
        MemberOrganisation.objects.bulk_create(
            [MemberOrganisation(programme=programme, organisation=s) for s in services],
            ignore_conflicts=True,
        )
        national, _ = Comparator.objects.get_or_create(
            kind=ComparatorKind.NATIONAL, defaults={"name": "England and Wales"}
        )
        comparators = [national]
        for region in Region.objects.filter(pk__in={s.region_id for s in services}):
            comparator, _ = Comparator.objects.get_or_create(
                kind=ComparatorKind.REGION, region=region, defaults={"name": region.name}
            )
            comparators.append(comparator)
        # A comparator family of the programme, whose figures are worked out from its
        # members' as the pages read them: the first service's page and the table show it.
        family, _ = Comparator.objects.get_or_create(
            kind=ComparatorKind.FAMILY, programme=programme, name="Bench comparator family"
        )
        family.members.set(services[:FAMILY_SIZE])
        rows = []
        for indicator in indicators:
            for number, end in enumerate(ends):
                start, end = period_for(indicator, end)
                common = {
                    "indicator": indicator,
                    "period_start": start,
                    "period_end": end,
                    "provenance": Provenance.OFFICIAL,
                    "source": "Bench youth justice statistics",
                    "released_on": released(indicator, end),
                }
                for index, service in enumerate(services):
                    value = 50 + (index * 37 + number * 11 + indicator.pk * 5) % 400
                    rows.append(IndicatorValue(organisation=service, value=value, **common))
                for index, comparator in enumerate(comparators):
                    value = 180 + (index * 13 + number * 7) % 60
                    rows.append(IndicatorValue(comparator=comparator, value=value, **common))
        # The demo (seeded first) has figures of its own for England and Wales and the regions:
        # those are kept.
        IndicatorValue.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)


def main() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import Organisation
    from tests.perf.national import coordinator

    build()
    programme, user = coordinator()
    service = Organisation.objects.filter(name__startswith="Bench YJS ").order_by("name").first()
    paths = {
        "service": f"/performance/services/{service.pk}/",
        "programme": f"/performance/programmes/{programme.pk}/",
    }
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    queries = {}
    median_ms = {}
    for name, path in paths.items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries[name] = len(captured)
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
        median_ms[name] = statistics.median(samples)
    json.dump({"paths": paths, "queries": queries, "median_ms": median_ms}, sys.stdout)


if __name__ == "__main__":
    main()
