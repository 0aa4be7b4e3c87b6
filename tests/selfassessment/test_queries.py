"""The round page, a self-assessment's page and the list make the same number of queries for
few authorities, sections and notes as for many."""

import pytest
from django.urls import reverse

from selfassessment import services
from tests.factories.selfassessment import round_world, submitted
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db


def _pages(client, world, assessment) -> tuple[int, int, int]:
    client.force_login(world.coordinator)
    counts = (
        queries_for_get(client, reverse("selfassessment:round", args=[world.round.pk])),
        queries_for_get(client, reverse("selfassessment:assessment", args=[assessment.pk])),
    )
    client.force_login(world.leads[assessment.organisation_id])
    return (*counts, queries_for_get(client, reverse("selfassessment:index")))


def _scrutinised(world):
    own, partner = world.authorities[0], world.authorities[1]
    assessment = submitted(world, own)
    for section in world.round.sections.all():
        for kind in ("comment", "question"):
            services.note_add(
                assessment=assessment,
                section=section,
                kind=kind,
                text="Why?",
                by=world.leads[partner.pk],
                organisation=partner,
            )
    return assessment


def test_the_same_queries_for_3_and_for_12_authorities(client):
    small = round_world(authorities=3, triads=True)
    at_three = _pages(client, small, _scrutinised(small))
    large = round_world(authorities=12, triads=True)
    assert _pages(client, large, _scrutinised(large)) == at_three
