"""What the pages that correct a plan share: the plan fetched for changing (404 for one the user
may not see, 403 for one they may only read), a question page whose form is saved through a
service, and the page that asks before deleting, saying what goes with what is deleted."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.http import posted, require_permission, show_errors

from .. import selectors
from ..forms.common import DeleteForm
from ..models import ImprovementPlan, Recommendation
from ..rules import CHANGE_PLAN
from ..services import StaleVersionError


def plan_to_change(request: HttpRequest, pk: int) -> ImprovementPlan:
    """The plan, or 404 for one the user may not see, or 403 for one they may only read."""
    plan = selectors.plan_for_user(user=request.user, pk=pk)
    require_permission(request, CHANGE_PLAN, plan)
    return plan


def _saved(form, save) -> bool:
    """Whether `save()` went through; if not, its refusal is shown on the form, nothing typed
    is lost, and after a stale version the form carries the version now current (saving
    again is the person's choice, once they have seen the other change)."""
    try:
        save()
    except ValidationError as error:
        show_errors(form, error)
    except StaleVersionError as error:
        form.data = form.data.copy()
        form.data["seen_version"] = str(error.item.version)
        form.add_error(None, str(error))
    else:
        return True
    return False


def item_url(plan: ImprovementPlan, item: Recommendation) -> str:
    return f"{reverse('improvement:plan', args=[plan.pk])}#recommendation-{item.pk}"


def item_name(item: Recommendation) -> str:
    return _("%(kind)s %(reference)s") % {
        "kind": item.get_kind_display(),
        "reference": item.reference,
    }


def form_page(
    request: HttpRequest,
    *,
    plan: ImprovementPlan,
    form,
    save,
    done: str,
    next_url: str,
    title: str,
    lede: str = "",
) -> HttpResponse:
    """A question page whose form, once valid, is saved by `save(cleaned_data)`; then the
    message `done` and back to `next_url` (also the back link)."""
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: save(form.cleaned_data))
    ):
        messages.success(request, done)
        return redirect(next_url)
    return render(
        request,
        "improvement/items/form.html",
        {"plan": plan, "form": form, "title": title, "lede": lede, "back_url": next_url},
    )


def delete_page(
    request: HttpRequest,
    *,
    plan: ImprovementPlan,
    delete,
    seen_version: int | None = None,
    what: str,
    goes_with: list[str] = (),
    done: str,
    next_url: str,
    back_url: str | None = None,
) -> HttpResponse:
    """Ask before deleting `what` (GET), saying what goes with it; delete it (POST) with
    `delete(cleaned_data)`."""
    form = DeleteForm(
        posted(request),
        seen_version=seen_version,
        button=_("Delete %(what)s") % {"what": what},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(form, lambda: delete(form.cleaned_data))
    ):
        messages.success(request, done)
        return redirect(next_url)
    return render(
        request,
        "improvement/items/delete.html",
        {
            "plan": plan,
            "form": form,
            "what": what,
            "goes_with": [text for text in goes_with if text],
            "back_url": back_url or next_url,
        },
    )


def fields_for(data: dict, what: str) -> dict:
    names = {
        "item": ["kind", "reference", "text", "addressee", "domain"],
        "action": ["reference", "text", "lead_officer", "agency", "due_on"],
        "measure": ["name", "unit", "baseline", "target"],
    }[what]
    return {name: data[name] for name in names}


def count_text(template: str, plural: str, number: int) -> str:
    """ "3 actions", or nothing where there are none."""
    return ngettext(template, plural, number) % {"count": number} if number else ""
