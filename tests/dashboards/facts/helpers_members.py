"""Builders shared by the membership, prevention and billing facts' tests (small worlds)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from adherents.models import Adherent
from dashboards.catalogue.selectors import indicator
from dashboards.facts.models import Fact
from dashboards.facts.selectors import Selection, breakdown, figure, series
from dashboards.facts.selectors_sources import sources
from tests.accounts.factories import HealthCenterFactory, TeamFactory
from tests.adherents.factories import AdherentFactory

D = datetime.date
JAN, FEB, MAR = D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)
MONTHS = [JAN, FEB, MAR]
TODAY = D(2026, 3, 20)


class Teams:
    """Centre A with teams A1 and A2, centre B with team B1."""

    def __init__(self) -> None:
        self.center_a = HealthCenterFactory(name="Centre A")
        self.center_b = HealthCenterFactory(name="Centre B")
        self.a1 = TeamFactory(center=self.center_a, name="A1")
        self.a2 = TeamFactory(center=self.center_a, name="A2")
        self.b1 = TeamFactory(center=self.center_b, name="B1")


def member(team, joined_on, **fields) -> Adherent:
    return AdherentFactory(team=team, joined_on=joined_on, **fields)


def strike_off(adherent: Adherent, on: datetime.date) -> Adherent:
    """Strike the member off, the audit trail dated `on` (the trigger stamps NOW())."""
    Adherent.objects.filter(pk=adherent.pk).update(status=Adherent.Status.ENDED, ended_on=on)
    moment = datetime.datetime(on.year, on.month, on.day, 10, tzinfo=datetime.UTC)
    Adherent.pgh_event_model.objects.filter(pgh_obj_id=adherent.pk, status="ended").update(
        pgh_created_at=moment
    )
    adherent.refresh_from_db()
    return adherent


def selection(center, *, start=JAN, end=MAR, team_ids=None, kind="") -> Selection:
    centers = center if isinstance(center, (list, tuple)) else [center]
    return Selection(
        center_ids=frozenset(c.pk for c in centers),
        team_ids=None if team_ids is None else frozenset(team_ids),
        start=start,
        end=end,
        kind=kind,
    )


def value(indicator_id: str, sel: Selection) -> Decimal | None:
    return figure(indicator(indicator_id), sel).value


def pair(indicator_id: str, sel: Selection) -> tuple:
    f = figure(indicator(indicator_id), sel)
    return (f.numerator, f.denominator)


def monthly(indicator_id: str, sel: Selection) -> list:
    return [f.value for _, f in series(indicator(indicator_id), sel)]


def by_kind(indicator_id: str, sel: Selection) -> dict:
    return {k: f.value for k, f in breakdown(indicator(indicator_id), sel, "kind")}


def cells(indicator_id: str) -> list[tuple]:
    """Every stored fact of the indicator, comparable across two runs."""
    return sorted(
        Fact.objects.filter(indicator=indicator_id).values_list(
            "center_id", "team_id", "month", "kind", "performer", "numerator", "denominator"
        ),
        key=str,
    )


def queries_of_compute(indicator_ids, months=None, today=None) -> int:
    """How many queries one run of these indicators makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboards.facts.services import compute_facts

    with CaptureQueriesContext(connection) as context:
        compute_facts(months or MONTHS, today=today or TODAY, indicator_ids=indicator_ids)
    return len(context)


def drill(indicator_id: str, center, *, start, end, part="all", kind="", team_ids=None,
          show_people=False):  # fmt: skip
    columns, qs, row = sources()[indicator_id].drill(
        center_ids=[center.pk] if not isinstance(center, list) else [c.pk for c in center],
        team_ids=team_ids,
        start=start,
        end=end,
        kind=kind,
        performer="",
        part=part,
        show_people=show_people,
    )
    return columns, [row(obj) for obj in qs]
