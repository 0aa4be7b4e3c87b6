"""A pool member's qualification, derived in one place from the facts that make it:
eligibility (the pool's rule and the person's job role), the core course attended, reviews
completed, and the specialist course attended. Each step needs the one before; the answer
says why the person is not at the next step."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .enums import JobRole, Qualification


@dataclass(frozen=True)
class Facts:
    # Whether the coordinator has accepted the person into the pool.
    accepted: bool
    job_role: str
    # The job roles the pool accepts; empty means every role.
    qualifying_roles: frozenset[str]
    core_attended: bool
    reviews_completed: int
    specialist_attended: bool


@dataclass(frozen=True)
class Standing:
    qualification: Qualification
    # Why the person is not at the next step (empty for a mentor).
    next_step: str

    @property
    def label(self) -> str:
        return self.qualification.label


def is_eligible(facts: Facts) -> tuple[bool, str]:
    """Whether the person's job role qualifies for the pool, and if not, why."""
    if not facts.qualifying_roles or facts.job_role in facts.qualifying_roles:
        return True, ""
    roles = sorted(str(JobRole(role).label) for role in facts.qualifying_roles)
    return False, _("Not eligible: the pool is for %(roles)s; this person is %(role)s.") % {
        "roles": _(" or ").join(roles),
        "role": str(JobRole(facts.job_role).label).lower()
        if facts.job_role in JobRole.values
        else facts.job_role,
    }


def standing(facts: Facts) -> Standing:
    eligible, why_not = is_eligible(facts)
    if not eligible:
        return Standing(Qualification.APPLICANT, why_not)
    if not facts.accepted:
        return Standing(
            Qualification.APPLICANT, _("Waiting for a coordinator to accept them into the pool.")
        )
    if not facts.core_attended:
        return Standing(
            Qualification.ELIGIBLE, _("Needs to attend the core reviewer training to be trained.")
        )
    if facts.reviews_completed < 1:
        return Standing(
            Qualification.TRAINED,
            _("Needs to complete a peer review to be fully qualified."),
        )
    if not facts.specialist_attended:
        return Standing(
            Qualification.FULLY_QUALIFIED,
            _("Needs the specialist training to mentor or coach other services."),
        )
    return Standing(Qualification.MENTOR, "")
