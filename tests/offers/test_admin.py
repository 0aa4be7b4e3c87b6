"""The admin as technical staff use it for offers and cycles, with constraints explained.
Coordinators set these up on their programme's own pages instead (tests/offers, set-up
pages), and are refused the admin (tests/accounts/test_admin.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from offers.enums import PublicationRule, TeamRequirement, TeamRole
from offers.models import Cycle, ReviewType
from tests import factories
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(factories.superuser())
    return client


def make_offer(programme, name="Full peer review") -> ReviewType:
    return ReviewType.objects.create(
        programme=programme,
        name=name,
        description="Four days on site with a team of peers.",
        days_on_site=4,
        reviewer_days=20,
        publication_rule=PublicationRule.ALWAYS_PUBLIC,
    )


def offer_form(programme, name, **places) -> dict:
    data = {
        "programme": programme.pk,
        "name": name,
        "description": "Two days on site.",
        "days_on_site": 2,
        "reviewer_days": 8,
        "funding": "1500.00",
        "publication_rule": PublicationRule.SERVICE_DECIDES,
        "position": 0,
        "is_active": "on",
        "team_places-TOTAL_FORMS": "0",
        "team_places-INITIAL_FORMS": "0",
    }
    data.update(places)
    return data


def test_technical_staff_opens_the_offer_list(staff_client, programme):
    make_offer(programme)

    response = staff_client.get(reverse("admin:offers_reviewtype_changelist"))

    assert response.status_code == 200
    assert "Full peer review" in response.content.decode()


def test_technical_staff_adds_an_offer_with_its_team(staff_client, programme):
    response = staff_client.post(
        reverse("admin:offers_reviewtype_add"),
        offer_form(
            programme,
            "Focused review",
            **{
                "team_places-TOTAL_FORMS": "2",
                "team_places-0-role": TeamRole.LEAD,
                "team_places-0-count": "1",
                "team_places-0-requirement": TeamRequirement.FULLY_QUALIFIED,
                "team_places-1-role": TeamRole.REVIEWER,
                "team_places-1-count": "3",
                "team_places-1-requirement": TeamRequirement.TRAINED,
            },
        ),
    )

    assert response.status_code == 302
    offer = ReviewType.objects.get(programme=programme, name="Focused review")
    assert offer.funding == Decimal("1500.00")
    assert offer.team_size == 4
    assert {(place.role, place.count) for place in offer.team_places.all()} == {
        (TeamRole.LEAD, 1),
        (TeamRole.REVIEWER, 3),
    }


def test_a_cycle_must_end_after_it_starts(staff_client, programme):
    response = staff_client.post(
        reverse("admin:offers_cycle_add"),
        {
            "programme": programme.pk,
            "name": "2026 to 2027",
            "starts_on": "2027-03-31",
            "ends_on": "2026-04-01",
            "funding": "50000.00",
            "reviewer_days": 200,
            "is_open": "on",
        },
    )

    assert response.status_code == 200
    assert "The cycle must end after it starts." in response.content.decode()
    assert not Cycle.objects.exists()


def test_offer_list_queries_do_not_grow_with_rows(staff_client, programme):
    url = reverse("admin:offers_reviewtype_changelist")
    make_offer(programme, "Offer 0")
    one = queries_for_get(staff_client, url)

    for number in range(1, 30):
        make_offer(programme if number % 2 else factories.ProgrammeFactory(), f"Offer {number}")

    assert ReviewType.objects.count() == 30
    assert queries_for_get(staff_client, url) == one


def test_cycle_admin_lists_cycles(staff_client, programme):
    Cycle.objects.create(
        programme=programme,
        name="2026 to 2027",
        starts_on=datetime.date(2026, 4, 1),
        ends_on=datetime.date(2027, 3, 31),
        funding=Decimal("50000"),
        reviewer_days=200,
    )

    response = staff_client.get(reverse("admin:offers_cycle_changelist"))

    assert response.status_code == 200
    assert "2026 to 2027" in response.content.decode()
