"""Who may see which challenges, written once and read two ways: as a filter for the
selectors' querysets (`q`) and as a test of one row for the `rules` predicates (`allows`).

A programme's coordinators see its challenges; the receiving service's leads see theirs (the
parts that are not the team's own); a reviewer sees the challenges they hold a place on (an
invitation not yet answered included). The team's own work on site (evidence and findings) is
for those who accepted their place only (`works_on`): not the service, the coordinators or
technical staff. It imports no model, so that `rules` can use it."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from accounts.enums import Role
from accounts.roles import roles_for
from accounts.rules import is_superuser
from offers.enums import TeamRole

from .enums import HOLDS_PLACE, MemberStatus

_CACHE_ATTRIBUTE = "_peerreview_team_places"
LEAD_ROLES = frozenset({TeamRole.LEAD, TeamRole.CO_LEAD})


@dataclass(frozen=True)
class ChallengeScope:
    everything: bool
    programme_ids: frozenset[int]
    organisation_ids: frozenset[int]
    # Challenge id -> the person's role on its team (places they hold).
    places: dict
    # Challenges whose lead or co-lead place the person has accepted.
    leading: frozenset = frozenset()
    # Challenges whose place on the team the person has accepted.
    accepted: frozenset = frozenset()

    def q(self) -> Q:
        if self.everything:
            return Q()
        return (
            Q(programme_id__in=self.programme_ids)
            | Q(organisation_id__in=self.organisation_ids)
            | Q(pk__in=list(self.places))
        )

    def allows(self, challenge) -> bool:
        return (
            self.everything
            or challenge.programme_id in self.programme_ids
            or challenge.organisation_id in self.organisation_ids
            or challenge.pk in self.places
        )

    def coordinates(self, challenge) -> bool:
        return self.everything or challenge.programme_id in self.programme_ids

    def receives(self, challenge) -> bool:
        return challenge.organisation_id in self.organisation_ids

    def on_team(self, challenge) -> bool:
        return challenge.pk in self.places

    def leads(self, challenge) -> bool:
        """The team's lead or co-lead, once they have accepted the place."""
        return challenge.pk in self.leading

    def works_on(self, challenge) -> bool:
        """A member of the team who has accepted their place: who sees its evidence. Being a
        superuser or a coordinator does not make someone one."""
        return challenge.pk in self.accepted


def team_places(user) -> dict[int, str]:
    """The challenges `user` holds a place on, with their role."""
    return _places_of(user)[0]


def _places_of(user) -> tuple[dict[int, str], frozenset[int], frozenset[int]]:
    """The places `user` holds (challenge -> role), the challenges they lead and those whose
    place they have accepted: one query, kept on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}, frozenset(), frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        member = apps.get_model("challenges", "TeamMember")
        rows = list(
            member.objects.filter(reviewer__user=user, status__in=sorted(HOLDS_PLACE)).values_list(
                "challenge_id", "role", "status"
            )
        )
        cached = (
            {challenge: role for challenge, role, _status in rows},
            frozenset(
                challenge
                for challenge, role, status in rows
                if role in LEAD_ROLES and status == MemberStatus.ACCEPTED
            ),
            frozenset(
                challenge for challenge, _role, status in rows if status == MemberStatus.ACCEPTED
            ),
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_team_places(user) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def challenge_scope(user) -> ChallengeScope:
    roles = roles_for(user)
    places, leading, accepted = _places_of(user)
    return ChallengeScope(
        everything=is_superuser(user),
        programme_ids=frozenset(roles.programme_ids(Role.COORDINATOR)),
        organisation_ids=frozenset(roles.organisation_ids(Role.SERVICE_LEAD)),
        places=places,
        leading=leading,
        accepted=accepted,
    )
