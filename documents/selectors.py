"""Reads for generated documents: only what the person may see."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404

from accounts.models import User

from .models import GeneratedDocument
from .registry import document_kind


def document_can_view(*, user: User, document: GeneratedDocument) -> bool:
    """Whether `user` may see `document`: its kind's can_view says. Nobody may see a document
    whose kind is no longer registered, and nobody signed out may see any."""
    if not user.is_authenticated or not user.is_active:
        return False
    try:
        kind = document_kind(document.kind)
    except LookupError:
        return False
    return bool(kind.can_view(user, document))


def document_for_user(*, user: User, pk: int) -> GeneratedDocument:
    """One document, or 404 for one the user may not see (so its existence is not told)."""
    document = (
        GeneratedDocument.objects.select_related("programme", "requested_by", "subject_type")
        .filter(pk=pk)
        .first()
    )
    if document is None or not document_can_view(user=user, document=document):
        raise Http404
    return document


def document_latest(
    *, kind: str, subject: models.Model, requested_by: User
) -> GeneratedDocument | None:
    """The newest document of `kind` about `subject` that `requested_by` asked for, whatever
    its status: for a page that links to it ("Download your CPD record", "Being prepared")."""
    return (
        GeneratedDocument.objects.filter(
            kind=kind,
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=subject.pk,
            requested_by=requested_by,
        )
        .order_by("-created_at", "-pk")
        .first()
    )
