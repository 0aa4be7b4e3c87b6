"""The admin, for technical staff only: memberships with their constraints explained, people
invited by email. Coordinators are refused every admin page (they set up their programmes on
/programmes/, tests/accounts/test_programme_setup.py), so the account takeover of issue 11
cannot be done there."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Membership, User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(factories.superuser())
    return client


def test_technical_staff_add_a_board_member_to_a_programme(staff_client, programme):
    person = factories.UserFactory()

    response = staff_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": person.pk, "role": Role.BOARD_MEMBER, "programme": programme.pk},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.role, membership.programme) == (Role.BOARD_MEMBER, programme)
    assert membership.history.get().history_type == "+"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("admin:index", []),
        ("admin:accounts_membership_add", []),
        ("admin:accounts_user_changelist", []),
        ("admin:accounts_organisation_changelist", []),
        ("admin:offers_reviewtype_add", []),
    ],
)
def test_coordinators_are_refused_the_admin(coordinator_client, name, args):
    assert coordinator_client.get(reverse(name, args=args)).status_code == 403


def test_membership_scope_must_match_role(staff_client, programme):
    person = factories.UserFactory()

    response = staff_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": person.pk, "role": Role.SERVICE_LEAD, "programme": programme.pk},
    )

    assert "service leads and improvement board members belong to an organisation" in (
        response.content.decode()
    )
    assert not Membership.objects.filter(user=person).exists()


def test_duplicate_membership_is_refused(staff_client, programme):
    person = factories.reviewer(programme=programme)

    response = staff_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": person.pk, "role": Role.REVIEWER, "programme": programme.pk},
    )

    assert "This person already has this role in the programme." in response.content.decode()
    assert Membership.objects.filter(user=person).count() == 1


def test_technical_staff_add_a_person_who_is_emailed_an_invitation(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:accounts_user_add"),
            {"email": "New.Reviewer@Example.org", "full_name": "Nia Roberts", "job_title": ""},
        )

    assert response.status_code == 302
    person = User.objects.get(email="new.reviewer@example.org")
    assert not person.has_usable_password()
    assert mailoutbox[0].to == ["new.reviewer@example.org"]
    assert "/accounts/password-reset/" in mailoutbox[0].body


def test_coordinator_cannot_make_someone_a_superuser(coordinator_client):
    person = factories.UserFactory()
    change_url = reverse("admin:accounts_user_change", args=[person.pk])

    page = coordinator_client.get(change_url).content.decode()
    coordinator_client.post(
        change_url,
        {
            "email": person.email,
            "full_name": person.full_name,
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert 'name="is_superuser"' not in page
    person.refresh_from_db()
    assert not person.is_superuser
    assert not person.is_staff


def test_coordinator_cannot_change_a_superusers_account(coordinator_client):
    admin = factories.superuser()

    response = coordinator_client.post(
        reverse("admin:accounts_user_change", args=[admin.pk]),
        {"email": "attacker@example.org", "full_name": "X", "is_active": "on"},
    )

    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.email != "attacker@example.org"


# --- A coordinator looks after the people of their own programme only ----------------------


def change_form(person, **changes) -> dict:
    return {
        "email": person.email,
        "full_name": person.full_name,
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **changes,
    }


def test_a_coordinator_cannot_take_over_another_programmes_coordinator(client, programme):
    """The takeover found in issue 11: change the victim's address, then reset its password."""
    victim = factories.coordinator(programme=programme, full_name="Ada Price")
    email = victim.email
    client.force_login(factories.coordinator(programme=factories.ProgrammeFactory()))

    response = client.post(
        reverse("admin:accounts_user_change", args=[victim.pk]),
        change_form(victim, email="attacker@example.org", full_name="Taken Over", is_active=""),
    )

    assert response.status_code == 403
    victim.refresh_from_db()
    assert (victim.email, victim.full_name, victim.is_active) == (email, "Ada Price", True)


@pytest.mark.parametrize("role", ["board_member", "service_lead"])
def test_a_coordinator_cannot_change_people_outside_their_programme(client, programme, role):
    person = (
        factories.board_member(programme=factories.ProgrammeFactory())
        if role == "board_member"
        else factories.service_lead()
    )
    client.force_login(factories.coordinator(programme=programme))

    response = client.post(
        reverse("admin:accounts_user_change", args=[person.pk]),
        change_form(person, email="attacker@example.org"),
    )

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.email != "attacker@example.org"
