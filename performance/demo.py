"""The demo world's performance figures, sector by sector (`SECTORS`): for every demo youth
justice service, the official quarterly figures of the four youth justice indicators over six
years, and for every demo children's services organisation the yearly figures (to 31 March) of
two children's services indicators the demo defines itself (`CHILDRENS_SERVICES_INDICATORS`:
indicators are data, added in the admin, so no migration puts these in place), each ending at
the latest period released by today (the indicator's lag after the period's end); the same for
England and Wales, each region with a demo service of the sector, and each service's
statistical neighbours, one release import per sector; and a few local, unofficial figures
from Northdale's live tracker, for the quarters the official release has not reached yet; and
a comparator family of YJSIP's (`FAMILY_NAME`: Northdale and two other northern services),
whose figures the pages work out from its members'.

The figures are invented, worked out from the service's (or comparator's) name, the indicator
and the period (not random per run): a level for the name, a gentle trend and a wobble each
period, with numerators and denominators that give the value. Seeding again adds only the
periods released since (the demo is seeded relative to today) and changes nothing else."""

import calendar
import datetime
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.enums import OrganisationKind
from accounts.models import Organisation, Programme, Region, User

from .enums import ComparatorKind, PeriodKind, Provenance, Sector
from .importing.writing import NATIONAL_NAME
from .indicators import youth_justice_indicators_ensure
from .models import Comparator, Indicator, IndicatorValue, ReleaseImport

YEARS = 6
OFFICIAL_SOURCE = "Ministry of Justice youth justice statistics"
CHILDRENS_SERVICES_SOURCE = "Department for Education children's social care statistics"
LOCAL_SERVICE = "Northdale Youth Justice Service"
LOCAL_SOURCE = "Northdale live tracker"
IMPORTED_BY = "admin@example.org"
FAMILY_PROGRAMME = "YJSIP"
FAMILY_NAME = "Northern youth justice services"
FAMILY_MEMBERS = [
    "Northdale Youth Justice Service",
    "Ashburn Youth Justice Service",
    "Westmere Youth Justice Service",
]

# Each indicator's level (lowest, highest), yearly trend and the size of its denominator
# (lowest, highest): the population for a rate, the cohort otherwise.
_SHAPES = {
    "yj-first-time-entrants": ((110, 260), Decimal("-0.04"), (14_000, 42_000)),
    "yj-reoffending-binary": ((26, 40), Decimal("-0.01"), (60, 220)),
    "yj-reoffending-frequency": ((Decimal("2.6"), Decimal("4.4")), Decimal("-0.01"), (20, 80)),
    "yj-custody": ((Decimal("0.05"), Decimal("0.40")), Decimal("-0.03"), (14_000, 42_000)),
    "cs-re-referrals": ((15, 28), Decimal("-0.01"), (900, 3_200)),
    "cs-care-leavers-eet": ((45, 68), Decimal("0.015"), (60, 260)),
}

# The demo's children's services indicators, published yearly (1 April to 31 March) by the
# Department for Education each November.
CHILDRENS_SERVICES_INDICATORS = [
    {
        "code": "cs-re-referrals",
        "name": "Re-referrals to children's social care within 12 months",
        "short_name": "Re-referrals",
        "unit": "percentage",
        "rate_base": None,
        "population": "the referrals in the year",
        "lower_is_better": True,
        "period_kind": "year",
        "lag_months": 7,
        "decimal_places": 1,
        "order": 10,
        "description": (
            "The percentage of the year's referrals to children's social care that came within "
            "12 months of an earlier referral of the same child."
        ),
    },
    {
        "code": "cs-care-leavers-eet",
        "name": "Care leavers aged 19 to 21 in education, employment or training",
        "short_name": "Care leavers in education, employment or training",
        "unit": "percentage",
        "rate_base": None,
        "population": "care leavers aged 19 to 21",
        "lower_is_better": False,
        "period_kind": "year",
        "lag_months": 7,
        "decimal_places": 1,
        "order": 20,
        "description": (
            "The percentage of care leavers aged 19 to 21 known to be in education, employment "
            "or training."
        ),
    },
]


def childrens_services_indicators_ensure() -> None:
    """Create or update the demo's children's services indicators."""
    for data in CHILDRENS_SERVICES_INDICATORS:
        Indicator.objects.update_or_create(
            code=data["code"], defaults={**data, "sector": Sector.CHILDRENS_SERVICES}
        )


@dataclass(frozen=True)
class DemoSector:
    """One sector's demo figures: its indicators (put in place by `ensure`), the services
    they are for, the official release's source and file name, and the service (if any) with
    a live tracker."""

    sector: str
    kind: str
    ensure: Callable[[], None]
    source: str
    file_stem: str
    local_service: str | None = None


SECTORS = (
    DemoSector(
        Sector.YOUTH_JUSTICE,
        OrganisationKind.YOUTH_JUSTICE_SERVICE,
        youth_justice_indicators_ensure,
        OFFICIAL_SOURCE,
        "youth-justice-statistics",
        LOCAL_SERVICE,
    ),
    DemoSector(
        Sector.CHILDRENS_SERVICES,
        OrganisationKind.CHILDRENS_SERVICES,
        childrens_services_indicators_ensure,
        CHILDRENS_SERVICES_SOURCE,
        "childrens-social-care-statistics",
    ),
)


def _unit(*parts: object) -> Decimal:
    """A number from 0 to 1 worked out from `parts` (the same every run)."""
    return Decimal(zlib.crc32("|".join(map(str, parts)).encode()) % 10_000) / 10_000


def _between(low, high, fraction: Decimal) -> Decimal:
    return Decimal(low) + (Decimal(high) - Decimal(low)) * fraction


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The last day of the month `months` after `day`'s month."""
    month = day.year * 12 + day.month - 1 + months
    year, month = divmod(month, 12)
    return datetime.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def quarter_end_on_or_before(day: datetime.date) -> datetime.date:
    """The last day of the last quarter (to March, June, September, December) ending by `day`."""
    end = _add_months(day, 0)
    while end.month % 3 or end > day:
        end = _add_months(end, -1)
    return end


def step_months(indicator: Indicator) -> int:
    """Months from one period's end to the next's: a year's periods end each 31 March, the
    others (quarters, and 12 months rolled on each quarter) each quarter."""
    return 12 if indicator.period_kind == PeriodKind.YEAR else 3


def period_end_on_or_before(indicator: Indicator, day: datetime.date) -> datetime.date:
    """The end of the indicator's last period ending by `day`."""
    end = quarter_end_on_or_before(day)
    while indicator.period_kind == PeriodKind.YEAR and end.month != 3:
        end = _add_months(end, -3)
    return end


def latest_released(indicator: Indicator, today: datetime.date) -> datetime.date:
    """The end of the latest period the official figures are out for by `today`."""
    return period_end_on_or_before(indicator, _add_months(today, -indicator.lag_months))


def _start(indicator: Indicator, end: datetime.date) -> datetime.date:
    quarterly = indicator.period_kind in (PeriodKind.QUARTER, PeriodKind.COHORT_QUARTER)
    return _add_months(end, -(3 if quarterly else 12)) + datetime.timedelta(days=1)


def figure(indicator: Indicator, name: str, end: datetime.date) -> dict:
    """The demo's value, numerator and denominator of `name` for the period ending `end`."""
    (low, high), trend, (smallest, largest) = _SHAPES[indicator.code]
    level = _between(low, high, _unit(name, indicator.code))
    years = Decimal(end.year - 2020) + Decimal(end.month) / 12
    wobble = (_unit(name, indicator.code, end) - Decimal("0.5")) / 10
    value = level * (1 + trend * years + wobble)
    denominator = _between(smallest, largest, _unit(name, "size")).quantize(Decimal(1))
    if indicator.unit == "rate":
        numerator = (value * denominator / indicator.rate_base).quantize(Decimal(1))
        value = numerator * indicator.rate_base / denominator
    elif indicator.unit == "percentage":
        numerator = (value * denominator / 100).quantize(Decimal(1))
        value = numerator * 100 / denominator
    else:
        # Re-offences per re-offender: the denominator is the re-offenders.
        numerator = (value * denominator).quantize(Decimal(1))
        value = numerator / denominator
    return {
        "value": value.quantize(Decimal("0.0001")),
        "numerator": numerator,
        "denominator": denominator,
    }


def _comparators(services: list[Organisation]) -> list[Comparator]:
    national, _created = Comparator.objects.get_or_create(
        kind=ComparatorKind.NATIONAL, defaults={"name": NATIONAL_NAME}
    )
    found = [national]
    for region in Region.objects.filter(pk__in={service.region_id for service in services}):
        comparator, _created = Comparator.objects.get_or_create(
            kind=ComparatorKind.REGION, region=region, defaults={"name": region.name}
        )
        found.append(comparator)
    for service in services:
        comparator, _created = Comparator.objects.get_or_create(
            kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
            organisation=service,
            defaults={"name": f"Statistical neighbours of {service.name}"},
        )
        found.append(comparator)
    return found


@transaction.atomic
def seed(*, password: str) -> list:
    """Add the demo's figures not yet kept. Returns no demo sign-ins of its own."""
    today = timezone.localdate()
    by = (
        User.objects.filter(email=IMPORTED_BY).first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    for sector in SECTORS:
        sector.ensure()
        _seed_sector(sector, today, by)
    _family()
    return []


def _family() -> None:
    """YJSIP's comparator family of northern services, made once (its figures are worked out
    from its members' as the pages read them)."""
    programme = Programme.objects.filter(short_name=FAMILY_PROGRAMME).first()
    members = list(Organisation.objects.filter(name__in=FAMILY_MEMBERS))
    if programme is None or len(members) < 2:
        return
    family, created = Comparator.objects.get_or_create(
        kind=ComparatorKind.FAMILY, programme=programme, name=FAMILY_NAME
    )
    if created:
        family.members.set(members)


def _seed_sector(sector: DemoSector, today: datetime.date, by: User | None) -> None:
    indicators = list(Indicator.objects.filter(sector=sector.sector))
    services = list(Organisation.objects.filter(kind=sector.kind).order_by("name"))
    if not indicators or not services:
        return
    comparators = _comparators(services)
    kept = set(
        IndicatorValue.objects.filter(indicator__in=indicators).values_list(
            "indicator_id", "organisation_id", "comparator_id", "period_end", "provenance"
        )
    )
    official: list[IndicatorValue] = []
    local: list[IndicatorValue] = []
    latest = max(latest_released(indicator, today) for indicator in indicators)
    released_on = min(today, latest + datetime.timedelta(days=120))
    tracked = next((s for s in services if s.name == sector.local_service), None)
    areas = [(service, None, service.name) for service in services] + [
        (None, comparator, comparator.name) for comparator in comparators
    ]
    for indicator in indicators:
        last = latest_released(indicator, today)
        step = step_months(indicator)
        ends = [_add_months(last, -step * back) for back in range(YEARS * 12 // step)]
        for organisation, comparator, name in areas:
            for end in ends:
                key = (
                    indicator.pk,
                    organisation.pk if organisation else None,
                    comparator.pk if comparator else None,
                    end,
                    Provenance.OFFICIAL,
                )
                if key in kept:
                    continue
                official.append(
                    IndicatorValue(
                        indicator=indicator,
                        organisation=organisation,
                        comparator=comparator,
                        period_start=_start(indicator, end),
                        period_end=end,
                        provenance=Provenance.OFFICIAL,
                        source=sector.source,
                        released_on=released_on,
                        **figure(indicator, name, end),
                    )
                )
        # The live tracker: the periods since the latest official release.
        end = _add_months(last, step)
        while tracked and end <= period_end_on_or_before(indicator, today):
            key = (indicator.pk, tracked.pk, None, end, Provenance.LOCAL)
            if key not in kept:
                local.append(
                    IndicatorValue(
                        indicator=indicator,
                        organisation=tracked,
                        period_start=_start(indicator, end),
                        period_end=end,
                        provenance=Provenance.LOCAL,
                        source=LOCAL_SOURCE,
                        **figure(indicator, tracked.name, end),
                    )
                )
            end = _add_months(end, step)
    for values, provenance, source, file_name in (
        (official, Provenance.OFFICIAL, sector.source, f"{sector.file_stem}-{latest:%Y-%m}.xlsx"),
        (local, Provenance.LOCAL, LOCAL_SOURCE, "northdale-live-tracker.xlsx"),
    ):
        if not values or by is None:
            continue
        release = ReleaseImport.objects.create(
            file_name=file_name,
            source=source,
            provenance=provenance,
            released_on=released_on if provenance == Provenance.OFFICIAL else None,
            imported_by=by,
            rows=len(values),
            created_count=len(values),
        )
        for value in values:
            value.release_import = release
        bulk_create_with_history(values, IndicatorValue, batch_size=2000, default_user=by)
