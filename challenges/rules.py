"""Who may see and do what with challenges: the predicates, each reading the one scope in
`visibility`."""

import rules
from django.core.exceptions import ObjectDoesNotExist

from accounts.rules import coordinates_its_programme, is_any_coordinator

from .enums import ON_SITE_OPEN, ReportState
from .visibility import challenge_scope


@rules.predicate
def can_view_challenge(user, challenge) -> bool:
    """The challenges_for_user selector's answer for one challenge; without one, whether the
    person sees any challenges at all (coordinators, service leads, team members)."""
    scope = challenge_scope(user)
    if challenge is None:
        return (
            scope.everything
            or bool(scope.programme_ids)
            or bool(scope.organisation_ids)
            or bool(scope.places)
        )
    return scope.allows(challenge)


coordinates_it = coordinates_its_programme


@rules.predicate
def leads_it(user, challenge) -> bool:
    """The team's lead or co-lead (an accepted or pending place)."""
    return challenge is not None and challenge_scope(user).leads(challenge)


@rules.predicate
def on_its_team(user, challenge) -> bool:
    return challenge is not None and challenge_scope(user).on_team(challenge)


@rules.predicate
def receives_it(user, challenge) -> bool:
    return challenge is not None and challenge_scope(user).receives(challenge)


@rules.predicate
def works_on_it(user, challenge) -> bool:
    """A member of its team who has accepted the place (the lead included): the only people
    who see its evidence. Not its coordinators, the service, other reviewers or superusers."""
    return challenge is not None and challenge_scope(user).works_on(challenge)


@rules.predicate
def open_on_site(_user, challenge) -> bool:
    """Preparing, on site or reporting: the team records activities, evidence and findings."""
    return challenge is not None and challenge.phase in ON_SITE_OPEN


rules.add_perm("challenges.view_challenge_list", can_view_challenge)
rules.add_perm("challenges.coordinate", is_any_coordinator)
rules.add_perm("challenges.manage_challenge", coordinates_it)
rules.add_perm("challenges.change_milestones", coordinates_it | leads_it)
# Ask these of `rules.has_perm(name, user, challenge)`, never `user.has_perm`: Django gives an
# active superuser every permission, and a superuser is not on the team.
rules.add_perm("challenges.view_evidence", works_on_it)
rules.add_perm("challenges.record_evidence", works_on_it & open_on_site)
rules.add_perm("challenges.lead_findings", leads_it & works_on_it & open_on_site)


# --- The report (challenges.report_services) ---------------------------------------------------


def _report_state(challenge) -> str | None:
    """The state of the challenge's report, or None before the lead starts it."""
    try:
        return challenge.report.state
    except ObjectDoesNotExist:
        return None


@rules.predicate
def report_shared(_user, challenge) -> bool:
    """Sent to the service for its factual-accuracy check, or further on: no longer the team's
    draft alone."""
    return challenge is not None and _report_state(challenge) not in (None, ReportState.DRAFT)


rules.add_perm(
    "challenges.view_report",
    works_on_it | ((coordinates_it | receives_it) & report_shared),
)
rules.add_perm("challenges.lead_report", leads_it & works_on_it)
rules.add_perm("challenges.comment_report", receives_it)
rules.add_perm("challenges.consent_report", receives_it)
rules.add_perm("challenges.publish_report", coordinates_it)
