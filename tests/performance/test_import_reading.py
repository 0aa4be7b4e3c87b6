"""Reading a release's cells: periods as releases write them, figures as numbers, and the
names of services and comparators."""

import datetime
from decimal import Decimal

import pytest

from accounts.enums import OrganisationKind
from performance import importing
from performance.enums import ComparatorKind
from performance.importing.matching import Areas, Unmatched
from tests import factories

D = datetime.date


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Apr 2021 - Mar 2022", (D(2021, 4, 1), D(2022, 3, 31))),
        ("April 2021 to March 2022", (D(2021, 4, 1), D(2022, 3, 31))),
        ("Apr-21 to Mar-22", (D(2021, 4, 1), D(2022, 3, 31))),
        ("Apr 2021 \u2013 Mar 2022", (D(2021, 4, 1), D(2022, 3, 31))),
        ("2021/22 Q4", (D(2022, 1, 1), D(2022, 3, 31))),
        ("2021-22 Q1", (D(2021, 4, 1), D(2021, 6, 30))),
        ("Q3 2021/22", (D(2021, 10, 1), D(2021, 12, 31))),
        ("Oct-Dec 2019", (D(2019, 10, 1), D(2019, 12, 31))),
        ("Nov-Jan 2020", (D(2019, 11, 1), D(2020, 1, 31))),
        ("January to December 2021", (D(2021, 1, 1), D(2021, 12, 31))),
        ("2021/22", (D(2021, 4, 1), D(2022, 3, 31))),
        ("Feb 2020", (D(2020, 2, 1), D(2020, 2, 29))),
        ("  oct - dec   2019 ", (D(2019, 10, 1), D(2019, 12, 31))),
    ],
)
def test_periods_as_releases_write_them(text, period):
    assert importing.parse_period(text) == period


@pytest.mark.parametrize(
    "text",
    ["", "2021", "2021/23", "2021/22 Q5", "Foo-Dec 2019", "Mar 2022 - Feb 2021", "soon"],
)
def test_what_is_not_a_period(text):
    assert importing.parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12.5", Decimal("12.5")),
        ("1,200", Decimal("1200")),
        ("45%", Decimal("45")),
        ("-3", Decimal("-3")),
        ("0.123456", Decimal("0.1235")),
    ],
)
def test_figures(text, value):
    assert importing.parse_figure(text) == value


@pytest.mark.parametrize("text", ["twelve", "1.2.3", "NaN", "Infinity", "99999999999"])
def test_what_is_not_a_figure(text):
    assert importing.parse_figure(text) is None


def test_names_are_compared_without_case_punctuation_or_the_kind_of_service():
    assert importing.name_key("Brighton & Hove YJS") == importing.name_key("brighton and hove yjs")
    assert importing.place_key("Barnsley Youth Justice Service") == "barnsley"
    assert importing.place_key("Barnsley YJS") == "barnsley"
    assert importing.place_key("Ryeholme Council children's services") == "ryeholme"


@pytest.mark.django_db
def test_services_and_comparators_are_matched_by_name():
    region = factories.RegionFactory(name="Yorkshire and the Humber")
    barnsley = factories.OrganisationFactory(name="Barnsley YJS", region=region)
    both = [
        factories.OrganisationFactory(name="Kirklees Youth Justice Service"),
        factories.OrganisationFactory(
            name="Kirklees Children's Services", kind=OrganisationKind.CHILDRENS_SERVICES
        ),
    ]
    areas = Areas()
    assert areas.match("Barnsley").organisation_id == barnsley.pk
    assert areas.match("BARNSLEY youth justice service").organisation_id == barnsley.pk
    assert areas.match("England and Wales").kind == ComparatorKind.NATIONAL
    assert areas.match("Yorkshire and The Humber").region_id == region.pk
    neighbours = areas.match("Statistical neighbours of Barnsley")
    assert (neighbours.kind, neighbours.neighbours_of) == (
        ComparatorKind.STATISTICAL_NEIGHBOURS,
        barnsley.pk,
    )
    assert areas.match("Kirklees") == Unmatched(tuple(sorted(service.name for service in both)))
    assert areas.match("Kirklees Youth Justice Service").organisation_id == both[0].pk
    assert areas.match("Atlantis") == Unmatched()
