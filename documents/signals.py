"""A generated document's file goes with its row, however the row is deleted (the purge, the
admin, a cascade): the file is removed once the deletion is committed, so a rolled-back
deletion keeps it."""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete

from .models import GeneratedDocument

logger = logging.getLogger(__name__)


def _remove_file(storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        # Left behind, not lost: the row is gone, so nothing links to it.
        logger.warning("Could not delete the file of a deleted document: %s", name)


def file_removed_with_row(sender, instance: GeneratedDocument, **kwargs) -> None:
    if instance.file:
        transaction.on_commit(partial(_remove_file, instance.file.storage, instance.file.name))


def connect() -> None:
    post_delete.connect(
        file_removed_with_row, sender=GeneratedDocument, dispatch_uid="documents.document_file"
    )
