"""Starting a plan on GOV.UK question pages and managing its details: the whole journey for a
service lead and for a coordinator (whose plan names their programme and stays overseen by
it), the messages of each page, month-only dates, domain ratings, creating once however often
the check-answers page is sent, changing details with their history kept, closing, reopening
and archiving, the next review that has passed, the list's archived filter, empty state and
start button, the start page's link, and who may and may not (403 and 404)."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from improvement import plan_services
from improvement.enums import OverallRating, PlanSource, PlanState
from improvement.models import ImprovementPlan, PlanRating
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

TODAY = timezone.localdate


def date_fields(name: str, value: datetime.date | None) -> dict:
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": value.day, f"{name}_1": value.month, f"{name}_2": value.year}


def step(name: str) -> str:
    return reverse("improvement:plan_new_step", args=[name])


def edit(plan, name: str) -> str:
    return reverse("improvement:plan_details_edit", args=[plan.pk, name])


def page(response) -> str:
    return response.content.decode()


GOVERNANCE_BLANK = {
    **date_fields("due_on", None),
    **date_fields("submitted_on", None),
    "endorsed_by": "",
    **date_fields("endorsed_on", None),
    "owner": "",
    **date_fields("next_review_on", None),
}


def member_service(programme):
    organisation = factories.OrganisationFactory()
    programme.member_links.create(organisation=organisation)
    return organisation


# --- The journey -----------------------------------------------------------------------------


def test_a_service_lead_starts_a_post_inspection_plan_and_checks_the_answers(client):
    service = factories.OrganisationFactory(name="Northdale Youth Justice Service")
    lead = factories.service_lead(organisation=service, full_name="Sam Lead")
    client.force_login(lead)
    next_review = TODAY() + datetime.timedelta(days=60)

    # One service: the first page is what the plan responds to.
    response = client.get(reverse("improvement:plan_new"))
    assert response.url == step("source")
    response = client.post(
        step("source"), {"source": PlanSource.INSPECTION, "inspectorate": "hmip"}
    )
    assert response.url == step("title")
    # The title offered fits the source.
    assert "Improvement plan after the HM Inspectorate of Probation inspection" in page(
        client.get(step("title"))
    )
    client.post(step("title"), {"title": "Post-inspection improvement plan"})
    response = client.post(
        step("dates"),
        {
            "precision": "exact",
            **date_fields("inspected_from", datetime.date(2013, 3, 4)),
            **date_fields("inspected_to", datetime.date(2013, 3, 8)),
            **date_fields("published_on", datetime.date(2013, 5, 24)),
        },
    )
    assert response.url == step("ratings")
    response = client.post(
        step("ratings"),
        {
            "overall_rating": OverallRating.REQUIRES_IMPROVEMENT,
            "domain_1": "Organisational delivery",
            "rating_1": OverallRating.GOOD,
            "add_another": "Add another domain",
        },
    )
    assert response.url == step("ratings") + "?rows=2"
    assert 'name="domain_2"' in page(client.get(response.url))
    client.post(
        step("ratings"),
        {
            "overall_rating": OverallRating.REQUIRES_IMPROVEMENT,
            "domain_1": "Organisational delivery",
            "rating_1": OverallRating.GOOD,
            "domain_2": "Court disposals",
            "rating_2": OverallRating.INADEQUATE,
        },
    )
    response = client.post(
        step("governance"),
        {
            **GOVERNANCE_BLANK,
            **date_fields("due_on", datetime.date(2013, 7, 1)),
            **date_fields("submitted_on", datetime.date(2013, 6, 28)),
            "endorsed_by": "Youth justice management board",
            **date_fields("endorsed_on", datetime.date(2013, 7, 10)),
            "owner": lead.pk,
            **date_fields("next_review_on", next_review),
        },
    )
    assert response.url == reverse("improvement:plan_new_check")

    check = page(client.get(response.url))
    assert "Check your answers before creating the plan" in check
    assert "Inspection: HM Inspectorate of Probation" in check
    assert "4 March 2013 to 8 March 2013" in check
    assert "Court disposals: Inadequate" in check
    assert "Youth justice management board on 10 July 2013" in check
    assert "Sam Lead" in check
    assert step("governance") in check  # a "Change" link

    form = client.get(reverse("improvement:plan_new_check")).context["form"]
    token = form["token"].value()
    response = client.post(reverse("improvement:plan_new_check"), {"token": token})
    plan = ImprovementPlan.objects.get()
    assert response.url == plan.get_absolute_url()
    assert (plan.organisation, plan.source, plan.inspectorate) == (
        service,
        PlanSource.INSPECTION,
        "hmip",
    )
    assert plan.programme is None
    assert not plan.overseen_by_programme
    assert (plan.inspected_from, plan.inspected_to) == (
        datetime.date(2013, 3, 4),
        datetime.date(2013, 3, 8),
    )
    assert plan.overall_rating == OverallRating.REQUIRES_IMPROVEMENT
    assert [(r.domain, r.rating) for r in plan.ratings.all()] == [
        ("Organisational delivery", OverallRating.GOOD),
        ("Court disposals", OverallRating.INADEQUATE),
    ]
    assert (plan.owner, plan.next_review_on, plan.state) == (lead, next_review, PlanState.OPEN)
    assert plan.history.get().history_user == lead

    # Sent again (a double click, the back button): the same plan, nothing more.
    again = client.post(reverse("improvement:plan_new_check"), {"token": token})
    assert again.url == plan.get_absolute_url()
    assert ImprovementPlan.objects.count() == 1
    # Coming back to the check-answers page leads to the plan, not a form for another.
    assert client.get(reverse("improvement:plan_new_check")).url == plan.get_absolute_url()

    shown = page(client.get(plan.get_absolute_url()))
    assert "Plan details" in shown
    assert "Organisational delivery: Good" in shown
    assert edit(plan, "dates") in shown


def test_a_coordinator_starts_a_plan_for_a_member_service_which_their_programme_oversees(client):
    programme = factories.ProgrammeFactory(name="North West peer review")
    service = member_service(programme)
    other = member_service(programme)
    factories.OrganisationFactory(name="Not a member")
    coordinator = factories.coordinator(programme=programme)
    client.force_login(coordinator)

    response = client.get(reverse("improvement:plan_new"))
    assert response.url == step("service")
    choices = page(client.get(step("service")))
    assert service.name in choices
    assert other.name in choices
    assert "Not a member" not in choices
    client.post(step("service"), {"organisation": service.pk})
    client.post(step("source"), {"source": PlanSource.SELF_ASSESSMENT})
    client.post(step("title"), {"title": "Self-assessment plan"})
    client.post(
        step("dates"),
        {"precision": "month", **date_fields("published_on", None)}
        | {
            "month_from_0": "3",
            "month_from_1": "2013",
        },
    )
    client.post(step("ratings"), {"overall_rating": "", "domain_1": "", "rating_1": ""})
    client.post(step("governance"), GOVERNANCE_BLANK)
    check = page(client.get(reverse("improvement:plan_new_check")))
    assert "March 2013" in check
    assert "1 March 2013" not in check
    token = client.get(reverse("improvement:plan_new_check")).context["form"]["token"].value()
    client.post(reverse("improvement:plan_new_check"), {"token": token})

    plan = ImprovementPlan.objects.get()
    assert plan.organisation == service
    assert (plan.programme, plan.overseen_by_programme) == (programme, True)
    assert plan.inspected_month_only
    assert (plan.inspected_from, plan.inspected_to) == (datetime.date(2013, 3, 1),) * 2
    # They keep seeing it, and manage it.
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(edit(plan, "title")).status_code == 200


def test_a_coordinators_peer_review_plan_names_their_programme(client):
    programme = factories.ProgrammeFactory(name="Midlands peer review")
    service = member_service(programme)
    client.force_login(factories.coordinator(programme=programme))
    client.get(reverse("improvement:plan_new"))
    client.post(step("service"), {"organisation": service.pk})

    client.post(step("source"), {"source": PlanSource.PEER_REVIEW, "programme": programme.pk})

    assert "Improvement plan after the Midlands peer review peer review" in page(
        client.get(step("title"))
    )


# --- The messages of each page ---------------------------------------------------------------


@pytest.fixture
def lead(client):
    service = factories.OrganisationFactory()
    lead = factories.service_lead(organisation=service)
    client.force_login(lead)
    client.get(reverse("improvement:plan_new"))
    return lead


def test_the_source_page_asks_for_a_choice_and_the_inspectorate(client, lead):
    assert "Select what the plan responds to" in page(client.post(step("source"), {}))
    response = client.post(step("source"), {"source": PlanSource.INSPECTION, "inspectorate": ""})
    assert "Select the inspectorate" in page(response)


def test_a_peer_review_needs_a_programme_the_service_takes_part_in(client, lead):
    response = client.post(step("source"), {"source": PlanSource.PEER_REVIEW})
    assert "takes part in no peer review programme" in page(response)


def test_the_dates_page_wants_real_dates_in_order(client, lead):
    client.post(step("source"), {"source": PlanSource.INSPECTION, "inspectorate": "ofsted"})
    client.post(step("title"), {"title": "Plan"})

    assert "Select whether you know the dates" in page(client.post(step("dates"), {}))
    response = client.post(step("dates"), {"precision": "exact"})
    assert "Enter the start date" in page(response)
    response = client.post(
        step("dates"),
        {
            "precision": "exact",
            **date_fields("inspected_from", datetime.date(2013, 3, 8)),
            **date_fields("inspected_to", datetime.date(2013, 3, 4)),
        },
    )
    assert "The end date must be the same as or after the start date" in page(response)
    response = client.post(
        step("dates"),
        {
            "precision": "exact",
            "inspected_from_0": "31",
            "inspected_from_1": "2",
            "inspected_from_2": "2013",
        },
    )
    assert "The start date must be a real date" in page(response)
    response = client.post(
        step("dates"), {"precision": "month", "month_from_0": "13", "month_from_1": "2013"}
    )
    assert "The month must be a real month" in page(response)


def test_the_governance_page_wants_dates_after_the_start_and_a_named_board(client, lead):
    client.post(step("source"), {"source": PlanSource.INSPECTION, "inspectorate": "ofsted"})
    client.post(step("title"), {"title": "Plan"})
    client.post(
        step("dates"),
        {"precision": "exact", **date_fields("inspected_from", datetime.date(2013, 3, 4))},
    )
    client.post(step("ratings"), {"overall_rating": ""})

    response = client.post(
        step("governance"),
        {
            **GOVERNANCE_BLANK,
            **date_fields("next_review_on", datetime.date(2013, 1, 1)),
            **date_fields("endorsed_on", datetime.date(2013, 6, 1)),
            **date_fields("submitted_on", TODAY() + datetime.timedelta(days=1)),
        },
    )

    text = page(response)
    assert "The next review date must be on or after the plan started (4 March 2013)" in text
    assert "Enter the board that endorsed the plan" in text
    assert "The date the plan was submitted must be today or in the past" in text
    assert not ImprovementPlan.objects.exists()


def test_a_domain_rating_needs_both_halves_and_each_domain_once(client, lead):
    client.post(step("source"), {"source": PlanSource.OTHER})
    client.post(step("title"), {"title": "Plan"})
    client.post(step("dates"), {"precision": "none"})

    response = client.post(step("ratings"), {"domain_1": "Leadership", "rating_1": ""})
    assert "Select the rating of Leadership" in page(response)
    response = client.post(step("ratings"), {"domain_1": "", "rating_1": "good"})
    assert "Enter the domain this rating is for" in page(response)
    response = client.post(
        step("ratings"),
        {
            "domain_1": "Leadership",
            "rating_1": "good",
            "domain_2": "leadership",
            "rating_2": "good",
        },
    )
    assert "rated twice" in page(response)


def test_pages_out_of_order_lead_back_to_the_first_unanswered(client, lead):
    assert client.get(step("governance")).url == step("source")
    client.post(step("source"), {"source": PlanSource.OTHER})
    assert client.get(step("ratings")).url == step("title")
    assert client.get(reverse("improvement:plan_new_check")).url == step("title")


def test_a_change_from_check_answers_returns_to_them(client, lead):
    client.post(step("source"), {"source": PlanSource.OTHER})
    client.post(step("title"), {"title": "Plan"})
    client.post(step("dates"), {"precision": "none"})
    client.post(step("ratings"), {"overall_rating": ""})
    client.post(step("governance"), GOVERNANCE_BLANK)
    client.get(reverse("improvement:plan_new_check"))

    response = client.post(step("title"), {"title": "The youth justice plan"})

    assert response.url == reverse("improvement:plan_new_check")
    assert "The youth justice plan" in page(client.get(response.url))
    # A new source offers the title that fits it, before returning.
    response = client.post(
        step("source"), {"source": PlanSource.INSPECTION, "inspectorate": "ofsted"}
    )
    assert response.url == step("title")
    assert "Improvement plan after the Ofsted inspection" in page(client.get(step("title")))


# --- Who may start one -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        factories.UserFactory,
        lambda: factories.improvement_board_member(),
        lambda: factories.board_member(),
        lambda: factories.reviewer(),
        # A coordinator of a programme with no member services has none to start one for.
        lambda: factories.coordinator(),
    ],
)
def test_nobody_else_may_start_a_plan(client, make):
    client.force_login(make())

    assert client.get(reverse("improvement:plan_new")).status_code == 403
    assert client.get(step("source")).status_code == 403
    assert client.get(reverse("improvement:plan_new_check")).status_code == 403


def test_a_service_lead_cannot_choose_another_service(client):
    mine, theirs = factories.OrganisationFactory(), factories.OrganisationFactory()
    lead = factories.service_lead(organisation=mine)
    factories.service_lead(organisation=factories.OrganisationFactory(), user=lead)
    client.force_login(lead)

    response = client.post(step("service"), {"organisation": theirs.pk})

    assert "Select the service" in page(response)


def test_only_those_who_may_start_a_plan_of_the_service_create_one():
    someone_else = factories.service_lead()

    with pytest.raises(PermissionDenied):
        plan_services.plan_create(
            organisation=factories.OrganisationFactory(),
            details={"source": PlanSource.OTHER, "title": "Plan"},
            ratings=[],
            token=None,
            by=someone_else,
            today=TODAY(),
        )
    assert not ImprovementPlan.objects.exists()


def test_superusers_choose_any_service_from_a_drop_down_when_there_are_many(client):
    services = [factories.OrganisationFactory() for _ in range(11)]
    client.force_login(factories.superuser())

    assert client.get(reverse("improvement:plan_new")).url == step("service")
    choices = page(client.get(step("service")))
    assert '<select name="organisation"' in choices
    assert all(service.name in choices for service in services)
    response = client.post(step("service"), {"organisation": services[-1].pk})
    assert response.url == step("source")


# --- Changing the details --------------------------------------------------------------------


def test_changing_a_detail_saves_it_with_who_changed_it_in_the_history(client, managed):
    plan, lead = managed
    assert 'value="Post-inspection plan"' in page(client.get(edit(plan, "title")))

    response = client.post(
        edit(plan, "title"), {"title": "Youth justice improvement plan", "seen_version": 0}
    )

    assert response.url == f"{plan.get_absolute_url()}#plan-details"
    plan.refresh_from_db()
    assert plan.title == "Youth justice improvement plan"
    latest = plan.history.first()
    assert (latest.title, latest.history_user) == ("Youth justice improvement plan", lead)
    assert plan.history.count() == 2
    shown = page(client.get(plan.get_absolute_url()))
    assert f"Last changed by {html.escape(lead.full_name)} on" in shown


def test_changing_dates_to_a_month_alone_and_the_rules_still_apply(client, managed):
    plan, _lead = managed
    client.post(
        edit(plan, "dates"),
        {"precision": "month", "month_from_0": "2", "month_from_1": "2013", "seen_version": 0},
    )
    plan.refresh_from_db()
    assert (plan.inspected_from, plan.inspected_month_only) == (datetime.date(2013, 2, 1), True)
    assert "February 2013" in page(client.get(plan.get_absolute_url()))

    response = client.post(
        edit(plan, "governance"),
        {
            **GOVERNANCE_BLANK,
            **date_fields("next_review_on", datetime.date(2012, 1, 1)),
            "seen_version": plan.version,
        },
    )
    assert "The next review date must be on or after the plan started" in page(response)


def test_changing_the_domain_ratings_keeps_those_still_rated(client, managed):
    plan, lead = managed
    kept = PlanRating.objects.create(plan=plan, domain="Leadership", rating="good")
    PlanRating.objects.create(plan=plan, domain="Partnerships", rating="inadequate", position=1)

    client.post(
        edit(plan, "ratings"),
        {
            "overall_rating": "good",
            "domain_1": "Leadership",
            "rating_1": "outstanding",
            "domain_2": "",
            "rating_2": "",
            "seen_version": 0,
        },
    )

    assert [(r.pk, r.domain, r.rating) for r in plan.ratings.all()] == [
        (kept.pk, "Leadership", "outstanding")
    ]
    plan.refresh_from_db()
    assert plan.overall_rating == "good"
    assert kept.history.first().history_user == lead


def test_a_coordinator_changing_what_a_plan_responds_to_keeps_overseeing_it(client):
    programme = factories.ProgrammeFactory()
    plan = factories.ImprovementPlanFactory(
        source=PlanSource.SELF_ASSESSMENT,
        inspectorate="",
        programme=programme,
        overseen_by_programme=True,
        organisation=member_service(programme),
    )
    coordinator = factories.coordinator(programme=programme)
    client.force_login(coordinator)

    client.post(
        edit(plan, "source"),
        {"source": PlanSource.INSPECTION, "inspectorate": "ofsted", "seen_version": 0},
    )

    plan.refresh_from_db()
    assert (plan.source, plan.inspectorate) == (PlanSource.INSPECTION, "ofsted")
    assert (plan.programme, plan.overseen_by_programme) == (programme, True)
    assert plan.history.first().history_user == coordinator
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_the_owner_is_one_of_those_who_may_update_the_plan(client, managed):
    plan, _lead = managed
    board = factories.improvement_board_member(organisation=plan.organisation)
    outsider = factories.UserFactory()

    response = client.post(
        edit(plan, "governance"), {**GOVERNANCE_BLANK, "owner": outsider.pk, "seen_version": 0}
    )
    assert "Select someone who leads the service or sits on its improvement board" in page(response)

    client.post(
        edit(plan, "governance"), {**GOVERNANCE_BLANK, "owner": board.pk, "seen_version": 0}
    )
    plan.refresh_from_db()
    assert plan.owner == board


def test_readers_may_not_change_details_and_others_do_not_find_them(client):
    programme = factories.ProgrammeFactory()
    plan = factories.ImprovementPlanFactory(
        source=PlanSource.PEER_REVIEW, programme=programme, inspectorate=""
    )
    for reader in (
        factories.improvement_board_member(organisation=plan.organisation),
        factories.board_member(programme=programme),
    ):
        client.force_login(reader)
        assert client.get(edit(plan, "title")).status_code == 403
        assert client.post(reverse("improvement:plan_close", args=[plan.pk])).status_code == 403
        assert edit(plan, "title") not in page(client.get(plan.get_absolute_url()))
    client.force_login(factories.service_lead())
    assert client.get(edit(plan, "title")).status_code == 404
    assert client.get(reverse("improvement:plan_archive", args=[plan.pk])).status_code == 404
    # The coordinator of the programme whose peer review it follows manages it.
    client.force_login(factories.coordinator(programme=programme))
    assert client.get(edit(plan, "title")).status_code == 200


# --- Closing, reopening, archiving -----------------------------------------------------------


def test_close_reopen_and_archive_each_ask_first(client, managed):
    plan, lead = managed
    close = reverse("improvement:plan_close", args=[plan.pk])
    assert "Are you sure you want to close this plan?" in page(client.get(close))

    response = client.post(close)

    assert response.url == plan.get_absolute_url()
    plan.refresh_from_db()
    assert (plan.state, plan.closed_on) == (PlanState.CLOSED, TODAY())
    shown = page(client.get(plan.get_absolute_url()))
    assert "This plan was closed on" in shown
    assert reverse("improvement:plan_reopen", args=[plan.pk]) in shown

    client.post(reverse("improvement:plan_reopen", args=[plan.pk]))
    plan.refresh_from_db()
    assert (plan.state, plan.closed_on) == (PlanState.OPEN, None)

    assert "Are you sure you want to archive" in page(
        client.get(reverse("improvement:plan_archive", args=[plan.pk]))
    )
    client.post(reverse("improvement:plan_archive", args=[plan.pk]))
    plan.refresh_from_db()
    assert (plan.state, plan.closed_on) == (PlanState.ARCHIVED, TODAY())
    assert plan.history.first().history_user == lead


def test_closing_a_closed_plan_says_it_is_closed_already(client, managed):
    plan, _lead = managed
    ImprovementPlan.objects.filter(pk=plan.pk).update(state=PlanState.CLOSED, closed_on=TODAY())

    response = client.post(reverse("improvement:plan_close", args=[plan.pk]), follow=True)

    assert "You cannot do this: the plan is closed." in page(response)


def test_archiving_a_closed_plan_keeps_the_day_it_closed(client, managed):
    plan, lead = managed
    closed_on = TODAY() - datetime.timedelta(days=40)
    ImprovementPlan.objects.filter(pk=plan.pk).update(state=PlanState.CLOSED, closed_on=closed_on)

    plan = plan_services.plan_state_change(plan=plan, change="archive", by=lead, today=TODAY())

    assert (plan.state, plan.closed_on) == (PlanState.ARCHIVED, closed_on)


def test_archived_plans_leave_the_list_unless_asked_for(client, managed):
    plan, _lead = managed
    factories.ImprovementPlanFactory(organisation=plan.organisation, title="Still open")
    ImprovementPlan.objects.filter(pk=plan.pk).update(state=PlanState.ARCHIVED, closed_on=TODAY())

    listed = page(client.get(reverse("improvement:plans")))
    assert "Still open" in listed
    assert "Post-inspection plan" not in listed
    shown = page(client.get(reverse("improvement:plans"), {"archived": "1"}))
    assert "Post-inspection plan" in shown
    assert "Archived" in shown


def test_a_lead_whose_plans_are_all_archived_is_told_so(client, managed):
    plan, _lead = managed
    ImprovementPlan.objects.filter(pk=plan.pk).update(state=PlanState.ARCHIVED, closed_on=TODAY())

    listed = page(client.get(reverse("improvement:plans")))

    assert "All the improvement plans you can see are archived" in listed
    assert "Your service has no improvement plan yet" not in listed


# --- The next review that has passed ---------------------------------------------------------


def test_a_passed_next_review_stands_out_on_the_plan_and_the_list(client, managed):
    plan, _lead = managed
    ImprovementPlan.objects.filter(pk=plan.pk).update(
        next_review_on=TODAY() - datetime.timedelta(days=1)
    )

    assert "Review overdue" in page(client.get(plan.get_absolute_url()))
    assert "Review overdue" in page(client.get(reverse("improvement:plans")))

    ImprovementPlan.objects.filter(pk=plan.pk).update(state=PlanState.CLOSED, closed_on=TODAY())
    assert "Review overdue" not in page(client.get(plan.get_absolute_url()))


# --- Reaching it -----------------------------------------------------------------------------


def test_a_lead_with_no_plan_finds_the_empty_state_and_the_start_page_link(client):
    lead = factories.service_lead()
    client.force_login(lead)

    listed = page(client.get(reverse("improvement:plans")))
    assert "Your service has no improvement plan yet" in listed
    assert reverse("improvement:plan_new") in listed
    assert reverse("improvement:plan_new") in page(client.get("/"))


def test_the_list_offers_the_start_button_to_those_who_may_start_one(client, managed):
    plan, _lead = managed
    assert "Start an improvement plan" in page(client.get(reverse("improvement:plans")))
    client.force_login(factories.improvement_board_member(organisation=plan.organisation))
    assert "Start an improvement plan" not in page(client.get(reverse("improvement:plans")))
