"""The yearly call for cotisations: every active member of the centre, in chunks, each in its
own transaction, skipping those already invoiced, with a summary mailed to the launcher."""

import datetime

import pytest
from django.core import mail

from adherents.billing import tasks
from adherents.models import Adherent, Invoice
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_billing import TariffFactory, declare

pytestmark = pytest.mark.django_db


def launch(world, chunk_size=2):  # several chunks with a handful of members
    return tasks.issue_cotisations.delay(
        2026, world.center.pk, world.actors["billing"].pk, "2026-01-15", chunk_size
    ).get()


def test_the_call_invoices_each_member_once_and_reports(world):
    TariffFactory()
    declare(world.establishment, si=3)
    declare(world.other_establishment, si=1)
    extra = [AdherentFactory(team=world.team, name=f"Membre {n}") for n in range(3)]
    for member in extra[:2]:
        declare(EstablishmentFactory(adherent=member), sir=1)
    undeclared = extra[2]
    AdherentFactory(team=world.team, status=Adherent.Status.ENDED)  # not called
    other_centre = AdherentFactory(team=world.other_team)  # not this centre's
    declare(EstablishmentFactory(adherent=other_centre), si=1)

    assert launch(world) == 3  # 5 active members of the centre, chunks of 2
    invoiced = set(Invoice.objects.values_list("adherent_id", flat=True))
    assert invoiced == {world.adherent.pk, world.other_adherent.pk, extra[0].pk, extra[1].pk}
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"F-2026-{n:06d}" for n in range(1, 5)]
    (summary,) = mail.outbox
    assert summary.to == [world.actors["billing"].email]
    assert "Factures émises : 4" in summary.body
    assert f"{undeclared.name} : {undeclared.name} n'a déclaré aucun effectif" in summary.body

    # Launched again (a redelivered task, a second click): nothing is invoiced twice.
    declare(EstablishmentFactory(adherent=undeclared), si=2)
    launch(world)
    assert Invoice.objects.count() == 5
    assert "Adhérents déjà facturés (ignorés) : 4" in mail.outbox[1].body
    assert Invoice.objects.get(adherent=undeclared).issued_on == datetime.date(2026, 1, 15)


def test_the_chunk_summary(world):
    TariffFactory()
    declare(world.establishment, si=1)
    summary = tasks.issue_cotisation_chunk.delay(
        [world.adherent.pk, world.other_adherent.pk], 2026, world.actors["billing"].pk, "2026-01-15"
    ).get()
    assert summary["issued"] == 1
    assert summary["already"] == 0
    assert [r["id"] for r in summary["refused"]] == [world.other_adherent.pk]
