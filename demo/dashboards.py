"""The dashboards' demo: seed 004's CPOM targets, and the facts computed over the demo data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import connection

from dashboards import selectors_reference as reference
from dashboards.facts.services import compute_recent_facts
from dashboards.targets.models import Cpom, CpomTarget

# Seed 004 (GMSI84, plan 2022-2027): teleconsultation share 2024 = 39 %, 2025 = 45 %,
# 2026 = 50 %, 2027 = 50 %; the mid-career visits split between physician and nurse 50/50 in
# 2023, then 60/40, 70/30, 80/20 in 2026. TO VERIFY: which profession holds the 80 % is not
# written ("médecin / infirmière"); read here as the nurse's share, the plan's aim being to free
# medical time.
TELE_SHARE = {2024: 39, 2025: 45, 2026: 50, 2027: 50}
MID_CAREER_NURSE_SHARE = {2023: 50, 2024: 60, 2025: 70, 2026: 80}
AMBIGUOUS = "Seed 004 : « 80 %/20 % médecin/infirmière » lu comme la part infirmière (à vérifier)."


def write_dashboards(today: date, log: Callable[[str], None]) -> None:
    cpom = Cpom.objects.create(
        name="CPOM 2023-2027 (DREETS, CARSAT)", first_year=2023, last_year=2027
    )
    CpomTarget.objects.bulk_create(
        [
            CpomTarget(cpom=cpom, indicator="tele_share", year=y, value=Decimal(v))
            for y, v in TELE_SHARE.items()
        ]
        + [
            CpomTarget(
                cpom=cpom,
                indicator="nurse_share",
                kind="MI_CARRIERE",
                year=y,
                value=Decimal(v),
                note=AMBIGUOUS,
            )
            for y, v in MID_CAREER_NURSE_SHARE.items()
        ]
    )
    reference.forget()  # the bulk writes above (centres, teams, targets) sent no signal
    # The demo was just written in this transaction: without statistics the planner reads its
    # tables as empty and the facts' grouped queries pick nested loops over every row (minutes
    # instead of a second on a fresh database). ANALYZE counts the transaction's own rows.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    run = compute_recent_facts(today)
    log(f"Pilotage : CPOM et {run.rows} faits mensuels calculés.")
