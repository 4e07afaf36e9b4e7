"""The owning apps' reads for the forecast and their putting together, on a small world."""

import datetime
from decimal import Decimal

import pytest

from dashboards.forecast import selectors
from dashboards.rules.periods import month_end
from prevention.fiche.selectors_forecast import fiche_months_by_team
from prevention.models import FicheVersion
from suivi_sante import perms
from suivi_sante.agenda.selectors_forecast import observed_shares, slot_hours
from suivi_sante.models import Visit
from suivi_sante.protocols.selectors_forecast import nurse_kinds_by_team
from suivi_sante.schedule.selectors_forecast import due_by_team_month_kind
from tests import documents
from tests.dashboards.forecast.world import TODAY, at, build
from tests.prevention.factories import FicheVersionFactory
from tests.suivi_sante.factories import VisitFactory

MARCH, APRIL, MAY, JUNE = (datetime.date(2027, m, 1) for m in (3, 4, 5, 6))
MONTHS = selectors.horizon(TODAY)


@pytest.fixture
def small(world):
    build(world)
    return world


def test_horizon_is_twelve_months_from_the_current_one():
    assert (MONTHS[0], MONTHS[-1], len(MONTHS)) == (MARCH, datetime.date(2028, 2, 1), 12)


def test_due_visits_grouped_by_month_kind_and_post(small):
    rows = due_by_team_month_kind([small.team.pk], until=month_end(MONTHS[-1]), today=TODAY)
    got = {(r["month"], r["kind"], r["nurse_allowed"]): r["count"] for r in rows}
    # The passed pré-reprise and the VIP of March 2028 are out; B's VIP is B's.
    assert got == {
        (datetime.date(2027, 1, 1), "VIP", True): 1,
        (MARCH, "VIP", True): 2,
        (MARCH, "VIP", False): 1,
        (APRIL, "EMAE", False): 1,
        (MAY, "SIR_PERIODIQUE", False): 1,
        (JUNE, "VISITE_INTERMEDIAIRE", True): 1,
        (datetime.date(2027, 8, 1), "REPRISE", True): 1,
    }
    assert {r["team_id"] for r in rows} == {small.team.pk}


def test_nurse_kinds_follow_the_protocols_in_force(small):
    kinds = nurse_kinds_by_team([small.team.pk, small.other_team.pk], MONTHS, today=TODAY)
    a = kinds[small.team.pk]
    # The first protocol ends on 15/05/2027: in force on 10/03 (today), 1/04 and 1/05.
    for month in (MARCH, APRIL, MAY):
        assert a[month] == {"VIP", "VISITE_INTERMEDIAIRE"}
    assert JUNE not in a
    assert datetime.date(2027, 7, 1) not in a
    assert a[datetime.date(2027, 8, 1)] == {"REPRISE"}
    assert kinds[small.other_team.pk][MARCH] == {"DEMANDE"}
    # The same answer as the per-visit predicate the agenda uses.
    for month in MONTHS:
        day = max(month, TODAY)
        for kind in ("VIP", "VISITE_INTERMEDIAIRE", "REPRISE", "EMAE"):
            covered = perms.covering_protocol(team_id=small.team.pk, kind=kind, day=day)
            assert (covered is not None) == (kind in a.get(month, set())), (month, kind)


def test_slot_hours_per_team_month_and_profession(small):
    hours = slot_hours([small.team.pk], MARCH, month_end(MONTHS[-1]))
    # Physician 4 × 30 min in March, 60 min in April; nurse 45 min in March. The February
    # slot, the other centre's, and those of professionals without team are not counted.
    assert hours == {
        (small.team.pk, MARCH, "physician"): Decimal(2),
        (small.team.pk, APRIL, "physician"): Decimal(1),
        (small.team.pk, MARCH, "nurse"): Decimal("0.75"),
    }
    other = slot_hours([small.other_team.pk], MARCH, month_end(MONTHS[-1]))
    assert other == {(small.other_team.pk, MARCH, "physician"): Decimal("0.5")}


def test_fiche_months(small):
    rows = fiche_months_by_team([small.team.pk])
    got = sorted(
        (r["last_sent_month"] or datetime.date.min, r["first_due_month"], r["count"]) for r in rows
    )
    assert got == [
        (datetime.date.min, datetime.date(2025, 1, 1), 1),  # Garage Bêta: joined 15/01/2024
        (datetime.date(2023, 5, 1), None, 1),  # Boulangerie Alpha: sent, renewal from then
    ]


def test_fiche_months_count_from_the_latest_version_sent(small):
    """A renewal sent later moves the establishment to its month; a draft after it does not."""
    fiche = small.establishment.fiche_entreprise
    renewal = FicheVersionFactory(fiche=fiche, number=2)
    FicheVersion.objects.filter(pk=renewal.pk).update(
        status="sent",
        validated_by=small.actors["physician"],
        validated_at=at(datetime.date(2025, 6, 2), 10),
        sent_at=at(datetime.date(2025, 6, 3), 10),
        **documents.fields(b"%PDF", "pdf", "sha256"),
    )
    FicheVersionFactory(fiche=fiche, number=3)  # a draft of the next one
    got = {
        (r["last_sent_month"], r["first_due_month"], r["count"])
        for r in fiche_months_by_team([small.team.pk])
    }
    assert got == {
        (None, datetime.date(2025, 1, 1), 1),  # Garage Bêta: never sent
        (datetime.date(2025, 6, 1), None, 1),  # Boulangerie Alpha
    }


def test_past_year_shares_are_read_once_a_day(small, django_assert_num_queries):
    """The scenario's starting point is counted at the day's first reading: a visit held later
    that day shows the next day."""
    first = selectors.default_scenario(small.team.pk, today=TODAY)
    assert (first["delegation"], first["teleconsultation"]) == (50, 33)
    worker = Visit.objects.filter(status="held", kind="VIP").first().worker  # team A's
    VisitFactory(  # one more delegable visit, held by the physician, in person
        worker=worker,
        kind="VIP",
        performer="physician",
        professional=small.actors["physician"],
        status="held",
        scheduled_at=at(TODAY, 9),
        held_at=at(TODAY, 9),
    )
    with django_assert_num_queries(0):
        assert selectors.default_scenario(small.team.pk, today=TODAY) == first
    tomorrow = TODAY + datetime.timedelta(days=1)
    later = selectors.default_scenario(small.team.pk, today=tomorrow)
    assert (later["delegation"], later["teleconsultation"]) == (33, 25)


def test_observed_shares(small):
    shares = observed_shares([small.team.pk], start=datetime.date(2026, 3, 10), end=TODAY)
    # 3 held; 2 delegable (VIP), 1 of them by the nurse; 1 by video.
    assert (shares.held, shares.delegable_held, shares.delegable_by_nurse) == (3, 2, 1)
    assert (shares.delegation_percent, shares.teleconsultation_percent) == (50, 33)
    assert selectors.default_scenario(small.team.pk, today=TODAY) == {
        "delegation": 50,
        "teleconsultation": 33,
        "fe_cadence": 4,
        "observed": True,
    }
    none = selectors.default_scenario(small.other_team.pk, today=TODAY)
    assert (none["delegation"], none["teleconsultation"], none["observed"]) == (50, 0, False)


def test_team_forecast_puts_it_together(small, settings):
    settings.SPSTI_FE_HOURS = {"physician": 1.0, "nurse": 0.0}
    chosen = selectors.scenario(delegation=100, teleconsultation=0, fe_cadence=4)
    result = selectors.team_forecast(small.team.pk, chosen, today=TODAY)
    march, april, may, june = result.months[:4]
    # March: 1 overdue VIP + 2 VIP (nurse-eligible) + 1 CACES VIP; Garage Bêta's overdue FE.
    assert (march.visits, march.overdue, march.nurse_eligible, march.physician_only) == (4, 1, 3, 1)
    assert march.fiches == 1
    # Physician: 1 VIP × 20 min + 1 FE × 60 min = 80 min = 1.3 h; nurse 3 VIP × 30 = 1.5 h.
    assert march.needed == {"physician": Decimal("1.3"), "nurse": Decimal("1.5")}
    assert march.offered == {"physician": Decimal("2.0"), "nurse": Decimal("0.8")}
    # April: the EMAE (30 min) against 1 h offered.
    assert (april.needed["physician"], april.gap["physician"]) == (Decimal("0.5"), Decimal("0.5"))
    # May: the SIR renewal (30 min) + the renewal of Alpha's FE (sent May 2023) = 1.5 h.
    assert (may.fiches, may.needed["physician"]) == (1, Decimal("1.5"))
    # June: the intermediate visit, no protocol in force any more: the physician's (20 min).
    assert (june.nurse_eligible, june.needed) == (0, {"physician": Decimal("0.3"), "nurse": 0})
    assert (result.total.visits, result.total.fiches) == (8, 2)


def test_the_settings_give_every_kind_a_duration():
    from django.conf import settings

    from suivi_sante.enums import VisitKind
    from suivi_sante.rules.delegation import PHYSICIAN_ONLY_KINDS

    assert set(settings.SPSTI_VISIT_MINUTES) == set(VisitKind.values)
    for kind, durations in settings.SPSTI_VISIT_MINUTES.items():
        assert durations["physician"] > 0
        # No nurse duration exactly for the kinds the physician keeps (R4623-14).
        assert ("nurse" in durations) == (kind not in PHYSICIAN_ONLY_KINDS), kind
