"""A generated document's page leads back to what the document was made from: a board pack to
its plan's dashboard, a report's PDF to the report, a CPD record to the training on the
reviewer's record."""

import lxml.html
import pytest
from django.urls import reverse

from challenges.enums import ReportState
from challenges.report_documents import report_pdf_request
from improvement.documents import board_pack_request
from reviewers.documents import cpd_record_request
from tests import factories
from tests.challenges import reports

pytestmark = pytest.mark.django_db


def back_link(client, document) -> tuple[str, str]:
    """The words and address of the document page's back link."""
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    [link] = lxml.html.fromstring(response.content).xpath("//a[@class='govuk-back-link']")
    return " ".join(link.text_content().split()), link.get("href")


def test_a_board_packs_page_leads_back_to_the_plans_dashboard(client):
    plan = factories.ImprovementPlanFactory()
    member = factories.improvement_board_member(organisation=plan.organisation)
    document = board_pack_request(plan=plan, by=member)
    client.force_login(member)

    assert back_link(client, document) == (
        "Back to the plan's dashboard",
        reverse("dashboards:plan", args=[plan.pk]),
    )


def test_a_reports_pdf_page_leads_back_to_the_report(client):
    built = reports.report(state=ReportState.FINAL)
    document = report_pdf_request(report=built.report, by=built.lead)
    client.force_login(built.lead)

    assert back_link(client, document) == (
        "Back to the report",
        reverse("challenges:report", args=[built.challenge.pk]),
    )


def test_a_cpd_records_page_leads_back_to_the_training_on_the_reviewers_record(client):
    member = factories.PoolMembershipFactory(reviewer__user__full_name="Daniel Evans")
    reviewer = member.reviewer
    document = cpd_record_request(reviewer=reviewer, by=reviewer.user)
    client.force_login(reviewer.user)

    label, url = back_link(client, document)
    record = lxml.html.fromstring(client.get(url.split("#")[0]).content)

    assert (label, url) == (
        "Back to the training on Daniel Evans's record",
        reverse("reviewers:detail", args=[reviewer.pk]) + "#training",
    )
    assert record.xpath("//h2[@id='training']")[0].text_content() == "Training"
