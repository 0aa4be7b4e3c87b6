"""The performance pages: a service's figures over time against its comparators, and a
programme's table of its member services; their downloads; who sees them; and their query
counts at 10 and at 150 services."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import MemberOrganisation
from performance.enums import ComparatorKind, Provenance
from tests import factories
from tests.factories.performance import (
    CUSTODY,
    FIRST_TIME_ENTRANTS,
    ComparatorFactory,
    IndicatorValueFactory,
    indicator,
)
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db

PERIODS = [
    (datetime.date(2023, 4, 1), datetime.date(2024, 3, 31), datetime.date(2024, 12, 19)),
    (datetime.date(2024, 4, 1), datetime.date(2025, 3, 31), datetime.date(2025, 12, 18)),
]


def _programme_with(services: int):
    """A programme with `services` member services, each with first-time entrants figures
    for two years; the national and a regional comparator."""
    programme = factories.ProgrammeFactory()
    region = factories.RegionFactory(name="South West")
    fte = indicator(FIRST_TIME_ENTRANTS)
    members = []
    national = ComparatorFactory()
    regional = ComparatorFactory(kind=ComparatorKind.REGION, region=region, name="South West")
    for start, end, released in PERIODS:
        for comparator, value in ((national, 170), (regional, 160)):
            IndicatorValueFactory(
                organisation=None,
                comparator=comparator,
                indicator=fte,
                value=value,
                period_start=start,
                period_end=end,
                released_on=released,
            )
    for number in range(services):
        service = factories.OrganisationFactory(region=region)
        MemberOrganisation.objects.create(programme=programme, organisation=service)
        for start, end, released in PERIODS:
            IndicatorValueFactory(
                organisation=service,
                indicator=fte,
                value=100 + number,
                period_start=start,
                period_end=end,
                released_on=released,
            )
        members.append(service)
    return programme, members


def test_service_page_shows_figures_rank_lag_and_comparators(client):
    _programme, members = _programme_with(5)
    service = members[0]
    IndicatorValueFactory(
        organisation=service,
        provenance=Provenance.LOCAL,
        value=88,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 9, 30),
        released_on=None,
        source="Live tracker",
    )
    client.force_login(factories.service_lead(organisation=service))
    response = client.get(reverse("performance:service", args=[service.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Top 25 % for first-time entrants: 1st of 5" in html
    assert "released about 9 months after the period ends" in html
    assert "April 2024 to March 2025" in html
    assert "Unofficial" in html
    assert "<svg" in html
    assert "South West" in html
    assert "There are no figures for this indicator yet." in html  # custody
    # The chart across the page's width (drawn wide, and narrow for small screens), every
    # period's figures folded away beneath it.
    assert html.count('class="app-chart app-chart--wide"') == 1
    assert html.count('class="app-chart app-chart--narrow"') == 1
    chart, details = html.index("app-chart--wide"), html.index('<details class="govuk-details">')
    assert chart < details < html.index("every period, newest first")
    assert "Every period's figures" in html


def test_service_page_is_404_for_a_service_lead_of_another_service(client):
    _programme, members = _programme_with(2)
    client.force_login(factories.service_lead())
    assert client.get(reverse("performance:service", args=[members[0].pk])).status_code == 404


def test_programme_coordinator_and_national_coordinator_see_member_services(client):
    programme, members = _programme_with(2)
    client.force_login(factories.coordinator(programme=programme))
    assert client.get(reverse("performance:service", args=[members[0].pk])).status_code == 200
    outsider = factories.OrganisationFactory()
    assert client.get(reverse("performance:service", args=[outsider.pk])).status_code == 404
    national = factories.UserFactory()
    factories.MembershipFactory(
        user=national, role="national_coordinator", programme=None, organisation=None
    )
    client.force_login(national)
    assert client.get(reverse("performance:service", args=[outsider.pk])).status_code == 200
    assert client.get(reverse("performance:programme", args=[programme.pk])).status_code == 200


def test_programme_table_sorts_by_an_indicator_best_first(client):
    programme, members = _programme_with(3)
    client.force_login(factories.coordinator(programme=programme))
    url = reverse("performance:programme", args=[programme.pk])
    html = client.get(url, {"sort": FIRST_TIME_ENTRANTS}).content.decode()
    positions = [html.index(member.name) for member in members]
    assert positions == sorted(positions)  # lowest first-time entrants rate first
    assert 'aria-sort="ascending"' in html
    assert "1 of 3" in html
    assert "England and Wales" in html
    # An unknown sort is ignored: by name.
    assert client.get(url, {"sort": "<nonsense>"}).status_code == 200


def test_programme_table_is_for_its_coordinators_and_board(client):
    programme, _members = _programme_with(1)
    url = reverse("performance:programme", args=[programme.pk])
    client.force_login(factories.board_member(programme=programme))
    assert client.get(url).status_code == 200
    client.force_login(factories.coordinator())
    assert client.get(url).status_code == 404
    client.force_login(factories.service_lead())
    assert client.get(url).status_code == 403


def test_programme_downloads(client):
    programme, members = _programme_with(2)
    client.force_login(factories.coordinator(programme=programme))
    response = client.get(reverse("performance:programme_export", args=[programme.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:3] == ["Service or comparator", "Region", "First-time entrants: period ends"]
    assert [row[0] for row in rows[1:3]] == [members[0].name, members[1].name]
    assert rows[1][3] == "100"
    assert rows[1][4] == "1"  # rank
    xlsx = client.get(reverse("performance:programme_export_xlsx", args=[programme.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=1).value == members[0].name


def test_service_downloads(client):
    _programme, members = _programme_with(1)
    service = members[0]
    client.force_login(factories.service_lead(organisation=service))
    response = client.get(reverse("performance:service_export", args=[service.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:2] == ["Indicator", "Figure for"]
    # Two periods: the service's figure and two comparators' each.
    assert len(rows) == 1 + 2 * 3
    assert {row[8] for row in rows[1:]} == {"Official"}
    xlsx = client.get(reverse("performance:service_export_xlsx", args=[service.pk]))
    assert xlsx.status_code == 200


def test_a_service_with_no_figures_has_empty_states(client):
    service = factories.OrganisationFactory()
    client.force_login(factories.service_lead(organisation=service))
    html = client.get(reverse("performance:service", args=[service.pk])).content.decode()
    assert "No official figures yet" in html
    assert html.count("There are no figures for this indicator yet.") == 4
    programme = factories.ProgrammeFactory()
    client.force_login(factories.coordinator(programme=programme))
    html = client.get(reverse("performance:programme", args=[programme.pk])).content.decode()
    assert "The programme has no member services yet." in html


def test_the_same_queries_for_10_and_for_150_services(client):
    programme, members = _programme_with(10)
    coordinator = factories.coordinator(programme=programme)
    client.force_login(coordinator)
    service_url = reverse("performance:service", args=[members[0].pk])
    table_url = reverse("performance:programme", args=[programme.pk])
    few = (queries_for_get(client, service_url), queries_for_get(client, table_url))
    fte, custody = indicator(FIRST_TIME_ENTRANTS), indicator(CUSTODY)
    for number in range(140):
        service = factories.OrganisationFactory(region=members[0].region)
        MemberOrganisation.objects.create(programme=programme, organisation=service)
        for the_indicator in (fte, custody):
            start, end, released = PERIODS[-1]
            IndicatorValueFactory(
                organisation=service,
                indicator=the_indicator,
                value=50 + number,
                period_start=start,
                period_end=end,
                released_on=released,
            )
    many = (queries_for_get(client, service_url), queries_for_get(client, table_url))
    assert many == few


def test_linked_from_the_start_page(client):
    programme, members = _programme_with(1)
    client.force_login(factories.service_lead(organisation=members[0]))
    page = client.get(reverse("start")).content.decode()
    assert reverse("performance:service", args=[members[0].pk]) in page
    client.force_login(factories.board_member(programme=programme))
    page = client.get(reverse("start")).content.decode()
    assert reverse("performance:programme", args=[programme.pk]) in page


def test_programme_table_ranks_among_all_services_not_only_members(client):
    programme, _members = _programme_with(2)
    start, end, released = PERIODS[-1]
    for value in (1, 2, 3):  # three better services outside the programme
        IndicatorValueFactory(value=value, period_start=start, period_end=end, released_on=released)
    client.force_login(factories.coordinator(programme=programme))
    html = client.get(reverse("performance:programme", args=[programme.pk])).content.decode()
    assert "4 of 5" in html
    assert "5 of 5, bottom 25 %" in html
    assert html.count("Testshire Youth Justice Service") == 2  # members only
