"""Who may see and do what with applications and board meetings.

A service sees its own applications in every state; the programme's coordinators and board
see them once submitted (a draft is the service's own work in progress)."""

import rules

from accounts.enums import Role
from accounts.roles import roles_for
from accounts.rules import (
    coordinates_its_programme,
    is_board_member,
    is_coordinator,
    is_service_lead,
    is_superuser,
)

from .enums import EDITABLE_STATES, ApplicationState


@rules.predicate
def applies_for(user, application) -> bool:
    """A service lead of the applying organisation."""
    return application is not None and application.organisation_id in roles_for(
        user
    ).organisation_ids(Role.SERVICE_LEAD)


@rules.predicate
def oversees(user, application) -> bool:
    """The programme's coordinators and board members, once the application is submitted."""
    if application is None or application.state == ApplicationState.DRAFT:
        return False
    return application.programme_id in roles_for(user).programme_ids(
        Role.COORDINATOR, Role.BOARD_MEMBER
    )


@rules.predicate
def is_editable(user, application) -> bool:
    return application is not None and application.state in EDITABLE_STATES


@rules.predicate
def is_submitted(user, application) -> bool:
    return application is not None and application.state == ApplicationState.SUBMITTED


@rules.predicate
def can_view_meeting(user, meeting) -> bool:
    if is_superuser(user):
        return True
    programmes = roles_for(user).programme_ids(Role.COORDINATOR, Role.BOARD_MEMBER)
    return bool(programmes) if meeting is None else meeting.programme_id in programmes


can_view_application = is_superuser | applies_for | oversees
can_edit_application = applies_for & is_editable

rules.add_perm("applications.apply", is_service_lead)
rules.add_perm(
    "applications.view_application_list",
    is_superuser | is_service_lead | is_coordinator | is_board_member,
)
rules.add_perm("applications.withdraw_application", applies_for)
rules.add_perm(
    "applications.request_information", is_submitted & (is_superuser | coordinates_its_programme)
)
rules.add_perm("applications.view_board", is_superuser | is_coordinator | is_board_member)
rules.add_perm("applications.add_boardmeeting", is_superuser | is_coordinator)
# Recording decisions: the programme's board members, and its coordinators (who often take
# the minutes). A declared or evident conflict of interest is checked on each item.
rules.add_perm("applications.decide", can_view_meeting)
