"""`make bench`, importing performance figures (issue 16): a national-scale release, shaped
like the Ministry of Justice's youth justice statistics, imported through
performance.importing as the import pages do (read, checked, written all or nothing).

The release: every youth justice service in England and Wales (SERVICES, in REGIONS.count
regions), ten years of quarters, three indicators (first-time entrants and use of custody over
twelve months to each quarter's end, the binary re-offending rate of each quarter's cohort),
with England and Wales, each region and each service's statistical neighbours: about 38,500
rows. Timed: the first import (every figure added), the same file again (every figure
unchanged, nothing written) and a revision changing one figure in a hundred.

Run alone with `python -m tests.perf.performance_data` on the configured database
(DATABASE_URL; a fresh SQLite file when none is set, migrated first). Prints a table; speed is
reported here, never asserted in tests (tests/performance/test_import_national.py checks the
counts). The machine may be shared with other work: times vary with its load.
"""

import datetime
import os
import sys
import tempfile
import time
import zlib

SERVICES = 155
REGIONS = 10
QUARTERS = 40
# The last quarter of the release: fixed, so the file is the same whenever it is built.
LAST_QUARTER_END = datetime.date(2024, 12, 31)
INDICATORS = {
    # Indicator name as the release writes it, its period, and its value's range.
    "First-time entrants": ("twelve_months", 100, 300),
    "Re-offending (binary)": ("quarter", 20, 45),
    "Custody": ("twelve_months", 0, 1),
}
HEADER = ["Area", "Time period", "Indicator", "Value", "Numerator", "Denominator"]
BENCH_USER = "bench.importer@example.org"


def service_names() -> list[str]:
    return [f"Bench Town {number:03d} Youth Justice Service" for number in range(1, SERVICES + 1)]


def region_names() -> list[str]:
    return [f"Bench Region {number:02d}" for number in range(1, REGIONS + 1)]


def quarter_ends(last: datetime.date = LAST_QUARTER_END, count: int = QUARTERS):
    ends = []
    year, month = last.year, last.month
    for _ in range(count):
        first_of_next = datetime.date(year + month // 12, month % 12 + 1, 1)
        ends.append(first_of_next - datetime.timedelta(days=1))
        month -= 3
        if month <= 0:
            year, month = year - 1, month + 12
    return ends[::-1]


def _months_back(end: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months - 1` before `end`'s month."""
    total = end.year * 12 + end.month - 1 - (months - 1)
    return datetime.date(total // 12, total % 12 + 1, 1)


def period_text(kind: str, end: datetime.date) -> str:
    """The period as releases write it: "Apr 2021 - Mar 2022" or "Jan-Mar 2022"."""
    if kind == "quarter":
        start = _months_back(end, 3)
        return f"{start:%b}-{end:%b %Y}"
    start = _months_back(end, 12)
    return f"{start:%b %Y} - {end:%b %Y}"


def _value(low: int, high: int, *parts: object) -> str:
    fraction = (zlib.crc32("|".join(map(str, parts)).encode()) % 100_000) / 100_000
    return f"{low + (high - low) * fraction:.4f}"


def release_rows(revision: int = 0) -> list[list[str]]:
    """The release's rows, the header first. `revision` > 0 changes one figure in a hundred
    (as a revised release does)."""
    services = service_names()
    areas = [
        "England and Wales",
        *region_names(),
        *services,
        *(f"Statistical neighbours of {name}" for name in services),
    ]
    rows = [HEADER]
    number = 0
    for indicator, (kind, low, high) in INDICATORS.items():
        for end in quarter_ends():
            period = period_text(kind, end)
            for area in areas:
                number += 1
                value = _value(low, high, area, indicator, end)
                if revision and number % 100 == 0:
                    value = _value(low, high, area, indicator, end, revision)
                rows.append([area, period, indicator, value, "", ""])
    return rows


def expected_rows() -> int:
    areas = 1 + REGIONS + 2 * SERVICES
    return areas * QUARTERS * len(INDICATORS)


def build_world():
    """The regions and services (each service in a region, in turn) and the person
    importing; made once, found again after."""
    from accounts.enums import Nation, OrganisationKind
    from accounts.models import Organisation, Region, User

    regions = []
    for number, name in enumerate(region_names(), start=1):
        region, _created = Region.objects.get_or_create(
            name=name,
            defaults={
                "code": f"B{number:08d}",
                "nation": Nation.WALES if number == REGIONS else Nation.ENGLAND,
            },
        )
        regions.append(region)
    existing = set(Organisation.objects.values_list("name", flat=True))
    Organisation.objects.bulk_create(
        Organisation(
            name=name,
            kind=OrganisationKind.YOUTH_JUSTICE_SERVICE,
            region=regions[index % len(regions)],
        )
        for index, name in enumerate(service_names())
        if name not in existing
    )
    user = User.objects.filter(email=BENCH_USER).first()
    if user is None:
        user = User.objects.create_user(BENCH_USER, None, full_name="Bench Importer")
    return user


def import_release(rows: list[list[str]], user, file_name: str):
    """Read the file's bytes, check and import it as the pages do: the preview, the
    ReleaseImport (None when nothing was new) and each step's seconds."""
    from core.tabular import read_csv
    from performance import importing
    from performance.enums import Provenance
    from tests.exports import csv_bytes

    content = csv_bytes(rows)
    started = time.perf_counter()
    header, body = read_csv(content, max_rows=importing.MAX_ROWS)
    read = time.perf_counter()
    preview = importing.check(
        rows=body, mapping=importing.guess_mapping(header), provenance=Provenance.OFFICIAL
    )
    checked = time.perf_counter()
    release = None
    if not preview.errors and not preview.adds_nothing:
        release = importing.import_release(
            preview=preview,
            by=user,
            file_name=file_name,
            provenance=Provenance.OFFICIAL,
            source="Ministry of Justice youth justice statistics",
            released_on=datetime.date(2025, 10, 30),
        )
    written = time.perf_counter()
    return (
        preview,
        release,
        {"read": read - started, "check": checked - read, "write": written - checked},
    )


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerreview.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DEBUG", "off")
    if "DATABASE_URL" not in os.environ:
        workdir = tempfile.mkdtemp(prefix="peerreview-bench-performance-")
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    user = build_world()
    print(
        f"Importing performance figures: {SERVICES} services in {REGIONS} regions, "
        f"{QUARTERS} quarters, {len(INDICATORS)} indicators, with comparators: "
        f"{expected_rows():,} rows."
    )
    print(
        f"{'Import':<34}{'rows':>8}{'added':>8}{'changed':>9}{'same':>8}"
        f"{'read s':>8}{'check s':>9}{'write s':>9}{'total s':>9}"
    )
    failed = False
    for label, revision in (
        ("first import", 0),
        ("the same file again", 0),
        ("a revision (1 in 100 changed)", 1),
    ):
        preview, _release, seconds = import_release(
            release_rows(revision), user, f"bench-release-{revision}.csv"
        )
        failed |= bool(preview.errors)
        print(
            f"{label:<34}{preview.rows_read:>8,}{preview.added:>8,}{preview.changed:>9,}"
            f"{preview.unchanged:>8,}{seconds['read']:>8.1f}{seconds['check']:>9.1f}"
            f"{seconds['write']:>9.1f}{sum(seconds.values()):>9.1f}"
        )
        for problem in preview.errors[:5]:
            print(f"  problem: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
