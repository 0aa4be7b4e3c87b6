"""The report's internal half: the draft generated from what the system knows (never from
evidence), versions with stale saves refused and a readable difference, the workflow from
draft to publication with its refusals and emails, the publication check, and the pages for
each role."""

import datetime
import uuid

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from challenges import onsite_services as onsite
from challenges import publication_check as publication
from challenges import report_services as reports
from challenges.enums import ChallengeAction, FindingKind, Phase, ReportState, SourceType
from challenges.models import Challenge, ChallengeEvent, Report, ReportVersion
from challenges.publication_check import publication_check
from challenges.report_difference import text_difference, version_difference
from challenges.templatetags.report_text import report_text
from offers.enums import PublicationRule
from tests import factories

from .world import on_site, world

pytestmark = pytest.mark.django_db

EVIDENCE_CANARY = "CANARY-EVIDENCE-d41c7"
QUERIES_REPORT, QUERIES_VERSIONS = 19, 11


@pytest.fixture
def t():
    """A challenge on site with a schedule, evidence (a canary planted in it), findings on both
    lines, one merged away, and a recommendation."""
    w = on_site(world())
    # On site (the move itself waits for the first on-site day: test_challenges covers it).
    Challenge.objects.filter(pk=w["challenge"].pk).update(phase=Phase.ON_SITE)
    made = Challenge.objects.get(pk=w["challenge"].pk)
    lead_user = w["lead"].reviewer.user
    day = made.starts_on

    def activity(kind, description, count, hour):
        return onsite.activity_add(
            challenge=made,
            by=lead_user,
            kind=kind,
            day=day,
            starts_at=datetime.time(hour),
            ends_at=datetime.time(hour, 45),
            reviewers=[w["lead"]],
            met_description=description,
            met_count=count,
        )

    focus = activity("focus_group", "case managers", 4, 9)
    activity("group_discussion", "Case managers", 3, 10)
    activity("individual_discussion", "head of service", 1, 11)
    activity("case_file_audit", "case files of children on out-of-court disposals", 12, 12)
    activity("document_review", "policies and procedures", 5, 13)
    note, _created = onsite.evidence_note_save(
        activity=focus,
        by=lead_user,
        key=uuid.uuid4(),
        text=f"{EVIDENCE_CANARY} said in confidence by a case manager",
        source_type=SourceType.HEARD,
        line_of_enquiry=w["key_line"],
    )

    def finding(kind, text, line):
        return onsite.finding_add(
            challenge=made,
            by=lead_user,
            kind=kind,
            text=text,
            line_of_enquiry=line,
            evidence=[note],
        )

    first = finding(FindingKind.STRENGTH, "Staff know the children well.", w["key_line"])
    second = finding(FindingKind.STRENGTH, "Panel decisions are timely.", w["key_line"])
    finding(FindingKind.AREA_FOR_DEVELOPMENT, "Plans are not reviewed.", w["key_line"])
    finding(FindingKind.AREA_FOR_CONSIDERATION, "Children's views shape plans.", w["thread"])
    finding(FindingKind.RECOMMENDATION, "Review plans every three months.", w["key_line"])
    duplicate = finding(FindingKind.STRENGTH, "MERGED-AWAY duplicate.", w["key_line"])
    onsite.finding_merge(finding=duplicate, into=first, by=lead_user)
    onsite.finding_move(finding=second, direction=onsite.UP, by=lead_user)
    return w | {"challenge": made, "lead_user": lead_user}


def _start(t) -> Report:
    return reports.report_start(challenge=t["challenge"], by=t["lead_user"])


def _section(version, key) -> str:
    return next(s["text"] for s in version.sections if s["key"] == key)


def _all_text(report) -> str:
    return " ".join(
        f"{s['heading']} {s['text']}" for v in report.versions.all() for s in v.sections
    )


def _to_check(t) -> Report:
    report = _start(t)
    reports.report_revise(
        report=report,
        sections_text={"summary": "A service that knows its children."},
        note="",
        by=t["lead_user"],
        seen_number=1,
    )
    return reports.report_send_for_check(report=report, by=t["lead_user"])


def _to_final(t) -> Report:
    return reports.report_finalise(report=_to_check(t), by=t["lead_user"])


# --- The generated draft -----------------------------------------------------------------------


def test_the_draft_is_generated_from_the_application_lines_activities_and_findings(t):
    report = _start(t)
    version = report.versions.get()
    assert version.number == 1
    assert [s["key"] for s in version.sections] == [
        "summary",
        "context",
        "lines",
        "methodology",
        f"findings-{t['key_line'].pk}",
        f"findings-{t['thread'].pk}",
        "recommendations",
    ]
    context = _section(version, "context")
    assert t["challenge"].organisation.name in context
    assert t["application"].reasons.strip() in context
    assert _section(version, "lines") == (
        "The team looked at:\n\n- Out-of-court disposals (key line of enquiry)\n"
        "- Voice of the child (golden thread)"
    )
    methodology = _section(version, "methodology")
    assert "The team held 5 sessions:" in methodology
    assert "- Focus group: 1" in methodology
    # Groups summed by description whatever its case; an individual discussion by number only.
    assert "- 7 case managers" in methodology
    assert "- 1 person in an individual discussion" in methodology
    assert "head of service" not in methodology
    assert "Case files audited: 12." in methodology
    assert "Documents and data sets read: 5." in methodology
    assert "The team met 8 people in all:" in methodology
    # Findings by line, in the lead's order, merged ones left out.
    assert _section(version, f"findings-{t['key_line'].pk}") == (
        "Strengths\n\n- Panel decisions are timely.\n- Staff know the children well.\n\n"
        "Areas for development\n\n- Plans are not reviewed."
    )
    assert _section(version, f"findings-{t['thread'].pk}") == (
        "Areas for consideration\n\n- Children's views shape plans."
    )
    assert _section(version, "recommendations") == "1. Review plans every three months."
    assert EVIDENCE_CANARY not in _all_text(report)
    assert "MERGED-AWAY" not in _all_text(report)
    assert ChallengeEvent.objects.filter(action=ChallengeAction.DRAFT_REPORT).count() == 1


def test_only_the_lead_starts_the_draft_and_only_once_on_site(t):
    with pytest.raises(PermissionDenied):
        reports.report_start(challenge=t["challenge"], by=t["reviewers"][0].reviewer.user)
    with pytest.raises(PermissionDenied):
        reports.report_start(challenge=t["challenge"], by=t["coordinator"])
    first = _start(t)
    assert _start(t) == first
    assert ReportVersion.objects.count() == 1


def test_the_draft_waits_for_the_on_site_days():
    w = on_site(world())
    with pytest.raises(reports.ReportError, match="once the team is on site"):
        reports.report_start(challenge=w["challenge"], by=w["lead"].reviewer.user)


# --- Versions ----------------------------------------------------------------------------------


def test_a_revision_adds_a_version_and_a_stale_one_is_refused_losing_nothing(t):
    report = _start(t)
    v2 = reports.report_revise(
        report=report,
        sections_text={"summary": "A service that knows its children."},
        note="Wrote the summary",
        by=t["lead_user"],
        seen_number=1,
    )
    assert (v2.number, _section(v2, "summary"), v2.note) == (
        2,
        "A service that knows its children.",
        "Wrote the summary",
    )
    # Version 1 is never changed.
    assert _section(report.versions.get(number=1), "summary") == ""
    with pytest.raises(reports.StaleReportError, match="Someone saved version 2"):
        reports.report_revise(
            report=report,
            sections_text={"summary": "Another view"},
            note="",
            by=t["lead_user"],
            seen_number=1,
        )
    assert report.versions.count() == 2
    with pytest.raises(ValidationError, match="Nothing has changed"):
        reports.report_revise(
            report=report, sections_text={}, note="", by=t["lead_user"], seen_number=2
        )


def test_a_section_sent_back_with_a_browser_s_line_breaks_is_unchanged(t):
    """A browser sends a textarea's line breaks as CRLF: an untouched section stays as it was,
    so the difference shows only what the lead wrote."""
    report = _start(t)
    v1 = report.versions.get(number=1)
    methodology = _section(v1, "methodology")
    assert "\n\n" in methodology
    crlf = methodology.replace("\n", "\r\n")
    with pytest.raises(ValidationError, match="Nothing has changed"):
        reports.report_revise(
            report=report,
            sections_text={"methodology": crlf},
            note="",
            by=t["lead_user"],
            seen_number=1,
        )
    v2 = reports.report_revise(
        report=report,
        sections_text={"summary": "Strong practice.\r\n\r\nMore to do.", "methodology": crlf},
        note="",
        by=t["lead_user"],
        seen_number=1,
    )
    assert _section(v2, "summary") == "Strong practice.\n\nMore to do."
    assert [d.heading for d in version_difference(v1, v2) if d.changed] == ["Summary"]


def test_the_difference_marks_removed_and_added_words_in_words_too():
    html = text_difference("The panel meets <weekly>.", "The panel meets monthly.")
    assert html == (
        "The panel meets "
        '<del><span class="govuk-visually-hidden">[removed: </span>&lt;weekly&gt;.'
        '<span class="govuk-visually-hidden">]</span></del>'
        '<ins><span class="govuk-visually-hidden">[added: </span>monthly.'
        '<span class="govuk-visually-hidden">]</span></ins>'
    )


def test_the_difference_of_two_versions_is_per_section(t):
    report = _start(t)
    v2 = reports.report_revise(
        report=report,
        sections_text={"summary": "Strong practice."},
        note="",
        by=t["lead_user"],
        seen_number=1,
    )
    differences = version_difference(report.versions.get(number=1), v2)
    assert [(d.heading, d.changed) for d in differences][:2] == [
        ("Summary", True),
        ("Context", False),
    ]
    assert "[added: </span>Strong practice." in differences[0].html


# --- The workflow ------------------------------------------------------------------------------


def test_sending_for_the_check_emails_the_service_after_commit(
    t, django_capture_on_commit_callbacks
):
    report = _start(t)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reports.report_send_for_check(report=report, by=t["lead_user"])
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[t["service_lead"].email]]
    assert "ready for the factual-accuracy check" in mail.outbox[0].subject
    assert EVIDENCE_CANARY not in mail.outbox[0].body
    report.refresh_from_db()
    assert report.state == ReportState.FACTUAL_CHECK
    with pytest.raises(reports.ReportError, match="factual-accuracy check stage"):
        reports.report_send_for_check(report=report, by=t["lead_user"])


def test_the_service_comments_the_lead_answers_and_signs_off_when_all_are_answered(
    t, django_capture_on_commit_callbacks
):
    report = _to_check(t)
    version = reports.latest_version(report)
    service = t["service_lead"]
    with pytest.raises(PermissionDenied):
        reports.report_comment(
            report=report, version=version, section="context", text="x", by=t["coordinator"]
        )
    with django_capture_on_commit_callbacks(execute=True):
        first = reports.report_comment(
            report=report,
            version=version,
            section="context",
            text="The panel meets weekly, not monthly.",
            by=service,
        )
        reports.report_comment(
            report=report, version=version, section="summary", text="Typo.", by=service
        )
        reports.report_comment(
            report=report, version=version, section="lines", text="Fine.", by=service
        )
    assert mail.outbox[-1].to == [t["lead_user"].email]
    with pytest.raises(ValidationError):
        reports.report_comment(
            report=report, version=version, section="nowhere", text="x", by=service
        )
    with pytest.raises(reports.ReportError, match="3 have no answer yet"):
        reports.report_finalise(report=report, by=t["lead_user"])
    with django_capture_on_commit_callbacks(execute=True):
        reports.report_answer(comment=first, text="Changed.", by=t["lead_user"])
    assert mail.outbox[-1].to == [service.email]
    for comment in report.comments.filter(answer="")[1:]:
        reports.report_answer(comment=comment, text="Noted.", by=t["lead_user"])
    with pytest.raises(reports.ReportError, match="1 has no answer yet"):
        reports.report_finalise(report=report, by=t["lead_user"])
    reports.report_answer(comment=report.comments.get(answer=""), text="OK", by=t["lead_user"])
    with django_capture_on_commit_callbacks(execute=True):
        final = reports.report_finalise(report=report, by=t["lead_user"])
    assert (final.state, final.signed_off_by) == (ReportState.FINAL, t["lead_user"])
    assert set(mail.outbox[-1].to) == {service.email, t["coordinator"].email}
    with pytest.raises(reports.ReportError, match="final stage"):
        reports.report_revise(
            report=final, sections_text={"summary": "x"}, note="", by=t["lead_user"], seen_number=1
        )


def test_consent_and_publication(t, django_capture_on_commit_callbacks):
    offer = t["challenge"].review_type
    offer.publication_rule = PublicationRule.SERVICE_DECIDES
    offer.save()
    application = t["application"]
    application.publication_consent = False
    application.save()
    report = _to_final(t)
    with pytest.raises(reports.ReportError, match="not given its consent"):
        reports.report_publish(report=report, by=t["coordinator"])
    with pytest.raises(PermissionDenied):
        reports.report_consent(report=report, by=t["lead_user"])
    reports.report_consent(report=report, by=t["service_lead"])
    with pytest.raises(PermissionDenied):
        reports.report_publish(report=report, by=t["lead_user"])
    with django_capture_on_commit_callbacks(execute=True):
        published = reports.report_publish(report=report, by=t["coordinator"])
    year = published.published_at.year
    organisation = t["challenge"].organisation.name.lower().replace(" ", "-")
    assert published.state == ReportState.PUBLISHED
    assert published.slug.startswith(f"{organisation}-{year}"[:20])
    assert t["service_lead"].email in mail.outbox[-1].to
    actions = list(
        ChallengeEvent.objects.filter(action__in=[a.value for a in ChallengeAction])
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-6:] == [
        ChallengeAction.DRAFT_REPORT,
        ChallengeAction.REVISE_REPORT,
        ChallengeAction.SEND_FOR_CHECK,
        ChallengeAction.FINALISE_REPORT,
        ChallengeAction.CONSENT_REPORT,
        ChallengeAction.PUBLISH_REPORT,
    ]


def test_consent_on_the_application_counts_and_always_public_needs_none(t):
    offer = t["challenge"].review_type
    offer.publication_rule = PublicationRule.SERVICE_DECIDES
    offer.save()
    t["application"].publication_consent = True
    t["application"].save()
    report = _to_final(t)
    assert not reports.consent_needed(report)
    offer.publication_rule = PublicationRule.ALWAYS_PUBLIC
    offer.save()
    t["application"].publication_consent = False
    t["application"].save()
    report = Report.objects.get(pk=report.pk)
    assert not reports.consent_needed(report)
    with pytest.raises(reports.ReportError, match="No consent is needed"):
        reports.report_consent(report=report, by=t["service_lead"])


def test_slugs_are_unique(t):
    Report.objects.create(
        challenge=Challenge.objects.create(
            programme=t["programme"],
            organisation=factories.OrganisationFactory(),
            review_type=t["challenge"].review_type,
            created_by=t["coordinator"],
        ),
        slug=f"{t['challenge'].organisation.name}-2030".lower().replace(" ", "-"),
    )
    report = _to_final(t)
    report.challenge.review_type.publication_rule = PublicationRule.ALWAYS_PUBLIC
    report.challenge.review_type.save()
    with time_machine.travel(datetime.datetime(2030, 6, 1, 12, tzinfo=datetime.UTC)):
        published = reports.report_publish(report=report, by=t["coordinator"])
    assert published.slug.endswith("-2030-2")


# --- The publication check ---------------------------------------------------------------------


def test_the_check_finds_a_service_persons_name_and_an_identifying_word(t):
    report = _start(t)
    person = factories.improvement_board_member(
        organisation=t["challenge"].organisation, full_name="Priya Anne Sharma"
    )
    reports.report_revise(
        report=report,
        sections_text={"summary": "We thank priya sharma and the Riverside Hub team."},
        note="",
        by=t["lead_user"],
        seen_number=1,
    )
    problems = publication_check(report)
    assert [str(p) for p in problems] == [
        "“Summary” contains “Priya Sharma”, the name of one of the service's people."
    ]
    reports.identifying_term_add(report=report, term="riverside  hub", by=t["lead_user"])
    reports.identifying_term_add(report=report, term="Hub", by=t["lead_user"])
    assert [(p.section, p.term) for p in publication_check(report)] == [
        ("Summary", "Priya Sharma"),
        ("Summary", "Hub"),
        ("Summary", "riverside hub"),
    ]
    # Whole words only: "Hubs" would not count.
    assert not publication._found("Hub", "Hubs and spokes")
    assert person.full_name not in _all_text(report)


def test_publication_is_refused_while_the_check_finds_something(t):
    report = _to_check(t)
    reports.identifying_term_add(report=report, term="children", by=t["lead_user"])
    report = reports.report_finalise(report=report, by=t["lead_user"])
    report.challenge.review_type.publication_rule = PublicationRule.ALWAYS_PUBLIC
    report.challenge.review_type.save()
    with pytest.raises(reports.ReportError, match="publication check found"):
        reports.report_publish(report=report, by=t["coordinator"])
    assert Report.objects.get().state == ReportState.FINAL


# --- Pages -------------------------------------------------------------------------------------


def _url(name, t, *args):
    return reverse(f"challenges:{name}", args=[t["challenge"].pk, *args])


def test_the_lead_starts_edits_and_sends_through_the_pages(client, t):
    client.force_login(t["lead_user"])
    page = client.get(_url("report", t))
    assert "Start the draft report" in page.text
    response = client.post(_url("report_start", t))
    assert response.url == _url("report", t)
    page = client.get(_url("report", t))
    assert "Staff know the children well." in page.text
    assert "Version 1, last changed by" in page.text
    form = client.get(_url("report_edit", t))
    assert 'name="section_summary"' in form.text
    response = client.post(
        _url("report_edit", t),
        {"seen_number": "1", "section_summary": "Our summary.", "note": "Summary"},
    )
    assert response.status_code == 302
    # A second tab still showing version 1: refused, its text kept.
    stale = client.post(
        _url("report_edit", t), {"seen_number": "1", "section_summary": "MY-LOST-WORDS"}
    )
    assert "Someone saved version 2 since you opened version 1" in stale.text
    assert "MY-LOST-WORDS" in stale.text
    assert 'name="seen_number" value="2"' in stale.text
    assert ReportVersion.objects.count() == 2
    compare = client.get(_url("report_compare", t), {"older": 1, "newer": 2})
    assert "[added: </span>Our summary." in compare.text
    assert client.get(_url("report_version", t, 1)).status_code == 200
    assert "Version 2" in client.get(_url("report_versions", t)).text
    client.post(_url("report_step", t, "send"))
    assert Report.objects.get().state == ReportState.FACTUAL_CHECK


def test_the_service_reads_and_comments_only_from_the_check(client, t):
    report = _start(t)
    client.force_login(t["service_lead"])
    assert client.get(_url("report", t)).status_code == 403
    reports.report_send_for_check(report=report, by=t["lead_user"])
    page = client.get(_url("report", t))
    assert page.status_code == 200
    assert "Comment on this section" in page.text
    assert "Identifying words" not in page.text
    response = client.post(
        _url("report_comment", t), {"section": "context", "text": "The date is wrong."}
    )
    assert response.status_code == 302
    assert "The date is wrong." in client.get(_url("report", t)).text
    missing = client.post(_url("report_comment", t), {"section": "", "text": ""})
    assert "Choose the section your comment is about" in missing.text
    assert client.get(_url("report_edit", t)).status_code == 403
    # The lead answers on the report's page.
    client.force_login(t["lead_user"])
    comment = report.comments.get()
    client.post(_url("report_answer", t, comment.pk), {"answer": "Corrected."})
    assert "Corrected." in client.get(_url("report", t)).text


def test_no_page_shows_evidence_to_anyone(client, t):
    report = _to_check(t)
    reports.report_comment(
        report=report,
        version=reports.latest_version(report),
        section="summary",
        text="Please add more.",
        by=t["service_lead"],
    )
    names = ["report", "report_versions", "report_compare", "report_comment"]
    for user in (t["lead_user"], t["service_lead"], t["coordinator"]):
        client.force_login(user)
        for name in names:
            response = client.get(_url(name, t))
            assert EVIDENCE_CANARY not in response.text
        assert EVIDENCE_CANARY not in client.get(_url("report_version", t, 1)).text


def test_the_coordinator_publishes_from_the_confirmation_page(client, t):
    report = _to_final(t)
    report.challenge.review_type.publication_rule = PublicationRule.ALWAYS_PUBLIC
    report.challenge.review_type.save()
    client.force_login(t["coordinator"])
    page = client.get(_url("report_step", t, "publish"))
    assert "Anyone can read a published report" in page.text
    client.post(_url("report_step", t, "publish"))
    assert Report.objects.get().state == ReportState.PUBLISHED
    detail = client.get(t["challenge"].get_absolute_url())
    assert "Read the report" in detail.text


def test_outsiders_get_404_and_other_reviewers_403(client, t):
    _to_check(t)
    client.force_login(t["outsider"])
    assert client.get(_url("report", t)).status_code == 404
    client.force_login(t["reviewers"][0].reviewer.user)
    assert client.get(_url("report", t)).status_code == 200
    assert client.get(_url("report_edit", t)).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_versions_and_report_pages_take_as_many_queries_for_1_and_3_versions(client, t):
    report = reports.report_send_for_check(report=_start(t), by=t["lead_user"])
    client.force_login(t["lead_user"])
    one = {name: _queries(client, _url(name, t)) for name in ("report", "report_versions")}
    for n in (1, 2):
        reports.report_revise(
            report=report,
            sections_text={"summary": f"Summary {n}"},
            note="",
            by=t["lead_user"],
            seen_number=n,
        )
        reports.report_comment(
            report=report,
            version=reports.latest_version(report),
            section="summary",
            text=f"Comment {n}",
            by=t["service_lead"],
        )
    three = {name: _queries(client, _url(name, t)) for name in ("report", "report_versions")}
    assert one == three == {"report": QUERIES_REPORT, "report_versions": QUERIES_VERSIONS}


def test_the_service_gives_consent_on_its_page_and_sees_the_steps_on_the_timeline(
    client, t, django_capture_on_commit_callbacks
):
    t["application"].publication_consent = None
    t["application"].save()
    report = _to_final(t)
    client.force_login(t["service_lead"])
    page = client.get(_url("report", t))
    assert "the report is published once the service gives its consent" in page.text
    confirm = client.get(_url("report_step", t, "consent"))
    assert "Give consent to publish the report" in confirm.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("report_step", t, "consent"))
    assert response.url == _url("report", t)
    report.refresh_from_db()
    assert report.consent_given_by == t["service_lead"]
    assert set(mail.outbox[-1].to) == {t["coordinator"].email, t["lead_user"].email}
    detail = client.get(t["challenge"].get_absolute_url())
    for words in (
        "Sent the report for the factual-accuracy check",
        "Signed off the final report",
        "Gave consent to publish the report",
    ):
        assert words in detail.text
    # The team's versions are not the service's business.
    assert "Saved a new version of the report" not in detail.text
    # Once given, there is nothing more to consent to.
    again = client.post(_url("report_step", t, "consent"))
    assert "No consent is needed" in again.text


def test_an_empty_answer_is_refused_with_an_error_summary(client, t):
    report = _to_check(t)
    comment = reports.report_comment(
        report=report,
        version=reports.latest_version(report),
        section="summary",
        text="Say more.",
        by=t["service_lead"],
    )
    client.force_login(t["lead_user"])
    response = client.post(_url("report_answer", t, comment.pk), {"answer": "  "})
    assert "There is a problem" in response.text
    assert "Enter your answer" in response.text
    assert "Say more." in response.text


def test_the_lead_cannot_sign_off_from_the_page_while_comments_wait(client, t):
    report = _to_check(t)
    reports.report_comment(
        report=report,
        version=reports.latest_version(report),
        section="summary",
        text="Say more.",
        by=t["service_lead"],
    )
    client.force_login(t["lead_user"])
    page = client.get(_url("report_step", t, "finalise"))
    assert "1 comment from the service has no answer yet" in page.text
    refused = client.post(_url("report_step", t, "finalise"))
    assert "Answer the service's comments before signing off: 1 has no answer yet." in (
        refused.text.replace("&#x27;", "'")
    )
    assert Report.objects.get().state == ReportState.FACTUAL_CHECK


def test_section_text_becomes_paragraphs_and_lists_with_everything_escaped():
    text = "Intro <b>bold</b>\nsecond line\n\n- one\n- two & three\n\n1. first\n2. second"
    assert report_text(text) == (
        '<p class="govuk-body">Intro &lt;b&gt;bold&lt;/b&gt;<br>second line</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two &amp; three</li></ul>'
        '<ol class="govuk-list govuk-list--number"><li>first</li><li>second</li></ol>'
    )


def test_the_context_reads_as_a_sentence(t):
    version = _start(t).versions.get()
    assert _section(version, "context").startswith(
        f"{t['challenge'].organisation.name} asked the {t['programme'].name} programme for its "
        f"{t['challenge'].review_type.name[0].lower()}"
    )


def test_sign_off_waits_for_every_section_to_be_written(t):
    report = reports.report_send_for_check(report=_start(t), by=t["lead_user"])
    with pytest.raises(reports.ReportError, match="“Summary” has no text yet"):
        reports.report_finalise(report=report, by=t["lead_user"])
    assert Report.objects.get().state == ReportState.FACTUAL_CHECK


def test_the_services_start_page_points_to_the_factual_accuracy_check(client, t):
    _to_check(t)
    client.force_login(t["service_lead"])
    page = client.get(reverse("start"))
    assert "Check the factual accuracy of your peer review report" in page.text
    assert _url("report", t) in page.text
