"""The facts a reviewer's eligibility and matching rest on (their home organisation and job
role): a change the person makes themself waits for a coordinator of one of their pools to
confirm it, and the confirmed values keep counting until then. A coordinator of their pool
changes them at once. Asking to join a pool the job role does not qualify for is refused on
the form, so the person knows at once."""

import pytest
from django.core import mail
from django.urls import reverse

from reviewers import selectors, services
from reviewers.enums import ChangeStatus, JobRole, PoolStatus, Qualification
from reviewers.models import EligibilityRule, PoolMembership, Reviewer, ReviewerChange
from tests import factories
from tests.pages import errors_of, messages_of
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = factories.ProgrammeFactory(name="Youth Justice Sector Improvement Partnership")
    for role in (JobRole.HEAD_OF_SERVICE, JobRole.OPERATIONAL_MANAGER):
        EligibilityRule.objects.create(programme=programme, job_role=role)
    return programme


@pytest.fixture
def coordinator(programme):
    return factories.coordinator(programme=programme, full_name="Chris Hall")


@pytest.fixture
def member(programme):
    """A head of service in the programme's pool."""
    return factories.PoolMembershipFactory(
        programme=programme,
        reviewer__user__full_name="Priya Shah",
        reviewer__user__email="priya.shah@example.org",
        reviewer__organisation__name="Northdale Youth Justice Service",
    ).reviewer


@pytest.fixture
def new_home():
    return factories.OrganisationFactory(name="Westmere Children's Services")


def edit_data(reviewer: Reviewer, **overrides) -> dict:
    return {
        "organisation": str(reviewer.organisation_id),
        "job_role": reviewer.job_role,
        "max_reviews_per_cycle": str(reviewer.max_reviews_per_cycle),
        **overrides,
    }


def standing_in(reviewer: Reviewer):
    [entry] = selectors.record_for(reviewer=reviewer).pools
    return entry.standing


def ask_for_change(client, member, new_home, job_role=JobRole.OTHER_PROFESSIONAL):
    """The person changes their own home organisation and job role."""
    client.force_login(member.user)
    return client.post(
        reverse("reviewers:edit", args=[member.pk]),
        edit_data(
            member,
            organisation=str(new_home.pk),
            job_role=job_role,
            max_reviews_per_cycle="3",
        ),
    )


# --- The person's own change waits ----------------------------------------------------------


def test_own_change_of_job_role_and_organisation_waits_and_does_not_count(
    client, programme, member, new_home
):
    response = ask_for_change(client, member, new_home)

    assert response["Location"] == member.get_absolute_url()
    member.refresh_from_db()
    # The confirmed facts still count; what is not an eligibility fact is saved at once.
    assert (member.organisation.name, member.job_role, member.max_reviews_per_cycle) == (
        "Northdale Youth Justice Service",
        JobRole.HEAD_OF_SERVICE,
        3,
    )
    assert standing_in(member).qualification == Qualification.ELIGIBLE
    assert [
        entry.reviewer
        for entry in selectors.pool_entries(
            user=factories.superuser(), job_role=JobRole.HEAD_OF_SERVICE
        )
    ] == [member]
    change = ReviewerChange.objects.get(reviewer=member)
    assert (change.status, change.organisation, change.job_role, change.asked_by) == (
        ChangeStatus.PENDING,
        new_home,
        JobRole.OTHER_PROFESSIONAL,
        member.user,
    )
    followed = client.get(response["Location"])
    assert messages_of(followed) == [
        "The details have been saved. Your new home organisation and job role count once a "
        "coordinator of your pool has confirmed them."
    ]
    page = followed.content.decode()
    assert "Waiting for a coordinator to confirm" in page
    assert "Westmere Children&#x27;s Services" in page


def test_the_edit_page_offers_the_person_what_they_last_asked_for(client, member, new_home):
    ask_for_change(client, member, new_home)

    form = client.get(reverse("reviewers:edit", args=[member.pk])).context["form"]

    assert (form["organisation"].value(), form["job_role"].value()) == (
        new_home.pk,
        JobRole.OTHER_PROFESSIONAL,
    )


def test_changing_back_to_the_confirmed_details_withdraws_the_change(client, member, new_home):
    ask_for_change(client, member, new_home)

    client.post(reverse("reviewers:edit", args=[member.pk]), edit_data(member))

    assert list(ReviewerChange.objects.values_list("status", flat=True)) == [ChangeStatus.REPLACED]
    assert "Waiting for a coordinator to confirm" not in (
        client.get(member.get_absolute_url()).content.decode()
    )


def test_asking_again_replaces_the_change_waiting(client, member, new_home):
    ask_for_change(client, member, new_home)

    ask_for_change(client, member, new_home, job_role=JobRole.OPERATIONAL_MANAGER)

    assert list(ReviewerChange.objects.order_by("pk").values_list("status", "job_role")) == [
        (ChangeStatus.REPLACED, JobRole.OTHER_PROFESSIONAL),
        (ChangeStatus.PENDING, JobRole.OPERATIONAL_MANAGER),
    ]


def test_someone_in_no_pool_changes_their_details_at_once(client, new_home):
    reviewer = factories.ReviewerFactory()
    client.force_login(reviewer.user)

    client.post(
        reverse("reviewers:edit", args=[reviewer.pk]),
        edit_data(reviewer, organisation=str(new_home.pk), job_role=JobRole.SEND_LEAD),
    )

    reviewer.refresh_from_db()
    assert (reviewer.organisation, reviewer.job_role) == (new_home, JobRole.SEND_LEAD)
    assert not ReviewerChange.objects.exists()


def test_joining_another_pool_does_not_change_the_confirmed_details(
    client, programme, member, new_home
):
    open_pool = factories.ProgrammeFactory(name="East Midlands SEND peer challenge")
    client.force_login(member.user)

    response = client.post(
        reverse("reviewers:join"),
        {
            "programme": str(open_pool.pk),
            "organisation": str(new_home.pk),
            "job_role": JobRole.SEND_LEAD,
            "needs_training": "yes",
        },
    )

    assert response["Location"] == reverse("reviewers:join_sent")
    member.refresh_from_db()
    assert (member.organisation.name, member.job_role) == (
        "Northdale Youth Justice Service",
        JobRole.HEAD_OF_SERVICE,
    )
    assert list(ReviewerChange.objects.values_list("status", "job_role")) == [
        (ChangeStatus.PENDING, JobRole.SEND_LEAD)
    ]
    assert PoolMembership.objects.get(reviewer=member, programme=open_pool).status == (
        PoolStatus.REQUESTED
    )


# --- A coordinator confirms or rejects ------------------------------------------------------


def test_the_pools_coordinator_confirms_the_change_and_it_counts(
    client, programme, coordinator, member, new_home, django_capture_on_commit_callbacks
):
    ask_for_change(client, member, new_home)
    change = ReviewerChange.objects.get()
    client.force_login(coordinator)

    record = client.get(member.get_absolute_url()).content.decode()
    url = reverse("reviewers:change_decide", args=[change.pk])
    assert url in record
    page = client.get(url).content.decode()
    assert "Northdale Youth Justice Service" in page
    assert "Westmere Children&#x27;s Services" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"decision": "confirm", "reason": ""})

    assert response["Location"] == reverse("reviewers:changes")
    member.refresh_from_db()
    assert (member.organisation, member.job_role) == (new_home, JobRole.OTHER_PROFESSIONAL)
    assert standing_in(member).next_step == (
        "Not eligible: the pool is for Head of service or YOT manager or Operational manager "
        "line managed directly by the head of service; this person is other professional."
    )
    change.refresh_from_db()
    assert (change.status, change.decided_by) == (ChangeStatus.CONFIRMED, coordinator)
    assert change.decided_at is not None
    # Who changed the record, and when, is in its history.
    assert member.history.latest().history_user == coordinator
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["priya.shah@example.org"], "Your change of details has been confirmed")
    ]
    followed = client.get(response["Location"])
    assert messages_of(followed) == ["The change to Priya Shah's details has been confirmed."]


def test_rejecting_needs_a_reason_which_the_person_is_sent(
    client, coordinator, member, new_home, django_capture_on_commit_callbacks
):
    ask_for_change(client, member, new_home)
    change = ReviewerChange.objects.get()
    client.force_login(coordinator)
    url = reverse("reviewers:change_decide", args=[change.pk])

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"decision": "reject", "reason": " "})

    assert errors_of(refused) == ["Give the reason for not confirming the change"]
    assert refused.context["form"]["decision"].value() == "reject"
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "reject", "reason": "You are still in post at Northdale."})

    change.refresh_from_db()
    member.refresh_from_db()
    assert (change.status, change.reason, change.decided_by) == (
        ChangeStatus.REJECTED,
        "You are still in post at Northdale.",
        coordinator,
    )
    assert (member.organisation.name, member.job_role) == (
        "Northdale Youth Justice Service",
        JobRole.HEAD_OF_SERVICE,
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["priya.shah@example.org"], "Your change of details has not been confirmed")
    ]
    assert "You are still in post at Northdale." in mail.outbox[0].body
    # The person sees the answer on their record.
    client.force_login(member.user)
    record = client.get(member.get_absolute_url()).content.decode()
    assert "You are still in post at Northdale." in record


def test_a_change_answered_meanwhile_is_shown_as_an_error(
    client, programme, coordinator, member, new_home
):
    ask_for_change(client, member, new_home)
    change = ReviewerChange.objects.get()
    services.reviewer_change_decide(change=change, confirm=True, reason="", by=coordinator)
    client.force_login(factories.coordinator(programme=programme))

    response = client.post(
        reverse("reviewers:change_decide", args=[change.pk]),
        {"decision": "reject", "reason": "Not in post yet."},
    )

    assert errors_of(response) == ["This change has already been answered (confirmed)."]
    change.refresh_from_db()
    assert change.status == ChangeStatus.CONFIRMED


def test_only_coordinators_of_the_persons_pools_may_confirm(client, programme, member, new_home):
    ask_for_change(client, member, new_home)
    change = ReviewerChange.objects.get()
    url = reverse("reviewers:change_decide", args=[change.pk])
    # A pool the person left: its coordinator still sees the record, but may not confirm.
    left = factories.PoolMembershipFactory(reviewer=member, status=PoolStatus.LEFT).programme
    answers = {}
    for who, user in {
        "another programme's coordinator": factories.coordinator(),
        "the coordinator of a pool they left": factories.coordinator(programme=left),
        "the person themself": member.user,
    }.items():
        client.force_login(user)
        answers[who] = (
            client.get(url).status_code,
            client.post(url, {"decision": "confirm"}).status_code,
        )

    assert answers == {
        "another programme's coordinator": (404, 404),
        "the coordinator of a pool they left": (403, 403),
        "the person themself": (403, 403),
    }
    change.refresh_from_db()
    member.refresh_from_db()
    assert (change.status, member.job_role) == (ChangeStatus.PENDING, JobRole.HEAD_OF_SERVICE)


def test_a_coordinator_of_the_pool_changes_the_details_at_once(
    client, programme, coordinator, member, new_home
):
    client.force_login(coordinator)

    response = client.post(
        reverse("reviewers:edit", args=[member.pk]),
        edit_data(member, organisation=str(new_home.pk), job_role=JobRole.OPERATIONAL_MANAGER),
    )

    assert response["Location"] == member.get_absolute_url()
    member.refresh_from_db()
    assert (member.organisation, member.job_role) == (new_home, JobRole.OPERATIONAL_MANAGER)
    assert not ReviewerChange.objects.exists()
    assert member.history.latest().history_user == coordinator


def test_a_coordinator_saving_other_details_leaves_the_persons_change_waiting(
    client, coordinator, member, new_home
):
    ask_for_change(client, member, new_home)
    client.force_login(coordinator)

    client.post(reverse("reviewers:edit", args=[member.pk]), edit_data(member))

    assert list(ReviewerChange.objects.values_list("status", flat=True)) == [ChangeStatus.PENDING]


# --- Coordinators' list and start page ------------------------------------------------------


def test_coordinators_are_given_the_changes_to_confirm_as_a_task(
    client, programme, coordinator, member, new_home
):
    ask_for_change(client, member, new_home)
    someone_elses = factories.PoolMembershipFactory().reviewer
    services.reviewer_update(
        reviewer=someone_elses,
        organisation=new_home,
        job_role=JobRole.SEND_LEAD,
        max_reviews_per_cycle=2,
        expertise=[],
        by=someone_elses.user,
    )
    client.force_login(coordinator)

    sections = client.get(reverse("start")).context["sections"]
    tasks = [
        (task.label, task.url)
        for section in sections
        for task in section.tasks
        if "reviewer's details" in str(task.label) or "reviewers' details" in str(task.label)
    ]
    changes = client.get(reverse("reviewers:changes"))

    assert tasks == [("Confirm 1 change to a reviewer's details", reverse("reviewers:changes"))]
    assert [change.reviewer for change in changes.context["changes"]] == [member]
    assert reverse("reviewers:change_decide", args=[member.changes.get().pk]) in (
        changes.content.decode()
    )


def test_the_list_of_changes_is_empty_when_nothing_waits(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("reviewers:changes")).content.decode()

    assert "No changes are waiting for you to confirm." in page


def test_the_list_of_changes_runs_the_same_queries_for_one_and_three(
    client, programme, coordinator
):
    client.force_login(coordinator)

    def ask() -> None:
        reviewer = factories.PoolMembershipFactory(programme=programme).reviewer
        services.reviewer_update(
            reviewer=reviewer,
            organisation=factories.OrganisationFactory(),
            job_role=JobRole.OPERATIONAL_MANAGER,
            max_reviews_per_cycle=2,
            expertise=[],
            by=reviewer.user,
        )

    ask()
    one = queries_for_get(client, reverse("reviewers:changes"))
    ask()
    ask()

    assert queries_for_get(client, reverse("reviewers:changes")) == one
    assert len(client.get(reverse("reviewers:changes")).context["changes"]) == 3


# --- Joining a pool the job role does not qualify for ---------------------------------------


def test_joining_a_pool_the_job_role_does_not_qualify_for_is_refused_on_the_form(
    client, programme, coordinator, django_capture_on_commit_callbacks
):
    person = factories.UserFactory()
    client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reviewers:join"),
            {
                "programme": str(programme.pk),
                "organisation": str(factories.OrganisationFactory().pk),
                "job_role": JobRole.PARENT_CARER,
                "needs_training": "yes",
            },
        )

    assert errors_of(response) == [
        "Only these job roles can join the Youth Justice Sector Improvement Partnership pool: "
        "Head of service or YOT manager; Operational manager line managed directly by the "
        "head of service"
    ]
    assert response.context["form"]["job_role"].value() == JobRole.PARENT_CARER
    assert not Reviewer.objects.filter(user=person).exists()
    assert not PoolMembership.objects.exists()
    assert mail.outbox == []


def test_the_record_runs_the_same_queries_for_one_change_and_three(
    client, coordinator, member, new_home
):
    client.force_login(coordinator)

    def answered() -> None:
        ReviewerChange.objects.create(
            reviewer=member,
            organisation=factories.OrganisationFactory(),
            job_role=JobRole.OPERATIONAL_MANAGER,
            asked_by=member.user,
            status=ChangeStatus.REJECTED,
            reason="Not in post yet.",
            decided_by=factories.coordinator(),
        )

    answered()
    one = queries_for_get(client, member.get_absolute_url())
    answered()
    ask_for_change(client, member, new_home)
    client.force_login(coordinator)

    assert queries_for_get(client, member.get_absolute_url()) == one


def test_the_coordinator_of_a_pool_asked_to_join_sees_the_change_and_may_confirm_it(
    client, member, new_home
):
    open_pool = factories.ProgrammeFactory(name="East Midlands SEND peer challenge")
    services.reviewer_join(
        user=member.user,
        programme=open_pool,
        organisation=new_home,
        job_role=JobRole.SEND_LEAD,
        needs_training=True,
    )
    request = PoolMembership.objects.get(reviewer=member, programme=open_pool)
    change = ReviewerChange.objects.get()
    client.force_login(factories.coordinator(programme=open_pool))

    page = client.get(reverse("reviewers:decide", args=[request.pk])).content.decode()
    response = client.post(
        reverse("reviewers:change_decide", args=[change.pk]), {"decision": "confirm"}
    )

    assert "Not counted until a coordinator confirms it." in page
    assert reverse("reviewers:change_decide", args=[change.pk]) in page
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.organisation, member.job_role) == (new_home, JobRole.SEND_LEAD)
