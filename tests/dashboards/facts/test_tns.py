"""Self-employed offer's indicators (issue 16): monthly facts against counts made by hand on a
small world of two centres; the lists never show a CBI score, nor a name for management;
idempotence; one query per indicator whatever the world."""

import datetime
from decimal import Decimal

import pytest

from dashboards.catalogue.selectors import by_domain, indicator
from dashboards.facts.models import Fact
from dashboards.facts.selectors import Selection, breakdown, figure, series
from dashboards.facts.selectors_sources import sources
from dashboards.facts.services import compute_facts
from tests.accounts.factories import TeamFactory
from tests.dashboards.facts.lists import assert_each_list_is_one_query
from tests.tns.factories import affiliation_for, self_employed
from tns.indicators import selectors_facts as tns
from tns.models import ContactProposal, Screening, TnsAffiliation

D = datetime.date
TODAY = D(2026, 12, 4)
MONTHS = [D(2026, m, 1) for m in (9, 10, 11, 12)]
START, END, LAST = D(2026, 9, 1), D(2026, 12, 31), D(2026, 12, 1)
IDS = [
    "tns_followed",
    "tns_renewals",
    "tns_expiries",
    "tns_screenings",
    "tns_screening_positive",
    "tns_escalated",
]


def _person(team, last_name, start_on, **fields):
    user, affiliation = self_employed(team, start_on=start_on)
    user.last_name = last_name
    user.save(update_fields=["last_name"])
    if fields:
        TnsAffiliation.objects.filter(pk=affiliation.pk).update(**fields)
        affiliation.refresh_from_db()
    return affiliation


def _screening(affiliation, day, *, trigger, outcome=None, closed=None):
    at = datetime.datetime(day.year, day.month, day.day, 9, tzinfo=datetime.UTC)
    screening = Screening.objects.create(
        person=affiliation.person,
        affiliation=affiliation,
        status="submitted",
        submitted_at=at,
        work_score=Decimal("83.25") if trigger else Decimal("27.75"),
        personal_score=Decimal("71.50"),
        trigger=trigger,
    )
    if outcome:
        ContactProposal.objects.create(
            screening=screening,
            team=affiliation.adherent.team,
            due_on=day + datetime.timedelta(days=7),
            status="closed",
            outcome=outcome,
            closed_at=datetime.datetime(
                closed.year, closed.month, closed.day, 9, tzinfo=datetime.UTC
            ),
        )
    return screening


@pytest.fixture
def offer(world):
    """Centre Nord (t1): P1 running; P2 ended 14/10 unrenewed; P3 ended 31/10 renewed by P3r from
    01/11; P4 head of a member company from 20/11; P6 from 10/12 (future). Centre Sud (t2): P5."""
    t1, t2 = world.team, world.other_team
    a = {}
    a["P1"] = _person(t1, "PAPA", D(2026, 3, 2))
    # A year to the anniversary, the end day included (D4622-27-3).
    a["P2"] = _person(t1, "QUEBEC", D(2025, 10, 14), end_on=D(2026, 10, 14), status="expired")
    a["P3"] = _person(t1, "ROMEO", D(2025, 10, 31), end_on=D(2026, 10, 31), status="expired")
    a["P3r"] = affiliation_for(
        a["P3"].person,
        a["P3"].adherent,
        start_on=D(2026, 11, 1),
        renewed_from=a["P3"],
        basis="self_employed",
    )
    a["P4"] = affiliation_for(
        world.actors["portal_admin"], world.adherent, start_on=D(2026, 11, 20)
    )
    a["P5"] = _person(t2, "SIERRA", D(2026, 1, 5))
    a["P6"] = _person(t1, "TANGO", D(2026, 12, 10))
    # Screenings: Nord S1 (Oct, above, escalated to the psychologist), S2 (Nov, below), S3
    # (Nov, above, declined); Sud S4 (Oct, below), S5 (Dec, above, appointment); a draft.
    s = {}
    s["S1"] = _screening(
        a["P1"], D(2026, 10, 5), trigger=True, outcome="psychologist", closed=D(2026, 10, 8)
    )
    s["S2"] = _screening(a["P1"], D(2026, 11, 3), trigger=False)
    s["S3"] = _screening(
        a["P3r"], D(2026, 11, 20), trigger=True, outcome="declined", closed=D(2026, 11, 25)
    )
    s["S4"] = _screening(a["P5"], D(2026, 10, 10), trigger=False)
    s["S5"] = _screening(
        a["P5"], D(2026, 12, 1), trigger=True, outcome="appointment", closed=D(2026, 12, 2)
    )
    Screening.objects.create(person=a["P6"].person, affiliation=a["P6"])  # a draft: not counted
    return {**a, **s, "c1": world.center, "c2": world.other_center, "t1": t1}


def _sel(*centers, end=LAST, kind=""):
    return Selection(
        center_ids=frozenset(c.pk for c in centers), team_ids=None, start=START, end=end, kind=kind
    )


@pytest.fixture
def computed(offer):
    compute_facts(MONTHS, today=TODAY, indicator_ids=IDS)
    return offer


@pytest.mark.django_db
def test_followed_renewals_expiries(computed):
    c1, c2 = computed["c1"], computed["c2"]
    followed = indicator("tns_followed")
    # Nord: 30/09 P1 P2 P3; 31/10 P1 P3; 30/11 P1 P3r P4; 04/12 the same. Sud: P5.
    assert [f.value for _, f in series(followed, _sel(c1))] == [3, 2, 3, 3]
    assert [f.value for _, f in series(followed, _sel(c2))] == [1, 1, 1, 1]
    assert figure(followed, _sel(c1, c2)).value == 4  # December: P1 P3r P4 P5
    assert {k: f.value for k, f in breakdown(followed, _sel(c1), "kind")} == {
        "self_employed": 2,
        "company_head": 1,
    }
    assert figure(indicator("tns_renewals"), _sel(c1)).value == 1  # P3r, November
    assert [f.value for _, f in series(indicator("tns_renewals"), _sel(c1))][2] == 1
    assert figure(indicator("tns_expiries"), _sel(c1)).value == 1  # P2 (P3 was renewed)
    assert figure(indicator("tns_expiries"), _sel(c2)).empty
    teams = set(Fact.objects.filter(indicator__in=IDS).values_list("team_id", flat=True))
    assert None not in teams  # every TNS figure is a team's


@pytest.mark.django_db
def test_screenings_above_trigger_and_escalated(computed):
    c1, c2 = computed["c1"], computed["c2"]
    # Nord: S1 (Oct), S2 and S3 (Nov) = 3, above: S1 S3 = 2/3; Sud: S4, S5 = 2, above 1/2.
    assert figure(indicator("tns_screenings"), _sel(c1)).value == 3
    assert figure(indicator("tns_screenings"), _sel(c2)).value == 2
    positive = indicator("tns_screening_positive")
    nord = figure(positive, _sel(c1))
    assert (nord.numerator, nord.denominator, nord.value) == (2, 3, Decimal("66.7"))
    assert [f.value for _, f in series(positive, _sel(c1))] == [None, 100, 50, None]
    assert figure(positive, _sel(c2)).value == 50
    # Proposals closed: Nord S1 psychologist (Oct), S3 declined (Nov) = 1/2; Sud S5 = 1/1.
    escalated = indicator("tns_escalated")
    assert figure(escalated, _sel(c1)).value == 50
    assert figure(escalated, _sel(c2)).value == 100
    by_outcome = {
        k: (f.numerator, f.denominator) for k, f in breakdown(escalated, _sel(c1), "kind")
    }
    assert by_outcome == {"psychologist": (1, 1), "declined": (0, 1)}


def _drill(fn, offer, *, part="num", kind="", show_people=False, end=END, teams=None):
    columns, queryset, row = fn(
        center_ids=[offer["c1"].pk],
        team_ids=teams,
        start=START,
        end=end,
        kind=kind,
        performer="",
        part=part,
        show_people=show_people,
    )
    items = list(queryset)
    rows = [row(item) for item in items]
    return columns, items, rows, " ".join(str(c) for r in rows for c in r)


@pytest.mark.django_db
def test_drill_lists_never_a_score_nor_a_name_for_management(offer, django_assert_max_num_queries):
    names = ("PAPA", "QUEBEC", "ROMEO", "SIERRA", "Cabinet Iris")
    with django_assert_max_num_queries(1):
        columns, items, rows, text = _drill(tns.screening_positive_rows, offer, part="all")
    assert [i.pk for i in items] == [offer[k].pk for k in ("S1", "S2", "S3")]
    assert [r[-1] for r in rows] == ["oui", "non", "oui"]
    assert not any(score in text for score in ("83.25", "27.75", "71.5"))  # no score
    assert not any(name in text for name in names)
    assert len(columns) == len(rows[0])
    _, items, _, _ = _drill(tns.screening_positive_rows, offer, part="rest")
    assert [i.pk for i in items] == [offer["S2"].pk]
    columns, _, _, text = _drill(tns.screenings_rows, offer, show_people=True)
    assert "Personne" in columns
    assert "PAPA" in text
    assert "83.25" not in text
    _, items, _, text = _drill(tns.followed_rows, offer, end=D(2026, 10, 31))
    assert [i.pk for i in items] == [offer["P3"].pk, offer["P1"].pk]
    assert not any(name in text for name in names)
    _, items, _, text = _drill(tns.followed_rows, offer, end=D(2026, 10, 31), show_people=True)
    assert "ROMEO" in text
    assert "Cabinet Iris" in text
    _, items, _, _ = _drill(tns.renewals_rows, offer)
    assert [i.pk for i in items] == [offer["P3r"].pk]
    _, items, _, _ = _drill(tns.expiries_rows, offer)
    assert [i.pk for i in items] == [offer["P2"].pk]
    _, items, _, text = _drill(tns.escalated_rows, offer, part="rest")
    assert [i.screening_id for i in items] == [offer["S3"].pk]
    assert "ROMEO" not in text
    _, items, _, _ = _drill(tns.escalated_rows, offer, part="num", teams=[offer["t1"].pk + 999])
    assert items == []


@pytest.mark.django_db
def test_idempotent(offer):
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
    assert first
    assert rows() == first


@pytest.mark.django_db
def test_one_query_per_indicator_whatever_the_world(offer, django_assert_num_queries):
    computes = [
        tns.followed_facts,
        tns.renewals_facts,
        tns.expiries_facts,
        tns.screenings_facts,
        tns.screening_positive_facts,
        tns.escalated_facts,
    ]
    for compute in computes:
        with django_assert_num_queries(1):
            list(compute(MONTHS, TODAY))
    for n in range(5):
        affiliation = _person(TeamFactory(), f"UNIFORM{n}", D(2026, 2, n + 1))
        _screening(
            affiliation, D(2026, 10, n + 1), trigger=True, outcome="pdp", closed=D(2026, 11, 1)
        )
    for compute in computes:
        with django_assert_num_queries(1):
            list(compute(MONTHS, TODAY))


def test_every_indicator_of_the_domain_has_its_source():
    assert {i.id for i in by_domain("tns")} == set(IDS)
    assert all(sources()[i].drill for i in IDS)


@pytest.mark.django_db
@pytest.mark.parametrize("show_people", [False, True])
def test_every_list_is_one_query(offer, show_people, django_assert_num_queries):
    assert_each_list_is_one_query(
        IDS, offer["c1"], START, END, show_people, django_assert_num_queries
    )
