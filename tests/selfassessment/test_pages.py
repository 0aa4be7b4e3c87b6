"""The self-assessment journey through its pages: a coordinator sets a round, a service lead
completes and submits, the coordinator proposes, adjusts and confirms triads, a partner
scrutinises, the service answers; concurrency, errors, and who sees what."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from selfassessment import selectors, services
from selfassessment.enums import NoteKind, Status
from selfassessment.models import Round, ScrutinyNote, SelfAssessment, TriadMember
from tests import factories
from tests.factories.selfassessment import round_world, submitted

pytestmark = pytest.mark.django_db


def test_a_coordinator_sets_a_round_starting_from_the_key_lines(client):
    from accounts.models import MemberOrganisation
    from offers.enums import EnquiryKind
    from offers.models import LineOfEnquiry

    programme = factories.ProgrammeFactory()
    coordinator = factories.coordinator(programme=programme)
    for _ in range(2):
        MemberOrganisation.objects.create(
            programme=programme, organisation=factories.OrganisationFactory()
        )
    LineOfEnquiry.objects.create(
        programme=programme, kind=EnquiryKind.KEY_LINE, name="Reducing first-time entrants"
    )
    client.force_login(coordinator)
    url = reverse("selfassessment:round_new", args=[programme.pk])
    page = client.get(url)
    assert "Reducing first-time entrants" in page.content.decode()
    token = page.context["form"]["token"].value()

    refused = client.post(
        url,
        {
            "token": token,
            "title": "",
            "opens_on_0": "1",
            "opens_on_1": "6",
            "opens_on_2": "2027",
            "deadline_0": "1",
            "deadline_1": "4",
            "deadline_2": "2027",
            "sections": "",
        },
    )
    body = refused.content.decode()
    assert "Enter a title" in body
    assert "The deadline must be the same as or after the opening date" in body
    assert "Enter at least one section" in body
    assert "govuk-error-summary" in body

    data = {
        "token": token,
        "title": "Self-assessment 2027",
        "opens_on_0": "1",
        "opens_on_1": "4",
        "opens_on_2": "2027",
        "deadline_0": "30",
        "deadline_1": "6",
        "deadline_2": "2027",
        "sections": "Reducing first-time entrants\n\nUse of custody\n",
        "avoid_previous_partners": "on",
    }
    made = client.post(url, data)
    again = client.post(url, data)
    new = Round.objects.get()
    assert made.url == again.url == reverse("selfassessment:round", args=[new.pk])
    assert [s.title for s in new.sections.all()] == [
        "Reducing first-time entrants",
        "Use of custody",
    ]
    assert new.assessments.count() == 2
    assert client.get(made.url).status_code == 200


def test_a_service_lead_completes_saves_a_draft_and_submits(client):
    world = round_world(authorities=3)
    organisation = world.authorities[0]
    assessment = world.assessment(organisation)
    first, second = world.round.sections.all()
    client.force_login(world.leads[organisation.pk])
    url = reverse("selfassessment:section", args=[assessment.pk, first.pk])

    # Continuing asks for both answers; a draft keeps what was given.
    refused = client.post(url, {"seen_version": 0, "continue": ""})
    assert "Select a self-rating" in refused.content.decode()
    assert "Enter the evidence you rely on" in refused.content.decode()
    draft = client.post(url, {"seen_version": 0, "rating": "good", "draft": ""})
    assert draft.url == reverse("selfassessment:assessment", args=[assessment.pk])

    # Submitting with a section unanswered is refused, linking to it.
    check = reverse("selfassessment:check", args=[assessment.pk])
    refused = client.post(check, {"seen_version": 1})
    assert "Give a self-rating and evidence for every section" in refused.content.decode()

    moved_on = client.post(
        url, {"seen_version": 1, "rating": "good", "evidence": "Audits", "continue": ""}
    )
    assert moved_on.url == reverse("selfassessment:section", args=[assessment.pk, second.pk])
    last = client.post(
        reverse("selfassessment:section", args=[assessment.pk, second.pk]),
        {"seen_version": 2, "rating": "inadequate", "evidence": "Inspection", "continue": ""},
    )
    assert last.url == check
    assert "Inspection" in client.get(check).content.decode()
    done = client.post(check, {"seen_version": 3})
    assessment.refresh_from_db()
    assert done.status_code == 302
    assert assessment.status == Status.SUBMITTED
    # Submitted, it is not changed any more.
    assert client.get(url).status_code == 403


def test_two_leads_do_not_overwrite_each_other(client):
    world = round_world(authorities=3)
    organisation = world.authorities[0]
    assessment = world.assessment(organisation)
    section = world.round.sections.first()
    other = factories.service_lead(organisation=organisation)
    services.answer_save(
        assessment=assessment,
        section=section,
        seen_version=0,
        rating="good",
        evidence="Mine",
        by=other,
    )
    client.force_login(world.leads[organisation.pk])
    stale = client.post(
        reverse("selfassessment:section", args=[assessment.pk, section.pk]),
        {"seen_version": 0, "rating": "outstanding", "evidence": "Theirs", "continue": ""},
    )
    assert stale.status_code == 200
    assert "Someone else has updated this" in stale.content.decode()
    assert assessment.answers.get().evidence == "Mine"
    # The form now carries the version they have seen: saving again works.
    assert stale.context["form"]["seen_version"].value() == "1"


def test_triads_are_proposed_moved_and_confirmed(client):
    world = round_world(authorities=6)
    client.force_login(world.coordinator)
    url = reverse("selfassessment:triads", args=[world.round.pk])
    client.post(url, {"propose": ""})
    groups = selectors.triads_of(world.round)
    assert [len(t.members.all()) for t in groups] == [3, 3]
    mover = groups[0].members.all()[0].organisation
    client.post(url, {"move": "", "organisation": mover.pk, "triad": groups[1].pk})
    assert TriadMember.objects.get(organisation=mover).triad == groups[1]
    refused = client.post(url, {"move": "", "organisation": "", "triad": groups[1].pk})
    assert "Select the authority to move" in refused.content.decode()
    confirmed = client.post(reverse("selfassessment:triads_confirm", args=[world.round.pk]))
    world.round.refresh_from_db()
    assert confirmed.status_code == 302
    assert world.round.triads_confirmed
    # Confirmed: nothing moves any more.
    client.post(url, {"propose": ""})
    assert TriadMember.objects.get(organisation=mover).triad == groups[1]
    page = client.get(reverse("selfassessment:round", args=[world.round.pk]))
    assert "Group 2" in page.content.decode()


def test_a_partner_scrutinises_and_the_service_answers(client, django_capture_on_commit_callbacks):
    world = round_world(authorities=3, triads=True)
    scrutinised, partner, _third = world.authorities
    partner.name = "St Mary's Youth Justice Service"
    partner.save(update_fields=["name"])
    assessment = submitted(world, scrutinised)
    section = world.round.sections.first()
    client.force_login(world.leads[partner.pk])
    page = client.get(reverse("selfassessment:assessment", args=[assessment.pk]))
    assert "Add a comment or challenge question" in page.content.decode()
    assert "Improvement plan RAG now" in page.content.decode()
    url = reverse("selfassessment:scrutinise", args=[assessment.pk, section.pk])
    token = client.get(url).context["form"]["token"].value()
    client.post(url, {"token": token, "kind": "comment", "text": "Strong governance."})
    mail.outbox.clear()
    with_question = {"kind": "question", "text": "How do you know?"}
    token = client.get(url).context["form"]["token"].value()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"token": token, **with_question})
        client.post(url, {"token": token, **with_question})  # sent twice: one question
    question = ScrutinyNote.objects.get(kind=NoteKind.QUESTION)
    assert question.author_organisation == partner
    assert [m.to for m in mail.outbox] == [[world.leads[scrutinised.pk].email]]
    # A plain-text subject: the partner's name as written, not escaped as on a web page.
    assert mail.outbox[0].subject == (
        f"A challenge question on your self-assessment from {partner.name}"
    )

    # The partner does not answer; the scrutinised service does.
    answer_url = reverse("selfassessment:answer", args=[assessment.pk, question.pk])
    assert client.get(answer_url).status_code == 403
    client.force_login(world.leads[scrutinised.pk])
    assert "Enter your answer" in client.post(answer_url, {"answer": ""}).content.decode()
    client.post(answer_url, {"answer": "Our audits show it."})
    question.refresh_from_db()
    assert question.answer == "Our audits show it."

    summary = selectors.latest_scrutiny_summary(scrutinised)
    first = summary.sections[0]
    assert first.rating_label == "Good"
    assert first.comments == ["Strong governance."]
    assert first.questions == [("How do you know?", "Our audits show it.")]
    assert selectors.latest_scrutiny_summary(partner) is None


def test_who_sees_a_self_assessment(client):
    world = round_world(authorities=4, triads=True)
    groups = selectors.triads_of(world.round)
    own = groups[0].members.all()[0].organisation
    partner = groups[0].members.all()[1].organisation
    outsider = (
        next(
            o
            for o in world.authorities
            if not any(m.organisation == o for m in groups[0].members.all())
        )
        if len(groups) > 1
        else None
    )
    assessment = world.assessment(own)
    url = reverse("selfassessment:assessment", args=[assessment.pk])
    board = factories.improvement_board_member(organisation=own)

    def status(user):
        client.force_login(user)
        return client.get(url).status_code

    # A draft: its own authority and the coordinators only.
    assert status(world.leads[own.pk]) == 200
    assert status(board) == 200
    assert status(world.coordinator) == 200
    assert status(world.leads[partner.pk]) == 404
    submitted(world, own)
    assert status(world.leads[partner.pk]) == 200
    if outsider is not None:
        assert status(world.leads[outsider.pk]) == 404
    assert status(factories.board_member(programme=world.programme)) == 404
    assert status(factories.reviewer(programme=world.programme)) == 404
    assert status(factories.coordinator(programme=factories.ProgrammeFactory())) == 404
    # The improvement board reads it, but neither completes nor answers.
    assert not board.has_perm("selfassessment.answer_assessment", assessment)


def test_late_ones_stand_out_to_the_coordinator(client):
    world = round_world(authorities=3, late=True)
    submitted(world, world.authorities[0])
    client.force_login(world.coordinator)
    page = client.get(reverse("selfassessment:round", args=[world.round.pk]))
    body = page.content.decode()
    assert body.count(">Overdue<") == 2
    assert "2 self-assessments are overdue" in body


def test_a_submitted_self_assessment_is_not_changed_by_the_service():
    world = round_world(authorities=3)
    assessment = submitted(world, world.authorities[0])
    with pytest.raises(ValidationError, match="has been submitted"):
        services.answer_save(
            assessment=assessment,
            section=world.round.sections.first(),
            seen_version=assessment.version,
            rating="good",
            evidence="Changed",
            by=world.leads[world.authorities[0].pk],
        )
    assert SelfAssessment.objects.get(pk=assessment.pk).status == Status.SUBMITTED


def test_a_round_not_yet_open_is_not_completed(client):
    world = round_world(authorities=2)
    Round.objects.filter(pk=world.round.pk).update(
        opens_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    organisation = world.authorities[0]
    assessment = world.assessment(organisation)
    client.force_login(world.leads[organisation.pk])
    page = client.get(reverse("selfassessment:assessment", args=[assessment.pk]))
    assert "The round opens on" in page.content.decode()
    section = world.round.sections.first()
    url = reverse("selfassessment:section", args=[assessment.pk, section.pk])
    assert client.get(url).status_code == 403


def test_the_next_round_keeps_last_rounds_partners_apart():
    world = round_world(authorities=9, triads=True)
    before = {
        frozenset(m.organisation_id for m in triad.members.all())
        for triad in selectors.triads_of(world.round)
    }
    later = services.round_create(
        programme=world.programme,
        title="Annual self-assessment 2026",
        opens_on=world.round.opens_on + datetime.timedelta(days=365),
        deadline=world.round.deadline + datetime.timedelta(days=365),
        sections=["Governance and leadership"],
        avoid_previous_partners=True,
        by=world.coordinator,
    )
    proposal = services.triads_propose(round=later, by=world.coordinator)
    assert proposal.repeats == []
    for group in proposal.groups:
        for earlier in before:
            assert len(earlier & set(group)) <= 1
