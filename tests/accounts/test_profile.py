import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, OrganisationFactory, UserFactory, coordinator, service_lead
from tests.pages import error_links

pytestmark = pytest.mark.django_db


def test_profile_lists_details_and_roles(client):
    organisation = OrganisationFactory(name="Northdale Youth Justice Service")
    user = service_lead(organisation=organisation, full_name="Grace Okafor")
    client.force_login(user)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "Grace Okafor" in page
    assert "Service lead" in page
    assert "Northdale Youth Justice Service" in page


def test_profile_without_roles_says_so(client):
    client.force_login(UserFactory())

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "You do not have a role in any programme yet" in page


def test_profile_edit_saves_and_records_history(client):
    user = coordinator(full_name="Priya Shah")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile_edit"),
        {"full_name": "Priya Shah-Jones", "job_title": "Coordinator", "phone": "0113 496 0000"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Priya Shah-Jones"
    latest = user.history.latest()
    assert latest.full_name == "Priya Shah-Jones"
    assert latest.history_user == user


def test_profile_edit_requires_name_and_keeps_input(client):
    user = UserFactory(full_name="Tom Hughes")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile_edit"), {"full_name": "", "job_title": "Board member"}
    )

    page = response.content.decode()
    assert "Enter your full name" in page
    assert 'value="Board member"' in page
    user.refresh_from_db()
    assert user.full_name == "Tom Hughes"


def test_password_change_checks_current_password(client):
    user = UserFactory()
    client.force_login(user)

    wrong = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "new-long-passphrase",
            "new_password2": "new-long-passphrase",
        },
    )
    right = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "new-long-passphrase",
            "new_password2": "new-long-passphrase",
        },
    )

    assert "Your current password is not correct" in wrong.content.decode()
    assert right.status_code == 302
    assert User.objects.get(pk=user.pk).check_password("new-long-passphrase")


PHONE_MESSAGE = "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"


@pytest.mark.parametrize("typed", ["abc", "123", "01632 960 001 or 002", "+44 0808 157 0192"])
def test_profile_edit_refuses_what_is_not_a_telephone_number(client, typed):
    user = UserFactory(full_name="Tom Hughes", phone="")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile_edit"), {"full_name": "Tom Hughes", "phone": typed}
    )

    assert error_links(response) == [(PHONE_MESSAGE, "#id_phone")]
    assert f'value="{typed}"' in response.content.decode()
    user.refresh_from_db()
    assert user.phone == ""


@pytest.mark.parametrize(
    "typed", ["01632 960 001", "07700 900 982", "+44 808 157 0192", "+44 (0)20 7946 0000"]
)
def test_profile_edit_takes_telephone_numbers_as_people_write_them(client, typed):
    user = UserFactory(full_name="Tom Hughes", phone="")
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile_edit"), {"full_name": "Tom Hughes", "phone": f" {typed} "}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == typed
