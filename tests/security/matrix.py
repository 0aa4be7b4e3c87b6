"""The access matrix's vocabulary: the roles every URL is visited as, the answers expected,
and the cases. Each app's cases live beside the main table (tests/security/matrix_*.py)."""

from dataclasses import dataclass, field

ROLES = [
    "anonymous",
    "no_role",
    "coordinator",
    "board_member",
    "reviewer",
    "service_lead",
    "improvement_board",
    "superuser",
]
LOGIN = "login"


def REDIRECT(path: str) -> str:  # noqa: N802 - reads as a constant in the table
    return f"redirect:{path}"


def answers(default, **by_role) -> dict[str, object]:
    return {role: by_role.get(role, default) for role in ROLES}


EVERYONE = answers(200)
SIGNED_IN = answers(200, anonymous=LOGIN)
COORDINATORS = answers(403, anonymous=LOGIN, coordinator=200, superuser=200)
# The programme's board and coordinators (and superusers); 403 for other signed-in people.
BOARD = answers(403, anonymous=LOGIN, coordinator=200, board_member=200, superuser=200)


# Pages of one object that only some may see: the rest get 404, which does not say it exists.
def VISIBLE_TO(**by_role) -> dict[str, object]:  # noqa: N802 - reads as a constant
    return answers(404, anonymous=LOGIN, **by_role)


SUPERUSERS = answers(403, anonymous=LOGIN, superuser=200)


@dataclass
class Case:
    expected: dict[str, object]
    args: object = None  # callable(world) -> list of URL arguments
    method: str = "get"
    data: dict = field(default_factory=dict)


def model_admin_cases(
    model: str, *, obj, app: str = "accounts", **expected_by_action
) -> dict[str, Case]:
    """The five admin pages of a model, for technical staff only unless told otherwise.
    `obj` gives the object's pk from the world."""
    cases = {}
    for action in ("changelist", "add", "change", "history", "delete"):
        needs_object = action in ("change", "history", "delete")
        cases[f"admin:{app}_{model}_{action}"] = Case(
            expected=expected_by_action.get(action, SUPERUSERS),
            args=(lambda w, obj=obj: [obj(w)]) if needs_object else None,
        )
    return cases


def superuser_admin_cases(app_model: str, *, obj) -> dict[str, Case]:
    """Records superusers read and delete (django-axes's, to lift a lockout; generated
    documents) and nobody adds by hand."""
    return {
        f"admin:{app_model}_{action}": Case(
            expected=answers(403, anonymous=LOGIN) if action == "add" else SUPERUSERS,
            args=(lambda w: [obj(w)]) if action in ("change", "history", "delete") else None,
        )
        for action in ("changelist", "add", "change", "history", "delete")
    }
