"""The access matrix: every named URL, visited as every role, gives the expected answer.

Adding a URL without adding it to MATRIX fails `test_every_named_url_is_in_the_matrix`.
The reviewer pool's, training's and generated documents' cases are in matrix_reviewers.py,
matrix_training.py and matrix_documents.py (each with a `world(base)` adding the objects its
cases need); the vocabulary is in matrix.py.
Answers: 200; LOGIN (a redirect to the sign-in page); 403; 404; or REDIRECT(path).
"""

from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.enums import Role
from accounts.services import email_change_token
from tests import factories
from tests.module_data import module_data

from . import (
    matrix_calendar,
    matrix_challenges,
    matrix_challenges_matcher,
    matrix_dashboards,
    matrix_documents,
    matrix_improvement,
    matrix_onsite,
    matrix_outbox,
    matrix_performance,
    matrix_performance_import,
    matrix_planner,
    matrix_public_reports,
    matrix_report,
    matrix_reviewers,
    matrix_selfassessment,
    matrix_setup_accounts,
    matrix_setup_families,
    matrix_setup_offers,
    matrix_setup_reviewers,
    matrix_training,
)
from .matrix import (
    BOARD,
    COORDINATORS,
    EVERYONE,
    LOGIN,
    REDIRECT,
    ROLES,
    SIGNED_IN,
    SUPERUSERS,
    VISIBLE_TO,
    Case,
    answers,
    model_admin_cases,
    superuser_admin_cases,
)

MATRIX: dict[str, Case] = {
    # Public pages
    "start": Case(EVERYONE),
    "core:accessibility": Case(EVERYONE),
    "core:privacy": Case(EVERYONE),
    "core:healthz": Case(EVERYONE),
    # Signing in and out
    "accounts:login": Case(answers(REDIRECT("/"), anonymous=200)),
    "accounts:logout": Case(answers(REDIRECT("/")), method="post"),
    "accounts:password_reset": Case(EVERYONE),
    "accounts:password_reset_done": Case(EVERYONE),
    "accounts:password_reset_confirm": Case(
        EVERYONE, args=lambda w: [urlsafe_base64_encode(force_bytes(w.person.pk)), "bad-token"]
    ),
    "accounts:password_reset_complete": Case(EVERYONE),
    "accounts:register": Case(answers(REDIRECT("/"), anonymous=200)),
    "accounts:register_sent": Case(EVERYONE),
    "accounts:activate": Case(
        EVERYONE, args=lambda w: [urlsafe_base64_encode(force_bytes(w.person.pk)), "bad-token"]
    ),
    "accounts:profile": Case(SIGNED_IN),
    "accounts:profile_edit": Case(SIGNED_IN),
    "accounts:password_change": Case(SIGNED_IN),
    "accounts:email_change": Case(SIGNED_IN),
    # The page after asking: without a change asked for in this session, back to the form.
    "accounts:email_change_sent": Case(
        answers(REDIRECT("/accounts/profile/email/"), anonymous=LOGIN)
    ),
    # A link sent to move w.person to a new address: for nobody else, superusers included.
    "accounts:email_change_confirm": Case(
        answers(403, anonymous=LOGIN),
        args=lambda w: [email_change_token(user=w.person, new_email="new@example.org")],
    ),
    # The admin, for technical staff only
    "admin:index": Case(SUPERUSERS),
    "admin:login": Case(answers(403, anonymous=LOGIN, superuser=REDIRECT("/admin/"))),
    "admin:logout": Case(
        answers(403, anonymous=REDIRECT("/admin/"), superuser=REDIRECT("/")),
        method="post",
    ),
    "admin:password_change": Case(SUPERUSERS),
    "admin:password_change_done": Case(SUPERUSERS),
    "admin:autocomplete": Case(answers(403, anonymous=LOGIN)),
    "admin:jsi18n": Case(SUPERUSERS),
    # Memberships have no page of their own outside the admin.
    "admin:view_on_site": Case(
        answers(403, anonymous=LOGIN, superuser=404),
        args=lambda w: [w.membership_content_type, w.own_membership.pk],
    ),
    "admin:app_list": Case(SUPERUSERS, args=lambda w: ["accounts"]),
    **superuser_admin_cases("axes_accessattempt", obj=lambda w: w.access_attempt.pk),
    **superuser_admin_cases("axes_accesslog", obj=lambda w: w.access_log.pk),
    **superuser_admin_cases("axes_accessfailurelog", obj=lambda w: w.access_failure.pk),
    **model_admin_cases(
        "region",
        obj=lambda w: w.programme.region_id or w.organisation.region_id,
        add=SUPERUSERS,
        delete=SUPERUSERS,
    ),
    **model_admin_cases(
        "organisation",
        obj=lambda w: w.organisation.pk,
        delete=SUPERUSERS,
    ),
    **model_admin_cases(
        "programme",
        obj=lambda w: w.programme.pk,
        add=SUPERUSERS,
        delete=SUPERUSERS,
    ),
    **model_admin_cases("membership", obj=lambda w: w.own_membership.pk),
    **model_admin_cases("user", obj=lambda w: w.person.pk, delete=SUPERUSERS),
    "admin:auth_user_password_change": Case(SUPERUSERS, args=lambda w: [w.person.pk]),
    "admin:accounts_organisation_simple_history": Case(
        SUPERUSERS, args=lambda w: [w.organisation.pk, w.organisation.history.first().pk]
    ),
    "admin:accounts_programme_simple_history": Case(
        SUPERUSERS, args=lambda w: [w.programme.pk, w.programme.history.first().pk]
    ),
    "admin:accounts_membership_simple_history": Case(
        SUPERUSERS, args=lambda w: [w.own_membership.pk, w.own_membership.history.first().pk]
    ),
    "admin:accounts_user_simple_history": Case(
        SUPERUSERS, args=lambda w: [w.person.pk, w.person.history.first().pk]
    ),
    # Offers, key lines of enquiry and cycles in the admin: technical staff only
    **model_admin_cases("reviewtype", app="offers", obj=lambda w: w.review_type.pk),
    **model_admin_cases("lineofenquiry", app="offers", obj=lambda w: w.key_line.pk),
    **model_admin_cases("cycle", app="offers", obj=lambda w: w.cycle.pk),
    "admin:offers_reviewtype_simple_history": Case(
        SUPERUSERS, args=lambda w: [w.review_type.pk, w.review_type.history.first().pk]
    ),
    "admin:offers_lineofenquiry_simple_history": Case(
        SUPERUSERS, args=lambda w: [w.key_line.pk, w.key_line.history.first().pk]
    ),
    "admin:offers_cycle_simple_history": Case(
        SUPERUSERS, args=lambda w: [w.cycle.pk, w.cycle.history.first().pk]
    ),
    # Applications: the service's own in every state; the programme's once submitted
    "applications:list": Case(BOARD | {"service_lead": 200}),
    "applications:export": Case(BOARD | {"service_lead": 200}),
    "applications:export_xlsx": Case(BOARD | {"service_lead": 200}),
    "applications:new": Case(answers(403, anonymous=LOGIN, service_lead=200)),
    "applications:detail": Case(
        VISIBLE_TO(service_lead=200, coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.submitted.pk],
    ),
    "applications:submitted": Case(
        VISIBLE_TO(service_lead=200, coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.submitted.pk],
    ),
    # A draft is the service's own: answering its questions is for the service (and the
    # technical staff, who may do everything) alone.
    "applications:edit": Case(
        VISIBLE_TO(service_lead=200, superuser=200), args=lambda w: [w.draft.pk, "context"]
    ),
    "applications:check": Case(
        VISIBLE_TO(service_lead=200, superuser=200), args=lambda w: [w.draft.pk]
    ),
    "applications:documents": Case(
        VISIBLE_TO(service_lead=200, superuser=200), args=lambda w: [w.draft.pk]
    ),
    "applications:document": Case(
        VISIBLE_TO(service_lead=200, superuser=200), args=lambda w: [w.draft.pk, w.document.pk]
    ),
    "applications:document_remove": Case(
        VISIBLE_TO(service_lead=200, superuser=200), args=lambda w: [w.draft.pk, w.document.pk]
    ),
    "applications:withdraw": Case(
        VISIBLE_TO(service_lead=200, coordinator=403, board_member=403, superuser=200),
        args=lambda w: [w.submitted.pk],
    ),
    "applications:request_information": Case(
        VISIBLE_TO(service_lead=403, coordinator=200, board_member=403, superuser=200),
        args=lambda w: [w.submitted.pk],
    ),
    # The programme board
    "board:meetings": Case(BOARD),
    "board:capacity": Case(BOARD),
    "board:meeting_new": Case(COORDINATORS),
    "board:meeting": Case(
        VISIBLE_TO(coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.meeting.pk],
    ),
    "board:meeting_edit": Case(
        VISIBLE_TO(coordinator=200, board_member=403, superuser=200),
        args=lambda w: [w.meeting.pk],
    ),
    "board:attendance": Case(
        VISIBLE_TO(coordinator=200, board_member=403, superuser=200),
        args=lambda w: [w.meeting.pk],
    ),
    "board:agenda_add": Case(
        VISIBLE_TO(coordinator=200, board_member=403, superuser=200),
        args=lambda w: [w.meeting.pk],
    ),
    "board:agenda_remove": Case(
        VISIBLE_TO(coordinator=200, board_member=403, superuser=200),
        args=lambda w: [w.meeting.pk, w.item.pk],
    ),
    "board:agenda_move": Case(
        VISIBLE_TO(
            coordinator=REDIRECT("/board/meetings/{meeting}/"),
            board_member=403,
            superuser=REDIRECT("/board/meetings/{meeting}/"),
        ),
        args=lambda w: [w.meeting.pk, w.item.pk],
        method="post",
        data={"direction": "up"},
    ),
    "board:declare": Case(
        VISIBLE_TO(coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.meeting.pk, w.item.pk],
    ),
    "board:decide": Case(
        VISIBLE_TO(coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.meeting.pk, w.item.pk],
    ),
    "board:decide_batch": Case(
        VISIBLE_TO(coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.meeting.pk],
    ),
    # Between meetings, the board's own members decide (the page says which of them may);
    # the coordinators, who record decisions taken at meetings, do not.
    "board:decide_between": Case(
        VISIBLE_TO(coordinator=403, board_member=200, superuser=200),
        args=lambda w: [w.meeting.pk, w.item.pk],
    ),
    "board:decision_amend": Case(
        VISIBLE_TO(coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.decision.pk],
    ),
    "board:decision_rescind": Case(
        VISIBLE_TO(coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.decision.pk],
    ),
    # Programmes are public: their boards' terms are changed by their coordinators only.
    "board:terms": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
    **matrix_reviewers.CASES,
    **matrix_training.CASES,
    **matrix_setup_reviewers.CASES,
    **matrix_documents.CASES,
    **matrix_improvement.CASES,
    **matrix_dashboards.CASES,
    **matrix_setup_accounts.CASES,
    **matrix_setup_offers.CASES,
    **matrix_setup_families.CASES,
    **matrix_challenges.CASES,
    **matrix_challenges_matcher.CASES,
    **matrix_onsite.CASES,
    **matrix_report.CASES,
    **matrix_public_reports.CASES,
    **matrix_planner.CASES,
    **matrix_calendar.CASES,
    **matrix_outbox.CASES,
    **matrix_performance.CASES,
    **matrix_performance_import.CASES,
    **matrix_selfassessment.CASES,
}

# Objects in another programme than the coordinator's (or another organisation than the
# service lead's): what they may and may not reach.
OTHER_PROGRAMME_MATRIX: dict[str, Case] = {
    # The admin is closed to coordinators, for another programme's rows too.
    "admin:accounts_programme_change": Case(SUPERUSERS, args=lambda w: [w.other_programme.pk]),
    "admin:accounts_membership_change": Case(SUPERUSERS, args=lambda w: [w.other_membership.pk]),
    "admin:accounts_user_delete": Case(SUPERUSERS, args=lambda w: [w.privileged.pk]),
    "admin:offers_reviewtype_delete": Case(SUPERUSERS, args=lambda w: [w.other_review_type.pk]),
    **matrix_setup_accounts.OTHER_PROGRAMME_CASES,
    # Another organisation's application does not exist for a service lead; the programme's
    # coordinators and board see it (submitted), but nobody changes its answers.
    "applications:detail": Case(
        VISIBLE_TO(coordinator=200, board_member=200, superuser=200),
        args=lambda w: [w.other_application.pk],
    ),
    "applications:edit": Case(
        VISIBLE_TO(coordinator=403, board_member=403, superuser=403),
        args=lambda w: [w.other_application.pk, "context"],
    ),
    # Another programme's meeting does not exist for this programme's board.
    "board:meeting": Case(VISIBLE_TO(superuser=200), args=lambda w: [w.other_meeting.pk]),
    # Nor its decisions; and its board's terms are not this coordinator's to change.
    "board:decision_amend": Case(VISIBLE_TO(superuser=200), args=lambda w: [w.other_decision.pk]),
    "board:terms": Case(SUPERUSERS, args=lambda w: [w.other_programme.pk]),
    # A draft is not shown to the programme until it is submitted.
    "applications:detail#draft": Case(
        VISIBLE_TO(service_lead=200, superuser=200), args=lambda w: [w.draft.pk]
    ),
    **matrix_documents.OTHER_PROGRAMME_CASES,
    **matrix_training.OTHER_PROGRAMME_CASES,
    **matrix_setup_reviewers.OTHER_PROGRAMME_CASES,
    **matrix_setup_offers.OTHER_PROGRAMME_CASES,
    **matrix_setup_families.OTHER_PROGRAMME_CASES,
    **matrix_challenges.OTHER_PROGRAMME_CASES,
    **matrix_challenges_matcher.OTHER_PROGRAMME_CASES,
    **matrix_onsite.OTHER_PROGRAMME_CASES,
    **matrix_report.OTHER_PROGRAMME_CASES,
    **matrix_public_reports.OTHER_PROGRAMME_CASES,
    **matrix_planner.OTHER_PROGRAMME_CASES,
    **matrix_calendar.OTHER_PROGRAMME_CASES,
    **matrix_performance.OTHER_PROGRAMME_CASES,
    **matrix_selfassessment.OTHER_PROGRAMME_CASES,
}


def named_urls(patterns=None, namespace=None) -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            child = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            names |= named_urls(pattern.url_patterns, child)
        elif pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def build_world() -> SimpleNamespace:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Membership

    programme = factories.ProgrammeFactory()
    other_programme = factories.ProgrammeFactory()
    organisation = factories.OrganisationFactory()
    users = {
        "anonymous": None,
        "no_role": factories.UserFactory(),
        "coordinator": factories.coordinator(programme=programme),
        "board_member": factories.board_member(programme=programme),
        "reviewer": factories.reviewer(programme=programme),
        "service_lead": factories.service_lead(organisation=organisation),
        "improvement_board": factories.improvement_board_member(organisation=organisation),
        "superuser": factories.superuser(),
    }
    person = factories.reviewer(programme=programme)
    base = SimpleNamespace(
        users=users, programme=programme, other_programme=other_programme, organisation=organisation
    )
    applying = applications_world(
        programme=programme,
        other_programme=other_programme,
        organisation=organisation,
        lead=users["service_lead"],
    )
    return SimpleNamespace(
        **applying,
        **matrix_reviewers.world(base),
        **matrix_training.world(base),
        **matrix_setup_reviewers.world(base),
        **matrix_improvement.world(base),
        **matrix_dashboards.world(base),
        **matrix_documents.world(base),
        **matrix_setup_accounts.world(base),
        **matrix_setup_offers.world(base),
        **matrix_setup_families.world(base),
        **matrix_challenges.world(base),
        **matrix_challenges_matcher.world(base),
        **matrix_onsite.world(base),
        **matrix_report.world(base),
        **matrix_public_reports.world(base),
        **matrix_planner.world(base),
        **matrix_calendar.world(base),
        **matrix_outbox.world(base),
        **matrix_performance.world(base),
        **matrix_performance_import.world(base),
        **matrix_selfassessment.world(base),
        users=users,
        programme=programme,
        other_programme=other_programme,
        organisation=organisation,
        person=person,
        privileged=factories.superuser(),
        own_membership=person.memberships.get(),
        other_membership=factories.MembershipFactory(
            programme=other_programme, role=Role.BOARD_MEMBER
        ),
        membership_content_type=ContentType.objects.get_for_model(Membership).pk,
        access_attempt=AccessAttempt.objects.create(
            username="someone@example.org", ip_address="192.0.2.1", failures_since_start=1
        ),
        access_log=AccessLog.objects.create(username="someone@example.org", ip_address="192.0.2.1"),
        access_failure=AccessFailureLog.objects.create(
            username="someone@example.org", ip_address="192.0.2.1"
        ),
    )


# Built once for the module: each test visits one URL as every role, inside a savepoint.
module_data_built, world = module_data(build_world, "world")


def applications_world(*, programme, other_programme, organisation, lead) -> dict:
    """An offer, a cycle and applications of the service lead's organisation to the
    coordinator's programme: a draft (with a document), a submitted one, one on a meeting's
    agenda; and another organisation's application and another programme's meeting."""
    from django.core.files.base import ContentFile

    from applications.enums import ApplicationState, DecisionOutcome, SubsidyLevel
    from applications.models import AgendaItem, ApplicationDocument, BoardMeeting, Decision
    from offers.enums import EnquiryKind
    from offers.models import LineOfEnquiry

    review_type = factories.ReviewTypeFactory(programme=programme)
    cycle = factories.CycleFactory(programme=programme)

    def application(state, organisation=organisation, **fields):
        return factories.ApplicationFactory(
            review_type=review_type, cycle=cycle, organisation=organisation, state=state, **fields
        )

    draft = application(ApplicationState.DRAFT, created_by=lead)
    document = ApplicationDocument(
        application=draft,
        kind="self_assessment",
        original_name="self-assessment.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=lead,
    )
    document.file.save("upload", ContentFile(b"%PDF-1.7\n"), save=True)
    meeting = BoardMeeting.objects.create(programme=programme, held_on=cycle.starts_on)
    on_agenda = application(ApplicationState.ON_AGENDA)

    def approved(meeting, **fields):
        """An application approved at `meeting`, and its decision."""
        decided = factories.ApplicationFactory(state=ApplicationState.APPROVED, **fields)
        return Decision.objects.create(
            agenda_item=AgendaItem.objects.create(meeting=meeting, application=decided),
            application=decided,
            outcome=DecisionOutcome.APPROVED,
            subsidy_level=SubsidyLevel.FULL,
            window_starts_on=decided.window_starts_on,
            window_ends_on=decided.window_ends_on,
            decided_by=factories.UserFactory(),
        )

    other_meeting = BoardMeeting.objects.create(programme=other_programme, held_on=cycle.starts_on)
    return {
        "review_type": review_type,
        "other_review_type": factories.ReviewTypeFactory(programme=other_programme),
        "cycle": cycle,
        "key_line": LineOfEnquiry.objects.create(
            programme=programme, kind=EnquiryKind.KEY_LINE, name="Governance and leadership"
        ),
        "draft": draft,
        "document": document,
        "submitted": application(ApplicationState.SUBMITTED),
        "other_application": application(
            ApplicationState.SUBMITTED, organisation=factories.OrganisationFactory()
        ),
        "meeting": meeting,
        "item": AgendaItem.objects.create(meeting=meeting, application=on_agenda, position=1),
        "decision": approved(meeting, review_type=review_type, cycle=cycle),
        "other_meeting": other_meeting,
        "other_decision": approved(
            other_meeting, review_type=factories.ReviewTypeFactory(programme=other_programme)
        ),
    }


def answer(client, case: Case, url: str) -> object:
    response = getattr(client, case.method)(url, case.data)
    # A file download holds its file open until the response is closed. Closing sends
    # request_finished, whose close_old_connections would close the test's database
    # connection: Django's test client disconnects it around its own closes, as here.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"]).path
    if location in (reverse("accounts:login"), reverse("admin:login")):
        return LOGIN
    return REDIRECT(location)


def check(client, world, name: str, case: Case) -> None:
    # A second case for the same URL name is keyed "name#what".
    url = reverse(name.split("#")[0], args=case.args(world) if case.args else None)
    mismatches = []
    for role in ROLES:
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        got = answer(client, case, url)
        expected = case.expected[role]
        if isinstance(expected, str) and "{" in expected:
            expected = expected.format(
                meeting=world.meeting.pk, document=world.generated_document.pk
            )
        if got != expected:
            mismatches.append(f"{role}: expected {expected}, got {got}")
    assert not mismatches, f"{name} ({url}):\n  " + "\n  ".join(mismatches)


def test_every_named_url_is_in_the_matrix():
    # A second case for a URL is keyed "name#what".
    covered = {name.split("#")[0] for name in MATRIX}
    missing = named_urls() - covered
    stale = covered - named_urls()
    assert not missing, f"add these URLs to the access matrix: {sorted(missing)}"
    assert not stale, f"these matrix entries name no URL: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(client, world, name):
    check(client, world, name, MATRIX[name])


@pytest.mark.parametrize("name", sorted(OTHER_PROGRAMME_MATRIX))
def test_access_to_another_programmes_objects(client, world, name):
    check(client, world, name, OTHER_PROGRAMME_MATRIX[name])
