"""Importing performance figures: upload a release, map its columns, preview how many figures
are added, changed and unchanged, import all or nothing; re-importing a release changes only
what changed and keeps history; every problem is told grouped by cause; who may import what."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import OrganisationKind
from performance import importing
from performance.enums import ComparatorKind, Provenance
from performance.models import Comparator, Indicator, IndicatorValue, ReleaseImport
from tests import factories
from tests.exports import csv_bytes, xlsx_bytes
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db

HEADER = ["Area", "Time period", "Indicator", "Rate", "Count", "Population"]
FTE = "First-time entrants"


@pytest.fixture
def world():
    north = factories.RegionFactory(name="North East")
    barnsley = factories.OrganisationFactory(name="Barnsley YJS", region=north)
    camden = factories.OrganisationFactory(name="Camden Youth Justice Service")
    return {"region": north, "barnsley": barnsley, "camden": camden}


def rows(*body):
    return [HEADER, *body]


GOOD = rows(
    ["Barnsley", "Apr 2021 - Mar 2022", FTE, "180.5", "45", "24,930"],
    ["Barnsley", "Apr 2022 - Mar 2023", FTE, "170.2", "43", "25,264"],
    ["England and Wales", "Apr 2021 - Mar 2022", FTE, "150", "8,000", "5,333,333"],
    ["North East", "Apr 2021 - Mar 2022", FTE, "190.1", "", ""],
    ["Statistical neighbours of Barnsley", "Apr 2021 - Mar 2022", FTE, "175", "", ""],
    ["Camden Youth Justice Service", "Apr 2021 - Mar 2022", "Custody", "0.2", "", ""],
)


def upload(client, content: bytes, name="release.csv", **details):
    data = {
        "file": SimpleUploadedFile(name, content),
        "provenance": "official",
        "source": "",
        "released_on_0": "27",
        "released_on_1": "1",
        "released_on_2": "2024",
        **details,
    }
    return client.post(reverse("performance_import:upload"), data)


def mapping(page) -> dict:
    """The mapping form's preselected columns, from the page."""
    html = page.content.decode()
    selected = {}
    for name, body in re.findall(r'<select[^>]*name="([a-z_]+)"[^>]*>(.*?)</select>', html, re.S):
        found = re.search(r'<option value="([^"]*)" selected', body)
        selected[name] = found.group(1) if found else ""
    return selected


def count(page, what: str) -> int:
    found = re.search(rf'data-count="{what}">([\d,]+)<', page.content.decode())
    return int(found.group(1).replace(",", ""))


def import_file(client, content, name="release.csv", extra_mapping=None, **details):
    """Upload, take the guessed mapping, preview and import: the preview and the result."""
    response = upload(client, content, name, **details)
    assert response.status_code == 302, response.content.decode()[:3000]
    url = response["Location"]
    columns = {**mapping(client.get(url)), **(extra_mapping or {})}
    preview = client.post(url, {**columns, "preview": "1"})
    assert preview.status_code == 200
    return preview, client.post(url, {**columns, "import": "1"})


def test_a_coordinator_imports_an_official_release(client, world):
    coordinator = factories.coordinator()
    client.force_login(coordinator)
    response = upload(client, csv_bytes(GOOD))
    page = client.get(response["Location"])
    assert mapping(page) == {
        "area": "0",
        "indicator": "2",
        "period": "1",
        "period_start": "",
        "period_end": "",
        "value": "3",
        "numerator": "4",
        "denominator": "5",
        "file_indicator": "",
    }
    assert "Apr 2021 - Mar 2022" in page.content.decode()  # first values shown
    preview, done = import_file(client, csv_bytes(GOOD))
    assert (count(preview, "added"), count(preview, "changed"), count(preview, "unchanged")) == (
        6,
        0,
        0,
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("performance_import:list")
    release = ReleaseImport.objects.get()
    assert (release.rows, release.created_count, release.changed_count) == (6, 6, 0)
    assert release.provenance == Provenance.OFFICIAL
    assert release.source == "Ministry of Justice youth justice statistics"
    assert release.released_on == datetime.date(2024, 1, 27)
    assert release.imported_by == coordinator
    barnsley = IndicatorValue.objects.get(
        organisation=world["barnsley"], period_end=datetime.date(2022, 3, 31)
    )
    assert barnsley.period_start == datetime.date(2021, 4, 1)
    assert barnsley.indicator.code == "yj-first-time-entrants"
    assert (barnsley.value, barnsley.numerator, barnsley.denominator) == (
        Decimal("180.5"),
        Decimal(45),
        Decimal(24930),
    )
    assert barnsley.release_import == release
    assert set(Comparator.objects.values_list("kind", "name")) == {
        (ComparatorKind.NATIONAL, "England and Wales"),
        (ComparatorKind.REGION, "North East"),
        (ComparatorKind.STATISTICAL_NEIGHBOURS, "Statistical neighbours of Barnsley YJS"),
    }
    custody = IndicatorValue.objects.get(organisation=world["camden"])
    assert custody.indicator.code == "yj-custody"
    listing = client.get(reverse("performance_import:list")).content.decode()
    assert "Imported 6 rows: 6 added, 0 changed, 0 unchanged." in listing
    assert "release.csv" in listing
    assert html.escape(coordinator.full_name) in listing


def test_reimporting_a_release_changes_what_changed_and_keeps_history(client, world):
    client.force_login(factories.superuser())
    import_file(client, csv_bytes(GOOD))
    unchanged_before = IndicatorValue.objects.get(
        organisation=world["barnsley"], period_end=datetime.date(2023, 3, 31)
    )
    revised = rows(
        ["Barnsley", "Apr 2021 - Mar 2022", FTE, "181.0", "45", "24,930"],
        ["Barnsley", "Apr 2022 - Mar 2023", FTE, "170.2", "43", "25,264"],
        ["Barnsley", "Apr 2023 - Mar 2024", FTE, "160", "40", "25,000"],
        ["England and Wales", "Apr 2021 - Mar 2022", FTE, "150", "8,001", "5,333,333"],
    )
    preview, done = import_file(client, csv_bytes(revised), name="revised.csv")
    assert (count(preview, "added"), count(preview, "changed"), count(preview, "unchanged")) == (
        1,
        2,
        1,
    )
    assert "181" in preview.content.decode()  # the change is shown
    assert done.status_code == 302
    release = ReleaseImport.objects.get(file_name="revised.csv")
    assert (release.rows, release.created_count, release.changed_count) == (4, 1, 2)
    assert release.unchanged_count == 1
    changed = IndicatorValue.objects.get(
        organisation=world["barnsley"], period_end=datetime.date(2022, 3, 31)
    )
    assert changed.value == Decimal(181)
    assert changed.release_import == release
    assert [record.value for record in changed.history.order_by("history_date")] == [
        Decimal("180.5"),
        Decimal(181),
    ]
    unchanged = IndicatorValue.objects.get(pk=unchanged_before.pk)
    assert unchanged.updated_at == unchanged_before.updated_at
    assert unchanged.history.count() == 1
    assert unchanged.release_import != release
    assert changed.updated_at > unchanged.updated_at
    # The same file again: nothing to import.
    preview, _again = import_file(client, csv_bytes(revised), name="revised.csv")
    assert "there is nothing to import" in preview.content.decode()
    assert ReleaseImport.objects.count() == 2


def test_an_excel_file_with_start_and_end_dates_and_one_indicator(client, world):
    client.force_login(factories.coordinator())
    custody = Indicator.objects.get(code="yj-custody")
    content = xlsx_bytes(
        [
            ["Youth justice service", "Start date", "End date", "Rate per 1,000"],
            ["Barnsley YJS", datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), 0.35],
            ["barnsley", "01/01/2022", "31/12/2022", "0.3"],
        ]
    )
    preview, done = import_file(
        client,
        content,
        name="custody.xlsx",
        extra_mapping={"value": "3", "file_indicator": str(custody.pk)},
    )
    assert count(preview, "added") == 2
    assert done.status_code == 302
    values = IndicatorValue.objects.filter(indicator=custody).order_by("period_end")
    assert [(v.period_start, v.period_end, v.value) for v in values] == [
        (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31), Decimal("0.35")),
        (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31), Decimal("0.3")),
    ]


def check(content_rows, **options):
    header, *body = content_rows
    table = [[str(number), *row] for number, row in enumerate(body, start=2)]
    return importing.check(
        rows=table,
        mapping=importing.guess_mapping(header),
        provenance=options.pop("provenance", Provenance.OFFICIAL),
        **options,
    )


def test_every_problem_is_told_by_cause_with_its_rows_and_fix(world):
    factories.OrganisationFactory(
        name="Barnsley Children's Services", kind=OrganisationKind.CHILDRENS_SERVICES
    )
    preview = check(
        rows(
            ["", "Apr 2021 - Mar 2022", FTE, "1", "", ""],
            ["Atlantis", "Apr 2021 - Mar 2022", FTE, "1", "", ""],
            ["Barnsley", "Apr 2021 - Mar 2022", FTE, "1", "", ""],
            ["Camden", "Apr 2021 - Mar 2022", "", "1", "", ""],
            ["Camden", "Apr 2021 - Mar 2022", "Happiness", "1", "", ""],
            ["Camden", "", FTE, "1", "", ""],
            ["Camden", "Spring 2021", FTE, "1", "", ""],
            ["Camden", "Apr 2098 - Mar 2099", FTE, "1", "", ""],
            ["Camden", "Apr 2020 - Mar 2021", FTE, "", "", ""],
            ["Camden", "Apr 2019 - Mar 2020", FTE, "lots", "many", ""],
            ["Camden", "Apr 2018 - Mar 2019", FTE, "1", "", ""],
            ["Camden", "Apr 2018 - Mar 2019", FTE, "2", "", ""],
        )
    )
    assert [(str(problem), problem.rows) for problem in preview.errors] == [
        ("1 row has no service or comparator (row 2): fill it in", ["2"]),
        (
            "1 row names a service or comparator we do not recognise: 'Atlantis' (row 3): "
            "write the service's name as this service has it, England and Wales, a region's "
            "name, Statistical neighbours of a service or the name of one of your programmes' "
            "comparator families",
            ["3"],
        ),
        (
            "1 row names 'Barnsley', which could be Barnsley Children's Services or Barnsley "
            "YJS (row 4): write the service's full name",
            ["4"],
        ),
        ("1 row has no indicator (row 5): fill it in", ["5"]),
        (
            "1 row has an indicator we do not recognise: 'Happiness' (row 6): use Custody, "
            "First-time entrants, Re-offending (binary), Re-offending (frequency)",
            ["6"],
        ),
        ("1 row has no period (row 7): fill it in", ["7"]),
        (
            "1 row has a period we do not recognise: 'Spring 2021' (row 8): write periods "
            "like Apr 2021 - Mar 2022, Oct-Dec 2019, January to December 2021, 2021/22 Q4 or "
            "2021/22",
            ["8"],
        ),
        (
            "1 row has a period that ends in the future: 'Apr 2098 - Mar 2099' (row 9): "
            "import figures for periods that have ended",
            ["9"],
        ),
        ("1 row has no value (row 10): fill it in, or leave the row out", ["10"]),
        (
            "1 row has a value, numerator or denominator that is not a number: 'lots', "
            "'many' (row 11): write numbers like 12.5, 1,200 or 45%",
            ["11"],
        ),
        (
            "1 row gives a second, different value for the same figure: 'Camden Youth "
            "Justice Service, Apr 2018 to Mar 2019' (row 13): keep one value for each service "
            "or comparator, indicator and period",
            ["13"],
        ),
    ]
    assert [problem.row for problem in preview.problem_rows] == [
        str(number) for number in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13)
    ]
    assert preview.problem_rows[1].problems == ["Service or comparator not recognised: 'Atlantis'"]


def test_problems_of_start_and_end_dates():
    header = ["Service", "Start", "End", "Indicator", "Value"]
    preview = check(
        [
            header,
            ["England and Wales", "1 April 2021", "someday", FTE, "1"],
            ["England and Wales", "31/03/2022", "01/04/2021", FTE, "1"],
            ["England and Wales", "01/04/2021", "", FTE, "1"],
        ]
    )
    assert [str(problem) for problem in preview.errors] == [
        "1 row has a period's start or end date we do not recognise: 'someday' (row 2): "
        "write dates like 31/03/2022 or 31 March 2022",
        "1 row has a period that ends before it starts (row 3): correct the dates",
        "1 row has no period (row 4): fill it in",
    ]


def test_suppressed_values_are_left_out_with_a_note(world):
    preview = check(
        rows(
            ["Barnsley", "Oct-Dec 2019", FTE, "*", "", ""],
            ["Barnsley", "Jan-Mar 2020", FTE, "[c]", "", ""],
            ["Barnsley", "Apr-Jun 2020", FTE, "12", "[c]", ""],
        )
    )
    assert preview.errors == []
    assert preview.reading_notes == [
        "2 rows have a suppressed or missing value (such as * or [c]) and are left out"
    ]
    assert preview.added == 1
    assert preview.figures[0].numerator is None


def test_a_figure_imported_since_the_preview_fails_the_import(world):
    by = factories.superuser()
    preview = check(rows(["Barnsley", "Oct-Dec 2019", FTE, "12", "", ""]))
    details = {
        "by": by,
        "file_name": "a.csv",
        "provenance": Provenance.OFFICIAL,
        "source": "Test",
        "released_on": None,
    }
    importing.import_release(preview=preview, **details)
    with pytest.raises(importing.ChangedSinceError) as error:
        importing.import_release(preview=preview, **details)
    assert str(error.value) == (
        "Figures were imported from another file since the preview: nothing was imported. "
        "Preview the import again"
    )
    assert ReleaseImport.objects.count() == 1


def test_a_service_lead_imports_local_figures_for_its_own_service_only(client, world):
    lead = factories.service_lead(organisation=world["barnsley"])
    client.force_login(lead)
    form = client.get(reverse("performance_import:upload")).content.decode()
    assert 'name="provenance"' not in form
    response = upload(
        client,
        csv_bytes(
            rows(
                ["Barnsley", "Oct-Dec 2023", FTE, "12", "", ""],
                ["Camden", "Oct-Dec 2023", FTE, "12", "", ""],
                ["England and Wales", "Oct-Dec 2023", FTE, "12", "", ""],
            )
        ),
        name="tracker.csv",
        released_on_0="",
        released_on_1="",
        released_on_2="",
    )
    url = response["Location"]
    columns = mapping(client.get(url))
    page = client.post(url, {**columns, "import": "1"})
    html = page.content.decode()
    assert (
        "1 row is for a service you are not the service lead of: 'Camden Youth Justice "
        "Service' (row 3): import figures for your own service only"
    ) in html.replace("&#x27;", "'")
    assert (
        "1 row is a comparator's figure: 'England and Wales' (row 4): comparators' figures "
        "are imported by coordinators, so leave it out"
    ) in html.replace("&#x27;", "'")
    assert 'href="#row-3"' in html
    assert 'id="row-3"' in html
    assert not IndicatorValue.objects.exists()
    _preview, done = import_file(
        client,
        csv_bytes(rows(["Barnsley YJS", "Oct-Dec 2023", FTE, "12", "", ""])),
        name="tracker.csv",
        released_on_0="",
        released_on_1="",
        released_on_2="",
    )
    assert done.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.provenance, value.source) == (Provenance.LOCAL, "Local figures")
    # The service lead sees its own imports only.
    other = ReleaseImport.objects.create(
        file_name="national.csv",
        source="s",
        provenance=Provenance.OFFICIAL,
        imported_by=factories.superuser(),
    )
    listing = client.get(reverse("performance_import:list")).content.decode()
    assert "tracker.csv" in listing
    assert other.file_name not in listing


@pytest.mark.parametrize(
    ("details", "message"),
    [
        ({"file": ""}, "Select a file"),
        (
            {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 nothing")},
            "The selected file must be a CSV or Excel file",
        ),
        ({"provenance": ""}, "Select whether these are the official figures"),
        (
            {"released_on_0": "", "released_on_1": "", "released_on_2": ""},
            "Enter the date the figures were released",
        ),
        (
            {"released_on_0": "1", "released_on_1": "1", "released_on_2": "2099"},
            "The date the figures were released must be today or in the past",
        ),
        ({"source": "x" * 201}, "The source must be 200 characters or fewer"),
        (
            {"file": SimpleUploadedFile("a.csv", b"Area,Value\n")},
            "The selected file has a header row but no rows",
        ),
    ],
)
def test_upload_errors(client, details, message):
    client.force_login(factories.coordinator())
    response = upload(client, csv_bytes(GOOD), **details)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_mapping_errors(client, world):
    client.force_login(factories.coordinator())
    url = upload(client, csv_bytes(GOOD))["Location"]
    columns = mapping(client.get(url))
    page = client.post(url, {**columns, "indicator": "", "period": "", "area": ""})
    html = page.content.decode()
    for message in (
        "Select the column that holds the service or comparator",
        "Select the column that holds the indicator, or the indicator of every row",
        "Select the column that holds the period, or those of its start and end",
    ):
        assert message in html
    page = client.post(url, {**columns, "numerator": "3"})
    assert "Select a different column for each field" in page.content.decode()


def test_who_may_import(client, world):
    urls = [reverse("performance_import:list"), reverse("performance_import:upload")]
    client.force_login(factories.reviewer())
    assert [client.get(url).status_code for url in urls] == [403, 403]
    for allowed in (factories.superuser(), factories.coordinator()):
        client.force_login(allowed)
        assert [client.get(url).status_code for url in urls] == [200, 200]
    # Another person's upload is not found.
    url = upload(client, csv_bytes(GOOD))["Location"]
    client.force_login(factories.coordinator())
    assert client.get(url).status_code == 404


def test_national_coordinators_import_official_figures():
    from accounts.enums import Role

    user = factories.UserFactory()
    factories.MembershipFactory(
        user=user, role=Role.NATIONAL_COORDINATOR, programme=None, organisation=None
    )
    assert user.has_perm("performance.import_official")
    assert not factories.service_lead().has_perm("performance.import_official")
    assert factories.service_lead().has_perm("performance.import_figures")
    assert not factories.improvement_board_member().has_perm("performance.import_figures")


def test_the_list_of_imports_is_paginated(client):
    by = factories.superuser()
    ReleaseImport.objects.bulk_create(
        ReleaseImport(file_name=f"file {n}.csv", source="s", provenance="official", imported_by=by)
        for n in range(30)
    )
    client.force_login(by)
    first = client.get(reverse("performance_import:list")).content.decode()
    assert first.count("data-import>") == 25
    second = client.get(reverse("performance_import:list") + "?page=2").content.decode()
    assert second.count("data-import>") == 5


def test_no_imports_yet(client):
    client.force_login(factories.coordinator())
    page = client.get(reverse("performance_import:list")).content.decode()
    assert "No figures have been imported yet." in page


def test_figures_imported_between_the_preview_and_the_import_stop_it(client, world):
    client.force_login(factories.coordinator())
    content = csv_bytes(rows(["Barnsley", "Oct-Dec 2019", FTE, "12", "", ""]))
    url = upload(client, content)["Location"]
    columns = mapping(client.get(url))
    assert count(client.post(url, {**columns, "preview": "1"}), "added") == 1
    # Another file brings the same figure meanwhile; this import, checked again, changes it.
    preview = check(rows(["Barnsley", "Oct-Dec 2019", FTE, "11", "", ""]))
    importing.import_release(
        preview=preview,
        by=factories.superuser(),
        file_name="other.csv",
        provenance=Provenance.OFFICIAL,
        source="Test",
        released_on=None,
    )
    done = client.post(url, {**columns, "import": "1"})
    assert done.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal(12)
    assert ReleaseImport.objects.order_by("pk").last().changed_count == 1


def _queries_to_check(content_rows) -> int:
    with CaptureQueriesContext(connection) as captured:
        preview = check(content_rows)
    assert preview.errors == []
    return len(captured.captured_queries)


def test_checking_runs_the_same_queries_for_one_row_and_many(world):
    one = rows(["Barnsley", "Oct-Dec 2019", FTE, "12", "", ""])
    many = rows(
        *(
            [area, period, indicator, "12", "", ""]
            for area in ("Barnsley", "Camden", "England and Wales", "North East")
            for period in ("Oct-Dec 2019", "Jan-Mar 2020", "2020/21 Q1")
            for indicator in (FTE, "Custody")
        )
    )
    assert _queries_to_check(one) == _queries_to_check(many)


def test_the_list_of_imports_runs_the_same_queries_for_one_import_and_many(client):
    by = factories.superuser()
    client.force_login(by)

    def add(n):
        ReleaseImport.objects.bulk_create(
            ReleaseImport(
                file_name=f"{n}-{i}.csv",
                source="s",
                provenance="official",
                imported_by=factories.coordinator(),
            )
            for i in range(n)
        )

    add(1)
    one = queries_for_get(client, reverse("performance_import:list"))
    add(10)
    assert queries_for_get(client, reverse("performance_import:list")) == one
