"""Screens of the chemical inventory, in the member portal and in the back-office."""

import datetime
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prevention.models import ChemicalProduct
from prevention.rules.dates import add_years
from tests.matrix_prevention.actions import PDF_BYTES, product_for, unit_for

PO = "portal:prevention"
BO = "backoffice:prevention"


def text(response) -> str:
    return unescape(response.content.decode())


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_member_adds_a_cmr_product_with_its_fds(world, client_for):
    unit = unit_for(world, name="Décapage")
    client = client_for("portal_admin")
    response = client.post(
        reverse(f"{PO}:chemical-create", args=[unit.pk]),
        {
            "name": "Décapant X",
            "supplier": "Chimie du Sud",
            "statements_text": "h350, H225",
            "sds_date": "2025-03-01",
            "sds_file": SimpleUploadedFile("fds-decapant.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    product = ChemicalProduct.objects.get()
    assert (product.hazard_statements, product.is_cmr) == (["H350", "H225"], True)
    page = text(client.get(reverse(f"{PO}:chemical-unit", args=[unit.pk])))
    assert "Décapant X" in page
    assert ">CMR</span>" in page
    assert "FDS du 01/03/2025" in page
    download = client.get(reverse(f"{PO}:chemical-sds", args=[product.pk]))
    assert download.getvalue() == PDF_BYTES
    assert download["Content-Disposition"] == 'attachment; filename="fds-decapant.pdf"'


@pytest.mark.django_db
def test_a_wrong_statement_is_explained_and_nothing_is_written(world, client_for):
    unit = unit_for(world)
    response = client_for("portal_admin").post(
        reverse(f"{PO}:chemical-create", args=[unit.pk]),
        {"name": "Produit", "statements_text": "X12"},
    )
    assert response.status_code == 200
    assert "Mention(s) de danger invalide(s) : « X12 »" in text(response)
    assert not ChemicalProduct.objects.exists()


@pytest.mark.django_db
def test_flags_are_written_in_words(world, client_for):
    today = timezone.localdate()
    unit = unit_for(world, name="Peinture")
    product_for(
        world, unit=unit, name="Vernis", sds_date=add_years(today, -3) - datetime.timedelta(1)
    )
    product_for(world, unit=unit, name="Solvant", sds_date=None, sds_filename="")
    product_for(world, unit=unit, name="Encre", sds_date=add_years(today, -3))
    client = client_for("portal_admin")
    page = text(client.get(reverse(f"{PO}:chemical-unit", args=[unit.pk])))
    rows = {
        name: page.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]
        for name in ("Vernis", "Solvant", "Encre")
    }
    assert "FDS de plus de 3 ans" in rows["Vernis"]
    assert "FDS manquante" in rows["Solvant"]
    assert "FDS" in rows["Encre"]
    assert "FDS de plus" not in rows["Encre"]
    listing = text(client.get(reverse(f"{PO}:chemical-list")))
    assert "2 FDS manquantes ou de plus de 3 ans" in listing


@pytest.mark.django_db
def test_another_members_product_and_unit_are_404(world, client_for):
    product = product_for(world)
    client = client_for("portal_other")
    for name in ("chemical-edit", "chemical-sds"):
        assert client.get(reverse(f"{PO}:{name}", args=[product.pk])).status_code == 404
    assert client.post(reverse(f"{PO}:chemical-archive", args=[product.pk])).status_code == 404
    unit_url = reverse(f"{PO}:chemical-create", args=[product.work_unit_id])
    assert client.post(unit_url, {"name": "Intrus"}).status_code == 404
    product.refresh_from_db()
    assert product.archived_at is None
    assert ChemicalProduct.objects.count() == 1


@pytest.mark.django_db
def test_archiving_moves_the_product_to_the_withdrawn_list(world, client_for):
    product = product_for(world, name="Ancien dégraissant")
    client = client_for("portal_admin")
    client.post(reverse(f"{PO}:chemical-archive", args=[product.pk]))
    unit_url = reverse(f"{PO}:chemical-unit", args=[product.work_unit_id])
    current = text(client.get(unit_url))
    assert "retiré de l'inventaire." in current  # the message
    assert "Ancien dégraissant" not in current.split("<table")[1]
    assert "Ancien dégraissant" in text(client.get(unit_url, {"retires": "1"})).split("<table")[1]
    assert ChemicalProduct.objects.filter(pk=product.pk).exists()


@pytest.mark.django_db
def test_the_member_edits_statements_and_the_staff_ticks_cmr(world, client_for):
    product = product_for(world, name="Colle")
    edit_portal = reverse(f"{PO}:chemical-edit", args=[product.pk])
    portal_form = text(client_for("portal_admin").get(edit_portal))
    assert 'value="H225, H336"' in portal_form
    assert "marked_cmr" not in portal_form  # the member does not classify by hand
    client_for("portal_admin").post(
        edit_portal, {"name": "Colle", "statements_text": "H225", "sds_date": "2025-02-01"}
    )
    product.refresh_from_db()
    assert product.hazard_statements == ["H225"]
    response = client_for("prevention_assistant").post(
        reverse(f"{BO}:chemical-edit", args=[product.pk]),
        {"name": "Colle", "statements_text": "H225", "sds_date": "2025-02-01", "marked_cmr": "on"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.is_cmr is True


@pytest.mark.django_db
def test_staff_search_the_centres_units(world, client_for):
    unit_for(world, name="Fournil")
    page = text(client_for("nurse").get(reverse(f"{BO}:chemical-list"), {"q": "alpha"}))
    assert "Fournil" in page
    assert "Boulangerie Alpha" in page
    empty = text(client_for("nurse").get(reverse(f"{BO}:chemical-list"), {"q": "Gamma"}))
    assert "Fournil" not in empty


@pytest.mark.django_db
def test_inventory_lists_keep_a_flat_query_count(world, client_for):
    unit = unit_for(world)
    product_for(world, unit=unit)
    portal, staff = client_for("portal_admin"), client_for("prevention_assistant")
    urls = [
        (portal, reverse(f"{PO}:chemical-list")),
        (portal, reverse(f"{PO}:chemical-unit", args=[unit.pk])),
        (staff, reverse(f"{BO}:chemical-list")),
        (staff, reverse(f"{BO}:chemical-unit", args=[unit.pk])),
    ]
    before = [count_queries(client, url) for client, url in urls]
    for n in range(30):
        product_for(world, unit=unit, name=f"Produit {n}", is_cmr=n % 2 == 0)
        product_for(world, unit=unit_for(world), name=f"Autre {n}")
    after = [count_queries(client, url) for client, url in urls]
    assert after == before
    assert max(after) <= 12
