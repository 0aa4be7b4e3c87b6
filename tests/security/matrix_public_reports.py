"""Access cases for the public report pages (/reports/, /reports/<slug>/, /reports/<slug>.pdf)
and the improvement plan made from a report (/challenges/<pk>/report/plan/): merged into the
main MATRIX.

A published report is everyone's, signed in or not. A report not yet published does not exist
for anyone here (404), even at an address it was given, even for its own team."""

from types import SimpleNamespace

from tests import factories

from .matrix import EVERYONE, VISIBLE_TO, Case, answers

NOBODY = answers(404)


def _published(w):
    return [w.public_report.slug]


def _unpublished(w):
    return [w.unpublished_report.slug]


CASES: dict[str, Case] = {
    "reports:list": Case(EVERYONE),
    "reports:detail": Case(EVERYONE, args=_published),
    "reports:pdf": Case(EVERYONE, args=_published),
    # Making the service's plan from its report: its leads and the programme's coordinators;
    # its team (users["reviewer"] leads it) and technical staff see the challenge, not this.
    "challenges:report_plan": Case(
        VISIBLE_TO(coordinator=200, reviewer=403, service_lead=200, superuser=403),
        args=lambda w: [w.public_report_challenge.pk],
    ),
}

OTHER_PROGRAMME_CASES: dict[str, Case] = {
    # A final report, not yet published, that was given an address: nobody finds it.
    "reports:detail#unpublished": Case(NOBODY, args=_unpublished),
    "reports:pdf#unpublished": Case(NOBODY, args=_unpublished),
    # A challenge without a report has no plan to make from it.
    "challenges:report_plan#no_report": Case(VISIBLE_TO(), args=lambda w: [w.onsite_challenge.pk]),
    # The plan is made once: asked again, the page says so (and links to the plan).
    "challenges:report_plan#made": Case(
        VISIBLE_TO(coordinator=200, service_lead=200, superuser=403),
        args=lambda w: [w.planned_report_challenge.pk],
    ),
}


def world(base: SimpleNamespace) -> dict:
    """A published report of a challenge of the programme for the service lead's organisation,
    led by users["reviewer"], with its PDF made; and a final report of another challenge of the
    programme, not published, with an address."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from challenges.enums import ReportState
    from challenges.report_documents import PEER_REVIEW_REPORT
    from documents.models import DocumentStatus, GeneratedDocument
    from tests.challenges import reports

    published = reports.report(
        programme=base.programme, organisation=base.organisation, lead=base.users["reviewer"]
    )
    document = GeneratedDocument(
        kind=PEER_REVIEW_REPORT,
        template_name="challenges/documents/report.html",
        subject=published.report,
        title="Peer review report",
        programme=base.programme,
        requested_by=base.users["reviewer"],
        language="en-gb",
        idempotency_key="matrix-report",
        status=DocumentStatus.READY,
        rendered_at=timezone.now(),
        size=9,
    )
    document.file.save("document.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    published.report.document = document
    published.report.save()
    unpublished = reports.report(state=ReportState.FINAL, programme=base.programme)
    unpublished.report.slug = "final-not-yet-published"
    unpublished.report.save()
    planned = reports.report(programme=base.programme, organisation=base.organisation)
    planned.report.improvement_plan = factories.ImprovementPlanFactory(
        organisation=base.organisation,
        programme=base.programme,
        source="peer_review",
        inspectorate="",
    )
    planned.report.save()
    return {
        "public_report": published.report,
        "public_report_challenge": published.challenge,
        "unpublished_report": unpublished.report,
        "unpublished_report_challenge": unpublished.challenge,
        "planned_report_challenge": planned.challenge,
    }
