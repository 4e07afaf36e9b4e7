import datetime
import hashlib
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.test import Client
from django.urls import reverse

from certification.documents import services
from certification.errors import CertificationError
from certification.models import DocumentVersion
from tests import documents
from tests.certification.helpers import ctx_of
from tests.conftest import login


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
    # In the documents storage under a fresh name, never in the row.
    assert re.fullmatch(r"certification/document/\d{4}/[0-9a-f]{32}\.txt", first.content.name)
    assert documents.read(first.content, first.sha256) == b"version 1"
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
    assert documents.read(first.content, first.sha256) == b"version 1"  # never overwritten


@pytest.mark.django_db
def test_an_empty_file_is_refused(quality):
    actor = ctx_of(quality.actors["quality"])
    document = services.create_document(
        actor=actor, reference="R1", title="T", kind="record", owner=quality.actors["quality"]
    )
    with pytest.raises(CertificationError, match="vide"):
        services.add_version(actor=actor, document=document, upload=SimpleUploadedFile("e", b""))


def _version(quality, content: bytes = b"%PDF-1.4 procedure") -> DocumentVersion:
    actor = ctx_of(quality.actors["quality"])
    document = services.create_document(
        actor=actor, reference="PR-01", title="T", kind="procedure", owner=quality.actors["quality"]
    )
    return services.add_version(
        actor=actor,
        document=document,
        upload=SimpleUploadedFile("pr-01.pdf", content, content_type="application/pdf"),
    )


def _on_disk(name: str) -> Path:
    return Path(settings.STORAGES["documents"]["OPTIONS"]["location"]) / name


@pytest.mark.django_db
def test_a_version_altered_on_disk_is_refused_at_download(quality, caplog):
    version = _version(quality)
    client = login(Client(), quality.actors["quality"])
    url = reverse("backoffice:certification:document-version-file", args=[version.pk])
    good = client.get(url)
    assert good.status_code == 200
    assert good.getvalue() == b"%PDF-1.4 procedure"
    assert good["Content-Disposition"] == 'attachment; filename="pr-01.pdf"'
    assert good["Cache-Control"] == "private, no-store"
    _on_disk(version.content.name).write_bytes(b"%PDF-1.4 procedure modifiee")
    with caplog.at_level(logging.ERROR, logger="spsti.documents_storage"):
        refused = client.get(url)
    assert refused.status_code == 500
    assert "ne correspond plus à l'empreinte" in refused.content.decode()
    assert f"document altéré : {version.content.name}" in caplog.text


@pytest.mark.django_db
def test_a_version_file_is_never_replaced(quality):
    version = _version(quality)
    other = documents.fields(b"autre", "content", "sha256")
    for changes in (other, {"content": other["content"]}, {"sha256": other["sha256"]}):
        with pytest.raises(DatabaseError, match="Cannot update"), transaction.atomic():
            DocumentVersion.objects.filter(pk=version.pk).update(**changes)
    with pytest.raises(DatabaseError, match="document_version_has_file"), transaction.atomic():
        DocumentVersion.objects.create(
            document=version.document, number=2, filename="x.pdf", uploaded_by=version.uploaded_by
        )
    version.refresh_from_db()
    assert documents.read(version.content, version.sha256) == b"%PDF-1.4 procedure"
