"""Start-page tasks: a service lead completes, scrutinises and answers; a coordinator hears of
late self-assessments and triads to confirm."""

import pytest

from selfassessment import services
from tests.factories.selfassessment import round_world, submitted

pytestmark = pytest.mark.django_db


def test_a_service_leads_tasks(client):
    world = round_world(authorities=3, triads=True)
    own, partner, _third = world.authorities
    client.force_login(world.leads[own.pk])
    assert "Complete your self-assessment" in client.get("/").text
    submitted(world, partner)
    assessment = submitted(world, own)
    services.note_add(
        assessment=assessment,
        section=world.round.sections.first(),
        kind="question",
        text="Why?",
        by=world.leads[partner.pk],
        organisation=partner,
    )
    page = client.get("/").text
    assert "Complete your self-assessment" not in page
    assert f"Scrutinise {partner.name}" in page
    assert "Answer the challenge questions" in page


def test_a_coordinators_tasks(client):
    world = round_world(authorities=3, late=True)
    client.force_login(world.coordinator)
    page = client.get("/").text
    assert "Self-assessment round: Annual self-assessment 2025" in page
    assert "3 self-assessments are overdue" in page
