"""Importing a checked file into the plan, all or nothing, as one ImportBatch: its items,
outcomes, actions, progress updates, measures and their values."""

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from improvement import services
from improvement.enums import ActionEventKind, ActionStatus
from improvement.models import (
    Action,
    DesiredOutcome,
    ImportBatch,
    ImprovementPlan,
    Measure,
    MeasureValue,
    ProgressUpdate,
    Recommendation,
)
from improvement.scope import plan_scope

from .preview import NewRecommendation, Preview, gone_message
from .values import imported_status

# --- Writing ---------------------------------------------------------------------------------


class AlreadyInPlanError(Exception):
    """A reference the preview took for new was added to the plan since: args[0] lists the
    recommendation references, args[1] the "recommendation/action" ones."""


class GoneFromPlanError(Exception):
    """Items or measures already in the plan that the preview relied on were deleted since
    (or a measure has a value since for a date the file gives one): args[0] is the list of
    messages saying which."""


def _measures_changed(plan: ImprovementPlan, preview: Preview) -> list[str]:
    """What changed since the preview in the measures it adds values to: a measure it found
    in the plan that is gone, or a date it adds a value for that now has one."""
    measures = [
        (rec, measure)
        for rec in preview.recommendations.values()
        if rec.in_plan
        for measure in rec.measures.values()
        if measure.in_plan
    ]
    if not measures:
        return []
    found = set(
        Measure.objects.filter(
            pk__in=[measure.existing_pk for _rec, measure in measures], recommendation__plan=plan
        ).values_list("pk", flat=True)
    )
    taken = set(
        MeasureValue.objects.filter(measure_id__in=found).values_list("measure_id", "recorded_on")
    )
    messages = []
    for rec, measure in measures:
        if measure.existing_pk not in found:
            messages.append(
                _(
                    "Measure '%(measure)s' of recommendation %(reference)s is no longer in the "
                    "plan: nothing was imported. Preview the import again"
                )
                % {"measure": measure.name, "reference": rec.reference}
            )
        elif any((measure.existing_pk, day) in taken for day in measure.values):
            messages.append(
                _(
                    "Measure '%(measure)s' of recommendation %(reference)s has had values "
                    "added since the preview: nothing was imported. Preview the import again"
                )
                % {"measure": measure.name, "reference": rec.reference}
            )
    return messages


def _check_still_valid(plan: ImprovementPlan, preview: Preview) -> None:
    """Under the plan lock: refuse if an item the preview found in the plan is gone (or has
    another reference now), or if a reference it took for new is now taken."""
    recs = preview.recommendations.values()
    existing_recs = {rec.existing_pk: rec.reference for rec in recs if rec.in_plan}
    existing_actions = {
        action.existing_pk: (rec.existing_pk, rec.reference, action.reference)
        for rec in recs
        if rec.in_plan
        for action in rec.actions.values()
        if action.in_plan
    }
    found_recs = dict(
        plan.recommendations.filter(pk__in=existing_recs).values_list("pk", "reference")
    )
    found_actions = {
        pk: (rec_id, reference)
        for pk, rec_id, reference in Action.objects.filter(
            pk__in=existing_actions, recommendation__plan=plan
        ).values_list("pk", "recommendation_id", "reference")
    }
    gone = [
        gone_message(reference)
        for pk, reference in existing_recs.items()
        if found_recs.get(pk) != reference
    ] + [
        gone_message(rec_ref, action_ref)
        for pk, (rec_id, rec_ref, action_ref) in existing_actions.items()
        if found_actions.get(pk) != (rec_id, action_ref)
    ]
    gone += _measures_changed(plan, preview)
    if gone:
        raise GoneFromPlanError(gone)
    taken = sorted(
        plan.recommendations.filter(
            reference__in=[rec.reference for rec in recs if not rec.in_plan]
        ).values_list("reference", flat=True)
    )
    new_actions = Q()
    for rec in recs:
        if rec.in_plan:
            references = [a.reference for a in rec.actions.values() if not a.in_plan]
            if references:
                new_actions |= Q(recommendation_id=rec.existing_pk, reference__in=references)
    taken_actions = (
        sorted(
            f"{rec_ref}/{ref}"
            for rec_ref, ref in Action.objects.filter(new_actions).values_list(
                "recommendation__reference", "reference"
            )
        )
        if new_actions
        else []
    )
    if taken or taken_actions:
        raise AlreadyInPlanError(taken, taken_actions)


# The history a new action imported complete or signed off starts with.
_SIGN_OFF_EVENTS = {
    ActionStatus.AWAITING_SIGN_OFF: ActionEventKind.COMPLETION_PROPOSED,
    ActionStatus.SIGNED_OFF: ActionEventKind.SIGNED_OFF,
}


def _measures_create(
    recommendation: Recommendation, new: NewRecommendation, batch: ImportBatch
) -> None:
    """The item's new measures and the new values of its measures (new or in the plan), each
    pointing at the import. One at a time, so each has its history (undo_blocker reads it)."""
    for new_measure in new.measures.values():
        if new_measure.in_plan:
            measure = Measure(pk=new_measure.existing_pk)
        else:
            measure = Measure.objects.create(
                recommendation=recommendation,
                name=new_measure.name,
                unit=new_measure.unit,
                baseline=new_measure.baseline,
                target=new_measure.target,
                import_batch=batch,
            )
        for recorded_on, value in sorted(new_measure.values.items()):
            MeasureValue.objects.create(
                measure=measure, recorded_on=recorded_on, value=value, import_batch=batch
            )


@transaction.atomic
def import_into(
    *, plan: ImprovementPlan, preview: Preview, by: User, filename: str = ""
) -> ImportBatch:
    """Create everything new in `preview` in `plan` and add the new progress updates to the
    items already in it, all or nothing. Refuses, nothing written, when the plan changed
    since the preview: a reference it took for new is now taken (AlreadyInPlanError) or an
    item it found in the plan is gone (GoneFromPlanError). Each item already in the plan that
    gets updates has its version raised, so that a save by someone who had it open is refused
    as stale. A new action is signed off only if `by` signs off the plan's actions (see
    imported_status); a new action complete or signed off is recorded as such, by `by`. The
    import is an ImportBatch (returned) that everything it creates points at, to undo it."""
    ImprovementPlan.objects.select_for_update().filter(pk=plan.pk).first()
    _check_still_valid(plan, preview)
    batch = ImportBatch.objects.create(
        plan=plan,
        filename=filename[: ImportBatch._meta.get_field("filename").max_length],
        by=by,
        recommendations=preview.recommendation_count,
        actions=preview.action_count,
        updates=preview.update_count,
    )
    may_sign_off = plan_scope(by).may_sign_off(plan)
    start = plan.recommendations.count()
    next_action_position = dict(
        Action.objects.filter(
            recommendation_id__in=[
                rec.existing_pk for rec in preview.recommendations.values() if rec.in_plan
            ]
        )
        .values("recommendation_id")
        .annotate(last=Max("position"))
        .values_list("recommendation_id", "last")
    )
    updates = []
    touched: dict[type, set[int]] = {Recommendation: set(), Action: set()}
    position = start
    for new in preview.recommendations.values():
        if new.in_plan:
            recommendation = Recommendation(pk=new.existing_pk)
            first_action_position = next_action_position.get(new.existing_pk, -1) + 1
            if new.updates:
                touched[Recommendation].add(new.existing_pk)
        else:
            recommendation = Recommendation.objects.create(
                plan=plan,
                reference=new.reference,
                kind=new.kind,
                text=new.text,
                addressee=new.addressee,
                domain=new.domain,
                position=position,
                import_batch=batch,
            )
            position += 1
            first_action_position = 0
            DesiredOutcome.objects.bulk_create(
                DesiredOutcome(
                    recommendation=recommendation, text=text, position=index, import_batch=batch
                )
                for index, text in enumerate(new.outcomes)
            )
        _measures_create(recommendation, new, batch)
        updates += [
            ProgressUpdate(
                recommendation=recommendation, author=by, import_batch=batch, **update.fields()
            )
            for update in new.updates
        ]
        action_position = first_action_position
        for new_action in new.actions.values():
            if new_action.in_plan:
                action = Action(pk=new_action.existing_pk)
                if new_action.updates:
                    touched[Action].add(new_action.existing_pk)
            else:
                action = Action.objects.create(
                    recommendation=recommendation,
                    reference=new_action.reference,
                    text=new_action.text,
                    lead_officer=new_action.lead_officer,
                    agency=new_action.agency,
                    due_on=new_action.due_on,
                    status=imported_status(new_action.status, may_sign_off=may_sign_off),
                    position=action_position,
                    import_batch=batch,
                )
                action_position += 1
                if action.status in _SIGN_OFF_EVENTS:
                    services.action_event_record(
                        action=action,
                        kind=_SIGN_OFF_EVENTS[action.status],
                        from_status="",
                        by=by,
                        by_import=True,
                    )
            updates += [
                ProgressUpdate(action=action, author=by, import_batch=batch, **update.fields())
                for update in new_action.updates
            ]
    # One at a time, in file order, so that created_at orders same-day updates as the file does.
    for update in updates:
        update.save()
    # Anyone who had one of these open now gets the stale-version refusal instead of saving
    # over the imported updates.
    now = timezone.now()
    for model, pks in touched.items():
        if pks:
            model.objects.filter(pk__in=pks).update(version=F("version") + 1, updated_at=now)
    services.current_rag_refresh(Recommendation.objects.filter(plan=plan))
    services.current_rag_refresh(Action.objects.filter(recommendation__plan=plan))
    return batch
