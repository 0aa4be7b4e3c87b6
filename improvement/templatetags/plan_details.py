"""The plan page's "Plan details" summary (templates/improvement/_plan_details.html): its rows
with "Change" links for those who may manage the plan, who last changed it, and today's date
for the next review that has passed."""

from django import template
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import last_change
from improvement.rules import MANAGE_PLAN
from improvement.views.plan_details import detail_rows, plan_values

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_details(context, plan) -> dict:
    """The plan's details rows, `can_manage`, who last changed it (`last_change`, from its
    history) and `today`, for the plan page."""
    request = context["request"]
    can_manage = request.user.has_perm(MANAGE_PLAN, plan)

    def change(step: str) -> str | None:
        if not can_manage:
            return None
        return reverse("improvement:plan_details_edit", args=[plan.pk, step])

    return {
        "rows": detail_rows(plan_values(plan), change=change),
        "can_manage": can_manage,
        "last_change": last_change(record=plan),
        "today": timezone.localdate(),
    }
