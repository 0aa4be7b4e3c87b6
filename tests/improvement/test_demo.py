import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from improvement.dashboards import plan_dashboard
from improvement.enums import ActionEventKind, ActionStatus, PlanSource, Rag
from improvement.models import Action, ActionEvent, ImprovementPlan, ProgressUpdate, Recommendation
from improvement.scope import plan_scope

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _seed() -> None:
    call_command("seed_demo", password="x-demo-password-123", stdout=io.StringIO())


def _counts() -> tuple[int, int, int, int, int]:
    return (
        ImprovementPlan.objects.count(),
        Recommendation.objects.count(),
        Action.objects.count(),
        ProgressUpdate.objects.count(),
        ActionEvent.objects.count(),
    )


def test_demo_improvement_plans_read_like_a_year_of_progress_and_reseed_idempotently(demo_world):
    today = timezone.localdate()
    plans = ImprovementPlan.objects.filter(organisation__name="Northdale Youth Justice Service")
    assert plans.count() == 2
    assert set(plans.values_list("source", flat=True)) == {
        PlanSource.INSPECTION,
        PlanSource.PEER_REVIEW,
    }
    plan = plans.get(source=PlanSource.INSPECTION)
    assert plan.inspectorate == "hmip"

    rags = list(plan.recommendations.values_list("current_rag", flat=True))
    assert len(rags) == 8
    assert rags.count(Rag.GREEN) == 6
    assert rags.count(Rag.AMBER) == 2
    assert ProgressUpdate.objects.filter(recommendation__plan=plan, rag=Rag.RED).exists()

    # The dashboard has something to show under each heading, by the one rule
    # (improvement.attention) the pages use.
    dashboard = plan_dashboard(plan=plan, today=today)
    assert dashboard.overdue
    assert dashboard.stale

    counts = _counts()
    _seed()
    assert _counts() == counts


@pytest.mark.usefixtures("demo_world")
def test_demo_actions_complete_or_signed_off_have_their_status_history_by_the_right_people():
    finished = Action.objects.filter(
        status__in=[ActionStatus.AWAITING_SIGN_OFF, ActionStatus.SIGNED_OFF]
    ).select_related("recommendation__plan")
    assert finished.filter(status=ActionStatus.SIGNED_OFF).exists()
    assert finished.filter(status=ActionStatus.AWAITING_SIGN_OFF).exists()
    for action in finished:
        latest = action.events.first()
        assert latest is not None, action
        assert latest.to_status == action.status, action
    assert set(ActionEvent.objects.values_list("kind", flat=True)) == {
        ActionEventKind.COMPLETION_PROPOSED,
        ActionEventKind.SIGNED_OFF,
        ActionEventKind.SENT_BACK,
    }
    # Signed off and sent back only by those who may: never by the service itself.
    for event in ActionEvent.objects.exclude(
        kind=ActionEventKind.COMPLETION_PROPOSED
    ).select_related("action__recommendation__plan", "by"):
        assert plan_scope(event.by).may_sign_off(event.action.recommendation.plan), event
