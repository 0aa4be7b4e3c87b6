"""Access cases for the team's on-site pages (/challenges/<pk>/on-site/, evidence/,
findings/): merged into the main MATRIX.

Evidence and findings are the team's alone: here users["reviewer"] leads the challenge (an
accepted place). Those who see the challenge but are not on its team (its coordinators, the
receiving service's lead, technical staff) get 403; everyone else 404, as for the challenge
itself. A reviewer only invited to a team (not yet accepted) is not on it."""

import datetime
from types import SimpleNamespace

from tests import factories

from .matrix import VISIBLE_TO, Case
from .matrix_reviewers import RedirectMatching

TEAM = VISIBLE_TO(coordinator=403, reviewer=200, service_lead=403, superuser=403)
# Seen by nobody on this challenge's team: 403 for those who see the challenge, 404 otherwise.
NOT_ON_TEAM = VISIBLE_TO(coordinator=403, reviewer=403, service_lead=403, superuser=403)


def _on(w):
    return [w.onsite_challenge.pk]


CASES: dict[str, Case] = {
    "challenges:onsite": Case(TEAM, args=_on),
    "challenges:activity_new": Case(TEAM, args=_on),
    "challenges:activity": Case(TEAM, args=lambda w: [w.onsite_challenge.pk, w.onsite_activity.pk]),
    "challenges:activity_edit": Case(
        TEAM, args=lambda w: [w.onsite_challenge.pk, w.onsite_activity.pk]
    ),
    "challenges:evidence": Case(TEAM, args=_on),
    "challenges:evidence_edit": Case(
        TEAM, args=lambda w: [w.onsite_challenge.pk, w.onsite_note.pk]
    ),
    "challenges:findings": Case(TEAM, args=_on),
    "challenges:finding_new": Case(TEAM, args=_on),
    "challenges:finding_edit": Case(
        TEAM, args=lambda w: [w.onsite_challenge.pk, w.onsite_finding.pk]
    ),
    # The lead's confirmation page before merging a duplicate.
    "challenges:finding_merge": Case(
        TEAM, args=lambda w: [w.onsite_challenge.pk, w.onsite_finding.pk]
    ),
    # The lead's buttons on the findings page: answered with the findings page again.
    "challenges:finding_move": Case(
        VISIBLE_TO(
            coordinator=403,
            reviewer=RedirectMatching(r"/challenges/\d+/findings/"),
            service_lead=403,
            superuser=403,
        ),
        args=lambda w: [w.onsite_challenge.pk, w.onsite_finding.pk],
        method="post",
        data={"direction": "up"},
    ),
}

OTHER_PROGRAMME_CASES: dict[str, Case] = {
    # The challenge users["reviewer"] is only invited to: not on its team yet.
    "challenges:onsite#invited": Case(NOT_ON_TEAM, args=lambda w: [w.challenge.pk]),
    "challenges:evidence#invited": Case(NOT_ON_TEAM, args=lambda w: [w.challenge.pk]),
    "challenges:findings#invited": Case(NOT_ON_TEAM, args=lambda w: [w.challenge.pk]),
    # Another programme's challenge: superusers see it, but not its team's work.
    "challenges:evidence#other_programme": Case(
        VISIBLE_TO(superuser=403), args=lambda w: [w.other_challenge.pk]
    ),
    # Another challenge's activity and note, asked for under the reviewer's own challenge.
    "challenges:activity#other_challenge": Case(
        VISIBLE_TO(coordinator=403, reviewer=404, service_lead=403, superuser=403),
        args=lambda w: [w.onsite_challenge.pk, w.onsite_foreign_activity.pk],
    ),
    "challenges:evidence_edit#other_challenge": Case(
        VISIBLE_TO(coordinator=403, reviewer=404, service_lead=403, superuser=403),
        args=lambda w: [w.onsite_challenge.pk, w.onsite_foreign_note.pk],
    ),
}


def world(base: SimpleNamespace) -> dict:
    """A challenge of the programme for the service lead's organisation, preparing, led by
    users["reviewer"] (accepted), with a line of enquiry, an activity, the lead's evidence
    note and a finding; and an activity with a note on another challenge of the programme."""
    import uuid

    from challenges.enums import MemberStatus, Phase
    from challenges.models import Activity, Challenge, EvidenceNote, Finding, TeamMember
    from offers.enums import EnquiryKind, TeamRole
    from offers.models import LineOfEnquiry
    from reviewers.models import Reviewer

    coordinator = base.users["coordinator"]
    offer = factories.ReviewTypeFactory(programme=base.programme)
    line = LineOfEnquiry.objects.create(
        programme=base.programme, kind=EnquiryKind.GOLDEN_THREAD, name="On site: voice of the child"
    )
    first = datetime.date(2031, 3, 4)

    def on_site(organisation, user):
        made = Challenge.objects.create(
            programme=base.programme,
            organisation=organisation,
            review_type=offer,
            phase=Phase.PREPARING,
            starts_on=first,
            ends_on=first + datetime.timedelta(days=2),
            created_by=coordinator,
        )
        made.lines_of_enquiry.add(line)
        reviewer = Reviewer.objects.filter(user=user).first() or factories.ReviewerFactory(
            user=user
        )
        member = TeamMember.objects.create(
            challenge=made,
            reviewer=reviewer,
            role=TeamRole.LEAD,
            status=MemberStatus.ACCEPTED,
            invited_by=coordinator,
        )
        activity = Activity.objects.create(
            challenge=made,
            kind="focus_group",
            day=first,
            starts_at=datetime.time(9),
            ends_at=datetime.time(10),
            met_description="case managers",
            met_count=4,
            created_by=user,
        )
        activity.reviewers.add(member)
        note = EvidenceNote.objects.create(
            activity=activity,
            author=member,
            text="Staff describe a supportive culture",
            source_type="heard",
            line_of_enquiry=line,
            key=uuid.uuid4(),
        )
        return made, activity, note

    made, activity, note = on_site(base.organisation, base.users["reviewer"])
    finding = Finding.objects.create(
        challenge=made,
        kind="strength",
        text="A supportive culture",
        line_of_enquiry=line,
        created_by=base.users["reviewer"],
    )
    finding.evidence.add(note)
    _other, foreign_activity, foreign_note = on_site(
        factories.OrganisationFactory(), factories.UserFactory()
    )
    return {
        "onsite_challenge": made,
        "onsite_activity": activity,
        "onsite_note": note,
        "onsite_finding": finding,
        "onsite_foreign_activity": foreign_activity,
        "onsite_foreign_note": foreign_note,
    }
