"""Which documents exist: each app declares its own with register_document, once, from its
AppConfig.ready() (so the web and the worker processes both know them)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from accounts.models import User

    from .models import GeneratedDocument


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: its template, what fills it, and who may see one."""

    slug: str
    template: str
    # (document) -> the template's context. Raise documents.services.DocumentError with a message
    # for the user when the document cannot be made (e.g. "No training recorded yet").
    context: Callable[["GeneratedDocument"], dict[str, Any]]
    # (user, document) -> whether this person may see this document's pages and file.
    can_view: Callable[["User", "GeneratedDocument"], bool]


_KINDS: dict[str, DocumentKind] = {}


def register_document(
    kind: str,
    *,
    template: str,
    context: Callable[["GeneratedDocument"], dict[str, Any]],
    can_view: Callable[["User", "GeneratedDocument"], bool],
) -> DocumentKind:
    """Declare a kind of document. `template` extends "pdf/base.html"."""
    if not kind or len(kind) > 50 or not kind.replace("_", "").replace("-", "").isalnum():
        raise ImproperlyConfigured(f"Document kind {kind!r} is not a slug of 50 or fewer")
    declared = DocumentKind(slug=kind, template=template, context=context, can_view=can_view)
    if _KINDS.get(kind, declared) != declared:
        raise ImproperlyConfigured(f"Document kind {kind!r} is registered twice")
    _KINDS[kind] = declared
    return declared


def document_kind(kind: str) -> DocumentKind:
    """The registered kind; LookupError for one no app declares (any more)."""
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"No document kind {kind!r} is registered") from None
