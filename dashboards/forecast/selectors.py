"""The forecast of medical time of one team (issue 16, item 7): the owning apps' reads, put
through dashboards.rules.forecast with the durations set by the service (settings).

Reads (a handful of grouped queries whatever the number of due visits):
- due visits: suivi_sante.schedule.selectors_forecast (the schedule engine's DueVisit rows);
- kinds a nurse may hold: suivi_sante.protocols.selectors_forecast (signed protocols, R4623-14);
- hours offered: suivi_sante.agenda.selectors_forecast (slots of the team's professionals);
- FE: prevention.fiche.selectors_forecast (last FE sent, first deadline R4624-47);
- the shares observed over the past twelve months (the scenario's starting point), once a
  day per team.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache

from dashboards.rules.forecast import DueCount, FicheCount, Forecast, Scenario, forecast
from dashboards.rules.periods import add_months, month_end, month_range
from prevention.fiche.selectors_forecast import fiche_months_by_team
from suivi_sante.agenda.selectors_forecast import ObservedShares, observed_shares, slot_hours
from suivi_sante.protocols.selectors_forecast import nurse_kinds_by_team
from suivi_sante.schedule.selectors_forecast import due_by_team_month_kind

HORIZON_MONTHS = 12
# Starting points when the team held no visit in the past year (to be adjusted on screen).
DEFAULT_DELEGATION_PERCENT = 50
DEFAULT_TELECONSULTATION_PERCENT = 0


def horizon(today: datetime.date) -> list[datetime.date]:
    """The first days of the current month and the eleven following."""
    first = today.replace(day=1)
    return month_range(first, add_months(first, HORIZON_MONTHS - 1))


# The past year's shares are a starting point for the scenario, read once a day per team: an
# aggregate over the team's visits held in the year (85,000 for a large team, ≈ 95 ms on the
# large dataset) that a visit held today barely moves.
OBSERVED_CACHE_SECONDS = 24 * 3600


def past_year_shares(team_id: int, *, today: datetime.date) -> ObservedShares:
    """The shares of the team's visits held from a year ago to `today`, counted at the day's
    first reading (kept in the cache for the day: `today` is in the key)."""
    return cache.get_or_set(
        f"forecast:observed:{team_id}:{today.isoformat()}",
        lambda: observed_shares([team_id], start=add_months(today, -12), end=today),
        OBSERVED_CACHE_SECONDS,
    )


def default_scenario(team_id: int, *, today: datetime.date) -> dict[str, int]:
    """The shares observed in the team's visits held over the past year (past_year_shares),
    else the defaults; the FE cadence of the service (SPSTI_FE_RENEWAL_YEARS)."""
    shares = past_year_shares(team_id, today=today)
    delegation = shares.delegation_percent
    teleconsultation = shares.teleconsultation_percent
    return {
        "delegation": DEFAULT_DELEGATION_PERCENT if delegation is None else delegation,
        "teleconsultation": (
            DEFAULT_TELECONSULTATION_PERCENT if teleconsultation is None else teleconsultation
        ),
        "fe_cadence": settings.SPSTI_FE_RENEWAL_YEARS,
        "observed": delegation is not None,
    }


def scenario(*, delegation: int, teleconsultation: int, fe_cadence: int) -> Scenario:
    """A scenario with the service's teleconsultation factor and hours per FE (settings)."""
    return Scenario(
        delegation_percent=delegation,
        teleconsultation_percent=teleconsultation,
        fe_cadence_years=fe_cadence,
        teleconsultation_factor=Decimal(str(settings.SPSTI_TELECONSULTATION_FACTOR)),
        fe_hours={p: Decimal(str(h)) for p, h in settings.SPSTI_FE_HOURS.items()},
    )


def team_forecast(team_id: int, chosen: Scenario, *, today: datetime.date) -> Forecast:
    """The twelve coming months of one team under a scenario."""
    months = horizon(today)
    last = month_end(months[-1])
    due = [
        DueCount(row["month"], row["kind"], row["nurse_allowed"], row["count"])
        for row in due_by_team_month_kind([team_id], until=last, today=today)
    ]
    fiches = [
        FicheCount(row["last_sent_month"], row["first_due_month"], row["count"])
        for row in fiche_months_by_team([team_id])
    ]
    offered = {
        (month, performer): hours
        for (_, month, performer), hours in slot_hours([team_id], months[0], last).items()
    }
    return forecast(
        months=months,
        due=due,
        nurse_kinds=nurse_kinds_by_team([team_id], months, today=today).get(team_id, {}),
        fiches=fiches,
        offered=offered,
        minutes=settings.SPSTI_VISIT_MINUTES,
        scenario=chosen,
    )
