"""Invoices through the API: the member's list with what is left to pay, and the stored PDF."""

import pytest
from django.urls import reverse

from tests.adherents.factories_billing import issue_for
from tests.api.helpers import bearer, make_token


@pytest.mark.django_db
def test_the_list_and_the_pdf_of_the_members_invoices(world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    invoice = issue_for(world, amount="480.00")
    issue_for(world, world.other_adherent)
    rows = bearer(secret).get(reverse("api:invoice-list")).json()["results"]
    assert [r["number"] for r in rows] == [invoice.number]
    assert (rows[0]["total"], rows[0]["balance"]) == ("480.00", "480.00")
    assert rows[0]["status"] in ("to_pay", "overdue")
    pdf = bearer(secret).get(rows[0]["pdf"], headers={"Accept": "application/pdf"})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_a_refused_pdf_is_a_json_problem_even_when_a_pdf_was_asked(world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    other = issue_for(world, world.other_adherent)
    response = bearer(secret).get(
        reverse("api:invoice-pdf", args=[other.pk]),
        {"format": "pdf"},
        headers={"Accept": "application/pdf"},
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Introuvable"
