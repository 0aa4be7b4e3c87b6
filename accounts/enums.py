from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    ORGANISATION = "organisation", _("Organisation")
    # Held across the whole service, in no programme or organisation.
    SERVICE = "service", _("The whole service")


class Role(models.TextChoices):
    """What a membership lets a person do. One person can hold several."""

    COORDINATOR = "coordinator", _("Programme coordinator")
    BOARD_MEMBER = "board_member", _("Programme board member")
    REVIEWER = "reviewer", _("Peer reviewer")
    SERVICE_LEAD = "service_lead", _("Service lead")
    IMPROVEMENT_BOARD = "improvement_board", _("Improvement board member")
    # Starts new programmes (and becomes their first coordinator); given by technical staff.
    NATIONAL_COORDINATOR = "national_coordinator", _("National coordinator")

    @property
    def scope(self) -> Scope:
        """Programme roles are held in a programme; service roles in an organisation; the
        national coordinator's across the service."""
        if self in (Role.SERVICE_LEAD, Role.IMPROVEMENT_BOARD):
            return Scope.ORGANISATION
        if self == Role.NATIONAL_COORDINATOR:
            return Scope.SERVICE
        return Scope.PROGRAMME

    @classmethod
    def programme_roles(cls) -> list["Role"]:
        return [role for role in cls if role.scope == Scope.PROGRAMME]

    @classmethod
    def organisation_roles(cls) -> list["Role"]:
        return [role for role in cls if role.scope == Scope.ORGANISATION]

    @classmethod
    def service_roles(cls) -> list["Role"]:
        return [role for role in cls if role.scope == Scope.SERVICE]


class OrganisationKind(models.TextChoices):
    YOUTH_JUSTICE_SERVICE = "yjs", _("Youth justice service")
    CHILDRENS_SERVICES = "childrens_services", _("Local authority children's services")
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", _("Safeguarding children partnership")
    NATIONAL_BODY = "national_body", _("National body")
    OTHER = "other", _("Other organisation")


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")


class ProgrammeScope(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
