"""A reviewer's CPD record: their training, reviews done and roles held, as a PDF made by the
generated-document pipeline (the documents app)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from documents.models import GeneratedDocument
from documents.registry import MadeFrom, register_document
from documents.services import document_request

from . import selectors
from .enums import PoolStatus
from .models import Reviewer

CPD_RECORD = "cpd_record"


def _context(document: GeneratedDocument) -> dict:
    reviewer = document.subject
    return {"reviewer": reviewer, "record": selectors.record_for(reviewer=reviewer)}


def _can_view(user: User, document: GeneratedDocument) -> bool:
    return user.has_perm("reviewers.view_reviewer", document.subject)


def _made_from(document: GeneratedDocument) -> MadeFrom:
    """The training on the reviewer's record, which the CPD record sets out."""
    return MadeFrom(
        _("Back to the training on %(name)s's record") % {"name": document.subject},
        reverse("reviewers:detail", args=[document.subject_id]) + "#training",
    )


def register() -> None:
    register_document(
        CPD_RECORD,
        template="reviewers/documents/cpd_record.html",
        context=_context,
        can_view=_can_view,
        made_from=_made_from,
    )


def cpd_record_request(*, reviewer: Reviewer, by: User) -> GeneratedDocument:
    """Ask for the reviewer's CPD record. The PDF's metadata names their first pool's
    programme, never the person."""
    first_pool = (
        reviewer.pools.filter(status=PoolStatus.ACCEPTED)
        .select_related("programme")
        .order_by("created_at")
        .first()
    )
    return document_request(
        kind=CPD_RECORD,
        subject=reviewer,
        requested_by=by,
        title=_("Peer reviewer CPD record"),
        programme=first_pool.programme if first_pool else None,
    )
