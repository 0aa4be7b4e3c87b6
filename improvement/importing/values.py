"""Reading one cell's value as services write them: dates, numbers (45%, 1,200), RAG ratings
(split and BRAG), statuses, kinds of item, references (1a under 1) and measures' names; and
rows as values by field, with merged cells filled down."""

import re
from dataclasses import dataclass
from decimal import Decimal

from core.tabular import ParsedDate, parse_date, parse_when
from improvement.enums import ActionStatus, ItemKind, Rag

from .fields import FILL_DOWN, ITEM_COLUMNS, SPLIT_BETTER

# --- Reading values --------------------------------------------------------------------------


@dataclass(frozen=True)
class RagReading:
    rag: str
    # Blue or "complete" (BRAG): the work is done.
    completed: bool = False
    # The two ratings of a split one ("A/G"), worse first, when it is one.
    split: tuple[str, str] | None = None


_RAG_WORDS = {
    "r": Rag.RED,
    "red": Rag.RED,
    "a": Rag.AMBER,
    "amber": Rag.AMBER,
    "g": Rag.GREEN,
    "green": Rag.GREEN,
}
_COMPLETE_WORDS = {"b", "blue", "complete", "completed"}
_RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN]
_SPLIT = re.compile(r"(red|amber|green|r|a|g)\s*[/\-\u2013—]\s*(red|amber|green|r|a|g)")


def parse_rag(text: str) -> RagReading | None:
    """Red, amber, green or their letters (any case); a split rating such as "A/G",
    "Amber-Green" or "R/A" (see choose_split); blue or "complete" (BRAG), a completed action,
    rated green. None for anything else."""
    word = " ".join(text.strip().casefold().split())
    if word in _RAG_WORDS:
        return RagReading(_RAG_WORDS[word])
    if word in _COMPLETE_WORDS:
        return RagReading(Rag.GREEN, completed=True)
    match = _SPLIT.fullmatch(word)
    if match:
        first, second = sorted((_RAG_WORDS[match[1]], _RAG_WORDS[match[2]]), key=_RAG_ORDER.index)
        if first != second:
            return RagReading(first, split=(first, second))
        return RagReading(first)
    return None


def choose_split(reading: RagReading, split: str) -> str:
    """The rating of a split reading taken as the person chose for the file: the better or
    the worse of the two."""
    if reading.split is None:
        return reading.rag
    return reading.split[1] if split == SPLIT_BETTER else reading.split[0]


def has_split_ratings(rows: list[list[str]], mapping: dict[str, str]) -> bool:
    """Whether the RAG column (as mapped) has a split rating, so the mapping page asks how to
    take them."""
    index = mapping.get("rag")
    if index in ("", None):
        return False
    column = int(index) + 1
    for row in rows:
        if column < len(row):
            reading = parse_rag(row[column])
            if reading and reading.split:
                return True
    return False


_STATUS_WORDS = {
    "not started": ActionStatus.NOT_STARTED,
    "not yet started": ActionStatus.NOT_STARTED,
    "to do": ActionStatus.NOT_STARTED,
    "in progress": ActionStatus.IN_PROGRESS,
    "ongoing": ActionStatus.IN_PROGRESS,
    "on going": ActionStatus.IN_PROGRESS,
    "on track": ActionStatus.IN_PROGRESS,
    "on-going": ActionStatus.IN_PROGRESS,
    "started": ActionStatus.IN_PROGRESS,
    "underway": ActionStatus.IN_PROGRESS,
    "under way": ActionStatus.IN_PROGRESS,
    "behind": ActionStatus.IN_PROGRESS,
    "delayed": ActionStatus.IN_PROGRESS,
    "awaiting sign off": ActionStatus.AWAITING_SIGN_OFF,
    "awaiting sign-off": ActionStatus.AWAITING_SIGN_OFF,
    # Completed, in a tracker: signed off if the person importing may sign off (imported_status).
    "complete": ActionStatus.SIGNED_OFF,
    "completed": ActionStatus.SIGNED_OFF,
    "done": ActionStatus.SIGNED_OFF,
    "achieved": ActionStatus.SIGNED_OFF,
    "closed": ActionStatus.SIGNED_OFF,
}


def parse_status(text: str) -> str | None:
    """Our statuses by value or name, and the words trackers use ("complete", "in progress",
    "ongoing", "on track", "not started"...): a completed action is signed off (see
    imported_status)."""
    word = " ".join(text.strip().casefold().split())
    for value, label in ActionStatus.choices:
        if word in (value, str(label).casefold(), value.replace("_", " ")):
            return value
    return _STATUS_WORDS.get(word)


_KIND_WORDS = {
    "recommendation": ItemKind.RECOMMENDATION,
    "recommendations": ItemKind.RECOMMENDATION,
    "rec": ItemKind.RECOMMENDATION,
    "area for consideration": ItemKind.AREA_FOR_CONSIDERATION,
    "areas for consideration": ItemKind.AREA_FOR_CONSIDERATION,
    "consideration": ItemKind.AREA_FOR_CONSIDERATION,
    "afc": ItemKind.AREA_FOR_CONSIDERATION,
    "area for improvement": ItemKind.RECOMMENDATION,
    "strength": ItemKind.STRENGTH,
    "strengths": ItemKind.STRENGTH,
}


def parse_kind(text: str) -> str | None:
    word = " ".join(text.strip().casefold().split())
    for value, label in ItemKind.choices:
        if word in (value, str(label).casefold(), value.replace("_", " ")):
            return value
    return _KIND_WORDS.get(word)


def imported_status(status: str, *, may_sign_off: bool) -> str:
    """The status a new action gets from the file's: signed off only when the person importing
    signs off the plan's actions; complete, awaiting sign-off, otherwise."""
    if status == ActionStatus.SIGNED_OFF and not may_sign_off:
        return ActionStatus.AWAITING_SIGN_OFF
    return status


# 45, -3, 45.5, .5, 1,200 or 1,200.50 (commas between thousands only).
_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+")
# What a measure's numbers hold (12 digits, 2 of them decimals).
_TOO_LARGE = Decimal(10) ** 10
_CENTS = Decimal("0.01")


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal
    # Written as a percentage ("45%").
    percent: bool = False


def parse_number(text: str) -> ParsedNumber | None:
    """A number as trackers write them: 45, 45.5, 1,200, -3 or 45% (a percentage, read as 45),
    to two decimal places at most. None for anything else: words, ranges, more decimals, or
    a number too large to keep."""
    word = "".join(text.split())
    percent = word.endswith("%")
    word = word.removesuffix("%")
    if not _NUMBER.fullmatch(word):
        return None
    value = Decimal(word.replace(",", ""))
    if value != value.quantize(_CENTS) or abs(value) >= _TOO_LARGE:
        return None
    return ParsedNumber(value, percent)


def measure_key(name: str) -> str:
    """What makes two measures of an item the same: their names, casefolded, spaces
    collapsed."""
    return " ".join(name.casefold().split())


_SUB_REFERENCE = re.compile(r"(\d+)\s*(?:\.\s*(\d+)|\(?([a-z])\)?)", re.I)
_LETTER_ONLY = re.compile(r"\(?([a-z])\)?\.?", re.I)


def split_reference(reference: str, last_item: str | None) -> tuple[str, str]:
    """An item's and an action's reference from one: "1a", "1 (a)" and "1.1" are action 1a or
    1.1 of item 1; "a" or "(b)" alone, an action of the item above (`last_item`); anything
    else is an item's, with no action."""
    match = _SUB_REFERENCE.fullmatch(reference)
    if match:
        item = match[1]
        return item, f"{item}.{match[2]}" if match[2] else f"{item}{match[3].lower()}"
    match = _LETTER_ONLY.fullmatch(reference)
    if match and last_item is not None:
        return last_item, f"{last_item}{match[1].lower()}"
    return reference, ""


def _letters(index: int) -> str:
    """a, b, ..., z, aa, ab, ...: the suffix of the action numbered `index` (from 0)."""
    text = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        text = chr(ord("a") + remainder) + text
    return text


_BULLET = re.compile(r"^[•●▪◦·*\-\u2013]\s*")


def _lines(text: str) -> list[str]:
    """The lines of a cell, without bullets, blanks left out."""
    return [_BULLET.sub("", line.strip()).strip() for line in text.splitlines() if line.strip()]


def _filled(rows: list[list[str]], columns: dict[str, int]) -> list[dict[str, str]]:
    """Each row's values by field, blank cells under a filled one taking the value above (the
    file has merged cells): the item's columns always, the action's only while the row is on
    the same item as the row above."""
    filled: list[dict[str, str]] = []
    above: dict[str, str] = {}
    for row in rows:
        cells = row[1:]
        values = {
            key: cells[index].strip() if index < len(cells) else ""
            for key, index in columns.items()
        }
        same_item = all(
            not values.get(key) or values.get(key) == above.get(key)
            for key in ("rec_ref", "rec_text")
        )
        for key in FILL_DOWN:
            if key in values and not values[key] and (key in ITEM_COLUMNS or same_item):
                values[key] = above.get(key, "")
        above = values
        filled.append(values)
    return filled


__all__ = ["ParsedDate", "parse_date", "parse_when"]
