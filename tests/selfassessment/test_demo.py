"""The demo's self-assessment round (selfassessment.demo): in progress in YJSIP with triads
confirmed, one authority late, Northdale's scrutinised with a question answered and one
waiting; seeding again adds nothing."""

import pytest
from django.urls import reverse

from accounts.models import User
from selfassessment import demo, selectors
from selfassessment.enums import NoteKind, Status
from selfassessment.models import Round, ScrutinyNote, SelfAssessment, TriadMember


@pytest.mark.usefixtures("demo_world")
def test_the_demo_round_is_in_progress_with_triads_and_scrutiny(client, demo_world):
    round = Round.objects.get(title=demo.TITLE)
    assert round.triads_confirmed
    rows = selectors.round_statuses(round)
    late = [row.assessment.organisation.name for row in rows if row.overdue]
    assert late == [demo.LATE]
    assert all(row.triad for row in rows)
    groups = {
        member.organisation.name: member.triad_id
        for member in TriadMember.objects.filter(round=round).select_related("organisation")
    }
    assert len({groups[name] for name in demo.TOGETHER}) == 1

    summary = selectors.latest_scrutiny_summary(
        SelfAssessment.objects.get(round=round, organisation__name=demo.TOGETHER[0]).organisation
    )
    questions = [q for section in summary.sections for q in section.questions]
    assert any(answer for _q, answer in questions)
    assert any(not answer for _q, answer in questions)

    # Northdale's lead signs in: scrutinise a partner, answer a question.
    client.force_login(User.objects.get(email="lead@example.org"))
    start = client.get(reverse("start")).content.decode()
    assert "Answer the challenge questions" in start
    assert "Scrutinise Harrowgate Vale Youth Justice Service" in start

    counts = (Round.objects.count(), ScrutinyNote.objects.count())
    demo.seed(password=demo_world)
    assert (Round.objects.count(), ScrutinyNote.objects.count()) == counts
    assert SelfAssessment.objects.filter(round=round, status=Status.DRAFT).count() == 1
    assert ScrutinyNote.objects.filter(kind=NoteKind.COMMENT).exists()
