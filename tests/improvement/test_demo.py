import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from improvement.dashboards import plan_dashboard
from improvement.enums import PlanSource, Rag
from improvement.models import Action, ImprovementPlan, ProgressUpdate, Recommendation

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _seed() -> None:
    call_command("seed_demo", password="x-demo-password-123", stdout=io.StringIO())


def _counts() -> tuple[int, int, int, int]:
    return (
        ImprovementPlan.objects.count(),
        Recommendation.objects.count(),
        Action.objects.count(),
        ProgressUpdate.objects.count(),
    )


def test_demo_improvement_plans_read_like_a_year_of_progress_and_reseed_idempotently():
    _seed()
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
