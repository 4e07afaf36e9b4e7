import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from certification.errors import CertificationError
from certification.reviews import services
from tests.certification.factories import NonConformityFactory
from tests.certification.helpers import ctx_of
from tests.conftest import login
from tests.matrix_adherents.events import complaint_for


@pytest.mark.django_db
def test_the_direction_holds_the_review_with_gathered_inputs_and_a_pdf(
    quality, django_capture_on_commit_callbacks
):
    NonConformityFactory(center=quality.center, severity="major")
    complaint_for(quality, received_on=datetime.date(2025, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        review = services.hold_review(
            actor=ctx_of(quality.actors["direction"]),
            year=2025,
            held_on=datetime.date(2025, 12, 1),
            decisions="Former les secrétariats aux délais de prévenance.",
        )
    review.refresh_from_db()
    assert review.inputs["nonconformities"]["major"] == 1
    assert review.inputs["complaints"]["total"] == 1
    assert review.inputs["satisfaction"] == {"sent": 0, "answered": 0, "average": None}
    assert bytes(review.pdf).startswith(b"%PDF")
    assert len(review.sha256) == 64
    with pytest.raises(CertificationError, match="déjà"):
        services.hold_review(
            actor=ctx_of(quality.actors["direction"]),
            year=2025,
            held_on=datetime.date(2025, 12, 1),
            decisions="x",
        )
    response = login(Client(), quality.actors["quality"]).get(
        reverse("backoffice:certification:review-pdf", args=[review.pk])
    )
    assert response.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_a_nurse_cannot_hold_the_review(quality):
    with pytest.raises(PermissionDenied):
        services.hold_review(
            actor=ctx_of(quality.actors["nurse"]),
            year=2025,
            held_on=datetime.date(2025, 12, 1),
            decisions="x",
        )
