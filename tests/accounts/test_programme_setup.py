"""Setting up a programme on the service's own pages (/programmes/): a coordinator looks after
the people, roles and member organisations of their own programmes only, never their own roles
and never another programme's; starting a programme is for national coordinators and
technical staff."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import MemberOrganisation, Membership, Organisation, Programme, User
from tests import factories
from tests.pages import fresh_form
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(programme):
    return factories.coordinator(programme=programme, full_name="Ada Price")


@pytest.fixture
def member(programme):
    organisation = factories.OrganisationFactory(name="Northdale Youth Justice Service")
    MemberOrganisation.objects.create(programme=programme, organisation=organisation)
    return organisation


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def grant(client, url, **fields):
    blank = {"email": "", "full_name": "", "job_title": "", "role": ""}
    return client.post(url, blank | fresh_form() | fields)


# --- The set-up page ---------------------------------------------------------------------


def test_a_coordinator_sees_their_programmes_and_each_ones_sections(signed_in, programme):
    other = factories.ProgrammeFactory(name="Another programme")

    listing = signed_in.get(reverse("programmes:programmes")).content.decode()
    page = signed_in.get(reverse("programmes:programme", args=[programme.pk])).content.decode()

    assert programme.name in listing
    assert other.name not in listing
    assert "Start a programme" not in listing
    for section in ("People and their roles", "Member organisations"):
        assert section in page
    assert reverse("programmes:people", args=[programme.pk]) in page


def test_the_navigation_offers_set_up_not_the_admin(signed_in):
    page = signed_in.get(reverse("start")).content.decode()

    assert reverse("programmes:programmes") in page
    assert 'href="/admin/"' not in page


def test_a_coordinator_changes_the_programmes_details_and_the_change_is_recorded(
    signed_in, programme, coordinator
):
    url = reverse("programmes:programme_edit", args=[programme.pk])
    data = {
        "name": "Youth Justice Sector Improvement Partnership",
        "short_name": "YJSIP",
        "scope": "national",
        "region": "",
        "description": "Peer reviews.",
        "contact_email": "not an address",
        "is_active": "yes",
    }

    refused = signed_in.post(url, data)
    response = signed_in.post(url, {**data, "contact_email": "yjsip@example.org"})

    assert "Enter an email address in the correct format" in refused.content.decode()
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.short_name, programme.contact_email) == ("YJSIP", "yjsip@example.org")
    assert programme.history.first().history_user == coordinator


def test_a_regional_programme_needs_its_region(signed_in, programme):
    response = signed_in.post(
        reverse("programmes:programme_edit", args=[programme.pk]),
        {"name": programme.name, "short_name": "X", "scope": "regional", "is_active": "yes"},
    )

    assert "Choose the region of a regional programme" in response.content.decode()


# --- Starting a programme ------------------------------------------------------------------


def test_a_coordinator_cannot_start_a_programme(signed_in):
    assert signed_in.get(reverse("programmes:programme_new")).status_code == 403
    response = signed_in.post(
        reverse("programmes:programme_new"),
        {"name": "Rogue programme", "short_name": "RP", "scope": "national"},
    )
    assert response.status_code == 403
    assert not Programme.objects.filter(name="Rogue programme").exists()


def test_a_national_coordinator_starts_a_programme_and_becomes_its_coordinator(client):
    national = factories.UserFactory()
    Membership.objects.create(user=national, role=Role.NATIONAL_COORDINATOR)
    client.force_login(national)

    response = client.post(
        reverse("programmes:programme_new"),
        {
            "name": "Children's Services Peer Challenge",
            "short_name": "CSPC",
            "scope": "national",
            "description": "",
            "contact_email": "",
            **fresh_form(),
        },
    )

    programme = Programme.objects.get(short_name="CSPC")
    assert response["Location"] == reverse("programmes:programme", args=[programme.pk])
    assert programme.slug == "cspc"
    assert Membership.objects.filter(
        user=national, role=Role.COORDINATOR, programme=programme
    ).exists()


def test_a_national_coordinator_holds_no_programme_or_organisation():
    person = factories.UserFactory()

    with pytest.raises(Exception, match="national coordinator belongs to neither"):
        Membership(
            user=person, role=Role.NATIONAL_COORDINATOR, programme=factories.ProgrammeFactory()
        ).full_clean()


# --- People and roles --------------------------------------------------------------------


def test_a_coordinator_gives_a_new_person_a_role_and_they_are_invited(
    signed_in, programme, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("programmes:person_add", args=[programme.pk])

    missing_name = grant(signed_in, url, email="nia.roberts@example.org", role="board_member")
    with django_capture_on_commit_callbacks(execute=True):
        response = grant(
            signed_in,
            url,
            email="Nia.Roberts@Example.org",
            full_name="Nia Roberts",
            role="board_member",
        )

    assert "Enter their full name: they are new to the service" in missing_name.content.decode()
    assert response.status_code == 302
    person = User.objects.get(email="nia.roberts@example.org")
    assert not person.has_usable_password()
    assert person.memberships.get().role == Role.BOARD_MEMBER
    assert mailoutbox[0].to == ["nia.roberts@example.org"]
    assert "/accounts/password-reset/" in mailoutbox[0].body


def test_someone_with_an_account_is_given_the_role_and_told(
    signed_in, programme, mailoutbox, django_capture_on_commit_callbacks
):
    person = factories.reviewer(programme=programme, full_name="Owen Hughes")

    with django_capture_on_commit_callbacks(execute=True):
        grant(
            signed_in,
            reverse("programmes:person_add", args=[programme.pk]),
            email=person.email,
            role="coordinator",
        )
    again = grant(
        signed_in,
        reverse("programmes:person_add", args=[programme.pk]),
        email=person.email,
        role="coordinator",
    )

    assert set(person.memberships.values_list("role", flat=True)) == {"reviewer", "coordinator"}
    assert person.full_name == User.objects.get(pk=person.pk).full_name
    assert "has made you Programme coordinator" in mailoutbox[0].body
    assert "This person already has this role in the programme." in again.content.decode()


def test_only_programme_roles_are_offered_for_a_programme(signed_in, programme):
    person = factories.UserFactory()

    response = grant(
        signed_in,
        reverse("programmes:person_add", args=[programme.pk]),
        email=person.email,
        role="service_lead",
    )

    assert "Choose one of the roles listed" in response.content.decode()
    assert not person.memberships.exists()


def test_a_coordinator_cannot_give_themself_a_role(signed_in, programme, coordinator):
    response = grant(
        signed_in,
        reverse("programmes:person_add", args=[programme.pk]),
        email=coordinator.email,
        role="board_member",
    )

    assert "You cannot give yourself a role" in response.content.decode()
    assert list(coordinator.memberships.values_list("role", flat=True)) == ["coordinator"]


def test_a_role_is_taken_away_after_confirming(signed_in, programme):
    board = factories.board_member(programme=programme)
    membership = board.memberships.get()
    url = reverse("programmes:role_remove", args=[programme.pk, membership.pk])

    question = signed_in.get(url)
    response = signed_in.post(url)

    assert "Take the role away" in question.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists() is False
    assert response["Location"] == reverse("programmes:people", args=[programme.pk])
    assert User.objects.filter(pk=board.pk).exists()


def test_a_reviewers_role_is_ended_on_the_pool_pages(signed_in, programme):
    membership = factories.reviewer(programme=programme).memberships.get()

    response = signed_in.post(reverse("programmes:role_remove", args=[programme.pk, membership.pk]))

    assert "Reviewers leave the pool on their reviewer page" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_cannot_take_away_their_own_role(signed_in, programme, coordinator):
    membership = coordinator.memberships.get()

    response = signed_in.post(reverse("programmes:role_remove", args=[programme.pk, membership.pk]))

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_coordinator_corrects_a_board_members_details_but_not_their_address(signed_in, programme):
    person = factories.board_member(programme=programme, email="owen@example.org")
    url = reverse("programmes:person_edit", args=[programme.pk, person.pk])

    page = signed_in.get(url).content.decode()
    signed_in.post(
        url,
        {
            "full_name": "Owen Hughes-Price",
            "job_title": "Chair",
            "phone": "",
            "is_active": "yes",
            "email": "attacker@example.org",
        },
    )

    person.refresh_from_db()
    assert 'name="email"' not in page
    assert (person.full_name, person.email) == ("Owen Hughes-Price", "owen@example.org")


def test_a_coordinator_cannot_give_someone_a_telephone_number_that_is_not_one(signed_in, programme):
    person = factories.board_member(programme=programme, full_name="Owen Hughes", phone="")
    url = reverse("programmes:person_edit", args=[programme.pk, person.pk])

    response = signed_in.post(
        url, {"full_name": "Owen Hughes", "job_title": "", "phone": "abc", "is_active": "yes"}
    )

    assert response.context["form"].errors == {
        "phone": ["Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"]
    }
    person.refresh_from_db()
    assert person.phone == ""


def test_someone_with_roles_elsewhere_is_not_changed_by_this_programmes_coordinator(
    signed_in, programme
):
    person = factories.board_member(programme=programme)
    factories.MembershipFactory(user=person, role=Role.BOARD_MEMBER)  # another programme

    page = signed_in.get(reverse("programmes:person", args=[programme.pk, person.pk]))
    response = signed_in.post(
        reverse("programmes:person_edit", args=[programme.pk, person.pk]),
        {"full_name": "Changed", "job_title": "", "phone": "", "is_active": "no"},
    )

    assert "their details are changed by them or by technical staff" in page.content.decode()
    assert response.status_code == 403
    person.refresh_from_db()
    assert (person.full_name, person.is_active) != ("Changed", False)


# --- Member organisations and their service roles -----------------------------------------


def test_a_coordinator_adds_a_member_organisation_from_those_known(signed_in, programme):
    known = factories.OrganisationFactory(name="Southmoor Youth Justice Service")

    signed_in.post(
        reverse("programmes:organisation_add", args=[programme.pk]),
        {"organisation": known.pk},
    )
    page = signed_in.get(reverse("programmes:organisations", args=[programme.pk]))

    assert MemberOrganisation.objects.filter(programme=programme, organisation=known).exists()
    assert "Southmoor Youth Justice Service" in page.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999999"])
def test_choosing_no_or_a_made_up_organisation_is_explained(signed_in, programme, value):
    response = signed_in.post(
        reverse("programmes:organisation_add", args=[programme.pk]), {"organisation": value}
    )

    assert response.status_code == 200
    assert "Choose" in response.content.decode()
    assert not MemberOrganisation.objects.filter(programme=programme).exists()


def test_the_same_role_form_sent_twice_gives_the_role_once(signed_in, programme):
    url = reverse("programmes:person_add", args=[programme.pk])
    token = fresh_form()

    first = grant(
        signed_in, url, email="new@example.org", full_name="Ann", role="board_member", **token
    )
    second = grant(
        signed_in, url, email="new@example.org", full_name="Ann", role="board_member", **token
    )

    assert first["Location"] == second["Location"]
    assert Membership.objects.filter(user__email="new@example.org").count() == 1


def test_the_same_new_organisation_form_sent_twice_records_it_once(signed_in, programme):
    region = factories.RegionFactory()
    data = {"name": "Eastvale Youth Justice Service", "kind": "yjs", "region": region.pk}
    data |= fresh_form()
    url = reverse("programmes:organisation_new", args=[programme.pk])

    first = signed_in.post(url, data)
    second = signed_in.post(url, data)

    assert first["Location"] == second["Location"]
    assert Organisation.objects.filter(name="Eastvale Youth Justice Service").count() == 1


def test_a_coordinator_records_a_new_organisation_as_a_member(signed_in, programme):
    region = factories.RegionFactory()
    url = reverse("programmes:organisation_new", args=[programme.pk])
    data = {"name": "Eastvale Youth Justice Service", "kind": "yjs", "region": region.pk}

    response = signed_in.post(url, data | fresh_form())
    again = signed_in.post(url, data | fresh_form())

    organisation = Organisation.objects.get(name="Eastvale Youth Justice Service")
    assert response["Location"] == reverse(
        "programmes:organisation", args=[programme.pk, organisation.pk]
    )
    assert programme.members.filter(pk=organisation.pk).exists()
    assert "Organisation with this Name already exists" in again.content.decode()


def test_a_coordinator_gives_a_member_organisation_a_service_lead(
    signed_in, programme, member, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = grant(
            signed_in,
            reverse("programmes:organisation_person_add", args=[programme.pk, member.pk]),
            email="lead@example.org",
            full_name="Sam Evans",
            role="service_lead",
        )

    assert response.status_code == 302
    lead = User.objects.get(email="lead@example.org")
    assert lead.memberships.get().organisation == member


def test_a_coordinator_cannot_make_themself_a_service_lead(
    signed_in, programme, member, coordinator
):
    """The finding of issue 11: a coordinator made themself service lead of any organisation
    and so opened its draft applications and plans."""
    response = grant(
        signed_in,
        reverse("programmes:organisation_person_add", args=[programme.pk, member.pk]),
        email=coordinator.email,
        role="service_lead",
    )

    assert "You cannot give yourself a role" in response.content.decode()
    assert not coordinator.memberships.filter(role=Role.SERVICE_LEAD).exists()


def test_an_organisation_outside_the_coordinators_programmes_is_not_theirs(signed_in, programme):
    stranger = factories.OrganisationFactory()
    other = factories.ProgrammeFactory()
    MemberOrganisation.objects.create(programme=other, organisation=stranger)

    pages = [
        signed_in.get(reverse(f"programmes:{name}", args=[programme.pk, stranger.pk]))
        for name in ("organisation", "organisation_edit", "organisation_person_add")
    ]
    posted = signed_in.post(
        reverse("programmes:organisation_edit", args=[programme.pk, stranger.pk]),
        {"name": "Renamed", "kind": "yjs", "region": stranger.region_id, "is_active": "yes"},
    )

    assert [page.status_code for page in pages] == [404, 404, 404]
    assert posted.status_code == 404
    stranger.refresh_from_db()
    assert stranger.name != "Renamed"


def test_the_admin_is_closed_to_coordinators(signed_in, programme, coordinator):
    """Issue 11: through the admin, any coordinator changed any organisation's record and
    made themself its service lead."""
    organisation = factories.OrganisationFactory()

    add = signed_in.post(
        reverse("admin:accounts_membership_add"),
        {"user": coordinator.pk, "role": Role.SERVICE_LEAD, "organisation": organisation.pk},
    )
    change = signed_in.post(
        reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        {"name": "Renamed", "kind": "yjs", "region": organisation.region_id},
    )

    assert (add.status_code, change.status_code) == (403, 403)
    assert not coordinator.memberships.filter(role=Role.SERVICE_LEAD).exists()
    organisation.refresh_from_db()
    assert organisation.name != "Renamed"


def test_a_coordinator_changes_a_members_record(signed_in, programme, member, coordinator):
    signed_in.post(
        reverse("programmes:organisation_edit", args=[programme.pk, member.pk]),
        {
            "name": "Northdale and Southvale Youth Justice Service",
            "kind": "yjs",
            "region": member.region_id,
            "email": "",
            "is_active": "yes",
        },
    )

    member.refresh_from_db()
    assert member.name == "Northdale and Southvale Youth Justice Service"
    assert member.history.first().history_user == coordinator


def test_ending_a_membership_asks_first_and_keeps_the_organisation(signed_in, programme, member):
    url = reverse("programmes:organisation_remove", args=[programme.pk, member.pk])

    question = signed_in.get(url).content.decode()
    signed_in.post(url)

    assert "Should Northdale Youth Justice Service stop being a member" in question
    assert not programme.members.filter(pk=member.pk).exists()
    assert Organisation.objects.filter(pk=member.pk).exists()


def test_applying_makes_a_service_a_member(programme):
    import uuid

    from applications.services import application_create

    lead = factories.service_lead()
    organisation = lead.memberships.get().organisation

    application_create(
        organisation=organisation,
        review_type=factories.ReviewTypeFactory(programme=programme),
        by=lead,
        token=uuid.uuid4(),
    )

    assert programme.members.filter(pk=organisation.pk).exists()


def test_the_member_list_asks_the_same_number_of_queries_however_many_members(signed_in, programme):
    def add(count):
        for _ in range(count):
            organisation = factories.OrganisationFactory()
            MemberOrganisation.objects.create(programme=programme, organisation=organisation)
            factories.service_lead(organisation=organisation)

    url = reverse("programmes:organisations", args=[programme.pk])
    add(2)
    few = queries_for_get(signed_in, url)
    add(10)

    assert queries_for_get(signed_in, url) == few
