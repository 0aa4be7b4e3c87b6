"""Who may see an application or a board meeting is written once
(`applications.visibility`) and read two ways: the selectors' querysets and the `rules`
permissions. On every row, for every kind of person, the two give the same answer."""

import datetime

import pytest

from accounts.roles import forget_roles
from applications import selectors
from applications.enums import ApplicationState
from applications.models import Application, BoardMeeting
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two programmes, each with applications in every state from two services and a meeting;
    and one person of each kind."""
    programmes = [factories.ProgrammeFactory(), factories.ProgrammeFactory()]
    services = [factories.OrganisationFactory(), factories.OrganisationFactory()]
    for programme in programmes:
        review_type = factories.ReviewTypeFactory(programme=programme, team=False)
        for organisation in services:
            for state in ApplicationState:
                factories.ApplicationFactory(
                    review_type=review_type, organisation=organisation, state=state
                )
        BoardMeeting.objects.create(programme=programme, held_on=datetime.date(2027, 3, 1))
    people = {
        "superuser": factories.superuser(),
        "inactive superuser": factories.superuser(is_active=False),
        "coordinator": factories.coordinator(programme=programmes[0]),
        "board member": factories.board_member(programme=programmes[1]),
        "service lead": factories.service_lead(organisation=services[0]),
        "reviewer": factories.reviewer(programme=programmes[0]),
        "nobody": factories.UserFactory(),
    }
    # A person who is both: the service's lead and the other programme's board member.
    both = factories.service_lead(organisation=services[1])
    factories.board_member(programme=programmes[0], user=both)
    people["lead and board member"] = both
    return people


def _agree(user, rows, selected, permission: str) -> set[int]:
    forget_roles(user)
    permitted = {row.pk for row in rows if user.has_perm(permission, row)}
    assert permitted == {row.pk for row in selected}
    return permitted


@pytest.mark.parametrize(
    "who",
    [
        "superuser",
        "inactive superuser",
        "coordinator",
        "board member",
        "service lead",
        "reviewer",
        "nobody",
        "lead and board member",
    ],
)
def test_selectors_and_permissions_give_the_same_answer_on_every_row(world, who):
    user = world[who]

    seen = _agree(
        user,
        Application.objects.all(),
        selectors.applications_for_user(user=user),
        "applications.view_application",
    )
    _agree(
        user,
        BoardMeeting.objects.all(),
        selectors.meetings_for_user(user=user),
        "applications.view_boardmeeting",
    )

    expected = {
        "superuser": Application.objects.count(),
        "inactive superuser": 0,
        # Every state but draft, from both services, in the one programme.
        "coordinator": 2 * (len(ApplicationState) - 1),
        "board member": 2 * (len(ApplicationState) - 1),
        # Every state, both programmes, for the one service.
        "service lead": 2 * len(ApplicationState),
        "reviewer": 0,
        "nobody": 0,
        # Their service's in every state, and the other service's submitted ones in the
        # programme whose board they sit on.
        "lead and board member": 2 * len(ApplicationState) + len(ApplicationState) - 1,
    }[who]
    assert len(seen) == expected
