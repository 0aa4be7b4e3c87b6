"""The public pages of published reports, without sign-in: the list (/reports/), a report as
accessible HTML (/reports/<slug>/) and its PDF (/reports/<slug>.pdf).

Only a published report exists here: a draft, one in its factual-accuracy check or a final
report not yet published answers 404, whoever asks. Nothing confidential is read (see
public_selectors).

Caching: to people signed out, the list and a report's page may be kept by browsers and shared
caches for a few minutes (they change only when a report is published), the PDF for an hour (a
published report's text does not change). Signed in, every page is private (the layout shows
the person's own navigation). A PDF still being made answers 503 with Retry-After and is never
cached."""

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_GET

from documents.models import DocumentStatus

from . import public_selectors as selectors
from .public_filters import PublishedReportFilter
from .report_documents import report_title

PAGE_SIZE = 20
PAGE_MAX_AGE = 300  # seconds: a newly published report shows within five minutes
PDF_MAX_AGE = 3600
# While the PDF is being made, how soon to ask again (the page's htmx polls as often).
PDF_RETRY_SECONDS = 10


def _cacheable(request: HttpRequest, response: HttpResponse, *, max_age: int) -> HttpResponse:
    """Public caching for people signed out; private (as every signed-in page) otherwise."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    filterset = PublishedReportFilter(request.GET or None, queryset=selectors.published_reports())
    reports = filterset.qs if filterset.is_bound else filterset.queryset
    query = request.GET.copy()
    query.pop("page", None)
    response = render(
        request,
        "challenges/public/list.html",
        {
            "filter": filterset,
            "page": Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query.urlencode(),
        },
    )
    return _cacheable(request, response, max_age=PAGE_MAX_AGE)


@require_GET
def report_detail(request: HttpRequest, slug: str) -> HttpResponse:
    report = selectors.published_report(slug=slug)
    response = render(
        request,
        "challenges/public/detail.html",
        {
            "report": report,
            "challenge": report.challenge,
            "title": report_title(report),
            "sections": selectors.sections_of(selectors.latest_version(report)),
            "pdf": report.document
            if report.document and report.document.status == DocumentStatus.READY
            else None,
        },
    )
    return _cacheable(request, response, max_age=PAGE_MAX_AGE)


@require_GET
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The published report's PDF, shown in the browser. While it is being made: a page that
    says so (503, Retry-After), whose status part htmx asks for again every few seconds; a
    PDF that could not be made: the same page, without asking again."""
    report = selectors.published_report(slug=slug)
    document = report.document
    ready = document is not None and document.status == DocumentStatus.READY
    if ready and not request.headers.get("HX-Request"):
        response = FileResponse(
            document.file.open("rb"),
            as_attachment=False,
            filename=f"{report.slug}.pdf",
            content_type="application/pdf",
        )
        return _cacheable(request, response, max_age=PDF_MAX_AGE)
    context = {
        "report": report,
        "title": report_title(report),
        "ready": ready,
        "being_made": document is not None and document.is_active,
        "retry_seconds": PDF_RETRY_SECONDS,
    }
    if request.headers.get("HX-Request"):
        response = render(request, "challenges/public/pdf_waiting.html#pdf_status", context)
    else:
        response = render(request, "challenges/public/pdf_waiting.html", context, status=503)
        response["Retry-After"] = str(PDF_RETRY_SECONDS if context["being_made"] else 3600)
    patch_cache_control(response, no_store=True)
    return response
