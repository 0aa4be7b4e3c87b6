"""Adding, changing and deleting a plan's items (recommendations, areas for consideration and
strengths) and their desired outcomes; each delete asks first, saying what goes with it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import posted

from .. import item_selectors, item_services, selectors
from ..forms.items import ItemForm, OutcomeForm
from ..models import Recommendation
from .correcting import (
    count_text,
    delete_page,
    fields_for,
    form_page,
    item_name,
    item_url,
    plan_to_change,
)

# --- Items -----------------------------------------------------------------------------------


def _item_fields(item: Recommendation) -> dict:
    return {
        "kind": item.kind,
        "reference": item.reference,
        "text": item.text,
        "addressee": item.addressee,
        "domain": item.domain,
    }


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item to the plan; the reference offered is the next free number."""
    plan = plan_to_change(request, pk)
    form = ItemForm(
        posted(request),
        # No kind chosen for them: GOV.UK radios are not pre-selected.
        initial={"reference": item_services.item_reference_next(plan=plan)},
    )

    return form_page(
        request,
        plan=plan,
        form=form,
        save=lambda data: item_services.item_add(
            plan=plan, by=request.user, **fields_for(data, "item")
        ),
        done=_("The item has been added."),
        next_url=reverse("improvement:plan", args=[plan.pk]),
        title=_("Add an item to the plan"),
        lede=_(
            "An item is a recommendation, an area for consideration or a strength, as the "
            "report gives it. Strengths are kept and shown, with no actions or RAG rating."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    form = ItemForm(posted(request), initial=_item_fields(item), seen_version=item.version)
    return form_page(
        request,
        plan=plan,
        form=form,
        save=lambda data: item_services.item_update(
            item=item,
            seen_version=data["seen_version"],
            by=request.user,
            **fields_for(data, "item"),
        ),
        done=_("%(item)s has been saved.") % {"item": item_name(item)},
        next_url=item_url(plan, item),
        title=_("Change %(item)s") % {"item": item_name(item).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    counts = item_selectors.item_dependents(item=item)
    return delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.item_delete(
            item=item, seen_version=data["seen_version"], by=request.user
        ),
        seen_version=item.version,
        what=item_name(item).lower(),
        goes_with=[
            count_text("%(count)s action", "%(count)s actions", counts["actions"]),
            count_text(
                "%(count)s progress update", "%(count)s progress updates", counts["updates"]
            ),
            count_text(
                "%(count)s desired outcome", "%(count)s desired outcomes", counts["outcomes"]
            ),
            count_text(
                "%(count)s measure, with its values",
                "%(count)s measures, with their values",
                counts["measures"],
            ),
        ],
        done=_("%(item)s has been deleted.") % {"item": item_name(item)},
        next_url=reverse("improvement:plan", args=[plan.pk]),
        back_url=item_url(plan, item),
    )


# --- Desired outcomes ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def outcome_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    item = selectors.recommendation_in_plan(plan=plan, pk=item_pk)
    return form_page(
        request,
        plan=plan,
        form=OutcomeForm(posted(request), adding=True),
        save=lambda data: item_services.outcome_add(item=item, text=data["text"], by=request.user),
        done=_("The desired outcome has been added."),
        next_url=item_url(plan, item),
        title=_("Add a desired outcome to %(item)s") % {"item": item_name(item).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_edit(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    outcome = item_selectors.outcome_in_plan(plan=plan, pk=outcome_pk)
    return form_page(
        request,
        plan=plan,
        form=OutcomeForm(posted(request), initial={"text": outcome.text}, adding=False),
        save=lambda data: item_services.outcome_update(
            outcome=outcome, text=data["text"], by=request.user
        ),
        done=_("The desired outcome has been saved."),
        next_url=item_url(plan, outcome.recommendation),
        title=_("Change a desired outcome of %(item)s")
        % {"item": item_name(outcome.recommendation).lower()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def outcome_delete(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    outcome = item_selectors.outcome_in_plan(plan=plan, pk=outcome_pk)
    return delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.outcome_delete(outcome=outcome, by=request.user),
        what=_("the desired outcome “%(text)s”") % {"text": outcome.text[:80]},
        done=_("The desired outcome has been deleted."),
        next_url=item_url(plan, outcome.recommendation),
    )
