"""From an approved application to a staffed challenge, in a real browser on the demo world:
the coordinator makes the challenge, sets its on-site days, runs the matcher for its team and
accepts the proposal; an invited reviewer accepts from their start page; the receiving
service's lead sees the dates and the team; the reviewer's calendar feed parses with
icalendar. Every page passes axe-core (see conftest.py)."""

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from accounts.models import Organisation
from applications.enums import ApplicationState, DecisionOutcome, SubsidyLevel
from applications.models import AgendaItem, Application, BoardMeeting, Decision
from challenges.enums import MemberStatus
from challenges.models import Challenge, TeamMember

from .axe import click_and_check, goto
from .pages import fill_date, sign_out, success_banner

pytestmark = pytest.mark.dates

COORDINATOR = "coordinator@example.org"
LEAD = "lead@example.org"
SERVICE = "Northdale Youth Justice Service"


def approved_application() -> Application:
    """A second approved application of the lead's service, as the board would leave it: the
    demo's own have become challenges already."""
    earlier = (
        Application.objects.filter(organisation__name=SERVICE)
        .exclude(cycle=None)
        .select_related("review_type", "cycle")
        .order_by("pk")
        .first()
    )
    today = timezone.localdate()
    application = Application.objects.create(
        programme=earlier.programme,
        organisation=Organisation.objects.get(name=SERVICE),
        review_type=earlier.review_type,
        cycle=earlier.cycle,
        state=ApplicationState.APPROVED,
        context="A second look at out-of-court work.",
        reasons="To test the new triage before inspection.",
        window_starts_on=today + datetime.timedelta(days=70),
        window_ends_on=today + datetime.timedelta(days=120),
        created_by=earlier.created_by,
        submitted_at=timezone.now(),
    )
    meeting = BoardMeeting.objects.filter(programme=earlier.programme, held_on__lte=today).latest(
        "held_on"
    )
    Decision.objects.create(
        agenda_item=AgendaItem.objects.create(meeting=meeting, application=application),
        application=application,
        outcome=DecisionOutcome.APPROVED,
        reviewer_days=earlier.review_type.reviewer_days,
        subsidy_level=SubsidyLevel.FULL,
        window_starts_on=application.window_starts_on,
        window_ends_on=application.window_ends_on,
        decided_by=earlier.created_by,
    )
    return application


def test_an_approved_application_becomes_a_staffed_challenge(
    page: Page, sign_in: Callable[..., None], demo_data: str
) -> None:
    application = approved_application()
    first_day = application.window_starts_on + datetime.timedelta(
        days=(7 - application.window_starts_on.weekday()) % 7
    )

    # 1. The coordinator makes the challenge from the application and sets its dates.
    sign_in(page, COORDINATOR)
    goto(page, reverse("challenges:list"))
    click_and_check(page.get_by_role("link", name=f"Schedule {application.reference}"))
    expect(page.get_by_role("heading", name="Create the challenge")).to_be_visible()
    click_and_check(page.get_by_role("button", name="Create the challenge"))
    expect(success_banner(page)).to_contain_text("created")
    challenge = Challenge.objects.get(application=application)
    fill_date(page, "First on-site day", first_day)
    click_and_check(page.get_by_role("button", name="Save the dates"))
    expect(success_banner(page)).to_contain_text("On-site dates saved")
    expect(page.get_by_text(first_day.strftime("%-d %B %Y")).first).to_be_visible()

    # 2. The matcher proposes the team, with its reasons; the coordinator accepts.
    click_and_check(page.get_by_role("link", name="Build the team"))
    click_and_check(page.get_by_role("link", name="Propose a team"))
    click_and_check(page.get_by_role("button", name="Propose a team"))
    expect(
        page.get_by_role("heading", name=f"Proposed team for {challenge.reference}")
    ).to_be_visible()
    click_and_check(page.get_by_role("button", name="Accept and send invitations"))
    expect(page.get_by_role("heading", name="Proposal accepted")).to_be_visible()
    invited = list(
        TeamMember.objects.filter(challenge=challenge, status=MemberStatus.INVITED)
        .select_related("reviewer__user")
        .order_by("pk")
    )
    assert invited, "The matcher proposed nobody"
    sign_out(page)

    # 3. An invited reviewer accepts from their start page.
    person = invited[0].reviewer.user
    sign_in(page, person.email)
    click_and_check(page.get_by_role("link", name=f"Answer your invitation to review {SERVICE}"))
    page.get_by_role("radio", name="Yes, I accept the place").check()
    click_and_check(page.get_by_role("button", name="Send my answer"))
    expect(success_banner(page)).to_contain_text("You have accepted your place")
    # Their calendar feed parses and holds the on-site days.
    goto(page, reverse("calendar:feed"))
    click_and_check(page.get_by_role("button", name="Make my calendar address"))
    person.refresh_from_db()
    feed = person.calendar_feed
    response = page.request.get(reverse("calendar:ics", args=[feed.token]))
    assert response.ok
    calendar = Calendar.from_ical(response.body())
    starts = [event.decoded("dtstart") for event in calendar.walk("VEVENT")]
    assert first_day in starts
    sign_out(page)

    # 4. The service's lead sees the dates and who has accepted, with their role.
    sign_in(page, LEAD)
    goto(page, challenge.get_absolute_url())
    expect(page.get_by_text(first_day.strftime("%-d %B %Y")).first).to_be_visible()
    team = page.get_by_role("table", name="Team members and their roles")
    expect(team).to_contain_text(person.full_name)
    expect(team).to_contain_text(invited[0].get_role_display())
    expect(page.get_by_role("heading", name="What is asked of the service")).to_be_visible()
