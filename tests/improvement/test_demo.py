import io
import itertools

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Membership, Organisation
from improvement.dashboards import plan_dashboard
from improvement.enums import (
    ActionEventKind,
    ActionStatus,
    ItemKind,
    OverallRating,
    PlanSource,
    Rag,
)
from improvement.models import (
    Action,
    ActionEvent,
    ImprovementPlan,
    Measure,
    ProgressUpdate,
    Recommendation,
)
from improvement.scope import plan_scope
from offers.models import LineOfEnquiry

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


def test_demo_has_a_service_with_no_plan_whose_lead_signs_in_and_may_start_one(demo_world, client):
    service = Organisation.objects.get(name="Ashburn Youth Justice Service")
    assert not ImprovementPlan.objects.filter(organisation=service).exists()
    lead = Membership.objects.get(organisation=service, role=Role.SERVICE_LEAD).user
    assert lead.email == "ashburn@example.org"
    # The plan they start is theirs to manage: they lead the service.
    assert service.pk in plan_scope(lead).led_service_ids

    response = client.post(
        reverse("accounts:login"), {"username": lead.email, "password": demo_world}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(lead.pk)


@pytest.mark.usefixtures("demo_world")
def test_demo_post_inspection_plan_is_tracked_on_its_recommendations_alone():
    """Shaped like a plan straight after an HMIP inspection: numbered recommendations, each
    addressed to someone and under an inspection domain, with outcomes, RAG and dated
    progress on the recommendation itself, and no actions."""
    today = timezone.localdate()
    plan = ImprovementPlan.objects.get(organisation__name="Severnside Youth Justice Service")
    assert plan.source == PlanSource.INSPECTION
    assert plan.inspectorate == "hmip"
    assert plan.programme is None

    # The inspection, known to the month, then the report, the plan's endorsement and its
    # submission on time; its next review has passed.
    assert plan.inspected_month_only
    assert plan.inspected_from.day == plan.inspected_to.day == 1
    assert plan.inspected_from <= plan.inspected_to < plan.published_on
    assert plan.published_on < plan.endorsed_on <= plan.submitted_on <= plan.due_on < today
    assert plan.endorsed_by
    assert plan.owner.email == "lead.severnside@example.org"
    assert plan.is_review_overdue(today)
    assert plan_scope(plan.owner).may_manage(plan)

    assert plan.overall_rating == OverallRating.REQUIRES_IMPROVEMENT
    ratings = dict(plan.ratings.values_list("domain", "rating"))
    assert ratings == {
        "Organisational delivery": OverallRating.REQUIRES_IMPROVEMENT,
        "Court disposals": OverallRating.GOOD,
        "Out-of-court disposals": OverallRating.INADEQUATE,
        "Resettlement": OverallRating.REQUIRES_IMPROVEMENT,
    }

    items = list(plan.recommendations.all())
    assert [item.reference for item in items] == ["1", "2", "3", "4", "5", "6"]
    assert not Action.objects.filter(recommendation__plan=plan).exists()
    for item in items:
        assert item.kind == ItemKind.RECOMMENDATION, item
        assert item.addressee, item
        assert item.domain in ratings, item
        assert item.outcomes.exists(), item
        updates = list(item.updates.order_by("recorded_on"))
        assert len(updates) >= 2, item
        assert all(plan.submitted_on <= u.recorded_on <= today for u in updates), item
        # The current RAG is the latest update's, and recent enough not to be stale.
        assert item.current_rag == updates[-1].rag, item
        assert (today - item.last_update_on).days < plan.stale_after_days, item
    assert {item.current_rag for item in items} == {Rag.RED, Rag.AMBER, Rag.GREEN}


@pytest.mark.usefixtures("demo_world")
def test_demo_next_review_has_passed_on_one_plan_only():
    today = timezone.localdate()
    overdue = [p for p in ImprovementPlan.objects.all() if p.is_review_overdue(today)]
    assert [p.organisation.name for p in overdue] == ["Severnside Youth Justice Service"]


@pytest.mark.usefixtures("demo_world")
def test_demo_measures_have_a_baseline_a_target_and_past_monthly_values():
    today = timezone.localdate()
    westmere = ImprovementPlan.objects.get(organisation__name="Westmere Youth Justice Service")
    assert Measure.objects.filter(recommendation__plan=westmere).count() == 2
    measures = Measure.objects.select_related("recommendation__plan")
    assert {m.recommendation.plan.organisation.name for m in measures} == {
        "Northdale Youth Justice Service",
        "Westmere Youth Justice Service",
        "Severnside Youth Justice Service",
    }
    for measure in measures:
        plan = measure.recommendation.plan
        assert measure.baseline is not None, measure
        assert measure.target is not None, measure
        assert measure.recommendation.kind != ItemKind.STRENGTH, measure
        dates = list(measure.values.order_by("recorded_on").values_list("recorded_on", flat=True))
        assert len(dates) >= 4, measure
        # About a month apart, within the plan's life, and in the past.
        assert all((later - earlier).days >= 28 for earlier, later in itertools.pairwise(dates))
        assert plan.submitted_on <= dates[0], measure
        assert dates[-1] < today, measure


@pytest.mark.usefixtures("demo_world")
def test_demo_peer_review_plans_hold_recommendations_areas_for_consideration_and_strengths():
    plans = ImprovementPlan.objects.filter(source=PlanSource.PEER_REVIEW)
    assert plans.count() == 2
    for plan in plans:
        items = plan.recommendations.all()
        assert set(items.values_list("kind", flat=True)) == set(ItemKind.values), plan
        lines = set(
            LineOfEnquiry.objects.filter(programme=plan.programme, is_active=True).values_list(
                "name", flat=True
            )
        )
        for item in items:
            # Each under one of the programme's lines of enquiry.
            assert item.domain in lines, item
            if item.kind == ItemKind.STRENGTH:
                assert not item.actions.exists(), item
                assert not item.updates.exists(), item
                assert not item.current_rag, item
            else:
                assert item.addressee, item
                assert item.current_rag in Rag.values, item
