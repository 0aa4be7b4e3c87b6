"""A file's problems, grouped by cause with a count, the rows and the fix, and by row for
the preview's table of rows with problems."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from core.tabular import Problem, RowProblem, problem_rows, rows_text, values_text

from .fields import _LIMITS, _label


def _rows_text(rows: list[str]) -> str:
    return rows_text(rows)


def _values_text(values: list[str], *, quoted: bool = True) -> str:
    return values_text(values, quoted=quoted)


# Each cause of a row's problem: its message (singular, plural) with %(count)s rows,
# %(values)s (the distinct values at fault) and %(rows)s; the fix follows a colon.
_CAUSES = {
    "no_item": ngettext_lazy(
        "%(count)s row has neither a reference nor an item's text (%(rows)s): fill them in, "
        "or say the file has merged cells if the row belongs to the item above",
        "%(count)s rows have neither a reference nor an item's text (%(rows)s): fill them in, "
        "or say the file has merged cells if the rows belong to the item above",
        "count",
    ),
    "no_text": ngettext_lazy(
        "%(count)s new item has no text: %(values)s (%(rows)s): add its text to the file",
        "%(count)s new items have no text: %(values)s (%(rows)s): add their text to the file",
        "count",
    ),
    "bad_kind": ngettext_lazy(
        "%(count)s row has a kind of item we do not recognise: %(values)s (%(rows)s): use "
        "recommendation, area for consideration or strength",
        "%(count)s rows have a kind of item we do not recognise: %(values)s (%(rows)s): use "
        "recommendation, area for consideration or strength",
        "count",
    ),
    "strength_work": ngettext_lazy(
        "%(count)s row gives a strength an action or a progress update (%(rows)s): strengths "
        "carry neither, so leave them out or change the item's kind",
        "%(count)s rows give a strength an action or a progress update (%(rows)s): strengths "
        "carry neither, so leave them out or change the item's kind",
        "count",
    ),
    "no_action_ref": ngettext_lazy(
        "%(count)s row gives an action's details but no action reference (%(rows)s): fill it in",
        "%(count)s rows give an action's details but no action reference (%(rows)s): fill them in",
        "count",
    ),
    "no_action": ngettext_lazy(
        "%(count)s row gives a lead officer, agency, due date or status but no action "
        "(%(rows)s): they belong to actions, so choose the column that holds the actions, or "
        "choose no column for those",
        "%(count)s rows give a lead officer, agency, due date or status but no action "
        "(%(rows)s): they belong to actions, so choose the column that holds the actions, or "
        "choose no column for those",
        "count",
    ),
    "no_action_text": ngettext_lazy(
        "%(count)s new action has no text: %(values)s (%(rows)s): add its text to the file",
        "%(count)s new actions have no text: %(values)s (%(rows)s): add their text to the file",
        "count",
    ),
    "bad_due": ngettext_lazy(
        "%(count)s row has a due date we do not recognise: %(values)s (%(rows)s): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "%(count)s rows have a due date we do not recognise: %(values)s (%(rows)s): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "count",
    ),
    "bad_status": ngettext_lazy(
        "%(count)s row has a status we do not recognise: %(values)s (%(rows)s): use not "
        "started, in progress, complete or signed off",
        "%(count)s rows have a status we do not recognise: %(values)s (%(rows)s): use not "
        "started, in progress, complete or signed off",
        "count",
    ),
    "no_rag": ngettext_lazy(
        "%(count)s row has progress but no RAG rating (%(rows)s): give each update a rating",
        "%(count)s rows have progress but no RAG rating (%(rows)s): give each update a rating",
        "count",
    ),
    "bad_rag": ngettext_lazy(
        "%(count)s row has a RAG rating we do not recognise: %(values)s (%(rows)s): use red, "
        "amber or green (or R, A, G), a split rating like A/G, or blue for a completed action",
        "%(count)s rows have a RAG rating we do not recognise: %(values)s (%(rows)s): use red, "
        "amber or green (or R, A, G), a split rating like A/G, or blue for a completed action",
        "count",
    ),
    "split": ngettext_lazy(
        "%(count)s row has a split RAG rating: %(values)s (%(rows)s): choose whether to take "
        "the better or the worse of the two",
        "%(count)s rows have a split RAG rating: %(values)s (%(rows)s): choose whether to take "
        "the better or the worse of the two",
        "count",
    ),
    "no_progress": ngettext_lazy(
        "%(count)s row has a RAG rating but no progress (%(rows)s): add what progress was made",
        "%(count)s rows have a RAG rating but no progress (%(rows)s): add what progress was made",
        "count",
    ),
    "no_date": ngettext_lazy(
        "%(count)s row has progress but no update date (%(rows)s): fill it in, or give one "
        "date for the whole file",
        "%(count)s rows have progress but no update date (%(rows)s): fill them in, or give one "
        "date for the whole file",
        "count",
    ),
    "bad_date": ngettext_lazy(
        "%(count)s row has an update date we do not recognise: %(values)s (%(rows)s): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "%(count)s rows have an update date we do not recognise: %(values)s (%(rows)s): write "
        "dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "count",
    ),
    "future": ngettext_lazy(
        "%(count)s row has an update date in the future: %(values)s (%(rows)s): an update is "
        "as at today or earlier",
        "%(count)s rows have an update date in the future: %(values)s (%(rows)s): an update "
        "is as at today or earlier",
        "count",
    ),
    "no_measure": ngettext_lazy(
        "%(count)s row gives a unit, baseline, target or actual value but no measure "
        "(%(rows)s): fill in the measure's name, or choose no column for those",
        "%(count)s rows give a unit, baseline, target or actual value but no measure "
        "(%(rows)s): fill in the measure's name, or choose no column for those",
        "count",
    ),
    "strength_measure": ngettext_lazy(
        "%(count)s row gives a strength a measure (%(rows)s): strengths carry no measures, so "
        "leave it out or change the item's kind",
        "%(count)s rows give a strength a measure (%(rows)s): strengths carry no measures, so "
        "leave them out or change the item's kind",
        "count",
    ),
    "bad_number": ngettext_lazy(
        "%(count)s row has a baseline, target or actual value that is not a number: "
        "%(values)s (%(rows)s): write numbers like 45, 45.5, 45%% or 1,200, to two decimal "
        "places at most",
        "%(count)s rows have a baseline, target or actual value that is not a number: "
        "%(values)s (%(rows)s): write numbers like 45, 45.5, 45%% or 1,200, to two decimal "
        "places at most",
        "count",
    ),
    "no_actual": ngettext_lazy(
        "%(count)s row has a date for an actual value but no value (%(rows)s): fill it in, "
        "or leave the date out",
        "%(count)s rows have a date for an actual value but no value (%(rows)s): fill them "
        "in, or leave the dates out",
        "count",
    ),
    "no_value_date": ngettext_lazy(
        "%(count)s row has an actual value but no date (%(rows)s): fill it in, or give one "
        "date for the whole file",
        "%(count)s rows have an actual value but no date (%(rows)s): fill them in, or give "
        "one date for the whole file",
        "count",
    ),
    "bad_value_date": ngettext_lazy(
        "%(count)s row has a date of an actual value we do not recognise: %(values)s "
        "(%(rows)s): write dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "%(count)s rows have a date of an actual value we do not recognise: %(values)s "
        "(%(rows)s): write dates like 31/03/2026 or 31 March 2026, or a month like March 2026",
        "count",
    ),
    "future_value": ngettext_lazy(
        "%(count)s row has an actual value dated in the future: %(values)s (%(rows)s): a "
        "value is as at today or earlier",
        "%(count)s rows have an actual value dated in the future: %(values)s (%(rows)s): a "
        "value is as at today or earlier",
        "count",
    ),
    "measure_differs": ngettext_lazy(
        "%(count)s row gives a measure another unit, baseline or target than an earlier row "
        "does: %(values)s (%(rows)s): give each measure one unit, baseline and target",
        "%(count)s rows give a measure another unit, baseline or target than an earlier row "
        "does: %(values)s (%(rows)s): give each measure one unit, baseline and target",
        "count",
    ),
    "value_twice": ngettext_lazy(
        "%(count)s row gives a measure a second, different value for the same date: "
        "%(values)s (%(rows)s): keep one value for each measure and date",
        "%(count)s rows give a measure a second, different value for the same date: "
        "%(values)s (%(rows)s): keep one value for each measure and date",
        "count",
    ),
    "value_in_plan": ngettext_lazy(
        "%(count)s row gives a measure a value for a date the plan already has another value "
        "for: %(values)s (%(rows)s): correct the value in the file or in the plan",
        "%(count)s rows give a measure a value for a date the plan already has another value "
        "for: %(values)s (%(rows)s): correct the values in the file or in the plan",
        "count",
    ),
}
_TOO_LONG = ngettext_lazy(
    "%(count)s row has a %(field)s longer than %(limit)s characters (%(rows)s): shorten it",
    "%(count)s rows have a %(field)s longer than %(limit)s characters (%(rows)s): shorten them",
    "count",
)


# What is wrong with one row, in the preview's table of rows with problems.
_SHORT = {
    "no_item": gettext_lazy("No reference and no item text"),
    "no_text": gettext_lazy("New item with no text"),
    "bad_kind": gettext_lazy("Kind of item not recognised"),
    "strength_work": gettext_lazy("A strength with an action or an update"),
    "no_action_ref": gettext_lazy("No action reference"),
    "no_action": gettext_lazy("An action's details but no action"),
    "no_action_text": gettext_lazy("New action with no text"),
    "bad_due": gettext_lazy("Due date not recognised"),
    "bad_status": gettext_lazy("Status not recognised"),
    "no_rag": gettext_lazy("No RAG rating"),
    "bad_rag": gettext_lazy("RAG rating not recognised"),
    "split": gettext_lazy("Split RAG rating"),
    "no_progress": gettext_lazy("No progress"),
    "no_date": gettext_lazy("No update date"),
    "bad_date": gettext_lazy("Update date not recognised"),
    "future": gettext_lazy("Update date in the future"),
    "no_measure": gettext_lazy("A measure's details but no measure"),
    "strength_measure": gettext_lazy("A strength with a measure"),
    "bad_number": gettext_lazy("Not a number"),
    "no_actual": gettext_lazy("A date of an actual value but no value"),
    "no_value_date": gettext_lazy("An actual value with no date"),
    "bad_value_date": gettext_lazy("Date of the actual value not recognised"),
    "future_value": gettext_lazy("Actual value dated in the future"),
    "measure_differs": gettext_lazy("Another unit, baseline or target for the measure"),
    "value_twice": gettext_lazy("A second value for the same date"),
    "value_in_plan": gettext_lazy("Another value than the plan's for the date"),
}


# Causes whose values name items (not what the file says).
_NAMED_ITEMS = {"no_text", "no_action_text", "measure_differs", "value_twice", "value_in_plan"}


class _Problems:
    """Row problems collected by cause (in the order first met), then told as one Problem
    each; and by row, for the preview."""

    def __init__(self) -> None:
        self.causes: dict[str, tuple[list[str], list[str]]] = {}
        self.by_row: dict[str, list[str]] = {}

    def add(self, cause: str, row: str, value: str = "") -> None:
        rows, values = self.causes.setdefault(cause, ([], []))
        if row not in rows:
            rows.append(row)
        if value and value not in values:
            values.append(value)
        if cause.startswith("too_long:"):
            short = _("%(field)s too long") % {
                "field": capfirst(str(_label(cause.removeprefix("too_long:"))))
            }
        else:
            short = str(_SHORT[cause])
        if value:
            short = f"{short}: '{value}'"
        self.by_row.setdefault(row, []).append(short)

    def rows(self, rows: list[list[str]]) -> list[RowProblem]:
        return problem_rows(self.by_row, rows)

    def problems(self) -> list[Problem]:
        told = []
        for cause, (rows, values) in self.causes.items():
            context = {
                "count": len(rows),
                "rows": _rows_text(rows),
                # What the file says is quoted; the items we name are not.
                "values": _values_text(values, quoted=cause not in _NAMED_ITEMS),
            }
            if cause.startswith("too_long:"):
                key = cause.removeprefix("too_long:")
                message = _TOO_LONG
                context["field"] = str(_label(key)).lower()
                context["limit"] = _LIMITS[key]
            else:
                message = _CAUSES[cause]
            told.append(Problem(message % context, rows))
        return told


__all__ = ["Problem", "RowProblem"]
