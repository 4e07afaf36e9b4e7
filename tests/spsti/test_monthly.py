"""The monthly counts the area apps give the dashboards (spsti.monthly): month arithmetic, a
flow grouped by month (and shifted for a cohort), a stock read on each month's last day."""

import datetime

import pytest
from django.db.models import Q

from certification.nonconformities.models import NonConformity
from spsti import monthly
from tests.certification.factories import NonConformityFactory

D = datetime.date


def test_month_arithmetic():
    assert monthly.add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert monthly.add_months(D(2026, 5, 1), -6) == D(2025, 11, 1)
    assert monthly.month_end(D(2028, 2, 10)) == D(2028, 2, 29)
    assert monthly.stock_day(D(2026, 11, 1), D(2026, 12, 4)) == D(2026, 11, 30)
    assert monthly.stock_day(D(2026, 12, 1), D(2026, 12, 4)) == D(2026, 12, 4)
    assert monthly.span([D(2026, 10, 1), D(2026, 11, 1)], 6) == (D(2026, 4, 1), D(2026, 5, 31))


@pytest.mark.django_db
def test_flow_stock_and_shift(world):
    c = world.center
    for day, closed in (
        (D(2026, 4, 3), None),
        (D(2026, 4, 20), D(2026, 5, 2)),
        (D(2026, 6, 1), None),
    ):
        NonConformityFactory(
            center=c, detected_on=day, closed_on=closed, cause_analysis="x" if closed else ""
        )
    months = [D(2026, 4, 1), D(2026, 5, 1)]
    first, last = monthly.span(months)
    rows = monthly.flow(
        NonConformity.objects.filter(detected_on__range=(first, last)),
        months=months,
        month=monthly.month_of("detected_on"),
        cell={"center_id": "center_id"},
    )
    assert [(r["month"], r["numerator"], r["team_id"], r["kind"]) for r in rows] == [
        (D(2026, 4, 1), 2, None, "")
    ]
    # Detected in April, counted six months later (a cohort): October.
    shifted = monthly.flow(
        NonConformity.objects.filter(detected_on__range=monthly.span([D(2026, 10, 1)], 6)),
        months=[D(2026, 10, 1)],
        month=monthly.month_of("detected_on"),
        cell={"center_id": "center_id"},
        shift=6,
    )
    assert [(r["month"], r["numerator"]) for r in shifted] == [(D(2026, 10, 1), 2)]

    def open_on(day):
        return Q(detected_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))

    stock = monthly.stock(
        NonConformity.objects.all(),
        months=[D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1)],
        today=D(2026, 6, 10),
        open_on=open_on,
        cell={"center_id": "center_id"},
    )
    # 31/03 none; 30/04 both April ones; 31/05 the first; 10/06 (today) the first and June's.
    assert [r["numerator"] for r in stock] == [0, 2, 1, 2]
    with pytest.raises(ValueError, match="center_id"):
        list(monthly.flow(NonConformity.objects.all(), months=months, month=None, cell={}))
