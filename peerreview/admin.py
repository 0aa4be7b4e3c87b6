"""The admin site, for technical staff only.

Coordinators set up and run their programmes on the service's own pages (`/programmes/` and
each app's set-up sections); the admin admits only people granted `accounts.use_admin`
(superusers), and signed-in people without it get 403."""

import re
from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

_WHOLE_NUMBER = re.compile(r"-?[0-9]+")


def _selection_of_ids(data: QueryDict) -> QueryDict:
    """An admin action's selection without the values no row's id can be. The admin filters
    `pk__in` with what was sent as it is, and a value that is not a whole number (`abc`,
    `1e5`) fails the query: a 500. Left out, it selects nothing, as the id of no row does
    (and a number beyond what an id can hold matches nothing: core.lookups)."""
    selected = data.getlist(ACTION_CHECKBOX_NAME)
    ids = [value for value in selected if _WHOLE_NUMBER.fullmatch(value)]
    if ids == selected:
        return data
    data = data.copy()
    data.setlist(ACTION_CHECKBOX_NAME, ids)
    return data


class PeerReviewAdminSite(admin.AdminSite):
    site_header = _("Peer review programme manager: administration")
    site_title = _("Peer review programme manager")
    index_title = _("Technical administration")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.has_perm("accounts.use_admin")

    def admin_view(self, view, cacheable=False):
        """Signed-in people without the right get 403 straight away, rather than the
        admin's redirect to its login page; an action's selection holds only ids."""
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            if request.method == "POST" and ACTION_CHECKBOX_NAME in request.POST:
                request.POST = _selection_of_ids(request.POST)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        """One sign-in page for the whole service (with its lockout): the admin's own login
        form is never shown. Signed-in people without the right get 403, not a login loop."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return super().login(request, extra_context)
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next", reverse("admin:index")), reverse("accounts:login")
        )
