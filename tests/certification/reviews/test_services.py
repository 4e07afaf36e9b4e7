import datetime
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from certification.errors import CertificationError
from certification.models import ManagementReview
from certification.reviews import services, tasks
from tests import documents
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
    assert review.pdf.name.startswith("certification/management_review/")
    assert documents.read(review.pdf, review.sha256).startswith(b"%PDF")
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
    assert response.getvalue().startswith(b"%PDF")


@pytest.mark.django_db
def test_a_nurse_cannot_hold_the_review(quality):
    with pytest.raises(PermissionDenied):
        services.hold_review(
            actor=ctx_of(quality.actors["nurse"]),
            year=2025,
            held_on=datetime.date(2025, 12, 1),
            decisions="x",
        )


def _held_review(quality) -> ManagementReview:
    review = ManagementReview.objects.create(
        center=quality.center,
        year=2025,
        held_on=datetime.date(2025, 12, 1),
        decisions="Poursuivre.",
        held_by=quality.actors["direction"],
    )
    services.store_pdf(review=review, content=b"%PDF-1.4 revue figee")
    review.refresh_from_db()
    return review


@pytest.mark.django_db
def test_the_frozen_review_pdf_is_never_overwritten(quality):
    review = _held_review(quality)
    frozen = (review.pdf.name, review.sha256)
    services.store_pdf(review=review, content=b"%PDF-1.4 autre")  # a second run: nothing
    tasks.render_review_pdf(review.pk)  # the task, delivered again: nothing either
    review.refresh_from_db()
    assert (review.pdf.name, review.sha256) == frozen
    other = documents.fields(b"%PDF-1.4 autre", "pdf", "sha256")
    for changes in (other, {"pdf": other["pdf"]}, {"sha256": other["sha256"]}, {"pdf": ""}):
        with pytest.raises(DatabaseError, match="Cannot update"), transaction.atomic():
            ManagementReview.objects.filter(pk=review.pk).update(**changes)
    ManagementReview.objects.filter(pk=review.pk).update(decisions="Texte corrigé.")
    review.refresh_from_db()
    assert (review.pdf.name, review.sha256) == frozen
    assert documents.read(review.pdf, review.sha256) == b"%PDF-1.4 revue figee"


@pytest.mark.django_db
def test_a_review_pdf_altered_on_disk_is_refused_at_download(quality, caplog):
    review = _held_review(quality)
    client = login(Client(), quality.actors["quality"])
    url = reverse("backoffice:certification:review-pdf", args=[review.pk])
    assert client.get(url).getvalue() == b"%PDF-1.4 revue figee"
    path = Path(settings.STORAGES["documents"]["OPTIONS"]["location"]) / review.pdf.name
    path.write_bytes(b"%PDF-1.4 revue retouchee")
    with caplog.at_level(logging.ERROR, logger="spsti.documents_storage"):
        refused = client.get(url)
    assert refused.status_code == 500
    assert "ne correspond plus à l'empreinte" in refused.content.decode()
    assert f"document altéré : {review.pdf.name}" in caplog.text
