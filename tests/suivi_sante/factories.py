import datetime

import factory

from suivi_sante.models import Employment, Worker
from tests.adherents.factories import AdherentFactory, EstablishmentFactory


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    adherent = factory.SubFactory(AdherentFactory)
    last_name = factory.Faker("last_name", locale="fr_FR")
    first_name = factory.Faker("first_name", locale="fr_FR")
    birth_date = datetime.date(1985, 6, 1)
    sex = Worker.Sex.FEMALE


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    worker = factory.SubFactory(WorkerFactory)
    establishment = factory.SubFactory(
        EstablishmentFactory, adherent=factory.SelfAttribute("..worker.adherent")
    )
    job_title = "Électricien"
    start_on = datetime.date(2024, 3, 1)
