"""Performance indicators: what is measured (`Indicator`), what a service's figures are
compared with (`Comparator`), and the figures (`IndicatorValue`), each for a period, marked
official or local with its source and release date, and kept with its history. An import of a
release is a `ReleaseImport`, which every value it created or changed points at."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import Organisation, Programme, Region
from core.models import CreatedOnce, TimeStampedModel

from .enums import ComparatorKind, PeriodKind, Provenance, Sector, Unit


class Indicator(TimeStampedModel):
    """An indicator's definition, as data: its name, unit and rate base, which way is better,
    the period one value covers and how long after that period the official figures are
    released."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    rate_base = models.PositiveIntegerField(
        _("rate per"),
        null=True,
        blank=True,
        help_text=_("For a rate: the number of people it is per, such as 100,000."),
    )
    population = models.CharField(
        _("population"),
        max_length=200,
        blank=True,
        help_text=_("Who the rate is of, such as 'the 10 to 17 population'."),
    )
    lower_is_better = models.BooleanField(_("a lower value is better"), default=True)
    period_kind = models.CharField(
        _("period one value covers"), max_length=20, choices=PeriodKind.choices
    )
    lag_months = models.PositiveSmallIntegerField(
        _("lag of the official release, in months"),
        default=0,
        help_text=_("How long after the end of a period its official figures are released."),
    )
    decimal_places = models.PositiveSmallIntegerField(_("decimal places shown"), default=1)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sector", "order", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit=Unit.RATE) | Q(rate_base__gt=0),
                name="performance_indicator_rate_has_base",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Comparator(CreatedOnce, TimeStampedModel):
    """What a service's figures are compared with: the national figure, a region's, a
    service's statistical neighbours (a family of its own, so `organisation` says whose), or
    a comparator family a programme defines (its `members`)."""

    kind = models.CharField(_("kind"), max_length=30, choices=ComparatorKind.choices)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comparators",
        verbose_name=_("region"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statistical_neighbour_comparators",
        verbose_name=_("service whose statistical neighbours these are"),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comparator_families",
        verbose_name=_("programme that defines this family"),
    )
    members = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="comparator_families",
        verbose_name=_("services in the family"),
    )

    # Who set a family up or changed its name or members, and when (the set-up pages'
    # "Last changed by"); the members' history is kept with it.
    # The creation token is kept in the history too: leaving it out (as core.models.CreatedOnce
    # suggests) makes simple-history read the row back on every save to record the members,
    # one query per comparator an import creates.
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("comparator")
        verbose_name_plural = _("comparators")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind=ComparatorKind.NATIONAL,
                        region__isnull=True,
                        organisation__isnull=True,
                        programme__isnull=True,
                    )
                    | Q(
                        kind=ComparatorKind.REGION,
                        region__isnull=False,
                        organisation__isnull=True,
                        programme__isnull=True,
                    )
                    | Q(
                        kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
                        region__isnull=True,
                        organisation__isnull=False,
                        programme__isnull=True,
                    )
                    | Q(
                        kind=ComparatorKind.FAMILY,
                        region__isnull=True,
                        organisation__isnull=True,
                        programme__isnull=False,
                    )
                ),
                name="performance_comparator_scope_fits_kind",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind=ComparatorKind.NATIONAL),
                name="performance_one_national_comparator",
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(kind=ComparatorKind.REGION),
                name="performance_one_comparator_per_region",
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind=ComparatorKind.STATISTICAL_NEIGHBOURS),
                name="performance_one_neighbour_family_per_service",
            ),
            models.UniqueConstraint(
                fields=["programme", "name"],
                condition=Q(kind=ComparatorKind.FAMILY),
                name="performance_family_name_unique_in_programme",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReleaseImport(TimeStampedModel):
    """One import of a file of figures (an official release, or a service's live tracker):
    who imported it, what it was called, and what it created and changed."""

    file_name = models.CharField(_("file name"), max_length=255)
    source = models.CharField(_("source"), max_length=200)
    provenance = models.CharField(_("official or local"), max_length=20, choices=Provenance.choices)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="performance_imports",
        verbose_name=_("imported by"),
    )
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("values added"), default=0)
    changed_count = models.PositiveIntegerField(_("values changed"), default=0)
    unchanged_count = models.PositiveIntegerField(_("values unchanged"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("release import")
        verbose_name_plural = _("release imports")

    def __str__(self) -> str:
        return self.file_name


class IndicatorValue(TimeStampedModel):
    """One figure: an indicator's value for a service (`organisation`) or a comparator, for
    the period from `period_start` to `period_end`, official or local, with its source and
    release date, and the numerator and denominator where they were given. A later release of
    the same figure changes the row; its history keeps what it said before."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicator_values",
        verbose_name=_("service"),
    )
    comparator = models.ForeignKey(
        Comparator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("comparator"),
    )
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    numerator = models.DecimalField(
        _("numerator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    provenance = models.CharField(_("official or local"), max_length=20, choices=Provenance.choices)
    source = models.CharField(_("source"), max_length=200)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    release_import = models.ForeignKey(
        ReleaseImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="values",
        verbose_name=_("last imported by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_end"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, comparator__isnull=True)
                    | Q(organisation__isnull=True, comparator__isnull=False)
                ),
                name="performance_value_for_service_or_comparator",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="performance_value_period_in_order",
            ),
            models.UniqueConstraint(
                fields=["indicator", "organisation", "period_start", "period_end", "provenance"],
                condition=Q(organisation__isnull=False),
                name="performance_one_value_per_service_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "comparator", "period_start", "period_end", "provenance"],
                condition=Q(comparator__isnull=False),
                name="performance_one_value_per_comparator_period",
            ),
        ]
        indexes = [
            models.Index(
                fields=["indicator", "period_end", "provenance"],
                name="performance_value_ranking",
            ),
            models.Index(fields=["organisation", "indicator"], name="performance_value_service"),
            # The programme table's newest figure of each member service and indicator.
            models.Index(
                fields=["organisation", "indicator", "provenance", "period_end"],
                name="performance_value_newest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.short_name} {self.period_end:%b %Y}: {self.value}"
