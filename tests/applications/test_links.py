"""Links on an application's page that lead to the place where the next step is taken: the
next meeting's agenda with the application ticked, and the coordinator's request for more
information in the history."""

import datetime

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.enums import ApplicationAction, ApplicationState
from applications.models import BoardMeeting
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def submitted():
    """A submitted application and its programme's coordinator."""
    programme = factories.ProgrammeFactory()
    application = factories.ApplicationFactory(
        review_type=factories.ReviewTypeFactory(programme=programme),
        cycle=factories.CycleFactory(programme=programme),
        state=ApplicationState.SUBMITTED,
    )
    return application, factories.coordinator(programme=programme)


def meeting_on(application, days: int) -> BoardMeeting:
    return BoardMeeting.objects.create(
        programme=application.programme,
        held_on=timezone.localdate() + datetime.timedelta(days=days),
        quorum=3,
    )


def page_of(response) -> lxml.html.HtmlElement:
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def link_named(page: lxml.html.HtmlElement, text: str) -> lxml.html.HtmlElement:
    """The one link in the page's main content that reads `text`."""
    [link] = [a for a in page.xpath("//main//a") if " ".join(a.text_content().split()) == text]
    return link


def ticked(page: lxml.html.HtmlElement) -> list[str]:
    return page.xpath("//input[@name='applications'][@checked]/@value")


def test_add_to_agenda_leads_to_the_next_meetings_agenda_with_the_application_ticked(
    client, submitted
):
    application, coordinator = submitted
    meeting_on(application, days=-7)  # held: too late
    meeting_on(application, days=30)  # later than the next
    next_meeting = meeting_on(application, days=10)
    client.force_login(coordinator)

    page = page_of(client.get(application.get_absolute_url()))
    link = link_named(
        page, f"Add it to the agenda of the meeting on {next_meeting.held_on:%-d %B %Y}"
    )
    agenda = page_of(client.get(link.get("href")))

    assert link.get("href") == (
        f"{reverse('board:agenda_add', args=[next_meeting.pk])}?application={application.pk}"
    )
    assert link_named(page, "choose another meeting").get("href") == reverse("board:meetings")
    assert ticked(agenda) == [str(application.pk)]


def test_add_to_agenda_without_a_meeting_to_come_leads_to_planning_one(client, submitted):
    application, coordinator = submitted
    meeting_on(application, days=-7)
    client.force_login(coordinator)

    page = page_of(client.get(application.get_absolute_url()))

    assert link_named(page, "plan a meeting").get("href") == reverse("board:meeting_new")


def test_the_agenda_page_ticks_nothing_for_an_application_it_does_not_offer(client, submitted):
    application, coordinator = submitted
    meeting = meeting_on(application, days=10)
    client.force_login(coordinator)
    url = reverse("board:agenda_add", args=[meeting.pk])

    for asked in ("999999", "abc", "²"):
        assert ticked(page_of(client.get(url, {"application": asked}))) == []
    offered = page_of(client.get(url)).xpath("//input[@name='applications']/@value")
    assert offered == [str(application.pk)]


def test_the_service_is_led_to_the_coordinators_request_in_the_history(client, submitted):
    application, coordinator = submitted
    lead = factories.service_lead(organisation=application.organisation)
    services.application_transition(
        application=application,
        action=ApplicationAction.REQUEST_INFORMATION,
        by=coordinator,
        reason="Please send the data pack.",
    )
    request_event = application.events.get(action=ApplicationAction.REQUEST_INFORMATION)
    client.force_login(lead)

    page = page_of(client.get(application.get_absolute_url()))
    link = link_named(page, "Read their request")
    [entry] = page.xpath(f"//*[@id='{link.get('href').removeprefix('#')}']")

    assert link.get("href") == f"#event-{request_event.pk}"
    assert "Please send the data pack." in entry.text_content()
    assert entry.xpath("h3")[0].text_content().strip() == request_event.get_action_display()
