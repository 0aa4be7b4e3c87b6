"""The scrutiny summary on a peer challenge's page: shown to those who may see the
self-assessment (the service's leads, the programme's coordinators), never to the team's
reviewers or anyone else who may open the challenge."""

import pytest
from django.urls import reverse

from selfassessment import services
from tests import factories
from tests.factories.challenges import ChallengeFactory
from tests.factories.selfassessment import round_world, submitted

pytestmark = pytest.mark.django_db


def test_the_challenge_page_shows_the_scrutiny_summary_to_those_who_may_see_it(client):
    world = round_world(authorities=3, triads=True)
    scrutinised, partner, _third = world.authorities
    assessment = submitted(world, scrutinised)
    services.note_add(
        assessment=assessment,
        section=world.round.sections.first(),
        kind="question",
        text="What do the live figures show?",
        by=world.leads[partner.pk],
        organisation=partner,
    )
    challenge = ChallengeFactory(programme=world.programme, organisation=scrutinised)
    url = reverse("challenges:detail", args=[challenge.pk])

    client.force_login(world.leads[scrutinised.pk])
    body = client.get(url).content.decode()
    assert "From the self-assessment scrutiny" in body
    assert "What do the live figures show?" in body

    client.force_login(world.coordinator)
    assert "From the self-assessment scrutiny" in client.get(url).content.decode()

    board = factories.board_member(programme=world.programme)
    client.force_login(board)
    page = client.get(url)
    assert "What do the live figures show?" not in page.content.decode()
