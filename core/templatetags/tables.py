"""`{% table_container %}`: a table that scrolls sideways inside its own region.

A table wider than a phone's screen would otherwise make the whole page scroll sideways
(WCAG 1.4.10 Reflow). Inside the container it scrolls on its own, and the container is a
labelled, focusable region, so that keyboard users can scroll it too (axe's
scrollable-region-focusable):

    {% load tables %}
    {% table_container %}
      <table class="govuk-table"><caption class="govuk-table__caption">…</caption>…</table>
    {% endtable_container %}

The region is named after the table's caption; `{% table_container label %}` names it
otherwise."""

import re
from html import unescape

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


def region_label(table: str) -> str:
    """The text of the table's caption, as one line; empty if it has none."""
    match = _CAPTION.search(table)
    if match is None:
        return ""
    return " ".join(unescape(strip_tags(match.group(1))).split())


class TableContainerNode(template.Node):
    def __init__(self, nodelist: template.NodeList, label: template.base.FilterExpression | None):
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> SafeString:
        table = self.nodelist.render(context)
        label = str(self.label.resolve(context)) if self.label is not None else ""
        label = label or region_label(table)
        if not label:
            raise template.TemplateSyntaxError(
                "{% table_container %} needs a table with a caption, or a label to name it by"
            )
        return format_html(
            '<div class="app-table-container" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            mark_safe(table),  # noqa: S308 - the template's own rendered output
        )


@register.tag
def table_container(parser: template.base.Parser, token: template.base.Token):
    bits = token.split_contents()
    if len(bits) > 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes at most one argument, a label")
    label = parser.compile_filter(bits[1]) if len(bits) == 2 else None
    nodelist = parser.parse(("endtable_container",))
    parser.delete_first_token()
    return TableContainerNode(nodelist, label)
