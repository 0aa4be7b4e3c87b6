"""Reading what a page told the person: its GOV.UK error summary and its flash messages; and
what a fresh form carries."""

import html
import re
import uuid


def errors_of(response, form: str = "form") -> list[str]:
    """The messages of the page's GOV.UK error summary (the page answered 200 with it)."""
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    return [str(e) for errors in response.context[form].errors.values() for e in errors]


def error_links(response) -> list[tuple[str, str]]:
    """The page's GOV.UK error summary as (message, where its link goes), in order; a message
    shown without a link has "" for where."""
    content = response.content.decode()
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', content, re.S)
    assert found, "the page has no error summary"
    links = []
    for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S):
        link = re.fullmatch(r'\s*<a href="([^"]*)">(.*?)</a>\s*', item, re.S)
        text, href = (link.group(2), link.group(1)) if link else (item, "")
        links.append((html.unescape(text.strip()), html.unescape(href)))
    return links


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def fresh_form(prefix: str = "") -> dict[str, str]:
    """The creation token a blank form that creates something carries (core.once): a new one
    each time, as each showing of the form has. `prefix` is the form's, if it has one."""
    return {f"{prefix}-token" if prefix else "token": str(uuid.uuid4())}
