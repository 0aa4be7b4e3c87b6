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
from .visibility import application_scope, board_scope


@rules.predicate
def applies_for(user, application) -> bool:
    """A service lead of the applying organisation."""
    return application is not None and application.organisation_id in roles_for(
        user
    ).organisation_ids(Role.SERVICE_LEAD)


@rules.predicate
def is_editable(user, application) -> bool:
    return application is not None and application.state in EDITABLE_STATES


@rules.predicate
def is_submitted(user, application) -> bool:
    return application is not None and application.state == ApplicationState.SUBMITTED


@rules.predicate
def can_view_application(user, application) -> bool:
    """The applications_for_user selector's answer for one application (one scope for both)."""
    scope = application_scope(user)
    return scope.everything if application is None else scope.allows(application)


@rules.predicate
def can_view_meeting(user, meeting) -> bool:
    """The meetings_for_user selector's answer for one meeting; without a meeting, whether
    the user sits on or coordinates any board."""
    scope = board_scope(user)
    if meeting is None:
        return scope.everything or bool(scope.programme_ids)
    return scope.allows(meeting)


@rules.predicate
def sits_on_its_board(user, obj) -> bool:
    """A member of the board of the programme the object belongs to."""
    return obj is not None and obj.programme_id in roles_for(user).programme_ids(Role.BOARD_MEMBER)


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
# Deciding between meetings is for the board's own members (the terms of reference say which
# of them may use which route); the page explains when none is open to them.
rules.add_perm(
    "applications.decide_between_meetings", can_view_meeting & (is_superuser | sits_on_its_board)
)
