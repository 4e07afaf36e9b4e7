"""Back-office billing pages: forms, French refusals, another centre's objects (404), and lists
in a flat number of queries."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import StaffRole
from adherents.models import Adherent, BankStatementImport, Invoice, Payment, Tariff, TariffItem
from tests import documents
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_billing import (
    InvoiceRowFactory,
    TariffFactory,
    declare,
    issue_for,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db
BO = "backoffice:adherents"


def url(name, *args):
    return reverse(f"{BO}:{name}", args=args)


def test_tariff_create_edit_and_frozen_once_invoiced(world, client_for):
    client = client_for("billing")
    data = {
        "year": "2026",
        "per_worker_si": "100,50",  # decimal comma
        "per_worker_sia": "120",
        "per_worker_sir": "150",
        "minimum_per_member": "200",
        "tns_amount": "180",
        "payment_days": "30",
    }
    response = client.post(url("billing-tariff-create"), data)
    assert response.status_code == 302
    assert Tariff.objects.get(year=2026).per_worker_si == Decimal("100.50")
    response = client.post(url("billing-tariff-create"), data)
    assert "Un tarif existe déjà pour 2026" in response.content.decode()
    too_long = {**data, "payment_days": "90"}
    response = client.post(url("billing-tariff-edit", 2026), too_long)
    assert response.status_code == 200  # refused: B2B, 60 days at most
    response = client.post(
        url("billing-tariff-item-create", 2026),
        {"code": "mediation", "label": "Médiation", "unit_price": "450,00"},
    )
    assert response.status_code == 302
    assert TariffItem.objects.get().unit_price == Decimal("450.00")

    declare(world.establishment, si=1)
    response = client.post(url("billing-cotisation-issue", world.adherent.pk), {"year": "2026"})
    invoice = Invoice.objects.get()
    assert response.url == url("billing-invoice-detail", invoice.pk)

    page = client.get(url("billing-tariff-edit", 2026)).content.decode()
    assert "ne peut plus être modifié" in page
    response = client.post(url("billing-tariff-edit", 2026), {**data, "per_worker_si": "1"})
    assert "changerait des montants facturés" in response.content.decode()
    assert Tariff.objects.get(year=2026).per_worker_si == Decimal("100.50")


def test_cotisation_refused_in_french_then_payment_and_credit_note(world, client_for):
    client = client_for("billing")
    response = client.post(url("billing-cotisation-issue", world.adherent.pk), {"year": "2026"})
    assert "Aucun tarif n&#x27;est défini pour 2026" in response.content.decode()
    assert not Invoice.objects.exists()

    invoice = issue_for(world)
    response = client.post(
        url("billing-payment-create", invoice.pk),
        {"amount": "120,50", "paid_on": "2026-02-01", "method": "cheque", "reference": "Chq 1"},
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == Decimal("120.50")
    response = client.post(
        url("billing-credit-note-create", invoice.pk), {"amount": "400", "reason": "Geste"}
    )
    assert response.status_code == 302
    assert Invoice.objects.filter(kind="credit_note").get().total == Decimal("400.00")
    response = client.post(
        url("billing-credit-note-create", invoice.pk), {"amount": "100.01", "reason": "Encore"}
    )
    assert "ne peut pas dépasser 100,00\u00a0€" in response.content.decode()
    page = client.get(url("billing-invoice-detail", invoice.pk)).content.decode()
    for text in ("120,50", "AV-2026-000001", "Geste", "Reste dû", "-20,50"):
        assert text in page, text
    pdf = client.get(url("billing-invoice-pdf", invoice.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Cache-Control"] == "private, no-store"
    assert pdf.getvalue() == documents.read(invoice.pdf, invoice.pdf_sha256)


def test_statement_import_page(world, client_for):
    client = client_for("billing")
    invoice = issue_for(world)
    good = f"date;libellé;montant\n15/02/2026;VIR {invoice.number};500,00\n16/02/2026;Frais;-1,00\n"
    response = client.post(
        url("billing-statement-import"),
        {"file": SimpleUploadedFile("releve.csv", good.encode("cp1252"))},
    )
    statement = BankStatementImport.objects.get()
    assert response.url == url("billing-statement-detail", statement.pk)
    page = client.get(response.url).content.decode()
    assert "Débit" in page
    assert invoice.number in page
    # The unmatched line in French format: 16/02/2026 and -1,00 € (not 2026-02-16, -1.00).
    assert "<td>16/02/2026</td>" in page
    assert "-1,00\u00a0€" in unescape(page)
    response = client.post(
        url("billing-statement-import"),
        {"file": SimpleUploadedFile("releve-bis.csv", good.encode("cp1252"))},
    )
    assert "déjà été importé" in response.content.decode()
    bad = "date;libellé;montant\n15/02/2026;VIR;500,00\n99/99/2026;VIR;1,00\n"
    response = client.post(
        url("billing-statement-import"), {"file": SimpleUploadedFile("bad.csv", bad.encode())}
    )
    assert "Ligne 3 : date « 99/99/2026 » illisible" in response.content.decode()
    assert BankStatementImport.objects.count() == 1
    assert Payment.objects.count() == 1


def test_batch_page_launches_the_call_and_counts_progress(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for("billing")
    response = client.post(url("billing-batch"), {"year": "2026"})
    assert "Aucun tarif n&#x27;est défini pour 2026" in response.content.decode()
    TariffFactory()
    declare(world.establishment, si=2)
    page = client.get(url("billing-batch") + "?annee=2026").content.decode()
    assert (
        "0 adhérent actif sur 2 a une facture de cotisation 2026. Restent à facturer : 2." in page
    )
    assert "Rechargez la page pour suivre l'avancement." in unescape(page)
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit
        response = client.post(url("billing-batch"), {"year": "2026"})
    assert response.status_code == 302
    page = unescape(client.get(url("billing-batch") + "?annee=2026").content.decode())
    assert "1 adhérent actif sur 2 a une facture de cotisation 2026. Reste à facturer : 1." in page
    # The call is over: the one member left is listed with the reason it was skipped.
    assert "Appel de cotisations 2026 terminé : 1 adhérent n'a pas pu être facturé" in page
    assert "Rechargez la page" not in page
    skipped = page.split("Adhérents sans facture 2026 et motif")[1]
    assert world.other_adherent.name in skipped
    assert world.adherent.name not in skipped
    assert "Aucune déclaration d'effectifs 2026 : la cotisation par salarié suivi" in skipped
    assert len(mailoutbox) == 1
    declare(world.other_establishment, si=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("billing-batch"), {"year": "2026"})
    page = unescape(client.get(url("billing-batch") + "?annee=2026").content.decode())
    assert "2 adhérents actifs sur 2 ont une facture de cotisation 2026." in page
    assert "terminé : chaque adhérent actif a sa facture" in page
    assert "Adhérents sans facture" not in page


def _skipped_names(page: str) -> list[str]:
    table = page.split("Adhérents sans facture 2026 et motif")[1].split("</tbody>")[0]
    return [cell.split("</td>")[0] for cell in table.split("<tr><td>")[1:]]


def test_batch_page_lists_the_members_left_a_page_at_a_time_by_name(world, client_for, settings):
    """A centre's members without an invoice are paged by name, with the reason, whatever
    their number: the pages' links reach every one of them, once, in order, and a page costs
    the same number of queries with 4 or 14 members left."""
    settings.SPSTI_LIST_PAGE_SIZE = 2
    TariffFactory()
    declare(world.establishment, si=2)  # Boulangerie Alpha could be invoiced: the call is due
    AdherentFactory(team=world.team, name="Atelier Céleste")
    AdherentFactory(team=world.team, name="Zinc Epsilon", kind=Adherent.Kind.TNS)
    AdherentFactory(team=world.team, name="Menuiserie Ended", status=Adherent.Status.ENDED)
    AdherentFactory(team=world.other_team, name="Autre Centre")
    client = client_for("billing")
    batch_url = url("billing-batch") + "?annee=2026"
    page = unescape(client.get(batch_url).content.decode())
    assert "4 adhérents actifs sans facture 2026, par ordre alphabétique." in page
    assert "Rechargez la page pour suivre l'avancement." in page
    names, reasons = [], []
    while True:
        names += _skipped_names(page)
        reasons.append(page)
        if "Page suivante" not in page:
            break
        link = page.split('<a class="page-link" href="')[-1].split('">Page suivante')[0]
        page = unescape(client.get(url("billing-batch") + link).content.decode())
    assert names == ["Atelier Céleste", "Boulangerie Alpha", "Garage Bêta", "Zinc Epsilon"]
    first, second = reasons
    assert "Aucune déclaration d'effectifs 2026" in first.split("Boulangerie Alpha")[0]
    assert "Pas encore facturé" in first.split("Boulangerie Alpha")[1]
    assert "Aucune déclaration d'effectifs 2026" in second.split("Zinc Epsilon")[0]
    assert "Pas encore facturé" in second.split("Zinc Epsilon")[1]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(batch_url).status_code == 200
        return len(captured)

    before = queries()
    AdherentFactory.create_batch(10, team=world.team)
    assert queries() == before


def test_statement_help_matches_what_the_parser_accepts(client_for):
    from adherents.billing.forms import STATEMENT_EXAMPLE
    from adherents.rules.bank_statement import parse

    page = unescape(client_for("billing").get(url("billing-statement-import")).content.decode())
    assert "Première ligne : l'en-tête « date;libellé;montant »" in page
    assert "date JJ/MM/AAAA (ou AAAA-MM-JJ)" in page
    assert f"Exemple : « {STATEMENT_EXAMPLE} »" in page
    (line,) = parse(f"date;libellé;montant\n{STATEMENT_EXAMPLE}\n".encode())
    assert line.amount == Decimal("1234.56")
    assert line.date == datetime.date(2026, 1, 15)


def test_another_centre_objects_are_404(world):
    other_billing = StaffAssignmentFactory(
        center=world.other_center, role=StaffRole.BILLING, team=world.other_team
    ).user
    client = login(Client(), other_billing)
    invoice = issue_for(world)
    for name, args in (
        ("billing-invoice-detail", [invoice.pk]),
        ("billing-invoice-pdf", [invoice.pk]),
        ("billing-payment-create", [invoice.pk]),
        ("billing-credit-note-create", [invoice.pk]),
        ("billing-member-balance", [world.adherent.pk]),
        ("billing-cotisation-issue", [world.adherent.pk]),
    ):
        assert client.get(url(name, *args)).status_code == 404, name
    listed = client.get(url("billing-invoice-list")).content.decode()
    assert invoice.number not in listed


def test_invoice_list_filters(world, client_for):
    client = client_for("billing")
    alpha = InvoiceRowFactory(adherent=world.adherent, due_on=datetime.date(2026, 2, 14))
    beta = InvoiceRowFactory(adherent=world.other_adherent, year=2025)
    page = client.get(url("billing-invoice-list"), {"member": "alpha"}).content.decode()
    assert alpha.number in page
    assert beta.number not in page
    page = client.get(url("billing-invoice-list"), {"year": "2025"}).content.decode()
    assert beta.number in page
    assert alpha.number not in page
    page = client.get(url("billing-invoice-list"), {"status": "overdue"}).content.decode()
    assert alpha.number in page
    assert "En retard" in page


def count_queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("billing-invoice-list", lambda w: [], {}),
        ("billing-invoice-list", lambda w: [], {"status": "overdue", "member": "a", "year": 2026}),
        ("billing-member-balance", lambda w: [w.adherent.pk], {}),
        ("billing-statement-list", lambda w: [], {}),
        ("billing-tariff-list", lambda w: [], {}),
    ],
)
def test_lists_answer_in_a_flat_number_of_queries(world, client_for, name, args, params):
    client = client_for("billing")

    def add(n):
        for _ in range(n):
            invoice = InvoiceRowFactory(adherent=world.adherent)
            Payment.objects.create(
                invoice=invoice,
                amount=Decimal("1.00"),
                paid_on=datetime.date(2026, 2, 1),
                method="cheque",
                recorded_by=world.actors["billing"],
            )
            InvoiceRowFactory(
                adherent=world.adherent,
                kind="credit_note",
                number=f"AV-{invoice.number}",
                credited_invoice=invoice,
                total=Decimal("1.00"),
            )
            TariffFactory(year=2100 - Tariff.objects.count())
            BankStatementImport.objects.create(
                filename="r.csv",
                sha256=f"{invoice.pk:064d}",
                imported_by=world.actors["billing"],
                line_count=1,
                matched_count=0,
            )

    path = url(name, *args(world))
    add(1)
    one = count_queries(client, path, params)
    add(29)
    assert count_queries(client, path, params) == one
    assert one <= 12


NB = "\u00a0"
BAND = f"92,40{NB}€ à 138,60{NB}€"


@pytest.mark.parametrize(
    ("board_choice", "warnings"),
    [
        # Default: one rate per worker (L4622-6); the band is checked on that rate.
        (
            {},
            [f"par salarié suivi (90,00{NB}€) sort de la fourchette de {BAND}"],
        ),
        # The board's weighting: the band is checked per worker of each category.
        (
            {"category_weighting": "on", "board_decision": "CA du 10/12/2024"},
            [
                f"par salarié en SI (90,00{NB}€) sort de la fourchette de {BAND}",
                f"par salarié en SIR (140,00{NB}€) sort de la fourchette de {BAND}",
            ],
        ),
    ],
)
def test_a_2025_tariff_outside_the_national_band_is_saved_with_a_warning(
    world, client_for, board_choice, warnings
):
    data = {
        "year": "2025",
        "per_worker_si": "90",  # below 80 % of 115.50 €
        "per_worker_sia": "110",
        "per_worker_sir": "140",  # above 120 %
        "minimum_per_member": "150",
        "tns_amount": "180",
        "payment_days": "30",
        **board_choice,
    }
    response = client_for("billing").post(url("billing-tariff-create"), data, follow=True)
    page = response.content.decode()
    assert Tariff.objects.filter(year=2025).exists()
    for warning in warnings:
        assert warning in page
    assert page.count("sort de la fourchette") == len(warnings)


def test_saving_a_tariff_unchanged_says_nothing_changed(world, client_for):
    from adherents.billing import services_tariff

    client = client_for("billing")
    data = {
        "year": "2026",
        "per_worker_si": "100,50",
        "per_worker_sia": "120",
        "per_worker_sir": "150",
        "minimum_per_member": "200",
        "tns_amount": "180",
        "payment_days": "30",
    }
    client.post(url("billing-tariff-create"), data)
    history = Tariff.pgh_event_model.objects.count() if hasattr(Tariff, "pgh_event_model") else 0

    tariff = Tariff.objects.get(year=2026)
    shown = {}  # the edit form posted back as it was shown
    for name in services_tariff.TARIFF_FIELDS:
        value = getattr(tariff, name)
        if value is True:
            shown[name] = "on"
        elif value is not False and value is not None:
            shown[name] = str(value)

    response = client.post(url("billing-tariff-edit", 2026), shown, follow=True)

    page = unescape(response.content.decode())
    assert "Aucune modification : rien n'a été enregistré." in page
    assert "Tarif 2026 modifié." not in page
    if history:
        assert Tariff.pgh_event_model.objects.count() == history
    response = client.post(
        url("billing-tariff-edit", 2026), {**shown, "per_worker_si": "101"}, follow=True
    )
    assert "Tarif 2026 modifié." in unescape(response.content.decode())
