"""What the start page's task list offers each role once applications exist."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationState
from applications.models import BoardMeeting
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def task_labels(client) -> dict[str, list[str]]:
    sections = client.get(reverse("start")).context["sections"]
    return {section.role: [task.label for task in section.tasks] for section in sections}


def test_service_lead_can_apply_and_is_told_what_waits_for_them(client):
    organisation = factories.OrganisationFactory()
    lead = factories.service_lead(organisation=organisation)
    factories.ApplicationFactory(organisation=organisation)
    factories.ApplicationFactory(organisation=organisation, state=ApplicationState.MORE_INFORMATION)
    client.force_login(lead)

    assert task_labels(client)["Service lead"] == [
        "Apply for a peer review",
        "Answer the coordinator's request for more information",
        "Your service's applications",
        # The service has no improvement plan yet.
        "Start an improvement plan",
        "Your service's performance",
    ]


def test_coordinator_is_told_how_many_applications_to_check(client):
    programme = factories.ProgrammeFactory()
    review_type = factories.ReviewTypeFactory(programme=programme)
    factories.ApplicationFactory.create_batch(
        2, review_type=review_type, state=ApplicationState.SUBMITTED
    )
    client.force_login(factories.coordinator(programme=programme))

    assert "Check 2 submitted applications" in task_labels(client)["Programme coordinator"]


def test_board_member_sees_the_next_meeting(client):
    programme = factories.ProgrammeFactory()
    soon = timezone.localdate() + datetime.timedelta(days=7)
    BoardMeeting.objects.create(programme=programme, held_on=soon + datetime.timedelta(days=30))
    BoardMeeting.objects.create(programme=programme, held_on=soon)
    BoardMeeting.objects.create(programme=programme, held_on=soon - datetime.timedelta(days=30))
    client.force_login(factories.board_member(programme=programme))

    assert task_labels(client)["Programme board member"][0] == (
        f"Next board meeting: {soon.day} {soon:%B %Y}"
    )
