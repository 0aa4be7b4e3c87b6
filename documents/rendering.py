"""HTML template → tagged PDF (PDF/UA-1), with WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from .fetcher import BASE_URL, StaticAssetsURLFetcher
from .models import GeneratedDocument
from .registry import document_kind

PDF_VARIANT = "pdf/ua-1"


def document_author(document: GeneratedDocument) -> str:
    """Who the PDF says made it: the programme, or the service. Never a person."""
    return document.programme.name if document.programme_id else str(settings.SERVICE_NAME)


def document_html(document: GeneratedDocument) -> str:
    """The document's HTML, in the language it was asked for in. Raises whatever its kind's
    context function or template raises."""
    kind = document_kind(document.kind)
    with translation.override(document.language or settings.LANGUAGE_CODE):
        context = {
            **kind.context(document),
            "document": document,
            "document_author": document_author(document),
            "service_name": settings.SERVICE_NAME,
            "rendered_at": timezone.now(),
        }
        return render_to_string(document.template_name, context)


def pdf_render(
    document: GeneratedDocument, *, url_fetcher: StaticAssetsURLFetcher | None = None
) -> bytes:
    """The PDF for `document`. Loads nothing but static assets and data: URLs; the metadata's
    title is the document's and its author and creator name the programme or the service."""
    return pdf_from_html(
        document_html(document),
        title=document.title,
        author=document_author(document),
        language=document.language,
        url_fetcher=url_fetcher,
    )


def pdf_from_html(
    html: str,
    *,
    title: str,
    author: str,
    language: str,
    url_fetcher: StaticAssetsURLFetcher | None = None,
) -> bytes:
    """A document's HTML as a tagged PDF, as every generated document is made (the
    benchmarks call it directly)."""
    rendered = HTML(
        string=html,
        base_url=BASE_URL,
        url_fetcher=url_fetcher or StaticAssetsURLFetcher(),
        media_type="print",
    ).render()
    metadata = rendered.metadata
    metadata.title = title
    metadata.authors = [author]
    metadata.generator = str(settings.SERVICE_NAME)
    metadata.lang = metadata.lang or language
    return rendered.write_pdf(pdf_variant=PDF_VARIANT)
