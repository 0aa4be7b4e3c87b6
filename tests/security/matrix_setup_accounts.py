"""Access cases for setting up programmes (/programmes/): merged into the main MATRIX.

Every page is for coordinators and superusers (403 for other signed-in people, before anything
is looked up). Another programme's pages, and an organisation that is not a member of the
programme, are 404 to a coordinator (OTHER_PROGRAMME_CASES). Starting a programme is for
technical staff and national coordinators."""

from types import SimpleNamespace

from .matrix import COORDINATORS, LOGIN, SUPERUSERS, Case, answers

PROGRAMME_PAGES = ("programme", "programme_edit")
SECTION_PAGES = ("people", "person_add", "organisations", "organisation_add", "organisation_new")
PERSON_PAGES = ("person", "person_edit")
ORGANISATION_PAGES = (
    "organisation",
    "organisation_edit",
    "organisation_remove",
    "organisation_person_add",
)

CASES: dict[str, Case] = {
    "programmes:programmes": Case(COORDINATORS),
    "programmes:programme_new": Case(SUPERUSERS),
    **{
        f"programmes:{name}": Case(COORDINATORS, args=lambda w: [w.programme.pk])
        for name in (*PROGRAMME_PAGES, *SECTION_PAGES)
    },
    **{
        f"programmes:{name}": Case(COORDINATORS, args=lambda w: [w.programme.pk, w.person.pk])
        for name in PERSON_PAGES
    },
    "programmes:role_remove": Case(
        COORDINATORS, args=lambda w: [w.programme.pk, w.setup_board_membership.pk]
    ),
    **{
        f"programmes:{name}": Case(COORDINATORS, args=lambda w: [w.programme.pk, w.organisation.pk])
        for name in ORGANISATION_PAGES
    },
    "programmes:organisation_role_remove": Case(
        COORDINATORS,
        args=lambda w: [w.programme.pk, w.organisation.pk, w.service_lead_membership.pk],
    ),
}

NOT_THEIRS = answers(403, anonymous=LOGIN, coordinator=404, superuser=200)
OTHER_PROGRAMME_CASES: dict[str, Case] = {
    # Another programme's set-up pages do not exist for this programme's coordinator.
    **{
        f"programmes:{name}#other": Case(NOT_THEIRS, args=lambda w: [w.other_programme.pk])
        for name in (*PROGRAMME_PAGES, *SECTION_PAGES)
    },
    **{
        f"programmes:{name}#other": Case(
            NOT_THEIRS, args=lambda w: [w.other_programme.pk, w.other_membership.user_id]
        )
        for name in PERSON_PAGES
    },
    "programmes:role_remove#other": Case(
        NOT_THEIRS, args=lambda w: [w.other_programme.pk, w.other_membership.pk]
    ),
    # An organisation that is a member of another programme only is not theirs either,
    # reached through their own programme or the other.
    **{
        f"programmes:{name}#not_member": Case(
            answers(403, anonymous=LOGIN, coordinator=404, superuser=404),
            args=lambda w: [w.programme.pk, w.other_member.pk],
        )
        for name in ORGANISATION_PAGES
    },
    **{
        f"programmes:{name}#other": Case(
            NOT_THEIRS, args=lambda w: [w.other_programme.pk, w.other_member.pk]
        )
        for name in ORGANISATION_PAGES
    },
    "programmes:organisation_role_remove#other": Case(
        NOT_THEIRS,
        args=lambda w: [w.other_programme.pk, w.other_member.pk, w.other_member_lead.pk],
    ),
}


def world(base: SimpleNamespace) -> dict:
    """The service lead's organisation as a member of the programme; a board member of the
    programme; another organisation, a member of the other programme only, with its lead."""
    from accounts.enums import Role
    from accounts.models import MemberOrganisation, Membership
    from tests import factories

    MemberOrganisation.objects.create(programme=base.programme, organisation=base.organisation)
    other_member = factories.OrganisationFactory()
    MemberOrganisation.objects.create(programme=base.other_programme, organisation=other_member)
    board = factories.board_member(programme=base.programme)
    return {
        "setup_board_membership": board.memberships.get(),
        "service_lead_membership": Membership.objects.get(
            user=base.users["service_lead"], role=Role.SERVICE_LEAD
        ),
        "other_member": other_member,
        "other_member_lead": factories.service_lead(organisation=other_member).memberships.get(),
    }
