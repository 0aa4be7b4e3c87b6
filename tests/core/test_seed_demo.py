import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.enums import Role
from accounts.models import Membership, Organisation, Programme, Region, User
from core.management.commands.seed_demo import demo_seeders

pytestmark = pytest.mark.django_db

# Each of these apps' demo data uses the ones before it (people and programmes, then offers
# and applications, then pools with past reviews, then improvement plans).
DEPENDENCY_ORDER = ["accounts.demo", "applications.demo", "reviewers.demo", "improvement.demo"]


# The demo world is worked out from today: built on the pinned day (tests/dates.py). What this
# counts does not change with the day; the demo tests of each app check what does, on every
# day `make test-dates` runs them.
@pytest.mark.usefixtures("pinned_clock")
def test_seed_demo_builds_the_world_and_is_idempotent(capsys):
    call_command("seed_demo", password="demo-pass-for-tests")
    counts = (
        Region.objects.count(),
        Programme.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    call_command("seed_demo", password="demo-pass-for-tests")

    assert counts == (
        Region.objects.count(),
        Programme.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )
    assert Region.objects.count() == 10
    assert Programme.objects.count() == 3
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(email="lead@example.org").check_password("demo-pass-for-tests")
    output = capsys.readouterr().out
    assert "Demo data is ready. Sign in at /accounts/login/ as:" in output
    assert "coordinator@example.org" in output
    assert "Password for all of them: demo-pass-for-tests" in output


def test_seed_demo_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(CommandError, match="not allowed"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_each_installed_apps_demo_is_seeded_in_installed_apps_order():
    """No list of apps in core: seed_demo finds each app's demo.seed, and INSTALLED_APPS
    lists an app after those its demo data builds on."""
    installed = [config.name for config in apps.get_app_configs()]

    modules = [seed.__module__ for seed in demo_seeders()]

    assert modules == sorted(modules, key=lambda module: installed.index(module.split(".")[0]))
    assert [module for module in modules if module in DEPENDENCY_ORDER] == DEPENDENCY_ORDER
