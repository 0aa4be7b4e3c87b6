"""Generated documents: one pipeline for every PDF (a reviewer's CPD record, a board pack, a
review report).

An app declares each kind of document it makes, once, from its AppConfig.ready():

    from documents.registry import register_document

    register_document(
        "cpd_record",
        template="reviewers/documents/cpd_record.html",   # extends "pdf/base.html"
        context=lambda document: {"reviewer": document.subject, ...},
        can_view=lambda user, document: ...,              # True for who may see it
    )

and asks for one from a service (documents.services), then sends the person to its page,
which polls until the PDF is ready and offers the download (or says it failed, with a button
to try again):

    document = document_request(
        kind="cpd_record", subject=reviewer, requested_by=user,
        title=_("CPD record"), programme=programme,
    )
    return redirect(document)    # /documents/<pk>/

The request is stored first (status queued), then documents.tasks.render_document renders
the template with WeasyPrint into a tagged PDF (PDF/UA-1) and stores it on the row (ready), or
records a plain message (failed). Rendering loads only the project's static files and data:
URLs (documents.fetcher). documents.tasks.sweep_documents, run by Celery beat every minute,
queues again what a lost message or a dead worker left behind; documents.tasks.purge_documents,
daily, deletes finished documents older than DOCUMENTS_KEEP_DAYS with their files.

The app stands on accounts (a document names its programme as the PDF's author) and core;
the apps that make documents stand on it. Its table is still core_generateddocument, from
when it was part of core.
"""
