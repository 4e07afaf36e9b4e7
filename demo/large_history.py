"""The benchmark dataset's history (issue 16, item 9): what the management dashboards count.

Over the large dataset's members and workers (demo/large.py), with national proportions kept
when the scale is smaller: about 0.45 visits a worker a year (13 months of visits, a tenth of
the convened workers absent without excuse, a few teleconsultations, a third of the delegable
visits held by nurses under the team's protocol), deadlines still due (some overdue), an FE
for most establishments (versions sent over the last 5 years), a DUERP for some members,
actions in the workplace, quarterly invoices and their payments (some past due), and smaller
counts of welcome calls, requests, PDP cases, TNS affiliations and nonconformities.

The members' part (FE, DUERP, actions, invoices) is in demo/large_history_members.py.
Rows are streamed with COPY under reserved primary keys, with every trigger of the models
written (history, frozen-version guards) skipped for the transaction, as demo/large.py does.
Idempotent: nothing is written when the history is present (its marker: visits whose
regulatory reason is HISTORY_REASON).
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from zoneinfo import ZoneInfo

import pgtrigger
from django.db import connection
from django.db.models import Model, Q
from django.utils import timezone

from demo.generator import fr_int
from demo.large import _reserve_ids

PARIS = ZoneInfo("Europe/Paris")
HISTORY_REASON = "Historique du banc d'essai"
DAY = datetime.timedelta(days=1)
WINDOW_DAYS = 396  # the current month and the 12 before it, with a margin
PHYSICIAN_ONLY = ("EMAE", "SIR_PERIODIQUE", "FIN_CARRIERE")
DELEGATED = ["VIP", "VISITE_INTERMEDIAIRE", "REPRISE", "PRE_REPRISE", "MI_CARRIERE"]
# Kinds of visits held in a year (national orders of magnitude: VIP and renewals first).
VISIT_KINDS = (
    ("VIP", 42),
    ("EMAE", 6),
    ("SIR_PERIODIQUE", 5),
    ("VISITE_INTERMEDIAIRE", 4),
    ("REPRISE", 17),
    ("PRE_REPRISE", 8),
    ("MI_CARRIERE", 3),
    ("FIN_CARRIERE", 1),
    ("DEMANDE", 14),
)
VISITS_PER_WORKER_YEAR = 0.45
NURSE_SHARE = 0.38  # of the delegable visits
TELE_SHARE = 0.08
ON_TIME_SHARE = 0.72
STATUSES = (("held", 84), ("unexcused_absence", 8), ("excused_absence", 4), ("cancelled", 4))
STILL_DUE_SHARE = 0.22  # workers with a deadline in the schedule
# The visit columns the history writes (by attname, the primary key apart), in the order of its
# rows; demo/large_history_older.py writes the same ones.
VISIT_KEYS = (
    "worker_id",
    "employment_id",
    "team_id",
    "adherent_id",
    "kind",
    "status",
    "mode",
    "performer",
    "professional_id",
    "scheduled_at",
    "protocol_id",
    "due_on",
    "due_reason",
    "teleconsultation_consent_at",
    "held_at",
    "booked_by_id",
)


def history_present() -> bool:
    from suivi_sante.models import Visit

    return Visit.objects.filter(due_reason=HISTORY_REASON).exists()


def _prepared_default(model: type[Model], field, now) -> object:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_db_default() and not field.has_default():
        return field.db_default.value
    return field.get_db_prep_save(field.get_default(), connection)


def copy_rows(cursor, model: type[Model], keys: Sequence[str], rows: Iterable[tuple], now) -> int:
    """COPY `rows` (values of the fields `keys`, by attname) into the model's table; every
    other concrete field takes its default (timestamps: `now`)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    rest = [f for name, f in fields.items() if name not in keys]
    tail = tuple(_prepared_default(model, f, now) for f in rest)
    columns = [fields[k].column for k in keys] + [f.column for f in rest]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((*row, *tail))
            count += 1
    return count


def _ignore_triggers(cursor, models: Iterable[type[Model]]) -> None:
    wanted = set(models)
    pgids = [t.get_pgid(m) for m, t in pgtrigger.registered() if m in wanted]
    cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(pgids) + "}"])


def _weighted(rng: random.Random, pairs, count: int) -> list:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=count)


def _at(day: datetime.date, minutes: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(8), tzinfo=PARIS) + datetime.timedelta(
        minutes=minutes
    )


class _Staff:
    """Physicians and nurses of each team (the centre's when the team has none)."""

    def __init__(self):
        from accounts.enums import StaffRole
        from accounts.models import StaffAssignment, Team

        self.center_of = dict(Team.objects.values_list("pk", "center_id"))
        by_team: dict = defaultdict(lambda: defaultdict(list))
        by_center: dict = defaultdict(lambda: defaultdict(list))
        anyone: dict = defaultdict(list)
        for role, team_id, center_id, user_id in StaffAssignment.objects.filter(
            role__in=[StaffRole.PHYSICIAN, StaffRole.NURSE], ended_on__isnull=True
        ).values_list("role", "team_id", "center_id", "user_id"):
            performer = "physician" if role == StaffRole.PHYSICIAN else "nurse"
            if team_id:
                by_team[team_id][performer].append(user_id)
            by_center[center_id][performer].append(user_id)
            anyone[performer].append(user_id)
        self.by_team, self.by_center, self.anyone = by_team, by_center, anyone
        if not anyone["physician"]:
            raise RuntimeError("no physician in the dataset: seed the small plan first")

    def candidates(self, team_id: int, performer: str) -> list[int]:
        """The team's physicians or nurses; the centre's if it has none; else anyone's."""
        return (
            self.by_team[team_id][performer]
            or self.by_center[self.center_of[team_id]][performer]
            or self.anyone[performer]
        )

    def pick(self, rng: random.Random, team_id: int, performer: str) -> int | None:
        users = self.candidates(team_id, performer)
        return rng.choice(users) if users else None


def _protocols(staff: _Staff, today: datetime.date) -> dict[int, int]:
    """One signed protocol per team (created if the team has none): team -> protocol id."""
    from suivi_sante.models import DelegationProtocol

    found = dict(DelegationProtocol.objects.order_by("-pk").values_list("team_id", "pk"))
    start = today - datetime.timedelta(days=5 * 365)
    for team_id in staff.center_of:
        if team_id in found:
            continue
        signer = staff.pick(random.Random(team_id), team_id, "physician")  # noqa: S311
        protocol = DelegationProtocol.objects.create(
            team_id=team_id,
            title="Protocole de délégation aux infirmier(ère)s en santé au travail",
            signed_by_id=signer,
            signed_on=start,
            delegated_kinds=DELEGATED,
            conditions="Salariés en SI ou SIA, visites intermédiaires SIR ; hors EMAE.",
            referral_cases="Toute plainte ou anomalie, toute demande du salarié, RQTH.",
            staffing_hypothesis="lasting_shortage",
            cmt_approved_on=start - datetime.timedelta(days=15),
            valid_from=start,
        )
        found[team_id] = protocol.pk
    # Backdate the existing ones: the history's nurse visits fall within their validity.
    DelegationProtocol.objects.filter(pk__in=found.values(), valid_from__gt=start).update(
        valid_from=start
    )
    return found


def write_visits(cursor, rng, today, now, staff, log) -> None:
    from suivi_sante.models import Convocation, DueVisit, Employment, Visit

    first_day = today - datetime.timedelta(days=WINDOW_DAYS)
    # Workers present over the window: the departed ones (demo/large_history_departed.py) left
    # before it.
    rows = list(
        Employment.objects.filter(worker__merged_into=None, worker__adherent__isnull=False)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=first_day))
        .order_by("worker_id", "pk")
        .distinct("worker_id")
        .values_list(
            "worker_id",
            "pk",
            "establishment_id",
            "start_on",
            "worker__adherent__team_id",
            "worker__adherent_id",
        )
    )
    protocols = _protocols(staff, today)
    expected = VISITS_PER_WORKER_YEAR * WINDOW_DAYS / 365
    kinds = _weighted(rng, VISIT_KINDS, len(rows) * 2)
    visits, convocations, dues = [], [], []
    for index, row in enumerate(rows):
        worker_id, employment_id, establishment_id, start_on, team_id, adherent_id = row
        count = int(expected) + (rng.random() < expected - int(expected))
        hired = start_on is not None and start_on > first_day
        planned = rng.random() < 0.04
        for number in range(count + planned):
            kind = kinds[2 * index + number % 2]
            if hired and number == 0:
                kind = "VIP"
                day = start_on + datetime.timedelta(days=rng.randint(5, 130))
            elif number == count:  # a visit booked in the coming weeks
                day = today + datetime.timedelta(days=rng.randint(1, 30))
            else:
                day = first_day + datetime.timedelta(days=rng.randint(0, WINDOW_DAYS - 1))
            if day.weekday() >= 5:
                day -= datetime.timedelta(days=day.weekday() - 4)
            status = "planned" if day >= today else _weighted(rng, STATUSES, 1)[0]
            nurse = kind in DELEGATED and rng.random() < NURSE_SHARE
            performer = "nurse" if nurse else "physician"
            professional = staff.pick(rng, team_id, performer)
            if professional is None:
                performer, professional = "physician", staff.pick(rng, team_id, "physician")
            scheduled = _at(day, 30 * rng.randint(0, 17))
            tele = kind not in PHYSICIAN_ONLY and rng.random() < TELE_SHARE
            held_at = scheduled + datetime.timedelta(minutes=5) if status == "held" else None
            if kind in ("DEMANDE", "PRE_REPRISE"):
                due_on = None
            elif kind == "VIP" and hired and number == 0:
                due_on = start_on + datetime.timedelta(days=91)
            elif rng.random() < ON_TIME_SHARE:
                due_on = day + datetime.timedelta(days=rng.randint(0, 60))
            else:
                due_on = day - datetime.timedelta(days=rng.randint(1, 120))
            visit_id = len(visits)
            visits.append(
                (
                    visit_id,
                    worker_id,
                    employment_id,
                    team_id,
                    adherent_id,
                    kind,
                    status,
                    "teleconsultation" if tele else "in_person",
                    performer,
                    professional,
                    scheduled,
                    protocols[team_id] if performer == "nurse" else None,
                    due_on,
                    HISTORY_REASON,
                    scheduled - datetime.timedelta(days=3) if tele else None,
                    held_at,
                    professional,
                )
            )
            if rng.random() < 0.92:
                sent = scheduled - datetime.timedelta(days=14)
                answer = {
                    "planned": "sent",
                    "cancelled": "cancelled",
                    "excused_absence": "worker_absent",
                }.get(status, "confirmed")
                responded = None if answer in ("sent", "cancelled") else sent + DAY
                convocations.append((visit_id, establishment_id, answer, sent, responded))
        if rng.random() < STILL_DUE_SHARE:
            kind = kinds[2 * index]
            due_on = today + datetime.timedelta(days=rng.randint(-WINDOW_DAYS, 365))
            performers = ["physician"] if kind in PHYSICIAN_ONLY else ["physician", "nurse"]
            dues.append((worker_id, team_id, adherent_id, kind, due_on, performers))
    started = time.monotonic()
    visit_id = _reserve_ids(cursor, Visit, len(visits))
    copy_rows(
        cursor,
        Visit,
        ("id", *VISIT_KEYS),
        ((visit_id + v[0], *v[1:]) for v in visits),
        now,
    )
    convocation_id = _reserve_ids(cursor, Convocation, len(convocations))
    copy_rows(
        cursor,
        Convocation,
        ("id", "visit_id", "establishment_id", "status", "sent_at", "responded_at"),
        ((convocation_id + i, visit_id + c[0], *c[1:]) for i, c in enumerate(convocations)),
        now,
    )
    due_id = _reserve_ids(cursor, DueVisit, len(dues))
    copy_rows(
        cursor,
        DueVisit,
        (
            "id",
            "worker_id",
            "team_id",
            "adherent_id",
            "kind",
            "due_on",
            "performers",
            "legal_reference",
            "reason",
            "computed_at",
        ),
        ((due_id + i, *d, "R4624-10 à R4624-28", HISTORY_REASON, now) for i, d in enumerate(dues)),
        now,
    )
    log(
        f"  {fr_int(len(visits))} visites, {fr_int(len(convocations))} convocations, "
        f"{fr_int(len(dues))} échéances encore dues ({time.monotonic() - started:.0f} s de COPY)"
    )


def write_large_history(seed: int, today: datetime.date, log: Callable[[str], None]) -> bool:
    """Write the history unless present (the caller holds the transaction); True if written."""
    from adherents.billing.models import Invoice, Payment
    from prevention.models import (
        Duerp,
        DuerpVersion,
        FicheEntreprise,
        FicheVersion,
        PreventionAction,
    )
    from suivi_sante.models import Convocation, DueVisit, Visit

    if history_present():
        return False
    started = time.monotonic()
    rng = random.Random(seed + 2_000_003)  # noqa: S311
    now = timezone.now()
    staff = _Staff()
    written = (
        Visit,
        Convocation,
        DueVisit,
        FicheEntreprise,
        FicheVersion,
        Duerp,
        DuerpVersion,
        PreventionAction,
        Invoice,
        Payment,
    )
    from demo.large_history_members import write_billing, write_prevention

    with connection.cursor() as cursor:
        _ignore_triggers(cursor, written)
        write_visits(cursor, rng, today, now, staff, log)
        log(f"  ({time.monotonic() - started:.0f} s)")
        write_prevention(cursor, rng, today, now, staff, log)
        log(f"  ({time.monotonic() - started:.0f} s)")
        write_billing(cursor, rng, today, now, staff, log)
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
        # The whole database: the small tables too (centres, teams), which autovacuum never
        # analyzes (under its 50-row threshold); without their statistics the planner takes
        # "every centre" for a handful of members and picks nested loops over the workers.
        cursor.execute("ANALYZE")
    log(f"  historique écrit en {time.monotonic() - started:.0f} s")
    return True
