"""The cycle planner's pages and services: proposing a plan for a cycle, reading it by month,
accepting it once (one challenge per planned review), discarding it, bad input, and who may."""

import datetime
import re
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from challenges import planner_services
from challenges.enums import ChallengeAction, Phase, PlanStatus
from challenges.models import Challenge, CyclePlan, MatchingWeights, PlannedReview
from challenges.planner_selectors import cycle_months, month_window
from challenges.services import challenge_plan
from offers.enums import EnquiryKind
from offers.models import LineOfEnquiry
from tests import factories
from tests.factories.planner import CYCLE_ENDS, CYCLE_STARTS, member_of, regional_programme
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional():
    return regional_programme(members=7)


@pytest.fixture
def signed_in(client, regional):
    client.force_login(regional.coordinator)
    return client


def plan_url(regional) -> str:
    return reverse("challenges:plan", args=[regional.cycle.pk])


def propose(client, regional, **data):
    return client.post(
        plan_url(regional),
        {"review_type": str(regional.offer.pk), "triads": "no", "region": "none"} | data,
    )


def checked(page: str, name: str) -> list[str]:
    """The values of the radios named `name` that are checked on the page."""
    return re.findall(rf'name="{name}"[^>]*value="([^"]*)"\s*checked', page)


def pairs(plan: CyclePlan) -> set[tuple[int, int]]:
    return set(plan.reviews.values_list("reviewing_id", "reviewed_id"))


# --- Proposing ---------------------------------------------------------------------------------


def test_plan_page_offers_the_form_for_the_cycles_members(signed_in, regional):
    response = signed_in.get(plan_url(regional))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Propose a plan" in page
    assert "The plan is for 7 organisations" in page
    assert CyclePlan.objects.count() == 0


def test_propose_makes_a_plan_where_everyone_delivers_and_receives_once(signed_in, regional):
    response = propose(signed_in, regional)

    assert response.status_code == 302
    assert response["Location"] == plan_url(regional)
    plan = CyclePlan.objects.get()
    assert (plan.status, plan.triads, plan.review_type, plan.created_by) == (
        PlanStatus.PROPOSED,
        False,
        regional.offer,
        regional.coordinator,
    )
    member_ids = sorted(member.pk for member in regional.members)
    reviews = pairs(plan)
    assert sorted(reviewing for reviewing, _ in reviews) == member_ids
    assert sorted(reviewed for _, reviewed in reviews) == member_ids
    assert [(a, b) for a, b in reviews if (b, a) in reviews] == []
    assert Challenge.objects.count() == 0


def test_propose_spreads_the_reviews_over_the_cycles_months(signed_in, regional):
    propose(signed_in, regional)

    months = list(PlannedReview.objects.values_list("month", flat=True))
    allowed = cycle_months(cycle=regional.cycle, days_on_site=3)
    assert len(allowed) == 18
    assert set(months) <= set(allowed)
    # Seven reviews over eighteen months: one a month at most.
    assert max(Counter(months).values()) == 1


def test_propose_in_triads_makes_groups_of_three_and_one_of_four(signed_in, regional):
    propose(signed_in, regional, triads="yes")

    plan = CyclePlan.objects.get()
    assert plan.triads is True
    sizes = Counter(plan.reviews.values_list("group", flat=True))
    assert sorted(sizes.values()) == [3, 4]


def test_plan_page_shows_the_plan_by_month_with_the_accept_and_discard_buttons(signed_in, regional):
    propose(signed_in, regional)
    plan = CyclePlan.objects.get()
    first = plan.reviews.order_by("month", "group", "reviewed__name").first()

    response = signed_in.get(plan_url(regional))

    page = response.content.decode()
    assert "The proposed plan" in page
    assert "Who reviews whom, by month" in page
    assert first.month.strftime("%B %Y") in page
    assert page.count('<th scope="row" class="govuk-table__header">') == 7
    assert reverse("challenges:plan_accept", args=[regional.cycle.pk, plan.pk]) in page
    assert reverse("challenges:plan_discard", args=[regional.cycle.pk, plan.pk]) in page
    assert "Propose again" in page


def test_propose_again_discards_the_proposal_before(signed_in, regional):
    propose(signed_in, regional)
    first = CyclePlan.objects.get()

    propose(signed_in, regional, triads="yes")

    first.refresh_from_db()
    assert first.status == PlanStatus.DISCARDED
    assert CyclePlan.objects.filter(status=PlanStatus.PROPOSED).count() == 1


def test_propose_leaves_out_organisations_with_a_challenge_in_the_cycle(signed_in, regional):
    taken = regional.members[0]
    challenge_plan(
        programme=regional.programme,
        organisation=taken,
        review_type=regional.offer,
        cycle=regional.cycle,
        window_starts_on=CYCLE_STARTS,
        window_ends_on=CYCLE_ENDS,
        by=regional.coordinator,
    )

    propose(signed_in, regional)
    response = signed_in.get(plan_url(regional))

    plan = CyclePlan.objects.get()
    assert taken.pk not in {organisation for pair in pairs(plan) for organisation in pair}
    assert plan.reviews.count() == 6
    page = response.content.decode()
    assert "already has a challenge in the cycle, so it is left out" in page
    assert f"<li>{taken.name}</li>" in page


def test_propose_for_two_organisations_says_they_would_be_a_reciprocal_pair(client):
    regional = regional_programme(members=2)
    client.force_login(regional.coordinator)

    response = propose(client, regional)

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "reciprocal pair" in page
    assert CyclePlan.objects.count() == 0


def test_propose_prefers_the_programmes_region_wish_from_its_matching_weights(signed_in, regional):
    MatchingWeights.objects.create(programme=regional.programme, region=-1)

    response = signed_in.get(plan_url(regional))

    assert checked(response.content.decode(), "region") == ["elsewhere"]


def test_propose_for_distance_pairs_organisations_from_other_regions(client):
    regional = regional_programme(members=0)
    north, south = factories.RegionFactory(), factories.RegionFactory()
    for k in range(8):
        member_of(regional.programme, region=north if k % 2 else south)
    client.force_login(regional.coordinator)

    propose(client, regional, region="elsewhere")

    plan = CyclePlan.objects.get()
    assert [
        review
        for review in plan.reviews.select_related("reviewing", "reviewed")
        if review.reviewing.region_id == review.reviewed.region_id
    ] == []


# --- Bad input ---------------------------------------------------------------------------------


def test_propose_with_nothing_chosen_shows_every_error_and_makes_nothing(signed_in, regional):
    response = signed_in.post(plan_url(regional), {})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "<title>Error:" in page
    for message in (
        "Select the offer to plan with",
        "Select whether to plan in triads",
        "Select where the reviewing organisation should come from",
    ):
        assert page.count(message) == 2  # in the summary and at the field
    assert 'href="#id_triads_1"' in page
    assert CyclePlan.objects.count() == 0


@pytest.mark.parametrize(
    "offer", ["99999999999999999999999", "-1", "abc", "other programme's offer"]
)
def test_propose_with_an_offer_not_the_programmes_is_an_error_keeping_the_rest(
    signed_in, regional, offer
):
    if offer == "other programme's offer":
        offer = str(factories.ReviewTypeFactory().pk)

    response = propose(signed_in, regional, review_type=offer, triads="yes", region="same")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select one of the programme&#x27;s offers" in page
    assert checked(page, "triads") == ["yes"]
    assert checked(page, "region") == ["same"]
    assert CyclePlan.objects.count() == 0


def test_propose_with_a_region_wish_not_offered_is_an_error(signed_in, regional):
    response = propose(signed_in, regional, region="nearby")

    assert "Select one of the choices for the region" in response.content.decode()
    assert CyclePlan.objects.count() == 0


# --- Accepting and discarding ------------------------------------------------------------------


@pytest.fixture
def proposed(signed_in, regional) -> CyclePlan:
    propose(signed_in, regional)
    return CyclePlan.objects.get()


def accept_url(regional, plan) -> str:
    return reverse("challenges:plan_accept", args=[regional.cycle.pk, plan.pk])


def discard_url(regional, plan) -> str:
    return reverse("challenges:plan_discard", args=[regional.cycle.pk, plan.pk])


def test_accept_asks_first_and_makes_nothing_on_the_question(signed_in, regional, proposed):
    response = signed_in.get(accept_url(regional, proposed))

    page = response.content.decode()
    assert "Accept the plan?" in page
    assert "Accepting makes 7 challenges" in page
    assert Challenge.objects.count() == 0


def test_accept_makes_one_challenge_per_planned_review_in_its_month(signed_in, regional, proposed):
    thread = LineOfEnquiry.objects.create(
        programme=regional.programme, kind=EnquiryKind.GOLDEN_THREAD, name="Voice of the child"
    )

    response = signed_in.post(accept_url(regional, proposed))

    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.accepted_by) == (PlanStatus.ACCEPTED, regional.coordinator)
    assert proposed.accepted_at is not None
    assert Challenge.objects.count() == 7
    for review in proposed.reviews.select_related("challenge"):
        challenge = review.challenge
        assert (
            challenge.organisation_id,
            challenge.delivering_organisation_id,
            challenge.cycle_id,
            challenge.review_type_id,
            challenge.phase,
        ) == (
            review.reviewed_id,
            review.reviewing_id,
            regional.cycle.pk,
            regional.offer.pk,
            Phase.SCHEDULING,
        )
        assert (challenge.window_starts_on, challenge.window_ends_on) == month_window(
            cycle=regional.cycle, month=review.month
        )
        assert list(challenge.events.values_list("action", flat=True)) == [ChallengeAction.PLAN]
        assert list(challenge.lines_of_enquiry.all()) == [thread]
    page = signed_in.get(plan_url(regional)).content.decode()
    assert "The accepted plan" in page
    assert Challenge.objects.first().reference in page


def test_accept_twice_makes_the_challenges_once(signed_in, regional, proposed):
    signed_in.post(accept_url(regional, proposed))

    again = signed_in.post(accept_url(regional, proposed), follow=True)
    planner_services.plan_accept(plan=proposed, by=regional.coordinator)

    assert Challenge.objects.count() == 7
    assert "already been accepted" in again.content.decode()


def test_accept_a_discarded_plan_is_refused(signed_in, regional, proposed):
    signed_in.post(discard_url(regional, proposed))

    response = signed_in.post(accept_url(regional, proposed), follow=True)

    assert "discarded, so it cannot be accepted" in response.content.decode()
    assert Challenge.objects.count() == 0


def test_accept_after_a_challenge_was_made_for_a_planned_organisation_is_refused(
    signed_in, regional, proposed
):
    challenge_plan(
        programme=regional.programme,
        organisation=regional.members[3],
        review_type=regional.offer,
        cycle=regional.cycle,
        window_starts_on=CYCLE_STARTS,
        window_ends_on=CYCLE_ENDS,
        by=regional.coordinator,
    )

    response = signed_in.post(accept_url(regional, proposed), follow=True)

    assert "since the plan was proposed" in response.content.decode()
    assert Challenge.objects.count() == 1
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.PROPOSED


def test_discard_asks_then_discards(signed_in, regional, proposed):
    question = signed_in.get(discard_url(regional, proposed))
    response = signed_in.post(discard_url(regional, proposed), follow=True)

    assert "Discard the plan?" in question.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.DISCARDED
    assert "The plan has been discarded." in response.content.decode()
    assert "Propose a plan" in response.content.decode()


def test_discard_an_accepted_plan_is_refused(signed_in, regional, proposed):
    planner_services.plan_accept(plan=proposed, by=regional.coordinator)

    response = signed_in.post(discard_url(regional, proposed), follow=True)

    proposed.refresh_from_db()
    assert proposed.status == PlanStatus.ACCEPTED
    assert "change or cancel its challenges instead" in response.content.decode()
    with pytest.raises(planner_services.PlannerError, match="accepted"):
        planner_services.plan_discard(plan=proposed, by=regional.coordinator)


# --- The services the demo calls ---------------------------------------------------------------


def test_plan_propose_and_accept_as_the_demo_calls_them(regional):
    plan = planner_services.plan_propose(
        cycle=regional.cycle, review_type=regional.offer, triads=True, by=regional.coordinator
    )
    accepted = planner_services.plan_accept(plan=plan, by=regional.coordinator)

    assert accepted.status == PlanStatus.ACCEPTED
    assert Challenge.objects.filter(cycle=regional.cycle).count() == 7
    assert set(
        Challenge.objects.values_list("delivering_organisation_id", "organisation_id")
    ) == pairs(plan)


def test_plan_propose_refuses_a_person_who_does_not_coordinate_the_programme(regional):
    outsider = factories.coordinator()

    with pytest.raises(PermissionDenied):
        planner_services.plan_propose(
            cycle=regional.cycle, review_type=regional.offer, triads=False, by=outsider
        )


def test_plan_propose_refuses_another_programmes_offer(regional):
    with pytest.raises(ValidationError) as refusal:
        planner_services.plan_propose(
            cycle=regional.cycle,
            review_type=factories.ReviewTypeFactory(),
            triads=False,
            by=regional.coordinator,
        )

    assert "review_type" in refusal.value.error_dict


def test_cycle_months_leave_out_a_month_too_short_for_the_days_on_site():
    cycle = factories.CycleFactory(
        starts_on=datetime.date(2027, 4, 29), ends_on=datetime.date(2027, 6, 1)
    )

    # 29-30 April: two weekdays; 1 June: one.
    assert cycle_months(cycle=cycle, days_on_site=3) == [datetime.date(2027, 5, 1)]
    assert month_window(cycle=cycle, month=datetime.date(2027, 4, 1)) == (
        datetime.date(2027, 4, 29),
        datetime.date(2027, 4, 30),
    )


# --- Who may -----------------------------------------------------------------------------------


def test_plan_pages_answer_404_to_a_coordinator_of_another_programme(client, regional):
    plan = planner_services.plan_propose(
        cycle=regional.cycle, review_type=regional.offer, triads=False, by=regional.coordinator
    )
    client.force_login(factories.coordinator())

    answers = [
        client.get(url).status_code
        for url in (
            plan_url(regional),
            accept_url(regional, plan),
            discard_url(regional, plan),
            reverse("challenges:plans", args=[regional.programme.pk]),
        )
    ]
    post = client.post(accept_url(regional, plan))

    assert answers == [404, 404, 404, 404]
    assert post.status_code == 404
    assert Challenge.objects.count() == 0


def test_plan_pages_answer_403_to_people_who_coordinate_nothing(client, regional):
    client.force_login(factories.board_member(programme=regional.programme))

    assert client.get(plan_url(regional)).status_code == 403
    assert propose(client, regional).status_code == 403
    assert CyclePlan.objects.count() == 0


def test_plan_of_another_cycle_is_not_found(signed_in, regional, proposed):
    other_cycle = factories.CycleFactory(programme=regional.programme)

    response = signed_in.get(reverse("challenges:plan_accept", args=[other_cycle.pk, proposed.pk]))

    assert response.status_code == 404


# --- The programme's list of cycles, and query counts -----------------------------------------


def test_plan_list_shows_each_cycles_plan_status(signed_in, regional, proposed):
    unplanned = factories.CycleFactory(programme=regional.programme, name="Next round")

    response = signed_in.get(reverse("challenges:plans", args=[regional.programme.pk]))

    page = response.content.decode()
    assert reverse("challenges:plan", args=[unplanned.pk]) in page
    assert "Not planned" in page
    assert "Proposed" in page


def test_plan_list_is_a_setup_section_of_the_programme(signed_in, regional):
    response = signed_in.get(reverse("programmes:programme", args=[regional.programme.pk]))

    assert reverse("challenges:plans", args=[regional.programme.pk]) in response.content.decode()


def test_plan_page_queries_do_not_grow_with_the_plan(client):
    small = regional_programme(members=3)
    large = regional_programme(members=9)
    for world in (small, large):
        planner_services.plan_propose(
            cycle=world.cycle, review_type=world.offer, triads=True, by=world.coordinator
        )
    client.force_login(factories.superuser())

    assert queries_for_get(client, plan_url(small)) == queries_for_get(client, plan_url(large))


def test_plan_list_queries_do_not_grow_with_the_cycles(client):
    small = regional_programme(members=3)
    large = regional_programme(members=3)
    for _ in range(2):
        factories.CycleFactory(programme=large.programme)
    client.force_login(factories.superuser())

    assert queries_for_get(
        client, reverse("challenges:plans", args=[small.programme.pk])
    ) == queries_for_get(client, reverse("challenges:plans", args=[large.programme.pk]))


def test_plan_page_without_an_open_offer_says_so_and_makes_nothing(signed_in, regional):
    regional.offer.is_active = False
    regional.offer.save()

    response = propose(signed_in, regional)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The programme has no open offer to plan with" in page
    assert "govuk-error-summary" not in page
    assert CyclePlan.objects.count() == 0
