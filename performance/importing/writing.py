"""Importing a checked release, all or nothing: new figures added, changed ones updated (their
history keeps what they said before), unchanged ones left alone, and the ReleaseImport that
records it all."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Organisation, Region
from performance.enums import ComparatorKind
from performance.models import Comparator, IndicatorValue, ReleaseImport

from .checking import ADDED, CHANGED, UNCHANGED, Preview, area_key, existing_comparators

NATIONAL_NAME = "England and Wales"
_BATCH = 2000


class ChangedSinceError(Exception):
    """The figures kept changed between the preview and the import."""

    def __str__(self) -> str:
        return _(
            "Figures were imported from another file since the preview: nothing was "
            "imported. Preview the import again"
        )


def _comparators(preview: Preview) -> dict[tuple, int]:
    """The comparators the figures are for, by area_key, made where there are none yet."""
    comparators = existing_comparators()
    wanted = {
        area_key(figure.area): figure.area
        for figure in preview.figures
        if not figure.area.is_service and area_key(figure.area) not in comparators
    }
    regions = Region.objects.in_bulk({area.region_id for area in wanted.values()} - {None})
    services = Organisation.objects.in_bulk(
        {area.neighbours_of for area in wanted.values()} - {None}
    )
    for key, area in wanted.items():
        if area.kind == ComparatorKind.FAMILY:
            # A programme's coordinators define its families; one deleted since the preview.
            raise ChangedSinceError
        if area.kind == ComparatorKind.NATIONAL:
            comparator = Comparator(kind=area.kind, name=NATIONAL_NAME)
        elif area.kind == ComparatorKind.REGION:
            region = regions[area.region_id]
            comparator = Comparator(kind=area.kind, name=region.name, region=region)
        else:
            service = services[area.neighbours_of]
            comparator = Comparator(
                kind=area.kind,
                name=_("Statistical neighbours of %(service)s") % {"service": service.name},
                organisation=service,
            )
        comparator.save()
        comparators[key] = comparator.pk
    return comparators


def import_release(
    *,
    preview: Preview,
    by,
    file_name: str,
    provenance: str,
    source: str,
    released_on: datetime.date | None,
) -> ReleaseImport:
    """Write the preview's figures. Raises ChangedSinceError (and writes nothing) when a
    figure it took for new is kept by now."""
    try:
        with transaction.atomic():
            release = ReleaseImport.objects.create(
                file_name=file_name[:255],
                source=source,
                provenance=provenance,
                released_on=released_on,
                imported_by=by,
                rows=preview.rows_read,
                created_count=preview.added,
                changed_count=preview.changed,
                unchanged_count=preview.unchanged,
            )
            comparators = _comparators(preview)
            common = {
                "provenance": provenance,
                "source": source,
                "released_on": released_on,
                "release_import": release,
            }
            new = []
            for figure in preview.figures:
                if figure.status != ADDED:
                    continue
                area = figure.area
                new.append(
                    IndicatorValue(
                        indicator_id=figure.indicator_id,
                        organisation_id=area.organisation_id,
                        comparator_id=None if area.is_service else comparators[area_key(area)],
                        period_start=figure.period_start,
                        period_end=figure.period_end,
                        value=figure.value,
                        numerator=figure.numerator,
                        denominator=figure.denominator,
                        **common,
                    )
                )
            bulk_create_with_history(new, IndicatorValue, batch_size=_BATCH, default_user=by)
            changed = {
                figure.existing_pk: figure for figure in preview.figures if figure.status == CHANGED
            }
            kept = list(IndicatorValue.objects.filter(pk__in=changed))
            if len(kept) != len(changed):
                raise ChangedSinceError
            now = timezone.now()
            for value in kept:
                figure = changed[value.pk]
                # A bulk update does not set auto_now fields.
                value.updated_at = now
                value.value, value.numerator, value.denominator = figure.numbers()
                for name, setting in common.items():
                    setattr(value, name, setting)
            bulk_update_with_history(
                kept,
                IndicatorValue,
                ["value", "numerator", "denominator", "updated_at", *common],
                batch_size=_BATCH,
                default_user=by,
            )
    except IntegrityError as error:
        raise ChangedSinceError from error
    return release


__all__ = ["ADDED", "CHANGED", "UNCHANGED", "ChangedSinceError", "import_release"]
