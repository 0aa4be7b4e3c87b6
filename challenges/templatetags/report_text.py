"""`{{ section.text|report_text }}`: a report section's plain text as GOV.UK paragraphs and
lists. The text is what the lead typed (or the draft generated): paragraphs separated by a
blank line, a paragraph whose lines all start with "- " a bulleted list, one whose lines all
start with "1. ", "2. "... a numbered list. Everything is escaped; nothing typed becomes
markup."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+")


def _list(lines: list[str], marker: re.Pattern, tag: str, style: str) -> str:
    items = "".join(f"<li>{escape(marker.sub('', line))}</li>" for line in lines)
    return f'<{tag} class="govuk-list govuk-list--{style}">{items}</{tag}>'


@register.filter
def report_text(text: str) -> SafeString:
    blocks = []
    for paragraph in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            blocks.append(_list(lines, _BULLET, "ul", "bullet"))
        elif all(_NUMBER.match(line) for line in lines):
            blocks.append(_list(lines, _NUMBER, "ol", "number"))
        else:
            body = "<br>".join(escape(line) for line in lines)
            blocks.append(f'<p class="govuk-body">{body}</p>')
    return mark_safe("".join(blocks))  # noqa: S308 - every piece of text is escaped above
