"""The DUERP's published versions through the API: the list and the PDF of a version."""

import pytest
from django.urls import reverse

from api.enums import ApiScope
from tests.api.helpers import bearer, make_token
from tests.matrix_prevention.duerp import _version


@pytest.mark.django_db
def test_the_versions_and_a_pdf(world):
    _, secret = make_token(
        world.actors["portal_admin"], world.adherent, scopes=[ApiScope.DUERP_READ]
    )
    version = _version(world)
    rows = bearer(secret).get(reverse("api:duerp-version-list")).json()["results"]
    assert [(r["id"], r["number"], r["sha256"]) for r in rows] == [
        (version.pk, version.number, version.sha256)
    ]
    pdf = bearer(secret).get(rows[0]["pdf"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_without_the_duerp_scope_a_403(world):
    _, secret = make_token(
        world.actors["portal_admin"], world.adherent, scopes=[ApiScope.WORKERS_READ]
    )
    assert bearer(secret).get(reverse("api:duerp-version-list")).status_code == 403
