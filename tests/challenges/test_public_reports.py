"""The public pages of published reports (/reports/, /reports/<slug>/, /reports/<slug>.pdf):
published reports only, their filters and pages, nothing of the evidence, cache headers, and a
fixed number of queries whatever the number of reports."""

import datetime
import html
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.enums import ReportState
from challenges.report_documents import report_pdf_request
from documents.models import DocumentStatus
from documents.tasks import render_document
from tests import factories
from tests.queries import queries_for_get

from . import reports
from .reports import CANARY, CANARY_MET, FINDING_RECOMMENDATION, FINDING_STRENGTH


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _listed(page: str, built) -> bool:
    return reverse("reports:detail", args=[built.report.slug]) in page


# --- The list ------------------------------------------------------------------------------


def test_list_shows_published_reports_only(db, client):
    published = reports.report()
    unpublished = [
        reports.report(state=state)
        for state in (ReportState.DRAFT, ReportState.FACTUAL_CHECK, ReportState.FINAL)
    ]

    page = _page(client, reverse("reports:list"))

    assert _listed(page, published)
    assert published.challenge.organisation.name in page
    assert "1 report" in page
    for built in unpublished:
        assert built.challenge.organisation.name not in page


def test_list_says_when_nothing_is_published(db, client):
    reports.report(state=ReportState.FINAL)

    page = _page(client, reverse("reports:list"))

    assert "No reports have been published yet." in page


@pytest.fixture
def three_reports(db):
    north = factories.RegionFactory(name="North West")
    south = factories.RegionFactory(name="South East")
    programme = factories.ProgrammeFactory(name="Youth justice sector improvement")
    other_programme = factories.ProgrammeFactory(name="Regional peer challenge")
    now = timezone.now()
    return {
        "a": reports.report(
            programme=programme,
            organisation=factories.OrganisationFactory(region=north),
            published_at=now.replace(year=2025, month=6),
        ),
        "b": reports.report(
            programme=programme,
            organisation=factories.OrganisationFactory(region=south),
            published_at=now.replace(year=2026, month=3),
        ),
        "c": reports.report(
            programme=other_programme,
            organisation=factories.OrganisationFactory(region=north),
            published_at=now.replace(year=2026, month=2),
        ),
        "north": north,
        "south": south,
        "programme": programme,
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda w: {"programme": w["programme"].pk}, "ab"),
        (lambda w: {"region": w["north"].pk}, "ac"),
        (lambda w: {"year": 2026}, "bc"),
        (lambda w: {"offer": w["c"].challenge.review_type_id}, "c"),
        (lambda w: {"programme": w["programme"].pk, "year": 2026}, "b"),
        (lambda w: {}, "abc"),
    ],
    ids=["programme", "region", "year", "offer", "programme and year", "none"],
)
def test_list_filters(client, three_reports, query, expected):
    page = _page(client, reverse("reports:list") + "?" + _encode(query(three_reports)))

    listed = "".join(key for key in "abc" if _listed(page, three_reports[key]))
    assert listed == expected


def _encode(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def test_list_is_newest_first_and_offers_only_what_is_published(client, three_reports):
    reports.report(state=ReportState.FINAL, programme=factories.ProgrammeFactory(name="Unseen"))

    page = _page(client, reverse("reports:list"))

    order = [page.index(three_reports[key].challenge.organisation.name) for key in "bca"]
    assert order == sorted(order)
    assert '<option value="2026">2026</option>' in page
    assert '<option value="2025">2025</option>' in page
    assert "Unseen" not in page


def test_list_filter_matching_nothing_says_so(client, three_reports):
    page = _page(
        client,
        reverse("reports:list")
        + f"?programme={three_reports['programme'].pk}&year=2025"
        + f"&region={three_reports['south'].pk}",
    )

    assert "0 reports" in page
    assert "No published reports match these filters." in page
    assert f'href="{reverse("reports:list")}">Clear filters</a>' in page


def test_list_is_paginated(db, client):
    programme = factories.ProgrammeFactory()
    for _ in range(21):
        reports.report(programme=programme, with_findings=False)

    first = _page(client, reverse("reports:list"))
    second = _page(client, reverse("reports:list") + "?page=2")

    assert "21 reports" in first
    assert first.count('class="govuk-heading-m govuk-!-margin-bottom-1"') == 20
    assert second.count('class="govuk-heading-m govuk-!-margin-bottom-1"') == 1
    assert 'rel="next"' in first


def test_list_runs_the_same_queries_for_one_report_as_for_many(db, client):
    reports.report()
    url = reverse("reports:list")
    one = queries_for_get(client, url)
    for _ in range(4):
        reports.report(with_findings=False)

    assert queries_for_get(client, url) == one


# --- A report's page -----------------------------------------------------------------------


def test_report_page_shows_its_sections_in_order_under_headings(db, client):
    built = reports.report()
    challenge = built.challenge

    page = _page(client, reverse("reports:detail", args=[built.report.slug]))

    assert (
        f'<h1 class="govuk-heading-l">Peer review report: {challenge.organisation.name}</h1>'
        in page
    )
    headings = [
        '<h2 class="govuk-heading-m" id="section-context">Context</h2>',
        '<h2 class="govuk-heading-m" id="section-methodology">How the review was carried out</h2>',
        '<h2 class="govuk-heading-m" id="section-findings">What the team found</h2>',
        '<h2 class="govuk-heading-m" id="section-recommendations">Recommendations</h2>',
    ]
    positions = [page.index(heading) for heading in headings]
    assert positions == sorted(positions)
    assert f"<li>{FINDING_STRENGTH}</li>" in page.replace("&#x27;", "'")
    assert f"<li>{FINDING_RECOMMENDATION}</li>" in page
    assert challenge.review_type.name in page
    assert "4 March 2031 to 6 March 2031" in page
    assert f'href="{reverse("reports:pdf", args=[built.report.slug])}"' in page


def test_report_page_shows_the_latest_version(db, client):
    built = reports.report()
    built.report.versions.create(
        number=2,
        sections=reports.sections(context="The second version's context."),
        created_by=built.lead,
    )

    page = _page(client, reverse("reports:detail", args=[built.report.slug]))

    assert "The second version&#x27;s context." in page
    assert "The service asked the team" not in page


def test_report_page_escapes_typed_markup(db, client):
    built = reports.report(
        text=reports.sections(
            context='<img src="http://127.0.0.1:9/x.png"><script>alert(1)</script>'
        )
    )

    page = _page(client, reverse("reports:detail", args=[built.report.slug]))

    assert "&lt;img src=" in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize("state", [ReportState.DRAFT, ReportState.FACTUAL_CHECK, ReportState.FINAL])
def test_unpublished_reports_are_not_found_even_for_their_team(db, client, state):
    built = reports.report(state=state)
    # Even with an address, as a report withdrawn to final would keep.
    built.report.slug = "not-yet-public"
    built.report.save()
    client.force_login(built.lead)

    for url in (
        reverse("reports:detail", args=["not-yet-public"]),
        reverse("reports:pdf", args=["not-yet-public"]),
    ):
        assert client.get(url).status_code == 404


def test_unknown_report_is_not_found(db, client):
    assert client.get(reverse("reports:detail", args=["no-such-report"])).status_code == 404


# --- Confidentiality -----------------------------------------------------------------------


def test_no_public_page_shows_evidence_or_names_the_team(
    db, client, django_capture_on_commit_callbacks
):
    built = reports.report()
    with django_capture_on_commit_callbacks(execute=True):
        report_pdf_request(report=built.report, by=built.lead)
    slug = built.report.slug
    pages = [
        _page(client, reverse("reports:list")),
        _page(client, reverse("reports:list") + f"?programme={built.challenge.programme_id}"),
        _page(client, reverse("reports:detail", args=[slug])),
    ]
    response = client.get(reverse("reports:pdf", args=[slug]))
    pdf = b"".join(response.streaming_content)
    response.close()

    from io import BytesIO

    from pypdf import PdfReader

    from tests.documents.test_documents import pdf_text

    pages.append(pdf_text(PdfReader(BytesIO(pdf))))
    for page in pages:
        assert CANARY not in page
        assert CANARY_MET not in page
        assert "a case manager said" not in page
        # As written (the PDF) and as a web page escapes it (an apostrophe: O&#x27;Brien).
        assert built.lead.full_name not in page
        assert html.escape(built.lead.full_name) not in page
        assert built.lead.email not in page


# --- The PDF -------------------------------------------------------------------------------


def test_pdf_of_a_published_report_is_served_inline_and_cached(
    db, client, django_capture_on_commit_callbacks
):
    built = reports.report()
    with django_capture_on_commit_callbacks(execute=True):
        report_pdf_request(report=built.report, by=built.lead)

    response = client.get(reverse("reports:pdf", args=[built.report.slug]))

    body = b"".join(response.streaming_content)
    response.close()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{built.report.slug}.pdf"'
    assert response["Cache-Control"] == "public, max-age=3600"
    assert body.startswith(b"%PDF-1.7")


def test_pdf_being_made_answers_503_with_a_page_that_asks_again(db, client):
    built = reports.report()
    document = report_pdf_request(report=built.report, by=built.lead)  # queued, not rendered
    url = reverse("reports:pdf", args=[built.report.slug])

    waiting = client.get(url)
    polling = client.get(url, headers={"HX-Request": "true"})
    render_document.delay(document_id=document.pk).get()
    ready = client.get(url, headers={"HX-Request": "true"})

    page = waiting.content.decode()
    assert waiting.status_code == 503
    assert waiting["Retry-After"] == "10"
    assert "no-store" in waiting["Cache-Control"]
    assert "The PDF of this report is being prepared" in page
    assert f'hx-get="{url}" hx-trigger="every 10s" hx-swap="outerHTML"' in page
    assert f'href="{reverse("reports:detail", args=[built.report.slug])}"' in page
    assert polling.status_code == 200
    assert polling.content.decode().strip().startswith('<div id="pdf-status" hx-get=')
    assert ready.status_code == 200
    ready_part = ready.content.decode()
    assert "The PDF is ready" in ready_part
    assert "hx-trigger" not in ready_part


def test_pdf_that_could_not_be_made_says_so_without_polling(db, client):
    built = reports.report()
    document = report_pdf_request(report=built.report, by=built.lead)
    document.status = DocumentStatus.FAILED
    document.save()

    response = client.get(reverse("reports:pdf", args=[built.report.slug]))

    page = response.content.decode()
    assert response.status_code == 503
    assert "not available at the moment" in page
    assert "hx-trigger" not in page


def test_report_without_a_pdf_yet_says_so(db, client):
    built = reports.report()

    response = client.get(reverse("reports:pdf", args=[built.report.slug]))

    assert response.status_code == 503
    assert "not available at the moment" in response.content.decode()


# --- Caching -------------------------------------------------------------------------------


def test_pages_are_publicly_cacheable_signed_out_and_private_signed_in(db, client):
    built = reports.report()
    urls = [reverse("reports:list"), reverse("reports:detail", args=[built.report.slug])]

    signed_out = [client.get(url) for url in urls]
    client.force_login(factories.UserFactory())
    signed_in = [client.get(url) for url in urls]

    assert [r["Cache-Control"] for r in signed_out] == ["public, max-age=300"] * 2
    assert all("Cookie" in r["Vary"] for r in signed_out)
    assert all(r["Cache-Control"] == "private, no-store" for r in signed_in)


def test_report_page_runs_a_fixed_number_of_queries(db, client):
    built = reports.report()
    few = queries_for_get(client, reverse("reports:detail", args=[built.report.slug]))
    many = reports.report(
        text=reports.sections(**{f"extra{n}": f"Narrative {n}" for n in range(10)})
    )
    for number in range(2, 5):
        many.report.versions.create(
            number=number, sections=reports.sections(), created_by=many.lead
        )

    assert queries_for_get(client, reverse("reports:detail", args=[many.report.slug])) == few


def test_published_dates_are_shown(db, client):
    built = reports.report(published_at=datetime.datetime(2026, 3, 14, 10, tzinfo=datetime.UTC))

    page = _page(client, reverse("reports:detail", args=[built.report.slug]))

    assert "14 March 2026" in page


# --- The improvement plan made from the report ---------------------------------------------


def _plan_url(built) -> str:
    return reverse("challenges:report_plan", args=[built.challenge.pk])


@pytest.mark.parametrize("state", [ReportState.FINAL, ReportState.PUBLISHED])
def test_service_lead_makes_the_plan_from_the_findings_in_order(db, client, state):
    from challenges.enums import ChallengeAction
    from challenges.models import ChallengeEvent
    from improvement.enums import PlanSource

    built = reports.report(state=state)
    lead = factories.service_lead(organisation=built.challenge.organisation)
    # Reordered by the lead: the plan follows the findings' order.
    second, first = built.findings[1], built.findings[2]
    first.order, second.order = 0, 5
    first.save()
    second.save()
    client.force_login(lead)
    confirm = _page(client, _plan_url(built))

    response = client.post(_plan_url(built))

    built.report.refresh_from_db()
    plan = built.report.improvement_plan
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert confirm.index(first.text) < confirm.index(second.text)
    assert "Make the improvement plan" in confirm
    assert (plan.organisation, plan.programme, plan.source, plan.owner) == (
        built.challenge.organisation,
        built.challenge.programme,
        PlanSource.PEER_REVIEW,
        lead,
    )
    assert list(plan.recommendations.values_list("reference", "text")) == [
        ("1", first.text),
        ("2", second.text),
    ]
    assert list(
        ChallengeEvent.objects.filter(challenge=built.challenge).values_list("action", "actor")
    ) == [(ChallengeAction.CREATE_PLAN, lead.pk)]
    assert _page(client, plan.get_absolute_url())  # the service sees its new plan


def test_coordinator_makes_the_plan_from_the_recommendations_section_without_findings(db, client):
    built = reports.report(state=ReportState.FINAL, with_findings=False)
    coordinator = factories.coordinator(programme=built.challenge.programme)
    client.force_login(coordinator)

    client.post(_plan_url(built))

    built.report.refresh_from_db()
    plan = built.report.improvement_plan
    assert list(plan.recommendations.values_list("text", flat=True)) == [
        reports.FINDING_RECOMMENDATION,
        reports.SECOND_RECOMMENDATION,
    ]
    assert plan.owner is None


def test_second_plan_is_refused_with_a_link_to_the_first(db, client):
    from improvement.models import ImprovementPlan

    built = reports.report()
    client.force_login(factories.service_lead(organisation=built.challenge.organisation))
    client.post(_plan_url(built))
    plan = ImprovementPlan.objects.get()

    again = client.post(_plan_url(built), follow=True)

    page = again.content.decode()
    assert ImprovementPlan.objects.count() == 1
    assert "The improvement plan has already been made from this report." in page
    assert f'href="{plan.get_absolute_url()}"' in page
    assert "Make the improvement plan</button>" not in page


@pytest.mark.parametrize("state", [ReportState.DRAFT, ReportState.FACTUAL_CHECK])
def test_plan_waits_for_the_final_report(db, client, state):
    from improvement.models import ImprovementPlan

    built = reports.report(state=state)
    client.force_login(factories.service_lead(organisation=built.challenge.organisation))

    page = _page(client, _plan_url(built))
    refused = client.post(_plan_url(built), follow=True)

    assert "once the lead has signed off the final report" in page
    assert "once the lead has signed off the final report" in refused.content.decode()
    assert ImprovementPlan.objects.count() == 0


def test_team_may_not_make_the_plan(db, client):
    built = reports.report()
    client.force_login(built.lead)

    assert client.get(_plan_url(built)).status_code == 403
    assert client.post(_plan_url(built)).status_code == 403


def test_challenge_page_offers_the_plan_and_says_when_evidence_goes(db, client):
    built = reports.report(
        published_at=datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC),
    )
    client.force_login(factories.service_lead(organisation=built.challenge.organisation))

    page = _page(client, built.challenge.get_absolute_url())

    assert "will be deleted on 10 April 2026, 90 days after the report was published" in page
    assert f'href="{_plan_url(built)}"' in page
    assert f'href="{reverse("reports:detail", args=[built.report.slug])}"' in page


# --- Evidence retention --------------------------------------------------------------------


def test_retention_deletes_old_evidence_keeping_findings_and_report(db, client, settings):
    from django.core.management import call_command

    from challenges.enums import ChallengeAction
    from challenges.models import ChallengeEvent, EvidenceNote, Finding
    from challenges.tasks import delete_old_evidence

    settings.EVIDENCE_KEEP_DAYS = 30
    now = timezone.now()
    old = reports.report(published_at=now - datetime.timedelta(days=31))
    recent = reports.report(published_at=now - datetime.timedelta(days=29))
    unpublished = reports.report(state=ReportState.FINAL)

    first = delete_old_evidence.delay().get()
    second = delete_old_evidence.delay().get()
    call_command("delete_old_evidence", stdout=io.StringIO())

    old.report.refresh_from_db()
    assert (first, second) == (1, 0)
    assert not EvidenceNote.objects.filter(activity__challenge=old.challenge).exists()
    assert EvidenceNote.objects.filter(activity__challenge=recent.challenge).count() == 1
    assert EvidenceNote.objects.filter(activity__challenge=unpublished.challenge).count() == 1
    assert old.report.evidence_deleted_at is not None
    assert Finding.objects.filter(challenge=old.challenge).count() == 3
    assert old.report.versions.count() == 1
    events = ChallengeEvent.objects.filter(
        challenge=old.challenge, action=ChallengeAction.DELETE_EVIDENCE
    )
    assert events.count() == 1
    assert "Deleted 30 days after the report was published" in events.get().message
    # Nobody did it: the timeline says it was done automatically, putting it to no one.
    assert events.get().actor is None
    # The team's findings page says when, rather than "single source".
    client.force_login(old.lead)
    findings = _page(client, reverse("challenges:findings", args=[old.challenge.pk]))
    when = old.report.evidence_deleted_at
    from django.utils.formats import date_format

    assert f"Evidence deleted on {date_format(timezone.localtime(when), 'j F Y')}" in findings
    assert "Single source" not in findings
    detail = _page(client, old.challenge.get_absolute_url())
    assert "The team's evidence notes were deleted on" in detail
    assert "Done automatically" in detail


def test_every_page_links_to_the_published_reports(db, client):
    page = _page(client, reverse("start"))

    assert f'href="{reverse("reports:list")}">Published reports</a>' in page
