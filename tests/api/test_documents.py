"""Attestations and avis through the API: the member's workers' documents and their PDF."""

import pytest
from django.urls import reverse

from tests.api.helpers import bearer, make_token
from tests.matrix_suivi.dmst import stored_document


@pytest.mark.django_db
def test_the_list_and_the_pdf_of_the_members_documents(world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    document = stored_document(world, kind="avis_aptitude")
    rows = bearer(secret).get(reverse("api:document-list")).json()["results"]
    assert [(r["id"], r["kind"]) for r in rows] == [(document.pk, "avis_aptitude")]
    assert rows[0]["worker"]["id"] == document.worker_id
    assert set(rows[0]) == {"id", "worker", "kind", "issued_at", "pdf"}  # nothing medical
    pdf = bearer(secret).get(rows[0]["pdf"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
