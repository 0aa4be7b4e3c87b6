"""Progress updates: the form that adds one (on an action's page, or on a recommendation as a
whole), and correcting or deleting one (its earlier wording stays in its history)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import error_elsewhere
from core.http import posted, require_permission, show_errors

from .. import item_selectors, item_services, selectors, services
from ..forms.actions import ProgressUpdateChangeForm, ProgressUpdateForm
from ..models import Action, ImprovementPlan, ProgressUpdate, Recommendation
from ..rules import CHANGE_PLAN
from .correcting import delete_page, form_page, item_name, plan_to_change

# --- Adding a progress update ----------------------------------------------------------------


def progress_form(request: HttpRequest, item: Action | Recommendation, what: str):
    """The progress update form for `item`, and the response when it was saved (else None).
    A stale save is shown with the service's message, the typed text kept, and the version
    the person now sees, so they can save again once they have read the other update."""
    form = ProgressUpdateForm(posted(request), seen_version=item.version)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_update_add(
                item=item,
                seen_version=data["seen_version"],
                rag=data["rag"],
                narrative=data["narrative"],
                recorded_on=data["recorded_on"],
                by=request.user,
            )
        except ValidationError as error:
            show_errors(form, error)
        except services.StaleVersionError as error:
            fresh = request.POST.copy()
            fresh["seen_version"] = str(error.item.version)
            form = ProgressUpdateForm(fresh, seen_version=error.item.version)
            form.is_valid()
            # The form's pages show the item's progress history: the error links to it.
            form.add_error(None, error_elsewhere(error.message(history=True), "#history"))
        else:
            messages.success(
                request,
                _("Your progress update on %(what)s has been added.") % {"what": what},
            )
            return form, True
    return form, False


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_update(request: HttpRequest, pk: int, rec_pk: int) -> HttpResponse:
    """A progress update on a recommendation as a whole, with its history."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    recommendation = selectors.recommendation_in_plan(plan=plan, pk=rec_pk)
    require_permission(request, CHANGE_PLAN, plan)
    form, saved = progress_form(
        request,
        recommendation,
        _("recommendation %(reference)s") % {"reference": recommendation.reference},
    )
    if saved:
        return redirect(
            f"{reverse('improvement:plan', args=[plan.pk])}#recommendation-{recommendation.pk}"
        )
    return render(
        request,
        "improvement/recommendation_update.html",
        {
            "plan": plan,
            "recommendation": recommendation,
            "form": form,
            "can_update": True,
            "updates": item_selectors.updates_with_corrections(item=recommendation),
        },
    )


# --- Correcting and deleting a progress update -----------------------------------------------


def _update_page(plan: ImprovementPlan, update: ProgressUpdate) -> str:
    """Where the update is shown: its action's page, or its item's progress page."""
    if update.action_id:
        return reverse("improvement:action", args=[plan.pk, update.action_id])
    return reverse("improvement:recommendation_update", args=[plan.pk, update.recommendation_id])


def _update_item(update: ProgressUpdate):
    return update.action if update.action_id else update.recommendation


@login_required
@require_http_methods(["GET", "POST"])
def update_edit(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    """Correct a progress update; the earlier wording stays in its history, shown with it."""
    plan = plan_to_change(request, pk)
    update = item_selectors.update_in_plan(plan=plan, pk=update_pk)
    item = _update_item(update)
    form = ProgressUpdateChangeForm(
        posted(request),
        initial={
            "rag": update.rag,
            "narrative": update.narrative,
            "recorded_on": update.recorded_on,
        },
        seen_version=item.version,
    )
    return form_page(
        request,
        plan=plan,
        form=form,
        save=lambda data: item_services.progress_update_change(
            update=update,
            seen_version=data["seen_version"],
            rag=data["rag"],
            narrative=data["narrative"],
            recorded_on=data["recorded_on"],
            by=request.user,
        ),
        done=_("The progress update has been corrected; what it said before is in its history."),
        next_url=_update_page(plan, update),
        title=_("Correct the progress update on %(thing)s")
        % {
            "thing": (
                _("action %(reference)s") % {"reference": item.reference}
                if update.action_id
                else item_name(item).lower()
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_delete(request: HttpRequest, pk: int, update_pk: int) -> HttpResponse:
    plan = plan_to_change(request, pk)
    update = item_selectors.update_in_plan(plan=plan, pk=update_pk)
    item = _update_item(update)
    return delete_page(
        request,
        plan=plan,
        delete=lambda data: item_services.progress_update_delete(
            update=update, seen_version=data["seen_version"], by=request.user
        ),
        seen_version=item.version,
        what=_("the progress update as at %(date)s")
        % {"date": date_format(update.recorded_on, "j F Y")},
        done=_("The progress update has been deleted."),
        next_url=_update_page(plan, update),
    )
