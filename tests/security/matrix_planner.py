"""Access cases for the cycle planner (/challenges/cycles/<pk>/plan/ and the programme's
list of cycles to plan, a set-up section): merged into the main MATRIX.

Every page is for the programme's coordinators and technical staff: other signed-in people get
403 before anything is looked up; another programme's cycle, or a plan under a cycle it is not
of, is 404 to a coordinator, and a POST to it is refused the same way, making nothing.
Accepting and discarding ask first, so those URLs are checked with a GET that changes nothing;
an accepted plan's accept page goes back to the plan."""

from types import SimpleNamespace

from tests import factories

from .matrix import COORDINATORS, LOGIN, NOT_HERE, NOT_THEIRS, Case, answers
from .matrix_reviewers import RedirectMatching

BACK_TO_PLAN = RedirectMatching(r"/challenges/cycles/\d+/plan/")

CASES: dict[str, Case] = {
    "challenges:plans": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
    "challenges:plan": Case(COORDINATORS, args=lambda w: [w.planned_cycle.pk]),
    "challenges:plan_accept": Case(
        COORDINATORS, args=lambda w: [w.planned_cycle.pk, w.proposed_plan.pk]
    ),
    "challenges:plan_discard": Case(
        COORDINATORS, args=lambda w: [w.planned_cycle.pk, w.proposed_plan.pk]
    ),
    # An accepted plan is not accepted again, nor discarded: back to the plan.
    "challenges:plan_accept#accepted": Case(
        answers(403, anonymous=LOGIN, coordinator=BACK_TO_PLAN, superuser=BACK_TO_PLAN),
        args=lambda w: [w.accepted_cycle.pk, w.accepted_plan.pk],
    ),
    "challenges:plan_discard#accepted": Case(
        answers(403, anonymous=LOGIN, coordinator=BACK_TO_PLAN, superuser=BACK_TO_PLAN),
        args=lambda w: [w.accepted_cycle.pk, w.accepted_plan.pk],
    ),
}

# NOT_HERE: a plan asked for under a cycle it is not of is not there, for anyone.

OTHER_PROGRAMME_CASES: dict[str, Case] = {
    "challenges:plans#other": Case(NOT_THEIRS, args=lambda w: [w.other_programme.pk]),
    "challenges:plan#other": Case(NOT_THEIRS, args=lambda w: [w.other_planned_cycle.pk]),
    "challenges:plan_accept#other": Case(
        NOT_THEIRS, args=lambda w: [w.other_planned_cycle.pk, w.other_plan.pk]
    ),
    "challenges:plan_discard#other": Case(
        NOT_THEIRS, args=lambda w: [w.other_planned_cycle.pk, w.other_plan.pk]
    ),
    # Sent as a form: refused before anything is made (an empty proposal is an error on the
    # page for those who may send it).
    "challenges:plan#other-post": Case(
        NOT_THEIRS, args=lambda w: [w.other_planned_cycle.pk], method="post"
    ),
    "challenges:plan_accept#other-post": Case(
        answers(
            403,
            anonymous=LOGIN,
            coordinator=404,
            superuser=BACK_TO_PLAN,
        ),
        args=lambda w: [w.other_planned_cycle.pk, w.other_plan.pk],
        method="post",
    ),
    # The coordinator's own cycle with another programme's plan.
    "challenges:plan_accept#elsewhere": Case(
        NOT_HERE, args=lambda w: [w.planned_cycle.pk, w.other_plan.pk]
    ),
    "challenges:plan_discard#elsewhere": Case(
        NOT_HERE, args=lambda w: [w.planned_cycle.pk, w.other_plan.pk]
    ),
}


def _programme_with_plan(programme, *, by, accept: bool = False):
    """A cycle of `programme` with three member organisations and a plan proposed for it
    (accepted, when asked)."""
    from accounts.models import MemberOrganisation
    from challenges.planner_services import plan_accept, plan_propose

    for _ in range(3):
        MemberOrganisation.objects.create(
            programme=programme, organisation=factories.OrganisationFactory()
        )
    cycle = factories.CycleFactory(programme=programme)
    plan = plan_propose(
        cycle=cycle,
        review_type=factories.ReviewTypeFactory(programme=programme, days_on_site=3),
        triads=True,
        by=by,
    )
    if accept:
        plan = plan_accept(plan=plan, by=by)
    return cycle, plan


def world(base: SimpleNamespace) -> dict:
    """A cycle of the programme with a proposed plan, another with an accepted one, and a
    cycle of the other programme with a proposed plan."""
    by = base.users["coordinator"]
    planned_cycle, proposed_plan = _programme_with_plan(base.programme, by=by)
    accepted_cycle, accepted_plan = _programme_with_plan(base.programme, by=by, accept=True)
    other_planned_cycle, other_plan = _programme_with_plan(
        base.other_programme, by=factories.superuser()
    )
    return {
        "planned_cycle": planned_cycle,
        "proposed_plan": proposed_plan,
        "accepted_cycle": accepted_cycle,
        "accepted_plan": accepted_plan,
        "other_planned_cycle": other_planned_cycle,
        "other_plan": other_plan,
    }
