"""Access cases for improvement plans (/plans/, /dashboards/): merged into the main MATRIX.

A peer-review plan of the service (base.organisation) from the programme (base.programme): the
service's lead and improvement board see and update it; the programme's coordinators and
board members read it (the pages that change it are 403 to them); anyone else gets 404, which
does not say it exists. The list of plans answers everyone signed in (possibly empty).

Signing off an action (or sending it back) is not the service's: the service's improvement
board and the programme's coordinators do it; its lead and the programme's board members, who
see the plan, get 403. The list of actions awaiting sign-off is theirs (and superusers')."""

from types import SimpleNamespace

from .matrix import LOGIN, SIGNED_IN, VISIBLE_TO, Case, answers

READERS = VISIBLE_TO(
    service_lead=200, improvement_board=200, coordinator=200, board_member=200, superuser=200
)
UPDATERS = VISIBLE_TO(
    service_lead=200, improvement_board=200, coordinator=403, board_member=403, superuser=200
)

# The mapping step reads the uploaded rows from the person's session by a token: the matrix
# visits it with a token that is not in the session, so those who may change the plan get 404
# (nothing to map), the plan's readers 403 (checked before the token), everyone else 404.
SIGNERS = VISIBLE_TO(
    service_lead=403, improvement_board=200, coordinator=200, board_member=403, superuser=200
)

IMPORT_MAP = VISIBLE_TO(
    service_lead=404, improvement_board=404, coordinator=403, board_member=403, superuser=404
)
UNKNOWN_TOKEN = "00000000-0000-4000-8000-000000000000"

# Undoing an import (part C, issue 14) is whoever made it (the service's lead here): the others
# who may change the plan get 403, as do its readers.
IMPORT_UNDO = VISIBLE_TO(
    service_lead=200, improvement_board=403, coordinator=403, board_member=403, superuser=403
)

CASES: dict[str, Case] = {
    "improvement:plans": Case(SIGNED_IN),
    "improvement:plan": Case(READERS, args=lambda w: [w.plan.pk]),
    "improvement:export_csv": Case(READERS, args=lambda w: [w.plan.pk]),
    "improvement:export_xlsx": Case(READERS, args=lambda w: [w.plan.pk]),
    "improvement:action": Case(READERS, args=lambda w: [w.plan.pk, w.plan_action.pk]),
    "improvement:action_edit": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_action.pk]),
    "improvement:action_sign_off": Case(SIGNERS, args=lambda w: [w.plan.pk, w.awaiting_action.pk]),
    "improvement:action_send_back": Case(SIGNERS, args=lambda w: [w.plan.pk, w.awaiting_action.pk]),
    "improvement:awaiting_sign_off": Case(
        answers(403, anonymous=LOGIN, improvement_board=200, coordinator=200, superuser=200)
    ),
    "improvement:recommendation_update": Case(
        UPDATERS, args=lambda w: [w.plan.pk, w.plan_action.recommendation_id]
    ),
    "improvement:import": Case(UPDATERS, args=lambda w: [w.plan.pk]),
    "improvement:import_map": Case(IMPORT_MAP, args=lambda w: [w.plan.pk, UNKNOWN_TOKEN]),
    "improvement:import_undo": Case(IMPORT_UNDO, args=lambda w: [w.plan.pk, w.plan_import.pk]),
}


def world(base: SimpleNamespace) -> dict:
    """Objects these cases need, from the base world (users by role, programme,
    other_programme, organisation): a peer-review plan of the organisation from the programme,
    with a recommendation and an action, and an action the service has marked complete."""
    from improvement.enums import ActionStatus, PlanSource
    from tests import factories

    plan = factories.ImprovementPlanFactory(
        organisation=base.organisation,
        source=PlanSource.PEER_REVIEW,
        programme=base.programme,
        inspectorate="",
    )
    action = factories.ActionFactory(recommendation__plan=plan)
    awaiting = factories.ActionFactory(
        recommendation=action.recommendation, status=ActionStatus.AWAITING_SIGN_OFF
    )
    from improvement.models import ImportBatch

    plan_import = ImportBatch.objects.create(
        plan=plan, filename="tracker.csv", by=base.users["service_lead"]
    )
    return {
        "plan": plan,
        "plan_action": action,
        "awaiting_action": awaiting,
        "plan_import": plan_import,
    }
