"""Ids that no row can have — beyond 64 bits, negative, not whole numbers, not numbers — sent
in a page's choices, an admin action's selection or an address, get a GOV.UK error on the
page (or its 404, or the filter's own answer), never a 500; and a number beyond what an id
can hold never reaches the database (on SQLite it raised OverflowError; on PostgreSQL it
made the id compare as numeric, reading the whole table).

The pages and objects are the access matrix's world (test_access_matrix.py)."""

import re
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.module_data import module_data

from . import test_access_matrix
from .test_access_matrix import MATRIX

# The access matrix's fixture: the pages' objects, and a user for each role.
# The access matrix's world, built once for this module too.
module_data_built, world = module_data(test_access_matrix.build_world, "world")

BEYOND_64_BITS = ["99999999999999999999999", "9223372036854775808", "-9223372036854775809"]
BAD_IDS = [*BEYOND_64_BITS, "-1", "1e5", "abc"]

# What a page answers: its form again with a GOV.UK error on the field, or a status.
ERROR = "error"


@dataclass
class Page:
    name: str
    role: str
    field: str
    args: object = None  # callable(world) -> URL arguments
    method: str = "post"
    answer: object = ERROR
    data: dict = field(default_factory=dict)


PAGES = [
    # Multiple choices (ModelMultipleChoiceField): `pk__in`, which Django left unguarded.
    Page("applications:edit", "service_lead", "lines_of_enquiry", lambda w: [w.draft.pk, "focus"]),
    Page("board:meeting_new", "coordinator", "expected_members"),
    Page("board:meeting_edit", "coordinator", "expected_members", lambda w: [w.meeting.pk]),
    Page("board:attendance", "coordinator", "present_members", lambda w: [w.meeting.pk]),
    Page("board:agenda_add", "coordinator", "applications", lambda w: [w.meeting.pk]),
    Page("board:decide_batch", "coordinator", "items", lambda w: [_decidable_meeting(w).pk]),
    # One choice (ModelChoiceField, `exact`) and choices of plain values.
    Page("board:declare", "coordinator", "member", lambda w: [w.meeting.pk, w.item.pk]),
    Page("reviewers:edit", "coordinator", "organisation", lambda w: [w.pool_member.pk]),
    Page("reviewers:edit", "coordinator", "expertise", lambda w: [w.pool_member.pk]),
    Page(
        "reviewers:conflicts", "superuser", "conflict-organisation", lambda w: [w.pool_outsider.pk]
    ),
    Page(
        "reviewers:conflicts",
        "superuser",
        "employer-organisation",
        lambda w: [w.pool_outsider.pk],
        data={"add_employer": ""},
    ),
    Page("reviewers:past_reviews", "coordinator", "programme", lambda w: [w.pool_member.pk]),
    Page("reviewers:past_reviews", "coordinator", "organisation", lambda w: [w.pool_member.pk]),
    # Filters in the query string.
    Page("reviewers:list", "coordinator", "programme", method="get"),
    Page("reviewers:list", "coordinator", "region", method="get"),
    Page("reviewers:list", "coordinator", "expertise", method="get"),
    # The applications list and the dashboard leave out a filter that offers no such choice.
    *(
        Page("applications:list", "coordinator", name, method="get", answer=200)
        for name in ("review_type", "region", "cycle", "organisation")
    ),
    Page("applications:export", "coordinator", "organisation", method="get", answer=200),
    Page("applications:export_xlsx", "coordinator", "organisation", method="get", answer=200),
    Page("dashboards:rag", "superuser", "programme", method="get", answer=200),
    Page("dashboards:rag", "superuser", "region", method="get", answer=200),
    # The programme a new meeting is for.
    Page("board:meeting_new", "coordinator", "programme", method="get", answer=404),
    # An admin action's selection: nothing is selected, so back to the list with the admin's
    # message (not a number), or the confirmation page listing nothing (a number of no row).
    Page(
        "admin:accounts_membership_changelist",
        "superuser",
        "_selected_action",
        answer={200, 302},
        data={"action": "delete_selected", "index": "0"},
    ),
]


def _decidable_meeting(world):
    """A meeting of the world's programme held yesterday and quorate, with an application on
    its agenda: one whose batch decision page offers its items."""
    import datetime

    from django.utils import timezone

    from applications.enums import ApplicationState
    from applications.models import AgendaItem, BoardMeeting
    from tests import factories

    meeting = BoardMeeting.objects.create(
        programme=world.programme,
        held_on=timezone.localdate() - datetime.timedelta(days=1),
        quorum=1,
    )
    meeting.present_members.set([world.users["board_member"]])
    application = factories.ApplicationFactory(
        review_type=world.review_type, cycle=world.cycle, state=ApplicationState.ON_AGENDA
    )
    AgendaItem.objects.create(meeting=meeting, application=application, position=1)
    return meeting


def _id(page: Page) -> str:
    return f"{page.name}.{page.field}"


def _reaches_database(value: str, queries: CaptureQueriesContext) -> bool:
    return any(
        re.search(rf"(?<![0-9]){value}(?![0-9])", query["sql"])
        for query in queries.captured_queries
    )


def _answer(client, page: Page, url: str, value: str) -> str | None:
    """What is wrong with the page's answer to `value`, or None."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, page.method)(url, {**page.data, page.field: value})
    if value in BEYOND_64_BITS and _reaches_database(value.lstrip("-"), queries):
        return "sent to the database"
    if page.answer != ERROR:
        expected = page.answer if isinstance(page.answer, set) else {page.answer}
        return None if response.status_code in expected else f"answered {response.status_code}"
    if response.status_code != 200:
        return f"answered {response.status_code}"
    html = response.content.decode()
    # The summary, and the message on the field (checkboxes and radios carry it on the first).
    if 'class="govuk-error-summary"' not in html or not re.search(
        rf'id="id_{page.field}(_1)?_error" class="govuk-error-message"', html
    ):
        return "no GOV.UK error on the field"
    return None


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_a_bad_id_is_a_clear_answer_not_a_server_error(client, world, page):
    client.force_login(world.users[page.role])
    url = reverse(page.name, args=page.args(world) if page.args else None)
    # A 500 fails the value's answer, not the whole test, so every value is tried.
    client.raise_request_exception = False

    wrong = {value: _answer(client, page, url, value) for value in BAD_IDS}

    assert {value: what for value, what in wrong.items() if what} == {}


def _with_an_id_beyond_64_bits(args: list) -> list[list]:
    """The URL's arguments, once for each id among them, with that id beyond 64 bits."""
    return [
        [BEYOND_64_BITS[0] if i == position else arg for i, arg in enumerate(args)]
        for position, arg in enumerate(args)
        if isinstance(arg, int)
    ]


def test_an_address_with_an_id_beyond_64_bits_is_not_found(client, world):
    client.force_login(world.users["superuser"])
    client.raise_request_exception = False
    wrong = []
    for name, case in sorted(MATRIX.items()):
        for args in _with_an_id_beyond_64_bits(case.args(world) if case.args else []):
            url = reverse(name.split("#")[0], args=args)

            with CaptureQueriesContext(connection) as queries:
                response = getattr(client, case.method)(url, case.data)

            got = (response.status_code, response.get("Location"))
            # The admin sends a missing object's change and delete pages to its index; pages
            # refused to technical staff whatever the id (the team's evidence) stay refused.
            expected = {(404, None), (302, "/admin/") if name.startswith("admin:") else None}
            if case.expected["superuser"] == 403:
                expected.add((403, None))
            if got not in expected:
                wrong.append(f"{url}: {got}")
            if _reaches_database(BEYOND_64_BITS[0], queries):
                wrong.append(f"{url}: sent to the database")

    assert wrong == []
