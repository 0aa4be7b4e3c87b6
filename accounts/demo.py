"""The demo world's people and places: the real regions, three programmes, and invented
services and people, so that no demo content can be mistaken for a real council's."""

from dataclasses import dataclass

from django.db import transaction

from .enums import Nation, OrganisationKind, ProgrammeScope, Role, Scope
from .models import Membership, Organisation, Programme, Region, User

REGIONS = [
    ("E12000001", "North East", Nation.ENGLAND),
    ("E12000002", "North West", Nation.ENGLAND),
    ("E12000003", "Yorkshire and The Humber", Nation.ENGLAND),
    ("E12000004", "East Midlands", Nation.ENGLAND),
    ("E12000005", "West Midlands", Nation.ENGLAND),
    ("E12000006", "East of England", Nation.ENGLAND),
    ("E12000007", "London", Nation.ENGLAND),
    ("E12000008", "South East", Nation.ENGLAND),
    ("E12000009", "South West", Nation.ENGLAND),
    ("W92000004", "Wales", Nation.WALES),
]

PROGRAMMES = [
    {
        "short_name": "YJSIP",
        "slug": "yjsip",
        "name": "Youth Justice Sector Improvement Partnership",
        "scope": ProgrammeScope.NATIONAL,
        "region": None,
        "description": (
            "National peer reviews, bespoke peer support and SEND peer reviews for youth "
            "justice services, decided by the programme board."
        ),
    },
    {
        "short_name": "YH peer challenge",
        "slug": "yh-peer-challenge",
        "name": "Yorkshire and the Humber children's services peer challenge",
        "scope": ProgrammeScope.REGIONAL,
        "region": "E12000003",
        "description": (
            "Every local authority in the region delivers and receives a three-day peer "
            "challenge in each 18-month cycle."
        ),
    },
    {
        "short_name": "EM SEND",
        "slug": "em-send",
        "name": "East Midlands SEND peer challenge",
        "scope": ProgrammeScope.REGIONAL,
        "region": "E12000004",
        "description": (
            "SEND peer challenges by mixed teams of professionals, parents, carers and young "
            "ambassadors, on site or virtual."
        ),
    },
]

ORGANISATIONS = [
    ("Northdale Youth Justice Service", OrganisationKind.YOUTH_JUSTICE_SERVICE, "E12000001"),
    # Inspected and yet to start its improvement plan: the demo of starting one.
    ("Ashburn Youth Justice Service", OrganisationKind.YOUTH_JUSTICE_SERVICE, "E12000001"),
    ("Westmere Youth Justice Service", OrganisationKind.YOUTH_JUSTICE_SERVICE, "E12000002"),
    ("Calderbrook Youth Offending Team", OrganisationKind.YOUTH_JUSTICE_SERVICE, "E12000003"),
    ("Fenmouth Youth Justice Service", OrganisationKind.YOUTH_JUSTICE_SERVICE, "E12000006"),
    ("Harrowgate Vale Youth Justice Service", OrganisationKind.YOUTH_JUSTICE_SERVICE, "E12000007"),
    ("Severnside Youth Justice Service", OrganisationKind.YOUTH_JUSTICE_SERVICE, "E12000009"),
    ("Cwm Taran Youth Justice Service", OrganisationKind.YOUTH_JUSTICE_SERVICE, "W92000004"),
    ("Calderbrook Council children's services", OrganisationKind.CHILDRENS_SERVICES, "E12000003"),
    ("Ryeholme Council children's services", OrganisationKind.CHILDRENS_SERVICES, "E12000003"),
    ("Ousefield Council children's services", OrganisationKind.CHILDRENS_SERVICES, "E12000003"),
    ("Trentlow Council children's services", OrganisationKind.CHILDRENS_SERVICES, "E12000004"),
    ("Charnwick Council children's services", OrganisationKind.CHILDRENS_SERVICES, "E12000004"),
    (
        "Ryeholme Safeguarding Children Partnership",
        OrganisationKind.SAFEGUARDING_PARTNERSHIP,
        "E12000003",
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    job_title: str
    # (role, programme short name or organisation name)
    grants: tuple[tuple[Role, str], ...]
    is_superuser: bool = False


PEOPLE = [
    DemoPerson(
        "coordinator@example.org",
        "Priya Shah",
        "YJSIP programme coordinator",
        ((Role.COORDINATOR, "YJSIP"),),
    ),
    DemoPerson(
        "board@example.org",
        "Tom Hughes",
        "Programme board member",
        ((Role.BOARD_MEMBER, "YJSIP"),),
    ),
    DemoPerson(
        "lead@example.org",
        "Grace Okafor",
        "Head of Youth Justice Service",
        ((Role.SERVICE_LEAD, "Northdale Youth Justice Service"),),
    ),
    DemoPerson(
        "harrowgate@example.org",
        "Imran Qureshi",
        "Head of Youth Justice Service",
        ((Role.SERVICE_LEAD, "Harrowgate Vale Youth Justice Service"),),
    ),
    DemoPerson(
        "fenmouth@example.org",
        "Bethan Rowlands",
        "Youth Justice Service manager",
        ((Role.SERVICE_LEAD, "Fenmouth Youth Justice Service"),),
    ),
    DemoPerson(
        "ashburn@example.org",
        "Owen Carter",
        "Head of Youth Justice Service",
        ((Role.SERVICE_LEAD, "Ashburn Youth Justice Service"),),
    ),
    DemoPerson(
        "board.ashburn@example.org",
        "Ruth Adeyemi",
        "Chair, Ashburn youth justice management board",
        ((Role.IMPROVEMENT_BOARD, "Ashburn Youth Justice Service"),),
    ),
    DemoPerson(
        "reviewer@example.org",
        "Daniel Evans",
        "Youth Justice Service manager",
        ((Role.REVIEWER, "YJSIP"),),
    ),
    DemoPerson(
        "improvement@example.org",
        "Helen Clarke",
        "Chair, youth justice management board",
        ((Role.IMPROVEMENT_BOARD, "Northdale Youth Justice Service"),),
    ),
    DemoPerson(
        "multi@example.org",
        "Sam Patel",
        "Assistant director, children's services",
        (
            (Role.COORDINATOR, "YH peer challenge"),
            (Role.BOARD_MEMBER, "EM SEND"),
            (Role.SERVICE_LEAD, "Calderbrook Council children's services"),
        ),
    ),
    DemoPerson(
        "national@example.org",
        "Jordan Blake",
        "National peer review lead",
        ((Role.NATIONAL_COORDINATOR, ""),),
    ),
    DemoPerson(
        "admin@example.org",
        "Alex Morgan",
        "Technical administrator",
        (),
        is_superuser=True,
    ),
]


@transaction.atomic
def seed(*, password: str) -> list[DemoPerson]:
    """Create or update the demo regions, programmes, organisations and people. Running it
    again changes nothing but resets the demo people's passwords to `password`."""
    regions = {}
    for code, name, nation in REGIONS:
        regions[code], _created = Region.objects.update_or_create(
            code=code, defaults={"name": name, "nation": nation}
        )
    programmes = {}
    for data in PROGRAMMES:
        region = regions[data["region"]] if data["region"] else None
        programmes[data["short_name"]], _created = Programme.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "short_name": data["short_name"],
                "scope": data["scope"],
                "region": region,
                "description": data["description"],
            },
        )
    organisations = {}
    for name, kind, region_code in ORGANISATIONS:
        organisations[name], _created = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "region": regions[region_code]}
        )
    for person in PEOPLE:
        user, _created = User.objects.update_or_create(
            email=person.email,
            defaults={
                "full_name": person.full_name,
                "job_title": person.job_title,
                "is_superuser": person.is_superuser,
                "is_staff": person.is_superuser,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        for role, where in person.grants:
            if Role(role).scope == Scope.PROGRAMME:
                Membership.objects.get_or_create(user=user, role=role, programme=programmes[where])
            elif Role(role).scope == Scope.SERVICE:
                Membership.objects.get_or_create(user=user, role=role)
            else:
                Membership.objects.get_or_create(
                    user=user, role=role, organisation=organisations[where]
                )
    return PEOPLE
