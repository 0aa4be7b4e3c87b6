"""A challenge's data pack (challenges.datapack): the PDF's sections read back with pypdf (the
application, the indicators against comparators with the lag and local figures labelled, the
open plans' RAG, the previous peer reviews' recommendations, and never the team's evidence);
one pack at a time however often it is asked for; the milestones it completes; and who may see
it and ask for it."""

import datetime
from types import SimpleNamespace

import pytest
import rules
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from challenges.datapack import (
    DATA_PACK,
    REQUEST_DATA_PACK,
    VIEW_DATA_PACK,
    can_view_data_pack,
    data_packs_of,
)
from challenges.datapack_services import data_pack_request
from challenges.enums import ChallengeAction, MemberStatus, MilestoneKind, Owner, Phase
from challenges.models import Challenge, ChallengeEvent, Milestone
from documents.models import DocumentStatus, GeneratedDocument
from documents.registry import document_kind
from improvement.enums import ItemKind, PlanSource, PlanState, Rag
from offers.enums import TeamRole
from performance.enums import ComparatorKind, Provenance
from tests import factories
from tests.documents.test_documents import (
    pdf_of,
    pdf_text,
    settle,
    tasks,  # noqa: F401 - a fixture
)
from tests.factories.challenges import ChallengeFactory, member
from tests.factories.performance import ComparatorFactory, IndicatorValueFactory

from . import reports

APPLICATION_CONTEXT = "A partnership across two boroughs after a merger of the two services."
APPLICATION_REASONS = "To test our prevention offer before the next inspection."
PREVIOUS_RECOMMENDATION = "Agree a single out-of-court disposal panel with the police."
PREVIOUS_AREA = "Consider how the board hears the voice of children."
PREVIOUS_STRENGTH = "Managers know their caseloads well (a strength)."


def world(*, phase: str = Phase.PREPARING) -> SimpleNamespace:
    """A challenge of a programme, made from the service's application, with its accepted lead,
    an accepted reviewer and an invited one; its data pack milestones; the people around it;
    an open plan with RAG and an earlier peer review's plan."""
    programme = factories.ProgrammeFactory(name="Northern youth justice peer review programme")
    organisation = factories.OrganisationFactory(name="Riverside Youth Justice Service")
    challenge = ChallengeFactory(programme=programme, organisation=organisation, phase=phase)
    application = factories.ApplicationFactory(
        review_type=challenge.review_type,
        organisation=organisation,
        context=APPLICATION_CONTEXT,
        reasons=APPLICATION_REASONS,
        other_focus="Out-of-court disposals",
    )
    challenge.application = application
    challenge.save(update_fields=["application"])

    def reviewer(role: str, status: str):
        user = factories.reviewer(programme=programme)
        member(challenge, factories.ReviewerFactory(user=user), role=role, status=status)
        return user

    people = SimpleNamespace(
        coordinator=factories.coordinator(programme=programme),
        other_coordinator=factories.coordinator(),
        lead=reviewer(TeamRole.LEAD, MemberStatus.ACCEPTED),
        team_member=reviewer(TeamRole.REVIEWER, MemberStatus.ACCEPTED),
        invited=reviewer(TeamRole.REVIEWER, MemberStatus.INVITED),
        outsider_reviewer=factories.reviewer(programme=programme),
        service_lead=factories.service_lead(organisation=organisation),
        other_service_lead=factories.service_lead(),
        superuser=factories.superuser(),
    )
    requested = Milestone.objects.create(
        challenge=challenge,
        kind=MilestoneKind.DATA_PACK_REQUESTED,
        due_on=datetime.date(2031, 1, 28),
        owner_party=Owner.COORDINATOR,
    )
    received = Milestone.objects.create(
        challenge=challenge,
        kind=MilestoneKind.DATA_PACK_RECEIVED,
        due_on=datetime.date(2031, 2, 11),
        owner_party=Owner.SERVICE,
    )
    open_plan = factories.ImprovementPlanFactory(
        organisation=organisation,
        programme=programme,
        overseen_by_programme=True,
        title="Post-inspection improvement plan 2029",
    )
    for rag in (Rag.RED, Rag.AMBER, Rag.AMBER, Rag.GREEN):
        factories.RecommendationFactory(plan=open_plan, current_rag=rag)
    earlier = factories.ImprovementPlanFactory(
        organisation=organisation,
        programme=programme,
        source=PlanSource.PEER_REVIEW,
        inspectorate="",
        title="Peer review improvement plan 2028",
        state=PlanState.CLOSED,
        closed_on=datetime.date(2029, 6, 30),
    )
    factories.RecommendationFactory(
        plan=earlier, text=PREVIOUS_RECOMMENDATION, current_rag=Rag.GREEN
    )
    factories.RecommendationFactory(
        plan=earlier, text=PREVIOUS_AREA, kind=ItemKind.AREA_FOR_CONSIDERATION
    )
    factories.RecommendationFactory(plan=earlier, text=PREVIOUS_STRENGTH, kind=ItemKind.STRENGTH)
    # First-time entrants: the service's official figure, three other services' (it ranks
    # first of four, lower being better), the national figure, and its own newer figure.
    IndicatorValueFactory(organisation=organisation, value=100)
    for value in (200, 210, 220):
        IndicatorValueFactory(value=value)
    IndicatorValueFactory(organisation=None, comparator=ComparatorFactory(), value=180)
    IndicatorValueFactory(
        organisation=organisation,
        value=90,
        provenance=Provenance.LOCAL,
        period_start=datetime.date(2025, 4, 1),
        period_end=datetime.date(2025, 12, 31),
        source="The service's live tracker",
        released_on=None,
    )
    # Another service's plan is not in this service's pack.
    factories.ImprovementPlanFactory(programme=programme, title="Someone else's plan")
    return SimpleNamespace(
        challenge=challenge,
        people=people,
        requested=requested,
        received=received,
        open_plan=open_plan,
    )


def _text(document: GeneratedDocument) -> str:
    return pdf_text(pdf_of(document))


# --- The PDF ---------------------------------------------------------------------------------


def test_data_pack_pdf_holds_the_application_plans_and_previous_reviews(tasks):  # noqa: F811
    built = world()

    document, _ = settle(data_pack_request(challenge=built.challenge, by=built.people.lead))

    assert document.status == DocumentStatus.READY, document.error
    text = _text(document)
    for expected in (
        "Data pack: Riverside Youth Justice Service",
        "Northern youth justice peer review programme",
        "What the service told us",
        APPLICATION_CONTEXT,
        APPLICATION_REASONS,
        "Out-of-court disposals",
        "Performance against comparators",
        "First-time entrants",
        "April 2024 to March 2025",
        "England and Wales: 180",
        "1st of 4",
        "Top 25 %",
        "Official figures are released about",
        "(local, unofficial)",
        "The service's live tracker",
        "Improvement plans: current RAG",
        # One row per open plan: red, amber, green, no update.
        "Post-inspection improvement plan 2029 1 2 1 0",
        "Previous peer reviews' recommendations",
        "Peer review improvement plan 2028",
        PREVIOUS_RECOMMENDATION,
        PREVIOUS_AREA,
    ):
        assert expected in text, expected
    assert PREVIOUS_STRENGTH not in text
    assert "Someone else's plan" not in text
    reader = pdf_of(document)
    assert reader.metadata.author == "Northern youth justice peer review programme"
    for person in vars(built.people).values():
        assert person.full_name not in text


def test_a_comparator_familys_worked_out_figure_is_labelled_in_the_pack(tasks):  # noqa: F811
    built = world()
    other = IndicatorValueFactory(value=200).organisation
    family = ComparatorFactory(
        kind=ComparatorKind.FAMILY,
        name="Riverside and neighbours",
        programme=built.challenge.programme,
    )
    family.members.set([built.challenge.organisation, other])

    document, _ = settle(data_pack_request(challenge=built.challenge, by=built.people.lead))

    assert document.status == DocumentStatus.READY, document.error
    # The mean of 100 and 200: the factory's figures give no numerators.
    assert "Riverside and neighbours: 150 (worked out from the family's 2 services)" in _text(
        document
    )


def test_data_pack_holds_no_evidence_or_findings(tasks):  # noqa: F811
    built = reports.report(state="draft")

    document, _ = settle(data_pack_request(challenge=built.challenge, by=built.lead))

    assert document.status == DocumentStatus.READY, document.error
    text = _text(document)
    assert reports.CANARY not in text
    assert reports.CANARY_MET not in text
    assert reports.FINDING_RECOMMENDATION not in text
    assert reports.FINDING_STRENGTH not in text


# --- Asking for it and its milestones ---------------------------------------------------------


def test_asking_again_while_one_is_being_prepared_makes_no_second(db):
    built = world()

    first = data_pack_request(challenge=built.challenge, by=built.people.coordinator)
    again = data_pack_request(challenge=built.challenge, by=built.people.coordinator)
    by_the_lead = data_pack_request(challenge=built.challenge, by=built.people.lead)

    assert first.status == DocumentStatus.QUEUED  # its message is sent after commit
    assert again == first
    assert by_the_lead == first
    assert data_packs_of(built.challenge).count() == 1


def test_asking_after_one_is_ready_makes_a_fresh_version(tasks):  # noqa: F811
    built = world()
    first, _ = settle(data_pack_request(challenge=built.challenge, by=built.people.coordinator))

    second, _ = settle(data_pack_request(challenge=built.challenge, by=built.people.coordinator))

    assert second != first
    assert second.status == DocumentStatus.READY
    assert list(data_packs_of(built.challenge)) == [second, first]


def test_milestones_record_when_it_was_asked_for_and_received(tasks):  # noqa: F811
    built = world()

    document, _ = settle(data_pack_request(challenge=built.challenge, by=built.people.coordinator))

    built.requested.refresh_from_db()
    built.received.refresh_from_db()
    assert built.requested.done_on == timezone.localdate(document.created_at)
    assert built.received.done_on == timezone.localdate(document.rendered_at)
    actions = list(
        ChallengeEvent.objects.filter(challenge=built.challenge).values_list("action", "actor")
    )
    assert (ChallengeAction.REQUEST_DATA_PACK, built.people.coordinator.pk) in actions
    assert (ChallengeAction.DATA_PACK_READY, None) in actions
    assert str(ChallengeAction.DATA_PACK_READY.label) == "Data pack ready"


def test_a_milestone_already_done_keeps_its_date(tasks):  # noqa: F811
    built = world()
    Milestone.objects.filter(pk=built.received.pk).update(done_on=datetime.date(2030, 12, 1))

    settle(data_pack_request(challenge=built.challenge, by=built.people.coordinator))

    built.received.refresh_from_db()
    assert built.received.done_on == datetime.date(2030, 12, 1)


def test_a_challenge_without_the_milestones_still_gets_its_pack(tasks):  # noqa: F811
    built = world()
    Milestone.objects.filter(challenge=built.challenge).delete()

    document, _ = settle(data_pack_request(challenge=built.challenge, by=built.people.lead))

    assert document.status == DocumentStatus.READY
    assert not Milestone.objects.filter(challenge=built.challenge).exists()


# --- Who -------------------------------------------------------------------------------------


SEES = {
    "coordinator": True,
    "superuser": True,
    "lead": True,
    "team_member": True,
    "service_lead": True,
    "invited": False,
    "outsider_reviewer": False,
    "other_coordinator": False,
    "other_service_lead": False,
}
ASKS = {"coordinator", "superuser", "lead"}


@pytest.mark.parametrize("who", sorted(SEES))
def test_who_sees_the_data_pack_and_who_may_ask_for_it(db, client, who):
    built = world()
    document = data_pack_request(challenge=built.challenge, by=built.people.coordinator)
    user = getattr(built.people, who)

    assert can_view_data_pack(user, built.challenge) is SEES[who]
    assert document_kind(DATA_PACK).can_view(user, document) is SEES[who]
    assert rules.has_perm(VIEW_DATA_PACK, user, built.challenge) is SEES[who]
    assert rules.has_perm(REQUEST_DATA_PACK, user, built.challenge) is (who in ASKS)

    client.force_login(user)
    page = client.get(reverse("challenges:detail", args=[built.challenge.pk]))
    if page.status_code == 200:
        html = page.content.decode()
        assert ('id="data-pack"' in html) is SEES[who]
        action = reverse("challenges:data_pack_produce", args=[built.challenge.pk])
        # Hidden while one is being prepared.
        assert action not in html
    else:
        assert not SEES[who]
    status = client.get(reverse("documents:document", args=[document.pk])).status_code
    assert status == (200 if SEES[who] else 404)


@pytest.mark.parametrize("who", ["team_member", "service_lead", "invited"])
def test_others_on_the_challenge_may_not_ask_for_it(db, client, who):
    built = world()
    client.force_login(getattr(built.people, who))

    response = client.post(reverse("challenges:data_pack_produce", args=[built.challenge.pk]))

    assert response.status_code == 403
    assert not data_packs_of(built.challenge).exists()
    with pytest.raises(PermissionDenied):
        data_pack_request(challenge=built.challenge, by=getattr(built.people, who))


def test_the_challenge_page_offers_the_action_and_shows_the_state(db, client):
    built = world()
    client.force_login(built.people.lead)
    page = reverse("challenges:detail", args=[built.challenge.pk])
    action = reverse("challenges:data_pack_produce", args=[built.challenge.pk])

    html = client.get(page).content.decode()
    assert "The data pack has not been produced yet." in html
    assert action in html
    assert "Produce the data pack" in html

    response = client.post(action)
    assert response.status_code == 302
    assert response["Location"] == page + "#data-pack"
    html = client.get(page).content.decode()
    assert "Being prepared" in html

    document = data_packs_of(built.challenge).get()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, error="Something went wrong while making this document."
    )
    html = client.get(page).content.decode()
    assert "Something went wrong while making this document." in html
    assert "Try again" in html
    assert action in html

    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.READY,
        rendered_at=timezone.now(),
        file=f"documents/{DATA_PACK}/{document.file_key}.pdf",
        size=1,
    )
    html = client.get(page).content.decode()
    assert reverse("documents:document_download", args=[document.pk]) in html
    assert "Produce a new version of the data pack" in html


def failed_pack(built: SimpleNamespace) -> GeneratedDocument:
    document = data_pack_request(challenge=built.challenge, by=built.people.coordinator)
    GeneratedDocument.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, error="Something went wrong while making this document."
    )
    return document


def test_try_again_on_the_document_page_is_the_challenges_own_request(db, client):
    """Before, "Try again" on the shared document page made a pack of its own: no timeline
    line, and two people trying again at once made two packs."""
    built = world()
    failed = failed_pack(built)
    client.force_login(built.people.lead)

    response = client.post(reverse("documents:document_retry", args=[failed.pk]))

    again = data_packs_of(built.challenge).exclude(pk=failed.pk).get()
    assert response["Location"] == reverse("documents:document", args=[again.pk])
    assert (again.requested_by, again.title) == (built.people.lead, failed.title)
    requests = ChallengeEvent.objects.filter(
        challenge=built.challenge, action=ChallengeAction.REQUEST_DATA_PACK
    )
    assert [event.actor for event in requests.order_by("pk")] == [
        built.people.coordinator,
        built.people.lead,
    ]

    client.force_login(built.people.coordinator)
    response = client.post(reverse("documents:document_retry", args=[failed.pk]))

    assert response["Location"] == reverse("documents:document", args=[again.pk])
    assert data_packs_of(built.challenge).count() == 2
    assert requests.count() == 2


@pytest.mark.parametrize("who", ["team_member", "service_lead"])
def test_those_who_may_not_ask_for_it_are_not_offered_try_again(db, client, who):
    built = world()
    failed = failed_pack(built)
    client.force_login(getattr(built.people, who))
    retry = reverse("documents:document_retry", args=[failed.pk])

    for url in ("documents:document", "documents:document_status"):
        html = client.get(reverse(url, args=[failed.pk])).content.decode()
        assert "Something went wrong while making this document." in html
        assert retry not in html
        assert "Ask whoever asked for it to try again." in html

    assert client.post(retry).status_code == 403
    assert data_packs_of(built.challenge).count() == 1


def test_nobody_asks_for_the_pack_of_a_finished_challenge(db, client):
    built = world(phase=Phase.COMPLETED)
    client.force_login(built.people.superuser)

    response = client.post(reverse("challenges:data_pack_produce", args=[built.challenge.pk]))

    assert response.status_code == 403


# --- The demo ----------------------------------------------------------------------------------


@pytest.mark.dates
def test_the_demo_has_a_data_pack_for_a_challenge_still_to_come(demo_world):
    [pack] = GeneratedDocument.objects.filter(kind=DATA_PACK)
    challenge = Challenge.objects.get(pk=pack.subject_id)

    assert challenge.starts_on > timezone.localdate()
    assert pack.status == DocumentStatus.READY, pack.error
    assert rules.has_perm(REQUEST_DATA_PACK, pack.requested_by, challenge)
    requested = challenge.milestones.get(kind=MilestoneKind.DATA_PACK_REQUESTED)
    assert requested.done_on == timezone.localdate()
    assert challenge.events.filter(action=ChallengeAction.DATA_PACK_READY).exists()
