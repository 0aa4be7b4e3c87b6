"""Access cases for the report's pages (/challenges/<pk>/report/...): merged into the main
MATRIX.

Here users["reviewer"] leads the challenge (an accepted place) and its report is in the
factual-accuracy check: the team, the programme's coordinators (and technical staff, who
coordinate every programme) and the receiving service's lead read it; only the lead changes,
answers and signs off; only the service comments and consents; only a coordinator publishes.
Those who see the challenge but may not do what a page does get 403; everyone else 404, as for
the challenge itself. A draft is the team's alone."""

import datetime
from types import SimpleNamespace

from tests import factories

from .matrix import VISIBLE_TO, Case
from .matrix_reviewers import RedirectMatching

READERS = VISIBLE_TO(coordinator=200, reviewer=200, service_lead=200, superuser=200)
LEAD = VISIBLE_TO(coordinator=403, reviewer=200, service_lead=403, superuser=403)
SERVICE = VISIBLE_TO(coordinator=403, reviewer=403, service_lead=200, superuser=403)
COORDINATING = VISIBLE_TO(coordinator=200, reviewer=403, service_lead=403, superuser=200)
BACK_TO_REPORT = VISIBLE_TO(
    coordinator=403,
    reviewer=RedirectMatching(r"/challenges/\d+/report/"),
    service_lead=403,
    superuser=403,
)


def _on(w):
    return [w.report_challenge.pk]


CASES: dict[str, Case] = {
    "challenges:report": Case(READERS, args=_on),
    # The report is started already: the lead is taken to it.
    "challenges:report_start": Case(BACK_TO_REPORT, args=_on),
    "challenges:report_edit": Case(LEAD, args=_on),
    "challenges:report_versions": Case(READERS, args=_on),
    "challenges:report_version": Case(READERS, args=lambda w: [w.report_challenge.pk, 1]),
    "challenges:report_compare": Case(READERS, args=_on),
    "challenges:report_comment": Case(SERVICE, args=_on),
    "challenges:report_answer": Case(
        LEAD, args=lambda w: [w.report_challenge.pk, w.report_comment.pk]
    ),
    "challenges:report_term_add": Case(
        BACK_TO_REPORT, args=_on, method="post", data={"term": "Riverside"}
    ),
    "challenges:report_term_remove": Case(
        BACK_TO_REPORT,
        args=lambda w: [w.report_challenge.pk, w.report_term.pk],
        method="post",
    ),
    # The confirmation pages before each step (their buttons post to the same address).
    "challenges:report_step": Case(LEAD, args=lambda w: [w.report_challenge.pk, "send"]),
    "challenges:report_step#finalise": Case(
        LEAD, args=lambda w: [w.report_challenge.pk, "finalise"]
    ),
    "challenges:report_step#consent": Case(
        SERVICE, args=lambda w: [w.report_challenge.pk, "consent"]
    ),
    "challenges:report_step#publish": Case(
        COORDINATING, args=lambda w: [w.report_challenge.pk, "publish"]
    ),
}

OTHER_PROGRAMME_CASES: dict[str, Case] = {
    # A draft on another challenge for the same service, led by someone else: the team's only.
    "challenges:report#draft": Case(
        VISIBLE_TO(coordinator=403, reviewer=404, service_lead=403, superuser=403),
        args=lambda w: [w.report_draft_challenge.pk],
    ),
    "challenges:report_versions#draft": Case(
        VISIBLE_TO(coordinator=403, reviewer=404, service_lead=403, superuser=403),
        args=lambda w: [w.report_draft_challenge.pk],
    ),
    # Another programme's challenge: superusers see the challenge, not a report not shared.
    "challenges:report#other_programme": Case(
        VISIBLE_TO(superuser=403), args=lambda w: [w.other_challenge.pk]
    ),
    # Another report's comment, asked for under the reviewer's own challenge.
    "challenges:report_answer#other_report": Case(
        VISIBLE_TO(coordinator=403, reviewer=404, service_lead=403, superuser=403),
        args=lambda w: [w.report_challenge.pk, w.report_foreign_comment.pk],
    ),
    "challenges:report_step#unknown": Case(
        VISIBLE_TO(coordinator=404, reviewer=404, service_lead=404, superuser=404),
        args=lambda w: [w.report_challenge.pk, "approve"],
    ),
}


def world(base: SimpleNamespace) -> dict:
    """A challenge of the programme for the service lead's organisation, reporting, led by
    users["reviewer"] (accepted), its report in the factual-accuracy check with a version, a
    comment and an identifying word; and a draft report on another challenge for the same
    organisation, led by someone else."""
    from challenges.enums import MemberStatus, Phase, ReportState
    from challenges.models import (
        Challenge,
        IdentifyingTerm,
        Report,
        ReportComment,
        ReportVersion,
        TeamMember,
    )
    from offers.enums import TeamRole
    from reviewers.models import Reviewer

    coordinator = base.users["coordinator"]
    offer = factories.ReviewTypeFactory(programme=base.programme)
    first = datetime.date(2031, 5, 5)
    sections = [{"key": "summary", "heading": "Summary", "text": "A service that listens."}]

    def reporting(user, state):
        made = Challenge.objects.create(
            programme=base.programme,
            organisation=base.organisation,
            review_type=offer,
            phase=Phase.REPORTING,
            starts_on=first,
            ends_on=first + datetime.timedelta(days=2),
            created_by=coordinator,
        )
        reviewer = Reviewer.objects.filter(user=user).first() or factories.ReviewerFactory(
            user=user
        )
        TeamMember.objects.create(
            challenge=made,
            reviewer=reviewer,
            role=TeamRole.LEAD,
            status=MemberStatus.ACCEPTED,
            invited_by=coordinator,
        )
        report = Report.objects.create(challenge=made, state=state)
        version = ReportVersion.objects.create(
            report=report, number=1, sections=sections, created_by=user
        )
        comment = ReportComment.objects.create(
            report=report,
            version=version,
            section="summary",
            text="Please check the dates.",
            created_by=base.users["service_lead"],
        )
        return made, report, comment

    made, report, comment = reporting(base.users["reviewer"], ReportState.FACTUAL_CHECK)
    draft, _draft_report, foreign = reporting(factories.UserFactory(), ReportState.DRAFT)
    return {
        "report_challenge": made,
        "report_comment": comment,
        "report_term": IdentifyingTerm.objects.create(
            report=report, term="the old depot", added_by=base.users["reviewer"]
        ),
        "report_draft_challenge": draft,
        "report_foreign_comment": foreign,
    }
