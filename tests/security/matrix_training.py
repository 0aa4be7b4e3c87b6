"""Access cases for training (/training/): merged into the main MATRIX.

Every training page is for coordinators and superusers (403 for other signed-in people, before
anything is looked up); a course or session of a programme the coordinator does not
coordinate is 404 to them (OTHER_PROGRAMME_CASES). POST-only actions have a GET confirmation
page, so each URL is checked with a GET that changes nothing."""

from types import SimpleNamespace

from .matrix import COORDINATORS, LOGIN, SUPERUSERS, Case, answers, model_admin_cases

CASES: dict[str, Case] = {
    "training:courses": Case(COORDINATORS),
    "training:course": Case(COORDINATORS, args=lambda w: [w.course.pk]),
    "training:session_new": Case(COORDINATORS, args=lambda w: [w.course.pk]),
    "training:session": Case(COORDINATORS, args=lambda w: [w.training_session.pk]),
    "training:session_edit": Case(COORDINATORS, args=lambda w: [w.training_session.pk]),
    "training:invite": Case(COORDINATORS, args=lambda w: [w.training_session.pk]),
    "training:book": Case(COORDINATORS, args=lambda w: [w.training_session.pk]),
    "training:attendance": Case(COORDINATORS, args=lambda w: [w.training_session.pk]),
    "training:cancel": Case(
        COORDINATORS, args=lambda w: [w.training_session.pk, w.training_booking.pk]
    ),
    # Courses and eligibility rules in the admin: technical staff only.
    **model_admin_cases("course", app="reviewers", obj=lambda w: w.course.pk),
    **model_admin_cases("eligibilityrule", app="reviewers", obj=lambda w: w.eligibility_rule.pk),
    "admin:reviewers_course_simple_history": Case(
        SUPERUSERS, args=lambda w: [w.course.pk, w.course.history.first().pk]
    ),
    "admin:reviewers_eligibilityrule_simple_history": Case(
        SUPERUSERS,
        args=lambda w: [w.eligibility_rule.pk, w.eligibility_rule.history.first().pk],
    ),
}

# The same pages for another programme's course and session: not found for this programme's
# coordinator. (Keys "name#what", as in test_access_matrix's OTHER_PROGRAMME_MATRIX, which
# they belong in; tests/reviewers/test_training.py runs them meanwhile.)
NOT_THEIRS = answers(403, anonymous=LOGIN, coordinator=404, superuser=200)
OTHER_PROGRAMME_CASES: dict[str, Case] = {
    "training:course#other": Case(NOT_THEIRS, args=lambda w: [w.other_course.pk]),
    "training:session_new#other": Case(NOT_THEIRS, args=lambda w: [w.other_course.pk]),
    **{
        f"training:{name}#other": Case(NOT_THEIRS, args=lambda w: [w.other_session.pk])
        for name in ("session", "session_edit", "invite", "book", "attendance")
    },
    "training:cancel#other": Case(
        NOT_THEIRS, args=lambda w: [w.other_session.pk, w.other_booking.pk]
    ),
    # The admin is closed to coordinators.
    "admin:reviewers_course_delete#other": Case(SUPERUSERS, args=lambda w: [w.other_course.pk]),
}


def world(base: SimpleNamespace) -> dict:
    """Objects these cases need, from the base world (users by role, programme,
    other_programme, organisation): a course of the programme with a session, on which a
    pool member is booked; the same in the other programme; an eligibility rule."""
    from reviewers.enums import BookingStatus, JobRole
    from reviewers.models import Booking, EligibilityRule
    from tests import factories

    def training(programme):
        session = factories.TrainingSessionFactory(course__programme=programme)
        member = factories.PoolMembershipFactory(programme=programme)
        booking = Booking.objects.create(
            session=session, reviewer=member.reviewer, status=BookingStatus.BOOKED
        )
        return session, booking

    session, booking = training(base.programme)
    other_session, other_booking = training(base.other_programme)
    return {
        "course": session.course,
        "training_session": session,
        "training_booking": booking,
        "other_course": other_session.course,
        "other_session": other_session,
        "other_booking": other_booking,
        "eligibility_rule": EligibilityRule.objects.create(
            programme=base.programme, job_role=JobRole.HEAD_OF_SERVICE
        ),
    }
