"""`{% table_container %}` (core/templatetags/tables.py): a table in its own scrolling region,
named after its caption, which keyboard users can reach to scroll it."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError


def render(source: str, **context) -> str:
    return Template("{% load tables %}" + source).render(Context(context))


def test_the_region_is_named_after_the_caption_and_focusable():
    html = render(
        '{% table_container %}<table class="govuk-table">'
        '<caption class="govuk-table__caption">Reviewers &amp; <span>their\n  days</span>'
        "</caption><tr><td>1</td></tr></table>{% endtable_container %}"
    )

    assert html == (
        '<div class="app-table-container" role="region" aria-label="Reviewers &amp; their days" '
        'tabindex="0"><table class="govuk-table"><caption class="govuk-table__caption">'
        "Reviewers &amp; <span>their\n  days</span></caption><tr><td>1</td></tr></table></div>"
    )


def test_a_label_given_names_the_region_instead_and_is_escaped():
    html = render(
        "{% table_container label %}<table><caption>Caption</caption></table>"
        "{% endtable_container %}",
        label='Plans "now"',
    )

    assert html.startswith(
        '<div class="app-table-container" role="region" aria-label="Plans &quot;now&quot;" '
    )


def test_a_table_without_caption_or_label_is_refused():
    with pytest.raises(TemplateSyntaxError, match="needs a table with a caption"):
        render("{% table_container %}<table></table>{% endtable_container %}")


def test_every_govuk_table_in_the_templates_is_in_a_region():
    """A table added later without the container would make its page scroll sideways on a
    phone (the browser tests find it only on the pages they visit)."""
    templates = Path(settings.BASE_DIR) / "templates"
    unwrapped = [
        str(path.relative_to(templates))
        for path in sorted(templates.rglob("*.html"))
        if (text := path.read_text(encoding="utf-8")).count('<table class="govuk-table')
        != text.count("{% table_container")
    ]

    assert unwrapped == []
