"""Reading what a page told the person: its GOV.UK error summary and its flash messages."""


def errors_of(response, form: str = "form") -> list[str]:
    """The messages of the page's GOV.UK error summary (the page answered 200 with it)."""
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    return [str(e) for errors in response.context[form].errors.values() for e in errors]


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
