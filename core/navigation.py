"""The service navigation: which links a signed-in person sees depends on their roles.

Core renders it and knows none of its entries: each app registers its own from its
AppConfig.ready() with register_navigation(NavEntry(...)). An entry is shown when its
permission (a `rules` permission name, or None for everyone signed in) is granted to the user,
in the order of the entries' `order` numbers, lowest first, whatever order the apps are
installed or made ready in. Apps number their entries in tens, so that one a new app adds can
go between two others.

The navigation holds what each role needs most, a few sections (GOV.UK service navigation:
it must stay on one line at desktop widths); the rest of a section is linked from its first
page (the challenges list links the calendar, the reviewer pool training, the improvement
plans the dashboards), and an entry's `section` names every URL prefix it stands for."""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True, kw_only=True)
class NavEntry:
    label: str | Promise
    url_name: str
    # Where it stands in the navigation, lowest first.
    order: int
    permission: str | None = None
    # The URL prefixes under which this entry is the current one (its own URL when None).
    section: tuple[str, ...] = ()


class Navigation:
    """The entries apps registered, one per URL name, shown by their `order`. Any frozen
    dataclass with `url_name` and `order` will do: the programme set-up page keeps its sections
    in one too (accounts.setup)."""

    def __init__(self) -> None:
        self._entries: dict[str, NavEntry] = {}

    def register(self, *entries: NavEntry) -> None:
        """Add `entries`. The same entry registered again (AppConfig.ready() may run more than
        once, as in tests) changes nothing; a different entry for a URL name already taken is
        a mistake, and says so."""
        for entry in entries:
            if self._entries.get(entry.url_name, entry) != entry:
                raise ImproperlyConfigured(
                    f"Navigation entry for {entry.url_name!r} is registered twice, differently"
                )
            self._entries[entry.url_name] = entry

    def entries(self) -> list[NavEntry]:
        """Every registered entry, in order (entries with the same number by URL name)."""
        return sorted(self._entries.values(), key=lambda entry: (entry.order, entry.url_name))


SERVICE_NAVIGATION = Navigation()


def register_navigation(*entries: NavEntry) -> None:
    """Add entries to the service navigation; call it from AppConfig.ready()."""
    SERVICE_NAVIGATION.register(*entries)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def navigation_for(request: HttpRequest) -> list[NavItem]:
    """The entries this request's user may follow, the current one marked."""
    user = request.user
    if not user.is_authenticated:
        return []
    items = []
    for entry in SERVICE_NAVIGATION.entries():
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = reverse(entry.url_name)
        prefixes = entry.section or (url,)
        current = any(
            request.path == url if prefix == "/" else request.path.startswith(prefix)
            for prefix in prefixes
        )
        items.append(NavItem(label=str(entry.label), url=url, current=current))
    return items
