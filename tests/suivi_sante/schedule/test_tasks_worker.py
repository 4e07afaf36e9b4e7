"""The nightly recomputation through a real Celery worker process, on its own queue.

Same pattern as tests/test_runtime.py: a worker started on a queue of its own, so that a
`make run` worker never steals the messages; here it connects to this test's database.
"""

import os
import time

import pytest
from django.db import connection

from spsti import devservices
from suivi_sante.models import DueVisit, Worker
from suivi_sante.schedule import tasks
from tests.suivi_sante.factories import EmploymentFactory
from tests.workers import celery_worker


@pytest.fixture
def worker_queue():
    """A Celery worker process on a fresh queue, reading and writing the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": devservices.with_database(
            os.environ["DATABASE_URL"], connection.settings_dict["NAME"]
        ),
        "CONN_MAX_AGE": "0",  # nothing left open when pytest-django flushes the tables
    }
    with celery_worker(env=env, concurrency=2) as queue:
        yield queue


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_nightly_recompute_fans_out_its_chunks_to_a_real_worker(worker_queue):
    workers = [EmploymentFactory().worker for _ in range(5)]

    result = tasks.recompute_due_visits.apply_async(kwargs={"size": 2}, queue=worker_queue)

    assert result.get(timeout=90) == 3  # 5 stale workers in chunks of 2: 3 chunk tasks
    deadline = time.monotonic() + 90
    while Worker.objects.filter(schedule_stale=True).exists():
        assert time.monotonic() < deadline, "the chunks were not all recomputed"
        time.sleep(0.5)
    for worker in workers:
        assert DueVisit.objects.filter(worker=worker, kind="VIP").exists()
