"""The programme dashboard is cached (core.caching) and built from plans, their actions'
current RAG, the services and regions they belong to, and the programmes to filter by. Any
save or delete of one of those changes its generation, so the next request builds it afresh.
Writes that bypass signals (QuerySet.update, bulk_create) must bump it themselves, as
services.current_rag_refresh does."""

from django.db.models.signals import post_delete, post_save

from accounts.models import Organisation, Programme, Region
from core.caching import generation_bump

from .dashboards import HEATMAP_GENERATION
from .models import Action, ImprovementPlan, Recommendation


def heatmap_changed(sender, **kwargs) -> None:
    generation_bump(HEATMAP_GENERATION)


def connect() -> None:
    for model in (ImprovementPlan, Recommendation, Action, Organisation, Programme, Region):
        for signal in (post_save, post_delete):
            signal.connect(
                heatmap_changed, sender=model, dispatch_uid=f"heatmap:{model._meta.label}"
            )
