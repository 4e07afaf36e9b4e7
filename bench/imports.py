"""`make bench`: the member import (set-based, issue 19 item 3), dry run and real import, each
timed in turn with a bulk insert of the same members (``run``); then the worker import: its dry
run and its real import against a bulk insert of the same workers and posts (``run_workers``);
then what a history trigger costs per row, with pgtrigger's and pghistory's own helpers and with
ours (``run_history_triggers``).

A CSV of new members (valid SIRENs, real NAF codes, a team of the centre) goes through the
same path as the Celery task (``services.process``: file reading, checks by columns and in SQL,
French errors by line). The dry run writes nothing; the real import writes the members and
their history, in a transaction rolled back at the end of each round. The baseline, timed in
turn with it (``paired_median_ms``), writes the same members with one ``bulk_create`` (history
triggers included) and rolls it back: the least the database itself must do. The ratio is the
price of reading, checking and reporting by line.
"""

from __future__ import annotations

import datetime
import time

from bench.timing import paired_median_ms

MEMBER_SIZES = (1_000, 10_000)
MEMBER_ROUNDS = 5
PER = 1_000


def _siren(i: int) -> str:
    from adherents.rules.identifiers import luhn_complete

    return luhn_complete(f"{97_000_000 + i:08d}")  # outside the seeded ranges


def _csv(team_name: str, rows: int) -> bytes:
    lines = ["raison_sociale;siren;code_naf;forme_juridique;equipe;date_adhesion"]
    for i in range(rows):
        lines.append(f"Entreprise importée {i};{_siren(i)};43.21A;SARL;{team_name};02/01/2026")
    return "\n".join(lines).encode()


def run(sizes: tuple[int, ...] = MEMBER_SIZES, rounds: int = MEMBER_ROUNDS) -> list[dict]:
    """Print, for each size, the dry run and the real import (rolled back) of a file of new
    members, each timed in turn with a bulk insert of the same members (rolled back)."""
    from types import SimpleNamespace

    from django.db import transaction

    from accounts import audit
    from accounts.models import Team, User
    from adherents.imports.resources import build_resource
    from adherents.imports.services import _table_for, process
    from adherents.models import Adherent

    team = Team.objects.order_by("pk").first()
    user = User.objects.filter(is_staff=True).order_by("pk").first()
    resource = build_resource("adherents", team_ids=[team.pk], user=user)
    results = []
    for rows in sizes:
        content = _csv(team.name, rows)
        members = [
            dict(name=f"Entreprise importée {i}", siren=_siren(i), legal_form="SARL")
            for i in range(rows)
        ]

        def dry_run(content=content, rows=rows) -> None:
            summary = process(_table_for("banc.csv", content, resource), resource, dry_run=True)
            assert (summary.new, summary.error_count) == (rows, 0), summary.errors[:5]

        def real_import(content=content, rows=rows) -> None:
            with (
                audit.actor_context(SimpleNamespace(user=user), import_job=0),
                transaction.atomic(),
            ):
                table = _table_for("banc.csv", content, resource)
                summary = process(table, resource, dry_run=False)
                assert (summary.new, summary.error_count) == (rows, 0), summary.errors[:5]
                transaction.set_rollback(True)

        def bulk_insert(members=members) -> None:
            with (
                audit.actor_context(SimpleNamespace(user=user), import_job=0),
                transaction.atomic(),
            ):
                Adherent.objects.bulk_create(
                    Adherent(
                        **member, naf_code="43.21A", team=team, joined_on=datetime.date(2026, 1, 2)
                    )
                    for member in members
                )
                transaction.set_rollback(True)

        dry, bare_dry = paired_median_ms(dry_run, bulk_insert, rounds)
        real, bare_real = paired_median_ms(real_import, bulk_insert, rounds)
        assert not Adherent.objects.filter(siren=_siren(0)).exists()
        for name, full, bare in (("simulation", dry, bare_dry), ("import réel", real, bare_real)):
            print(  # noqa: T201
                f"{f'import adhérents {rows:,} lignes, {name}':<44} {full / 1000:6.2f} s "
                f"({full * PER / rows / 1000:5.2f} s / 1 000) | insertion en masse seule "
                f"{bare / 1000:6.2f} s | ratio {full / bare:5.2f}",
                flush=True,
            )
        results.append(
            {"rows": rows, "dry": dry, "bare_dry": bare_dry, "real": real, "bare_real": bare_real}
        )
    return results


WORKER_ROWS = 10_000
BULK_BATCH = 5_000


def _bulk_workers(establishment, rows: int, user) -> None:
    """The least the database must do for the file: its workers and posts, bulk inserted."""
    from suivi_sante.models import Employment, Worker

    workers = []
    for i in range(rows):
        born = datetime.date(1960 + i % 45, 1 + i % 12, 1 + i % 28)
        workers.append(
            Worker(
                adherent_id=establishment.adherent_id,
                last_name=f"Banc{i:06d}",
                first_name="Camille",
                birth_date=born,
                sex="F" if i % 2 else "M",
            )
        )
    Worker.objects.bulk_create(workers, batch_size=BULK_BATCH)
    Employment.objects.bulk_create(
        (
            Employment(
                worker_id=w.pk,
                establishment=establishment,
                job_title="Manutentionnaire",
                start_on=datetime.date(2026, 3, 2),
                declared_by=user,
            )
            for w in workers
        ),
        batch_size=BULK_BATCH,
    )


CLEAN_UP = [  # the imported workers, their posts, dues and history, once measured
    "DELETE FROM suivi_sante_duevisit WHERE worker_id = ANY(%(ids)s)",
    "DELETE FROM suivi_sante_employmentevent WHERE worker_id = ANY(%(ids)s)",
    "DELETE FROM suivi_sante_employment WHERE worker_id = ANY(%(ids)s)",
    "DELETE FROM suivi_sante_workerevent WHERE pgh_obj_id = ANY(%(ids)s)",
    "DELETE FROM suivi_sante_worker WHERE id = ANY(%(ids)s)",
]


def _clean_up(adherent_id: int) -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(id) FROM suivi_sante_worker "
            "WHERE adherent_id = %s AND last_name LIKE 'Banc%%'",
            [adherent_id],
        )
        ids = cursor.fetchone()[0] or []
        for sql in CLEAN_UP:
            cursor.execute(sql, {"ids": ids})


def run_workers(rows: int = WORKER_ROWS) -> dict:
    """Print the worker import's dry run, and its real import (file read, checks, writes and
    history, committed; then what is due, after the commit) against a bulk insert of the same
    workers and posts (rolled back). The imported rows are deleted afterwards.

    What is due runs as in production: in the import's own process (its Celery task), right
    after the commit (on_commit), by chunks of 5,000 workers; it is timed apart, and "de bout en
    bout" is the two together."""
    from django.db import transaction

    from accounts.models import User
    from adherents.imports.resources import build_resource
    from adherents.imports.services import _table_for, process
    from adherents.models import Establishment
    from bench.memory import workers_csv
    from suivi_sante.models import Worker
    from suivi_sante.schedule import services as schedule

    establishment = Establishment.objects.select_related("adherent").order_by("pk").first()
    user = User.objects.filter(is_staff=True).order_by("pk").first()
    content = workers_csv(establishment.siret, rows)
    resource = build_resource("workers", team_ids=[establishment.adherent.team_id], user=user)
    before = Worker.objects.count()

    def timed(dry_run: bool) -> float:
        start = time.perf_counter()
        summary = process(_table_for("banc.csv", content, resource), resource, dry_run=dry_run)
        seconds = time.perf_counter() - start
        assert summary.error_count == 0, summary.errors[:5]
        assert summary.new == rows, summary.as_json()["new"]
        return seconds

    dry = timed(True)
    assert Worker.objects.count() == before
    dues = []
    refresh = schedule.refresh_due_visits

    def timed_refresh(ids, **kwargs):  # run after the commit (on_commit): timed apart
        start = time.perf_counter()
        refresh(ids, **kwargs)
        dues.append(time.perf_counter() - start)

    schedule.refresh_due_visits = timed_refresh
    try:
        real = timed(False)
    finally:
        schedule.refresh_due_visits = refresh
        created = Worker.objects.count() - before
        _clean_up(establishment.adherent_id)
    assert created == rows, created
    print(  # noqa: T201
        f"{f'import salariés {rows:,} lignes':<40} simulation {dry:6.1f} s | import réel "
        f"{real - sum(dues):6.1f} s, puis échéances {sum(dues):6.1f} s",
        flush=True,
    )
    start = time.perf_counter()
    with transaction.atomic():
        _bulk_workers(establishment, rows, user)
        bare = time.perf_counter() - start
        transaction.set_rollback(True)
    committed = real - sum(dues)
    print(  # noqa: T201
        f"{f'import salariés {rows:,} lignes':<40} de bout en bout {real:6.1f} s "
        f"(ratio {real / bare:4.1f} à l'insertion en masse seule)"
    )
    print(  # noqa: T201
        f"{f'import salariés {rows:,} lignes':<40} simulation {dry:6.1f} s "
        f"(ratio {dry / bare:4.1f}) | import réel {committed:6.1f} s (ratio "
        f"{committed / bare:4.1f}), puis échéances {sum(dues):6.1f} s | "
        f"insertion en masse seule {bare:6.1f} s"
    )
    return {
        "rows": rows,
        "dry": dry,
        "real": committed,
        "dues": sum(dues),
        "end_to_end": real,
        "bare": bare,
    }


TRIGGER_ROWS = (10_000, 20_000)
INSERT_SELECT = """
    INSERT INTO suivi_sante_worker (created_at, updated_at, last_name, first_name, birth_date,
        sex, adherent_id, category, category_justification, category_override_reason,
        category_source, has_invalidity_pension, identity_status, ins_oid, is_disabled,
        is_pregnant, nir, schedule_stale, email, phone)
    SELECT NOW(), NOW(), 'Banc' || lpad(i::text, 6, '0'), 'Camille', DATE '1960-01-01' + i %% 16000,
        'F', %s, 'SI', '', '', 'derived', false, 'provisional', '', false, false, '', true, '', ''
    FROM generate_series(1, %s) AS i
"""
INSERT_TRIGGER = "pgtrigger_insert_insert_85c7f"  # suivi_sante.Worker:insert_insert


def run_history_triggers(sizes=TRIGGER_ROWS, rounds: int = 3) -> dict:
    """One INSERT … SELECT of ``size`` workers in one transaction (rolled back), inside a history
    context as an import is: with the insert trigger disabled, with pgtrigger's and pghistory's
    own functions (EXCEPTION block: a subtransaction per row), with ours (spsti/history_functions).
    The three in turn, median of ``rounds``; the libraries' functions are installed inside the
    rolled-back transaction, so the database keeps ours."""
    import statistics

    import pghistory
    import pgtrigger
    from django.db import connection, transaction
    from pghistory.models import Context

    from adherents.models import Adherent
    from spsti import history_functions

    adherent_id = Adherent.objects.order_by("pk").values_list("pk", flat=True).first()

    def timed(size: int, variant: str) -> float:
        with transaction.atomic(), pghistory.context(bench="history_triggers"):
            with connection.cursor() as cursor:
                if variant == "sans déclencheur":
                    cursor.execute(
                        f"ALTER TABLE suivi_sante_worker DISABLE TRIGGER {INSERT_TRIGGER}"
                    )
                elif variant == "fonctions des bibliothèques":
                    pgtrigger.install("suivi_sante.Worker:insert_insert")
                    Context.install_pgh_attach_context_func()
                elif variant == "nos fonctions":
                    history_functions.install()
                start = time.perf_counter()
                cursor.execute(INSERT_SELECT, [adherent_id, size])
                seconds = time.perf_counter() - start
            transaction.set_rollback(True)
        return seconds

    variants = ("sans déclencheur", "fonctions des bibliothèques", "nos fonctions")
    results = {}
    for size in sizes:
        samples: dict[str, list[float]] = {v: [] for v in variants}
        for _ in range(rounds):
            for variant in variants:
                samples[variant].append(timed(size, variant))
        medians = {v: statistics.median(s) for v, s in samples.items()}
        results[size] = medians
        print(  # noqa: T201
            f"INSERT … SELECT {size:,} salariés   "
            + " | ".join(f"{v} {m:5.2f} s" for v, m in medians.items()),
            flush=True,
        )
    return results
