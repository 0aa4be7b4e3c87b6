"""Factories for tests: one per model, and one per role (a user holding that role)."""

import factory
from factory.django import DjangoModelFactory

from accounts.enums import Nation, OrganisationKind, ProgrammeScope, Role
from accounts.models import Membership, Organisation, Programme, Region, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    job_title = "Youth justice service manager"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"E1{n:07d}")
    name = factory.Sequence(lambda n: f"Region {n}")
    nation = Nation.ENGLAND


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testshire Youth Justice Service {n}")
    kind = OrganisationKind.YOUTH_JUSTICE_SERVICE
    region = factory.SubFactory(RegionFactory)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Test peer review programme {n}")
    short_name = factory.Sequence(lambda n: f"TPRP{n}")
    slug = factory.Sequence(lambda n: f"tprp-{n}")
    scope = ProgrammeScope.NATIONAL
    region = None


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.REVIEWER
    programme = factory.SubFactory(ProgrammeFactory)
    organisation = None


def _programme_role(role: Role):
    def make(*, programme: Programme | None = None, user: User | None = None, **user_fields):
        user = user or UserFactory(**user_fields)
        MembershipFactory(
            user=user, role=role, programme=programme or ProgrammeFactory(), organisation=None
        )
        return user

    make.__name__ = role.value
    return make


def _organisation_role(role: Role):
    def make(*, organisation: Organisation | None = None, user: User | None = None, **user_fields):
        user = user or UserFactory(**user_fields)
        MembershipFactory(
            user=user,
            role=role,
            programme=None,
            organisation=organisation or OrganisationFactory(),
        )
        return user

    make.__name__ = role.value
    return make


coordinator = _programme_role(Role.COORDINATOR)
board_member = _programme_role(Role.BOARD_MEMBER)
reviewer = _programme_role(Role.REVIEWER)
service_lead = _organisation_role(Role.SERVICE_LEAD)
improvement_board_member = _organisation_role(Role.IMPROVEMENT_BOARD)


def superuser(**user_fields) -> User:
    return UserFactory(is_superuser=True, is_staff=True, **user_fields)


# Imported last: these refer to the factories above by their dotted path.
from .applications import ApplicationFactory  # noqa: E402
from .improvement import (  # noqa: E402
    ActionFactory,
    ImprovementPlanFactory,
    RecommendationFactory,
)
from .offers import CycleFactory, ReviewTypeFactory  # noqa: E402
from .reviewers import (  # noqa: E402
    CourseFactory,
    PoolMembershipFactory,
    ReviewerFactory,
    TrainingSessionFactory,
)

__all__ = [
    "PASSWORD",
    "ActionFactory",
    "ApplicationFactory",
    "CourseFactory",
    "CycleFactory",
    "ImprovementPlanFactory",
    "MembershipFactory",
    "OrganisationFactory",
    "PoolMembershipFactory",
    "ProgrammeFactory",
    "RecommendationFactory",
    "RegionFactory",
    "ReviewTypeFactory",
    "ReviewerFactory",
    "TrainingSessionFactory",
    "UserFactory",
    "board_member",
    "coordinator",
    "improvement_board_member",
    "reviewer",
    "service_lead",
    "superuser",
]
