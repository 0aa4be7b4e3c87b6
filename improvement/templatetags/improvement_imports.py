"""The plan page's list of imports (templates/improvement/_imports.html): each with whether
the person looking may undo it now."""

from django import template

from improvement import importing

register = template.Library()


@register.simple_tag
def plan_imports(plan, user) -> list[tuple]:
    """The plan's imports, latest first, each as (import, whether `user` may undo it now).
    Only the latest import still standing can be (any later one blocks the rest), so only it
    is checked."""
    batches = list(plan.imports.select_related("by", "undone_by"))
    standing = next((batch for batch in batches if batch.undone_at is None), None)
    undoable = standing if standing is not None and importing.may_undo(standing, user) else None
    return [(batch, batch == undoable) for batch in batches]
