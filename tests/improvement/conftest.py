"""The plan and its service lead, signed in, that most improvement tests start from. A test
module that needs another plan (a title, items) defines its own `plan` fixture."""

import datetime

import pytest

from tests import factories


@pytest.fixture
def plan():
    return factories.ImprovementPlanFactory()


@pytest.fixture
def lead(client, plan):
    user = factories.service_lead(organisation=plan.organisation, full_name="Sam Lead")
    client.force_login(user)
    return user


@pytest.fixture
def managed(client):
    """A plan and its service lead, signed in: the plan's details to change."""
    plan = factories.ImprovementPlanFactory(
        title="Post-inspection plan", inspected_from=datetime.date(2013, 3, 4)
    )
    lead = factories.service_lead(organisation=plan.organisation)
    client.force_login(lead)
    return plan, lead
