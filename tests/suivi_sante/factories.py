import datetime

import factory

from suivi_sante.models import (
    Absence,
    DelegationProtocol,
    Dmst,
    DueVisit,
    Employment,
    Slot,
    Visit,
    Worker,
)
from tests.accounts.factories import HealthCenterFactory, StaffUserFactory, TeamFactory
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


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    worker = factory.SubFactory(WorkerFactory)
    cause = "maladie"
    start_on = datetime.date(2026, 1, 5)
    end_on = datetime.date(2026, 3, 31)


class ProtocolFactory(factory.django.DjangoModelFactory):
    """An active protocol delegating VIPs and intermediate visits to the team's nurses."""

    class Meta:
        model = DelegationProtocol

    team = factory.SubFactory(TeamFactory)
    title = "Protocole VIP et visites intermédiaires"
    signed_by = factory.SubFactory(StaffUserFactory)
    signed_on = datetime.date(2026, 1, 2)
    delegated_kinds = factory.LazyFunction(lambda: ["VIP", "VISITE_INTERMEDIAIRE"])
    conditions = "Salariés sans antécédent signalé."
    referral_cases = "Toute situation médicale signalée par le salarié."
    staffing_hypothesis = "lasting_shortage"
    cmt_approved_on = datetime.date(2025, 12, 15)
    valid_from = datetime.date(2026, 1, 2)


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    center = factory.SubFactory(HealthCenterFactory)
    professional = factory.SubFactory(StaffUserFactory)
    performer = "physician"
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
            + datetime.timedelta(minutes=30 * n)
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(minutes=30))


class VisitFactory(factory.django.DjangoModelFactory):
    """A planned physician VIP, outside any slot."""

    class Meta:
        model = Visit

    worker = factory.SubFactory(WorkerFactory)
    team = factory.LazyAttribute(lambda o: o.worker.adherent.team)
    adherent = factory.SelfAttribute("worker.adherent")
    kind = "VIP"
    performer = "physician"
    professional = factory.SubFactory(StaffUserFactory)
    booked_by = factory.SelfAttribute("professional")
    scheduled_at = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


class DmstFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dmst

    worker = factory.SubFactory(WorkerFactory)
    opened_by = factory.SubFactory(StaffUserFactory)


class DueVisitFactory(factory.django.DjangoModelFactory):
    """An overdue VIP of a worker, as the recomputation would store it."""

    class Meta:
        model = DueVisit

    worker = factory.SubFactory(WorkerFactory)
    team = factory.LazyAttribute(lambda o: o.worker.adherent.team)
    adherent = factory.LazyAttribute(lambda o: o.worker.adherent)
    kind = "VIP"
    due_on = datetime.date(2026, 1, 1)
    performers = factory.LazyFunction(lambda: ["physician", "nurse"])
    legal_reference = "R4624-10"
    reason = "VIP initiale à réaliser avant le 01/01/2026 (art. R4624-10)"
    computed_at = factory.LazyFunction(lambda: datetime.datetime.now(tz=datetime.UTC))
