"""Whether a finding is triangulated: one pure function over plain facts about the evidence
behind it (how many notes, from how many activities, of how many kinds of source), tested on
its own. The findings selector annotates the facts; the page and, later, the report read the
answer from here, so it is worked out in one place and never stored.

The rule: a finding is triangulated when its evidence comes from at least two activities
(different people met, files or documents read: independent sources) *and* at least two
kinds of source (what was heard checked against what was seen, read or shown by data).
Evidence from one activity, or of one kind only, is a single source, and the page says which
of the two it is."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Each of the two counts a finding needs before it is triangulated.
SOURCES_NEEDED = 2


@dataclass(frozen=True)
class Triangulation:
    notes: int
    activities: int
    source_types: int

    @property
    def single_source(self) -> bool:
        return self.activities < SOURCES_NEEDED or self.source_types < SOURCES_NEEDED

    @property
    def reason(self) -> str | Promise:
        """Why the finding rests on a single source ("" when it does not)."""
        if self.notes == 0:
            return _("No evidence is linked to it yet.")
        if self.activities < SOURCES_NEEDED:
            return _("All its evidence comes from one activity.")
        if self.source_types < SOURCES_NEEDED:
            return _("All its evidence is of one kind: check it against another source.")
        return ""


def triangulation(*, notes: int, activities: int, source_types: int) -> Triangulation:
    """The triangulation of evidence of `notes` notes from `activities` distinct activities and
    `source_types` distinct kinds of source."""
    return Triangulation(notes=notes, activities=activities, source_types=source_types)
