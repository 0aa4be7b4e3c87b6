"""The publication check: what stops a report's latest version from being published. Each
section containing the name of one of the receiving service's people the system knows (full
name, and first and last name), or a word or phrase the lead marked as identifying, is a
problem, said in words a lead understands. Whole words, in any case."""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application

from .models import Challenge, Report


@dataclass(frozen=True)
class Problem:
    section: str
    term: str
    why: str

    def __str__(self) -> str:
        return _("“%(section)s” contains “%(term)s”, %(why)s.") % {
            "section": self.section,
            "term": self.term,
            "why": self.why,
        }


def _names_of(full_name: str) -> list[str]:
    """A person's full name and, for a longer name, their first and last names: a name of one
    word only is not checked (it would stop the report at a common word)."""
    words = full_name.split()
    if len(words) < 2:
        return []
    names = [" ".join(words)]
    if len(words) > 2:
        names.append(f"{words[0]} {words[-1]}")
    return names


def service_people(challenge: Challenge) -> list[str]:
    """The receiving service's people the system knows, by name: everyone with a role in the
    organisation (its service leads and improvement board), reviewers whose home organisation
    it is, and whoever started or is the contact for one of its applications."""
    organisation = challenge.organisation_id
    names = set(
        User.objects.filter(
            Q(memberships__organisation_id=organisation) | Q(reviewer__organisation_id=organisation)
        ).values_list("full_name", flat=True)
    )
    applications = Application.objects.filter(organisation_id=organisation)
    names |= set(applications.values_list("created_by__full_name", flat=True))
    names |= set(applications.exclude(contact_name="").values_list("contact_name", flat=True))
    return sorted({name for full in names for name in _names_of(full)})


def _found(term: str, text: str) -> bool:
    words = r"\s+".join(re.escape(word) for word in term.split())
    return bool(words) and re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


def publication_check(report: Report) -> list[Problem]:
    """What stops the latest version from being published: each section containing the name of
    one of the service's people, or a word the lead marked as identifying (whole words, in any
    case)."""
    version = report.versions.order_by("-number").first()
    if version is None:
        return []
    people = service_people(report.challenge)
    terms = list(report.identifying_terms.values_list("term", flat=True))
    problems = []
    for section in version.sections:
        text = f"{section['heading']}\n{section['text']}"
        for name in people:
            if _found(name, text):
                problems.append(
                    Problem(section["heading"], name, _("the name of one of the service's people"))
                )
        for term in terms:
            if _found(term, text):
                problems.append(
                    Problem(section["heading"], term, _("a word you marked as identifying"))
                )
    return problems
