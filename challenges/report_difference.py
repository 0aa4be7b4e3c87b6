"""A readable difference between two versions of a report, section by section and word by
word (difflib), as accessible HTML: removed words in <del>, added words in <ins>, each change
also said in words for those who cannot see the styling."""

import difflib
import html
import re
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import ReportVersion


@dataclass
class SectionDifference:
    heading: str
    html: SafeString
    changed: bool


_TOKENS = re.compile(r"\s+|[^\s]+")


def _marked(tag: str, words: str, label: str) -> str:
    return (
        f'<{tag}><span class="govuk-visually-hidden">[{label}: </span>{html.escape(words)}'
        f'<span class="govuk-visually-hidden">]</span></{tag}>'
    )


def text_difference(old: str, new: str) -> SafeString:
    """`old` changed into `new`, word by word, as HTML: removed words in <del>, added in <ins>,
    each also said in words for those who cannot see the styling ("removed", "added")."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            out.append(_marked("del", "".join(before[a1:a2]), _("removed")))
        if op in ("insert", "replace"):
            out.append(_marked("ins", "".join(after[b1:b2]), _("added")))
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above


def version_difference(old: ReportVersion, new: ReportVersion) -> list[SectionDifference]:
    """Each section of either version, in the newer one's order (sections only in the older one
    at the end), with what changed between them."""
    before = {s["key"]: s for s in old.sections}
    after = {s["key"]: s for s in new.sections}
    keys = [s["key"] for s in new.sections] + [k for k in before if k not in after]
    differences = []
    for key in keys:
        a, b = before.get(key), after.get(key)
        heading = (b or a)["heading"]
        old_text, new_text = (a or {}).get("text", ""), (b or {}).get("text", "")
        differences.append(
            SectionDifference(
                heading=heading,
                html=text_difference(old_text, new_text),
                changed=old_text != new_text,
            )
        )
    return differences
