"""Access cases for improvement plans (/plans/, /dashboards/): merged into the main MATRIX."""

from types import SimpleNamespace

from .matrix import Case

CASES: dict[str, Case] = {}


def world(base: SimpleNamespace) -> dict:
    """Objects these cases need, from the base world (users by role, programme,
    other_programme, organisation)."""
    return {}
