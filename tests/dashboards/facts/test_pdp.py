"""PDP indicators (issue 16): monthly facts of the cell against counts made by hand on a small
world of two centres, their lists (never a name for management), idempotence, query counts."""

import datetime
from decimal import Decimal

import pytest

from dashboards.catalogue.selectors import by_domain, indicator
from dashboards.facts.models import Fact
from dashboards.facts.selectors import Selection, breakdown, figure, series
from dashboards.facts.selectors_sources import sources
from dashboards.facts.services import compute_facts
from pdp.caseload import selectors_facts as pdp
from pdp.models import CaseFollowUp, PdpCase, PdpMeasure
from tests.accounts.factories import TeamFactory
from tests.adherents.factories import AdherentFactory
from tests.dashboards.facts.lists import assert_each_list_is_one_query
from tests.pdp.factories import PdpCaseFactory
from tests.suivi_sante.factories import WorkerFactory

TODAY = datetime.date(2026, 12, 4)
MONTHS = [datetime.date(2026, m, 1) for m in (9, 10, 11, 12)]
START, END = datetime.date(2026, 9, 1), datetime.date(2026, 12, 31)
IDS = [
    "pdp_referrals",
    "pdp_first_contact_days",
    "pdp_outcome_6m",
    "pdp_open_cases",
    "pdp_measures",
]
D = datetime.date


def _worker(team, last_name):
    return WorkerFactory(adherent=AdherentFactory(team=team), last_name=last_name)


def _closed(case, on, outcome, follow_up=None):
    """Close a case; follow_up=(done_on, outcome) records its 6-month follow-up."""
    PdpCase.objects.filter(pk=case.pk).update(status="closed", closed_on=on, outcome=outcome)
    if follow_up:
        CaseFollowUp.objects.create(
            case=case, months=6, due_on=on, done_on=follow_up[0], outcome=follow_up[1]
        )


def _measure(case, kind, on, actor):
    measure = PdpMeasure.objects.create(
        case=case, kind=kind, employer_text="Poste assis, port de charges limité.", created_by=actor
    )
    at = datetime.datetime(on.year, on.month, on.day, 10, tzinfo=datetime.UTC)
    PdpMeasure.objects.filter(pk=measure.pk).update(created_at=at)


@pytest.fixture
def cell(world):
    """Centre Nord (teams t1, t1b) and centre Sud (t2); the cases of the module docstring."""
    c1, c2, t1, t2 = world.center, world.other_center, world.team, world.other_team
    t1b = TeamFactory(center=c1, name="Équipe Nord B")
    actor = world.actors["physician"]
    cases = {}
    # A, B: team t1; C: team t1b; D: a person not in the records (centre-level); F: a worker
    # whose member is followed in centre Sud, referred to centre Nord's cell (centre-level).
    cases["A"] = PdpCaseFactory(
        worker=_worker(t1, "ALPHA"),
        source="physician",
        received_on=D(2026, 10, 5),
        first_contact_on=D(2026, 10, 8),
    )
    cases["B"] = PdpCaseFactory(
        worker=_worker(t1, "BRAVO"),
        source="employer",
        received_on=D(2026, 10, 20),
        first_contact_on=D(2026, 10, 21),
    )
    _closed(cases["B"], D(2026, 11, 15), "kept_in_post")
    cases["C"] = PdpCaseFactory(
        worker=_worker(t1b, "CHARLIE"), source="physician", received_on=D(2026, 11, 3)
    )
    cases["D"] = PdpCaseFactory(
        center=c1,
        worker=None,
        adherent=None,
        person_last_name="DELTA",
        person_first_name="Dora",
        source="cap_emploi",
        received_on=D(2026, 11, 10),
        first_contact_on=D(2026, 11, 20),
    )
    cases["F"] = PdpCaseFactory(
        center=c1, worker=_worker(t2, "FOXTROT"), source="mdph", received_on=D(2026, 9, 15)
    )
    cases["E"] = PdpCaseFactory(
        worker=_worker(t2, "ECHO"),
        source="worker",
        received_on=D(2026, 10, 2),
        first_contact_on=D(2026, 10, 9),
    )
    # Closed in April-May 2026: their 6-month outcome counts in October-November.
    cases["G"] = PdpCaseFactory(worker=_worker(t1, "GOLF"), received_on=D(2026, 1, 10))
    _closed(cases["G"], D(2026, 4, 10), "kept_in_post", (D(2026, 10, 12), "kept_with_adjustment"))
    cases["H"] = PdpCaseFactory(worker=_worker(t1, "HOTEL"), received_on=D(2026, 2, 1))
    _closed(cases["H"], D(2026, 4, 20), "lost")
    cases["I"] = PdpCaseFactory(worker=_worker(t1b, "INDIA"), received_on=D(2026, 3, 1))
    _closed(cases["I"], D(2026, 5, 3), "retraining", (D(2026, 11, 4), "unfit_dismissal"))
    cases["J"] = PdpCaseFactory(worker=_worker(t2, "JULIETT"), received_on=D(2026, 2, 15))
    _closed(cases["J"], D(2026, 4, 28), "kept_in_post", (D(2026, 10, 30), "kept_in_post"))
    _measure(cases["A"], "prereprise_visit", D(2026, 10, 10), actor)
    _measure(cases["A"], "workstation_adjustment", D(2026, 11, 2), actor)
    _measure(cases["E"], "prereprise_visit", D(2026, 10, 15), actor)
    cases.update(c1=c1, c2=c2, t1=t1, t1b=t1b, t2=t2, actor=actor)
    return cases


LAST = datetime.date(2026, 12, 1)


def _sel(*centers, teams=None, start=START, end=LAST, kind=""):
    return Selection(
        center_ids=frozenset(c.pk for c in centers),
        team_ids=None if teams is None else frozenset(t.pk for t in teams),
        start=start,
        end=end,
        kind=kind,
    )


def _value(indicator_id, selection):
    return figure(indicator(indicator_id), selection).value


@pytest.mark.django_db
def test_referrals_by_source_per_centre_and_team(cell):
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    c1, c2 = cell["c1"], cell["c2"]
    # Nord: F (Sept), A and B (Oct), C and D (Nov) = 5; Sud: E = 1.
    assert _value("pdp_referrals", _sel(c1)) == 5
    assert _value("pdp_referrals", _sel(c2)) == 1
    assert _value("pdp_referrals", _sel(c1, c2)) == 6
    assert _value("pdp_referrals", _sel(c1, teams=[cell["t1"]])) == 2  # A, B
    by_source = {k: f.value for k, f in breakdown(indicator("pdp_referrals"), _sel(c1), "kind")}
    assert by_source == {"physician": 2, "employer": 1, "cap_emploi": 1, "mdph": 1}
    monthly = [f.value for _, f in series(indicator("pdp_referrals"), _sel(c1))]
    assert monthly == [1, 2, 2, None]
    # D (no member) and F (member followed by centre Sud) are centre-level in centre Nord.
    assert set(
        Fact.objects.filter(indicator="pdp_referrals", team__isnull=True).values_list(
            "center_id", "kind"
        )
    ) == {(c1.pk, "cap_emploi"), (c1.pk, "mdph")}


@pytest.mark.django_db
def test_median_days_to_first_contact(cell):
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    c1, c2 = cell["c1"], cell["c2"]
    # Nord: A 3 days, B 1 day, D 10 days (C and F not contacted) -> median 3; Sud: E 7 days.
    assert _value("pdp_first_contact_days", _sel(c1)) == 3
    assert _value("pdp_first_contact_days", _sel(c2)) == 7
    assert _value("pdp_first_contact_days", _sel(c1, c2)) == 5  # 1, 3, 7, 10
    assert set(
        Fact.objects.filter(indicator="pdp_first_contact_days", center=c1).values_list(
            "month", "kind", "numerator"
        )
    ) == {(D(2026, 10, 1), "3", 1), (D(2026, 10, 1), "1", 1), (D(2026, 11, 1), "10", 1)}


@pytest.mark.django_db
def test_outcome_known_six_months_after_closing(cell):
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    c1, c2 = cell["c1"], cell["c2"]
    ind = indicator("pdp_outcome_6m")
    # Nord: closed in April G (known) and H (not yet) -> October 1/2; closed in May I (known)
    # -> November 1/1; the period 2/3. Sud: J, closed in April, known -> October 1/1.
    nord = figure(ind, _sel(c1))
    assert (nord.numerator, nord.denominator, nord.value) == (2, 3, Decimal("66.7"))
    assert [f.value for _, f in series(ind, _sel(c1))] == [None, 50, 100, None]
    assert figure(ind, _sel(c2)).value == 100
    by_outcome = {k: (f.numerator, f.denominator) for k, f in breakdown(ind, _sel(c1), "kind")}
    assert by_outcome == {
        "kept_with_adjustment": (1, 1),
        "unfit_dismissal": (1, 1),
        "unknown": (0, 1),
    }


@pytest.mark.django_db
def test_open_cases_at_each_month_end(cell):
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    c1, c2 = cell["c1"], cell["c2"]
    ind = indicator("pdp_open_cases")
    # Nord: 30/09 F; 31/10 F, A, B; 30/11 and 04/12 F, A, C, D (B closed 15/11). Sud: E.
    assert [f.value for _, f in series(ind, _sel(c1))] == [1, 3, 4, 4]
    assert [f.value for _, f in series(ind, _sel(c2))] == [0, 1, 1, 1]
    assert _value("pdp_open_cases", _sel(c1)) == 4  # a stock reads its last month
    assert _value("pdp_open_cases", _sel(c1, end=D(2026, 10, 1))) == 3
    assert _value("pdp_open_cases", _sel(c1, teams=[cell["t1b"]])) == 1  # C


@pytest.mark.django_db
def test_measures_by_kind(cell):
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    c1, c2 = cell["c1"], cell["c2"]
    ind = indicator("pdp_measures")
    assert {k: f.value for k, f in breakdown(ind, _sel(c1), "kind")} == {
        "prereprise_visit": 1,
        "workstation_adjustment": 1,
    }
    assert _value("pdp_measures", _sel(c2, kind="prereprise_visit")) == 1


def _drill(fn, cell, *, part="num", kind="", show_people=False, teams=None, end=END, c=None):
    columns, queryset, row = fn(
        center_ids=[(c or cell["c1"]).pk],
        team_ids=teams,
        start=START,
        end=end,
        kind=kind,
        performer="",
        part=part,
        show_people=show_people,
    )
    items = list(queryset)
    return columns, items, [row(item) for item in items]


def _names(cell):
    return {"ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL", "INDIA"}


@pytest.mark.django_db
def test_drill_lists_without_names_nor_case_content(cell, django_assert_max_num_queries):
    ids = lambda items: [item.pk for item in items]  # noqa: E731
    with django_assert_max_num_queries(1):
        columns, items, rows = _drill(pdp.referrals_rows, cell)
    assert ids(items) == [cell[k].pk for k in "FABCD"]
    text = " ".join(str(cell_) for r in rows for cell_ in r).upper()
    assert not any(name in text for name in _names(cell))
    assert "RETOUR INCERTAIN" not in text  # the reason of the referral (case content)
    assert len(columns) == len(rows[0])
    _, items, _ = _drill(pdp.referrals_rows, cell, teams=[cell["t1"].pk])
    assert ids(items) == [cell["A"].pk, cell["B"].pk]
    _, items, _ = _drill(pdp.referrals_rows, cell, kind="physician")
    assert ids(items) == [cell["A"].pk, cell["C"].pk]
    columns, _, rows = _drill(pdp.referrals_rows, cell, show_people=True)
    assert "Salarié" in columns
    named = " ".join(str(c) for r in rows for c in r)
    assert "ALPHA" in named
    assert "DELTA" not in named  # a person not in the records: named to the cell only
    _, items, rows = _drill(pdp.first_contact_days_rows, cell, kind="10")
    assert ids(items) == [cell["D"].pk]
    assert rows[0][-1] == 10
    _, items, _ = _drill(pdp.first_contact_days_rows, cell, part="rest")
    assert ids(items) == [cell["F"].pk, cell["C"].pk]
    _, items, rows = _drill(pdp.outcome_6m_rows, cell, part="num")
    assert ids(items) == [cell["G"].pk, cell["I"].pk]
    assert rows[0][-1] == "Maintien avec aménagement"
    _, items, _ = _drill(pdp.outcome_6m_rows, cell, part="rest")
    assert ids(items) == [cell["H"].pk]
    _, items, _ = _drill(pdp.open_cases_rows, cell, end=D(2026, 11, 30))
    assert ids(items) == [cell[k].pk for k in "FACD"]
    _, items, _ = _drill(pdp.open_cases_rows, cell, c=cell["c2"], end=D(2026, 11, 30))
    assert ids(items) == [cell["E"].pk]
    columns, items, rows = _drill(pdp.measures_rows, cell)
    assert [r[1] for r in rows] == [
        "Visite de préreprise",
        "Aménagement ou adaptation du poste, du temps de travail",
    ]
    assert "Poste assis" not in " ".join(str(c) for r in rows for c in r)


@pytest.mark.django_db
def test_idempotent(cell):
    def rows():
        return sorted(
            Fact.objects.filter(indicator__in=IDS).values_list(
                "indicator", "center_id", "team_id", "month", "kind", "numerator", "denominator"
            ),
            key=str,
        )

    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    first = rows()
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    assert rows() == first
    assert first


@pytest.mark.django_db
def test_one_query_per_indicator_whatever_the_world(cell, django_assert_num_queries):
    computes = [
        pdp.referrals_facts,
        pdp.first_contact_days_facts,
        pdp.outcome_6m_facts,
        pdp.open_cases_facts,
        pdp.measures_facts,
    ]
    for compute in computes:
        with django_assert_num_queries(1):
            list(compute(MONTHS, TODAY))
    for n in range(6):
        team = TeamFactory()
        case = PdpCaseFactory(worker=_worker(team, f"ZULU{n}"), received_on=D(2026, 10, n + 1))
        _closed(case, D(2026, 11, n + 1), "lost")
        _measure(case, "rqth", D(2026, 10, 20), cell["actor"])
    for compute in computes:
        with django_assert_num_queries(1):
            list(compute(MONTHS, TODAY))


def test_every_indicator_of_the_domain_has_its_source():
    assert {i.id for i in by_domain("pdp")} == set(IDS)
    assert all(sources()[i].drill for i in IDS)


@pytest.mark.django_db
@pytest.mark.parametrize("show_people", [False, True])
def test_every_list_is_one_query(cell, show_people, django_assert_num_queries):
    assert_each_list_is_one_query(
        IDS, cell["c1"], START, END, show_people, django_assert_num_queries
    )
