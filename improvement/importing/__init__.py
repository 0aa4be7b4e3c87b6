"""Importing a plan's items, actions and progress updates from a CSV, XLSX or Word (DOCX)
file: our own export, or a tracker as a service keeps it (any column order and headers: the
person maps the file's columns to the fields, with guesses from common headers).

Rows with the same item reference form one item (a recommendation, an area for consideration
or a strength); rows with the same action reference under it form one action. Trackers are
taken as they are:
- with no reference column, items are numbered in file order (a new item wherever the item's
  text changes), and actions with no reference column likewise (1a, 1b, ...);
- references like 1a, 1b or 1.1, 1.2 (or "1" followed by rows "a", "b") are actions of item 1
  when no column holds action references;
- merged cells (blank cells under a filled one) take the value above when the person says the
  file has them (see FILL_DOWN);
- with no update-date column, one "as at" date is given for the whole file;
- dates as services write them (parse_date), RAG as words, letters, split ratings (the better
  or the worse, chosen once per file) and BRAG's blue or "complete" (a completed action).
Each row with a RAG, a date or a narrative is a dated progress update (on the action, or on
the item as a whole when the row names no action). Every row is checked before anything is
written: any error and nothing is imported; errors are grouped by cause, with a count, the
rows and the fix.

A file can be imported again, for example a tracker kept in Excel and re-imported each month:
a row whose item (or action) reference is already in the plan refers to that item, whose
details in the file are not applied (the plan is the record). Its progress updates are added
unless the item already has one with the same date, RAG and narrative, so importing the same
file twice adds nothing the second time.

A row naming a measure gives it to the row's item (once per item and name; one the item
already has is reused), with its unit, baseline, target and an actual value as at the value's
date, the update date or the file's one date (see measures): one value a measure and date.

Importing cannot sign off what the importer may not: a new action the file says is signed off
(or complete) is imported as complete, awaiting sign-off, unless the person importing signs
off the plan's actions (its improvement board); either way its status is recorded in the
action's history as theirs, by importing a file.

Every import is an ImportBatch that every row it creates points at: it can be undone as a
whole by whoever made it, until anything is added on top of it (undo_blocker).

The package, by responsibility: reading (the file as rows of text), fields (the fields and
guessing the mapping), values (dates, numbers, RAG, statuses, kinds, references), problems
(grouped errors), preview (what a file would add), in_plan (what the plan holds), checking
(rows into a Preview), measures (a row's measure and value), statuses (new actions'), writing
(import_into) and undoing (undo_blocker, import_undo)."""

from .checking import check
from .fields import (
    FIELD_KEYS,
    FIELDS,
    MEASURE_FIELDS,
    SAMPLE_VALUES,
    SPLIT_BETTER,
    SPLIT_WORSE,
    Field,
    column_name,
    column_samples,
    guess_mapping,
    unmapped_columns,
)
from .preview import (
    NewAction,
    NewMeasure,
    NewRecommendation,
    NewUpdate,
    Preview,
    changes_since,
    gone_message,
)
from .problems import Problem, RowProblem
from .reading import (
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportFileError,
    read_csv,
    read_docx,
    read_xlsx,
)
from .undoing import corrections_since, import_undo, may_undo, undo_blocker
from .values import (
    ParsedDate,
    ParsedNumber,
    RagReading,
    choose_split,
    has_split_ratings,
    imported_status,
    parse_date,
    parse_kind,
    parse_number,
    parse_rag,
    parse_status,
    parse_when,
    split_reference,
)
from .writing import AlreadyInPlanError, GoneFromPlanError, import_into

__all__ = [
    "FIELDS",
    "FIELD_KEYS",
    "MAX_CELL",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MEASURE_FIELDS",
    "SAMPLE_VALUES",
    "SPLIT_BETTER",
    "SPLIT_WORSE",
    "AlreadyInPlanError",
    "Field",
    "GoneFromPlanError",
    "ImportFileError",
    "NewAction",
    "NewMeasure",
    "NewRecommendation",
    "NewUpdate",
    "ParsedDate",
    "ParsedNumber",
    "Preview",
    "Problem",
    "RagReading",
    "RowProblem",
    "changes_since",
    "check",
    "choose_split",
    "column_name",
    "column_samples",
    "corrections_since",
    "gone_message",
    "guess_mapping",
    "has_split_ratings",
    "import_into",
    "import_undo",
    "imported_status",
    "may_undo",
    "parse_date",
    "parse_kind",
    "parse_number",
    "parse_rag",
    "parse_status",
    "parse_when",
    "read_csv",
    "read_docx",
    "read_xlsx",
    "split_reference",
    "undo_blocker",
    "unmapped_columns",
]
