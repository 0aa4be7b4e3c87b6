"""From evidence on site to the published report and its improvement plan, in a real browser
on the demo world (Calderbrook Youth Offending Team's challenge, on site today): a reviewer on
the team adds an activity to the schedule, an evidence note to it and a finding resting on
that note and another, and sees the finding triangulated; the team's lead finishes on site,
starts the draft report from the findings, writes its summary as a new version, compares the
two versions and sends the report to the service for the factual-accuracy check; the
service's lead comments on the summary; the team's lead answers and signs off the final
report, whose PDF is made; the service consents where the offer asks it to and a coordinator
publishes the report; anyone reads it and its PDF signed out; the service's lead makes its
improvement plan from it. Evidence is for the team only: a canary planted in the reviewer's
note never reaches the report the service reads, the public page or the PDF. Every page
passes axe-core (see conftest.py)."""

import io
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from accounts.enums import Role
from accounts.models import Membership, User
from challenges.enums import MemberStatus, Phase
from challenges.models import Challenge, EvidenceNote, Report, TeamMember
from offers.enums import PublicationRule, TeamRole
from tests.factories import service_lead

from .axe import click_and_check, goto
from .pages import sign_out, success_banner

pytestmark = pytest.mark.dates

SERVICE = "Calderbrook Youth Offending Team"
LINE = "Out-of-court disposals"
# Planted in the reviewer's note: it must never appear outside the team's own pages.
CANARY = "CANARY-EVIDENCE-5T7K"
NOTE = (
    "Three case managers said schools are rarely invited to the out-of-court panel and hear "
    f"of its decisions from the child ({CANARY})."
)
# The demo's case-file note on the same line: another activity, another kind of source.
OTHER_NOTE = "Every file held a panel decision with its rationale"
FINDING = (
    "Schools are seldom part of out-of-court decisions, and are not reliably told what the "
    "panel decided."
)
SUMMARY = "The service knows its children well and its partners share a commitment to them."
COMMENT = "The summary should say that schools joined the panel from September."
ANSWER = "Thank you: the summary now reflects the panel's membership from September."


def on_site_challenge() -> Challenge:
    return Challenge.objects.select_related("organisation").get(
        organisation__name=SERVICE, phase=Phase.ON_SITE
    )


def team(challenge: Challenge) -> tuple[User, User]:
    """The challenge's accepted lead and another accepted member of its team."""
    accepted = TeamMember.objects.filter(
        challenge=challenge, status=MemberStatus.ACCEPTED
    ).select_related("reviewer__user")
    lead = accepted.get(role=TeamRole.LEAD).reviewer.user
    other = accepted.exclude(reviewer__user=lead).order_by("pk").first()
    assert other is not None, "The demo's on-site challenge has no second reviewer"
    return lead, other.reviewer.user


def the_service_lead(challenge: Challenge, password: str) -> User:
    """A lead of the receiving service, signing in with the demo password: the demo has none
    for Calderbrook YOT, so one is made."""
    membership = Membership.objects.filter(
        role=Role.SERVICE_LEAD, organisation=challenge.organisation
    ).first()
    if membership is not None:
        return membership.user
    user = service_lead(
        organisation=challenge.organisation,
        email="service.lead@calderbrook.example.org",
        full_name="Morgan Ashdown",
        job_title="Head of youth justice",
    )
    user.set_password(password)
    user.save()
    return user


def test_evidence_becomes_a_signed_off_report(
    page: Page, sign_in: Callable[..., None], demo_data: str
) -> None:
    challenge = on_site_challenge()
    lead, reviewer = team(challenge)
    line = challenge.lines_of_enquiry.get(name=LINE)
    line_label = f"{line.name} ({line.get_kind_display().lower()})"
    first_day = challenge.starts_on
    report_url = reverse("challenges:report", args=[challenge.pk])

    # 1. A reviewer on the team adds an activity to the schedule, and evidence to it.
    sign_in(page, reviewer.email)
    goto(page, challenge.get_absolute_url())
    click_and_check(page.get_by_role("link", name="Schedule of activities"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Schedule of activities")
    click_and_check(page.get_by_role("link", name="Add an activity"))
    page.get_by_role("group", name="What kind of activity is it?").get_by_role(
        "radio", name="Focus group"
    ).check()
    page.get_by_role("group", name="Day", exact=True).get_by_role(
        "radio", name=date_format(first_day, "l j F Y")
    ).check()
    page.get_by_label("Start time").fill("16:15")
    page.get_by_label("End time").fill("17:00")
    page.get_by_role("group", name="Reviewers taking part").get_by_role(
        "checkbox", name=reviewer.full_name
    ).check()
    page.get_by_label("Who was met, or what was read").fill("case managers")
    page.get_by_label("How many").fill("3")
    click_and_check(page.get_by_role("button", name="Save the activity"))
    expect(success_banner(page)).to_contain_text("Activity saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Focus group")
    expect(page.get_by_role("main")).to_contain_text("3 case managers")
    expect(page.get_by_text("No evidence recorded for this activity yet.")).to_be_visible()

    page.get_by_label("Evidence", exact=True).fill(NOTE)
    page.get_by_role("group", name="Where did it come from?").get_by_role(
        "radio", name="Heard in discussion"
    ).check()
    page.get_by_label("Key line of enquiry or golden thread").select_option(label=line_label)
    click_and_check(page.get_by_role("button", name="Save the note"))
    expect(success_banner(page)).to_contain_text("Evidence note saved.")
    saved = page.locator(".govuk-summary-card").filter(has_text=CANARY)
    expect(saved).to_have_count(1)
    expect(saved.get_by_role("heading")).to_have_text(f"Heard in discussion: {LINE}")
    expect(saved).to_contain_text(reviewer.full_name)

    # The finding rests on that note and the lead's case-file note: two activities, two kinds
    # of source, so it is triangulated.
    click_and_check(page.get_by_role("link", name="Back to the schedule"))
    click_and_check(
        page.get_by_role("navigation", name="On-site work").get_by_role("link", name="Findings")
    )
    expect(page.get_by_role("main")).to_contain_text("5 findings, 2 resting on a single source.")
    click_and_check(page.get_by_role("link", name="Add a finding"))
    page.get_by_role("group", name="Kind of finding").get_by_role(
        "radio", name="Area for development"
    ).check()
    page.get_by_label("Key line of enquiry or golden thread").select_option(label=line_label)
    page.get_by_label("Finding", exact=True).fill(FINDING)
    evidence = page.get_by_role("group", name="The evidence behind it")
    evidence.get_by_role("checkbox", name=NOTE[:60]).check()
    evidence.get_by_role("checkbox", name=OTHER_NOTE).check()
    click_and_check(page.get_by_role("button", name="Save the finding"))
    expect(success_banner(page)).to_contain_text("Finding saved.")
    expect(page.get_by_role("main")).to_contain_text("6 findings, 2 resting on a single source.")
    finding = page.locator(".govuk-summary-card").filter(has_text=FINDING)
    expect(finding).to_contain_text("2 evidence notes, from 2 activities, 2 kinds of source.")
    expect(finding.get_by_text("Single source")).to_have_count(0)
    # The single-source findings still say why.
    expect(page.get_by_text("All its evidence comes from one activity.").first).to_be_visible()
    sign_out(page)

    # 2. The lead finishes on site, drafts the report and sends it to the service.
    sign_in(page, lead.email)
    goto(page, challenge.get_absolute_url())
    click_and_check(page.get_by_role("link", name="Finished on site"))
    click_and_check(page.get_by_role("button", name="Finished on site"))
    expect(success_banner(page)).to_contain_text("Finished on site")
    challenge.refresh_from_db()
    assert challenge.phase == Phase.REPORTING

    click_and_check(page.get_by_role("link", name="Report", exact=True))
    expect(page.get_by_text("The draft report has not been started.")).to_be_visible()
    click_and_check(page.get_by_role("link", name="Start the draft report"))
    click_and_check(page.get_by_role("button", name="Start the draft report"))
    expect(success_banner(page)).to_contain_text("The draft report is started: version 1.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    # Made from the findings, never from the evidence.
    expect(page.get_by_role("region", name=f"Findings: {LINE}")).to_contain_text(FINDING)
    expect(page.get_by_role("region", name="Summary")).to_contain_text("Not written yet.")
    assert CANARY not in page.content()

    report_nav = page.get_by_role("navigation", name="The report")
    click_and_check(report_nav.get_by_role("link", name="Change the text"))
    page.get_by_label("Summary", exact=True).fill(SUMMARY)
    page.get_by_label("What changed (optional)").fill("Wrote the summary.")
    click_and_check(page.get_by_role("button", name="Save a new version"))
    expect(success_banner(page)).to_contain_text("Version 2 is saved.")
    expect(page.get_by_role("region", name="Summary")).to_contain_text(SUMMARY)

    click_and_check(report_nav.get_by_role("link", name="Compare two versions"))
    page.get_by_label("Compare version").select_option(label="Version 1")
    page.get_by_label("with version").select_option(label="Version 2")
    click_and_check(page.get_by_role("button", name="Compare"))
    expect(
        page.get_by_role("heading", name="What changed from version 1 to version 2")
    ).to_be_visible()
    added = page.locator(".app-report-difference ins")
    expect(added).to_have_count(1)
    expect(added).to_contain_text(f"[added: {SUMMARY}]")
    expect(page.get_by_role("heading", name=f"Findings: {LINE} No change")).to_be_visible()

    click_and_check(report_nav.get_by_role("link", name="The report"))
    click_and_check(page.get_by_role("link", name="Send for the factual-accuracy check"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Send the report for the factual-accuracy check"
    )
    click_and_check(
        page.get_by_role("button", name="Send the report for the factual-accuracy check")
    )
    expect(success_banner(page)).to_contain_text(
        "The report is sent to the service for the factual-accuracy check."
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Factual-accuracy check")
    sign_out(page)

    # 3. The receiving service's lead comments on the summary.
    receiving = the_service_lead(challenge, demo_data)
    sign_in(page, receiving.email)
    goto(page, challenge.get_absolute_url())
    click_and_check(page.get_by_role("link", name="Read the report"))
    expect(page.get_by_role("region", name="Summary")).to_contain_text(SUMMARY)
    click_and_check(
        page.get_by_role("region", name="Summary").get_by_role(
            "link", name="Comment on this section"
        )
    )
    expect(page.get_by_role("radio", name="Summary", exact=True)).to_be_checked()
    page.get_by_label("Your comment on its factual accuracy").fill(COMMENT)
    click_and_check(page.get_by_role("button", name="Send the comment"))
    expect(success_banner(page)).to_contain_text("Your comment is sent to the team's lead.")
    comment = page.get_by_role("region", name="Summary").locator(".govuk-summary-card")
    expect(comment).to_contain_text(COMMENT)
    expect(comment).to_contain_text("Waiting for an answer")
    sign_out(page)

    # 4. The lead answers the comment and signs off the final report.
    sign_in(page, lead.email)
    goto(page, report_url)
    expect(page.get_by_role("main")).to_contain_text("1 comment, 1 waiting for an answer.")
    click_and_check(page.get_by_role("link", name="Answer this comment"))
    expect(page.get_by_role("main")).to_contain_text(COMMENT)
    page.get_by_label("Your answer").fill(ANSWER)
    click_and_check(page.get_by_role("button", name="Save the answer"))
    expect(success_banner(page)).to_contain_text("Your answer is saved and sent to the service.")
    expect(page.get_by_role("region", name="Summary")).to_contain_text(ANSWER)
    click_and_check(page.get_by_role("link", name="Sign off the final report"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign off the final report")
    click_and_check(page.get_by_role("button", name="Sign off the final report"))
    expect(success_banner(page)).to_contain_text("The final report is signed off.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Final")
    expect(page.get_by_role("main")).to_contain_text(f"Signed off by {lead.full_name}")
    sign_out(page)

    # 5. The service reads the final report: the finding and the answer, never the evidence.
    sign_in(page, receiving.email)
    goto(page, report_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Final")
    expect(page.get_by_role("region", name=f"Findings: {LINE}")).to_contain_text(FINDING)
    expect(page.get_by_role("region", name="Summary")).to_contain_text(ANSWER)
    assert CANARY not in page.content()
    shown = page.get_by_role("main").inner_text()
    notes = EvidenceNote.objects.filter(activity__challenge=challenge)
    assert notes.count() == 8
    for text in notes.values_list("text", flat=True):
        assert text not in shown

    # 6. The service consents where the offer leaves publication to it; a coordinator of the
    # programme publishes the report.
    if challenge.review_type.publication_rule != PublicationRule.ALWAYS_PUBLIC:
        click_and_check(page.get_by_role("link", name="Give consent to publish"))
        click_and_check(page.get_by_role("button", name="Give consent to publish"))
    sign_out(page)
    coordinator = (
        User.objects.filter(
            memberships__programme=challenge.programme, memberships__role=Role.COORDINATOR
        )
        .order_by("pk")
        .first()
    )
    sign_in(page, coordinator.email)
    goto(page, report_url)
    click_and_check(page.get_by_role("link", name="Publish the report"))
    click_and_check(page.get_by_role("button", name="Publish the report"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Published")
    sign_out(page)

    # 7. Anyone finds it among the published reports and reads it, and its PDF, signed out.
    goto(page, "/reports/")
    click_and_check(page.get_by_role("link", name=SERVICE))
    expect(page.get_by_role("main")).to_contain_text(FINDING)
    expect(page.get_by_role("main")).to_contain_text(SUMMARY)
    assert CANARY not in page.content()
    pdf_link = page.get_by_role("link", name="Download this report (PDF")
    response = page.request.get(pdf_link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(response.body())).pages
    )
    assert " ".join(FINDING.split()) in text
    assert CANARY not in text

    # 8. The service's lead makes the improvement plan from the report's recommendations.
    sign_in(page, receiving.email)
    goto(page, challenge.get_absolute_url())
    click_and_check(page.get_by_role("link", name="Make the improvement plan from the report"))
    click_and_check(page.get_by_role("button", name="Make the improvement plan"))
    plan = Report.objects.get(challenge=challenge).improvement_plan
    assert plan is not None
    assert plan.organisation == challenge.organisation
    expect(page.get_by_role("heading", level=1)).to_contain_text(plan.title)
