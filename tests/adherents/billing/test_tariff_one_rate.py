"""One cotisation rate per worker followed by default (L4622-6, loi 2021-1018): the weighting by
category and the minimum per member only as the board's explicit choice; existing tariffs kept
and flagged; issued invoices never change."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from adherents.billing import services
from adherents.billing import services_tariff as tariffs
from adherents.models import Invoice, Tariff
from tests import documents
from tests.adherents.factories_billing import TariffFactory, billing_ctx, declare, line_rows

pytestmark = pytest.mark.django_db
JAN = datetime.date(2026, 1, 15)
MIGRATION = importlib.import_module(
    "adherents.migrations.0007_tariff_one_rate_per_worker_board_choices"
)
AMOUNTS = {
    "per_worker_si": Decimal("110"),
    "per_worker_sia": Decimal("130"),
    "per_worker_sir": Decimal("160"),
    "minimum_per_member": Decimal("150"),
    "tns_amount": Decimal("180"),
    "payment_days": 30,
}


def test_a_new_tariff_charges_every_worker_the_same_rate_without_minimum(world):
    # Amounts typed for SIA, SIR and a minimum count for nothing without the board's choice.
    tariff = tariffs.create_tariff(actor=billing_ctx(world), year=2026, **AMOUNTS)
    assert (tariff.per_worker_sia, tariff.per_worker_sir) == (Decimal("110"), Decimal("110"))
    assert tariff.minimum_per_member == 0
    declare(world.establishment, si=1, sia=1, sir=1)
    invoice = services.issue_cotisation(
        adherent=world.adherent, year=2026, actor=billing_ctx(world), issued_on=JAN
    )
    assert [(x.label, x.quantity, x.amount) for x in line_rows(invoice)] == [
        (
            "Salariés suivis, chacun pour une unité (art. L4622-6)",
            Decimal("3.00"),
            Decimal("330.00"),
        )
    ]


def test_a_board_choice_needs_its_deliberation(world):
    with pytest.raises(services.BillingError, match="décision explicite du conseil"):
        tariffs.create_tariff(
            actor=billing_ctx(world), year=2026, category_weighting=True, **AMOUNTS
        )
    tariff = tariffs.create_tariff(
        actor=billing_ctx(world),
        year=2026,
        category_weighting=True,
        member_minimum=True,
        board_decision="CA du 10/12/2025, délibération 12",
        **AMOUNTS,
    )
    assert (tariff.per_worker_sia, tariff.minimum_per_member) == (Decimal("130"), Decimal("150"))


@pytest.mark.parametrize(
    "values",
    [
        {"per_worker_sia": Decimal("120")},  # a weighting without the board's choice
        {"minimum_per_member": Decimal("200")},  # a minimum without the board's choice
        {"category_weighting": True, "per_worker_sia": Decimal("120")},  # no deliberation
    ],
)
def test_the_database_refuses_a_weighting_or_minimum_not_chosen_by_the_board(values):
    base = {
        "year": 2027,
        "per_worker_si": Decimal("110"),
        "per_worker_sia": Decimal("110"),
        "per_worker_sir": Decimal("110"),
        "minimum_per_member": Decimal("0"),
        "tns_amount": Decimal("180"),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Tariff.objects.create(**{**base, **values})


def test_existing_weighted_tariff_is_kept_flagged_and_its_invoices_never_change(world):
    tariff = TariffFactory()  # SI 100, SIA 120, SIR 150, minimum 200
    declare(world.establishment, si=1, sia=1)
    invoice = services.issue_cotisation(
        adherent=world.adherent, year=2026, actor=billing_ctx(world), issued_on=JAN
    )
    before = (
        invoice.total,
        documents.read(invoice.pdf, invoice.pdf_sha256),
        invoice.pdf_sha256,
        [(x.label, x.quantity, x.unit_price, x.amount) for x in line_rows(invoice)],
    )
    # As the tariff stood before the migration: weighted amounts, no board choice recorded.
    # The new constraints forbid that state: they are dropped inside this test's transaction.
    with connection.schema_editor() as editor:
        for constraint in Tariff._meta.constraints:
            if constraint.name != "tariff_amounts_positive":
                editor.remove_constraint(Tariff, constraint)
    Tariff.objects.filter(pk=tariff.pk).update(
        category_weighting=False, member_minimum=False, board_decision=""
    )

    MIGRATION.flag_existing_board_choices(apps, None)

    tariff.refresh_from_db()
    assert (tariff.per_worker_si, tariff.per_worker_sia, tariff.per_worker_sir) == (
        Decimal("100.00"),
        Decimal("120.00"),
        Decimal("150.00"),
    )
    assert tariff.category_weighting
    assert tariff.member_minimum
    assert tariff.board_choice_to_confirm
    invoice = Invoice.objects.get(pk=invoice.pk)
    after = (
        invoice.total,
        documents.read(invoice.pdf, invoice.pdf_sha256),
        invoice.pdf_sha256,
        [(x.label, x.quantity, x.unit_price, x.amount) for x in line_rows(invoice)],
    )
    assert after == before
    assert invoice.total == Decimal("220.00")  # 100 (SI) + 120 (SIA), as issued


def test_migration_flags_only_tariffs_with_a_weighting_or_a_minimum():
    single = Tariff.objects.create(
        year=2027,
        per_worker_si=Decimal("110"),
        per_worker_sia=Decimal("110"),
        per_worker_sir=Decimal("110"),
        minimum_per_member=Decimal("0"),
        tns_amount=Decimal("180"),
    )
    MIGRATION.flag_existing_board_choices(apps, None)
    single.refresh_from_db()
    assert not single.category_weighting
    assert not single.member_minimum
    assert not single.board_choice_to_confirm


def test_tariff_page_says_the_board_choice_is_contested_and_flags_what_to_confirm(
    world, client_for
):
    TariffFactory(board_decision="", board_choice_to_confirm=True)
    page = client_for("billing").get(
        reverse("backoffice:adherents:billing-tariff-edit", args=[2026])
    )
    text = page.content.decode()
    assert "juridiquement contesté" in text
    assert "comptant chacun pour une unité" in text
    assert "à confirmer par le conseil d&#x27;administration" in text or (
        "à confirmer par le conseil d'administration" in text
    )
