"""Demo and benchmark datasets (`manage.py seed_demo`), deterministic from a seed, idempotent.

- small (default): 2 centres, 4 teams, every staff role, 50 members, ~1,000 workers, one
  accounting firm with mandates, a PDP cell with two open cases, and the fixed demo logins
  below (password DEMO_PASSWORD);
- large: the small dataset plus members and workers up to 60,000 and 1,000,000 (benchmarks).

Every run is one transaction: a failure leaves nothing half-written.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from demo.reference import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    SUPERUSER_EMAIL,
)

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DEMO_TOTP_SECRET",
    "SUPERUSER_EMAIL",
    "seed_large",
    "seed_small",
]

ALREADY_THERE = "Données de démonstration déjà présentes : rien à faire."


def seed_small(seed: int = 42, log: Callable[[str], None] = print) -> bool:
    """Create the demo dataset unless present; True when something was created."""
    from demo.plan import build_small_plan
    from demo.small import demo_present, write_plan

    if demo_present():
        log(ALREADY_THERE)
        return False
    started = time.monotonic()
    from demo.dashboards import write_dashboards
    from demo.followup import write_followup
    from demo.history import write_declarations, write_history
    from demo.membership import write_membership
    from demo.pdp import write_pdp
    from demo.prevention import write_prevention

    with transaction.atomic():
        write_plan(build_small_plan(seed, timezone.localdate()), log)
        write_followup(timezone.localdate(), log)
        write_history(timezone.localdate(), log, seed)
        write_prevention(log)
        write_membership(timezone.localdate(), log)
        write_declarations(timezone.localdate(), log)
        write_pdp(timezone.localdate(), log)
        write_dashboards(timezone.localdate(), log)
    elapsed = f"{time.monotonic() - started:.1f}".replace(".", ",")
    log(f"Données de démonstration créées en {elapsed} s.")
    log(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
    for email, label in DEMO_LOGINS:
        log(f"  {email:<40} {label}")
    log(f"Code TOTP des comptes du service : oathtool --totp -b {DEMO_TOTP_SECRET}")
    return True


def seed_large(seed: int = 42, log: Callable[[str], None] = print) -> bool:
    """Create the benchmark dataset (the small one included, then the history the dashboards
    count: demo/large_history.py, ten years of older visits: demo/large_history_older.py, and
    the workers who left during those years with their visits: demo/large_history_departed.py)
    unless present."""
    from adherents.models import Adherent
    from demo.large import LARGE_ADHERENTS, write_large
    from demo.large_history import history_present
    from demo.large_history_activity import activity_present
    from demo.large_history_departed import departed_present
    from demo.large_history_older import older_history_present
    from demo.plan import build_small_plan
    from demo.small import demo_present, write_plan

    done = history_present() and older_history_present() and departed_present()
    done = done and activity_present()
    if Adherent.objects.count() >= LARGE_ADHERENTS and done:
        log(ALREADY_THERE)
        return False
    started = time.monotonic()
    today = timezone.localdate()
    if Adherent.objects.count() < LARGE_ADHERENTS:
        with transaction.atomic():
            if not demo_present():
                log("Jeu de démonstration de base :")
                write_plan(build_small_plan(seed, today), log)
            log("Jeu de données large :")
            write_large(seed, today, log)
    seed_large_history(seed, today, log)
    log(f"Jeu de données large créé en {time.monotonic() - started:.0f} s")
    return True


def seed_large_history(seed: int, today: datetime.date, log: Callable[[str], None]) -> None:
    """The benchmark dataset's history over its members and workers, each part unless present:
    the 13 months the dashboards count, ten years of older visits and the workers who left
    during those years (issue 19, item 5: to be built within 5 minutes). One transaction, the
    written tables' indexes and foreign keys built once at its end (demo.large.indexes_deferred).
    """
    from adherents.billing.models import Invoice, Payment
    from adherents.models import MemberRequest
    from demo.large import indexes_deferred
    from demo.large_history import write_large_history
    from demo.large_history_activity import write_activity
    from demo.large_history_departed import write_departed
    from demo.large_history_older import YEARS, write_older_visits
    from prevention.models import (
        Duerp,
        DuerpVersion,
        FicheEntreprise,
        FicheVersion,
        PreventionAction,
        PreventionVisit,
    )
    from suivi_sante.models import Convocation, DueVisit, Employment, Visit, Worker

    started = time.monotonic()
    tables = (Worker, Employment, Visit, Convocation, DueVisit, FicheEntreprise, FicheVersion)
    tables += (Duerp, DuerpVersion, PreventionAction, Invoice, Payment)
    tables += (PreventionVisit, MemberRequest)
    with transaction.atomic(), connection.cursor() as cursor:
        with indexes_deferred(cursor, tables):
            log("Historique (visites, FE, DUERP, factures) :")
            write_large_history(seed, today, log)
            log(f"Visites des {YEARS} années précédentes :")
            write_older_visits(today, log)
            log(f"Salariés partis au cours des {YEARS} années précédentes :")
            write_departed(today, log)
            log("Rendez-vous de prévention et demandes des adhérents :")
            write_activity(today, log)
            log(f"  ({time.monotonic() - started:.0f} s)")
        log(f"  index et clés étrangères rétablis ({time.monotonic() - started:.0f} s)")
        # The whole database: the small tables too (see demo/large_history.py).
        cursor.execute("ANALYZE")
    log(f"Historique construit en {time.monotonic() - started:.0f} s")
