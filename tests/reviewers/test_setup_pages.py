"""Setting up a programme's reviewer pool on the service's own pages, not the admin: its
eligibility rules (which job roles can join the pool, in plain words, with what adding or
removing one does to the people already in it), and its training courses (added and changed
from the training pages, reached from the programme's set-up page). A coordinator acts only in
their own programmes; bad input gets a GOV.UK error, keeps what was typed and changes nothing;
every change is in the history with who made it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.setup import setup_links
from reviewers import selectors, services
from reviewers.enums import CourseKind, JobRole, PoolStatus, Qualification
from reviewers.models import Course, EligibilityRule, TrainingRequest
from tests import factories
from tests.pages import errors_of, fresh_form, messages_of
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db

HEAD = JobRole.HEAD_OF_SERVICE
OPERATIONAL = JobRole.OPERATIONAL_MANAGER
SENIOR = JobRole.SENIOR_MANAGER


@pytest.fixture
def coordinator(programme):
    return factories.coordinator(programme=programme, full_name="Priya Shah")


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def rule(programme, job_role, note="") -> EligibilityRule:
    return EligibilityRule.objects.create(programme=programme, job_role=job_role, note=note)


def pool_member(programme, job_role, status=PoolStatus.ACCEPTED):
    return factories.PoolMembershipFactory(
        programme=programme, reviewer__job_role=job_role, status=status
    )


def rules_url(programme) -> str:
    return reverse("eligibility:rules", args=[programme.pk])


def rule_url(name: str, rule: EligibilityRule) -> str:
    return reverse(f"eligibility:{name}", args=[rule.programme_id, rule.pk])


def roles_of(programme) -> list[str]:
    return sorted(programme.eligibility_rules.values_list("job_role", flat=True))


def text_of(response) -> str:
    """The page's text with its markup's white space folded, to read sentences in it."""
    return " ".join(response.content.decode().split())


# --- The programme's set-up page ---------------------------------------------------------------


def test_the_set_up_page_has_a_section_for_eligibility_and_one_for_courses(programme):
    links = {link.label: link.url for link in setup_links(programme.pk)}

    assert links["Eligibility rules"] == rules_url(programme)
    assert links["Courses and sessions"] == reverse(
        "training:programme_courses", args=[programme.pk]
    )


# --- Eligibility rules: the list -----------------------------------------------------------


def test_rules_page_says_in_plain_words_who_can_join_and_who_is_not_eligible(
    coordinator_client, programme
):
    rule(programme, HEAD, note="A current post as YOT manager or head of service.")
    rule(programme, OPERATIONAL)
    pool_member(programme, HEAD)
    pool_member(programme, HEAD, status=PoolStatus.REQUESTED)
    pool_member(programme, SENIOR)
    pool_member(programme, SENIOR, status=PoolStatus.LEFT)
    rule(factories.ProgrammeFactory(), JobRole.PARENT_CARER)

    response = coordinator_client.get(rules_url(programme))

    assert [(row.rule.job_role, row.people) for row in response.context["rows"]] == [
        (HEAD, 1),
        (OPERATIONAL, 0),
    ]
    page = text_of(response)
    assert (
        "Only people in these job roles are eligible for the pool: Head of service or YOT "
        "manager; Operational manager line managed directly by the head of service." in page
    )
    assert "A current post as YOT manager or head of service." in page
    assert (
        "1 person in the pool has a job role these rules do not include: they are shown as "
        "not eligible, and cannot be trained or join a review team." in page
    )
    assert "Parent or carer" not in page
    assert f'href="{reverse("eligibility:rule_new", args=[programme.pk])}"' in page


def test_rules_page_without_rules_says_the_pool_is_open_to_every_job_role(
    coordinator_client, programme
):
    pool_member(programme, SENIOR)

    page = text_of(coordinator_client.get(rules_url(programme)))

    assert "The pool has no eligibility rules, so it is open to every job role" in page
    assert "not eligible" not in page


def test_rules_page_query_count_does_not_grow(coordinator_client, programme):
    rule(programme, HEAD)
    pool_member(programme, HEAD)
    one = queries_for_get(coordinator_client, rules_url(programme))
    for job_role in (OPERATIONAL, SENIOR, JobRole.DIRECTOR):
        rule(programme, job_role)
        pool_member(programme, job_role)

    assert queries_for_get(coordinator_client, rules_url(programme)) == one


# --- Eligibility rules: adding, changing, removing --------------------------------------------


def test_adding_a_job_role_makes_only_the_roles_listed_eligible(
    coordinator_client, coordinator, programme
):
    senior = pool_member(programme, SENIOR)
    head = pool_member(programme, HEAD)

    response = coordinator_client.post(
        reverse("eligibility:rule_new", args=[programme.pk]),
        {"job_role": HEAD, "note": "  A current post.  ", **fresh_form()},
        follow=True,
    )

    assert response.redirect_chain == [(rules_url(programme), 302)]
    assert messages_of(response) == [
        "Head of service or YOT manager has been added: people in this job role can join the pool."
    ]
    added = programme.eligibility_rules.get()
    assert (added.job_role, added.note) == (HEAD, "A current post.")
    assert added.history.get().history_user == coordinator
    standings = {
        entry.membership.pk: entry.standing.qualification
        for entry in selectors.pool_entries(user=coordinator, programme_ids=[programme.pk])
    }
    assert standings == {senior.pk: Qualification.APPLICANT, head.pk: Qualification.ELIGIBLE}


def test_the_first_rule_warns_who_will_stop_being_eligible(coordinator_client, programme):
    pool_member(programme, SENIOR)
    pool_member(programme, JobRole.DIRECTOR)

    page = text_of(coordinator_client.get(reverse("eligibility:rule_new", args=[programme.pk])))

    assert "The pool is open to every job role now." in page
    assert (
        "There are 2 people in the pool: those in the job roles you do not add will be shown "
        "as not eligible." in page
    )


def test_the_add_form_offers_only_the_job_roles_not_yet_eligible(coordinator_client, programme):
    rule(programme, HEAD)
    rule(programme, OPERATIONAL)

    response = coordinator_client.get(reverse("eligibility:rule_new", args=[programme.pk]))

    offered = [value for value, _label in response.context["form"].fields["job_role"].choices]
    assert offered == [role for role in JobRole.values if role not in (HEAD, OPERATIONAL)]


def test_when_every_job_role_is_eligible_there_is_none_to_add(coordinator_client, programme):
    for job_role in JobRole.values:
        rule(programme, job_role)

    list_page = text_of(coordinator_client.get(rules_url(programme)))
    response = coordinator_client.get(
        reverse("eligibility:rule_new", args=[programme.pk]), follow=True
    )

    assert "Every job role can already join the pool." in list_page
    assert reverse("eligibility:rule_new", args=[programme.pk]) not in list_page
    assert response.redirect_chain == [(rules_url(programme), 302)]
    assert messages_of(response) == ["Every job role can already join the pool."]


@pytest.mark.parametrize(
    ("data", "error", "typed"),
    [
        ({"note": "A current post."}, "Select a job role", 'value="A current post."'),
        (
            {"job_role": "astronaut", "note": "Kept"},
            "Select a job role from the list",
            'value="Kept"',
        ),
        (
            {"job_role": HEAD, "note": "x" * 201},
            "The note must be 200 characters or fewer",
            'value="' + "x" * 201 + '"',
        ),
    ],
    ids=["no job role", "no such job role", "note too long"],
)
def test_a_bad_rule_is_refused_keeping_what_was_typed(
    coordinator_client, programme, data, error, typed
):
    response = coordinator_client.post(
        reverse("eligibility:rule_new", args=[programme.pk]), data | fresh_form()
    )

    assert errors_of(response) == [error]
    assert typed in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert not EligibilityRule.objects.exists()


def test_a_job_role_that_already_qualifies_is_refused_on_its_field(programme):
    rule(programme, HEAD)

    with pytest.raises(ValidationError) as refused:
        services.eligibility_rule_save(
            rule=EligibilityRule(programme=programme), job_role=HEAD, note=""
        )

    assert refused.value.message_dict == {"job_role": ["This job role can already join the pool"]}
    assert roles_of(programme) == [HEAD]


def test_changing_a_rule_shows_who_changed_it_last_and_saves_it(
    coordinator_client, coordinator, programme
):
    changed = services.eligibility_rule_save(
        rule=EligibilityRule(programme=programme), job_role=HEAD, note="Old note"
    )
    changed.history.update(history_user=coordinator)
    url = rule_url("rule_edit", changed)

    page = text_of(coordinator_client.get(url))
    response = coordinator_client.post(
        url, {"job_role": OPERATIONAL, "note": "Line managed by the head"}, follow=True
    )

    assert "Last changed by Priya Shah on" in page
    assert 'value="Old note"' in page
    assert response.redirect_chain == [(rules_url(programme), 302)]
    assert messages_of(response) == [
        "The rule for Operational manager line managed directly by the head of service has "
        "been changed."
    ]
    changed.refresh_from_db()
    assert (changed.job_role, changed.note) == (OPERATIONAL, "Line managed by the head")


def test_the_change_form_offers_the_rules_own_role_and_those_not_yet_eligible(
    coordinator_client, programme
):
    own = rule(programme, OPERATIONAL)
    rule(programme, HEAD)

    response = coordinator_client.get(rule_url("rule_edit", own))

    offered = [value for value, _label in response.context["form"].fields["job_role"].choices]
    assert offered == [role for role in JobRole.values if role != HEAD]
    assert response.context["form"]["job_role"].value() == OPERATIONAL


def test_removing_a_rule_asks_first_and_says_who_will_not_be_eligible(
    coordinator_client, coordinator, programme
):
    removed = rule(programme, HEAD)
    rule(programme, OPERATIONAL)
    pool_member(programme, HEAD)
    pool_member(programme, HEAD)
    url = rule_url("rule_remove", removed)

    page = text_of(coordinator_client.get(url))
    response = coordinator_client.post(url, follow=True)

    assert "Remove Head of service or YOT manager from the eligibility rules?" in page
    assert (
        "2 people in the pool are in this job role: they will no longer be eligible, and "
        "cannot be trained or join a review team" in page
    )
    assert response.redirect_chain == [(rules_url(programme), 302)]
    assert messages_of(response) == [
        "Head of service or YOT manager has been removed from the eligibility rules."
    ]
    assert roles_of(programme) == [OPERATIONAL]
    deletion = EligibilityRule.history.filter(id=removed.pk).order_by("history_date").last()
    assert (deletion.history_type, deletion.history_user) == ("-", coordinator)


def test_removing_the_last_rule_says_the_pool_opens_to_every_job_role(
    coordinator_client, programme
):
    only = rule(programme, HEAD)

    page = text_of(coordinator_client.get(rule_url("rule_remove", only)))

    assert "This is the pool's only rule: without it, the pool is open to every job role." in page


# --- Courses: the programme's list, adding, changing, removing ---------------------------------


def test_the_programmes_course_list_shows_its_courses_and_offers_to_add_one(client, programme):
    other = factories.ProgrammeFactory()
    user = factories.coordinator(programme=programme)
    factories.coordinator(programme=other, user=user)
    client.force_login(user)
    factories.CourseFactory(programme=programme, name="Core peer reviewer training")
    factories.CourseFactory(programme=other, name="Another programme's course")

    response = client.get(reverse("training:programme_courses", args=[programme.pk]))

    assert [row.course.name for row in response.context["courses"]] == [
        "Core peer reviewer training"
    ]
    page = response.content.decode()
    assert programme.name in page
    assert f'href="{reverse("training:course_new")}?programme={programme.pk}"' in page


def test_the_programmes_course_list_without_courses_says_so(coordinator_client, programme):
    page = text_of(
        coordinator_client.get(reverse("training:programme_courses", args=[programme.pk]))
    )

    assert "The programme has no training courses yet." in page
    assert f"{reverse('training:course_new')}?programme={programme.pk}" in page


def test_the_programmes_course_list_query_count_does_not_grow(coordinator_client, programme):
    url = reverse("training:programme_courses", args=[programme.pk])
    factories.TrainingSessionFactory(course__programme=programme)
    one = queries_for_get(coordinator_client, url)
    for _ in range(3):
        factories.TrainingSessionFactory(course__programme=programme)

    assert queries_for_get(coordinator_client, url) == one


def course_data(**overrides) -> dict[str, str]:
    data = {
        "name": "Peer reviewer training",
        "kind": CourseKind.CORE,
        "days": "2",
        "description": "Two days on the purpose of a peer review.",
        **fresh_form(),
    }
    return data | overrides


def test_adding_a_course_to_the_programme_in_the_address(
    coordinator_client, coordinator, programme
):
    url = f"{reverse('training:course_new')}?programme={programme.pk}"

    form = coordinator_client.get(url).context["form"]
    response = coordinator_client.post(url, course_data(), follow=True)

    assert "programme" not in form.fields
    course = Course.objects.get()
    assert response.redirect_chain == [(reverse("training:course", args=[course.pk]), 302)]
    assert messages_of(response) == ["The course has been added."]
    assert (course.programme, course.name, course.kind, course.days, course.is_active) == (
        programme,
        "Peer reviewer training",
        CourseKind.CORE,
        2,
        True,
    )
    assert course.history.get().history_user == coordinator


def test_adding_a_course_asks_which_of_their_programmes_it_is_for(client, programme):
    second = factories.ProgrammeFactory(name="Regional SEND peer challenge")
    not_theirs = factories.ProgrammeFactory()
    user = factories.coordinator(programme=programme)
    factories.coordinator(programme=second, user=user)
    client.force_login(user)
    url = reverse("training:course_new")

    offered = client.get(url).context["form"].fields["programme"].choices
    refused = client.post(url, course_data(programme=str(not_theirs.pk)))
    client.post(url, course_data(programme=str(second.pk)))

    assert sorted(value for value, _label in offered) == sorted([str(programme.pk), str(second.pk)])
    assert errors_of(refused) == ["Select a programme from the list"]
    assert Course.objects.get().programme == second


def test_adding_a_course_with_one_programme_does_not_ask_which(coordinator_client, programme):
    url = reverse("training:course_new")

    form = coordinator_client.get(url).context["form"]
    coordinator_client.post(url, course_data())

    assert "programme" not in form.fields
    assert Course.objects.get().programme == programme


@pytest.mark.parametrize("chosen", ["other", "abc", "99999999999999999999999"])
def test_adding_a_course_to_a_programme_not_theirs_is_not_found(
    coordinator_client, programme, chosen
):
    other = factories.ProgrammeFactory()
    chosen = str(other.pk) if chosen == "other" else chosen
    url = f"{reverse('training:course_new')}?programme={chosen}"

    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, course_data()).status_code == 404
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "error", "typed"),
    [
        ({"name": "  "}, "Enter the name of the course", 'value="2"'),
        ({"name": "x" * 151}, "The name must be 150 characters or fewer", "x" * 151),
        ({"kind": ""}, "Select what kind of course it is", 'value="Peer reviewer training"'),
        ({"days": "two"}, "The length must be a whole number of days, like 2", 'value="two"'),
        ({"days": "0"}, "The course must last at least 1 day", 'value="0"'),
        ({"days": "31"}, "The course must last 30 days or fewer", 'value="31"'),
        (
            {"name": "core peer reviewer training "},
            "The programme already has a course called Core peer reviewer training",
            "Two days on the purpose of a peer review.",
        ),
    ],
    ids=[
        "no name",
        "name too long",
        "no kind",
        "days not a number",
        "no days",
        "too long",
        "taken",
    ],
)
def test_bad_course_details_are_refused_keeping_what_was_typed(
    coordinator_client, programme, overrides, error, typed
):
    factories.CourseFactory(programme=programme, name="Core peer reviewer training")
    url = f"{reverse('training:course_new')}?programme={programme.pk}"

    response = coordinator_client.post(url, course_data(**overrides))

    assert errors_of(response) == [error]
    assert typed in response.content.decode()
    assert Course.objects.count() == 1


def test_the_course_page_offers_to_change_the_course(coordinator_client, programme):
    course = factories.CourseFactory(programme=programme)

    page = coordinator_client.get(reverse("training:course", args=[course.pk])).content.decode()

    assert f'href="{reverse("training:course_edit", args=[course.pk])}"' in page


def test_changing_a_course_saves_it_and_can_stop_offering_it(
    coordinator_client, coordinator, programme
):
    course = factories.CourseFactory(programme=programme, name="Core training", days=2)
    course.history.update(history_user=coordinator)
    url = reverse("training:course_edit", args=[course.pk])

    page = text_of(coordinator_client.get(url))
    response = coordinator_client.post(
        url,
        course_data(name="Core reviewer training", days="3", is_active="no"),
        follow=True,
    )

    assert "Last changed by Priya Shah on" in page
    assert 'value="Core training"' in page
    assert response.redirect_chain == [(reverse("training:course", args=[course.pk]), 302)]
    assert messages_of(response) == ["The course has been changed."]
    assert "Not offered now" in response.content.decode()
    course.refresh_from_db()
    assert (course.name, course.days, course.is_active) == ("Core reviewer training", 3, False)


def test_a_course_changed_to_its_own_name_is_not_refused(coordinator_client, programme):
    course = factories.CourseFactory(programme=programme, name="Core training")

    coordinator_client.post(
        reverse("training:course_edit", args=[course.pk]),
        course_data(name="Core training", is_active="yes", description="New"),
    )

    course.refresh_from_db()
    assert course.description == "New"


def test_a_course_not_offered_takes_no_new_requests_for_training(programme):
    factories.CourseFactory(programme=programme, kind=CourseKind.CORE, is_active=False)
    user = factories.UserFactory()

    services.reviewer_join(
        user=user,
        programme=programme,
        organisation=factories.OrganisationFactory(),
        job_role=HEAD,
        needs_training=True,
    )

    assert not TrainingRequest.objects.exists()


@pytest.mark.parametrize("use", ["session", "request"])
def test_a_course_in_use_cannot_be_removed(coordinator_client, programme, use):
    course = factories.CourseFactory(programme=programme, name="Core training")
    if use == "session":
        factories.TrainingSessionFactory(course=course)
    else:
        TrainingRequest.objects.create(
            reviewer=pool_member(programme, HEAD).reviewer, course=course
        )
    url = reverse("training:course_remove", args=[course.pk])

    page = text_of(coordinator_client.get(url))
    response = coordinator_client.post(url, follow=True)

    assert (
        "Core training cannot be removed: it has sessions or people who asked for it. "
        "Stop offering it instead" in page
    )
    assert "govuk-button--warning" not in page
    assert messages_of(response) == [
        "Core training cannot be removed: it has sessions or people who asked for it. Stop "
        "offering it instead: change the course and say it is not offered now."
    ]
    assert Course.objects.filter(pk=course.pk).exists()


def test_removing_an_unused_course_asks_first(coordinator_client, coordinator, programme):
    course = factories.CourseFactory(programme=programme, name="Set up by mistake")
    url = reverse("training:course_remove", args=[course.pk])

    page = text_of(coordinator_client.get(url))
    response = coordinator_client.post(url, follow=True)

    assert "Remove the course Set up by mistake?" in page
    assert response.redirect_chain == [
        (reverse("training:programme_courses", args=[programme.pk]), 302)
    ]
    assert messages_of(response) == ["The course Set up by mistake has been removed."]
    assert not Course.objects.exists()
    deletion = Course.history.filter(id=course.pk).order_by("history_date").last()
    assert (deletion.history_type, deletion.history_user) == ("-", coordinator)


# --- Another programme's coordinator changes nothing --------------------------------------------


def _other_world(programme):
    """A rule and an unused course of `programme`, with a session-less course to change."""
    return {
        "rule": rule(programme, HEAD, note="Kept"),
        "course": factories.CourseFactory(programme=programme, name="Kept"),
    }


WRITES = {
    "rule_new": lambda w: (
        reverse("eligibility:rule_new", args=[w["rule"].programme_id]),
        {"job_role": SENIOR},
    ),
    "rule_edit": lambda w: (rule_url("rule_edit", w["rule"]), {"job_role": SENIOR}),
    "rule_remove": lambda w: (rule_url("rule_remove", w["rule"]), {}),
    "course_new": lambda w: (
        f"{reverse('training:course_new')}?programme={w['course'].programme_id}",
        course_data(name="New"),
    ),
    "course_edit": lambda w: (
        reverse("training:course_edit", args=[w["course"].pk]),
        course_data(name="Changed", is_active="yes"),
    ),
    "course_remove": lambda w: (reverse("training:course_remove", args=[w["course"].pk]), {}),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_another_programmes_coordinator_cannot_change_its_set_up(coordinator_client, write):
    theirs = factories.ProgrammeFactory()
    world = _other_world(theirs)
    url, data = WRITES[write](world)

    response = coordinator_client.post(url, data)

    assert response.status_code == 404
    assert list(theirs.eligibility_rules.values_list("job_role", "note")) == [(HEAD, "Kept")]
    assert list(theirs.courses.values_list("name", flat=True)) == ["Kept"]


def test_a_rule_is_found_only_under_its_own_programme(coordinator_client, programme):
    theirs = rule(factories.ProgrammeFactory(), HEAD)

    for name in ("rule_edit", "rule_remove"):
        url = reverse(f"eligibility:{name}", args=[programme.pk, theirs.pk])
        assert coordinator_client.post(url, {"job_role": SENIOR}).status_code == 404
    assert EligibilityRule.objects.get() == theirs
    assert theirs.job_role == HEAD


def test_the_same_add_forms_sent_twice_make_one_rule_and_one_course(coordinator_client, programme):
    rule_form = {"job_role": HEAD, "note": "", **fresh_form()}
    course_form = course_data()
    rule_url_new = reverse("eligibility:rule_new", args=[programme.pk])
    course_url_new = f"{reverse('training:course_new')}?programme={programme.pk}"

    rules = [coordinator_client.post(rule_url_new, rule_form) for _ in range(2)]
    courses = [coordinator_client.post(course_url_new, course_form) for _ in range(2)]

    assert [r.status_code for r in rules + courses] == [302] * 4, [
        errors_of(r) for r in rules + courses if r.status_code == 200
    ]
    assert rules[0]["Location"] == rules[1]["Location"]
    assert courses[0]["Location"] == courses[1]["Location"]
    assert programme.eligibility_rules.count() == 1
    assert programme.courses.count() == 1
