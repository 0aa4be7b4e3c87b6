"""The test harness itself: the N+1 detector raises, query counts stay flat, CSP is on,
production settings pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from zeal.errors import NPlusOneError

from tests import factories
from tests.queries import queries_for_get

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.urls("tests.naive_urls")
def test_n_plus_one_detector_raises_on_a_naive_view(client):
    factories.MembershipFactory.create_batch(3)

    with pytest.raises(NPlusOneError, match=r"Membership\.user"):
        client.get("/naive/")


@pytest.mark.urls("tests.naive_urls")
def test_n_plus_one_detector_accepts_the_joined_view(client):
    factories.MembershipFactory.create_batch(3)

    assert client.get("/joined/").status_code == 200


@pytest.mark.parametrize("url_name", ["start", "accounts:profile"], ids=["start page", "profile"])
def test_signed_in_pages_query_count_does_not_grow_with_memberships(client, url_name):
    # The same roles, held once and thirty times over: each role adds its own tasks (a query
    # or two per role), but more memberships of a role must not add queries.
    one = factories.coordinator()
    factories.service_lead(user=one)
    many = factories.coordinator()
    for _ in range(29):
        factories.coordinator(user=many)
        factories.service_lead(user=many)

    client.force_login(one)
    queries_one = queries_for_get(client, reverse(url_name))
    client.force_login(many)
    queries_many = queries_for_get(client, reverse(url_name))

    assert queries_one == queries_many


def test_admin_membership_list_query_count_does_not_grow(client):
    coordinator = factories.superuser()
    client.force_login(coordinator)
    programme = factories.ProgrammeFactory()
    factories.MembershipFactory(programme=programme)
    queries_one = queries_for_get(client, reverse("admin:accounts_membership_changelist"))
    factories.MembershipFactory.create_batch(29, programme=programme)

    queries_many = queries_for_get(client, reverse("admin:accounts_membership_changelist"))

    assert queries_one == queries_many


def test_pages_carry_a_content_security_policy_with_a_nonce(client):
    response = client.get(reverse("start"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page = response.content.decode()
    assert " style=" not in page
    for script in page.split("<script")[1:]:
        assert "nonce=" in script.split(">")[0], f"script without nonce: <script{script[:80]}"


def test_production_settings_pass_the_deployment_checks():
    # Not the test process's own environment flags (the browser tests allow async-unsafe
    # calls for Playwright): production has none of them.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "peerreview.settings",
        "DEBUG": "off",
        "SECRET_KEY": "a-long-random-production-secret-key-kept-in-the-environment-0123456789",
        "ALLOWED_HOSTS": "peer-review.example.org",
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update({"DJANGO_SETTINGS_MODULE": "peerreview.settings", "DEBUG": "off"})
    serving = subprocess.run(
        [sys.executable, "-c", "import peerreview.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    deploy_check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **env,
            "ALLOWED_HOSTS": "peer-review.example.org",
            "EMAIL_URL": "smtp://smtp.example.org:25",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert serving.returncode != 0
    assert "Set the SECRET_KEY environment variable" in serving.stderr
    assert deploy_check.returncode != 0
    assert "security.W009" in deploy_check.stdout + deploy_check.stderr


def test_debug_is_off_unless_asked_for():
    assert settings.DEBUG is False
