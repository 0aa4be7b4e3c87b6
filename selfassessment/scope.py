"""Who sees which self-assessments, written once: the filter the selectors use and the answer
the rules give. A self-assessment is seen by its authority (service leads and improvement
board members), by the service leads of its triad partners for that round once the triads are
confirmed and it is submitted, by its programme's coordinators, and by technical staff
(superusers); by nobody else."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from accounts.enums import Role
from accounts.roles import roles_for
from accounts.rules import coordinated_programme_ids

from .enums import Status
from .models import TriadMember


@dataclass(frozen=True)
class AssessmentScope:
    everything: bool
    programmes: frozenset[int]
    own: frozenset[int]  # organisations whose self-assessments are the user's own
    leads: frozenset[int]  # organisations the user leads (scrutinises for, answers for)

    def readable(self) -> Q:
        if self.everything:
            return Q()
        return (
            Q(round__programme_id__in=self.programmes)
            | Q(organisation_id__in=self.own)
            | self.partner()
        )

    def partner(self) -> Q:
        """Submitted self-assessments of a confirmed triad that one of the user's led
        organisations is in (the user's own excluded)."""
        if not self.leads:
            return Q(pk__in=[])
        in_triad = TriadMember.objects.filter(
            round=OuterRef("round"),
            organisation=OuterRef("organisation"),
            triad__members__organisation_id__in=self.leads,
        )
        return (
            Q(status=Status.SUBMITTED, round__triads_confirmed_at__isnull=False)
            & Exists(in_triad)
            & ~Q(organisation_id__in=self.leads)
        )

    def coordinates(self, programme_id: int) -> bool:
        return self.everything or programme_id in self.programmes

    def is_own(self, assessment) -> bool:
        return assessment.organisation_id in self.own

    def leads_it(self, assessment) -> bool:
        return assessment.organisation_id in self.leads


def assessment_scope(user) -> AssessmentScope:
    roles = roles_for(user)
    coordinated = coordinated_programme_ids(user)
    return AssessmentScope(
        everything=coordinated is None,
        programmes=frozenset(coordinated or ()),
        own=frozenset(roles.organisation_ids(Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD)),
        leads=frozenset(roles.organisation_ids(Role.SERVICE_LEAD)),
    )
