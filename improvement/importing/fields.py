"""The fields a file's columns map to, their limits, and guessing the mapping from the
file's headers (the export's, or those trackers commonly use)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from core.tabular import SAMPLE_VALUES, column_name, column_samples, guess_columns, unmapped_columns
from improvement.models import Action, Measure, ProgressUpdate, Recommendation


@dataclass(frozen=True)
class Field:
    key: str
    label: object  # lazy text
    header: str  # the export's header text (see exporting.headers)
    required: bool = False
    # Other headers trackers use for it (compared casefolded, without punctuation).
    aliases: tuple[str, ...] = ()


FIELDS = [
    # Not required: with no reference column, items are numbered in file order.
    Field(
        "rec_ref",
        gettext_lazy("Recommendation reference"),
        "Recommendation ref",
        aliases=("no", "number", "ref", "ref no", "reference", "rec", "rec no", "#"),
    ),
    # Not required: a file about recommendations already in the plan needs no text.
    Field(
        "rec_text",
        gettext_lazy("Recommendation"),
        "Recommendation",
        aliases=(
            "recommendations",
            "area for improvement",
            "finding",
            "recommendation / action",
            "recommendations and actions",
            "recommendation and action",
        ),
    ),
    Field("kind", gettext_lazy("Kind of item"), "Kind", aliases=("type", "item type")),
    Field(
        "domain",
        gettext_lazy("Line of enquiry or inspection domain"),
        "Line of enquiry",
        aliases=("domain", "theme", "key line of enquiry", "area", "standard"),
    ),
    Field("addressee", gettext_lazy("Addressed to"), "Addressed to", aliases=("to",)),
    Field(
        "outcomes",
        gettext_lazy("Desired outcomes"),
        "Desired outcomes",
        aliases=("desired outcome", "outcome", "outcomes", "success criteria"),
    ),
    Field("action_ref", gettext_lazy("Action reference"), "Action ref", aliases=("action no",)),
    Field(
        "action_text",
        gettext_lazy("Action"),
        "Action",
        aliases=("actions", "action required", "actions required", "what we will do"),
    ),
    Field(
        "lead_officer",
        gettext_lazy("Lead officer"),
        "Lead officer",
        aliases=("lead", "owner", "responsible officer", "who", "responsible"),
    ),
    Field("agency", gettext_lazy("Agency"), "Agency", aliases=("partner", "lead agency")),
    Field(
        "due_on",
        gettext_lazy("Due date"),
        "Due",
        aliases=("target date", "deadline", "by when", "timescale", "completion date"),
    ),
    Field("status", gettext_lazy("Status"), "Status", aliases=("action status",)),
    Field(
        "update_on",
        gettext_lazy("Update date"),
        "Update date",
        aliases=("date", "date of update", "as at", "updated", "last updated", "review date"),
    ),
    Field(
        "rag",
        gettext_lazy("RAG"),
        "Update RAG",
        aliases=("rag rating", "rag status", "brag", "rating"),
    ),
    Field(
        "progress",
        gettext_lazy("Progress"),
        "Progress",
        aliases=(
            "latest progress",
            "progress update",
            "update",
            "progress detail",
            "detail",
            "progress to date",
            "comments",
            "commentary",
        ),
    ),
    Field(
        "author",
        gettext_lazy("Progress update by"),
        "Update by",
        aliases=("updated by", "author", "update by", "by", "reported by"),
    ),
    # A measure of progress on the row's item, with its actual value as at a date.
    Field(
        "measure",
        gettext_lazy("Measure"),
        "Measure",
        aliases=(
            "measures",
            "indicator",
            "indicators",
            "performance indicator",
            "performance measure",
            "kpi",
            "success measure",
            "measure of success",
        ),
    ),
    Field("measure_unit", gettext_lazy("Unit of the measure"), "Unit", aliases=("units",)),
    Field("baseline", gettext_lazy("Baseline"), "Baseline", aliases=("baseline value",)),
    Field("target", gettext_lazy("Target"), "Target", aliases=("target value",)),
    Field(
        "actual",
        gettext_lazy("Actual value"),
        "Actual",
        aliases=("actual value", "actuals", "current", "current value", "value", "latest value"),
    ),
    Field(
        "actual_on",
        gettext_lazy("Date of the actual value"),
        "Actual as at",
        aliases=("value date", "date of value", "actual date", "measured on", "value as at"),
    ),
]
FIELD_KEYS = [item.key for item in FIELDS]

# The columns whose blank cells take the value above when the file has merged cells: the
# item's (always) and the action's (only within the same item). Never an update's own cells.
ITEM_COLUMNS = ("rec_ref", "rec_text", "kind", "domain", "addressee", "outcomes")
ACTION_COLUMNS = ("action_ref", "action_text", "lead_officer", "agency", "due_on", "status")
# A measure's columns fill down like an action's: only within the same item.
MEASURE_COLUMNS = ("measure", "measure_unit", "baseline", "target")
FILL_DOWN = ITEM_COLUMNS + ACTION_COLUMNS + MEASURE_COLUMNS
# The fields that say something about a measure.
MEASURE_FIELDS = (*MEASURE_COLUMNS, "actual", "actual_on")

# How a split rating such as "A/G" is taken: the better or the worse of the two.
SPLIT_BETTER = "better"
SPLIT_WORSE = "worse"


# --- Mapping ---------------------------------------------------------------------------------


def guess_mapping(header: list[str]) -> dict[str, str]:
    """For each field, the index (as text) of the column that holds it, or "": the column
    whose header is the export's for the field or its name, else one with a header trackers
    commonly use for it. No column is guessed for two fields."""
    return guess_columns(
        header,
        [
            {item.key: (item.header, str(item.label)) for item in FIELDS},
            {item.key: item.aliases for item in FIELDS},
        ],
    )


def _label(key: str):
    return next(item.label for item in FIELDS if item.key == key)


_LIMITS = {
    "rec_ref": Recommendation._meta.get_field("reference").max_length,
    "addressee": Recommendation._meta.get_field("addressee").max_length,
    "action_ref": Action._meta.get_field("reference").max_length,
    "lead_officer": Action._meta.get_field("lead_officer").max_length,
    "agency": Action._meta.get_field("agency").max_length,
    "domain": Recommendation._meta.get_field("domain").max_length,
    "author": ProgressUpdate._meta.get_field("author_name").max_length,
    "measure": Measure._meta.get_field("name").max_length,
    "measure_unit": Measure._meta.get_field("unit").max_length,
}


__all__ = ["SAMPLE_VALUES", "column_name", "column_samples", "unmapped_columns"]
