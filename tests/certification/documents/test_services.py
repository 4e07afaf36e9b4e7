import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from certification.documents import services
from certification.errors import CertificationError
from tests.certification.helpers import ctx_of


@pytest.mark.django_db
def test_a_document_version_goes_draft_review_approved_and_the_old_one_obsolete(
    quality, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 1, 31, 9, 0, tzinfo=datetime.UTC))
    actor = ctx_of(quality.actors["quality"])
    document = services.create_document(
        actor=actor,
        reference="PR-SIS-01",
        title="Convocation des salariés",
        kind="procedure",
        owner=quality.actors["secretary"],
        review_every_months=1,
    )
    first = services.add_version(
        actor=actor, document=document, upload=SimpleUploadedFile("v1.txt", b"version 1")
    )
    assert first.sha256 == hashlib.sha256(b"version 1").hexdigest()
    with pytest.raises(CertificationError, match="Passage impossible"):
        services.move_version(actor=actor, version=first, target="approved")
    with pytest.raises(CertificationError, match="déjà en cours"):
        services.add_version(
            actor=actor, document=document, upload=SimpleUploadedFile("v2.txt", b"v2")
        )
    services.move_version(actor=actor, version=first, target="review")
    services.move_version(actor=actor, version=first, target="approved")
    document.refresh_from_db()
    assert document.review_due_on == datetime.date(2026, 2, 28)
    second = services.add_version(
        actor=actor, document=document, upload=SimpleUploadedFile("v2.txt", b"version 2")
    )
    assert second.number == 2
    services.move_version(actor=actor, version=second, target="review")
    services.move_version(actor=actor, version=second, target="approved")
    first.refresh_from_db()
    assert first.status == "obsolete"
    assert bytes(first.content) == b"version 1"  # never overwritten


@pytest.mark.django_db
def test_an_empty_file_is_refused(quality):
    actor = ctx_of(quality.actors["quality"])
    document = services.create_document(
        actor=actor, reference="R1", title="T", kind="record", owner=quality.actors["quality"]
    )
    with pytest.raises(CertificationError, match="vide"):
        services.add_version(actor=actor, document=document, upload=SimpleUploadedFile("e", b""))
