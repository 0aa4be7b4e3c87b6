import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_anonymous_start_page_explains_the_service_and_lists_programmes(client):
    factories.ProgrammeFactory(name="Youth Justice Sector Improvement Partnership")

    page = client.get(reverse("start")).content.decode()

    assert "Youth Justice Sector Improvement Partnership" in page
    assert reverse("accounts:login") in page
    assert "Published reports" in page


def test_coordinator_sees_housekeeping_tasks_for_their_programme(client):
    programme = factories.ProgrammeFactory(short_name="YJSIP")
    client.force_login(factories.coordinator(programme=programme))

    page = client.get(reverse("start")).content.decode()

    assert "Programme coordinator" in page
    assert "Set up YJSIP" in page
    assert reverse("programmes:programme", args=[programme.pk]) in page
    assert "/admin/" not in page


@pytest.mark.parametrize(
    ("make", "role_label", "empty_text"),
    [
        (
            factories.improvement_board_member,
            "Improvement board member",
            "no improvement plans for this service",
        ),
    ],
)
def test_each_role_has_a_written_empty_state(client, make, role_label, empty_text):
    client.force_login(make())

    page = client.get(reverse("start")).content.decode()

    assert role_label in page
    assert empty_text in page


def test_person_with_several_roles_gets_a_section_for_each(client):
    user = factories.coordinator()
    factories.board_member(user=user)
    factories.service_lead(user=user)
    client.force_login(user)

    response = client.get(reverse("start"))

    assert [section.role for section in response.context["sections"]] == [
        "Programme board member",
        "Programme coordinator",
        "Service lead",
    ]


def test_anonymous_start_page_offers_to_join_a_reviewer_pool(client):
    page = client.get(reverse("start")).content.decode()

    assert '<h2 class="govuk-heading-m">Join a reviewer pool</h2>' in page
    assert re.search(
        rf'<a href="{reverse("reviewers:join")}" role="button"[^>]*>\s*Join a reviewer pool', page
    )
    assert "Peer reviewers create their own account when they ask to join" in page
    assert "Your programme coordinator sets one up for you" not in page


def test_person_without_roles_is_offered_to_join_a_pool(client):
    client.force_login(factories.UserFactory())

    response = client.get(reverse("start"))
    page = response.content.decode()

    assert (response.context["sections"], response.context["requests"]) == ([], [])
    assert "You do not have a role in any programme yet." in page
    assert f'href="{reverse("reviewers:join")}" aria-describedby="join-a-pool-hint">Join' in page
    assert "Ask your programme coordinator to add you." in page


def test_technical_staff_have_a_link_to_the_admin(client):
    client.force_login(factories.superuser())

    response = client.get(reverse("start"))

    [section] = response.context["sections"]
    assert (section.role, section.where) == ("Technical staff", "The whole service")
    assert [(task.label, task.url) for task in section.tasks] == [("Admin", reverse("admin:index"))]
    assert f'href="{reverse("admin:index")}"' in response.content.decode()
    assert "You do not have a role" not in response.content.decode()


def test_service_navigation_shows_set_up_to_coordinators_and_admin_to_staff_only(client):
    client.force_login(factories.coordinator())
    coordinator_nav = [item.label for item in client.get("/").context["service_navigation"]]
    client.force_login(factories.reviewer())
    reviewer_nav = [item.label for item in client.get("/").context["service_navigation"]]
    client.force_login(factories.superuser())
    staff_nav = [item.label for item in client.get("/").context["service_navigation"]]

    assert coordinator_nav == [
        "Applications",
        "Board",
        "Challenges",
        "Reviewers",
        "Plans",
        "Set up",
        "Your profile",
    ]
    assert reviewer_nav == ["Your profile"]
    assert staff_nav[-3:] == ["Set up", "Admin", "Your profile"]
