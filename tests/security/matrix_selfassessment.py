"""Access cases for self-assessment (/self-assessment/): merged into the main MATRIX.

The world: a round of the coordinator's programme whose confirmed triad is the service
lead's organisation and two partners; the organisation's own self-assessment is a draft (with
a partner's challenge question on it), one partner's is submitted. A self-assessment is seen
by its authority (service leads, improvement board), its triad partners' service leads once
submitted, the programme's coordinators and technical staff: 404 for everyone else. Round and
triad pages are the coordinators' (403 for people who coordinate nothing, 404 for another
programme's round)."""

from types import SimpleNamespace

from tests import factories

from .matrix import COORDINATORS, LOGIN, SIGNED_IN, VISIBLE_TO, Case, answers
from .matrix_reviewers import RedirectMatching

BACK_TO_ROUND = RedirectMatching(r"/self-assessment/rounds/\d+/")

OWN = VISIBLE_TO(service_lead=200, improvement_board=200, coordinator=200, superuser=200)
# Completing a draft: its service leads (and technical staff); the others who see it, 403.
COMPLETE = VISIBLE_TO(service_lead=200, improvement_board=403, coordinator=403, superuser=200)

CASES: dict[str, Case] = {
    "selfassessment:index": Case(SIGNED_IN),
    "selfassessment:rounds": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
    "selfassessment:round_new": Case(COORDINATORS, args=lambda w: [w.programme.pk]),
    "selfassessment:round": Case(COORDINATORS, args=lambda w: [w.sa_round.pk]),
    "selfassessment:triads": Case(COORDINATORS, args=lambda w: [w.sa_open_round.pk]),
    "selfassessment:triads_confirm": Case(COORDINATORS, args=lambda w: [w.sa_open_round.pk]),
    # Confirmed triads are not confirmed again: back to the round.
    "selfassessment:triads_confirm#confirmed": Case(
        answers(403, anonymous=LOGIN, coordinator=BACK_TO_ROUND, superuser=BACK_TO_ROUND),
        args=lambda w: [w.sa_round.pk],
    ),
    "selfassessment:assessment": Case(OWN, args=lambda w: [w.sa_own.pk]),
    "selfassessment:section": Case(
        COMPLETE, args=lambda w: [w.sa_own.pk, w.sa_round.sections.first().pk]
    ),
    "selfassessment:check": Case(COMPLETE, args=lambda w: [w.sa_own.pk]),
    "selfassessment:answer": Case(
        VISIBLE_TO(service_lead=200, improvement_board=403, coordinator=403, superuser=403),
        args=lambda w: [w.sa_own.pk, w.sa_question.pk],
    ),
    # A partner's submitted self-assessment: its partners' service leads scrutinise it; the
    # service lead's improvement board does not see it.
    "selfassessment:assessment#partner": Case(
        VISIBLE_TO(service_lead=200, coordinator=200, superuser=200),
        args=lambda w: [w.sa_partner.pk],
    ),
    "selfassessment:scrutinise": Case(
        VISIBLE_TO(service_lead=200, coordinator=403, superuser=403),
        args=lambda w: [w.sa_partner.pk, w.sa_round.sections.first().pk],
    ),
    # Submitted: not completed again, by anyone.
    "selfassessment:section#partner": Case(
        VISIBLE_TO(service_lead=403, coordinator=403, superuser=403),
        args=lambda w: [w.sa_partner.pk, w.sa_round.sections.first().pk],
    ),
    # Another partner's draft is not shown to the triad.
    "selfassessment:assessment#partner-draft": Case(
        VISIBLE_TO(coordinator=200, superuser=200), args=lambda w: [w.sa_partner_draft.pk]
    ),
}

NOT_THEIRS = answers(403, anonymous=LOGIN, coordinator=404, superuser=200)

OTHER_PROGRAMME_CASES: dict[str, Case] = {
    "selfassessment:rounds#other": Case(NOT_THEIRS, args=lambda w: [w.other_programme.pk]),
    "selfassessment:round#other": Case(NOT_THEIRS, args=lambda w: [w.sa_other_round.pk]),
    "selfassessment:triads#other": Case(NOT_THEIRS, args=lambda w: [w.sa_other_round.pk]),
    "selfassessment:assessment#other": Case(
        VISIBLE_TO(superuser=200), args=lambda w: [w.sa_other.pk]
    ),
    "selfassessment:triads#other-post": Case(
        NOT_THEIRS,
        args=lambda w: [w.sa_other_round.pk],
        method="post",
    ),
}


def world(base: SimpleNamespace) -> dict:
    from accounts.models import MemberOrganisation
    from selfassessment import services
    from selfassessment.enums import NoteKind
    from selfassessment.models import ScrutinyNote, Triad, TriadMember
    from tests.factories.selfassessment import FUTURE_DEADLINE, OPENS_ON

    coordinator = base.users["coordinator"]
    partners = [factories.OrganisationFactory(), factories.OrganisationFactory()]
    for organisation in [base.organisation, *partners]:
        MemberOrganisation.objects.get_or_create(
            programme=base.programme, organisation=organisation
        )
    partner_lead = factories.service_lead(organisation=partners[0])

    def new_round(programme, by, title):
        return services.round_create(
            programme=programme,
            title=title,
            opens_on=OPENS_ON,
            deadline=FUTURE_DEADLINE,
            sections=["Governance and leadership", "Partnerships"],
            avoid_previous_partners=True,
            by=by,
        )

    round = new_round(base.programme, coordinator, "Self-assessment 2025")
    # The triad is made directly: other worlds add members to the programme too, which are
    # left ungrouped.
    triad = Triad.objects.create(round=round, number=1)
    for organisation in [base.organisation, *partners]:
        TriadMember.objects.create(round=round, triad=triad, organisation=organisation)
    services.triads_confirm(round=round, by=coordinator)
    own = round.assessments.get(organisation=base.organisation)
    partner = round.assessments.get(organisation=partners[0])
    for section in round.sections.all():
        services.answer_save(
            assessment=partner,
            section=section,
            seen_version=partner.version,
            rating="good",
            evidence="Audits",
            by=partner_lead,
        )
    services.assessment_submit(assessment=partner, seen_version=partner.version, by=partner_lead)
    question = ScrutinyNote.objects.create(
        assessment=own,
        section=round.sections.first(),
        kind=NoteKind.QUESTION,
        text="How do you know?",
        author=partner_lead,
        author_organisation=partners[0],
    )
    other_member = factories.OrganisationFactory()
    MemberOrganisation.objects.create(programme=base.other_programme, organisation=other_member)
    other_round = new_round(base.other_programme, factories.superuser(), "Elsewhere 2025")
    return {
        "sa_round": round,
        "sa_open_round": new_round(base.programme, coordinator, "Self-assessment 2026"),
        "sa_own": own,
        "sa_partner": partner,
        "sa_partner_draft": round.assessments.get(organisation=partners[1]),
        "sa_question": question,
        "sa_other_round": other_round,
        "sa_other": other_round.assessments.get(organisation=other_member),
    }
