"""Kinds shared by everything a programme offers and plans with: how a review is delivered
and published, the roles and requirements of a team's places, and kinds of line of enquiry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationRule(models.TextChoices):
    ALWAYS_PUBLIC = "always_public", _("The report is always published")
    SERVICE_DECIDES = "service_decides", _("The receiving service decides")


class DeliveryMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    VIRTUAL = "virtual", _("Virtual")


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_LEAD = "co_lead", _("Co-lead")
    REVIEWER = "reviewer", _("Peer reviewer")
    SENIOR_MANAGER = "senior_manager", _("Senior manager")
    SPECIALIST = "specialist", _("Specialist")
    PARENT_CARER = "parent_carer", _("Parent or carer")
    YOUNG_AMBASSADOR = "young_ambassador", _("Young ambassador")
    SHADOW = "shadow", _("Shadowing trainee")


class TeamRequirement(models.TextChoices):
    """What a place on a team asks of the person who fills it (the matcher enforces it)."""

    NONE = "none", _("No further requirement")
    TRAINED = "trained", _("Trained")
    FULLY_QUALIFIED = "fully_qualified", _("Fully qualified")
    DIRECTOR_LEVEL = "director_level", _("Director level (DCS or safeguarding partnership chair)")
    SENIOR_MANAGER = "senior_manager", _("Senior manager in children's services")
    SEND_PROFESSIONAL = "send_professional", _("SEND professional")
    LIVED_EXPERIENCE = "lived_experience", _("Lived experience of SEND")


class EnquiryKind(models.TextChoices):
    KEY_LINE = "key_line", _("Key line of enquiry")
    GOLDEN_THREAD = "golden_thread", _("Golden thread")
