"""A pool member's qualification, derived in one place from the facts that make it:
eligibility (the pool's rule and the person's job role), the core course attended, reviews
completed, and the specialist course attended. Each step needs the one before; the answer
says why the person is not at the next step.

Whether a person may fill a place on a team (`meets_requirement`) is derived here too, from
their qualification and job role: the matcher and the team form both ask it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from offers.enums import TeamRequirement

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


def _role_label(job_role: str) -> str:
    return str(JobRole(job_role).label) if job_role in JobRole.values else job_role


def role_labels(roles: frozenset[str]) -> list[str]:
    """The names of these job roles, in the order the list of job roles gives them."""
    return [str(JobRole(role).label) for role in JobRole.values if role in roles]


def in_sentence(label: object) -> str:
    """A label as it reads inside a sentence: its first letter in lower case, unless it starts
    an acronym ("SEND lead")."""
    text = str(label)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def is_eligible(facts: Facts) -> tuple[bool, str]:
    """Whether the person's job role qualifies for the pool, and if not, why."""
    if not facts.qualifying_roles or facts.job_role in facts.qualifying_roles:
        return True, ""
    roles = sorted(str(JobRole(role).label) for role in facts.qualifying_roles)
    return False, _("Not eligible: the pool is for %(roles)s; this person is %(role)s.") % {
        "roles": _(" or ").join(roles),
        "role": in_sentence(_role_label(facts.job_role)),
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


# Qualifications from the least to the most: each includes those before it.
LADDER = [
    Qualification.APPLICANT,
    Qualification.ELIGIBLE,
    Qualification.TRAINED,
    Qualification.FULLY_QUALIFIED,
    Qualification.MENTOR,
]

# The least qualification each requirement asks for. Every place asks at least for someone
# accepted into the pool.
LEAST_QUALIFICATION = {
    TeamRequirement.TRAINED: Qualification.TRAINED,
    TeamRequirement.FULLY_QUALIFIED: Qualification.FULLY_QUALIFIED,
}

# The job roles that meet a requirement about who the person is rather than how qualified.
JOB_ROLES = {
    TeamRequirement.DIRECTOR_LEVEL: (JobRole.DIRECTOR, JobRole.SAFEGUARDING_CHAIR),
    TeamRequirement.SENIOR_MANAGER: (JobRole.SENIOR_MANAGER, JobRole.DIRECTOR),
    TeamRequirement.SEND_PROFESSIONAL: (JobRole.SEND_LEAD, JobRole.EDUCATIONAL_PSYCHOLOGIST),
    TeamRequirement.LIVED_EXPERIENCE: (JobRole.PARENT_CARER, JobRole.YOUNG_AMBASSADOR),
}


def meets_requirement(requirement: str, *, qualification: str, job_role: str) -> tuple[bool, str]:
    """Whether a pool member with this qualification and job role may fill a team place with
    this requirement, and if not, why (in words a coordinator can act on)."""
    held = Qualification(qualification)
    least = LEAST_QUALIFICATION.get(requirement, Qualification.ELIGIBLE)
    if LADDER.index(held) < LADDER.index(least):
        return False, _("Needs to be %(needed)s for this place; this person is %(held)s.") % {
            "needed": in_sentence(least.label),
            "held": in_sentence(held.label),
        }
    roles = JOB_ROLES.get(requirement)
    if roles and job_role not in roles:
        return False, _("This place is for %(roles)s; this person is %(role)s.") % {
            "roles": _(" or ").join(in_sentence(role.label) for role in roles),
            "role": in_sentence(_role_label(job_role)),
        }
    return True, ""
