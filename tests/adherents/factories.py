import datetime

import factory

from accounts.enums import AdherentRole, MandateScope
from adherents.models import (
    AccountingFirm,
    AccountingFirmMandate,
    AccountingFirmMember,
    Adherent,
    AdherentMembership,
    Establishment,
)
from adherents.rules.identifiers import luhn_complete
from tests.accounts.factories import TeamFactory, UserFactory


class AdherentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Adherent

    name = factory.Sequence(lambda n: f"Entreprise {n:04d}")
    siren = factory.Sequence(lambda n: luhn_complete(f"{10000000 + n:08d}"))
    naf_code = "43.21A"
    team = factory.SubFactory(TeamFactory)
    joined_on = datetime.date(2024, 1, 15)
    status = Adherent.Status.ACTIVE
    # A struck-off member has its end date (database check adherent_ended_has_date).
    ended_on = factory.LazyAttribute(
        lambda o: (
            o.joined_on + datetime.timedelta(days=365)
            if o.status == Adherent.Status.ENDED
            else None
        )
    )


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    adherent = factory.SubFactory(AdherentFactory)
    siret = factory.LazyAttributeSequence(
        lambda o, n: luhn_complete(f"{o.adherent.siren}{n % 10000:04d}")
    )
    name = factory.Sequence(lambda n: f"Établissement {n}")
    address = "1 rue de la Paix"
    postal_code = "71000"
    city = "Mâcon"


class AdherentMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdherentMembership

    user = factory.SubFactory(UserFactory)
    adherent = factory.SubFactory(AdherentFactory)
    role = AdherentRole.ADMIN


class AccountingFirmFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountingFirm

    name = factory.Sequence(lambda n: f"Cabinet {n}")
    siren = factory.Sequence(lambda n: luhn_complete(f"{90000000 + n:08d}"))


class AccountingFirmMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountingFirmMember

    user = factory.SubFactory(UserFactory)
    firm = factory.SubFactory(AccountingFirmFactory)


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountingFirmMandate

    firm = factory.SubFactory(AccountingFirmFactory)
    adherent = factory.SubFactory(AdherentFactory)
    scopes = factory.LazyFunction(lambda: [MandateScope.WORKFORCE, MandateScope.INVOICES])
    valid_from = datetime.date(2025, 1, 1)
