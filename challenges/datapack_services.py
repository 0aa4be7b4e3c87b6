"""Writes for a challenge's data pack: asking for it (one at a time for the challenge, whoever
asks; a fresh version once the last is ready or failed), and what follows when the pipeline
has made it (the challenge's "data pack received" milestone done, a "Data pack ready" line on
its timeline)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from accounts.models import User
from documents.models import ACTIVE_DOCUMENT_STATUSES, DocumentStatus, GeneratedDocument
from documents.services import document_request

from . import services
from .datapack import DATA_PACK, data_pack_title, data_packs_of, may_request_data_pack
from .enums import ChallengeAction, MilestoneKind
from .models import Challenge, ChallengeEvent, Milestone


@transaction.atomic
def data_pack_request(*, challenge: Challenge, by: User) -> GeneratedDocument:
    """Ask the pipeline for the challenge's data pack (rendered by a Celery task after
    commit). While one is being prepared, whoever asked for it, that one is returned; asked
    later, a fresh version is made. Marks the "data pack requested" milestone done."""
    if not may_request_data_pack(by, challenge):
        raise PermissionDenied
    # Locked so that two people asking at once make one pack.
    locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
    active = data_packs_of(locked).filter(status__in=ACTIVE_DOCUMENT_STATUSES).first()
    if active is not None:
        return active
    document = document_request(
        kind=DATA_PACK,
        subject=locked,
        requested_by=by,
        title=data_pack_title(challenge),
        programme=challenge.programme,
    )
    ChallengeEvent.objects.create(
        challenge=locked,
        action=ChallengeAction.REQUEST_DATA_PACK,
        to_phase=locked.phase,
        actor=by,
    )
    requested = Milestone.objects.filter(
        challenge=locked, kind=MilestoneKind.DATA_PACK_REQUESTED, done_on__isnull=True
    ).first()
    if requested is not None:
        services.milestone_mark_done(milestone=requested, by=by)
    return document


def data_pack_received(document: GeneratedDocument) -> None:
    """The pack is ready: its challenge's "data pack received" milestone (if it has one, still
    to do) is done on the day it was made, and the timeline says so."""
    challenge = Challenge.objects.filter(pk=document.subject_id).first()
    if challenge is None:
        return
    when = document.rendered_at or timezone.now()
    Milestone.objects.filter(
        challenge=challenge, kind=MilestoneKind.DATA_PACK_RECEIVED, done_on__isnull=True
    ).update(done_on=timezone.localdate(when), updated_at=timezone.now())
    ChallengeEvent.objects.create(
        challenge=challenge,
        action=ChallengeAction.DATA_PACK_READY,
        to_phase=challenge.phase,
        actor=None,  # made by the pipeline: "Done automatically"
    )


def _on_document_saved(sender, instance: GeneratedDocument, update_fields=None, **kwargs):
    """documents.services saves a row ready with its status among the fields it names."""
    if (
        instance.kind == DATA_PACK
        and instance.status == DocumentStatus.READY
        and update_fields is not None
        and "status" in update_fields
    ):
        data_pack_received(instance)


def connect() -> None:
    post_save.connect(
        _on_document_saved, sender=GeneratedDocument, dispatch_uid="challenges.data_pack_ready"
    )
