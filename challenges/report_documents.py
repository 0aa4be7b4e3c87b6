"""The peer review report as a PDF, made by the generated-document pipeline (the documents app):
a title page (programme, offer, service, on-site dates, and a chart of the findings by kind,
server-side SVG with its table), then the sections of the report's latest version in order,
each under its heading.

The PDF is made when the lead signs off the final report (`report_pdf_request`, called by
the report workflow) and is the file /reports/<slug>.pdf serves once the report is
published. Its metadata names the programme, never a person; it holds nothing of the team's
evidence (the report's own text only), and nobody on the team is named."""

from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.charts import Series, stacked_bar_chart
from documents.models import GeneratedDocument
from documents.registry import MadeFrom, register_document
from documents.services import DocumentError, document_request

from .enums import FindingKind, ReportState
from .models import Finding, Report
from .public_selectors import latest_version, sections_of
from .visibility import challenge_scope

PEER_REVIEW_REPORT = "peer_review_report"


def report_title(report: Report) -> str:
    """The PDF's title and download name: the report and the service, never a person."""
    return (_("Peer review report: %(service)s") % {"service": report.challenge.organisation.name})[
        :200
    ]


def can_view_report(user: User, report: Report) -> bool:
    """Anyone once the report is published; before that, the challenge's team (members who
    accepted their place), the programme's coordinators and the receiving service's leads."""
    if report.state == ReportState.PUBLISHED:
        return True
    scope = challenge_scope(user)
    challenge = report.challenge
    return (
        scope.works_on(challenge)
        or challenge.programme_id in scope.programme_ids
        or scope.receives(challenge)
    )


def _report(document: GeneratedDocument) -> Report:
    return Report.objects.select_related(
        "challenge__programme", "challenge__review_type", "challenge__organisation__region"
    ).get(pk=document.subject_id)


def findings_by_kind(report: Report) -> list[tuple[str, int]]:
    """How many findings of each kind the challenge has (merged duplicates left out), in the
    kinds' order: what the report's chart and its table show. Counts only, never the text."""
    counts = dict(
        Finding.objects.filter(challenge_id=report.challenge_id, merged_into__isnull=True)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [(str(kind.label), counts.get(kind.value, 0)) for kind in FindingKind]


def _chart(counts: list[tuple[str, int]]):
    if not any(number for _label, number in counts):
        return None
    return stacked_bar_chart(
        title=_("Findings by kind"),
        description=_("The number of findings of each kind; the table below gives the same."),
        categories=[label for label, _number in counts],
        series=[Series(_("Findings"), "#1d70b8", [number for _label, number in counts])],
        height=260,
    )


def _context(document: GeneratedDocument) -> dict:
    report = _report(document)
    sections = sections_of(latest_version(report))
    if not sections:
        raise DocumentError(_("The report has no text yet: save a version of it first."))
    counts = findings_by_kind(report)
    return {
        "report": report,
        "challenge": report.challenge,
        "sections": sections,
        "findings_by_kind": counts,
        "chart": _chart(counts),
    }


def _can_view(user: User, document: GeneratedDocument) -> bool:
    report = Report.objects.select_related("challenge").filter(pk=document.subject_id).first()
    return report is not None and can_view_report(user, report)


def _kept():
    """The PDFs reports link to (a published report's is what /reports/<slug>.pdf serves):
    the documents purge leaves them alone."""
    return Report.objects.filter(document__isnull=False).values("document_id")


def _made_from(document: GeneratedDocument) -> MadeFrom:
    """The report's page on its challenge, whose final version the PDF prints."""
    challenge_id = Report.objects.values_list("challenge_id", flat=True).get(pk=document.subject_id)
    return MadeFrom(_("Back to the report"), reverse("challenges:report", args=[challenge_id]))


def register() -> None:
    register_document(
        PEER_REVIEW_REPORT,
        template="challenges/documents/report.html",
        context=_context,
        can_view=_can_view,
        kept=_kept,
        made_from=_made_from,
    )


@transaction.atomic
def report_pdf_request(*, report: Report, by: User) -> GeneratedDocument:
    """Ask the pipeline for the report's PDF (rendered by a Celery task after commit) and
    store it as the report's document, the one its public page serves once published.
    Asking again while one is being made returns that one."""
    document = document_request(
        kind=PEER_REVIEW_REPORT,
        subject=report,
        requested_by=by,
        title=report_title(report),
        programme=report.challenge.programme,
    )
    if report.document_id != document.pk:
        Report.objects.filter(pk=report.pk).update(document=document)
        report.document = document
    return document
