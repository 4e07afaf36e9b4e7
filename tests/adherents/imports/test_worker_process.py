"""The import task in a real Celery worker process (not eager), on a queue of its own."""

import os

import pytest
from django.db import connection

from accounts.enums import StaffRole
from adherents.imports.tasks import run_import_job
from adherents.models import Adherent, ImportJob, ImportStatus
from spsti import devservices
from tests import documents
from tests.accounts.factories import StaffAssignmentFactory, TeamFactory
from tests.adherents.factories_imports import ADHERENT_HEADER, csv_file, new_siren
from tests.workers import celery_worker


@pytest.fixture
def worker_queue(settings):
    env = {
        **os.environ,
        "DATABASE_URL": devservices.with_database(
            os.environ["DATABASE_URL"], connection.settings_dict["NAME"]
        ),
        "CONN_MAX_AGE": "0",
        # the test's documents folder (tests/conftest.py), where the worker reads the file
        "SPSTI_DOCUMENTS_ROOT": settings.STORAGES["documents"]["OPTIONS"][
            "location"
        ],  # nothing left open when pytest-django flushes the tables
    }
    with celery_worker(env=env) as queue:
        yield queue


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_dry_run_and_the_import_run_in_a_worker_process(worker_queue):
    team = TeamFactory()
    agent = StaffAssignmentFactory(
        center=team.center, team=team, role=StaffRole.MEMBER_SERVICE
    ).user
    sirens = [new_siren() for _ in range(3)]
    content = csv_file(
        [ADHERENT_HEADER]
        + [[f"Société {s}", s, "43.21A", "", team.name, "01/02/2026"] for s in sirens]
    )

    stored = documents.fields(content, "content", "content_sha256", extension="csv")

    def job(dry_run: bool) -> ImportJob:
        return ImportJob.objects.create(
            kind="adherents",
            center=team.center,
            filename="adherents.csv",
            **stored,
            dry_run=dry_run,
            total_rows=3,
            created_by=agent,
        )

    checked = job(dry_run=True)
    result = run_import_job.apply_async(args=[checked.pk], queue=worker_queue)
    assert result.get(timeout=90) == ImportStatus.CHECKED
    checked.refresh_from_db()
    assert (checked.result["new"], checked.processed_rows) == (3, 3)
    assert not Adherent.objects.filter(siren__in=sirens).exists()

    real = job(dry_run=False)
    result = run_import_job.apply_async(args=[real.pk], queue=worker_queue)
    assert result.get(timeout=90) == ImportStatus.DONE
    real.refresh_from_db()
    assert real.status == ImportStatus.DONE
    assert real.finished_at is not None
    assert set(Adherent.objects.filter(team=team).values_list("siren", flat=True)) == set(sirens)
