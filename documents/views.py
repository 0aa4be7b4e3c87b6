"""A generated document's pages: being prepared (the page polls), ready to download, or
failed with "try again". Everyone its kind does not allow to see it gets 404."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .models import DocumentStatus
from .registry import document_kind


@never_cache
@login_required
@require_GET
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """A generated document: being prepared (the page polls), ready to download, or failed."""
    found = selectors.document_for_user(user=request.user, pk=pk)
    made_from = document_kind(found.kind).made_from
    return render(
        request,
        "core/documents/status.html",
        {**_status_context(request, found), "made_from": made_from(found) if made_from else None},
    )


def _status_context(request: HttpRequest, found) -> dict:
    return {"document": found, "may_ask_again": services.may_ask_again(request.user, found)}


@never_cache
@login_required
@require_GET
def document_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status part of the document's page, which htmx polls while it is being prepared."""
    found = selectors.document_for_user(user=request.user, pk=pk)
    return render(
        request, "core/documents/status.html#document_status", _status_context(request, found)
    )


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.document_for_user(user=request.user, pk=pk)
    if found.status != DocumentStatus.READY:
        raise Http404
    response = FileResponse(
        found.file.open("rb"),
        as_attachment=True,
        filename=_download_name(found.title),
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Try again after a failure: a new request, whose page the person is sent to."""
    found = selectors.document_for_user(user=request.user, pk=pk)
    try:
        again = services.document_retry(document=found, by=request.user)
    except services.DocumentError as error:
        messages.error(request, str(error))
        return redirect(found)
    return redirect(again)


def _download_name(title: str) -> str:
    """The title as a file name: without characters file systems refuse, and not too long."""
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', " ", title)
    name = " ".join(name.split())[:120].strip(" .")
    return f"{name or 'document'}.pdf"
