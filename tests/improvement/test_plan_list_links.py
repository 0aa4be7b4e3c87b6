"""The list of plans as the first page of its section: it links the programme dashboard for
those who oversee plans (nothing linked to it before), and the actions awaiting sign-off, as
the service's dashboard does, for those who sign off and only for them (the service's leads,
who do not, were linked to a page that answered 403)."""

import lxml.html
import pytest
from django.urls import reverse

from improvement.enums import ActionStatus, PlanSource
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """A service's peer-review plan with an action awaiting sign-off; the service's lead and
    its improvement board member."""
    organisation = factories.OrganisationFactory()
    plan = factories.ImprovementPlanFactory(
        organisation=organisation,
        source=PlanSource.PEER_REVIEW,
        programme=factories.ProgrammeFactory(),
        inspectorate="",
    )
    factories.ActionFactory(recommendation__plan=plan, status=ActionStatus.AWAITING_SIGN_OFF)
    return {
        "lead": factories.service_lead(organisation=organisation),
        "board": factories.improvement_board_member(organisation=organisation),
    }


def links_to(client, url_name: str, target: str) -> list[str]:
    """The words of the page's links to `target` (a URL name)."""
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    return [
        " ".join(link.text_content().split())
        for link in lxml.html.fromstring(response.content).xpath("//main//a")
        if link.get("href") == reverse(target)
    ]


def links_to_sign_off(client, url_name: str) -> list[str]:
    return links_to(client, url_name, "improvement:awaiting_sign_off")


@pytest.mark.parametrize("role", ["board_member", "coordinator"])
def test_the_programme_dashboard_is_linked_from_the_list_of_plans(client, role):
    person = getattr(factories, role)()
    client.force_login(person)

    assert links_to(client, "improvement:plans", "dashboards:rag") == [
        "Programme dashboard: every plan your programmes oversee, by RAG rating"
    ]
    assert client.get(reverse("dashboards:rag")).status_code == 200


def test_the_programme_dashboard_is_linked_from_an_overseen_plans_dashboard(client):
    programme = factories.ProgrammeFactory()
    plan = factories.ImprovementPlanFactory(
        source=PlanSource.PEER_REVIEW, programme=programme, inspectorate=""
    )
    client.force_login(factories.board_member(programme=programme))

    page = lxml.html.fromstring(client.get(reverse("dashboards:plan", args=[plan.pk])).content)

    assert page.xpath(f"//main//a[@href='{reverse('dashboards:rag')}']/text()") == [
        "Programme dashboard: every plan your programmes oversee, by RAG rating"
    ]


def test_a_service_is_not_linked_to_the_programme_dashboard(client, world):
    client.force_login(world["lead"])

    assert links_to(client, "improvement:plans", "dashboards:rag") == []


def test_the_services_board_is_linked_to_the_actions_awaiting_its_sign_off(client, world):
    client.force_login(world["board"])

    assert links_to_sign_off(client, "improvement:plans") == ["Actions awaiting your sign-off"]
    assert links_to_sign_off(client, "dashboards:service") == ["1"]
    assert client.get(reverse("improvement:awaiting_sign_off")).status_code == 200


def test_the_services_lead_is_not_linked_to_a_page_they_may_not_use(client, world):
    client.force_login(world["lead"])

    dashboard = lxml.html.fromstring(client.get(reverse("dashboards:service")).content)

    assert links_to_sign_off(client, "improvement:plans") == []
    assert links_to_sign_off(client, "dashboards:service") == []
    assert dashboard.xpath("string(//td[@data-count='awaiting'])") == "1"
    assert client.get(reverse("improvement:awaiting_sign_off")).status_code == 403
