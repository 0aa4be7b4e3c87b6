"""Factories for improvement plans."""

import factory
from factory.django import DjangoModelFactory

from improvement.enums import PlanSource
from improvement.models import Action, ImprovementPlan, Recommendation


class ImprovementPlanFactory(DjangoModelFactory):
    """A plan after an inspection, by default."""

    class Meta:
        model = ImprovementPlan

    organisation = factory.SubFactory("tests.factories.OrganisationFactory")
    title = factory.Sequence(lambda n: f"Post-inspection improvement plan {n}")
    source = PlanSource.INSPECTION
    inspectorate = "hmip"


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation

    plan = factory.SubFactory(ImprovementPlanFactory)
    reference = factory.Sequence(lambda n: str(n + 1))
    text = "The management board should understand the needs of children known to the service."
    addressee = "The management board"


class ActionFactory(DjangoModelFactory):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    reference = factory.Sequence(lambda n: f"{n + 1}a")
    text = "Agree a data set for the board, reported monthly."
    lead_officer = "Head of service"
    agency = "Youth justice service"
