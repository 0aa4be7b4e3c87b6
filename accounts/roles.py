"""What a signed-in person may do, read once per request from their memberships."""

from dataclasses import dataclass, field

from .enums import Role

_CACHE_ATTRIBUTE = "_peerreview_roles"


@dataclass(frozen=True)
class UserRoles:
    """The roles one user holds: (role, programme id, organisation id) triples."""

    grants: frozenset[tuple[str, int | None, int | None]] = field(default_factory=frozenset)

    def has(self, role: Role) -> bool:
        return any(granted == role for granted, _programme, _organisation in self.grants)

    def programme_ids(self, *roles: Role) -> set[int]:
        return {
            programme
            for granted, programme, _organisation in self.grants
            if granted in roles and programme is not None
        }

    def organisation_ids(self, *roles: Role) -> set[int]:
        return {
            organisation
            for granted, _programme, organisation in self.grants
            if granted in roles and organisation is not None
        }

    @property
    def roles(self) -> set[Role]:
        return {Role(granted) for granted, _programme, _organisation in self.grants}

    def __bool__(self) -> bool:
        return bool(self.grants)


def roles_for(user) -> UserRoles:
    """The user's roles, cached on the user object so that a page asks the database once."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserRoles()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = UserRoles(
            frozenset(user.memberships.values_list("role", "programme_id", "organisation_id"))
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles, after a membership of this user changed."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
