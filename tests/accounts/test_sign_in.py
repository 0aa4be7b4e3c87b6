import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, coordinator

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def test_sign_in_with_email_and_password_reaches_start_page(client):
    user = coordinator(full_name="Priya Shah")

    response = sign_in(client, user.email, follow=True)

    assert response.redirect_chain == [(reverse("start"), 302)]
    assert response.context["user"] == user
    assert "Your tasks" in response.content.decode()


def test_sign_in_email_is_case_insensitive(client):
    user = UserFactory(email="grace.okafor@example.org")

    response = sign_in(client, "Grace.Okafor@EXAMPLE.org")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_wrong_password_shows_error_summary_and_keeps_email(client):
    user = UserFactory()

    response = sign_in(client, user.email, "not-the-password")

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter a correct email address and password" in page
    assert f'value="{user.email}"' in page
    assert "<title>Error: Sign in" in page


def test_sign_in_missing_answers_are_named(client):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})

    page = response.content.decode()
    assert "Enter your email address" in page
    assert "Enter your password" in page


def test_sign_in_refused_without_csrf_token(csrf_client):
    user = UserFactory()

    response = sign_in(csrf_client, user.email)

    assert response.status_code == 403
    assert "_auth_user_id" not in csrf_client.session


def test_sign_in_accepted_with_csrf_token(csrf_client):
    user = UserFactory()
    csrf_client.get(reverse("accounts:login"))
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert csrf_client.session["_auth_user_id"] == str(user.pk)


def test_sign_out_needs_post_and_csrf(csrf_client):
    user = UserFactory()
    csrf_client.force_login(user)

    assert csrf_client.get(reverse("accounts:logout")).status_code == 405
    assert csrf_client.post(reverse("accounts:logout")).status_code == 403
    assert csrf_client.session.get("_auth_user_id") == str(user.pk)


def test_sign_out_ends_session_and_says_so(client):
    client.force_login(UserFactory())

    response = client.post(reverse("accounts:logout"), follow=True)

    assert "_auth_user_id" not in client.session
    assert "You have signed out." in response.content.decode()


def test_inactive_person_cannot_sign_in(client):
    user = UserFactory(is_active=False)

    response = sign_in(client, user.email)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
