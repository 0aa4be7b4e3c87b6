"""Access cases for the RAG dashboards (/dashboards/): merged into the main MATRIX.

A plan's dashboard answers those who may read the plan (its service's lead and improvement
board; the programme's coordinators and board members for a peer-review plan; superusers)
and 404 to anyone else. The programme dashboard is for programme boards: coordinators and
board members of a programme, and superusers; 403 to other signed-in people. A service's
dashboard is for its leads and improvement board members, and superusers; 403 to others."""

from types import SimpleNamespace

from .matrix import BOARD, LOGIN, VISIBLE_TO, Case, answers

PLAN_READERS = VISIBLE_TO(
    service_lead=200, improvement_board=200, coordinator=200, board_member=200, superuser=200
)

CASES: dict[str, Case] = {
    "dashboards:plan": Case(PLAN_READERS, args=lambda w: [w.dashboard_plan.pk]),
    "dashboards:rag": Case(BOARD),
    # The board pack page: the same readers as the dashboard.
    "dashboards:board_pack": Case(PLAN_READERS, args=lambda w: [w.dashboard_plan.pk]),
    # A service's dashboard across its plans: for its leads and improvement board (and
    # superusers); 403 for everyone else signed in, programme boards included.
    "dashboards:service": Case(
        answers(403, anonymous=LOGIN, service_lead=200, improvement_board=200, superuser=200)
    ),
}


def world(base: SimpleNamespace) -> dict:
    """Objects these cases need, from the base world (users by role, programme,
    other_programme, organisation): a peer-review plan of the organisation in the programme,
    with an action and a progress update."""
    from improvement import services
    from improvement.enums import PlanSource, Rag
    from tests import factories

    plan = factories.ImprovementPlanFactory(
        organisation=base.organisation,
        source=PlanSource.PEER_REVIEW,
        programme=base.programme,
        inspectorate="",
    )
    action = factories.ActionFactory(recommendation__plan=plan)
    services.progress_update_add(
        item=action,
        seen_version=action.version,
        rag=Rag.AMBER,
        narrative="Data set drafted.",
        recorded_on=plan.created_at.date(),
        by=base.users["service_lead"],
    )
    return {"dashboard_plan": plan}
