"""The benchmark dataset's older visits (issue 19, item 5): ten years of follow-up at national
volume (about 0.45 visits a worker a year: some 4,000,000 visits and their convocations for
1,000,000 workers), so that the worker pages, the visit lists and the drill-downs are measured
against a real history and not only the 13 months the dashboards count (demo/large_history.py).

Written in SQL on the server (INSERT ... SELECT over the workers and generate_series, drawn by
random() after setseed: deterministic for one dataset), not row by row from Python: a Python
generator costs about 25 µs a row, 100 s for 4,000,000 visits, before the COPY. The visits end
where the 13-month window of demo/large_history.py starts, so the dashboards' figures do not
change. Same proportions as that window: kinds, statuses, a third of the delegable visits held
by nurses (only since the team's protocol, five years ago: before it, the physician), a few
teleconsultations (consent recorded), convocations for nine visits in ten. Idempotent: nothing
is written when visits with OLDER_REASON exist. The history's triggers (pghistory, frozen
documents) are skipped for the transaction, as demo/large_history.py does.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from demo.generator import fr_int
from demo.large import indexes_deferred
from demo.large_history import (
    DELEGATED,
    NURSE_SHARE,
    ON_TIME_SHARE,
    PHYSICIAN_ONLY,
    STATUSES,
    TELE_SHARE,
    VISIT_KEYS,
    VISIT_KINDS,
    VISITS_PER_WORKER_YEAR,
    WINDOW_DAYS,
    _ignore_triggers,
    _prepared_default,
    _protocols,
    _Staff,
)

OLDER_REASON = "Historique ancien du banc d'essai"
YEARS = 10
SEED = 0.42  # setseed() takes a number in [-1, 1]


def older_history_present() -> bool:
    from suivi_sante.models import Visit

    return Visit.objects.filter(due_reason=OLDER_REASON).exists()


def _draw(pairs, draw: str) -> str:
    """A CASE picking a value by weight from the uniform draw `draw` (a column in [0, 1))."""
    total = sum(weight for _, weight in pairs)
    cases, cumulated = [], 0
    for value, weight in pairs[:-1]:
        cumulated += weight
        cases.append(f"WHEN {draw} < {cumulated / total!r} THEN '{value}'")
    return f"CASE {' '.join(cases)} ELSE '{pairs[-1][0]}' END"


def _quoted(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _rest(model: type[Model], keys: set[str], now) -> tuple[list[str], list]:
    """The model's other columns and their defaults (the INSERT names every NOT NULL column)."""
    rest = [f for f in model._meta.concrete_fields if f.attname not in keys and f.attname != "id"]
    return [f.column for f in rest], [_prepared_default(model, f, now) for f in rest]


def team_staff(cursor, staff: _Staff, protocols: dict[int, int]) -> None:
    """A temporary table: each team's physicians and nurses (the centre's, or anyone's, when
    the team has none) and its protocol."""
    cursor.execute("DROP TABLE IF EXISTS bench_team_staff")
    cursor.execute(
        "CREATE TEMP TABLE bench_team_staff (team_id bigint PRIMARY KEY, physicians bigint[], "
        "nurses bigint[], protocol_id bigint) ON COMMIT DROP"
    )
    rows = []
    for team_id in staff.center_of:
        physicians, nurses = (staff.candidates(team_id, p) for p in ("physician", "nurse"))
        rows.append((team_id, physicians, nurses, protocols.get(team_id)))
    cursor.executemany("INSERT INTO bench_team_staff VALUES (%s, %s, %s, %s)", rows)


def _workers(cursor, since: datetime.date, until: datetime.date) -> None:
    """A temporary table: each followed worker's first employment, team, member and the span of
    their history: from the hire date (or ten years ago) to the day after they left (or
    `until`)."""
    from adherents.models import Adherent
    from suivi_sante.models import Employment, Worker

    # Table names and constants only in the SQL text (S608): no input reaches it.
    cursor.execute("DROP TABLE IF EXISTS bench_older_workers")
    cursor.execute(
        f"""
        CREATE TEMP TABLE bench_older_workers ON COMMIT DROP AS
        SELECT DISTINCT ON (e.worker_id) e.worker_id, e.id AS employment_id,
               e.establishment_id, a.team_id, w.adherent_id,
               greatest(coalesce(e.start_on, %(since)s), %(since)s) AS since,
               least(coalesce(e.end_on + 1, %(until)s), %(until)s) AS until
        FROM {Employment._meta.db_table} e
        JOIN {Worker._meta.db_table} w ON w.id = e.worker_id
        JOIN {Adherent._meta.db_table} a ON a.id = w.adherent_id
        WHERE w.merged_into_id IS NULL AND coalesce(e.start_on, %(since)s) < %(until)s
          AND coalesce(e.end_on, %(until)s) >= %(until)s
        ORDER BY e.worker_id, e.id
        """,  # noqa: S608
        {"since": since, "until": until},
    )
    cursor.execute("ANALYZE bench_older_workers")


def insert_visits(cursor, protocol_from: datetime.date, now, reason: str) -> int:
    """The visits of the workers of bench_older_workers, over each one's span."""
    from suivi_sante.models import Visit

    rest_columns, rest_values = _rest(Visit, set(VISIT_KEYS), now)
    columns = [Visit._meta.get_field(k.removesuffix("_id")).column for k in VISIT_KEYS]
    names = {f"rest_{i}": value for i, value in enumerate(rest_values)}
    rest_select = "".join(f", %({name})s" for name in names)
    kind = _draw(VISIT_KINDS, "r_kind")
    status = _draw(STATUSES, "r_status")
    physician_only, delegated = _quoted(PHYSICIAN_ONLY), _quoted(DELEGATED)
    sql = f"""
        WITH drawn AS (
            SELECT o.*, t.physicians, t.nurses, t.protocol_id AS team_protocol,
                   (o.since + floor(random() * (o.until - o.since))::int) AS raw_day,
                   random() AS r_kind, random() AS r_status, random() AS r_nurse,
                   random() AS r_pro, random() AS r_tele, random() AS r_due,
                   random() AS r_gap, random() AS r_slot
            FROM bench_older_workers o
            JOIN bench_team_staff t ON t.team_id = o.team_id
            CROSS JOIN LATERAL generate_series(
                1, floor({VISITS_PER_WORKER_YEAR!r} * (o.until - o.since) / 365.0
                         + random())::int
            ) AS n
        ),
        weekdays AS (
            SELECT *, raw_day - CASE extract(isodow FROM raw_day) WHEN 6 THEN 1 WHEN 7 THEN 2
                                    ELSE 0 END AS friday_or_day
            FROM drawn
        ),
        days AS (
            -- A weekend moves to the Friday before, or the Monday after at the hire's start.
            SELECT *, {kind} AS kind, {status} AS status,
                   CASE WHEN friday_or_day < since THEN friday_or_day + 3
                        ELSE friday_or_day END AS day
            FROM weekdays
        ),
        visits AS (
            SELECT *,
                   (kind IN ({delegated}) AND r_nurse < {NURSE_SHARE!r}
                    AND day >= %(protocol_from)s AND team_protocol IS NOT NULL
                    AND cardinality(nurses) > 0) AS by_nurse,
                   ((day + time '08:00' + floor(r_slot * 18) * interval '30 minutes')
                    AT TIME ZONE 'Europe/Paris') AS scheduled,
                   (kind NOT IN ({physician_only}) AND r_tele < {TELE_SHARE!r}) AS tele
            FROM days
        )
        INSERT INTO {Visit._meta.db_table} ({", ".join([*columns, *rest_columns])})
        SELECT worker_id, employment_id, team_id, adherent_id, kind, status,
               CASE WHEN tele THEN 'teleconsultation' ELSE 'in_person' END,
               CASE WHEN by_nurse THEN 'nurse' ELSE 'physician' END,
               pro, scheduled,
               CASE WHEN by_nurse THEN team_protocol END,
               CASE WHEN kind IN ('DEMANDE', 'PRE_REPRISE') THEN NULL
                    WHEN r_due < {ON_TIME_SHARE!r} THEN day + floor(r_gap * 61)::int
                    ELSE day - 1 - floor(r_gap * 120)::int END,
               %(reason)s,
               CASE WHEN tele THEN scheduled - interval '3 days' END,
               CASE WHEN status = 'held' THEN scheduled + interval '5 minutes' END,
               pro{rest_select}
        FROM (
            SELECT *, CASE WHEN by_nurse THEN nurses[1 + floor(r_pro * cardinality(nurses))::int]
                           ELSE physicians[1 + floor(r_pro * cardinality(physicians))::int]
                      END AS pro
            FROM visits
        ) AS picked
    """  # noqa: S608
    cursor.execute(
        sql,
        {"protocol_from": protocol_from, "reason": reason, **names},
    )
    return cursor.rowcount


CONVOCATION_KEYS = ("visit_id", "establishment_id", "status", "sent_at", "responded_at")


def insert_convocations(cursor, now, reason: str) -> int:
    from suivi_sante.models import Convocation, Visit

    rest_columns, rest_values = _rest(Convocation, set(CONVOCATION_KEYS), now)
    columns = [Convocation._meta.get_field(k.removesuffix("_id")).column for k in CONVOCATION_KEYS]
    names = {f"rest_{i}": value for i, value in enumerate(rest_values)}
    cursor.execute(
        f"""
        INSERT INTO {Convocation._meta.db_table} ({", ".join([*columns, *rest_columns])})
        SELECT v.id, o.establishment_id, answer, sent,
               CASE WHEN answer = 'cancelled' THEN NULL ELSE sent + interval '1 day' END
               {"".join(f", %({name})s" for name in names)}
        FROM (
            SELECT id, worker_id, v.scheduled_at - interval '14 days' AS sent,
                   CASE status WHEN 'cancelled' THEN 'cancelled'
                               WHEN 'excused_absence' THEN 'worker_absent'
                               ELSE 'confirmed' END AS answer
            FROM {Visit._meta.db_table} v
            WHERE v.due_reason = %(reason)s AND random() < 0.92
        ) AS v
        JOIN bench_older_workers o ON o.worker_id = v.worker_id
        """,  # noqa: S608
        {"reason": reason, **names},
    )
    return cursor.rowcount


def history_span(today: datetime.date) -> tuple:
    """What the ten years before the dashboards' window are written with (older visits of the
    present workers, the departed workers): now, the window's start (until), ten years back
    (since), the teams' staff, their protocols and the protocols' start."""
    staff = _Staff()
    return (
        timezone.now(),
        today - datetime.timedelta(days=WINDOW_DAYS),
        today.replace(year=today.year - YEARS),
        staff,
        _protocols(staff, today),
        today - datetime.timedelta(days=5 * 365),  # _protocols' valid_from
    )


def write_older_visits(today: datetime.date, log: Callable[[str], None]) -> bool:
    """Write ten years of visits before the dashboards' window unless present (the caller holds
    the transaction); True if written."""
    from suivi_sante.models import Convocation, Visit

    if older_history_present():
        return False
    started = time.monotonic()
    now, until, since, staff, protocols, protocol_from = history_span(today)
    with connection.cursor() as cursor:
        _ignore_triggers(cursor, (Visit, Convocation))
        cursor.execute("SELECT setseed(%s)", [SEED])
        team_staff(cursor, staff, protocols)
        _workers(cursor, since, until)
        with indexes_deferred(cursor, (Visit, Convocation)):
            visits = insert_visits(cursor, protocol_from, now, OLDER_REASON)
            convocations = insert_convocations(cursor, now, OLDER_REASON)
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
        cursor.execute(f"ANALYZE {Visit._meta.db_table}, {Convocation._meta.db_table}")
    log(
        f"  {fr_int(visits)} visites anciennes ({YEARS} ans), {fr_int(convocations)} "
        f"convocations, écrites en {time.monotonic() - started:.0f} s"
    )
    return True
