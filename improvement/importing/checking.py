"""Checking a file's rows into a Preview: the plan structure they describe and their
problems, nothing written."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from improvement.enums import ActionStatus, ItemKind
from improvement.models import ImprovementPlan

from .fields import _LIMITS, FIELD_KEYS, SPLIT_BETTER, SPLIT_WORSE
from .in_plan import _PlanItems
from .measures import add_measure, read_measure
from .preview import NewAction, NewRecommendation, NewUpdate, Preview, _describe
from .problems import Problem, _Problems, _values_text
from .statuses import _settle_statuses
from .values import (
    _STATUS_WORDS,
    _filled,
    _letters,
    _lines,
    choose_split,
    parse_kind,
    parse_rag,
    parse_status,
    parse_when,
    split_reference,
)


def check(
    *,
    rows: list[list[str]],
    mapping: dict[str, str],
    plan: ImprovementPlan,
    may_sign_off: bool = False,
    merged: bool = False,
    as_at: datetime.date | None = None,
    split: str = "",
) -> Preview:
    """The plan structure the rows describe, and the file's problems grouped by cause (see
    the module's docstring for how a tracker is read). `merged`: the file has merged cells;
    `as_at`: the date of the updates with none of their own; `split`: how to take a split
    rating (SPLIT_BETTER or SPLIT_WORSE). A new action the file says is signed off (or
    complete) is taken as awaiting sign-off (and a note says so) unless `may_sign_off`: whether
    the person importing signs off the plan's actions."""
    today = timezone.localdate()
    recommendations: dict[str, NewRecommendation] = {}
    problems = _Problems()
    file_errors: list[Problem] = []
    notes: list[str] = []
    reading_notes: list[str] = []
    month_only: list[str] = []
    skipped_rows = 0
    columns = {
        key: int(index)
        for key, index in mapping.items()
        if key in FIELD_KEYS and index not in ("", None)
    }
    has_ref, has_action_ref = "rec_ref" in columns, "action_ref" in columns
    in_plan = _PlanItems.load(plan, measures="measure" in columns)

    if (
        as_at is None
        and "update_on" not in columns
        and any(key in columns for key in ("rag", "progress"))
    ):
        file_errors.append(
            Problem(
                _(
                    "No column holds the date of the updates: choose one, or give one date for "
                    "the whole file"
                )
            )
        )
    if as_at is None and "actual" in columns and not {"actual_on", "update_on"} & set(columns):
        file_errors.append(
            Problem(
                _(
                    "No column holds the date of the actual values: choose one, or give one "
                    "date for the whole file"
                )
            )
        )
    if as_at is not None and as_at > today:
        file_errors.append(Problem(_("The date of the updates must be today or in the past")))

    values_by_row = (
        _filled(rows, columns)
        if merged
        else [
            {
                key: row[1:][index].strip() if index < len(row) - 1 else ""
                for key, index in columns.items()
            }
            for row in rows
        ]
    )
    numbered = 0  # items numbered in file order
    grouped = 0  # rows whose reference is an action's under an item (1a under 1)
    # The references that are items' on their own: a row of the file's, or the plan's.
    parents = set(in_plan.recommendations)
    if has_ref:
        parents |= {
            values.get("rec_ref", "")
            for values in values_by_row
            if not split_reference(values.get("rec_ref", ""), None)[1]
        }
    number = in_plan.next_number()
    last_item: str | None = None
    last_text = ""
    # Per item: the last action numbered in file order, and its text.
    numbered_actions: dict[str, tuple[str, str]] = {}

    for row, given in zip(rows, values_by_row, strict=True):
        row_number = row[0]
        values = {key: given.get(key, "") for key in FIELD_KEYS}
        before = len(problems.causes), sum(len(r) for r, _v in problems.causes.values())

        def problem(cause: str, value: str = "", row_number=row_number) -> None:
            problems.add(cause, row_number, value)

        for key, limit in _LIMITS.items():
            if key not in ("rec_ref", "action_ref") and len(values[key]) > limit:
                problem(f"too_long:{key}")

        # Which item and action the row is about.
        rec_ref, action_ref = values["rec_ref"], values["action_ref"]
        rec_text, action_text = values["rec_text"], values["action_text"]
        if has_ref and rec_ref and not has_action_ref:
            parent, sub = split_reference(rec_ref, last_item)
            # 1a or 1.1 is an action of item 1 where item 1 is there to hold it (a row of its
            # own, the plan's, or an action column beside the item's); otherwise (1.1, 1.2 and
            # 2.1 alone) the references are the items'.
            if sub and (parent in parents or parent == last_item or "action_text" in columns):
                rec_ref, action_ref = parent, sub
                grouped += 1
                if not action_text:
                    # One text column: on an action's row, it is the action's.
                    action_text, rec_text = rec_text, ""
        if not has_ref or not rec_ref:
            if not has_ref and rec_text and rec_text != last_text:
                rec_ref = str(number + numbered)
                numbered += 1
            elif not has_ref and rec_text:
                rec_ref = last_item or ""
            if not rec_ref:
                problem("no_item")
        for key, reference in (("rec_ref", rec_ref), ("action_ref", action_ref)):
            if len(reference) > _LIMITS[key]:
                problem(f"too_long:{key}")
        if rec_ref and not has_action_ref and not action_ref and action_text:
            # Actions numbered in file order: a new one wherever the action's text changes.
            last_ref, last_action_text = numbered_actions.get(rec_ref, ("", ""))
            if action_text == last_action_text:
                action_ref = last_ref
            else:
                known = recommendations.get(rec_ref)
                action_ref = f"{rec_ref}{_letters(len(known.actions) if known else 0)}"
                numbered_actions[rec_ref] = (action_ref, action_text)
        if rec_ref:
            last_item = rec_ref
        if rec_text:
            last_text = rec_text

        existing_rec = in_plan.recommendations.get(rec_ref) if rec_ref else None
        recommendation = recommendations.get(rec_ref)
        if rec_ref and recommendation is None and existing_rec is None and not rec_text:
            problem("no_text", rec_ref)
        kind = ItemKind.RECOMMENDATION
        if values["kind"]:
            kind = parse_kind(values["kind"])
            if kind is None:
                problem("bad_kind", values["kind"])
        elif recommendation is not None:
            kind = recommendation.kind

        action = recommendation.actions.get(action_ref) if recommendation and action_ref else None
        existing_action = (
            in_plan.actions.get((existing_rec.pk, action_ref))
            if existing_rec and action_ref
            else None
        )
        action_fields_given = any(
            values[key] for key in ("action_text", "lead_officer", "agency", "due_on", "status")
        )
        if has_action_ref and not action_ref and action_fields_given:
            problem("no_action_ref")
        elif not has_action_ref and not action_ref and action_fields_given:
            problem("no_action")
        if action_ref and action is None and existing_action is None and not action_text:
            problem("no_action_text", _describe(rec_ref, action_ref))
        due_on = None
        if values["due_on"]:
            parsed = parse_when(values["due_on"])
            if parsed is None:
                problem("bad_due", values["due_on"])
            else:
                due_on = parsed.date
                if parsed.month_only and values["due_on"] not in month_only:
                    month_only.append(values["due_on"])
        status = ""
        if values["status"]:
            status = parse_status(values["status"]) or ""
            if not status:
                problem("bad_status", values["status"])
        said_signed_off = status == ActionStatus.SIGNED_OFF and (
            " ".join(values["status"].casefold().split()) not in _STATUS_WORDS
        )

        def read_update_on(text=values["update_on"], problem=problem) -> datetime.date | None:
            parsed = parse_when(text)
            if parsed is None:
                problem("bad_date", text)
                return None
            if parsed.month_only and text not in month_only:
                month_only.append(text)
            if parsed.date > today:
                problem("future", text)
            return parsed.date

        update = None
        update_on = None  # the row's update date, once read
        if values["rag"] or values["progress"] or (values["update_on"] and not values["actual"]):
            reading = parse_rag(values["rag"]) if values["rag"] else None
            if not values["rag"]:
                problem("no_rag")
            elif reading is None:
                problem("bad_rag", values["rag"])
            elif reading.split and split not in (SPLIT_BETTER, SPLIT_WORSE):
                problem("split", values["rag"])
            if not values["progress"]:
                problem("no_progress")
            recorded_on = as_at
            if values["update_on"]:
                recorded_on = update_on = read_update_on()
            elif as_at is None and "update_on" in columns:
                problem("no_date")
            if reading and values["progress"] and recorded_on:
                update = NewUpdate(
                    rag=choose_split(reading, split),
                    narrative=values["progress"],
                    recorded_on=recorded_on,
                    author_name=values["author"],
                    completed=reading.completed,
                )
        elif values["update_on"]:
            # A row with an actual value and no progress: the date is the value's.
            update_on = read_update_on()
        if kind == ItemKind.STRENGTH and (action_ref or update):
            problem("strength_work")
        measure = read_measure(
            values,
            update_on=update_on,
            as_at=as_at,
            today=today,
            dated=bool({"actual_on", "update_on"} & set(columns)),
            month_only=month_only,
            problem=problem,
        )
        if measure and ItemKind.STRENGTH in (kind, existing_rec and existing_rec.kind):
            problem("strength_measure")

        after = len(problems.causes), sum(len(r) for r, _v in problems.causes.values())
        if after != before or not rec_ref:
            continue
        if recommendation is None:
            if existing_rec is not None:
                # The plan is the record: the file's text, addressee and outcomes are not used.
                recommendation = recommendations[rec_ref] = NewRecommendation(
                    reference=rec_ref,
                    text=existing_rec.text,
                    addressee=existing_rec.addressee,
                    kind=existing_rec.kind,
                    domain=existing_rec.domain,
                    existing_pk=existing_rec.pk,
                )
                notes.append(
                    _(
                        "Recommendation %(reference)s is already in the plan: only new actions "
                        "and progress updates are added, not its details in the file"
                    )
                    % {"reference": rec_ref}
                )
            else:
                recommendation = recommendations[rec_ref] = NewRecommendation(
                    reference=rec_ref,
                    text=rec_text,
                    addressee=values["addressee"],
                    kind=kind,
                    domain=values["domain"],
                    outcomes=_lines(values["outcomes"]),
                )
        recommendation.rows.append(row_number)
        added = measure is not None and add_measure(
            recommendation,
            measure,
            in_plan=in_plan,
            row_number=row_number,
            notes=notes,
            problem=problem,
        )
        target: NewRecommendation | NewAction = recommendation
        if action_ref:
            if action is None:
                if existing_action is not None:
                    action = recommendation.actions[action_ref] = NewAction(
                        reference=action_ref,
                        text=existing_action.text,
                        lead_officer=existing_action.lead_officer,
                        agency=existing_action.agency,
                        due_on=existing_action.due_on,
                        status=existing_action.status,
                        existing_pk=existing_action.pk,
                    )
                else:
                    action = recommendation.actions[action_ref] = NewAction(
                        reference=action_ref,
                        text=action_text,
                        lead_officer=values["lead_officer"],
                        agency=values["agency"],
                        due_on=due_on,
                        file_status=status,
                        said_signed_off=said_signed_off,
                    )
            elif not action.in_plan and status:
                # The latest row's status stands.
                action.file_status, action.said_signed_off = status, said_signed_off
            action.rows.append(row_number)
            target = action
        if update is None:
            if target.in_plan and not added:
                skipped_rows += 1  # already in the plan: nothing to add
            continue
        if any(update.key() == earlier.key() for earlier in target.updates):
            continue  # the same update again (a merged cell in a Word table, say)
        if target.in_plan and update.key() in in_plan.update_keys.get(
            ("action" if isinstance(target, NewAction) else "recommendation", target.existing_pk),
            set(),
        ):
            skipped_rows += 1
            continue
        target.updates.append(update)

    sign_off_notes = _settle_statuses(recommendations, may_sign_off=may_sign_off)
    if not has_ref and numbered:
        reading_notes.append(
            ngettext(
                "No column holds the references: the item is numbered %(first)s.",
                "No column holds the references: the items are numbered %(first)s to %(last)s "
                "in the order of the file.",
                numbered,
            )
            % {"first": number, "last": number + numbered - 1}
        )
    if grouped:
        reading_notes.append(
            _(
                "References like 1a or 1.1 are taken as actions of the item with the number "
                "before them (1)."
            )
        )
    if month_only:
        reading_notes.append(
            ngettext(
                "%(count)s date gives a month only (%(values)s): it is taken as the 1st of "
                "the month.",
                "%(count)s dates give a month only (%(values)s): each is taken as the 1st of "
                "its month.",
                len(month_only),
            )
            % {"count": len(month_only), "values": _values_text(month_only)}
        )
    if as_at is not None and "update_on" not in columns:
        reading_notes.append(
            _("The updates are as at %(date)s, the date given for the whole file.")
            % {"date": as_at.strftime("%-d %B %Y")}
        )
    return Preview(
        recommendations=recommendations,
        errors=file_errors + problems.problems(),
        notes=notes,
        skipped_rows=skipped_rows,
        sign_off_notes=sign_off_notes,
        reading_notes=reading_notes,
        problem_rows=problems.rows(rows),
    )
