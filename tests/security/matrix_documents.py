"""Access cases for generated documents (/documents/<pk>/...): merged into the main MATRIX.

A document's pages and file are for whoever its kind's can_view allows, 404 for everyone else
(which does not say it exists). The kind registered here lets the person who asked for it and
the coordinators of its programme see it, as a real kind (a reviewer's CPD record) would."""

from types import SimpleNamespace

from accounts.rules import coordinates_programme
from documents.registry import register_document

from .matrix import REDIRECT, VISIBLE_TO, Case, superuser_admin_cases

KIND = "access_matrix_document"

register_document(
    KIND,
    template="pdf/test_document.html",
    context=lambda document: {"programme": document.subject},
    can_view=lambda user, document: (
        user.pk == document.requested_by_id or coordinates_programme(user, document.programme)
    ),
)

REQUESTER_AND_COORDINATORS = VISIBLE_TO(reviewer=200, coordinator=200, superuser=200)

CASES: dict[str, Case] = {
    # The admin's list is for technical staff only: read and delete, never add or change.
    **superuser_admin_cases("documents_generateddocument", obj=lambda w: w.generated_document.pk),
    "documents:document": Case(
        REQUESTER_AND_COORDINATORS, args=lambda w: [w.generated_document.pk]
    ),
    "documents:document_status": Case(
        REQUESTER_AND_COORDINATORS, args=lambda w: [w.generated_document.pk]
    ),
    "documents:document_download": Case(
        REQUESTER_AND_COORDINATORS, args=lambda w: [w.generated_document.pk]
    ),
    # "Try again" on a document that has not failed changes nothing: back to its page.
    "documents:document_retry": Case(
        VISIBLE_TO(
            reviewer=REDIRECT("/documents/{document}/"),
            coordinator=REDIRECT("/documents/{document}/"),
            superuser=REDIRECT("/documents/{document}/"),
        ),
        args=lambda w: [w.generated_document.pk],
        method="post",
    ),
}

# Another programme's document, asked for by someone else: only superusers see it.
OTHER_PROGRAMME_CASES: dict[str, Case] = {
    f"{name}#other_programme": Case(
        VISIBLE_TO(superuser=200), args=lambda w: [w.other_generated_document.pk]
    )
    for name in ("documents:document", "documents:document_status", "documents:document_download")
}


def world(base: SimpleNamespace) -> dict:
    """A ready document of the programme, asked for by the world's reviewer; and one of the
    other programme, asked for by one of its reviewers."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from documents.models import DocumentStatus, GeneratedDocument
    from tests import factories

    def ready_document(*, programme, requested_by) -> GeneratedDocument:
        document = GeneratedDocument(
            kind=KIND,
            template_name="pdf/test_document.html",
            subject=programme,
            title="Programme summary",
            programme=programme,
            requested_by=requested_by,
            language="en-gb",
            idempotency_key=f"{KIND}:{programme.pk}:{requested_by.pk}",
            status=DocumentStatus.READY,
            size=9,
            rendered_at=timezone.now(),
        )
        document.file.save("document.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
        return document

    return {
        "generated_document": ready_document(
            programme=base.programme, requested_by=base.users["reviewer"]
        ),
        "other_generated_document": ready_document(
            programme=base.other_programme,
            requested_by=factories.reviewer(programme=base.other_programme),
        ),
    }
