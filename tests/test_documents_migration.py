"""The migrations that move documents out of the database, run on real rows (issue 12, item 5).

Rows of all nine documents are built at the current state (files in the storage). The database is
migrated back to before the move: each file comes back into its BinaryField, hash checked. The
storage is then emptied and the database migrated forward again: every document must be written
back to the storage from its bytes, under a new name of the convention, with the same SHA-256,
its protected rows (invoices, attestations, FE) rewritten only by the migration. A row whose
stored hash no longer matches its bytes stops the forward migration.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pgtrigger
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from adherents.models import ImportJob, Invoice, MembershipApplication
from prevention.models import (
    ActionDocument,
    ChemicalProduct,
    FichePhoto,
    FicheVersion,
    PreventionVisit,
)
from spsti import documents_storage
from suivi_sante.models import FollowUpDocument
from tests import documents
from tests.adherents.factories_billing import issue_for
from tests.matrix_adherents.imports import job_of
from tests.matrix_adherents.joining import _validated
from tests.matrix_prevention.actions import document_for, product_for
from tests.matrix_prevention.fiche import photo, sent
from tests.matrix_prevention.fiche import visit as fiche_visit
from tests.matrix_suivi.dmst import stored_document

BEFORE = [
    ("adherents", "0008_joining_link_lifetime_and_verified_email"),
    ("prevention", "0003_fe_version_insert_guard"),
    ("suivi_sante", "0011_confidential_visits_and_worker_contact"),
]
NAME = re.compile(r"^(adherents|prevention|suivi_sante)/[a-z_]+/20\d\d/[0-9a-f]{32}\.[a-z]+$")


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return [
        key
        for key in executor.loader.graph.leaf_nodes()
        if key[0] in {"adherents", "prevention", "suivi_sante"}
    ]


def _rows(world) -> list[tuple]:
    """(model, pk, file field, hash field): one real row of each of the nine documents."""
    return [
        (Invoice, issue_for(world).pk, "pdf", "pdf_sha256"),
        (MembershipApplication, _validated(world)[0], "letter_pdf", "letter_sha256"),
        (ImportJob, job_of(world).pk, "content", "content_sha256"),
        (FollowUpDocument, stored_document(world).pk, "pdf", "sha256"),
        (PreventionVisit, fiche_visit(world, letter=True).pk, "letter_pdf", "letter_sha256"),
        (FicheVersion, sent(world).pk, "pdf", "sha256"),
        (FichePhoto, photo(world).pk, "content", "sha256"),
        (ChemicalProduct, product_for(world).pk, "sds_content", "sds_sha256"),
        (ActionDocument, document_for(world).pk, "content", "sha256"),
    ]


def _bytes_column(model, pk: int, column: str) -> bytes | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s",  # noqa: S608
            [pk],
        )
        value = cursor.fetchone()[0]
    return bytes(value) if value is not None else None


@pytest.mark.django_db(transaction=True)
def test_the_documents_go_back_into_the_database_and_out_again_with_their_hashes(world, settings):
    rows = _rows(world)
    before = {}
    for model, pk, file, sha in rows:
        row = model.objects.get(pk=pk)
        before[model] = (getattr(row, file).name, getattr(row, sha))
        before[model] += (documents.read(getattr(row, file), getattr(row, sha)),)
        assert NAME.match(before[model][0]) or before[model][0].startswith("tests/")
    latest = _latest()
    try:
        _migrate(BEFORE)
        for model, pk, file, _ in rows:  # back in the database, byte for byte
            assert _bytes_column(model, pk, file) == before[model][2], model

        # An altered row stops the move: nothing is half-written.
        with connection.cursor() as cursor, pgtrigger.ignore("adherents.Invoice:invoice_no_update"):
            cursor.execute(
                "UPDATE adherents_invoice SET pdf_sha256 = repeat('0', 64) WHERE id = %s",
                [rows[0][1]],
            )
        with pytest.raises(documents_storage.DocumentIntegrityError, match="migration arrêtée"):
            _migrate(latest)
        with connection.cursor() as cursor, pgtrigger.ignore("adherents.Invoice:invoice_no_update"):
            cursor.execute(
                "UPDATE adherents_invoice SET pdf_sha256 = %s WHERE id = %s",
                [before[Invoice][1], rows[0][1]],
            )

        # The storage is emptied: forward, every file is written again from the bytes.
        shutil.rmtree(settings.STORAGES["documents"]["OPTIONS"]["location"], ignore_errors=True)
        _migrate(latest)
    except BaseException:
        _migrate(latest)  # leave the test database as the other tests expect it
        raise

    root = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])
    for model, pk, file, sha in rows:
        row = model.objects.get(pk=pk)
        name, digest = getattr(row, file).name, getattr(row, sha)
        assert NAME.match(name), name
        assert name != before[model][0]
        assert digest == before[model][1]
        assert (root / name).read_bytes() == before[model][2]
        assert documents.read(getattr(row, file), digest) == before[model][2]
