"""The follow-up indicators (issue 16) on a small world, against counts made by hand.

The world, on 15/06/2026, months March to June 2026 (visits held at 09:00 UTC, 11:00 in Paris):

Centre Nord: team N1 (member "Alpha"), team N2 (member "Bêta"). Centre Sud: team S1 ("Gamma").

visit  worker  team kind            by         mode   due     held / status          convened
V1     w1      N1   VIP             physician  pers.  20/04   held 10/04 (on time)    yes
V2     w2      N1   SIR_PERIODIQUE  physician  pers.  05/04   held 25/04 (20 d late)  yes
V3     w3      N2   VIP             nurse      tele   30/05   held 12/05 (on time)    yes
V7     w7      S1   MI_CARRIERE     physician  pers.  31/03   held 10/03 (on time)    yes
V10    w10     S1   DEMANDE         physician  tele   —       held 05/05              no
V12    w12     N1   VIP             physician  pers.  —       held 12/06              no
Vns    w9      N1   VIP             physician  pers.  —       sched. 20/05 unexcused  yes
Vex    w9      N1   VIP             physician  pers.  —       sched. 22/05 excused    yes
Vca    w9      N1   VIP             physician  pers.  —       sched. 25/05 cancelled  yes
Vfu    w9      N1   VIP             physician  pers.  —       sched. 20/06 planned    yes
Vold   w15     N1   VIP             physician  pers.  —       held 02/05/2023         no

Still due (DueVisit): w4 N1 VIP 10/05; w8 S1 REPRISE 15/03; w11 S1 VIP 15/04; w14 N1 VIP 10/06;
w5 N1 VIP 20/06 (not yet past); w6 N1 PRE_REPRISE 01/04 (never late).

Employments: w1 02/03 (and another since 2025), w4 05/03, w12 10/03, w13 03/03 (owes no VIP),
w14 20/03 (CDD), w15 12/03, w7 01/03, w11 09/03, w2 2020 → 30/04/2026; a merged duplicate of w1
with a running employment (never counted).
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.core.paginator import Paginator

from dashboards.catalogue.selectors import indicator
from dashboards.facts.models import Fact
from dashboards.facts.selectors import Selection, breakdown, figure, series
from dashboards.facts.selectors_sources import sources
from dashboards.facts.services import compute_facts
from dashboards.rules.periods import month_range
from suivi_sante.models import Convocation
from tests.accounts.factories import HealthCenterFactory, StaffUserFactory, TeamFactory
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.suivi_sante.factories import (
    DueVisitFactory,
    EmploymentFactory,
    ProtocolFactory,
    VisitFactory,
    WorkerFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
MONTHS = month_range(datetime.date(2026, 3, 1), TODAY)
SUIVI = [
    "visits_on_time",
    "vip_3_months",
    "nurse_share",
    "tele_share",
    "no_show",
    "visits_held",
    "workers_followed",
    "hires_declared",
]


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC)


def d(month: int, day: int, year: int = 2026) -> datetime.date:
    return datetime.date(year, month, day)


def build_world(prefix: str = "") -> SimpleNamespace:
    """The world of the module's docstring (`prefix` tells the centres of a second copy)."""
    world = SimpleNamespace()
    world.nord = HealthCenterFactory(name=f"{prefix}Centre Nord")
    world.sud = HealthCenterFactory(name=f"{prefix}Centre Sud")
    n1 = TeamFactory(center=world.nord, name="N1")
    n2 = TeamFactory(center=world.nord, name="N2")
    s1 = TeamFactory(center=world.sud, name="S1")
    world.n1, world.n2, world.s1 = n1, n2, s1
    members = {
        n1: AdherentFactory(team=n1, name=f"{prefix}Alpha"),
        n2: AdherentFactory(team=n2, name=f"{prefix}Bêta"),
        s1: AdherentFactory(team=s1, name=f"{prefix}Gamma"),
    }
    establishments = {team: EstablishmentFactory(adherent=m) for team, m in members.items()}
    physician, nurse = StaffUserFactory(), StaffUserFactory()
    protocol = ProtocolFactory(team=n2)
    teams = {"w3": n2, "w7": s1, "w8": s1, "w10": s1, "w11": s1}
    w = {}
    for number in range(1, 16):
        name = f"w{number}"
        w[name] = WorkerFactory(
            adherent=members[teams.get(name, n1)],
            last_name=f"Secret{number}",
            first_name="Camille",
            teleconsultation_consent_at=at(d(1, 5)),
        )
    world.w = w

    def visit(worker, kind, scheduled, *, held=None, status=None, due=None, convoked=None, **kw):
        kw.setdefault("performer", "physician")
        kw.setdefault("professional", nurse if kw["performer"] == "nurse" else physician)
        if kw.get("mode") == "teleconsultation":
            kw["teleconsultation_consent_at"] = at(d(1, 5))
        made = VisitFactory(
            worker=w[worker],
            kind=kind,
            scheduled_at=at(scheduled),
            held_at=at(held) if held else None,
            status=status or ("held" if held else "planned"),
            due_on=due,
            **kw,
        )
        if convoked:
            Convocation.objects.create(
                visit=made,
                establishment=establishments[w[worker].adherent.team],
                status=convoked,
                sent_at=made.scheduled_at - datetime.timedelta(days=10),
                responded_at=None if convoked in ("sent", "cancelled") else made.scheduled_at,
            )
        return made

    world.v1 = visit("w1", "VIP", d(4, 10), held=d(4, 10), due=d(4, 20), convoked="confirmed")
    world.v2 = visit(
        "w2", "SIR_PERIODIQUE", d(4, 25), held=d(4, 25), due=d(4, 5), convoked="confirmed"
    )
    world.v3 = visit(
        "w3",
        "VIP",
        d(5, 12),
        held=d(5, 12),
        due=d(5, 30),
        performer="nurse",
        protocol=protocol,
        mode="teleconsultation",
        convoked="sent",
    )
    world.v7 = visit("w7", "MI_CARRIERE", d(3, 10), held=d(3, 10), due=d(3, 31), convoked="sent")
    world.v10 = visit("w10", "DEMANDE", d(5, 5), held=d(5, 5), mode="teleconsultation")
    world.v12 = visit("w12", "VIP", d(6, 12), held=d(6, 12))
    world.no_show = visit("w9", "VIP", d(5, 20), status="unexcused_absence", convoked="sent")
    visit("w9", "VIP", d(5, 22), status="excused_absence", convoked="worker_absent")
    visit("w9", "VIP", d(5, 25), status="cancelled", convoked="cancelled")
    visit("w9", "VIP", d(6, 20), convoked="sent")
    visit("w15", "VIP", d(5, 2, 2023), held=d(5, 2, 2023))

    for worker, kind, due in [
        ("w4", "VIP", d(5, 10)),
        ("w8", "REPRISE", d(3, 15)),
        ("w11", "VIP", d(4, 15)),
        ("w14", "VIP", d(6, 10)),
        ("w5", "VIP", d(6, 20)),
        ("w6", "PRE_REPRISE", d(4, 1)),
    ]:
        DueVisitFactory(worker=w[worker], kind=kind, due_on=due)

    def employ(worker, start, **kw):
        EmploymentFactory(
            worker=w[worker],
            establishment=establishments[w[worker].adherent.team],
            start_on=start,
            **kw,
        )

    employ("w1", d(3, 2))
    employ("w1", d(1, 1, 2025))
    for worker, start in [
        ("w4", d(3, 5)),
        ("w12", d(3, 10)),
        ("w13", d(3, 3)),
        ("w15", d(3, 12)),
        ("w7", d(3, 1)),
        ("w11", d(3, 9)),
    ]:
        employ(worker, start)
    employ("w14", d(3, 20), contract="CDD")
    employ("w2", d(1, 1, 2020), end_on=d(4, 30))
    duplicate = WorkerFactory(
        adherent=members[n1], merged_into=w["w1"], merged_at=at(d(2, 1)), last_name="Secret0"
    )
    EmploymentFactory(worker=duplicate, establishment=establishments[n1], start_on=d(1, 1, 2025))
    return world


@pytest.fixture
def world():
    return build_world()


def selection(centres, teams=None, *, start=MONTHS[0], end=MONTHS[-1], **filters):
    return Selection(
        center_ids=frozenset(c.pk for c in centres),
        team_ids=None if teams is None else frozenset(t.pk for t in teams),
        start=start,
        end=end,
        **filters,
    )


def value(indicator_id, world, centres=None, **kw):
    found = figure(indicator(indicator_id), selection(centres or [world.nord, world.sud], **kw))
    return found.numerator, found.denominator, found.value


def computed(world):
    compute_facts(MONTHS, today=TODAY, indicator_ids=SUIVI)
    return world


def parts(indicator_id, world, by, centres=None, **kw):
    sel = selection(centres or [world.nord, world.sud], **kw)
    return {
        key: (f.numerator, f.denominator, f.value)
        for key, f in breakdown(indicator(indicator_id), sel, by)
    }


def test_every_follow_up_indicator_has_a_source_and_a_definition():
    for indicator_id in SUIVI:
        assert indicator(indicator_id) is not None, indicator_id
        assert indicator(indicator_id).domain == "suivi"
        assert sources()[indicator_id].drill is not None, indicator_id


def test_visits_on_time_against_hand_counts(world):
    computed(world)
    # Held with a due date: V1 on time, V2 late, V3 on time, V7 on time; still due and past:
    # w4, w8, w11, w14 (w5 not yet past, w6 a pré-reprise). 3 / 8.
    assert value("visits_on_time", world) == (3, 8, Decimal("37.5"))
    # Nord: V1, V3 on time / V1, V2, V3, w4, w14. Sud: V7 / V7, w8, w11.
    assert value("visits_on_time", world, [world.nord])[2] == Decimal("40.0")
    assert value("visits_on_time", world, [world.sud])[:2] == (1, 3)
    months = series(indicator("visits_on_time"), selection([world.nord, world.sud]))
    # March V7 ✓ + w8; April V1 ✓ + V2 + w11; May V3 ✓ + w4; June w14.
    assert [(f.numerator, f.denominator) for _, f in months] == [(1, 2), (1, 3), (1, 2), (0, 1)]
    by_performer = parts("visits_on_time", world, "performer")
    assert by_performer == {
        "physician": (2, 3, Decimal("66.7")),  # V1, V7 / V1, V2, V7
        "nurse": (1, 1, Decimal("100")),  # V3
        "": (0, 4, Decimal("0")),  # w4, w8, w11, w14: not held
    }
    # VIP: V1, V3 on time / V1, V3, w4, w11, w14.
    assert parts("visits_on_time", world, "kind")["VIP"][:2] == (2, 5)
    assert value("visits_on_time", world, teams=[world.n2]) == (1, 1, Decimal("100"))


def test_visits_held_nurse_and_teleconsultation_shares(world):
    computed(world)
    # Held in March..June 2026: V7, V1, V2, V3, V10, V12 (V-old is of 2023).
    assert value("visits_held", world)[0] == 6
    assert value("visits_held", world, [world.sud])[0] == 2  # V7, V10
    assert parts("visits_held", world, "performer") == {
        "physician": (5, None, 5),
        "nurse": (1, None, 1),
    }
    assert parts("visits_held", world, "kind")["VIP"][0] == 3  # V1, V3, V12
    months = series(indicator("visits_held"), selection([world.nord, world.sud]))
    assert [f.numerator for _, f in months] == [1, 2, 2, 1]
    # Nurse: V3 / 6; Nord V3 / V1, V2, V3, V12; VIP: V3 / V1, V3, V12.
    assert value("nurse_share", world) == (1, 6, Decimal("16.7"))
    assert value("nurse_share", world, [world.nord])[2] == Decimal("25.0")
    assert parts("nurse_share", world, "kind")["VIP"] == (1, 3, Decimal("33.3"))
    # Teleconsultations: V3 (Nord, nurse), V10 (Sud, physician) / 6.
    assert value("tele_share", world) == (2, 6, Decimal("33.3"))
    assert value("tele_share", world, [world.sud])[2] == Decimal("50.0")
    assert parts("tele_share", world, "performer") == {
        "physician": (1, 5, Decimal("20.0")),
        "nurse": (1, 1, Decimal("100")),
    }
    assert value("tele_share", world, performer="nurse")[:2] == (1, 1)


def test_no_show_counts_convened_visits_of_past_days(world):
    computed(world)
    # Convened, not cancelled, before 15/06: V7, V1, V2, V3, the no-show, the excused absence
    # (the cancelled visit of 25/05 and the planned one of 20/06 are out; V10, V12 unconvened).
    assert value("no_show", world) == (1, 6, Decimal("16.7"))
    assert value("no_show", world, [world.nord]) == (1, 5, Decimal("20.0"))
    assert value("no_show", world, [world.sud]) == (0, 1, Decimal("0"))


def test_vip_within_three_months_of_hire(world):
    computed(world)
    # Hires up to 14/03 (deadline before 15/06): w1 (V1 on 10/04 ✓), w4 (owes it), w12 (held
    # 12/06, 2 days late), w15 (a VIP in 2023: waived ✓), w11 (owes it); w13 and w7 owe no VIP;
    # w14 (20/03) is not yet past its deadline.
    assert value("vip_3_months", world) == (2, 5, Decimal("40.0"))
    assert value("vip_3_months", world, [world.nord]) == (2, 4, Decimal("50.0"))
    assert value("vip_3_months", world, [world.sud]) == (0, 1, Decimal("0"))


def test_workers_followed_and_hires(world):
    computed(world)
    # 31/03 and 30/04: w1 (two posts, once), w4, w12, w13, w15, w14, w7, w11, w2 (left 30/04);
    # 31/05 and today: the same without w2. The merged duplicate is never counted.
    months = series(indicator("workers_followed"), selection([world.nord, world.sud]))
    assert [f.numerator for _, f in months] == [9, 9, 8, 8]
    assert value("workers_followed", world)[0] == 8  # a stock reads its last month
    assert value("workers_followed", world, end=d(4, 1))[0] == 9
    assert value("workers_followed", world, [world.sud])[0] == 2  # w7, w11
    # Employments starting March..June: 7 CDI and w14's CDD.
    assert value("hires_declared", world)[0] == 8
    assert parts("hires_declared", world, "kind") == {"CDI": (7, None, 7), "CDD": (1, None, 1)}
    assert value("hires_declared", world, [world.sud])[0] == 2


def test_each_centre_has_its_own_facts(world):
    computed(world)
    on_time = parts("visits_on_time", world, "center_id")
    assert on_time[world.nord.pk][:2] == (2, 5)
    assert on_time[world.sud.pk][:2] == (1, 3)
    teams = set(
        Fact.objects.filter(indicator="visits_held", center=world.sud).values_list(
            "team_id", flat=True
        )
    )
    assert teams == {world.s1.pk}


def test_compute_is_idempotent(world):
    def cells():
        return sorted(
            Fact.objects.filter(indicator__in=SUIVI).values_list(
                "indicator",
                "center_id",
                "team_id",
                "month",
                "kind",
                "performer",
                "numerator",
                "denominator",
            ),
            key=str,
        )

    computed(world)
    first = cells()
    computed(world)
    assert cells() == first
    assert len(first) > 20


def drill(indicator_id, world, part, *, show_people=True, centres=None, teams=None, **kw):
    kw.setdefault("start", d(3, 1))
    kw.setdefault("end", d(6, 30))
    kw.setdefault("kind", "")
    kw.setdefault("performer", "")
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False):
        columns, items, row = sources()[indicator_id].drill(
            center_ids={c.pk for c in centres or [world.nord, world.sud]},
            team_ids=None if teams is None else {t.pk for t in teams},
            part=part,
            show_people=show_people,
            **kw,
        )
        page = Paginator(items, 50).page(1)
        return columns, [row(item) for item in page], page.paginator.count


def test_late_visits_list_behind_visits_on_time(world):
    columns, rows, count = drill("visits_on_time", world, "rest")
    assert columns[:8] == (
        "Salarié",
        "Adhérent",
        "Centre",
        "Équipe",
        "Type de visite",
        "Échéance",
        "Tenue le",
        "Jours de retard",
    )
    # By due date: w8 (15/03), V2 (05/04, held 25/04), w11 (15/04), w4 (10/05), w14 (10/06).
    assert count == 5
    assert [r[0] for r in rows] == [
        "SECRET8 Camille",
        "SECRET2 Camille",
        "SECRET11 Camille",
        "SECRET4 Camille",
        "SECRET14 Camille",
    ]
    assert rows[0] == (
        "SECRET8 Camille",
        "Gamma",
        "Centre Sud",
        "S1",
        "Visite de reprise",
        d(3, 15),
        "non tenue",
        92,
        "—",  # 15/03 → 15/06
    )
    assert rows[1][4:] == (
        "Renouvellement de l'examen d'aptitude (SIR)",
        d(4, 5),
        d(4, 25),
        20,
        "Médecin du travail",
    )
    _, rows, count = drill("visits_on_time", world, "num")
    assert [r[0] for r in rows] == ["SECRET7 Camille", "SECRET1 Camille", "SECRET3 Camille"]
    assert [r[7] for r in rows] == [0, 0, 0]
    _, rows, count = drill("visits_on_time", world, "all", teams=[world.n2])
    assert count == 1
    assert rows[0][0] == "SECRET3 Camille"
    _, rows, count = drill("visits_on_time", world, "all", performer="nurse")
    assert count == 1  # V3: a visit still due has no professional
    _, rows, count = drill("visits_on_time", world, "rest", kind="VIP", centres=[world.sud])
    assert [r[0] for r in rows] == ["SECRET11 Camille"]


def test_drill_lists_of_the_other_indicators(world):
    _, rows, count = drill("no_show", world, "num")
    assert count == 1
    assert rows[0][0] == "SECRET9 Camille"
    assert rows[0][-1] == "Absence non excusée"
    assert drill("no_show", world, "rest")[2] == 5
    _, rows, _ = drill("tele_share", world, "num")
    assert [r[0] for r in rows] == ["SECRET10 Camille", "SECRET3 Camille"]  # 05/05, 12/05
    assert drill("nurse_share", world, "num")[2] == 1
    assert drill("nurse_share", world, "rest")[2] == 5
    assert drill("visits_held", world, "all", centres=[world.sud])[2] == 2
    # VIPs: by hire date w4 (05/03, owed), w11 (09/03, owed), w12 (10/03, 2 days late).
    _, rows, count = drill("vip_3_months", world, "rest", end=d(3, 14))
    assert [r[0] for r in rows] == ["SECRET4 Camille", "SECRET11 Camille", "SECRET12 Camille"]
    assert rows[2][4:] == (d(3, 10), d(6, 10), d(6, 12), 2)
    assert rows[0][6:] == ("non tenue", 10)  # due 05/06
    _, rows, _ = drill("vip_3_months", world, "num", end=d(3, 14))
    assert [r[0] for r in rows] == ["SECRET1 Camille", "SECRET15 Camille"]
    assert drill("workers_followed", world, "all")[2] == 8
    assert drill("workers_followed", world, "all", end=d(4, 30))[2] == 9
    _, rows, count = drill("hires_declared", world, "all", kind="CDD")
    assert count == 1
    assert rows[0][4:] == ("CDD", "Électricien", d(3, 20))


def test_management_never_sees_a_workers_name(world):
    for indicator_id in SUIVI:
        for part in indicator(indicator_id).drill:
            _, rows, count = drill(indicator_id, world, part, show_people=False)
            for row in rows:
                assert row[0] == "—"
                assert not any("secret" in str(cell).lower() for cell in row), row
                assert not any(str(cell) == "1985-06-01" for cell in row)
    assert count  # the last list was not empty


def test_compute_queries_do_not_grow_with_the_world(world, django_assert_max_num_queries):
    known = sources()

    def measure():
        for indicator_id in SUIVI:
            bound = 2 if indicator_id == "visits_on_time" else 1
            with django_assert_max_num_queries(bound):
                rows = list(known[indicator_id].compute(MONTHS, TODAY))
        return rows

    measure()
    build_world("Bis ")
    build_world("Ter ")
    measure()


def test_a_visit_counts_in_the_month_of_its_local_day():
    # Held at 22:30 UTC on 31/03, 00:30 on 01/04 in Paris: an April visit.
    team = TeamFactory()
    worker = WorkerFactory(adherent=AdherentFactory(team=team))
    late_evening = datetime.datetime(2026, 3, 31, 22, 30, tzinfo=datetime.UTC)
    VisitFactory(worker=worker, status="held", scheduled_at=late_evening, held_at=late_evening)
    compute_facts(MONTHS, today=TODAY, indicator_ids=["visits_held"])
    months = series(indicator("visits_held"), selection([team.center]))
    assert [f.numerator for _, f in months if not f.empty] == [1]
    assert months[1][0] == d(4, 1)
    assert not months[1][1].empty
