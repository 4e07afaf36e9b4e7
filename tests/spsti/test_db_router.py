"""The dashboards' read replica (spsti/db_router.py): the router's decisions, then a real process
whose settings read DATABASE_REPLICA_URL (pointing at the test database itself, standing for a
replica) and whose queries land on the alias the router says."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from django.apps import apps
from django.db import connection

from spsti import devservices
from spsti.db_router import DEFAULT, REPLICA, DashboardReplicaRouter, reporting_alias

ROOT = Path(__file__).resolve().parents[2]
WITH_REPLICA = {DEFAULT: {}, REPLICA: {}}
WITHOUT = {DEFAULT: {}}
FACT = apps.get_model("dashboards", "Fact")
FACT_RUN = apps.get_model("dashboards", "FactRun")
OTHERS = [
    apps.get_model("adherents", "Adherent"),
    apps.get_model("dashboards", "MonthlyReport"),
    apps.get_model("suivi_sante", "Worker"),
]


def test_with_a_replica_the_facts_are_read_there_and_everything_written_on_default():
    router = DashboardReplicaRouter(WITH_REPLICA)
    for model in (FACT, FACT_RUN):
        assert router.db_for_read(model) == REPLICA
        assert router.db_for_write(model) == DEFAULT
    for model in OTHERS:
        assert router.db_for_read(model) is None  # Django's default: "default"
        assert router.db_for_write(model) == DEFAULT


def test_without_a_replica_everything_stays_on_default():
    router = DashboardReplicaRouter(WITHOUT)
    for model in (FACT, FACT_RUN, *OTHERS):
        assert router.db_for_read(model) is None
        assert router.db_for_write(model) == DEFAULT
    assert reporting_alias() == DEFAULT  # the test settings name no replica


def test_migrations_run_on_default_only():
    router = DashboardReplicaRouter(WITH_REPLICA)
    assert router.allow_migrate(DEFAULT, "dashboards", "fact") is True
    assert router.allow_migrate(REPLICA, "dashboards", "fact") is False
    assert router.allow_migrate(REPLICA, "adherents") is False


def test_objects_read_on_the_replica_relate_to_those_of_default():
    router = DashboardReplicaRouter(WITH_REPLICA)
    on_replica, on_default, elsewhere = FACT(), FACT_RUN(), FACT()
    on_replica._state.db, on_default._state.db, elsewhere._state.db = REPLICA, DEFAULT, "other"
    assert router.allow_relation(on_replica, on_default) is True
    assert router.allow_relation(on_replica, elsewhere) is None


SCRIPT = textwrap.dedent(
    """
    import datetime, json
    import django
    django.setup()
    from django.db import connections, transaction
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from adherents.models import Adherent
    from dashboards.facts import selectors
    from dashboards.facts.models import Fact, FactRun
    from spsti import health
    from spsti.db_router import reporting_alias

    with CaptureQueriesContext(connections["replica"]) as replica, CaptureQueriesContext(
        connections["default"]
    ) as default:
        list(Fact.objects.all()[:1])
        selectors.last_run()
        list(Adherent.objects.all()[:1])
        with transaction.atomic():
            month = datetime.date(2026, 1, 1)
            FactRun.objects.create(started_at=timezone.now(), first_month=month, last_month=month)
            transaction.set_rollback(True)
    print(json.dumps({
        "alias": reporting_alias(),
        "health": health.run_checks(heartbeats=True)[1]["checks"],
        "web_health": health.run_checks(heartbeats=False)[1]["checks"],
        "replica": [q["sql"] for q in replica.captured_queries],
        "default": [q["sql"] for q in default.captured_queries],
    }))
    """
)


def test_a_process_with_database_replica_url_reads_the_facts_on_the_replica(db):
    database = devservices.with_database(
        os.environ["DATABASE_URL"], connection.settings_dict["NAME"]
    )
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": database,
        "DATABASE_REPLICA_URL": database,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter, a fixed script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["alias"] == REPLICA
    assert seen["health"]["replica"] == {"status": "ok"}  # /health/ checks it, /health/web/ not
    assert "replica" not in seen["web_health"]
    reads = " ".join(seen["replica"])
    assert '"dashboards_fact"' in reads
    assert '"dashboards_factrun"' in reads
    assert not any(sql.lstrip().upper().startswith("INSERT") for sql in seen["replica"])
    writes = [sql for sql in seen["default"] if "INSERT" in sql.upper()]
    assert writes
    assert '"dashboards_factrun"' in writes[0]
    assert any('"adherents_adherent"' in sql for sql in seen["default"])
    assert not any('"adherents_adherent"' in sql for sql in seen["replica"])
