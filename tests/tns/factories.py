"""Factories and helpers of the self-employed offer's tests."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from accounts.enums import AdherentRole
from adherents.rules.identifiers import luhn_complete
from tests.accounts.factories import UserFactory
from tests.adherents.factories import AdherentFactory, AdherentMembershipFactory
from tests.adherents.factories_billing import TariffFactory, TariffItemFactory, ctx_of
from tns.affiliations import services
from tns.models import ContactProposal, Screening, TnsAffiliation, TnsOffer, WorkshopSession

# Valid SIRENs (Luhn) the world's factories never draw (theirs start with 1000).
SIRENS = tuple(luhn_complete(f"9000000{n}") for n in range(4))


def offer_for(team, **fields) -> TnsOffer:
    return TnsOffer.objects.create(team=team, **fields)


def grid(year: int = 2026) -> None:
    tariff = TariffFactory(year=year, tns_amount=Decimal("240.00"))
    TariffItemFactory(
        tariff=tariff,
        code="tns-atelier",
        label="Atelier de codéveloppement",
        unit_price=Decimal("0.00"),
    )


def application(**fields) -> services.SelfEmployedApplication:
    data = {
        "siren": SIRENS[0],
        "name": "Atelier Ébène",
        "naf_code": "1629Z",
        "first_name": "Camille",
        "last_name": "Perrin",
        "email": "camille.perrin@example.org",
        "start_on": datetime.date(2026, 3, 2),
        "serves_clients": True,
        "no_employees": True,
    }
    data.update(fields)
    return services.SelfEmployedApplication(**data)


def affiliation_for(user, adherent, *, start_on=datetime.date(2026, 3, 2), **fields):
    """An affiliation written directly (no invoice), for views and matrix rows."""
    from tns.rules.affiliation import minimum_end

    return TnsAffiliation.objects.create(
        person=user,
        adherent=adherent,
        basis=fields.pop("basis", "company_head"),
        start_on=start_on,
        end_on=fields.pop("end_on", minimum_end(start_on)),
        **fields,
    )


def self_employed(team, *, start_on=datetime.date(2026, 3, 2)):
    """A self-employed person: member of kind TNS, SELF_EMPLOYED role, open affiliation."""
    adherent = AdherentFactory(team=team, kind="tns", name="Cabinet Iris")
    user = UserFactory()
    AdherentMembershipFactory(user=user, adherent=adherent, role=AdherentRole.SELF_EMPLOYED)
    return user, affiliation_for(user, adherent, start_on=start_on, basis="self_employed")


def proposal_for(team, due_on: datetime.date) -> ContactProposal:
    """A proposal of contact to a new self-employed person of the team, after a screening
    whose work score triggered it."""
    user, affiliation = self_employed(team)
    screening = Screening.objects.create(
        person=user,
        affiliation=affiliation,
        status="submitted",
        submitted_at=timezone.now(),
        work_score=71.43,
        trigger=True,
    )
    return ContactProposal.objects.create(screening=screening, team=team, due_on=due_on)


def session_in(center, starts_at, **fields) -> WorkshopSession:
    return WorkshopSession.objects.create(
        center=center,
        title=fields.pop("title", "Dire non sans culpabiliser"),
        starts_at=starts_at,
        place=fields.pop("place", "Centre Nord, salle 2"),
        **fields,
    )


__all__ = ["ctx_of"]
