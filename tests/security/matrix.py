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


# Another programme's set-up page: 404 to a coordinator, which does not say it exists.
NOT_THEIRS = answers(403, anonymous=LOGIN, coordinator=404, superuser=200)
# Another programme's row asked for under one's own programme: it is not there, for anyone.
NOT_HERE = answers(403, anonymous=LOGIN, coordinator=404, superuser=404)


def setup_section_cases(
    pages: dict[str, str | None], forms: list[str], rows: dict[str, str]
) -> tuple[dict[str, Case], dict[str, Case]]:
    """The cases of a programme set-up section (/programmes/<pk>/…): every page is for the
    programme's coordinators and technical staff, 403 for other signed-in people; another
    programme's pages, and its rows under one's own programme, 404 to a coordinator, for a GET
    and for a POST of each form alike. `pages` maps each URL name to the row it is about (a
    key of `rows`; None for the list and add pages); `rows` maps each row to the world's
    attribute holding the programme's one (`other_` + it: the other programme's). Returns
    (CASES, OTHER_PROGRAMME_CASES)."""

    def own(row):
        if row is None:
            return lambda w: [w.programme.pk]
        return lambda w: [w.programme.pk, getattr(w, rows[row]).pk]

    def theirs(row):
        if row is None:
            return lambda w: [w.other_programme.pk]
        return lambda w: [w.other_programme.pk, getattr(w, f"other_{rows[row]}").pk]

    def theirs_under_own(row):
        return lambda w: [w.programme.pk, getattr(w, f"other_{rows[row]}").pk]

    cases = {name: Case(COORDINATORS, args=own(row)) for name, row in pages.items()}
    other = {
        **{f"{name}#other": Case(NOT_THEIRS, args=theirs(row)) for name, row in pages.items()},
        **{
            f"{name}#other-post": Case(NOT_THEIRS, args=theirs(pages[name]), method="post")
            for name in forms
        },
        **{
            f"{name}#other-row": Case(NOT_HERE, args=theirs_under_own(row))
            for name, row in pages.items()
            if row
        },
    }
    return cases, other
