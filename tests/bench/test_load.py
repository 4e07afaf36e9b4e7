"""`make bench`'s load test and peak-memory measures, run small (no timing asserted): a live
gunicorn with the production settings on the test database, the real login form, 3 s of load."""

import os

import pytest
from django.db import connection

from bench import load, memory
from spsti import devservices
from suivi_sante.models import Worker
from tests.suivi_sante.factories import WorkerFactory


def _database_url() -> str:
    """The test database, for the processes the bench starts (they read committed rows)."""
    return devservices.with_database(os.environ["DATABASE_URL"], connection.settings_dict["NAME"])


@pytest.mark.django_db(transaction=True)
def test_the_load_test_logs_portal_users_in_and_reports_without_errors(world, capsys):
    WorkerFactory(adherent=world.adherent)
    result = load.measure(
        _database_url(), os.environ["REDIS_URL"], clients=2, duration_s=3, workers=2, rounds=1
    )
    load.report(result)
    assert result.clients == 2  # both members of the world have workers
    assert result.errors == []
    assert result.requests > 0
    out = capsys.readouterr().out
    assert "sessions adhérent" in out
    assert "p95" in out
    assert "erreurs 0" in out
    load.portal_users(2)  # created once: a second run reuses them
    from accounts.models import User

    assert User.objects.filter(email__endswith="@banc.invalid").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_memory_measures_run_in_their_own_process_and_leave_nothing(world, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", _database_url())
    workers_before = Worker.objects.count()
    memory.run(sample=50, rows=40)
    out = capsys.readouterr().out
    assert "mémoire : processus de recalcul" in out
    assert "mémoire : import de salariés (simulation)" in out
    assert "0 refusées" in out
    assert "mesuré sur 40 lignes" in out
    assert Worker.objects.count() == workers_before
