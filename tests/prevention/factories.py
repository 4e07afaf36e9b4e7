import datetime

import factory

from prevention.models import (
    Duerp,
    DuerpRisk,
    EvaluationMatrix,
    FicheEntreprise,
    FicheVersion,
    Hazard,
    HazardThesaurus,
    PreventionAction,
    WorkUnit,
)
from tests.accounts.factories import StaffUserFactory
from tests.adherents.factories import AdherentFactory, EstablishmentFactory


def current_thesaurus() -> HazardThesaurus:
    """The shipped thesaurus (loaded by prevention's data migration)."""
    return HazardThesaurus.objects.get(is_current=True)


def hazard(code: str = "CHU-PP") -> Hazard:
    return Hazard.objects.get(thesaurus=current_thesaurus(), code=code)


def default_matrix() -> EvaluationMatrix:
    return EvaluationMatrix.objects.get(is_default=True)


class WorkUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkUnit

    establishment = factory.SubFactory(EstablishmentFactory)
    name = factory.Sequence(lambda n: f"Atelier {n}")
    headcount = 5


class FicheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FicheEntreprise

    establishment = factory.SubFactory(EstablishmentFactory)
    first_due_on = datetime.date(2027, 1, 15)


class FicheVersionFactory(factory.django.DjangoModelFactory):
    """A draft FE version."""

    class Meta:
        model = FicheVersion

    fiche = factory.SubFactory(FicheFactory)
    number = factory.Sequence(lambda n: n + 1)
    thesaurus = factory.LazyFunction(current_thesaurus)
    drafted_by = factory.SubFactory(StaffUserFactory)


class DuerpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duerp

    adherent = factory.SubFactory(AdherentFactory)
    matrix = factory.LazyFunction(default_matrix)
    headcount = 12


class DuerpRiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuerpRisk

    duerp = factory.SubFactory(DuerpFactory)
    work_unit = factory.SubFactory(
        WorkUnitFactory,
        establishment=factory.SubFactory(
            EstablishmentFactory, adherent=factory.SelfAttribute("...duerp.adherent")
        ),
    )
    hazard = factory.LazyFunction(hazard)
    description = "Sol glissant près du plonge"
    exposed_count = 3
    severity = 2
    probability = 3


class PreventionActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PreventionAction

    adherent = factory.SubFactory(AdherentFactory)
    kind = "awareness"
    performed_on = datetime.date(2026, 3, 10)
    performed_by = factory.SubFactory(StaffUserFactory)
    duration_minutes = 90
    description = "Sensibilisation au risque routier"
