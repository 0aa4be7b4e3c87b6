"""Reading and writing performance figures' imports: the imports a person may see (importing
itself is performance.importing's)."""

from django.db.models import QuerySet

from .import_rules import own_services
from .models import ReleaseImport


def imports_for(*, user) -> QuerySet[ReleaseImport]:
    """The past imports, newest first: all of them for those who import official releases;
    a service lead's own otherwise."""
    imports = ReleaseImport.objects.select_related("imported_by").order_by("-created_at", "-pk")
    if own_services(user) is None:
        return imports
    return imports.filter(imported_by=user)
