"""Access cases for improvement plans (/plans/, /dashboards/): merged into the main MATRIX.

A peer-review plan of the service (base.organisation) from the programme (base.programme): the
service's lead and improvement board see and update it; the programme's coordinators and
board members read it (the pages that change it are 403 to them); anyone else gets 404, which
does not say it exists. The list of plans answers everyone signed in (possibly empty).

Signing off an action (or sending it back) is not the service's: the service's improvement
board and the programme's coordinators do it; its lead and the programme's board members, who
see the plan, get 403. The list of actions awaiting sign-off is theirs (and superusers')."""

import datetime
from types import SimpleNamespace

from .matrix import LOGIN, REDIRECT, SIGNED_IN, VISIBLE_TO, Case, answers

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

# Part A: starting a plan and managing its details. A service's lead starts plans for their
# service (one service: straight to the second page), a coordinator for the member services of
# their programme (several in this world), superusers for any; everyone else gets 403. With no
# answers in the session, the check-answers page leads back to the start. A plan's details are
# managed by its service's lead and the coordinator of the programme overseeing it (MANAGE_PLAN):
# its other readers get 403, everyone else 404.
STARTERS = answers(403, anonymous=LOGIN, service_lead=200, coordinator=200, superuser=200)
MANAGERS = VISIBLE_TO(
    service_lead=200, improvement_board=403, coordinator=200, board_member=403, superuser=200
)
PLAN_DETAILS_CASES: dict[str, Case] = {
    "improvement:plan_new": Case(
        answers(
            403,
            anonymous=LOGIN,
            service_lead=REDIRECT("/plans/new/source/"),
            coordinator=REDIRECT("/plans/new/service/"),
            superuser=REDIRECT("/plans/new/service/"),
        )
    ),
    "improvement:plan_new_step": Case(STARTERS, args=lambda w: ["service"]),
    "improvement:plan_new_check": Case(
        answers(
            403,
            anonymous=LOGIN,
            service_lead=REDIRECT("/plans/new/"),
            coordinator=REDIRECT("/plans/new/"),
            superuser=REDIRECT("/plans/new/"),
        )
    ),
    "improvement:plan_details_edit": Case(MANAGERS, args=lambda w: [w.plan.pk, "title"]),
    "improvement:plan_close": Case(MANAGERS, args=lambda w: [w.plan.pk]),
    "improvement:plan_archive": Case(MANAGERS, args=lambda w: [w.plan.pk]),
    "improvement:plan_reopen": Case(MANAGERS, args=lambda w: [w.closed_plan.pk]),
}
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
    **PLAN_DETAILS_CASES,
}

# Part B: correcting a plan (its updaters; readers 403) and its changes (every reader).
CASES |= {
    "improvement:item_add": Case(UPDATERS, args=lambda w: [w.plan.pk]),
    "improvement:item_edit": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_item.pk]),
    "improvement:item_delete": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_item.pk]),
    "improvement:outcome_add": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_item.pk]),
    "improvement:outcome_edit": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_outcome.pk]),
    "improvement:outcome_delete": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_outcome.pk]),
    "improvement:action_add": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_item.pk]),
    "improvement:action_delete": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_action.pk]),
    "improvement:update_edit": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_update.pk]),
    "improvement:update_delete": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_update.pk]),
    "improvement:measure_add": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_item.pk]),
    "improvement:measure_edit": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_measure.pk]),
    "improvement:measure_delete": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_measure.pk]),
    "improvement:measure_value_add": Case(UPDATERS, args=lambda w: [w.plan.pk, w.plan_measure.pk]),
    "improvement:measure_value_edit": Case(
        UPDATERS, args=lambda w: [w.plan.pk, w.plan_measure_value.pk]
    ),
    "improvement:measure_value_delete": Case(
        UPDATERS, args=lambda w: [w.plan.pk, w.plan_measure_value.pk]
    ),
    "improvement:changes": Case(READERS, args=lambda w: [w.plan.pk]),
    "improvement:import_undo": Case(IMPORT_UNDO, args=lambda w: [w.plan.pk, w.plan_import.pk]),
}


def world(base: SimpleNamespace) -> dict:
    """Objects these cases need, from the base world (users by role, programme,
    other_programme, organisation): a peer-review plan of the organisation from the programme,
    with a recommendation and an action, and an action the service has marked complete; and a
    closed plan of theirs (to reopen)."""
    from improvement.enums import ActionStatus, PlanSource, PlanState
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
    closed_plan = factories.ImprovementPlanFactory(
        organisation=base.organisation,
        source=PlanSource.PEER_REVIEW,
        programme=base.programme,
        inspectorate="",
        state=PlanState.CLOSED,
        closed_on=datetime.date(2026, 1, 5),
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
        "closed_plan": closed_plan,
        **_correcting_world(plan, action),
    }


def _correcting_world(plan, action) -> dict:
    """Part B's: the plan's item with an outcome, a progress update on its action, and a
    measure with a value."""
    import datetime

    from improvement.enums import Rag
    from improvement.models import DesiredOutcome, Measure, MeasureValue, ProgressUpdate
    from tests import factories

    item = action.recommendation
    measure = Measure.objects.create(recommendation=item, name="Cases audited", unit="%")
    return {
        "plan_item": item,
        "plan_outcome": DesiredOutcome.objects.create(recommendation=item, text="Fewer."),
        "plan_update": ProgressUpdate.objects.create(
            action=action,
            rag=Rag.AMBER,
            narrative="Drafted.",
            recorded_on=datetime.date(2026, 1, 5),
            author=factories.UserFactory(),
        ),
        "plan_measure": measure,
        "plan_measure_value": MeasureValue.objects.create(
            measure=measure, recorded_on=datetime.date(2026, 1, 5), value=40
        ),
    }
