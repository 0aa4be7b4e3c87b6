"""Undoing an import as a whole, until anything is added on top of it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from improvement import services
from improvement.models import (
    Action,
    DesiredOutcome,
    ImportBatch,
    ImprovementPlan,
    Measure,
    MeasureValue,
    PlanRating,
    ProgressUpdate,
    Recommendation,
)

# --- Undoing ---------------------------------------------------------------------------------

# What an import creates, and what else a plan holds that a change leaves in history.
_BATCH_MODELS = (ProgressUpdate, MeasureValue, Measure, DesiredOutcome, Action, Recommendation)


def _plan_history(plan: ImprovementPlan) -> list:
    """The history of everything the plan holds (and held), as one queryset per model:
    its items, their actions, outcomes, updates, measures and values, and its ratings."""
    items = Recommendation.history.filter(plan_id=plan.pk).values("id")
    actions = Action.history.filter(recommendation_id__in=items).values("id")
    measures = Measure.history.filter(recommendation_id__in=items).values("id")
    return [
        Recommendation.history.filter(plan_id=plan.pk),
        Action.history.filter(recommendation_id__in=items),
        DesiredOutcome.history.filter(recommendation_id__in=items),
        Measure.history.filter(recommendation_id__in=items),
        MeasureValue.history.filter(measure_id__in=measures),
        ProgressUpdate.history.filter(Q(recommendation_id__in=items) | Q(action_id__in=actions)),
        PlanRating.history.filter(plan_id=plan.pk),
    ]


def undo_blocker(batch: ImportBatch) -> str | None:
    """Why the import can no longer be undone, or None while it can. It can be undone until
    anything is added on top of it, which is exactly:
    1. it is not undone already;
    2. no later import into the plan that is not undone;
    3. nothing has been added to the plan since it (items, actions, outcomes, progress
       updates, measures, values or ratings) other than by it, or by a later import since
       undone.
    Changes are not additions: a correction of what it added goes with it when it is undone
    (the confirmation says how many: corrections_since), and a change to anything else in the
    plan, or to the plan's own details, is left as it is. Who may undo it is may_undo's."""
    if batch.undone_at is not None:
        return _("This import has been undone")
    later = batch.plan.imports.filter(undone_at__isnull=True).filter(
        Q(created_at__gt=batch.created_at) | Q(created_at=batch.created_at, pk__gt=batch.pk)
    )
    if later.exists():
        return _("A later import into the plan has not been undone: undo that one first")
    undone = batch.plan.imports.filter(undone_at__isnull=False).values("pk")
    for history in _plan_history(batch.plan):
        added = history.filter(history_date__gte=batch.created_at, history_type="+")
        if any(item.name == "import_batch" for item in history.model._meta.fields):
            added = added.exclude(Q(import_batch_id=batch.pk) | Q(import_batch_id__in=undone))
        if added.exists():
            return _("Something has been added to the plan since this import")
    return None


def corrections_since(batch: ImportBatch) -> int:
    """How many of the rows the import added have been changed or deleted since: what undoing
    it takes away besides what it added."""
    return sum(
        model.history.filter(import_batch_id=batch.pk)
        .exclude(history_type="+")
        .values("id")
        .distinct()
        .count()
        for model in _BATCH_MODELS
    )


def may_undo(batch: ImportBatch, user: User) -> bool:
    """Whether `user` may undo the import now: whoever made it, while undo_blocker finds
    nothing on top of it."""
    return user.pk == batch.by_id and undo_blocker(batch) is None


@transaction.atomic
def import_undo(*, batch: ImportBatch, by: User) -> ImportBatch:
    """Delete everything the import created (its items, actions, outcomes, progress updates,
    measures and values), refresh the current RAG of what it had added updates to and raise
    their versions, and record the import as undone, by `by`. Refused (ValidationError) unless
    `by` made it and nothing has been added on top of it (undo_blocker)."""
    ImprovementPlan.objects.select_for_update().filter(pk=batch.plan_id).first()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if by.pk != batch.by_id:
        raise ValidationError(_("Only whoever made an import can undo it"))
    blocker = undo_blocker(batch)
    if blocker:
        raise ValidationError(blocker)
    own_updates = ProgressUpdate.objects.filter(import_batch=batch)
    touched_items = set(
        own_updates.filter(recommendation__isnull=False)
        .exclude(recommendation__import_batch=batch)
        .values_list("recommendation_id", flat=True)
    )
    touched_actions = set(
        own_updates.filter(action__isnull=False)
        .exclude(action__import_batch=batch)
        .values_list("action_id", flat=True)
    )
    for model in _BATCH_MODELS:
        model.objects.filter(import_batch=batch).delete()
    now = timezone.now()
    for model, pks in ((Recommendation, touched_items), (Action, touched_actions)):
        if pks:
            model.objects.filter(pk__in=pks).update(version=F("version") + 1, updated_at=now)
    services.current_rag_refresh(Recommendation.objects.filter(plan_id=batch.plan_id))
    services.current_rag_refresh(Action.objects.filter(recommendation__plan_id=batch.plan_id))
    batch.undone_at = now
    batch.undone_by = by
    batch.save(update_fields=["undone_at", "undone_by"])
    return batch
