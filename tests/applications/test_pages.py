"""The applying pages and the board's pages through the test client: bad input gets a GOV.UK
error and loses nothing; forms sent twice do nothing twice; lists and meetings run a fixed
number of queries."""

import csv
import datetime
import html
import io
import uuid
import zipfile
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationAction, ApplicationState, DecisionOutcome
from applications.models import (
    AgendaItem,
    Application,
    ApplicationDocument,
    ApplicationEvent,
    BoardMeeting,
    Decision,
)
from offers.enums import EnquiryKind
from offers.models import LineOfEnquiry
from tests import factories
from tests.exports import (
    BYTE_ORDER_MARK,
    XLSX,
    as_excel_reads,
    content,
    csv_rows,
    workbook,
    xlsx_rows,
)
from tests.pages import error_links
from tests.queries import queries_for_get

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

S = ApplicationState


@pytest.fixture
def service():
    programme = factories.ProgrammeFactory()
    organisation = factories.OrganisationFactory()
    lead = factories.service_lead(organisation=organisation)
    review_type = factories.ReviewTypeFactory(programme=programme)
    cycle = factories.CycleFactory(programme=programme)
    draft = factories.ApplicationFactory(
        review_type=review_type, organisation=organisation, cycle=cycle, created_by=lead
    )
    return {
        "programme": programme,
        "organisation": organisation,
        "lead": lead,
        "review_type": review_type,
        "cycle": cycle,
        "draft": draft,
    }


def date_fields(name: str, value: datetime.date | tuple) -> dict[str, str]:
    day, month, year = (
        (value.day, value.month, value.year) if isinstance(value, datetime.date) else value
    )
    return {f"{name}_0": str(day), f"{name}_1": str(month), f"{name}_2": str(year)}


def window_url(application) -> str:
    return reverse("applications:edit", args=[application.pk, "window"])


def errors_of(response) -> list[str]:
    """The messages of the page's GOV.UK error summary."""
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="govuk-error-summary"' in content
    assert response.context["form"].errors
    return [str(e) for errors in response.context["form"].errors.values() for e in errors]


# --- Starting and answering ----------------------------------------------------------------


def test_starting_twice_with_the_same_form_makes_one_draft(client, service):
    client.force_login(service["lead"])
    data = {"review_type": service["review_type"].pk, "token": str(uuid.uuid4())}

    first = client.post(reverse("applications:new"), data)
    second = client.post(reverse("applications:new"), data)

    new = Application.objects.exclude(pk=service["draft"].pk)
    assert new.count() == 1
    assert (
        first["Location"]
        == second["Location"]
        == reverse("applications:edit", args=[new.get().pk, "focus"])
    )


def test_a_start_form_token_copied_from_another_person_is_refused(client, service):
    """A token names the draft its form started, for the person who started it: sent by
    someone else (who could only have copied it) it is refused, not a server error."""
    other_lead = factories.service_lead(organisation=service["organisation"])
    data = {"review_type": service["review_type"].pk, "token": str(uuid.uuid4())}
    client.force_login(service["lead"])
    client.post(reverse("applications:new"), data)

    client.force_login(other_lead)
    copied = client.post(reverse("applications:new"), data)

    assert copied.status_code == 403
    assert list(Application.objects.values_list("created_by", flat=True)) == [
        service["lead"].pk,
        service["lead"].pk,
    ]


def test_start_page_without_a_choice_says_what_to_do(client, service):
    client.force_login(service["lead"])

    response = client.post(reverse("applications:new"), {"token": str(uuid.uuid4())})

    assert errors_of(response) == ["Select what you would like to apply for"]
    assert Application.objects.count() == 1


def test_continue_without_a_required_answer_is_refused_but_a_draft_can_be_saved(client, service):
    client.force_login(service["lead"])
    url = reverse("applications:edit", args=[service["draft"].pk, "context"])

    refused = client.post(url, {"context": "Two councils, one service.", "reasons": ""})
    assert errors_of(refused) == ["Say why you are applying now"]
    assert "Two councils, one service." in refused.content.decode()
    service["draft"].refresh_from_db()
    assert service["draft"].context != "Two councils, one service."

    saved = client.post(
        url, {"context": "Two councils, one service.", "reasons": "", "save_draft": "1"}
    )
    assert saved["Location"] == service["draft"].get_absolute_url()
    service["draft"].refresh_from_db()
    assert (service["draft"].context, service["draft"].reasons) == (
        "Two councils, one service.",
        "",
    )


def test_a_two_digit_year_asks_for_4_numbers_on_the_year(client, service):
    client.force_login(service["lead"])

    response = client.post(
        window_url(service["draft"]),
        date_fields("window_starts_on", (1, 9, 27)) | date_fields("window_ends_on", (1, 10, 2027)),
    )

    assert error_links(response) == [("Year must include 4 numbers", "#id_window_starts_on_2")]


@pytest.mark.parametrize(
    ("starts", "ends", "message"),
    [
        (-10, 20, "The start of the window must be in the future"),
        (40, 30, "The end of the window must be the same as or after its start"),
        (30, 900, "The window must fall within a cycle open for applications"),
    ],
    ids=["in the past", "end before start", "outside the cycle"],
)
def test_a_bad_window_is_refused_and_what_was_typed_is_kept(client, service, starts, ends, message):
    client.force_login(service["lead"])
    today = timezone.localdate()
    before = (service["draft"].window_starts_on, service["draft"].window_ends_on)
    typed_start = today + datetime.timedelta(days=starts)

    response = client.post(
        window_url(service["draft"]),
        date_fields("window_starts_on", typed_start)
        | date_fields("window_ends_on", today + datetime.timedelta(days=ends)),
    )

    [error] = errors_of(response)
    assert error.startswith(message)
    assert f'value="{typed_start.year}"' in response.content.decode()
    service["draft"].refresh_from_db()
    assert (service["draft"].window_starts_on, service["draft"].window_ends_on) == before


def test_a_date_that_does_not_exist_is_named(client, service):
    client.force_login(service["lead"])
    year = timezone.localdate().year + 1

    response = client.post(
        window_url(service["draft"]),
        date_fields("window_starts_on", (31, 2, year))
        | date_fields("window_ends_on", (1, 4, year)),
    )

    assert errors_of(response) == ["The date the window starts must be a real date"]
    # The summary links to the date input's first field, which exists on the page.
    content = response.content.decode()
    assert 'href="#id_window_starts_on_0"' in content
    assert 'id="id_window_starts_on_0"' in content


def test_a_good_window_sets_the_cycle(client, service):
    client.force_login(service["lead"])
    start = timezone.localdate() + datetime.timedelta(days=100)

    response = client.post(
        window_url(service["draft"]),
        date_fields("window_starts_on", start)
        | date_fields("window_ends_on", start + datetime.timedelta(days=3)),
    )

    assert response.status_code == 302
    service["draft"].refresh_from_db()
    assert service["draft"].window_starts_on == start
    assert service["draft"].cycle == service["cycle"]


# --- Uploads --------------------------------------------------------------------------------


def upload(client, application, name: str, content: bytes, kind: str = "data_pack"):
    return client.post(
        reverse("applications:documents", args=[application.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("self-assessment.pdf", b"%PDF-1.7\n1 0 obj\n", "application/pdf"),
        (
            "plan.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("data.csv", "area,rate\nNorthdale,0.42\nCafé,1\n".encode(), "text/csv"),
    ],
)
def test_supporting_documents_are_recognised_by_their_content(
    client, service, name, content, content_type
):
    client.force_login(service["lead"])

    response = upload(client, service["draft"], name, content)

    assert response.status_code == 302
    document = ApplicationDocument.objects.get()
    assert (document.original_name, document.content_type) == (name, content_type)
    download = client.get(reverse("applications:document", args=[service["draft"].pk, document.pk]))
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("data-pack.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200),
        ("data.xlsx", b"PK\x03\x04" + b"\x00" * 100),
        ("script.csv", b"#!/bin/sh\x00\x01rm -rf /"),
    ],
    ids=["executable renamed .pdf", "not really a workbook", "binary renamed .csv"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(client, service, name, content):
    client.force_login(service["lead"])

    response = upload(client, service["draft"], name, content)

    assert errors_of(response) == ["The selected file must be a PDF, Word, Excel or CSV file"]
    assert not ApplicationDocument.objects.exists()


@pytest.mark.parametrize(
    "name", ["page.html", "image.svg", "app.hta", "run.bat", "code.js", "notes"]
)
def test_text_is_taken_only_under_a_csv_name(client, service, name):
    client.force_login(service["lead"])

    response = upload(client, service["draft"], name, b"<script>alert(1)</script>,1\n")

    assert errors_of(response) == ["The selected file must be a PDF, Word, Excel or CSV file"]
    assert not ApplicationDocument.objects.exists()


def test_a_file_stored_under_another_ending_is_served_as_its_kind(client, service):
    """Files taken before names were checked go back out under their kind's ending."""
    client.force_login(service["lead"])
    upload(client, service["draft"], "page.csv", b"<script>alert(1)</script>,1\n")
    document = ApplicationDocument.objects.get()
    ApplicationDocument.objects.filter(pk=document.pk).update(original_name="page.html")

    download = client.get(reverse("applications:document", args=[service["draft"].pk, document.pk]))

    assert b"".join(download.streaming_content) == b"<script>alert(1)</script>,1\n"
    assert download["Content-Disposition"] == 'attachment; filename="page.csv"'
    assert download["Content-Type"] == "text/csv"


def test_an_over_size_file_is_refused(client, service, settings):
    settings.APPLICATION_UPLOAD_MAX_BYTES = 2**20
    client.force_login(service["lead"])

    response = upload(client, service["draft"], "big.pdf", b"%PDF-1.7\n" + b"0" * 2**20)

    assert errors_of(response) == ["The file must be smaller than 1 MB"]
    assert not ApplicationDocument.objects.exists()


def test_upload_without_a_file_or_type_says_so(client, service):
    client.force_login(service["lead"])

    response = client.post(reverse("applications:documents", args=[service["draft"].pk]), {})

    assert errors_of(response) == ["Select what the document is", "Select a file"]


# --- Submitting -----------------------------------------------------------------------------


def test_submitting_twice_submits_once(client, service):
    client.force_login(service["lead"])
    url = reverse("applications:check", args=[service["draft"].pk])

    first = client.post(url, {"reason": ""})
    second = client.post(url, {"reason": ""})

    assert first["Location"] == reverse("applications:submitted", args=[service["draft"].pk])
    assert second["Location"] == service["draft"].get_absolute_url()
    assert ApplicationEvent.objects.filter(action=ApplicationAction.SUBMIT).count() == 1
    assert Application.objects.get(pk=service["draft"].pk).state == S.SUBMITTED


def test_check_page_lists_missing_answers_and_submits_nothing(client, service):
    service["draft"].contact_name = ""
    service["draft"].save()
    client.force_login(service["lead"])
    url = reverse("applications:check", args=[service["draft"].pk])

    response = client.post(url, {"reason": ""})

    assert errors_of(response) == ["Give a named contact for the review"]
    assert Application.objects.get(pk=service["draft"].pk).state == S.DRAFT


@pytest.mark.parametrize(
    ("hour", "minute", "written"),
    [(22, 45, "1 July 2027, 10:45pm"), (9, 0, "1 July 2027, 9am"), (12, 0, "1 July 2027, midday")],
)
def test_the_timeline_writes_times_as_gov_uk_does(client, service, hour, minute, written):
    """London time, in the GOV.UK style: not "10:45 p.m." nor "noon". The lead's name has an
    apostrophe, as real names do, which the page escapes (a random name once made this fail)."""
    service["lead"].full_name = "Cameron O'Sullivan"
    service["lead"].save(update_fields=["full_name"])
    client.force_login(service["lead"])
    url = reverse("applications:check", args=[service["draft"].pk])
    client.post(url, {"reason": ""})
    moment = datetime.datetime(2027, 7, 1, hour, minute, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
    ApplicationEvent.objects.filter(application=service["draft"]).update(created_at=moment)

    page = client.get(service["draft"].get_absolute_url()).content.decode()

    assert f"{html.escape(str(service['lead']))}, {written}" in page
    assert "p.m." not in page
    assert "a.m." not in page


def test_the_contact_page_refuses_what_is_not_a_telephone_number(client, service):
    client.force_login(service["lead"])
    url = reverse("applications:edit", args=[service["draft"].pk, "contact"])

    response = client.post(
        url,
        {
            "contact_name": "Grace Okafor",
            "contact_email": "grace@example.org",
            "contact_phone": "abc",
            "continue": "",
        },
    )

    assert error_links(response) == [
        (
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
            "#id_contact_phone",
        )
    ]
    assert Application.objects.get(pk=service["draft"].pk).contact_phone == ""


def test_check_page_errors_link_to_the_question_that_answers_each(client, service):
    """Every answer missing: each error in the summary takes the person to its question, on
    the question's own page, and to the input that answers it there."""
    LineOfEnquiry.objects.create(
        programme=service["programme"], kind=EnquiryKind.KEY_LINE, name="Governance"
    )
    service["review_type"].virtual_allowed = True
    service["review_type"].save()
    Application.objects.filter(pk=service["draft"].pk).update(
        other_focus="",
        context="",
        reasons="",
        window_starts_on=None,
        window_ends_on=None,
        publication_consent=None,
        contact_name="",
        contact_email="",
    )
    client.force_login(service["lead"])
    pk = service["draft"].pk

    response = client.post(reverse("applications:check", args=[pk]), {"reason": ""})

    edit = reverse("applications:edit", args=[pk, "focus"]).removesuffix("focus/")
    assert error_links(response) == [
        (
            "Choose at least one key line of enquiry, or describe one",
            f"{edit}focus/#id_lines_of_enquiry_1",
        ),
        ("Describe your service's context", f"{edit}context/#id_context"),
        ("Say why you are applying", f"{edit}context/#id_reasons"),
        ("Give your preferred window for the review", f"{edit}window/#id_window_starts_on_0"),
        (
            "Say whether the final report may be published",
            f"{edit}publication/#id_publication_consent_1",
        ),
        ("Give a named contact for the review", f"{edit}contact/#id_contact_name"),
    ]
    for _message, href in error_links(response):
        page, anchor = href.split("#")
        assert f'id="{anchor}"' in client.get(page).content.decode()


def test_check_page_links_the_part_of_a_question_still_missing(client, service):
    service["review_type"].virtual_allowed = True
    service["review_type"].save()
    Application.objects.filter(pk=service["draft"].pk).update(delivery_mode="", contact_email="")
    client.force_login(service["lead"])
    pk = service["draft"].pk

    response = client.post(reverse("applications:check", args=[pk]), {"reason": ""})

    assert [href for _message, href in error_links(response)] == [
        reverse("applications:edit", args=[pk, "window"]) + "#id_delivery_mode_1",
        reverse("applications:edit", args=[pk, "contact"]) + "#id_contact_email",
    ]
    window = client.get(reverse("applications:edit", args=[pk, "window"])).content.decode()
    assert 'id="id_delivery_mode_1"' in window


def test_asking_for_more_information_needs_what_is_asked(client, service):
    Application.objects.filter(pk=service["draft"].pk).update(state=S.SUBMITTED)
    client.force_login(factories.coordinator(programme=service["programme"]))

    response = client.post(
        reverse("applications:request_information", args=[service["draft"].pk]), {"reason": " "}
    )

    assert error_links(response) == [
        ("Enter what information you need from the service", "#id_reason")
    ]
    assert Application.objects.get(pk=service["draft"].pk).state == S.SUBMITTED


def test_answering_a_request_needs_an_answer(client, service):
    Application.objects.filter(pk=service["draft"].pk).update(state=S.MORE_INFORMATION)
    client.force_login(service["lead"])

    response = client.post(reverse("applications:check", args=[service["draft"].pk]), {})

    assert error_links(response) == [("Enter your answer to the coordinator", "#id_reason")]
    assert Application.objects.get(pk=service["draft"].pk).state == S.MORE_INFORMATION


# --- The board ------------------------------------------------------------------------------


@pytest.fixture
def meeting(service):
    """A meeting held today, quorate: three board members were there."""
    meeting = BoardMeeting.objects.create(
        programme=service["programme"], held_on=timezone.localdate(), quorum=3
    )
    meeting.present_members.set(
        [factories.board_member(programme=service["programme"]) for _ in range(3)]
    )
    return meeting


def put_on_agenda(meeting, service, n=1, *, cycles=None):
    """`n` applications on the meeting's agenda, in `cycles` in turn (the service's by default)."""
    cycles = cycles or [service["cycle"]]
    items = []
    for position in range(n):
        application = factories.ApplicationFactory(
            review_type=service["review_type"],
            cycle=cycles[position % len(cycles)],
            state=S.ON_AGENDA,
        )
        items.append(
            AgendaItem.objects.create(meeting=meeting, application=application, position=position)
        )
    return items


def test_recording_a_decision_twice_records_one(client, service, meeting):
    [item] = put_on_agenda(meeting, service)
    member = factories.board_member(programme=service["programme"])
    client.force_login(member)
    url = reverse("board:decide", args=[meeting.pk, item.pk])
    data = {"outcome": DecisionOutcome.DECLINED, "rationale": "Another review this year."}

    client.post(url, data)
    second = client.post(url, data)

    assert second["Location"] == meeting.get_absolute_url()
    assert Decision.objects.count() == 1
    assert ApplicationEvent.objects.filter(action=ApplicationAction.DECLINE).count() == 1


def test_decision_form_errors_keep_the_answers(client, service, meeting):
    [item] = put_on_agenda(meeting, service)
    client.force_login(factories.board_member(programme=service["programme"]))

    response = client.post(
        reverse("board:decide", args=[meeting.pk, item.pk]),
        {"outcome": DecisionOutcome.APPROVED, "reviewer_days": "thirty", "funding": "6000"},
    )

    assert "Reviewer-days must be a whole number, like 18" in errors_of(response)
    assert 'value="thirty"' in response.content.decode()
    assert not Decision.objects.exists()


def test_a_conflicted_member_is_warned_and_refused(client, service, meeting):
    [item] = put_on_agenda(meeting, service)
    member = factories.board_member(programme=service["programme"])
    factories.service_lead(organisation=item.application.organisation, user=member)
    client.force_login(member)
    url = reverse("board:decide", args=[meeting.pk, item.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"outcome": DecisionOutcome.DECLINED, "rationale": "No."})

    assert "You cannot record the decision on it" in page
    assert errors_of(response) == [
        "You have an interest in this application (Works for the applying service), so you "
        "cannot decide it."
    ]
    assert not Decision.objects.exists()


def test_meeting_shows_quorum(client, service, meeting):
    members = [factories.board_member(programme=service["programme"]) for _ in range(3)]
    meeting.quorum = 3
    meeting.save()
    meeting.present_members.set(members[:2])
    client.force_login(members[0])

    page = client.get(meeting.get_absolute_url()).content.decode()

    assert "Not quorate" in page
    assert "2 present; the quorum is 3." in page


def test_past_meeting_dates_are_allowed_but_a_missing_one_is_not(client, service):
    client.force_login(factories.coordinator(programme=service["programme"]))

    response = client.post(reverse("board:meeting_new"), {"quorum": "3", "location": "Online"})

    assert errors_of(response) == ["Enter the date of the meeting"]
    assert 'value="Online"' in response.content.decode()
    assert not BoardMeeting.objects.exists()


# --- Lists, exports and query counts --------------------------------------------------------


def test_list_filters_and_exports_the_same_rows(client, service):
    coordinator = factories.coordinator(programme=service["programme"])
    submitted = factories.ApplicationFactory(
        review_type=service["review_type"],
        state=S.SUBMITTED,
        other_focus="",
        organisation=factories.OrganisationFactory(name='=HYPERLINK("x") Youth Justice'),
    )
    factories.ApplicationFactory(review_type=service["review_type"], state=S.APPROVED)
    client.force_login(coordinator)

    page = client.get(reverse("applications:list"), {"state": S.SUBMITTED})
    export = client.get(reverse("applications:export"), {"state": S.SUBMITTED})

    assert [a.pk for a in page.context["page"].object_list] == [submitted.pk]
    # Both downloads keep the filters.
    assert '<a class="govuk-link" href="/applications/export.csv?state=submitted">' in page.text
    assert '<a class="govuk-link" href="/applications/export.xlsx?state=submitted">' in page.text
    assert "Download as CSV</a> or <a" in page.text
    assert "Download as Excel (XLSX)</a>" in page.text
    assert export.streaming
    rows = csv_rows(export)
    assert [row[0] for row in rows[1:]] == [submitted.reference]
    # A cell that a spreadsheet would run as a formula is quoted.
    assert rows[1][1] == '\'=HYPERLINK("x") Youth Justice'


def test_the_excel_export_has_the_csvs_header_and_rows_for_the_same_filters(client, service):
    client.force_login(factories.coordinator(programme=service["programme"]))
    whole_pounds = factories.ApplicationFactory(
        review_type=service["review_type"],
        state=S.SUBMITTED,
        funding_requested=Decimal(6000),
        organisation=factories.OrganisationFactory(name="Café £ Youth Justice"),
    )
    factories.ApplicationFactory(
        review_type=service["review_type"],
        state=S.SUBMITTED,
        funding_requested=Decimal("1250.50"),
        cycle=None,
    )
    factories.ApplicationFactory(review_type=service["review_type"], state=S.APPROVED)
    filters = {"state": S.SUBMITTED}

    csv_download = client.get(reverse("applications:export"), filters)
    xlsx_download = client.get(reverse("applications:export_xlsx"), filters)

    # The CSV starts with a byte-order mark, so that Excel reads its "£" as "£".
    csv_bytes = content(csv_download)
    assert csv_bytes.startswith(BYTE_ORDER_MARK)
    rows = list(csv.reader(io.StringIO(as_excel_reads(csv_bytes))))
    assert rows[0][10] == "Funding requested (£)"
    assert rows[1][1] == "Café £ Youth Justice"
    assert [row[10] for row in rows[1:]] == ["6000", "1250.50"]
    assert xlsx_download["Content-Type"] == XLSX
    assert xlsx_download["Content-Disposition"] == (
        f'attachment; filename="applications-{timezone.localdate().isoformat()}.xlsx"'
    )
    assert xlsx_rows(xlsx_download) == rows
    assert len(rows) == 3
    sheet = workbook(xlsx_download).active
    assert sheet.title == "Applications"
    assert (sheet["K2"].value, sheet["K2"].number_format) == (6000, '"£"#,##0')
    assert sheet["H2"].value.date() == whole_pounds.window_starts_on
    assert (sheet["L2"].is_date, sheet["L2"].number_format) == (True, "yyyy-mm-dd hh:mm")


def test_drafts_are_not_listed_for_the_programme(client, service):
    client.force_login(factories.coordinator(programme=service["programme"]))

    page = client.get(reverse("applications:list"))

    assert list(page.context["page"].object_list) == []
    assert "There are no applications yet" in page.content.decode()


def test_list_is_paginated(client, service):
    factories.ApplicationFactory.create_batch(
        30, review_type=service["review_type"], state=S.SUBMITTED
    )
    client.force_login(factories.coordinator(programme=service["programme"]))

    second = client.get(reverse("applications:list"), {"page": 2})

    assert len(second.context["page"].object_list) == 5
    assert 'aria-current="page"' in second.content.decode()


def test_list_query_count_does_not_grow(client, service):
    client.force_login(factories.coordinator(programme=service["programme"]))
    factories.ApplicationFactory(review_type=service["review_type"], state=S.SUBMITTED)
    one = queries_for_get(client, reverse("applications:list"))
    for _ in range(29):
        factories.ApplicationFactory(
            review_type=factories.ReviewTypeFactory(programme=service["programme"]),
            state=S.SUBMITTED,
        )

    assert queries_for_get(client, reverse("applications:list")) == one


@pytest.mark.parametrize("name", ["applications:export", "applications:export_xlsx"])
def test_export_query_count_does_not_grow(client, service, name):
    client.force_login(factories.coordinator(programme=service["programme"]))
    factories.ApplicationFactory(review_type=service["review_type"], state=S.SUBMITTED)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            content(client.get(reverse(name)))
        return len(captured.captured_queries)

    one = queries()
    for _ in range(2):
        factories.ApplicationFactory(
            review_type=factories.ReviewTypeFactory(programme=service["programme"]),
            state=S.SUBMITTED,
        )

    assert queries() == one


def test_meeting_query_count_does_not_grow(client, service, meeting):
    member = factories.board_member(programme=service["programme"])
    client.force_login(member)
    [item] = put_on_agenda(meeting, service)
    item.declarations.create(member=member, reason="Friend", recorded_by=member)
    meeting.present_members.add(member)
    one = queries_for_get(client, meeting.get_absolute_url())
    # An agenda spans cycles (applications for this year's and next year's windows).
    cycles = [
        service["cycle"],
        *(factories.CycleFactory(programme=service["programme"]) for _ in range(2)),
    ]
    for item in put_on_agenda(meeting, service, n=29, cycles=cycles):
        item.declarations.create(member=member, reason="Friend", recorded_by=member)
        Decision.objects.create(
            agenda_item=item,
            application=item.application,
            outcome=DecisionOutcome.DECLINED,
            rationale="No.",
            decided_by=member,
        )
    for _ in range(29):
        meeting.present_members.add(factories.board_member(programme=service["programme"]))

    assert queries_for_get(client, meeting.get_absolute_url()) == one


@pytest.mark.parametrize("url_name", ["board:meetings", "board:capacity"])
def test_board_lists_query_count_does_not_grow(client, service, url_name):
    client.force_login(factories.board_member(programme=service["programme"]))
    BoardMeeting.objects.create(programme=service["programme"], held_on=timezone.localdate())
    one = queries_for_get(client, reverse(url_name))
    for n in range(29):
        BoardMeeting.objects.create(
            programme=service["programme"],
            held_on=timezone.localdate() + datetime.timedelta(days=n),
        )
        factories.CycleFactory(programme=service["programme"], funding=Decimal(n))

    assert queries_for_get(client, reverse(url_name)) == one


@pytest.mark.parametrize("chosen", ["abc", "99999999999999999999999", "-1"])
def test_a_new_meeting_for_a_programme_that_cannot_be_is_not_found(coordinator_client, chosen):
    response = coordinator_client.get(reverse("board:meeting_new"), {"programme": chosen})

    assert response.status_code == 404
