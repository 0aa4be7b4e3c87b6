"""Who may see which plans is decided once (improvement.scope): the selectors that list and
fetch plans and the rules permissions that guard each plan give the same answer for every
kind of user, so a page and a permission check cannot disagree."""

import pytest
from django.http import Http404

from improvement import selectors
from improvement.enums import PlanSource
from improvement.rules import CHANGE_PLAN, SIGN_OFF_PLAN, VIEW_PLAN
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    programme = factories.ProgrammeFactory()
    service = factories.OrganisationFactory(name="Ashby YJS")
    other = factories.OrganisationFactory(name="Bexley YJS")
    plans = {
        "inspection": factories.ImprovementPlanFactory(organisation=service),
        "peer review": factories.ImprovementPlanFactory(
            organisation=service,
            source=PlanSource.PEER_REVIEW,
            programme=programme,
            inspectorate="",
        ),
        "other's peer review": factories.ImprovementPlanFactory(
            organisation=other,
            source=PlanSource.PEER_REVIEW,
            programme=programme,
            inspectorate="",
        ),
        # Names the programme but did not come from its review: not the programme's to read.
        "other's self-assessment": factories.ImprovementPlanFactory(
            organisation=other,
            source=PlanSource.SELF_ASSESSMENT,
            programme=programme,
            inspectorate="",
        ),
        "elsewhere": factories.ImprovementPlanFactory(),
    }
    lead_and_coordinator = factories.service_lead(organisation=other)
    factories.coordinator(user=lead_and_coordinator)  # of a programme with no plans
    users = {
        "service lead": factories.service_lead(organisation=service),
        "improvement board": factories.improvement_board_member(organisation=service),
        "coordinator": factories.coordinator(programme=programme),
        "board member": factories.board_member(programme=programme),
        "reviewer": factories.reviewer(programme=programme),
        "other service's lead, coordinator elsewhere": lead_and_coordinator,
        "inactive service lead": factories.service_lead(organisation=service, is_active=False),
        "superuser": factories.superuser(),
    }
    return plans, users


def names(plans: dict, chosen) -> set[str]:
    return {name for name, plan in plans.items() if plan in set(chosen)}


def test_scope_lists_exactly_the_plans_each_user_may_view_and_update(world):
    plans, users = world
    expected = {
        "service lead": ({"inspection", "peer review"}, {"inspection", "peer review"}),
        "improvement board": ({"inspection", "peer review"}, {"inspection", "peer review"}),
        "coordinator": ({"peer review", "other's peer review"}, set()),
        "board member": ({"peer review", "other's peer review"}, set()),
        "reviewer": (set(), set()),
        "other service's lead, coordinator elsewhere": (
            {"other's peer review", "other's self-assessment"},
            {"other's peer review", "other's self-assessment"},
        ),
        "inactive service lead": (set(), set()),
        "superuser": (set(plans), set(plans)),
    }

    for who, user in users.items():
        listed = names(plans, selectors.plans_for_user(user=user))
        viewable = {name for name, plan in plans.items() if user.has_perm(VIEW_PLAN, plan)}
        updatable = {name for name, plan in plans.items() if user.has_perm(CHANGE_PLAN, plan)}

        assert (listed, updatable) == expected[who], who
        assert viewable == listed, who


def test_scope_puts_on_the_programme_dashboard_only_its_programmes_peer_review_plans(world):
    plans, users = world
    theirs = {"peer review", "other's peer review"}
    expected = {who: set() for who in users} | {
        "coordinator": theirs,
        "board member": theirs,
        "superuser": set(plans),
    }
    may_see_dashboard = {
        "coordinator",
        "board member",
        "other service's lead, coordinator elsewhere",
        "superuser",
    }

    overseen = {
        who: names(plans, selectors.overseen_plans_for_user(user=user))
        for who, user in users.items()
    }
    with_dashboard = {
        who for who, user in users.items() if user.has_perm("improvement.view_programme_dashboard")
    }

    assert overseen == expected
    assert with_dashboard == may_see_dashboard


def test_scope_fetches_a_plan_for_its_viewers_and_is_not_found_for_others(world):
    plans, users = world
    plan = plans["peer review"]
    viewers = {who for who, user in users.items() if user.has_perm(VIEW_PLAN, plan)}

    assert viewers == {
        "service lead",
        "improvement board",
        "coordinator",
        "board member",
        "superuser",
    }
    for who, user in users.items():
        if who in viewers:
            assert selectors.plan_for_user(user=user, pk=plan.pk) == plan, who
        else:
            with pytest.raises(Http404):
                selectors.plan_for_user(user=user, pk=plan.pk)


def test_scope_says_who_signs_off_each_plan(world):
    """The service's improvement board, the coordinators of the programme whose peer review
    the plan follows, and superusers: never the service's lead, nor a programme board member."""
    plans, users = world
    expected = {who: set() for who in users} | {
        "improvement board": {"inspection", "peer review"},
        "coordinator": {"peer review", "other's peer review"},
        "superuser": set(plans),
    }

    signs_off = {
        who: {name for name, plan in plans.items() if user.has_perm(SIGN_OFF_PLAN, plan)}
        for who, user in users.items()
    }

    assert signs_off == expected
