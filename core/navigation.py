"""The service navigation: which links a signed-in person sees depends on their roles.

Each app adds its own entries here as it gains pages; an entry is shown when its permission
(a `rules` permission name, or None for everyone signed in) is granted to the user."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    permission: str | None = None
    # URL prefixes under which this entry is the current one.
    section: str | None = None


ENTRIES: list[NavEntry] = [
    NavEntry(_("Home"), "core:start"),
    NavEntry(
        _("Applications"),
        "applications:list",
        permission="applications.view_application_list",
        section="/applications/",
    ),
    NavEntry(
        _("Programme board"),
        "board:meetings",
        permission="applications.view_board",
        section="/board/",
    ),
    NavEntry(
        _("Improvement plans"),
        "improvement:plans",
        permission="improvement.view_plans",
        section="/plans/",
    ),
    NavEntry(
        _("Reviewer pool"),
        "reviewers:list",
        permission="reviewers.view_directory",
        section="/reviewers/",
    ),
    NavEntry(
        _("Training"),
        "training:courses",
        permission="reviewers.manage_training",
        section="/training/",
    ),
    NavEntry(
        _("Manage programmes"), "admin:index", permission="accounts.use_admin", section="/admin/"
    ),
    NavEntry(_("Your profile"), "accounts:profile", section="/accounts/profile/"),
]


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
    for entry in ENTRIES:
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = reverse(entry.url_name)
        section = entry.section or url
        current = request.path == url if section == "/" else request.path.startswith(section)
        items.append(NavItem(label=str(entry.label), url=url, current=current))
    return items
