import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.enums import (
    ApplicationState,
    DecisionChangeKind,
    DecisionOutcome,
    DecisionRoute,
)
from applications.models import (
    AgendaItem,
    Application,
    ApplicationEvent,
    BoardMeeting,
    BoardTerms,
    Decision,
    DecisionChange,
    DeclarationOfInterest,
)
from applications.selectors import (
    agenda_for,
    applications_ready_for,
    capacity_for,
    decision_refusal,
)
from offers.models import Cycle, LineOfEnquiry, ReviewType, TeamPlace

pytestmark = pytest.mark.dates

PASSWORD = "x-demo-password-123"


def _seed() -> None:
    call_command("seed_demo", password=PASSWORD, stdout=io.StringIO())


def _counts() -> dict[str, int]:
    models = [
        Application,
        ApplicationEvent,
        BoardMeeting,
        AgendaItem,
        Decision,
        DeclarationOfInterest,
        Cycle,
        ReviewType,
        TeamPlace,
        LineOfEnquiry,
    ]
    return {model.__name__: model.objects.count() for model in models}


def test_seed_demo_shows_every_application_state_with_its_timeline(demo_world):

    assert set(Application.objects.values_list("state", flat=True)) == set(ApplicationState.values)
    # Each state was reached through the services: the last event on the timeline leads to it.
    for application in Application.objects.all():
        assert application.events.order_by("created_at", "pk").last().to_state == application.state
    northdale = Application.objects.filter(organisation__name="Northdale Youth Justice Service")
    states = set(northdale.values_list("state", flat=True))
    assert {"draft", "more_information", "approved"} <= states


def test_seed_demo_holds_a_past_and_an_upcoming_board_meeting(demo_world):
    today = timezone.localdate()

    meetings = BoardMeeting.objects.filter(programme__short_name="YJSIP")
    assert meetings.count() == 2
    past, upcoming = meetings.get(held_on__lt=today), meetings.get(held_on__gt=today)
    decisions = Decision.objects.filter(agenda_item__meeting=past)
    assert set(decisions.values_list("outcome", flat=True)) == set(DecisionOutcome.values)
    assert past.present_members.count() >= past.quorum == 3
    assert past.minutes
    assert DeclarationOfInterest.objects.filter(agenda_item__meeting=past).exists()
    # Every decision at the past meeting was one it could take: held, quorate for the item.
    for item in past.items.all():
        assert decision_refusal(meeting=past, item=item) is None
    # The upcoming meeting cannot decide yet; one of its items was decided by chair's action.
    assert [entry.refusal is not None for entry in agenda_for(meeting=upcoming)] == [True, False]
    [between] = Decision.objects.filter(agenda_item__meeting=upcoming)
    assert (between.route, between.decided_by) == (
        DecisionRoute.CHAIRS_ACTION,
        BoardTerms.objects.get(programme=upcoming.programme).chair,
    )
    # The deferred application and a submitted one are ready for the next agenda.
    ready = set(applications_ready_for(meeting=upcoming).values_list("state", flat=True))
    assert ready == {ApplicationState.SUBMITTED, ApplicationState.DEFERRED}


def test_seed_demo_shows_decisions_amended_and_rescinded(demo_world):

    amended = DecisionChange.objects.get(kind=DecisionChangeKind.AMENDED)
    rescinded = DecisionChange.objects.get(kind=DecisionChangeKind.RESCINDED)

    assert amended.route == DecisionRoute.CHAIRS_ACTION
    assert amended.decision.window_starts_on > amended.previous_window_starts_on
    assert rescinded.route == DecisionRoute.WRITTEN_PROCEDURE
    assert rescinded.written_agreement.count() >= rescinded.decision.agenda_item.meeting.quorum
    assert rescinded.decision.rescinded
    assert rescinded.decision.application.state == ApplicationState.SUBMITTED


def test_seed_demo_leaves_the_current_cycle_partly_allocated(demo_world):
    today = timezone.localdate()

    approved = Application.objects.filter(
        programme__short_name="YJSIP", state=ApplicationState.APPROVED
    )
    cycles = {application.cycle for application in approved}
    assert len(cycles) == 1
    cycle = cycles.pop()
    # The cycle holding today, or the next one in the last weeks of a year.
    assert cycle.starts_on <= today + timedelta(weeks=6)
    assert today <= cycle.ends_on
    capacity = capacity_for(cycle=cycle)
    assert 0 < capacity.reviewer_days_allocated < cycle.reviewer_days
    assert 0 < capacity.funding_allocated < cycle.funding
    assert capacity.reviewer_days_pending > 0
    assert not capacity.oversubscribed


def test_seed_demo_twice_changes_nothing(demo_world):
    counts = _counts()

    _seed()

    assert _counts() == counts
