"""Access cases for the performance pages (/performance/): merged into the main MATRIX.

A service's page and its downloads are for its service leads and improvement board members,
the coordinators and board members of a programme it is a member of, national coordinators and
technical staff; 404 for everyone else signed in. A programme's table and its downloads are
for that programme's coordinators and board members, national coordinators and technical
staff: 403 for people who see no programme's table, 404 for another programme's coordinator
or board member."""

from types import SimpleNamespace

from .matrix import BOARD, LOGIN, VISIBLE_TO, Case, answers

SERVICE_READERS = VISIBLE_TO(
    service_lead=200, improvement_board=200, coordinator=200, board_member=200, superuser=200
)


def _service(w):
    return [w.organisation.pk]


def _programme(w):
    return [w.programme.pk]


CASES: dict[str, Case] = {
    "performance:service": Case(SERVICE_READERS, args=_service),
    "performance:service_export": Case(SERVICE_READERS, args=_service),
    "performance:service_export_xlsx": Case(SERVICE_READERS, args=_service),
    "performance:programme": Case(BOARD, args=_programme),
    "performance:programme_export": Case(BOARD, args=_programme),
    "performance:programme_export_xlsx": Case(BOARD, args=_programme),
}

OTHER_PROGRAMME_CASES: dict[str, Case] = {
    # A service that is in none of the coordinator's programmes: theirs to see no more.
    "performance:service": Case(
        VISIBLE_TO(superuser=200), args=lambda w: [w.performance_outsider.pk]
    ),
    "performance:programme": Case(
        answers(403, anonymous=LOGIN, coordinator=404, board_member=404, superuser=200),
        args=lambda w: [w.other_programme.pk],
    ),
    "performance:programme_export": Case(
        answers(403, anonymous=LOGIN, coordinator=404, board_member=404, superuser=200),
        args=lambda w: [w.other_programme.pk],
    ),
}


def world(base: SimpleNamespace) -> dict:
    """The organisation a member of the programme, with a figure; a service outside it."""
    from accounts.models import MemberOrganisation
    from tests import factories
    from tests.factories.performance import IndicatorValueFactory

    MemberOrganisation.objects.get_or_create(
        programme=base.programme, organisation=base.organisation
    )
    IndicatorValueFactory(organisation=base.organisation)
    outsider = factories.OrganisationFactory()
    IndicatorValueFactory(organisation=outsider)
    return {"performance_outsider": outsider}
