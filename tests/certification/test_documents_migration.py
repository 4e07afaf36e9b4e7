"""certification 0003 moves the quality documents out of the database, reversibly: back to 0002
every file returns into its BinaryField (hash checked); forward again, with the storage emptied,
every one is written from its bytes under a fresh name with the same SHA-256."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certification.models import DocumentVersion, ManagementReview, ReferentialImport
from tests import documents
from tests.matrix_certification.quality import checked_job, review_for, version_for

NAME = re.compile(r"^certification/[a-z_]+/20\d\d/[0-9a-f]{32}\.[a-z]+$")


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _bytes_column(model, pk: int, column: str) -> bytes | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
        value = cursor.fetchone()[0]
    return bytes(value) if value is not None else None


@pytest.mark.django_db(transaction=True)
def test_the_quality_documents_go_back_into_the_database_and_out_again(world, settings):
    rows = [
        (DocumentVersion, version_for(world).pk, "content", "sha256"),
        (ReferentialImport, checked_job(world).pk, "content", "content_sha256"),
        (ManagementReview, review_for(world).pk, "pdf", "sha256"),
    ]
    not_rendered = ManagementReview.objects.create(
        center=world.center,
        year=2024,
        held_on=datetime.date(2025, 1, 15),
        decisions="PDF pas encore produit.",
        held_by=world.actors["physician"],
    )
    before = {}
    for model, pk, file, sha in rows:
        row = model.objects.get(pk=pk)
        name, digest = getattr(row, file).name, getattr(row, sha)
        before[model] = (name, digest, documents.read(getattr(row, file), digest))
    executor = MigrationExecutor(connection)
    latest = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "certification"]
    try:
        _migrate([("certification", "0002_default_skeleton")])
        for model, pk, file, _ in rows:
            assert _bytes_column(model, pk, file) == before[model][2], model
        assert _bytes_column(ManagementReview, not_rendered.pk, "pdf") is None
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
        assert digest == before[model][1]
        assert (root / name).read_bytes() == before[model][2]
    not_rendered.refresh_from_db()
    assert (not_rendered.pdf.name, not_rendered.sha256) == ("", "")
