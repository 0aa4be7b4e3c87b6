import pytest
from django.core.management import CommandError, call_command

from accounts.enums import Role
from accounts.models import Membership, Organisation, Programme, Region, User

pytestmark = pytest.mark.django_db


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
    assert "coordinator@example.org" in output
    assert "Password for all of them: demo-pass-for-tests" in output


def test_seed_demo_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False

    with pytest.raises(CommandError, match="not allowed"):
        call_command("seed_demo")
    assert not User.objects.exists()
