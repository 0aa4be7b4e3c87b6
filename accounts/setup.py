"""Setting up a programme: the sections of its set-up page (`/programmes/<pk>/`).

Accounts shows the page and knows none of the sections other apps add: each app registers its
own from its AppConfig.ready() with register_setup_section(SetupSection(...)), as it registers
its navigation entries (core.navigation, whose registry this reuses). A section's `url_name`
is reversed with the programme's pk as `programme_pk`; every section page is for the
programme's coordinators (and technical staff) alone, fetching the programme with
`accounts.selectors.programme_to_set_up`, which answers 404 for any other."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise

from core.navigation import Navigation


@dataclass(frozen=True, kw_only=True)
class SetupSection:
    label: str | Promise
    url_name: str
    # Where it stands on the page, lowest first, numbered in tens.
    order: int
    description: str | Promise = ""


PROGRAMME_SETUP = Navigation()


def register_setup_section(*sections: SetupSection) -> None:
    """Add sections to every programme's set-up page; call it from AppConfig.ready()."""
    PROGRAMME_SETUP.register(*sections)


@dataclass(frozen=True)
class SetupLink:
    label: str
    url: str
    description: str


def setup_links(programme_pk: int) -> list[SetupLink]:
    """The sections of one programme's set-up page, in order, with their addresses."""
    return [
        SetupLink(
            label=str(section.label),
            url=reverse(section.url_name, kwargs={"programme_pk": programme_pk}),
            description=str(section.description),
        )
        for section in PROGRAMME_SETUP.entries()
    ]
