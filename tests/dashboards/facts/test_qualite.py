"""Quality indicators (issue 16): open non-conformities by severity, late corrective actions,
audits held, against counts made by hand on two centres; centre-level figures; lists without
free text for management; idempotence; one query per indicator whatever the world."""

import datetime

import pytest

from certification.audits import selectors_facts as audits
from certification.nonconformities import selectors_facts as quality
from dashboards.catalogue.selectors import by_domain, indicator
from dashboards.facts.models import Fact
from dashboards.facts.selectors import Selection, breakdown, figure, series
from dashboards.facts.selectors_sources import sources
from dashboards.facts.services import compute_facts
from tests.accounts.factories import HealthCenterFactory
from tests.certification.factories import (
    AuditFactory,
    CorrectiveActionFactory,
    NonConformityFactory,
)
from tests.dashboards.facts.lists import assert_each_list_is_one_query

D = datetime.date
TODAY = D(2026, 12, 4)
MONTHS = [D(2026, m, 1) for m in (9, 10, 11, 12)]
START, END, LAST = D(2026, 9, 1), D(2026, 12, 31), D(2026, 12, 1)
IDS = ["nc_open", "corrective_actions_late", "audits_held"]


def _nc(center, detected_on, severity="minor", closed_on=None, **fields):
    return NonConformityFactory(
        center=center,
        detected_on=detected_on,
        severity=severity,
        closed_on=closed_on,
        cause_analysis="Procédure non diffusée." if closed_on else "",
        **fields,
    )


@pytest.fixture
def register(world):
    """Nord: N1 minor open since 10/08; N2 major 05/10 → 10/11; N3 major open since 20/11; N6
    closed before the period. Sud: N4 minor 15/09 → 25/09; N7 major open since 01/09."""
    c1, c2 = world.center, world.other_center
    n = {}
    n["N1"] = _nc(c1, D(2026, 8, 10), title="Plainte de M. DURAND sur sa convocation")
    n["N2"] = _nc(c1, D(2026, 10, 5), "major", D(2026, 11, 10))
    n["N3"] = _nc(c1, D(2026, 11, 20), "major")
    n["N6"] = _nc(c1, D(2026, 5, 1), "minor", D(2026, 8, 31))
    n["N4"] = _nc(c2, D(2026, 9, 15), "minor", D(2026, 9, 25))
    n["N7"] = _nc(c2, D(2026, 9, 1), "major")
    # Actions: A1 (N1) due 15/10 not done; A2 (N1) due 10/09 done 05/11; A3 (N3) due 2027;
    # A4 (N7, Sud) due 30/11 not done.
    a = {}
    a["A1"] = CorrectiveActionFactory(
        nonconformity=n["N1"], due_on=D(2026, 10, 15), description="Rappeler M. DURAND"
    )
    a["A2"] = CorrectiveActionFactory(
        nonconformity=n["N1"], due_on=D(2026, 9, 10), done_on=D(2026, 11, 5)
    )
    a["A3"] = CorrectiveActionFactory(nonconformity=n["N3"], due_on=D(2027, 2, 20))
    a["A4"] = CorrectiveActionFactory(nonconformity=n["N7"], due_on=D(2026, 11, 30))
    # Audits: Nord internal 20-22/09, certification 03-05/11, internal 08-10/12 (not held by
    # 04/12); Sud cross 01-02/10.
    u = {}
    u["U1"] = AuditFactory(center=c1, starts_on=D(2026, 9, 20), ends_on=D(2026, 9, 22))
    u["U2"] = AuditFactory(
        center=c1, kind="external", starts_on=D(2026, 11, 3), ends_on=D(2026, 11, 5)
    )
    u["U3"] = AuditFactory(center=c1, starts_on=D(2026, 12, 8), ends_on=D(2026, 12, 10))
    u["U4"] = AuditFactory(
        center=c2, kind="cross", starts_on=D(2026, 10, 1), ends_on=D(2026, 10, 2)
    )
    return {**n, **a, **u, "c1": c1, "c2": c2, "t1": world.team}


def _sel(*centers, end=LAST, teams=None):
    return Selection(
        center_ids=frozenset(c.pk for c in centers),
        team_ids=teams,
        start=START,
        end=end,
    )


@pytest.fixture
def computed(register):
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    return register


@pytest.mark.django_db
def test_open_nonconformities_by_severity(computed):
    c1, c2 = computed["c1"], computed["c2"]
    ind = indicator("nc_open")
    # Nord: 30/09 N1; 31/10 N1 N2; 30/11 N1 N3; 04/12 N1 N3. Sud: N7 (N4 closed before 30/09).
    assert [f.value for _, f in series(ind, _sel(c1))] == [1, 2, 2, 2]
    assert [f.value for _, f in series(ind, _sel(c2))] == [1, 1, 1, 1]
    assert {k: f.value for k, f in breakdown(ind, _sel(c1), "kind")} == {"minor": 1, "major": 1}
    assert {k: f.value for k, f in breakdown(ind, _sel(c1, end=D(2026, 10, 1)), "kind")} == {
        "minor": 1,
        "major": 1,
    }
    assert figure(ind, _sel(c1, c2)).value == 3
    # Centre-level: no team, so a reader limited to teams sees nothing.
    assert not Fact.objects.filter(indicator__in=IDS, team__isnull=False).exists()
    assert figure(ind, _sel(c1, teams=frozenset({computed["t1"].pk}))).empty


@pytest.mark.django_db
def test_late_corrective_actions_and_audits_held(computed):
    c1, c2 = computed["c1"], computed["c2"]
    late = indicator("corrective_actions_late")
    # Nord: 30/09 A2; 31/10 A1 A2; 30/11 A1 (A2 done 05/11); 04/12 A1. Sud: 04/12 A4 only.
    assert [f.value for _, f in series(late, _sel(c1))] == [1, 2, 1, 1]
    assert [f.value for _, f in series(late, _sel(c2))] == [0, 0, 0, 1]
    held = indicator("audits_held")
    # Nord: U1 (Sept, internal), U2 (Nov, certification); U3 ends 10/12, after today. Sud: U4.
    assert figure(held, _sel(c1)).value == 2
    assert {k: f.value for k, f in breakdown(held, _sel(c1), "kind")} == {
        "internal": 1,
        "external": 1,
    }
    assert figure(held, _sel(c2)).value == 1


def _drill(fn, register, *, end=END, kind="", show_people=False, teams=None, center="c1"):
    columns, queryset, row = fn(
        center_ids=[register[center].pk],
        team_ids=teams,
        start=START,
        end=end,
        kind=kind,
        performer="",
        part="num",
        show_people=show_people,
    )
    items = list(queryset)
    rows = [row(item) for item in items]
    return columns, items, rows, " ".join(str(c) for r in rows for c in r)


@pytest.mark.django_db
def test_drill_lists(register, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        columns, items, rows, text = _drill(quality.nc_open_rows, register, end=D(2026, 10, 31))
    assert [i.pk for i in items] == [register["N1"].pk, register["N2"].pk]
    assert "DURAND" not in text  # free text only for readers who may see the workers
    assert len(columns) == len(rows[0])
    _, items, _, text = _drill(quality.nc_open_rows, register, kind="major")
    assert [i.pk for i in items] == [register["N3"].pk]  # open on 04/12, today (period not over)
    _, _, _, text = _drill(quality.nc_open_rows, register, end=D(2026, 10, 31), show_people=True)
    assert "DURAND" in text
    _, items, _, _ = _drill(quality.nc_open_rows, register, teams=[register["t1"].pk])
    assert items == []
    _, items, rows, text = _drill(quality.actions_late_rows, register, end=D(2026, 10, 31))
    assert [i.pk for i in items] == [register["A2"].pk, register["A1"].pk]
    assert [r[-1] for r in rows] == [51, 16]  # days late on 31/10
    assert "DURAND" not in text
    _, items, _, _ = _drill(audits.audits_held_rows, register, end=D(2026, 11, 30))
    assert [i.pk for i in items] == [register["U1"].pk, register["U2"].pk]
    _, items, _, _ = _drill(audits.audits_held_rows, register, center="c2")
    assert [i.pk for i in items] == [register["U4"].pk]


@pytest.mark.django_db
def test_idempotent(register):
    def rows():
        return sorted(
            Fact.objects.filter(indicator__in=IDS).values_list(
                "indicator", "center_id", "team_id", "month", "kind", "numerator"
            ),
            key=str,
        )

    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    first = rows()
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    assert first
    assert rows() == first


@pytest.mark.django_db
def test_one_query_per_indicator_whatever_the_world(register, django_assert_num_queries):
    computes = [quality.nc_open_facts, quality.actions_late_facts, audits.audits_held_facts]
    for compute in computes:
        with django_assert_num_queries(1):
            list(compute(MONTHS, TODAY))
    for n in range(4):
        center = HealthCenterFactory()
        nc = _nc(center, D(2026, 9, n + 1), "major")
        CorrectiveActionFactory(nonconformity=nc, due_on=D(2026, 10, n + 1))
        AuditFactory(center=center, starts_on=D(2026, 10, n + 1), ends_on=D(2026, 10, n + 2))
    for compute in computes:
        with django_assert_num_queries(1):
            list(compute(MONTHS, TODAY))


def test_every_indicator_of_the_domain_has_its_source():
    assert {i.id for i in by_domain("qualite")} == set(IDS)
    assert all(sources()[i].drill for i in IDS)


@pytest.mark.django_db
@pytest.mark.parametrize("show_people", [False, True])
def test_every_list_is_one_query(register, show_people, django_assert_num_queries):
    assert_each_list_is_one_query(
        IDS, register["c1"], START, END, show_people, django_assert_num_queries
    )
