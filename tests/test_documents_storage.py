"""The documents storage (spsti/documents_storage.py): unique names never overwritten, the
SHA-256 checked on every read and download, a temporary folder under tests, S3 when configured."""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import reverse

from adherents.imports import services as imports
from adherents.models import ImportJob
from spsti import documents_storage
from spsti.documents_storage import DocumentIntegrityError
from tests import documents
from tests.adherents.factories_billing import issue_for
from tests.matrix_prevention.fiche import photo
from tests.matrix_suivi.dmst import stored_document

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^adherents/invoice/\d{4}/[0-9a-f]{32}\.pdf$")


def _path(name: str) -> Path:
    return Path(django_settings.STORAGES["documents"]["OPTIONS"]["location"]) / name


def test_a_document_is_written_once_under_a_fresh_name_with_its_hash(settings, tmp_path):
    first = documents_storage.store(b"%PDF-1 a", app="adherents", kind="invoice", extension="PDF")
    second = documents_storage.store(b"%PDF-1 a", app="adherents", kind="invoice", extension="pdf")
    assert NAME.match(first.name)
    assert NAME.match(second.name)
    assert first.name != second.name  # same bytes, two documents, two files
    assert first.sha256 == second.sha256 == documents_storage.sha256_of(b"%PDF-1 a")
    # Under this test's temporary folder, never the developer's .data/.
    assert _path(first.name).is_relative_to(tmp_path)
    assert not _path(first.name).is_relative_to(ROOT / ".data")
    assert os.environ["SPSTI_DOCUMENTS_ROOT"].startswith(str(tmp_path))
    assert documents_storage.read(first.name, first.sha256) == b"%PDF-1 a"


def test_a_name_already_taken_is_refused_never_overwritten():
    stored = documents_storage.store(b"original", app="tests", kind="doc", extension="pdf")
    storage = documents_storage.documents_storage()
    with pytest.raises(FileExistsError):
        storage.save(stored.name, ContentFile(b"replacement"))
    assert documents_storage.read(stored.name, stored.sha256) == b"original"


def test_bytes_that_do_not_match_the_hash_given_are_not_stored():
    with pytest.raises(DocumentIntegrityError, match="ne correspond pas"):
        documents_storage.store(b"abc", app="tests", kind="doc", extension="pdf", sha256="0" * 64)


def test_a_file_altered_or_lost_in_the_storage_is_refused_and_logged(caplog):
    stored = documents_storage.store(b"%PDF-1 vrai", app="tests", kind="doc", extension="pdf")
    _path(stored.name).write_bytes(b"%PDF-1 faux")  # someone edits the file on disk
    with (
        caplog.at_level(logging.ERROR, logger="spsti.documents_storage"),
        pytest.raises(DocumentIntegrityError, match="ne correspond plus"),
    ):
        documents_storage.read(stored.name, stored.sha256)
    assert f"document altéré : {stored.name}" in caplog.text
    _path(stored.name).unlink()
    with pytest.raises(DocumentIntegrityError, match="absent du stockage"):
        documents_storage.read(stored.name, stored.sha256)
    with pytest.raises(DocumentIntegrityError, match="aucune empreinte"):
        documents_storage.read(stored.name, "")


@pytest.mark.django_db
def test_a_corrupted_invoice_is_not_downloaded_by_the_member_nor_the_staff(
    world, client_for, caplog
):
    invoice = issue_for(world)
    good = client_for("portal_admin").get(
        reverse("portal:adherents:billing-invoice-pdf", args=[invoice.pk])
    )
    assert good.status_code == 200
    assert good["Content-Type"] == "application/pdf"
    assert good["Content-Disposition"] == f'attachment; filename="{invoice.number}.pdf"'
    assert good.getvalue() == documents.read(invoice.pdf, invoice.pdf_sha256)

    path = _path(invoice.pdf.name)
    path.write_bytes(path.read_bytes() + b"%% ajout")  # the file is altered on disk
    with caplog.at_level(logging.ERROR, logger="spsti.documents_storage"):
        for client, url in (
            (client_for("portal_admin"), "portal:adherents:billing-invoice-pdf"),
            (client_for("billing"), "backoffice:adherents:billing-invoice-pdf"),
        ):
            refused = client.get(reverse(url, args=[invoice.pk]))
            assert refused.status_code == 500
            assert refused["Content-Type"].startswith("text/html")
            assert "ne correspond plus à l'empreinte" in refused.content.decode()
    assert caplog.text.count(f"document altéré : {invoice.pdf.name}") == 2


@pytest.mark.django_db
def test_an_attestation_whose_file_is_lost_is_refused_in_french(world, client_for):
    document = stored_document(world)
    _path(document.pdf.name).unlink()
    refused = client_for("portal_admin").get(
        reverse("portal:suivi_sante:document-pdf", args=[document.pk])
    )
    assert refused.status_code == 500
    assert "Document indisponible" in refused.content.decode()


@pytest.mark.django_db
def test_a_photo_is_shown_inline_from_the_storage_with_its_type(world, client_for):
    row = photo(world)
    shown = client_for("prevention_assistant").get(
        reverse("backoffice:prevention:fiche-photo", args=[row.pk])
    )
    assert shown.status_code == 200
    assert (shown["Content-Type"], shown["Cache-Control"]) == ("image/png", "private, max-age=3600")
    assert shown["Content-Disposition"].startswith("inline")
    assert shown.getvalue() == documents.read(row.content, row.sha256)


@pytest.mark.django_db
def test_the_purge_keeps_a_file_that_a_confirmed_import_still_needs(
    world, django_capture_on_commit_callbacks
):
    stored = documents.fields(b"siren\r\n", "content", "content_sha256", extension="csv")
    now = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)

    def job(finished_at) -> ImportJob:
        return ImportJob.objects.create(
            kind="adherents",
            center=world.center,
            filename="a.csv",
            created_by=world.actors["member_service"],
            finished_at=finished_at,
            **stored,
        )

    old_dry_run = job(now - datetime.timedelta(days=40))
    recent_real_run = job(now - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert imports.purge_files(today=now) == 1
    old_dry_run.refresh_from_db()
    assert old_dry_run.content.name == ""
    assert documents.read(recent_real_run.content, recent_real_run.content_sha256) == b"siren\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        assert imports.purge_files(today=now + datetime.timedelta(days=40)) == 1
    assert not _path(stored["content"]).exists()


def test_production_settings_put_the_documents_in_an_s3_bucket_when_configured(tmp_path):
    """django-storages' S3Storage with our options, read from the environment (no network)."""
    script = (
        "import django, json; django.setup(); "
        "from django.core.files.storage import storages; s = storages['documents']; "
        "print(json.dumps([type(s).__module__ + '.' + type(s).__name__, s.bucket_name, "
        "s.endpoint_url, s.location, s.file_overwrite, s.default_acl, s.querystring_auth]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "spsti.settings",
        "DEBUG": "true",
        "SPSTI_S3_BUCKET": "spsti-documents",
        "SPSTI_S3_ENDPOINT_URL": "https://s3.example.fr",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",  # noqa: S105 - a placeholder, never used
    }
    output = subprocess.run(  # noqa: S603 - our own interpreter, fixed script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert json.loads(output.strip().splitlines()[-1]) == [
        "storages.backends.s3.S3Storage",
        "spsti-documents",
        "https://s3.example.fr",
        "documents",
        False,
        "private",
        True,
    ]
