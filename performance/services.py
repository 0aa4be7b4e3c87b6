"""Reading and writing performance figures' imports: the imports a person may see (importing
itself is performance.importing's); and a programme's comparator families, which its
coordinators set up."""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core.once import create_once, created_with

from .enums import ComparatorKind
from .import_rules import own_services
from .models import Comparator, IndicatorValue, ReleaseImport


def imports_for(*, user) -> QuerySet[ReleaseImport]:
    """The past imports, newest first: all of them for those who import official releases;
    a service lead's own otherwise."""
    imports = ReleaseImport.objects.select_related("imported_by").order_by("-created_at", "-pk")
    if own_services(user) is None:
        return imports
    return imports.filter(imported_by=user)


# --- Comparator families (a programme set-up section) -------------------------------------------

FAMILY_SMALLEST = 2


@transaction.atomic
def family_save(
    *,
    family: Comparator,
    name: str,
    members: Iterable[Organisation],
    token: uuid.UUID | None = None,
) -> Comparator:
    """Create or change a comparator family of `family.programme`: its name, unique in the
    programme, and its member services, two at least. Its figures worked out from its
    members' follow the members at once (selectors.family_figures); simple-history records
    who changed its name or members."""
    name = name.strip()
    members = list(members)
    if family.pk is None:
        # The same form sent again (a double click) answers with the family it made.
        earlier = created_with(Comparator, token=token, owner={"programme": family.programme_id})
        if earlier is not None:
            return earlier
    errors = {}
    taken = Comparator.objects.filter(
        kind=ComparatorKind.FAMILY, programme_id=family.programme_id, name__iexact=name
    ).exclude(pk=family.pk)
    if taken.exists():
        errors["name"] = _("The programme already has a comparator family called %(name)s") % {
            "name": name
        }
    if len(members) < FAMILY_SMALLEST:
        errors["members"] = _("Select at least %(count)s services") % {"count": FAMILY_SMALLEST}
    if errors:
        raise ValidationError(errors)
    family.kind, family.name = ComparatorKind.FAMILY, name
    try:
        if family.pk is None:
            family, made = create_once(family, token=token, owner=["programme"])
            if not made:
                return family
        else:
            with transaction.atomic():
                family.save()
    except IntegrityError as error:
        raise ValidationError(
            {
                "name": _("The programme already has a comparator family called %(name)s")
                % {"name": name}
            }
        ) from error
    family.members.set(members)
    return family


@transaction.atomic
def family_delete(*, family: Comparator) -> None:
    """Delete a comparator family with the figures imported under its name (their history
    keeps what they were)."""
    for value in IndicatorValue.objects.filter(comparator=family):
        value.delete()
    family.members.clear()
    family.delete()
