"""A plan's changes, read from the history of everything in it (its readers may see them)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from .. import item_selectors, selectors

CHANGES_PER_PAGE = 50


# --- The plan's changes ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def plan_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the plan and what is in it, newest first: who, when, and what."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    page = Paginator(item_selectors.plan_changes(plan=plan), CHANGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "improvement/items/changes.html",
        {
            "plan": plan,
            "page": page,
            "changes": item_selectors.changes_for_page(plan=plan, rows=list(page.object_list)),
            "query": "",
        },
    )
