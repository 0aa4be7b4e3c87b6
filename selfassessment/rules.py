"""Who may do what with self-assessments (scope.py says who sees which). Completing and
answering are for the authority's service leads; scrutinising for the service leads of its
triad partners (once submitted, the triads confirmed); setting rounds and triads for the
programme's coordinators."""

import rules
from django.utils import timezone

from accounts.rules import coordinates

from .models import SelfAssessment
from .scope import assessment_scope


def _partner_of(user, assessment: SelfAssessment) -> bool:
    scope = assessment_scope(user)
    if not scope.leads or scope.leads_it(assessment):
        return False
    return SelfAssessment.objects.filter(scope.partner(), pk=assessment.pk).exists()


@rules.predicate
def can_view_assessment(user, assessment) -> bool:
    if assessment is None:
        return False
    return SelfAssessment.objects.filter(
        assessment_scope(user).readable(), pk=assessment.pk
    ).exists()


@rules.predicate
def can_complete_assessment(user, assessment) -> bool:
    """The authority's service leads, from the round's opening date while it is a draft
    (technical staff too)."""
    if assessment is None or assessment.is_submitted:
        return False
    if assessment.round.opens_on > timezone.localdate():
        return False
    scope = assessment_scope(user)
    return scope.everything or scope.leads_it(assessment)


@rules.predicate
def can_scrutinise_assessment(user, assessment) -> bool:
    return assessment is not None and _partner_of(user, assessment)


@rules.predicate
def can_answer_assessment(user, assessment) -> bool:
    """The scrutinised authority's service leads."""
    if assessment is None:
        return False
    return assessment_scope(user).leads_it(assessment)


@rules.predicate
def can_manage_round(user, round) -> bool:
    return round is not None and coordinates(user, round.programme_id)


rules.add_perm("selfassessment.view_assessment", can_view_assessment)
rules.add_perm("selfassessment.complete_assessment", can_complete_assessment)
rules.add_perm("selfassessment.scrutinise_assessment", can_scrutinise_assessment)
rules.add_perm("selfassessment.answer_assessment", can_answer_assessment)
rules.add_perm("selfassessment.manage_round", can_manage_round)
