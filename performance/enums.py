"""What an indicator measures and how, and what a figure is compared with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    """Whose indicator it is: the services it is published for."""

    YOUTH_JUSTICE = "youth_justice", _("Youth justice")
    CHILDRENS_SERVICES = "childrens_services", _("Children's services")


class Unit(models.TextChoices):
    """How a value is written: a rate per `rate_base` people, a percentage, or a plain number
    (such as re-offences per re-offender)."""

    RATE = "rate", _("Rate per population")
    PERCENTAGE = "percentage", _("Percentage")
    NUMBER = "number", _("Number")


class PeriodKind(models.TextChoices):
    """The stretch of time one value covers."""

    QUARTER = "quarter", _("Quarter")
    TWELVE_MONTHS = "twelve_months", _("12 months")
    COHORT_QUARTER = "cohort_quarter", _("Cohort of a quarter")
    YEAR = "year", _("Year")


class ComparatorKind(models.TextChoices):
    NATIONAL = "national", _("National")
    REGION = "region", _("Region")
    STATISTICAL_NEIGHBOURS = "statistical_neighbours", _("Statistical neighbours")
    FAMILY = "family", _("Comparator family")


class Provenance(models.TextChoices):
    """Whether a figure is the official release or the service's own (live tracker) data."""

    OFFICIAL = "official", _("Official")
    LOCAL = "local", _("Local, unofficial")
