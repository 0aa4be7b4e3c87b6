"""Which documents exist: each app declares its own with register_document, once, from its
AppConfig.ready() (so the web and the worker processes both know them)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from accounts.models import User

    from .models import GeneratedDocument


class MadeFrom(NamedTuple):
    """What a document was made from, for the way back from its page: the link's words
    ("Back to the plan's dashboard") and where it leads."""

    label: str
    url: str


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
    # () -> the ids of this kind's documents that outlive DOCUMENTS_KEEP_DAYS (a queryset of
    # ids, e.g. the PDFs published reports serve); None: every one is purged in time.
    kept: Callable[[], Any] | None = None
    # (document) -> what it was made from (MadeFrom), which its page links back to; the
    # person who may see the document may see that too. None: the page has no way back.
    made_from: Callable[["GeneratedDocument"], MadeFrom] | None = None
    # (user, failed document) -> the new request "Try again" makes, for a kind that is asked
    # for through a service of its own (its checks, its timeline line, one at a time); None:
    # documents.services.document_request with the failed one's subject and title.
    ask_again: Callable[["User", "GeneratedDocument"], "GeneratedDocument"] | None = None
    # (user, document) -> whether this person may try again after a failure; None: whoever
    # may see the document.
    may_ask_again: Callable[["User", "GeneratedDocument"], bool] | None = None


_KINDS: dict[str, DocumentKind] = {}


def register_document(
    kind: str,
    *,
    template: str,
    context: Callable[["GeneratedDocument"], dict[str, Any]],
    can_view: Callable[["User", "GeneratedDocument"], bool],
    kept: Callable[[], Any] | None = None,
    made_from: Callable[["GeneratedDocument"], MadeFrom] | None = None,
    ask_again: Callable[["User", "GeneratedDocument"], "GeneratedDocument"] | None = None,
    may_ask_again: Callable[["User", "GeneratedDocument"], bool] | None = None,
) -> DocumentKind:
    """Declare a kind of document. `template` extends "pdf/base.html". `kept`, when given,
    names the documents of this kind the purge leaves alone (see DocumentKind.kept);
    `made_from`, the page the document's own page leads back to (DocumentKind.made_from);
    `ask_again` and `may_ask_again`, how and by whom a failed one is asked for again."""
    if not kind or len(kind) > 50 or not kind.replace("_", "").replace("-", "").isalnum():
        raise ImproperlyConfigured(f"Document kind {kind!r} is not a slug of 50 or fewer")
    declared = DocumentKind(
        slug=kind,
        template=template,
        context=context,
        can_view=can_view,
        kept=kept,
        made_from=made_from,
        ask_again=ask_again,
        may_ask_again=may_ask_again,
    )
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


def document_kinds() -> list[DocumentKind]:
    """Every registered kind."""
    return list(_KINDS.values())
