"""`make bench`'s load test and peak-memory measures, run small (no timing asserted): a live
gunicorn with the production settings on the test database, the real login form, 2 s of load
at 1 then 2 sessions."""

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
    results = load.measure(
        _database_url(), os.environ["REDIS_URL"], levels=(1, 2), duration_s=2, workers=2, rounds=1
    )
    for result in results:
        load.report_level(result)
    load.report_capacity(results)
    assert [r.clients for r in results] == [1, 2]  # both members of the world have workers
    for result in results:
        assert result.errors == []
        assert result.requests > 0
        assert len(result.single_ms) == len(load.PAGES)  # one pass after the warm-up
    out = capsys.readouterr().out
    assert "2 session(s), 2 workers" in out
    assert "p95 / p95 seul" in out
    assert "erreurs 0" in out
    assert "charge : cible p95 ≤ 3 fois la requête seule, zéro erreur : " in out
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
    assert "mémoire : import de salariés (réel)" in out  # rolled back: nothing left
    assert "0 refusées" in out
    assert "mesuré sur 40 lignes" in out
    assert Worker.objects.count() == workers_before


def _level(clients: int, single: list[float], latencies: list[float], errors=()) -> load.LoadResult:
    return load.LoadResult(clients, 2, 1.0, single, latencies, list(errors))


def test_the_ratio_compares_the_p95_under_load_with_the_p95_of_the_same_pages_alone():
    alone = [10.0] * 90 + [40.0] * 10  # a heavy page among light ones: p95 alone is 40
    level = _level(4, alone, [20.0] * 90 + [100.0] * 10)
    assert level.ratio == 2.5
    assert level.ratio_to_median == 10.0  # the former figure: the heavy page counts as slowness
    assert level.met
    assert not _level(4, alone, [20.0] * 90 + [130.0] * 10).met
    assert not _level(4, alone, [20.0] * 100, errors=["/ : statut 500"]).met


def test_the_capacity_is_the_largest_level_that_meets_the_goal(capsys):
    alone = [10.0] * 20
    load.report_capacity(
        [
            _level(1, alone, [11.0] * 20),
            _level(2, alone, [25.0] * 20),
            _level(4, alone, [60.0] * 20),
        ]
    )
    assert "tenue jusqu'à 2 session(s) simultanée(s)" in capsys.readouterr().out
    load.report_capacity([_level(1, alone, [40.0] * 20)])
    assert "tenue à aucun niveau" in capsys.readouterr().out
