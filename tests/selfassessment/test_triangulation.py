"""The triangulation beside a self-assessment: the service's performance indicators against
comparators (performance.service_summary) and its improvement plans' current RAG."""

import datetime

import pytest
from django.urls import reverse

from improvement.enums import Rag
from tests import factories
from tests.factories.performance import FIRST_TIME_ENTRANTS, IndicatorValueFactory, indicator
from tests.factories.selfassessment import round_world, submitted

pytestmark = pytest.mark.django_db


def test_a_partner_sees_the_indicators_and_the_rag_beside_the_self_assessment(client):
    world = round_world(authorities=3, triads=True)
    scrutinised, partner, _third = world.authorities
    assessment = submitted(world, scrutinised)
    IndicatorValueFactory(
        organisation=scrutinised,
        indicator=indicator(FIRST_TIME_ENTRANTS),
        value=100,
        period_start=datetime.date(2024, 4, 1),
        period_end=datetime.date(2025, 3, 31),
    )
    plan = factories.ImprovementPlanFactory(organisation=scrutinised)
    factories.RecommendationFactory(plan=plan, current_rag=Rag.AMBER)

    client.force_login(world.leads[partner.pk])
    body = client.get(reverse("selfassessment:assessment", args=[assessment.pk])).text
    assert "Performance against comparators" in body
    assert "First-time entrants" in body
    assert "Improvement plan RAG now" in body
    assert ">Amber<" in body
