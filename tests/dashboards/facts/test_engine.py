"""The facts engine on known cells: idempotent compute, flows, stocks, histograms, filters."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards.catalogue.selectors import indicator
from dashboards.facts.models import Fact, FactRun
from dashboards.facts.selectors import FactSet, Selection, breakdown, figure, last_run, series
from dashboards.facts.services import compute_facts, compute_recent_facts
from tests.accounts.factories import HealthCenterFactory, TeamFactory

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)
TODAY = date(2026, 3, 20)


@pytest.fixture
def places():
    north, south = HealthCenterFactory(name="Nord"), HealthCenterFactory(name="Sud")
    return (
        north,
        south,
        TeamFactory(center=north),
        TeamFactory(center=north),
        TeamFactory(center=south),
    )


def _everything(places, **kw):
    north, south, *_ = places
    return Selection(
        center_ids=frozenset({north.pk, south.pk}), team_ids=None, start=JAN, end=MAR, **kw
    )


def test_compute_is_idempotent_and_replaces_vanished_cells(test_indicators, places):
    north, south, a, b, c = places
    test_indicators.cell("t_flow", north, JAN, 3, 4, team=a, kind="VIP", performer="nurse")
    test_indicators.cell("t_flow", south, FEB, 1, 2, team=c, kind="VIP", performer="physician")
    compute_facts([JAN, FEB, MAR], today=TODAY)
    first = sorted(
        Fact.objects.values_list("indicator", "center_id", "team_id", "month", "numerator")
    )
    compute_facts([JAN, FEB, MAR], today=TODAY)
    assert (
        sorted(Fact.objects.values_list("indicator", "center_id", "team_id", "month", "numerator"))
        == first
    )
    assert len(first) == 2
    test_indicators.rows["t_flow"].pop()  # the February visit was deleted since
    run = compute_facts([JAN, FEB, MAR], today=TODAY)
    assert Fact.objects.filter(indicator="t_flow").count() == 1
    assert run.finished_at
    assert run.rows == 1
    assert FactRun.objects.count() == 3


def test_a_future_month_is_never_computed(test_indicators, places):
    north, *_ = places
    test_indicators.cell("t_stock", north, MAR, 10)
    run = compute_facts([MAR, date(2026, 4, 1)], today=TODAY)
    assert (run.first_month, run.last_month) == (MAR, MAR)


def test_nightly_recompute_covers_thirteen_months(test_indicators, places):
    run = compute_recent_facts(TODAY)
    assert (run.first_month, run.last_month) == (date(2025, 3, 1), MAR)


def test_flow_ratio_sums_months_and_filters(test_indicators, places):
    north, south, a, b, c = places
    # January, team a: 3 on time of 4 (nurse); February team b: 1 of 4 (physician); south 5 of 5.
    test_indicators.cell("t_flow", north, JAN, 3, 4, team=a, kind="VIP", performer="nurse")
    test_indicators.cell("t_flow", north, FEB, 1, 4, team=b, kind="REPRISE", performer="physician")
    test_indicators.cell("t_flow", south, FEB, 5, 5, team=c, kind="VIP", performer="nurse")
    compute_facts([JAN, FEB, MAR], today=TODAY)
    flow = indicator("t_flow")
    whole = figure(flow, _everything(places))
    assert (whole.numerator, whole.denominator, whole.value) == (9, 13, Decimal("69.2"))  # 9/13
    north_only = Selection(frozenset({north.pk}), None, JAN, MAR)
    assert figure(flow, north_only).value == Decimal("50.0")  # 4/8
    assert figure(flow, _everything(places, performer="nurse")).value == Decimal("88.9")  # 8/9
    team_a = Selection(frozenset({north.pk}), frozenset({a.pk}), JAN, MAR)
    assert figure(flow, team_a).value == Decimal("75.0")
    months = series(flow, _everything(places))
    assert [m for m, _ in months] == [JAN, FEB, MAR]
    assert [f.value for _, f in months] == [Decimal("75.0"), Decimal("66.7"), None]  # 6/9 in Feb
    by_kind = dict(breakdown(flow, _everything(places), "kind"))
    assert by_kind["VIP"].value == Decimal("88.9")
    assert by_kind["REPRISE"].value == Decimal("25.0")
    by_centre = dict(breakdown(flow, _everything(places), "center_id"))
    assert by_centre[south.pk].value == Decimal("100.0")


def test_stock_reads_the_last_month_of_the_period(test_indicators, places):
    north, south, a, b, c = places
    test_indicators.cell("t_stock", north, JAN, 100, team=a)
    test_indicators.cell("t_stock", north, FEB, 110, team=a)
    test_indicators.cell("t_stock", south, FEB, 40, team=c)
    test_indicators.cell("t_stock", north, MAR, 120, team=a)
    compute_facts([JAN, FEB, MAR], today=TODAY)
    stock = indicator("t_stock")
    assert figure(stock, _everything(places)).value == 120  # March: south has no row yet
    until_feb = Selection(frozenset({north.pk, south.pk}), None, JAN, FEB)
    assert figure(stock, until_feb).value == 150  # 110 + 40, never 100 + 110 + 40
    assert [f.value for _, f in series(stock, until_feb)] == [100, 150]


def test_histogram_gives_the_median_over_months_and_teams(test_indicators, places):
    north, south, a, b, c = places
    # January: 2 cases at 3 days, 1 at 20; February: 1 case at 5 days, 1 at 8 days.
    test_indicators.cell("t_days", north, JAN, 2, kind="3")
    test_indicators.cell("t_days", north, JAN, 1, kind="20")
    test_indicators.cell("t_days", south, FEB, 1, kind="5")
    test_indicators.cell("t_days", south, FEB, 1, kind="8")
    compute_facts([JAN, FEB], today=TODAY)
    days = indicator("t_days")
    result = figure(days, _everything(places))
    assert result.value == 5
    assert result.numerator == 5
    assert [f.value for _, f in series(days, _everything(places))][:2] == [3, Decimal("6.5")]
    assert dict(breakdown(days, _everything(places), "center_id"))[north.pk].value == 3


def test_a_source_row_outside_the_months_asked_is_refused(test_indicators, places, monkeypatch):
    from dashboards.facts import selectors_sources_suivi

    north, *_ = places
    stray = {"center_id": north.pk, "team_id": None, "month": date(2025, 6, 1), "numerator": 1}
    monkeypatch.setitem(
        selectors_sources_suivi.SOURCES, "t_stock", (lambda months, today: [stray], None)
    )
    with pytest.raises(ValueError, match="outside the months asked"):
        compute_facts([JAN], today=TODAY, indicator_ids=["t_stock"])
    assert not Fact.objects.exists()


def test_a_set_read_with_its_run_is_kept_until_the_next_run(
    test_indicators, places, django_assert_num_queries
):
    """With the last run, a page's facts are read once per process and added up once; a new
    computation is a new run, hence new figures."""
    north, south, a, b, c = places
    test_indicators.cell("t_flow", north, JAN, 3, 4, team=a, kind="VIP", performer="nurse")
    compute_facts([JAN, FEB, MAR], today=TODAY)
    flow, selection = indicator("t_flow"), _everything(places)
    run = last_run()
    first = FactSet.load([flow], selection, run=run)
    assert first.figure(flow).value == Decimal("75.0")
    months = first.series(flow, selection.months)
    months.clear()  # a caller's list: the set's own sums are untouched
    with django_assert_num_queries(0):
        again = FactSet.load([flow], selection, run=run)
        assert again is first
        assert [f.value for _, f in again.series(flow, selection.months)][0] == Decimal("75.0")
        assert dict(again.breakdown(flow, "kind"))["VIP"].value == Decimal("75.0")
    test_indicators.cell("t_flow", south, FEB, 5, 5, team=c, kind="VIP", performer="nurse")
    compute_facts([JAN, FEB, MAR], today=TODAY)
    after = FactSet.load([flow], selection, run=last_run())
    assert after is not first
    assert after.figure(flow).value == Decimal("88.9")  # 8 of 9


def test_the_last_run_is_read_once_then_follows_every_run(django_assert_num_queries):
    """Kept in the cache (dashboards/selectors_reference.py) until a run is saved or deleted."""
    with django_assert_num_queries(1):
        assert last_run() is None
    with django_assert_num_queries(0):
        assert last_run() is None
    month = date(2026, 1, 1)
    run = FactRun.objects.create(started_at=timezone.now(), first_month=month, last_month=month)
    assert last_run() is None  # not finished yet
    run.finished_at = timezone.now()
    run.save()
    with django_assert_num_queries(1):
        assert last_run() == run
    with django_assert_num_queries(0):
        assert last_run() == run
    run.delete()
    assert last_run() is None
