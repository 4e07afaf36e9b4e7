"""Progress of the real import is visible to the page while its transaction is still open."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from adherents.imports.services import _Progress
from adherents.models import ImportJob
from tests import documents
from tests.accounts.factories import HealthCenterFactory, StaffUserFactory


def _read_elsewhere(job_id: int) -> int:
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT processed_rows FROM adherents_importjob WHERE id = %s", [job_id])
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_progress_is_committed_apart_from_the_import_transaction():
    job = ImportJob.objects.create(
        kind="adherents",
        center=HealthCenterFactory(),
        filename="a.csv",
        **documents.fields(b"x", "content", "content_sha256", extension="csv"),
        dry_run=False,
        total_rows=400,
        created_by=StaffUserFactory(),
    )
    progress = _Progress(job.pk)
    try:
        with transaction.atomic():
            progress(200)
            assert _read_elsewhere(job.pk) == 200  # seen by the page's request at once
            transaction.set_rollback(True)  # the import fails: its rows go, the count stays
        progress(400)  # outside a transaction: the ordinary connection
    finally:
        progress.close()
    assert _read_elsewhere(job.pk) == 400
