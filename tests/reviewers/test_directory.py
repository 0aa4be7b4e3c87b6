"""The coordinators' reviewer directory: its filters, pages, CSV and Excel exports, and a
number of queries that does not grow with the pool."""

import datetime

import pytest
from django.urls import reverse

from offers.enums import EnquiryKind
from offers.models import LineOfEnquiry
from reviewers.enums import BookingStatus, JobRole, PoolStatus
from reviewers.models import Booking, EligibilityRule, Unavailability
from tests import factories
from tests.exports import BYTE_ORDER_MARK, XLSX, content, csv_rows, workbook, xlsx_rows
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db

URL = reverse("reviewers:list")


@pytest.fixture
def pool():
    """A programme's pool: Alice (eligible, with expertise), Bob (trained, in another
    region), Carol (asking to join), Erin (eligible, away in March 2031); and Dan, in a
    pool the coordinator does not coordinate."""
    programme = factories.ProgrammeFactory(short_name="YJSIP")
    EligibilityRule.objects.create(programme=programme, job_role=JobRole.HEAD_OF_SERVICE)
    EligibilityRule.objects.create(programme=programme, job_role=JobRole.OPERATIONAL_MANAGER)
    north = factories.OrganisationFactory(region__name="North West")
    south = factories.OrganisationFactory(region__name="South East")
    line = LineOfEnquiry.objects.create(
        programme=programme, kind=EnquiryKind.KEY_LINE, name="Resettlement and transitions"
    )

    def member(name, organisation=north, status=PoolStatus.ACCEPTED, **fields):
        return factories.PoolMembershipFactory(
            programme=programme,
            status=status,
            reviewer__user__full_name=name,
            reviewer__organisation=organisation,
            **{f"reviewer__{key}": value for key, value in fields.items()},
        ).reviewer

    alice = member("Alice Adams")
    alice.expertise.add(line)
    bob = member("Bob Brown", organisation=south, job_role=JobRole.OPERATIONAL_MANAGER)
    Booking.objects.create(
        session=factories.TrainingSessionFactory(course__programme=programme),
        reviewer=bob,
        status=BookingStatus.ATTENDED,
    )
    carol = member("Carol Clark", status=PoolStatus.REQUESTED)
    erin = member("Erin Evans")
    Unavailability.objects.create(
        reviewer=erin, starts_on=datetime.date(2031, 3, 1), ends_on=datetime.date(2031, 3, 31)
    )
    factories.PoolMembershipFactory(reviewer__user__full_name="Dan Davies")
    return {
        "programme": programme,
        "coordinator": factories.coordinator(programme=programme),
        "north": north,
        "south": south,
        "line": line,
        "carol": carol,
    }


@pytest.fixture
def coordinator_client(client, pool):
    client.force_login(pool["coordinator"])
    return client


def names(response) -> list[str]:
    """The names in the page's table (checked against the HTML as well as the context)."""
    listed = [entry.reviewer.user.full_name for entry in response.context["page"].object_list]
    content = response.content.decode()
    for name in ("Alice Adams", "Bob Brown", "Carol Clark", "Dan Davies", "Erin Evans"):
        assert (name in content) == (name in listed), name
    return listed


def dates(name: str, value: datetime.date) -> dict[str, str]:
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def test_directory_lists_the_coordinators_pools_with_each_persons_qualification(
    coordinator_client,
):
    response = coordinator_client.get(URL)

    assert names(response) == ["Alice Adams", "Bob Brown", "Carol Clark", "Erin Evans"]
    standings = [
        (entry.reviewer.user.full_name, entry.standing.label)
        for entry in response.context["page"].object_list
    ]
    assert standings == [
        ("Alice Adams", "Eligible"),
        ("Bob Brown", "Trained"),
        ("Carol Clark", "Applicant"),
        ("Erin Evans", "Eligible"),
    ]
    content = response.content.decode()
    assert "Needs to complete a peer review to be fully qualified." in content
    assert "South East" in content


def test_only_requests_to_join_link_to_accept_or_decline(coordinator_client, pool):
    content = coordinator_client.get(URL).content.decode()

    membership = pool["carol"].pools.get()
    assert content.count("Accept or decline") == 1
    assert reverse("reviewers:decide", args=[membership.pk]) in content


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (lambda p: {"programme": p["programme"].pk}, ["Alice", "Bob", "Carol", "Erin"]),
        (lambda p: {"status": "requested"}, ["Carol"]),
        (lambda p: {"status": "trained"}, ["Bob"]),
        (lambda p: {"status": "eligible"}, ["Alice", "Erin"]),
        (lambda p: {"status": "applicant"}, ["Carol"]),
        (lambda p: {"region": p["south"].region_id}, ["Bob"]),
        (lambda p: {"job_role": JobRole.OPERATIONAL_MANAGER}, ["Bob"]),
        (lambda p: {"expertise": p["line"].pk}, ["Alice"]),
        (
            lambda p: {
                **dates("available_from", datetime.date(2031, 3, 20)),
                **dates("available_to", datetime.date(2031, 4, 10)),
            },
            ["Alice", "Bob", "Carol"],
        ),
        (
            lambda p: {
                **dates("available_from", datetime.date(2031, 4, 1)),
                **dates("available_to", datetime.date(2031, 4, 10)),
            },
            ["Alice", "Bob", "Carol", "Erin"],
        ),
        (lambda p: {"status": "eligible", "region": p["north"].region_id}, ["Alice", "Erin"]),
    ],
)
def test_filters(coordinator_client, pool, filters, expected):
    response = coordinator_client.get(URL, filters(pool))

    assert [name.split()[0] for name in names(response)] == expected
    assert "Clear filters" in response.content.decode()


@pytest.mark.parametrize(
    ("filters", "error"),
    [
        (dates("available_from", datetime.date(2031, 4, 1)), "Enter both dates, or neither"),
        (
            {
                **dates("available_from", datetime.date(2031, 4, 10)),
                **dates("available_to", datetime.date(2031, 4, 1)),
            },
            "The end date must be the same as or after the start",
        ),
        ({"available_to_0": "31", "available_to_1": "2", "available_to_2": "2031"}, None),
    ],
)
def test_available_between_needs_two_real_dates_in_order(coordinator_client, filters, error):
    response = coordinator_client.get(URL, filters)

    errors = [str(e) for field in response.context["form"].errors.values() for e in field]
    assert len(errors) == 1
    if error:
        assert errors == [error]
    assert 'class="govuk-error-summary"' in response.content.decode()
    # The other filters still apply: here there are none, so everyone is listed.
    assert len(names(response)) == 4


def test_another_programmes_pool_cannot_be_chosen(coordinator_client):
    other = factories.ProgrammeFactory()

    response = coordinator_client.get(URL, {"programme": other.pk})

    assert response.context["form"].errors == {"programme": ["Choose a pool from the list"]}
    assert "Dan Davies" not in response.content.decode()


def test_directory_is_paginated_keeping_the_filters(client):
    programme = factories.ProgrammeFactory()
    organisation = factories.OrganisationFactory()
    for number in range(27):
        factories.PoolMembershipFactory(
            programme=programme,
            reviewer__organisation=organisation,
            reviewer__user__full_name=f"Reviewer {number:02d}",
        )
    client.force_login(factories.coordinator(programme=programme))

    first = client.get(URL, {"job_role": JobRole.HEAD_OF_SERVICE})
    second = client.get(URL, {"job_role": JobRole.HEAD_OF_SERVICE, "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert [e.reviewer.user.full_name for e in second.context["page"].object_list] == [
        "Reviewer 25",
        "Reviewer 26",
    ]
    assert "?job_role=head_of_service&amp;page=2" in first.content.decode()
    assert 'href="/reviewers/export.xlsx?job_role=head_of_service">' in first.content.decode()
    assert "27 results" in first.content.decode()


def test_csv_export_has_the_filtered_rows(coordinator_client, pool):
    filters = {"status": "eligible"}
    listed = coordinator_client.get(URL, filters)

    response = coordinator_client.get(reverse("reviewers:export"), filters)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="reviewers-')
    assert response.streaming
    rows = csv_rows(response)
    assert rows[0][:3] == ["Name", "Email", "Telephone"]
    assert [row[0] for row in rows[1:]] == names(listed)
    alice = dict(zip(rows[0], rows[1], strict=True))
    assert {key: alice[key] for key in ("Region", "Pool", "Qualification", "Next step")} == {
        "Region": "North West",
        "Pool": "YJSIP",
        "Qualification": "Eligible",
        "Next step": "Needs to attend the core reviewer training to be trained.",
    }


def test_csv_export_cells_are_never_formulas(client):
    membership = factories.PoolMembershipFactory(
        reviewer__user__full_name='=HYPERLINK("http://example.com")'
    )
    client.force_login(factories.coordinator(programme=membership.programme))

    response = client.get(reverse("reviewers:export"))

    rows = csv_rows(response)
    assert rows[1][0] == '\'=HYPERLINK("http://example.com")'
    sheet = workbook(client.get(reverse("reviewers:export_xlsx"))).active
    assert (sheet["A2"].value, sheet["A2"].data_type) == ('=HYPERLINK("http://example.com")', "s")


def test_the_excel_export_has_the_csvs_header_and_rows_for_the_same_filters(
    coordinator_client, pool
):
    filters = {"region": pool["north"].region.pk}

    csv_download = coordinator_client.get(reverse("reviewers:export"), filters)
    xlsx_download = coordinator_client.get(reverse("reviewers:export_xlsx"), filters)

    assert content(csv_download).startswith(BYTE_ORDER_MARK)
    rows = csv_rows(coordinator_client.get(reverse("reviewers:export"), filters))
    assert [row[0] for row in rows[1:]] == ["Alice Adams", "Carol Clark", "Erin Evans"]
    assert xlsx_download["Content-Type"] == XLSX
    assert xlsx_download["Content-Disposition"].startswith('attachment; filename="reviewers-')
    assert xlsx_download["Content-Disposition"].endswith('.xlsx"')
    assert xlsx_rows(xlsx_download) == rows
    sheet = workbook(xlsx_download).active
    assert sheet["L2"].data_type == "n"


@pytest.mark.parametrize("name", ["reviewers:export", "reviewers:export_xlsx"])
def test_an_export_with_a_filter_typed_wrongly_shows_the_directory(coordinator_client, name):
    filters = dates("available_from", datetime.date(2031, 4, 1))

    response = coordinator_client.get(reverse(name), filters)

    assert response.status_code == 302
    assert response["Location"].startswith(URL + "?available_from_0=1")


def test_directory_queries_do_not_grow_with_the_pool(client):
    programme = factories.ProgrammeFactory()
    EligibilityRule.objects.create(programme=programme, job_role=JobRole.HEAD_OF_SERVICE)
    organisation = factories.OrganisationFactory()
    course = factories.CourseFactory(programme=programme)
    session = factories.TrainingSessionFactory(course=course, capacity=200)
    client.force_login(factories.coordinator(programme=programme))

    def add_reviewer(number: int) -> None:
        reviewer = factories.PoolMembershipFactory(
            programme=programme,
            reviewer__organisation=organisation,
            status=PoolStatus.REQUESTED if number % 3 == 0 else PoolStatus.ACCEPTED,
        ).reviewer
        if number % 2:
            Booking.objects.create(
                session=session, reviewer=reviewer, status=BookingStatus.ATTENDED
            )

    add_reviewer(1)
    one = queries_for_get(client, URL)
    for number in range(2, 101):
        add_reviewer(number)

    assert queries_for_get(client, URL) == one
    assert queries_for_get(client, URL + "?status=requested") == one
