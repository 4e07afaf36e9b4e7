"""The domain page's breakdowns: an outcome indicator's kinds read as shares of all the cases."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards.catalogue.selectors import indicator
from dashboards.cockpit.selectors import detailed_cards
from dashboards.facts.models import Fact
from dashboards.facts.selectors import Selection

pytestmark = pytest.mark.django_db


def test_outcome_kinds_are_numbers_of_cases_and_their_share(world):
    cells = [("kept_in_post", 3, 3), ("unknown", 0, 1), ("unfit_dismissal", 2, 2)]
    for month, (kind, numerator, denominator) in zip(
        (date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 1)), cells, strict=True
    ):
        Fact.objects.create(
            indicator="pdp_outcome_6m",
            center=world.center,
            month=month,
            kind=kind,
            numerator=numerator,
            denominator=denominator,
            computed_at=timezone.now(),
        )
    outcome = indicator("pdp_outcome_6m")
    selection = Selection(frozenset({world.center.pk}), None, date(2026, 1, 1), date(2026, 2, 1))
    card = detailed_cards([outcome], selection, {}, {})[0]
    assert card.figure.value == Decimal("83.3")  # 5 outcomes known of 6 cases
    shares = {row.key: (row.figure.numerator, row.figure.value) for row in card.breakdowns["kind"]}
    assert shares == {
        "kept_in_post": (3, Decimal("50.0")),
        "unfit_dismissal": (2, Decimal("33.3")),
        "unknown": (1, Decimal("16.7")),
    }
