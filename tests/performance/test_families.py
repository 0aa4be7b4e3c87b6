"""A programme's comparator families: its coordinators set them up (name and member services;
deleting one asks first and takes its figures with it); a family's figures are worked out from
its members' (the sum of numerators over the sum of denominators where every member gives
both, else the mean of their values) unless figures are imported under its name, which come
first; and families are shown, labelled, on the service page and the programme table."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import MemberOrganisation
from performance import importing, selectors
from performance.enums import ComparatorKind, Provenance
from performance.import_rules import own_families
from performance.models import Comparator, IndicatorValue
from tests import factories
from tests.exports import csv_bytes
from tests.factories.performance import (
    CUSTODY,
    FIRST_TIME_ENTRANTS,
    REOFFENDING_BINARY,
    ComparatorFactory,
    IndicatorValueFactory,
    indicator,
)
from tests.pages import errors_of, fresh_form, messages_of
from tests.performance.test_import import HEADER, count, import_file
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 4, 1), datetime.date(2025, 3, 31)
ON = datetime.date(2026, 6, 1)


@pytest.fixture
def programme():
    return factories.ProgrammeFactory(name="Youth Justice Sector Improvement Partnership")


@pytest.fixture
def services(programme):
    found = []
    for name in ("Ashburn YJS", "Northdale YJS", "Westmere YJS"):
        service = factories.OrganisationFactory(name=name)
        MemberOrganisation.objects.create(programme=programme, organisation=service)
        found.append(service)
    return found


@pytest.fixture
def family(programme, services):
    made = Comparator.objects.create(
        kind=ComparatorKind.FAMILY, programme=programme, name="Northern services"
    )
    made.members.set(services)
    return made


@pytest.fixture
def coordinator(programme):
    return factories.coordinator(programme=programme)


def figure(service, value, numerator=None, denominator=None, code=FIRST_TIME_ENTRANTS):
    return IndicatorValueFactory(
        organisation=service,
        indicator=indicator(code),
        value=value,
        numerator=numerator,
        denominator=denominator,
        period_start=START,
        period_end=END,
    )


def worked_out(family, code=FIRST_TIME_ENTRANTS):
    values = selectors.comparator_values([family], [indicator(code)], on=ON)
    assert len(values) == 1
    return values[0]


# --- Worked out from the members' figures -----------------------------------------------------


def test_a_family_figure_is_its_members_numerators_over_their_denominators(family, services):
    # 40 in 20,000, 30 in 30,000 and 20 in 10,000: 90 in 60,000, which is 150 per 100,000
    # (the mean of the three rates, 200, 100 and 200, would be 166.67).
    figure(services[0], 200, 40, 20_000)
    figure(services[1], 100, 30, 30_000)
    figure(services[2], 200, 20, 10_000)
    value = worked_out(family)
    assert value.value == Decimal("150.0000")
    assert value.worked_out_from == 3
    assert value.provenance == Provenance.OFFICIAL
    assert value.source == "Worked out from the family's 3 services' figures"
    assert value.released_on == datetime.date(2026, 1, 29)
    assert (value.period_start, value.period_end) == (START, END)


def test_a_percentage_is_worked_out_per_hundred(family, services):
    # 10 of 40 children (25 %) and 30 of 60 (50 %): 40 of 100, 40 % (the mean would be 37.5).
    figure(services[0], 25, 10, 40, code=REOFFENDING_BINARY)
    figure(services[1], 50, 30, 60, code=REOFFENDING_BINARY)
    value = worked_out(family, REOFFENDING_BINARY)
    assert value.value == Decimal("40.0000")
    assert value.worked_out_from == 2


def test_without_every_numerator_and_denominator_it_is_the_mean_of_the_values(family, services):
    figure(services[0], 200, 40, 20_000)
    figure(services[1], 100)  # no numerator or denominator
    figure(services[2], 200, 20, 10_000)
    assert worked_out(family).value == Decimal("166.6667")


def test_members_without_a_figure_are_left_out_and_one_member_is_enough(family, services):
    figure(services[1], 120, 12, 10_000)
    value = worked_out(family)
    assert (value.value, value.worked_out_from) == (Decimal("120.0000"), 1)
    assert value.source == "Worked out from the family's 1 service's figures"


def test_local_and_unreleased_figures_are_left_out(family, services):
    figure(services[0], 200, 40, 20_000)
    IndicatorValueFactory(
        organisation=services[1],
        value=10,
        period_start=START,
        period_end=END,
        provenance=Provenance.LOCAL,
        released_on=None,
    )
    IndicatorValueFactory(
        organisation=services[2],
        value=10,
        period_start=START,
        period_end=END,
        released_on=datetime.date(2026, 9, 1),  # after ON
    )
    value = worked_out(family)
    assert (value.value, value.worked_out_from) == (Decimal("200.0000"), 1)


def test_an_imported_family_figure_comes_before_the_worked_out_one(family, services):
    figure(services[0], 200, 40, 20_000)
    IndicatorValueFactory(
        organisation=None,
        comparator=family,
        value=175,
        period_start=START,
        period_end=END,
        source="Family release",
    )
    value = worked_out(family)
    assert value.value == Decimal(175)
    assert value.pk is not None
    assert not getattr(value, "worked_out_from", None)


def test_a_changed_membership_changes_the_figure_at_once(family, services):
    figure(services[0], 200, 40, 20_000)
    figure(services[1], 100, 30, 30_000)
    assert worked_out(family).value == Decimal("140.0000")
    family.members.remove(services[0])
    assert worked_out(family).value == Decimal("100.0000")


# --- Shown on the pages -----------------------------------------------------------------------


def test_the_family_is_on_the_summary_the_service_page_and_the_programme_table(
    client, programme, family, services, coordinator
):
    figure(services[0], 200, 40, 20_000)
    figure(services[1], 100, 30, 30_000)
    figure(services[2], 200, 20, 10_000)
    summary = selectors.service_summary(services[1], on=ON)
    fte = next(row for row in summary if row.indicator.code == FIRST_TIME_ENTRANTS)
    assert [(c.name, v.value) for c, v in fte.comparators] == [
        ("Northern services", Decimal("150.0000"))
    ]
    client.force_login(coordinator)
    page = client.get(reverse("performance:service", args=[services[1].pk])).content.decode()
    assert "Northern services" in page
    assert "Worked out from the family's 3 services" in page
    table = selectors.programme_table(programme, on=ON)
    [row] = table.comparators
    assert row.comparator == family
    assert row.cells[[i.code for i in table.indicators].index(FIRST_TIME_ENTRANTS)].value == (
        Decimal("150.0000")
    )
    page = client.get(reverse("performance:programme", args=[programme.pk])).content.decode()
    assert "Northern services" in page
    assert "Worked out from the family's 3 services" in page


def test_another_programmes_family_is_not_on_the_programme_table(programme, services):
    figure(services[0], 200, 40, 20_000)
    theirs = Comparator.objects.create(
        kind=ComparatorKind.FAMILY, programme=factories.ProgrammeFactory(), name="Theirs"
    )
    theirs.members.set(services)
    table = selectors.programme_table(programme, on=ON)
    assert [row.comparator for row in table.comparators] == []


def test_families_keep_the_pages_queries_the_same_for_few_and_many_services(
    client, programme, family, services, coordinator
):
    ComparatorFactory()
    for service in services:
        figure(service, 100, 10, 10_000)
    client.force_login(coordinator)
    service_url = reverse("performance:service", args=[services[0].pk])
    table_url = reverse("performance:programme", args=[programme.pk])
    few = (queries_for_get(client, service_url), queries_for_get(client, table_url))
    for number in range(40):
        service = factories.OrganisationFactory()
        MemberOrganisation.objects.create(programme=programme, organisation=service)
        family.members.add(service)
        for code in (FIRST_TIME_ENTRANTS, CUSTODY):
            figure(service, 50 + number, 5, 10_000, code=code)
    many = (queries_for_get(client, service_url), queries_for_get(client, table_url))
    assert many == few


# --- Imported under the family's name ---------------------------------------------------------


def _import_rows(user, name="Northern services"):
    preview = importing.check(
        rows=[["2", name, "Apr 2024 - Mar 2025", "First-time entrants", "180"]],
        mapping={"area": "0", "period": "1", "indicator": "2", "value": "3"},
        provenance=Provenance.OFFICIAL,
        families=own_families(user),
    )
    return preview


def test_a_coordinator_imports_figures_under_a_familys_name(family, services, coordinator):
    preview = _import_rows(coordinator)
    assert preview.errors == []
    assert preview.added == 1
    importing.import_release(
        preview=preview,
        by=coordinator,
        file_name="family.csv",
        provenance=Provenance.OFFICIAL,
        source="Family release",
        released_on=datetime.date(2026, 1, 1),
    )
    kept = IndicatorValue.objects.get(comparator=family)
    assert (kept.value, kept.period_start, kept.period_end) == (Decimal(180), START, END)
    # The same file again: unchanged, and no second comparator is made.
    again = _import_rows(coordinator)
    assert (again.added, again.unchanged) == (0, 1)
    assert Comparator.objects.filter(kind=ComparatorKind.FAMILY).count() == 1
    # The imported figure comes first on the pages.
    figure(services[0], 200, 40, 20_000)
    assert worked_out(family).value == Decimal(180)


def test_another_programmes_coordinator_cannot_import_under_the_familys_name(family):
    preview = _import_rows(factories.coordinator())
    assert [problem.rows for problem in preview.errors] == [["2"]]
    assert "do not recognise: 'Northern services'" in str(preview.errors[0])


def test_two_families_of_the_same_name_are_ambiguous_to_technical_staff(family):
    Comparator.objects.create(
        kind=ComparatorKind.FAMILY,
        programme=factories.ProgrammeFactory(name="Another"),
        name="Northern services",
    )
    preview = _import_rows(factories.superuser())
    assert "could be" in str(preview.errors[0])
    assert "Northern services (Another)" in str(preview.errors[0])


# --- Setting families up ----------------------------------------------------------------------


def _url(name, programme, family=None):
    args = [programme.pk] if family is None else [programme.pk, family.pk]
    return reverse(f"performance_families:{name}", args=args)


def test_the_section_is_on_the_programmes_set_up_page(client, programme, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("programmes:programme", args=[programme.pk])).content.decode()
    assert "Comparator families" in page
    assert _url("families", programme) in page


def test_the_list_says_when_there_are_none(client, programme, coordinator):
    client.force_login(coordinator)
    page = client.get(_url("families", programme)).content.decode()
    assert "The programme has no comparator families yet." in page


def test_a_coordinator_adds_a_family(client, programme, services, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url("family_new", programme),
        {
            "name": " Northern services ",
            "members": [services[0].pk, services[2].pk],
            **fresh_form(),
        },
        follow=True,
    )
    assert messages_of(response) == ["Northern services has been added."]
    family = Comparator.objects.get(kind=ComparatorKind.FAMILY)
    assert (family.programme, family.name) == (programme, "Northern services")
    assert set(family.members.all()) == {services[0], services[2]}
    page = response.content.decode()
    assert "Northern services" in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in page
    # Its history says who made it, and with which services.
    assert {entry.history_user for entry in family.history.all()} == {coordinator}
    latest = family.history.order_by("-history_id").first()
    assert {m.organisation_id for m in latest.members.all()} == {services[0].pk, services[2].pk}


def test_the_add_form_sent_twice_adds_one_family(client, programme, services, coordinator):
    """A double click: the second answers as the first did, not "already has a family"."""
    client.force_login(coordinator)
    form = {"name": "Northern services", "members": [services[0].pk, services[1].pk]}
    form |= fresh_form()

    first = client.post(_url("family_new", programme), form)
    second = client.post(_url("family_new", programme), form)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Comparator.objects.filter(kind=ComparatorKind.FAMILY).count() == 1


def test_the_add_form_offers_the_programmes_member_services_only(
    client, programme, services, coordinator
):
    outsider = factories.OrganisationFactory(name="Outside YJS")
    client.force_login(coordinator)
    page = client.get(_url("family_new", programme)).content.decode()
    assert all(service.name in page for service in services)
    assert "Outside YJS" not in page
    response = client.post(
        _url("family_new", programme),
        {"name": "Mixed", "members": [services[0].pk, outsider.pk], **fresh_form()},
    )
    assert errors_of(response) == ["Select services that are members of the programme"]
    assert not Comparator.objects.filter(kind=ComparatorKind.FAMILY).exists()


def test_adding_a_family_says_what_is_missing_and_keeps_what_was_typed(
    client, programme, services, coordinator
):
    client.force_login(coordinator)
    response = client.post(
        _url("family_new", programme), {"name": "", "members": [], **fresh_form()}
    )
    assert errors_of(response) == ["Enter the family's name", "Select at least 2 services"]
    response = client.post(
        _url("family_new", programme),
        {"name": "Just one", "members": [services[0].pk], **fresh_form()},
    )
    assert errors_of(response) == ["Select at least 2 services"]
    assert 'value="Just one"' in response.content.decode()
    assert not Comparator.objects.filter(kind=ComparatorKind.FAMILY).exists()


def test_a_familys_name_is_unique_in_the_programme(client, programme, family, coordinator):
    client.force_login(coordinator)
    members = [s.pk for s in family.members.all()]
    response = client.post(
        _url("family_new", programme),
        {"name": "northern SERVICES", "members": members, **fresh_form()},
    )
    assert errors_of(response) == [
        "The programme already has a comparator family called northern SERVICES"
    ]
    assert Comparator.objects.filter(kind=ComparatorKind.FAMILY).count() == 1
    # Another programme may have a family of the same name.
    other = factories.ProgrammeFactory()
    client.force_login(factories.coordinator(programme=other))
    services = []
    for name in ("A YJS", "B YJS"):
        service = factories.OrganisationFactory(name=name)
        MemberOrganisation.objects.create(programme=other, organisation=service)
        services.append(service.pk)
    response = client.post(
        _url("family_new", other),
        {"name": "Northern services", "members": services, **fresh_form()},
    )
    assert response.status_code == 302


def test_a_coordinator_changes_a_familys_name_and_members(
    client, programme, family, services, coordinator
):
    client.force_login(coordinator)
    page = client.get(_url("family", programme, family)).content.decode()
    assert 'value="Northern services"' in page
    assert "Delete this comparator family" in page
    response = client.post(
        _url("family", programme, family),
        {"name": "North", "members": [services[0].pk, services[1].pk]},
        follow=True,
    )
    assert messages_of(response) == ["North has been saved."]
    family.refresh_from_db()
    assert family.name == "North"
    assert set(family.members.all()) == {services[0], services[1]}
    # Keeping its own name is no clash.
    response = client.post(
        _url("family", programme, family),
        {"name": "North", "members": [services[0].pk, services[1].pk]},
    )
    assert response.status_code == 302
    latest = family.history.order_by("-history_id").first()
    assert latest.history_user == coordinator
    assert {m.organisation_id for m in latest.members.all()} == {services[0].pk, services[1].pk}


def test_deleting_a_family_asks_first_and_takes_its_figures(
    client, programme, family, services, coordinator
):
    IndicatorValueFactory(
        organisation=None, comparator=family, period_start=START, period_end=END, value=1
    )
    own = figure(services[0], 200, 40, 20_000)
    client.force_login(coordinator)
    url = _url("family_delete", programme, family)
    page = client.get(url).content.decode()
    assert "Delete Northern services?" in page
    assert "also deletes its figures" in page
    assert "1 figure imported under the family" in page
    assert Comparator.objects.filter(pk=family.pk).exists()
    response = client.post(url, follow=True)
    assert messages_of(response) == ["Northern services has been deleted."]
    assert not Comparator.objects.filter(pk=family.pk).exists()
    assert not IndicatorValue.objects.filter(comparator_id=family.pk).exists()
    assert IndicatorValue.objects.filter(pk=own.pk).exists()  # the services' own are kept
    assert family.history.filter(history_type="-").exists()


def test_another_programmes_coordinator_gets_404_and_a_service_lead_403(client, programme, family):
    client.force_login(factories.coordinator())
    for url in (
        _url("families", programme),
        _url("family_new", programme),
        _url("family", programme, family),
        _url("family_delete", programme, family),
    ):
        assert client.get(url).status_code == 404
    assert client.post(_url("family_delete", programme, family)).status_code == 404
    client.force_login(factories.service_lead())
    assert client.get(_url("families", programme)).status_code == 403
    assert client.post(_url("family_delete", programme, family)).status_code == 403
    assert Comparator.objects.filter(pk=family.pk).exists()


def test_another_programmes_family_is_404_under_ones_own_programme(client, programme, coordinator):
    theirs = Comparator.objects.create(
        kind=ComparatorKind.FAMILY, programme=factories.ProgrammeFactory(), name="Theirs"
    )
    client.force_login(coordinator)
    assert client.get(_url("family", programme, theirs)).status_code == 404
    assert client.post(_url("family_delete", programme, theirs)).status_code == 404


def test_the_import_pages_match_a_familys_name_for_its_coordinator(client, family, coordinator):
    client.force_login(coordinator)
    content = csv_bytes(
        [HEADER, ["Northern services", "Apr 2024 - Mar 2025", "First-time entrants", "180", "", ""]]
    )
    preview, done = import_file(client, content)
    assert count(preview, "added") == 1
    assert done.status_code == 302
    assert IndicatorValue.objects.get(comparator=family).value == Decimal(180)


def test_a_service_that_left_the_programme_stays_in_the_family_until_unticked(
    client, programme, family, services, coordinator
):
    MemberOrganisation.objects.filter(programme=programme, organisation=services[2]).delete()
    client.force_login(coordinator)
    page = client.get(_url("family", programme, family)).content.decode()
    assert services[2].name in page
    response = client.post(
        _url("family", programme, family),
        {"name": family.name, "members": [s.pk for s in services]},
    )
    assert response.status_code == 302
    assert set(family.members.all()) == set(services)
    # Not offered to a new family.
    assert services[2].name not in client.get(_url("family_new", programme)).content.decode()
