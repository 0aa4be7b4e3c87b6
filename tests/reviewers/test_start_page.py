"""What the reviewer pool and training add to the start page."""

import pytest
from django.urls import reverse

from reviewers.enums import PoolStatus
from tests import factories

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
