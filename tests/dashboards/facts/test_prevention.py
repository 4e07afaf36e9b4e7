"""Prevention facts (issue 16) on a small world, against counts made by hand.

Two centres: A (teams A1, A2) and B (team B1); months January to March 2026, today 20 March.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
import time_machine
from pghistory.models import Context

from adherents.models import Adherent
from dashboards.facts.services import compute_facts
from prevention.models import Duerp, DuerpRisk, DuerpVersion, FicheVersion, PreventionAction
from tests.accounts.factories import StaffUserFactory
from tests.adherents.factories import EstablishmentFactory
from tests.dashboards.facts.helpers_members import (
    FEB,
    JAN,
    MAR,
    MONTHS,
    TODAY,
    D,
    Teams,
    by_kind,
    cells,
    drill,
    member,
    monthly,
    pair,
    queries_of_compute,
    selection,
    strike_off,
    value,
)
from tests.prevention.factories import (
    DuerpFactory,
    DuerpRiskFactory,
    FicheFactory,
    FicheVersionFactory,
    PreventionActionFactory,
)

pytestmark = pytest.mark.django_db

FE = ["fe_recent", "fe_first_year", "fe_made"]
ACTIONS = ["primary_action_4y", "actions_made"]
DUERP = ["duerp_support", "duerp_dated"]
PRIMARY = PreventionAction.Kind.PRIMARY_PREVENTION
AT_NOON = datetime.time(12)


def sent(establishment, on: datetime.date, fiche=None) -> FicheVersion:
    """An FE version sent to the employer on `on` (drafted, then validated and sent at once)."""
    fiche = fiche or FicheFactory(establishment=establishment)
    version = FicheVersionFactory(fiche=fiche)
    moment = datetime.datetime.combine(on, AT_NOON, tzinfo=datetime.UTC)
    FicheVersion.objects.filter(pk=version.pk).update(
        status="sent", validated_by=StaffUserFactory(), validated_at=moment, sent_at=moment,
        pdf="fe.pdf", sha256="0" * 64,
    )  # fmt: skip
    return version


def _world():
    t = Teams()
    m = {
        "alpha": member(t.a1, D(2020, 1, 10), name="Alpha"),
        "bravo": member(t.a1, D(2019, 5, 1), name="Bravo"),
        "charlie": member(t.a2, D(2025, 2, 20), name="Charlie"),
        "echo": member(t.a2, D(2025, 3, 5), name="Echo"),
        "fox": member(t.a1, D(2025, 3, 25), name="Fox"),
        "delta": member(t.b1, D(2025, 1, 15), name="Delta"),
        "golf": member(t.a1, D(2018, 1, 1), name="Golf", kind=Adherent.Kind.TNS),
    }
    gone = member(t.a1, D(2018, 1, 1), name="Hotel")  # struck off in 2025: never counted
    strike_off(gone, D(2025, 6, 1))
    sent(EstablishmentFactory(adherent=gone), D(2025, 1, 10))
    sent(EstablishmentFactory(adherent=m["alpha"]), D(2022, 3, 25))
    bravo = sent(EstablishmentFactory(adherent=m["bravo"]), D(2022, 2, 10))
    sent(None, D(2026, 3, 5), fiche=bravo.fiche)  # its update
    sent(EstablishmentFactory(adherent=m["charlie"]), D(2026, 2, 18))
    sent(EstablishmentFactory(adherent=m["delta"]), D(2026, 1, 20))
    EstablishmentFactory(adherent=m["echo"])  # no FE
    return t, m


def test_fiche_indicators_by_centre():
    t, m = _world()
    compute_facts(MONTHS, today=TODAY, indicator_ids=FE)
    a, b = selection(t.center_a), selection(t.center_b)
    # A's companies: Alpha, Bravo, Charlie, Echo, Fox (5; Golf is self-employed, Hotel gone).
    # 31/01: Alpha (FE 25/03/2022), Bravo (10/02/2022) recent; 28/02: Alpha, Charlie (18/02);
    # 20/03: Alpha, Bravo (update 05/03), Charlie.
    assert [f and f.numerator for f in _figures("fe_recent", a)] == [2, 2, 3]
    assert pair("fe_recent", a) == (Decimal(3), Decimal(5))
    assert value("fe_recent", b) == Decimal("100.0")  # Delta, FE sent 20/01
    # First FE within the year: Charlie due 20/02, sent 18/02 (on time, February); Echo due
    # 05/03, none (late, March); Fox due 25/03, after today (not counted). B: Delta due 15/01,
    # sent 20/01 (late, January).
    assert monthly("fe_first_year", a) == [None, Decimal("100.0"), Decimal("0.0")]
    assert pair("fe_first_year", a) == (Decimal(1), Decimal(2))
    assert pair("fe_first_year", b) == (Decimal(0), Decimal(1))
    # FE sent: A Charlie's first (February), Bravo's update (March); B Delta's first (January).
    assert monthly("fe_made", a) == [None, 1, 1]
    assert by_kind("fe_made", a) == {"first": 1, "update": 1}
    assert by_kind("fe_made", b) == {"first": 1}


def _figures(indicator_id, sel):
    from dashboards.catalogue.selectors import indicator
    from dashboards.facts.selectors import series

    return [f if not f.empty else None for _, f in series(indicator(indicator_id), sel)]


def test_fiche_drills():
    t, m = _world()
    _, rows = drill("fe_recent", t.center_a, start=FEB, end=D(2026, 2, 28), part="rest")
    assert [r[0] for r in rows] == ["Bravo", "Echo", "Fox"]
    _, rows = drill("fe_recent", t.center_a, start=MAR, end=TODAY, part="num")
    assert [(r[0], r[-1]) for r in rows] == [
        ("Alpha", D(2022, 3, 25)), ("Bravo", D(2026, 3, 5)), ("Charlie", D(2026, 2, 18))
    ]  # fmt: skip
    with time_machine.travel(datetime.datetime(2026, 3, 20, 12, tzinfo=datetime.UTC)):
        _, late = drill("fe_first_year", t.center_a, start=JAN, end=D(2026, 3, 31), part="rest")
        _, all_b = drill("fe_first_year", t.center_b, start=JAN, end=D(2026, 3, 31))
    assert [(r[0], r[4], r[5]) for r in late] == [("Echo", D(2026, 3, 5), "")]
    assert [(r[0], r[5]) for r in all_b] == [("Delta", D(2026, 1, 20))]
    _, rows = drill("fe_made", t.center_a, start=JAN, end=D(2026, 3, 31), kind="update")
    assert [(r[2], r[5]) for r in rows] == [("Bravo", "Mise à jour")]


def test_actions_indicators_by_centre():
    t, m = _world()
    PreventionActionFactory(adherent=m["alpha"], kind=PRIMARY, performed_on=D(2022, 2, 15))
    PreventionActionFactory(adherent=m["golf"], kind=PRIMARY, performed_on=D(2025, 6, 1))
    PreventionActionFactory(adherent=m["charlie"], kind="awareness", performed_on=D(2026, 2, 1))
    PreventionActionFactory(
        adherent=m["echo"], kind="workstation_study", performed_on=D(2026, 3, 9)
    )
    PreventionActionFactory(adherent=m["delta"], kind=PRIMARY, performed_on=D(2026, 2, 10))
    compute_facts(MONTHS, today=TODAY, indicator_ids=ACTIONS)
    a, b = selection(t.center_a), selection(t.center_b)
    # A's members, self-employed included: 6. Alpha's action of 15/02/2022 is due again on
    # 15/02/2026: recent on 31/01 only; Golf's (2025) all along. B: Delta from 10/02.
    assert [f.numerator for f in _figures("primary_action_4y", a)] == [2, 1, 1]
    assert pair("primary_action_4y", a) == (Decimal(1), Decimal(6))
    assert monthly("primary_action_4y", b) == [Decimal("0.0"), Decimal("100.0"), Decimal("100.0")]
    assert monthly("actions_made", a) == [None, 1, 1]
    assert by_kind("actions_made", a) == {"awareness": 1, "workstation_study": 1}
    assert by_kind("actions_made", b) == {"primary_prevention": 1}
    _, rows = drill("primary_action_4y", t.center_a, start=JAN, end=D(2026, 1, 31), part="num")
    assert [(r[0], r[-1]) for r in rows] == [("Alpha", D(2022, 2, 15)), ("Golf", D(2025, 6, 1))]
    _, rows = drill("actions_made", t.center_b, start=JAN, end=D(2026, 3, 31))
    assert rows == [(D(2026, 2, 10), "Action de prévention primaire", "Delta", "B1", 90)]


def _staff_edit(adherent, on: datetime.date) -> DuerpRisk:
    """A risk added by a staff member of the service on `on` (its audit trail back-dated)."""
    duerp = Duerp.objects.filter(adherent=adherent).first() or DuerpFactory(adherent=adherent)
    risk = DuerpRiskFactory(duerp=duerp)
    staff = Context.objects.create(id=uuid.uuid4(), metadata={"audience": "staff"})
    moment = datetime.datetime.combine(on, AT_NOON, tzinfo=datetime.UTC)
    DuerpRisk.pgh_event_model.objects.filter(pgh_obj_id=risk.pk).update(
        pgh_context=staff, pgh_created_at=moment
    )
    return risk


def _publish(adherent, on: datetime.date) -> DuerpVersion:
    duerp = DuerpFactory(adherent=adherent)
    return DuerpVersion.objects.create(
        duerp=duerp, number=1, published_by=StaffUserFactory(), snapshot={}, sha256="0" * 64,
        published_at=datetime.datetime.combine(on, AT_NOON, tzinfo=datetime.UTC),
        keep_until=D(2066, 1, 1),
    )  # fmt: skip


def test_duerp_indicators_by_centre():
    t, m = _world()
    support = PreventionAction.Kind.DUERP_SUPPORT
    PreventionActionFactory(adherent=m["alpha"], kind=support, performed_on=D(2025, 2, 10))
    PreventionActionFactory(adherent=m["delta"], kind=support, performed_on=D(2026, 3, 1))
    _staff_edit(m["echo"], D(2026, 3, 2))
    DuerpRiskFactory(duerp=DuerpFactory(adherent=m["charlie"]))  # by the employer: not counted
    _publish(m["bravo"], D(2026, 2, 5))
    compute_facts(MONTHS, today=TODAY, indicator_ids=DUERP)
    a, b = selection(t.center_a), selection(t.center_b)
    # A's 5 companies. Alpha's support of 10/02/2025 is within 12 months on 31/01/2026 only;
    # Echo's staff edit of 02/03 counts in March. B: Delta's support of 01/03.
    assert [f.numerator for f in _figures("duerp_support", a)] == [1, 0, 1]
    assert pair("duerp_support", a) == (Decimal(1), Decimal(5))
    assert monthly("duerp_support", b) == [Decimal("0.0"), Decimal("0.0"), Decimal("100.0")]
    # Bravo's DUERP published on 05/02.
    assert [f.numerator for f in _figures("duerp_dated", a)] == [0, 1, 1]
    assert value("duerp_dated", b) == Decimal("0.0")
    _, rows = drill("duerp_support", t.center_a, start=MAR, end=TODAY, part="num")
    assert [r[0] for r in rows] == ["Echo"]
    _, rows = drill("duerp_support", t.center_a, start=JAN, end=D(2026, 1, 31), part="num")
    assert [r[0] for r in rows] == ["Alpha"]
    _, rows = drill("duerp_dated", t.center_a, start=MAR, end=TODAY, part="num")
    assert [(r[0], r[-1]) for r in rows] == [("Bravo", D(2026, 2, 5))]


def test_prevention_facts_are_idempotent_and_bounded():
    t, m = _world()
    PreventionActionFactory(adherent=m["alpha"], kind="awareness", performed_on=D(2026, 2, 3))
    ids = FE + ACTIONS + DUERP
    small = queries_of_compute(ids)
    first = {i: cells(i) for i in ids}
    compute_facts(MONTHS, today=TODAY, indicator_ids=ids)
    assert {i: cells(i) for i in ids} == first
    for n in range(4):
        extra = member(t.b1 if n % 2 else t.a1, D(2024, 2, n + 1))
        sent(EstablishmentFactory(adherent=extra), D(2025, 1, n + 1))
        PreventionActionFactory(adherent=extra, kind=PRIMARY, performed_on=D(2026, 1, n + 1))
        _publish(extra, D(2026, 2, n + 1))
        _staff_edit(extra, D(2026, 2, n + 3))
    # Run record (2); per indicator savepoint, delete, insert, release (4) and its reads:
    # fe_recent 2, fe_first_year 1, fe_made 1, primary 2, actions 1, support 4, dated 2.
    assert small == queries_of_compute(ids) == 2 + 4 * 7 + 13
