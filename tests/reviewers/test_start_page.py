"""What the reviewer pool and training add to the start page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.selectors import OwnRequest
from reviewers.enums import PoolStatus
from reviewers.models import PoolMembership
from tests import factories
from tests.dates import LONDON
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db


def tasks_of(client, role: str) -> list:
    sections = client.get(reverse("start")).context["sections"]
    return [task for section in sections if section.role == role for task in section.tasks]


def test_each_coordinated_pool_links_to_its_own_requests(client):
    coordinator = factories.coordinator()
    first = coordinator.memberships.get().programme
    second = factories.ProgrammeFactory()
    factories.coordinator(user=coordinator, programme=second)
    factories.PoolMembershipFactory(programme=first, status=PoolStatus.REQUESTED)
    asking = factories.PoolMembershipFactory(programme=second, status=PoolStatus.REQUESTED)
    client.force_login(coordinator)

    links = [t.url for t in tasks_of(client, "Programme coordinator") if "join the pool" in t.label]
    [second_link] = [url for url in links if f"programme={second.pk}&" in url]
    directory = client.get(second_link).context["page"].object_list

    assert len(links) == 2
    assert [entry.membership for entry in directory] == [asking]


def test_a_reviewer_is_offered_their_record_and_joining(client):
    member = factories.PoolMembershipFactory()
    factories.reviewer(user=member.reviewer.user, programme=member.programme)
    client.force_login(member.reviewer.user)

    labels = [task.label for task in tasks_of(client, "Peer reviewer")]

    assert labels == ["Your reviewer record", "Join a reviewer pool"]


# --- A person's own requests to join a pool ----------------------------------------------------

ASKED = datetime.datetime(2027, 3, 3, 10, tzinfo=LONDON)
ANSWERED = datetime.datetime(2027, 3, 10, 16, tzinfo=LONDON)


def asked_to_join(status=PoolStatus.REQUESTED, **fields):
    """A request to join a pool made on 3 March 2027 (and answered on 10 March, unless it
    still waits)."""
    with time_machine.travel(ASKED, tick=False):
        membership = factories.PoolMembershipFactory(status=PoolStatus.REQUESTED, **fields)
    if status != PoolStatus.REQUESTED:
        PoolMembership.objects.filter(pk=membership.pk).update(
            status=status, decided_at=ANSWERED, reason="Not a qualifying job role."
        )
    return membership


def test_a_person_without_a_role_sees_their_request_waiting_for_a_coordinator(client):
    membership = asked_to_join(programme__name="Youth Justice Sector Improvement Partnership")
    client.force_login(membership.reviewer.user)

    response = client.get(reverse("start"))
    page = response.content.decode()

    assert response.context["requests"] == [
        OwnRequest(
            label="Join the Youth Justice Sector Improvement Partnership reviewer pool",
            url=reverse("reviewers:me"),
            hint="Asked on 3 March 2027.",
            status="Waiting for a coordinator",
            colour="blue",
        )
    ]
    assert '<strong class="govuk-tag govuk-tag--blue">Waiting for a coordinator</strong>' in page
    assert "coordinators accept you, your tasks as a peer reviewer are listed here." in page
    assert "Ask to join another reviewer pool" in page
    assert "You do not have a role in any programme yet" not in page


def test_a_request_not_accepted_says_when_it_was_answered(client):
    membership = asked_to_join(PoolStatus.DECLINED, programme__name="SEND peer challenge")
    client.force_login(membership.reviewer.user)

    [request] = client.get(reverse("start")).context["requests"]

    assert (request.label, request.hint, request.status, request.colour) == (
        "Join the SEND peer challenge reviewer pool",
        "Asked on 3 March 2027, answered on 10 March 2027. Your reviewer record says why.",
        "Not accepted",
        "red",
    )


def test_a_reviewer_sees_their_request_to_join_another_pool_below_their_role(client):
    member = factories.PoolMembershipFactory()
    factories.reviewer(user=member.reviewer.user, programme=member.programme)
    asked_to_join(reviewer=member.reviewer, programme__name="SEND peer challenge")
    PoolMembership.objects.create(
        reviewer=member.reviewer, programme=factories.ProgrammeFactory(), status=PoolStatus.LEFT
    )
    client.force_login(member.reviewer.user)

    response = client.get(reverse("start"))

    assert [section.role for section in response.context["sections"]] == ["Peer reviewer"]
    assert [request.label for request in response.context["requests"]] == [
        "Join the SEND peer challenge reviewer pool"
    ]
    assert "What you can do" not in response.content.decode()


def test_the_join_page_shows_the_requests_made(client):
    first = asked_to_join(programme__name="SEND peer challenge")
    asked_to_join(
        reviewer=first.reviewer, programme__name="Youth Justice Sector Improvement Partnership"
    )
    client.force_login(first.reviewer.user)

    response = client.get(reverse("reviewers:join"))
    page = response.content.decode()

    assert [(r.label, r.status) for r in response.context["requests"]] == [
        ("Join the SEND peer challenge reviewer pool", "Waiting for a coordinator"),
        (
            "Join the Youth Justice Sector Improvement Partnership reviewer pool",
            "Waiting for a coordinator",
        ),
    ]
    assert (
        page.index("Your requests")
        < page.index("Ask to join another pool")
        < page.index('<form method="post" novalidate>')
    )


def test_the_join_page_shows_no_requests_to_someone_who_has_made_none(client):
    client.force_login(factories.UserFactory())

    response = client.get(reverse("reviewers:join"))

    assert response.context["requests"] == []
    assert "Your requests" not in response.content.decode()


def test_the_start_page_asks_the_same_queries_for_one_request_or_three(client):
    first = asked_to_join()
    client.force_login(first.reviewer.user)
    one = queries_for_get(client, reverse("start"))
    for _ in range(2):
        asked_to_join(reviewer=first.reviewer)

    three = queries_for_get(client, reverse("start"))

    assert len(client.get(reverse("start")).context["requests"]) == 3
    assert one == three
