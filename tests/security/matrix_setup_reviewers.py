"""Access cases for setting up a programme's reviewer pool: its eligibility rules
(`/programmes/<pk>/eligibility/`) and its courses (added and changed on the training pages,
`/training/`). Merged into the main MATRIX.

Every page is for the programme's coordinators and superusers: 403 for other signed-in
people, before anything is looked up; another programme, or its rule or course, is 404 to a
coordinator (OTHER_PROGRAMME_CASES), so they cannot tell it exists. Removing has a GET
confirmation page, checked here with a GET that changes nothing; the POSTs of every write URL
by another programme's coordinator are in tests/reviewers/test_setup_pages.py."""

from types import SimpleNamespace

from .matrix import COORDINATORS, LOGIN, Case, answers

CASES: dict[str, Case] = {
    "eligibility:rules": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
    "eligibility:rule_new": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
    "eligibility:rule_edit": Case(COORDINATORS, args=lambda w: [w.programme.pk, w.setup_rule.pk]),
    "eligibility:rule_remove": Case(COORDINATORS, args=lambda w: [w.programme.pk, w.setup_rule.pk]),
    "training:programme_courses": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
    "training:course_new": Case(COORDINATORS),
    "training:course_edit": Case(COORDINATORS, args=lambda w: [w.setup_course.pk]),
    "training:course_remove": Case(COORDINATORS, args=lambda w: [w.setup_course.pk]),
}

# The same pages for another programme and its rule and course.
NOT_THEIRS = answers(403, anonymous=LOGIN, coordinator=404, superuser=200)
MISMATCHED = answers(403, anonymous=LOGIN, coordinator=404, superuser=404)
OTHER_PROGRAMME_CASES: dict[str, Case] = {
    "eligibility:rules#other": Case(NOT_THEIRS, args=lambda w: [w.other_programme.pk]),
    "eligibility:rule_new#other": Case(NOT_THEIRS, args=lambda w: [w.other_programme.pk]),
    "eligibility:rule_edit#other": Case(
        NOT_THEIRS, args=lambda w: [w.other_programme.pk, w.other_setup_rule.pk]
    ),
    "eligibility:rule_remove#other": Case(
        NOT_THEIRS, args=lambda w: [w.other_programme.pk, w.other_setup_rule.pk]
    ),
    # Another programme's rule under the coordinator's own programme: found by nobody.
    **{
        f"eligibility:{name}#mismatched": Case(
            MISMATCHED, args=lambda w: [w.programme.pk, w.other_setup_rule.pk]
        )
        for name in ("rule_edit", "rule_remove")
    },
    "training:programme_courses#other": Case(NOT_THEIRS, args=lambda w: [w.other_programme.pk]),
    "training:course_edit#other": Case(NOT_THEIRS, args=lambda w: [w.other_setup_course.pk]),
    "training:course_remove#other": Case(NOT_THEIRS, args=lambda w: [w.other_setup_course.pk]),
}


def world(base: SimpleNamespace) -> dict:
    """Objects these cases need, from the base world (users by role, programme,
    other_programme): an eligibility rule and a course (with no sessions, so that it could be
    removed) in each programme."""
    from reviewers.enums import JobRole
    from reviewers.models import EligibilityRule
    from tests import factories

    def rule(programme):
        return EligibilityRule.objects.create(programme=programme, job_role=JobRole.SEND_LEAD)

    return {
        "setup_rule": rule(base.programme),
        "other_setup_rule": rule(base.other_programme),
        "setup_course": factories.CourseFactory(programme=base.programme),
        "other_setup_course": factories.CourseFactory(programme=base.other_programme),
    }
