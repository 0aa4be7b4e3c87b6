"""The plan page's list of imports (templates/improvement/_imports.html): each with whether
the person looking may undo it now."""

from django import template

from improvement import importing

register = template.Library()


@register.simple_tag
def plan_imports(plan, user) -> list[tuple]:
    """The plan's imports, latest first, each as (import, whether `user` may undo it now)."""
    return [
        (batch, importing.may_undo(batch, user))
        for batch in plan.imports.select_related("by", "undone_by")
    ]
