"""Writes for generated documents: asking for one, rendering it (the task's body), trying
again after a failure, and the sweep that finds rows a lost message or a dead worker left
behind. Only these functions change a document's status."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import (
    DatabaseError,
    IntegrityError,
    OperationalError,
    connection,
    models,
    transaction,
)
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Programme, User

from .models import ACTIVE_DOCUMENT_STATUSES, DocumentStatus, GeneratedDocument
from .registry import document_kind, document_kinds
from .rendering import pdf_render

logger = logging.getLogger(__name__)

# Faults that pass: the database or the file storage was briefly unreachable. The task
# retries these with backoff; anything else is the document's own fault and is not retried.
TRANSIENT_ERRORS = (OperationalError, OSError)


class DocumentError(Exception):
    """Raised by a kind's context function when the document cannot be made; its message is
    shown to the user as it is, so write it in plain words."""


# --- Asking for a document -------------------------------------------------------------------


def document_request(
    *,
    kind: str,
    subject: models.Model,
    requested_by: User,
    title: str,
    programme: Programme | None = None,
) -> GeneratedDocument:
    """Store a request for a `kind` document about `subject` and queue its rendering after
    commit. While the same person's request for the same document is still queued or being
    rendered, return that one instead of making another.

    `title` names the PDF (its metadata title and download name): describe the document, never
    name a person. `programme`, when given, is named as the PDF's author."""
    registered = document_kind(kind)
    subject_type = ContentType.objects.get_for_model(subject)
    key = f"{kind}:{subject_type.app_label}.{subject_type.model}:{subject.pk}:{requested_by.pk}"
    with transaction.atomic():
        existing = _active(key)
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                document = GeneratedDocument.objects.create(
                    kind=kind,
                    template_name=registered.template,
                    subject_type=subject_type,
                    subject_id=subject.pk,
                    title=title,
                    programme=programme,
                    requested_by=requested_by,
                    language=translation.get_language() or settings.LANGUAGE_CODE,
                    idempotency_key=key,
                )
        except IntegrityError:
            # The same request, made at the same moment, was stored first: that one stands.
            existing = _active(key)
            if existing is None:
                raise
            return existing
        transaction.on_commit(partial(_enqueue, document.pk))
    return document


def may_ask_again(user: User, document: GeneratedDocument) -> bool:
    """Whether `user` may try again after `document` failed: as its kind says, or whoever
    may see it (documents.selectors has already checked that)."""
    check = document_kind(document.kind).may_ask_again
    return check is None or check(user, document)


def document_retry(*, document: GeneratedDocument, by: User) -> GeneratedDocument:
    """Ask again for a document that failed (a new row, requested by `by`), through its
    kind's own request where it has one. Any other document is returned as it is.
    PermissionDenied for someone who may not (may_ask_again)."""
    if document.status != DocumentStatus.FAILED:
        return document
    if not may_ask_again(by, document):
        raise PermissionDenied
    subject = document.subject
    if subject is None:
        raise DocumentError(_("What this document was made from no longer exists."))
    ask_again = document_kind(document.kind).ask_again
    if ask_again is not None:
        return ask_again(by, document)
    return document_request(
        kind=document.kind,
        subject=subject,
        requested_by=by,
        title=document.title,
        programme=document.programme,
    )


def _active(key: str) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(
        idempotency_key=key, status__in=ACTIVE_DOCUMENT_STATUSES
    ).first()


def _enqueue(document_id: int) -> None:
    """Send the rendering task. Never raises: a broker that is down must not fail the
    user's request. The row stays queued and the sweep sends it again."""
    from .tasks import render_document  # documents.tasks imports this module

    try:
        render_document.delay(document_id=document_id)
    except Exception:
        # Running eagerly (no broker), this is also where a render's last transient fault
        # ends up, after the task has recorded it on the row.
        logger.exception(
            "Could not queue generated document %s; the sweep will queue it again", document_id
        )


# --- Rendering (the body of documents.tasks.render_document) ---------------------------------


def document_render(*, document_id: int, task_id: str, final_attempt: bool) -> str:
    """Render one document and store its file; returns its status afterwards ("skipped" when
    there was nothing to do).

    Idempotent: a ready or failed row is left alone, and so is one another task is rendering;
    the file always has the row's own name, so rendering again replaces it. A failing template
    or context ends the row "failed" with a plain message. Transient faults (TRANSIENT_ERRORS)
    put the row back in the queue and are raised for the task to retry, except on the
    `final_attempt`, which ends it "failed"."""
    document = _claim(document_id=document_id, task_id=task_id)
    if document is None:
        return "skipped"
    try:
        with _heartbeat(document):
            pdf = pdf_render(document)
        _store(document, pdf)
    except TRANSIENT_ERRORS:
        logger.warning("Generated document %s: transient fault", document.pk, exc_info=True)
        _release(document, final_attempt=final_attempt)
        raise
    except DocumentError as error:
        _fail(document, str(error))
    except SoftTimeLimitExceeded:
        _fail(document, _message(document, "timeout"))
    except Exception:
        logger.exception("Generated document %s (%s) failed", document.pk, document.kind)
        _fail(document, _message(document, "failed"))
    else:
        return DocumentStatus.READY.value
    return DocumentStatus.FAILED.value


def _claim(*, document_id: int, task_id: str) -> GeneratedDocument | None:
    """Mark the row rendering by this task and count the attempt, or None when it is not
    this task's to render."""
    with transaction.atomic():
        document = (
            GeneratedDocument.objects.select_for_update(of=("self",))
            .select_related("programme")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.status in (DocumentStatus.READY, DocumentStatus.FAILED):
            return None
        now = timezone.now()
        if (
            document.status == DocumentStatus.RENDERING
            and document.task_id != task_id
            and not _stuck(now).filter(pk=document.pk).exists()
        ):
            return None  # another task is on it
        if document.attempts >= settings.DOCUMENTS_MAX_ATTEMPTS:
            _set_failed(document, _message(document, "attempts"))
            return None
        document.status = DocumentStatus.RENDERING
        document.attempts += 1
        document.task_id = task_id
        document.rendering_started_at = now
        document.rendering_seen_at = now
        document.error = ""
        document.save(
            update_fields=[
                "status",
                "attempts",
                "task_id",
                "rendering_started_at",
                "rendering_seen_at",
                "error",
                "updated_at",
            ]
        )
        return document


def _store(document: GeneratedDocument, pdf: bytes) -> None:
    """Save the file under the row's own name (replacing one an earlier attempt left) and mark
    the row ready, unless the row was taken from this task meanwhile."""
    storage = document.file.storage
    name = document.file.field.generate_filename(document, "document.pdf")
    storage.delete(name)
    saved = storage.save(name, ContentFile(pdf))
    with transaction.atomic():
        current = GeneratedDocument.objects.select_for_update().get(pk=document.pk)
        if current.status != DocumentStatus.RENDERING or current.task_id != document.task_id:
            return
        current.file.name = saved
        current.size = len(pdf)
        current.status = DocumentStatus.READY
        current.rendered_at = timezone.now()
        current.error = ""
        current.save(update_fields=["file", "size", "status", "rendered_at", "error", "updated_at"])
    document.refresh_from_db()


def _release(document: GeneratedDocument, *, final_attempt: bool) -> None:
    """After a transient fault: back to the queue for the retry, or failed when none is left.
    Best effort, as the database may be what failed; the sweep catches what this misses."""
    try:
        if final_attempt or document.attempts >= settings.DOCUMENTS_MAX_ATTEMPTS:
            _fail(document, _message(document, "attempts" if document.attempts > 1 else "failed"))
        else:
            _rendering_by(document).update(
                status=DocumentStatus.QUEUED, queued_at=timezone.now(), updated_at=timezone.now()
            )
    except DatabaseError:
        logger.exception("Generated document %s: could not record the fault", document.pk)


def _fail(document: GeneratedDocument, message: str) -> None:
    _rendering_by(document).update(
        status=DocumentStatus.FAILED, error=message, updated_at=timezone.now()
    )
    document.refresh_from_db()


def _set_failed(document: GeneratedDocument, message: str) -> None:
    document.status = DocumentStatus.FAILED
    document.error = message
    document.save(update_fields=["status", "error", "updated_at"])


def _rendering_by(document: GeneratedDocument) -> models.QuerySet[GeneratedDocument]:
    """The row, if it is still rendering by the same task (else nothing is changed)."""
    return GeneratedDocument.objects.filter(
        pk=document.pk, status=DocumentStatus.RENDERING, task_id=document.task_id
    )


def _message(document: GeneratedDocument, reason: str) -> str:
    """A failure in plain words, in the language the document was asked for in."""
    with translation.override(document.language or settings.LANGUAGE_CODE):
        if reason == "timeout":
            return _(
                "Making this document took too long. Try again later. If it happens again, "
                "contact the programme team."
            )
        if reason == "attempts":
            return _(
                "We tried to make this document several times without success. Try again "
                "later. If it happens again, contact the programme team."
            )
        return _(
            "Something went wrong while making this document. Try again. If it happens "
            "again, contact the programme team."
        )


# --- The sweep (documents.tasks.sweep_documents, run by Celery beat) -------------------------


@contextmanager
def _heartbeat(document: GeneratedDocument) -> Iterator[None]:
    """While the block runs, a thread records every DOCUMENTS_HEARTBEAT_SECONDS that the render
    is alive (rendering_seen_at), so that a render whose worker died is found by the sweep
    within DOCUMENTS_STUCK_AFTER_SECONDS, while one still running is never taken from it. A
    beat the database refuses is logged and ends the beats: the render carries on, and its
    file is stored only if the row is still its own (_store)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.DOCUMENTS_HEARTBEAT_SECONDS):
                _rendering_by(document).update(rendering_seen_at=timezone.now())
        except DatabaseError:
            logger.warning("Generated document %s: could not record its heartbeat", document.pk)
        finally:
            connection.close()  # this thread's own

    thread = threading.Thread(target=beat, name=f"document-{document.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _stuck(now) -> models.QuerySet[GeneratedDocument]:
    """Rows rendering whose render has not been heard from for DOCUMENTS_STUCK_AFTER_SECONDS:
    its worker died (killed, out of memory, its host restarted) or the hard time limit ended
    it. (A row from before the heartbeat counts from when its render started.)"""
    silent_since = now - timedelta(seconds=settings.DOCUMENTS_STUCK_AFTER_SECONDS)
    return GeneratedDocument.objects.filter(status=DocumentStatus.RENDERING).filter(
        Q(rendering_seen_at__lt=silent_since)
        | Q(rendering_seen_at__isnull=True, rendering_started_at__lt=silent_since)
    )


def documents_sweep(*, batch_size: int = 200) -> dict[str, int]:
    """Queue again what was lost: rows left queued for longer than
    DOCUMENTS_QUEUED_GRACE_SECONDS (their message never reached a worker, e.g. the broker was
    down) and rows stuck rendering past the time limit (their worker died). A stuck row that
    has used its DOCUMENTS_MAX_ATTEMPTS is marked failed instead. Returns the counts."""
    now = timezone.now()
    failed = 0
    to_enqueue: list[int] = []
    with transaction.atomic():
        stuck = list(
            _stuck(now)
            .select_for_update(skip_locked=True)
            .order_by("rendering_started_at")[:batch_size]
        )
        for document in stuck:
            if document.attempts >= settings.DOCUMENTS_MAX_ATTEMPTS:
                _set_failed(document, _message(document, "attempts"))
                failed += 1
            else:
                to_enqueue.append(document.pk)
        waiting = list(
            GeneratedDocument.objects.select_for_update(skip_locked=True)
            .filter(
                status=DocumentStatus.QUEUED,
                queued_at__lt=now - timedelta(seconds=settings.DOCUMENTS_QUEUED_GRACE_SECONDS),
            )
            .order_by("queued_at")
            .values_list("pk", flat=True)[:batch_size]
        )
        to_enqueue += waiting
        # Sent again now: the next sweep leaves them for another grace period.
        GeneratedDocument.objects.filter(pk__in=to_enqueue).update(
            status=DocumentStatus.QUEUED, task_id="", queued_at=now, updated_at=now
        )
        for document_id in to_enqueue:
            transaction.on_commit(partial(_enqueue, document_id))
    if to_enqueue or failed:
        logger.info(
            "Document sweep: %d queued again, %d failed after too many attempts",
            len(to_enqueue),
            failed,
        )
    return {"queued_again": len(to_enqueue), "failed": failed}


# --- Housekeeping ----------------------------------------------------------------------------


def documents_purge(*, batch_size: int = 500) -> int:
    """Delete finished documents (ready or failed) made more than DOCUMENTS_KEEP_DAYS ago,
    except those their kind keeps (register_document's `kept`: a published report's PDF),
    with their files (documents.signals), so old copies of what may be confidential do
    not pile up; anyone who needs one again asks for a fresh one. Documents on their way are
    left to the sweep. Returns how many were deleted."""
    cutoff = timezone.now() - timedelta(days=settings.DOCUMENTS_KEEP_DAYS)
    # What a kind keeps for good (a published report's PDF) is never old.
    kept = Q()
    for kind in document_kinds():
        if kind.kept is not None:
            kept |= Q(kind=kind.slug, pk__in=kind.kept())
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(
                GeneratedDocument.objects.select_for_update(skip_locked=True)
                .filter(
                    status__in=[DocumentStatus.READY, DocumentStatus.FAILED],
                    created_at__lt=cutoff,
                )
                .exclude(kept)
                .order_by("created_at")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                break
            # One by one through the ORM, so each row's file goes with it.
            for document in GeneratedDocument.objects.filter(pk__in=batch):
                document.delete()
            deleted += len(batch)
    if deleted:
        logger.info(
            "Document purge: %d documents older than %d days deleted",
            deleted,
            settings.DOCUMENTS_KEEP_DAYS,
        )
    return deleted
