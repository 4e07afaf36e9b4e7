"""The cotisation of a member from its latest declarations, once per year unless fully credited;
credit notes; the tariff frozen once its year is invoiced."""

import datetime
from decimal import Decimal

import pytest

from adherents.billing import services
from adherents.billing import services_tariff as tariffs
from adherents.models import Adherent, Invoice, Tariff
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_billing import (
    TariffFactory,
    TariffItemFactory,
    billing_ctx,
    declare,
    issue_for,
    line_rows,
)

pytestmark = pytest.mark.django_db
JAN = datetime.date(2026, 1, 15)


def cotisation(world, adherent=None, **kwargs):
    return services.issue_cotisation(
        adherent=adherent or world.adherent,
        year=2026,
        actor=billing_ctx(world),
        issued_on=kwargs.pop("issued_on", JAN),
        **kwargs,
    )


def test_the_latest_version_of_each_establishment_is_invoiced(world):
    TariffFactory()
    second = EstablishmentFactory(adherent=world.adherent)
    declare(world.establishment, si=5, sia=1)  # superseded below
    declare(world.establishment, si=3, sia=1, sir=2)
    declare(second, si=2)
    declare(world.establishment, si=40, year=2025)  # another year: ignored
    invoice = cotisation(world)
    rows = [(x.heading, x.quantity, x.amount) for x in line_rows(invoice)]
    assert rows == [
        ("core_per_worker", Decimal("5.00"), Decimal("500.00")),  # 3 + 2 SI at 100 €
        ("core_per_worker", Decimal("1.00"), Decimal("120.00")),
        ("core_per_worker", Decimal("2.00"), Decimal("300.00")),
    ]
    assert invoice.total == Decimal("920.00")
    assert invoice.due_on == datetime.date(2026, 2, 14)
    assert invoice.issued_by == world.actors["billing"]


def test_a_small_member_pays_the_minimum_and_complementary_items_are_added(world):
    item = TariffItemFactory(tariff=TariffFactory(), code="mediation", unit_price=Decimal("450"))
    declare(world.establishment, si=1)
    invoice = cotisation(world, complementary=[(item.code, 2)])
    assert [(x.heading, x.amount) for x in line_rows(invoice)] == [
        ("core_per_worker", Decimal("100.00")),
        ("core_minimum", Decimal("100.00")),
        ("complementary", Decimal("900.00")),
    ]
    assert invoice.total == Decimal("1100.00")


def test_a_self_employed_member_gets_the_specific_offer_without_declaring(world):
    TariffFactory()
    Adherent.objects.filter(pk=world.adherent.pk).update(kind=Adherent.Kind.TNS)
    world.adherent.refresh_from_db()
    invoice = cotisation(world)
    assert [(x.heading, x.amount) for x in line_rows(invoice)] == [("tns", Decimal("180.00"))]


def test_no_tariff_no_declaration_refused_in_french(world):
    declare(world.establishment, si=1)
    with pytest.raises(services.BillingError, match="Aucun tarif n'est défini pour 2026"):
        cotisation(world)
    TariffFactory()
    with pytest.raises(services.BillingError, match="n'a déclaré aucun effectif pour 2026"):
        cotisation(world, world.other_adherent)
    assert not Invoice.objects.exists()


def test_a_second_cotisation_is_refused_until_the_first_is_fully_credited(world):
    TariffFactory()
    declare(world.establishment, si=3)
    first = cotisation(world)
    with pytest.raises(services.AlreadyInvoicedError, match="déjà une facture de cotisation 2026"):
        cotisation(world)
    ctx = billing_ctx(world)
    services.issue_credit_note(invoice=first, amount=Decimal("100.00"), reason="Geste", actor=ctx)
    with pytest.raises(services.AlreadyInvoicedError, match=first.number):
        cotisation(world)  # partly credited: still live
    services.issue_credit_note(invoice=first, reason="Effectif erroné", actor=ctx)
    declare(world.establishment, si=2)
    redo = cotisation(world)
    assert redo.number == "F-2026-000002"
    assert redo.total == Decimal("200.00")
    # A complementary-only invoice of the year does not count as a cotisation.
    issue_for(world, world.other_adherent)
    declare(world.other_establishment, si=4)
    assert cotisation(world, world.other_adherent).total == Decimal("400.00")


def test_credit_notes_never_exceed_the_invoice(world):
    invoice = issue_for(world, amount="320.00")
    ctx = billing_ctx(world)
    partial = services.issue_credit_note(
        invoice=invoice, amount=Decimal("100.004"), reason="Remise", actor=ctx
    )
    assert partial.total == Decimal("100.00")
    assert partial.kind == "credit_note"
    assert partial.credited_invoice == invoice
    assert partial.due_on == partial.issued_on
    with pytest.raises(services.BillingError, match="ne peut pas dépasser 220,00"):
        services.issue_credit_note(invoice=invoice, amount=Decimal("220.01"), reason="x", actor=ctx)
    rest = services.issue_credit_note(invoice=invoice, reason="Radiation", actor=ctx)
    assert rest.total == Decimal("220.00")
    with pytest.raises(services.BillingError, match="déjà entièrement annulée"):
        services.issue_credit_note(invoice=invoice, reason="Encore", actor=ctx)
    with pytest.raises(services.BillingError, match="que sur une facture"):
        services.issue_credit_note(invoice=rest, reason="Avoir d'avoir", actor=ctx)
    with pytest.raises(services.BillingError, match="motif"):
        services.issue_credit_note(invoice=issue_for(world), reason="  ", actor=ctx)


def test_a_full_credit_note_mirrors_the_lines(world):
    TariffFactory()
    declare(world.establishment, si=1)
    invoice = cotisation(world)
    note = services.issue_credit_note(invoice=invoice, reason="Radiation", actor=billing_ctx(world))
    assert [(x.heading, x.label, x.amount) for x in line_rows(note)] == [
        (
            "credit",
            "Annulation — Salariés en suivi individuel (SI) (art. L4622-6, pondération décidée par "
            "le conseil d'administration)",
            Decimal("100.00"),
        ),
        (
            "credit",
            "Annulation — Complément au minimum de cotisation par adhérent",
            Decimal("100.00"),
        ),
    ]


def test_the_tariff_is_frozen_once_its_year_is_invoiced(world):
    ctx = billing_ctx(world)
    amounts = {
        "per_worker_si": Decimal("90"),
        "per_worker_sia": Decimal("100"),
        "per_worker_sir": Decimal("130"),
        "minimum_per_member": Decimal("150"),
        "tns_amount": Decimal("160"),
        "payment_days": 30,
    }
    tariff = tariffs.create_tariff(actor=ctx, year=2026, **amounts)
    with pytest.raises(services.BillingError, match="existe déjà pour 2026"):
        tariffs.create_tariff(actor=ctx, year=2026, **amounts)
    tariffs.update_tariff(actor=ctx, tariff=tariff, **{**amounts, "per_worker_si": Decimal("95")})
    item = tariffs.save_tariff_item(
        actor=ctx, tariff=tariff, code="mediation", label="Médiation", unit_price=Decimal("400")
    )
    with pytest.raises(services.BillingError, match="déjà utilisé"):
        tariffs.save_tariff_item(
            actor=ctx, tariff=tariff, code="mediation", label="Autre", unit_price=Decimal("1")
        )
    declare(world.establishment, si=2)
    cotisation(world)
    with pytest.raises(services.BillingError, match="changerait des montants facturés"):
        tariffs.update_tariff(actor=ctx, tariff=tariff, **amounts)
    with pytest.raises(services.BillingError, match="changerait des montants facturés"):
        tariffs.save_tariff_item(
            actor=ctx, tariff=tariff, item=item, code="mediation", label="X", unit_price=Decimal(1)
        )
    assert Tariff.objects.get(year=2026).per_worker_si == Decimal("95.00")


def test_declared_heads_are_billed_one_unit_each_only_when_the_service_chose_to(world, settings):
    rate = Decimal("110.00")
    TariffFactory(
        category_weighting=False,
        member_minimum=False,
        per_worker_si=rate,
        per_worker_sia=rate,
        per_worker_sir=rate,
        minimum_per_member=Decimal("0.00"),
    )
    declare(world.establishment, si=3, heads=1)
    declare(world.establishment, si=3, heads=2)  # the latest version carries 2 heads
    settings.SPSTI_BILL_COMPANY_HEADS = False  # the default: heads are not billed
    unbilled = cotisation(world)
    assert [(x.quantity, x.amount) for x in line_rows(unbilled)] == [
        (Decimal("3.00"), Decimal("330.00"))
    ]
    services.issue_credit_note(invoice=unbilled, reason="Dirigeants", actor=billing_ctx(world))
    settings.SPSTI_BILL_COMPANY_HEADS = True
    billed = cotisation(world)
    rows = [(x.label, x.quantity, x.amount) for x in line_rows(billed)]
    assert rows[1] == (
        "Dirigeants bénéficiant du suivi (art. L4621-4), chacun pour une unité (art. L4622-6)",
        Decimal("2.00"),
        Decimal("220.00"),
    )
    assert billed.total == Decimal("550.00")
